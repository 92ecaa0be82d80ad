#pragma once

// Private to the store layer: the Store's implementation object. It holds the
// storage engine behind the port (store/port.hpp) and what the Store itself
// keeps per handle: the lock, the audit key, the release cache.

#include <kehoach/store.hpp>

#include "model/boundaries.hpp"
#include "store/port.hpp"

#include <map>
#include <memory>
#include <new>
#include <mutex>
#include <set>
#include <span>
#include <string>

namespace kehoach {
inline namespace v1 {
namespace store_detail {
struct ReleaseCache;  // case_store.cpp
}  // namespace store_detail

struct Store::Impl {
  /// The storage engine; first, so destroyed last.
  std::unique_ptr<store_port::Storage> storage;

  std::string path;
  bool read_only;
  /// Every public Store call holds it for its whole run: a handle may be
  /// shared by any number of threads (decision 0012). Recursive, since some
  /// calls are made of others.
  std::recursive_mutex mutex;
  /// How deep the current call is in calls that audit their refusals: only
  /// the outermost writes the refusal's audit entry.
  int refusal_depth = 0;
  /// The release families last computed by this handle (case_store.cpp),
  /// each valid while the store's case data and units stay as they were.
  std::shared_ptr<store_detail::ReleaseCache> release_cache;
  /// The portal's key for the audit trail's MACs (Store::set_audit_key);
  /// empty when none was set on this handle.
  std::string audit_key;

  explicit Impl(std::unique_ptr<store_port::Storage> s)
      : storage(std::move(s)), path(storage->path()), read_only(storage->read_only()) {}

  store_port::Storage& port() { return *storage; }

  void require_writable() const {
    if (read_only) {
      const std::string& why = storage->why_read_only();  // "it is on a read-only file system"
      throw IoError(path + ": the store was opened read-only" + (why.empty() ? "" : ": " + why));
    }
  }

  int user_version() { return storage->schema_version(); }
  /// VersionError unless the store is at schema `needed` or later, naming
  /// `what` needs it ("plan revisions need schema version 12; …").
  void require_schema(int needed, std::string_view what) {
    if (const int version = user_version(); version < needed) {
      throw VersionError(path + ": " + std::string(what) + " need schema version " + std::to_string(needed) +
                         "; this store is kept at version " + std::to_string(version) +
                         " (open it without StoreOptions::schema_version to upgrade it)");
    }
  }

  /// Adds a plan's (or import_units') units to the register: each is a
  /// stored version of its code, or a new one that overlaps none
  /// (ValidationError naming `/units/<i>/…` otherwise). Before schema 9, a
  /// unit already there must be identical (Conflict otherwise).
  void upsert_units(std::span<const AdministrativeUnit> units);
  /// Merges versions and successions into the register
  /// (unit_register::merge) and writes what changed, inside the caller's
  /// transaction. A code new to the store takes `successors`' entry as its
  /// successor (a plan document's own word).
  unit_register::Changes apply_register(const UnitRegister& incoming, const std::string& versions_path,
                                        const std::map<std::string, std::string>& successors = {});
  /// Changes whenever the unit tree does (release caches compare it).
  std::int64_t units_revision() {
    return user_version() >= 9 ? storage->units().revision() : storage->units().count();
  }
  /// Checks a plan and writes it with its units and expected reports.
  void insert_plan(const Plan& p);
  Plan load(std::string_view plan_id, store_port::PlanParts parts = store_port::PlanParts::all) {
    return storage->plans().load(plan_id, parts);
  }
};

namespace store_detail {
/// The last day a record may carry: records().as_of(plan, last_day) reads
/// every record of a plan, of any date.
inline constexpr Date last_day{std::chrono::year{9999}, std::chrono::December, std::chrono::day{31}};
/// Now, in UTC to the second: `YYYY-MM-DDTHH:MM:SSZ` (the audit trail's time).
std::string utc_now();
/// Whether `location` names a database server (a PostgreSQL URI) rather
/// than a file (store.cpp, the composition root, knows the engines).
bool is_server_location(std::string_view location) noexcept;

/// Throws `e` again with `prefix` in front of each of its paths (`/3` for
/// the fourth document of a batch).
[[noreturn]] inline void rethrow_under(const std::string& prefix, const ValidationError& e) {
  auto errors = e.errors();
  for (auto& d : errors) d.path = prefix + d.path;
  throw ValidationError(std::move(errors));
}

/// Runs `f`, turning the storage engine's exceptions into the library's
/// (Storage::rethrow). The library's own errors pass unchanged.
template <class F>
decltype(auto) guarded(Store::Impl& impl, F&& f) {
  try {
    return f();
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (...) {
    impl.port().rethrow(impl.path);
    throw;  // not reached: rethrow() does not return
  }
}

/// The reports of `plan` that passed to successors (engine::passed_reports),
/// from its stored agency successions; empty when it has none.
record_checks::PlanFacts::Passed passed_reports_of(store_port::Storage& storage, std::string_view plan_id);
/// Notes on the kept expected reports of `plan` the stored submissions that
/// answer reports passed from an agency that ended (`passed`): a successor's
/// submission answers the report of the agency it took over from. The
/// caller knows the kept reports are current (or is refilling them).
void note_passed_submissions(store_port::Storage& storage, std::string_view plan_id,
                             const record_checks::PlanFacts::Passed& passed, std::span<const ReportSubmission> submissions);
/// After the migration to schema 8: one `case.baseline` audit entry holding
/// the content hashes of the cases already stored (case_store.cpp).
void baseline_case_digests(Store::Impl& impl);

/// The units whose imported report packages cover case records the store
/// holds (decision 0024: a store made before the rule, or a change that would
/// make one), read inside the caller's transaction.
std::set<std::string> overlapping_package_units(store_port::Storage& storage);

/// The register's geography of `day`, read inside the caller's transaction
/// (VersionError below schema 9: a store kept older has no versions).
boundaries::Geography load_geography(Store::Impl& impl, Date day);
}  // namespace store_detail

}  // namespace v1
}  // namespace kehoach
