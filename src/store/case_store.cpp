// Case records in the store: access checks, the audit trail, case indicators,
// and aggregate report packages. Every case-level call checks the principal's
// role and unit first and writes its audit entry in the same transaction as
// the work, so that an access is never recorded without its effect or the
// reverse.

#include <kehoach/store.hpp>
#include <kehoach/text.hpp>
#include <kehoach/validation.hpp>

#include "codec/indicators_json.hpp"
#include "cases/audit_chain.hpp"
#include "cases/release.hpp"
#include "codec/seal_json.hpp"
#include "store/case_cells.hpp"
#include "store/copy.hpp"
#include "store/store_impl.hpp"

#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

namespace kehoach {
inline namespace v1 {

// The audit trail's time: UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`
// (Howard Hinnant's date formats what GCC 12's <chrono> cannot; decision 0015).
std::string store_detail::utc_now() {
  return date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

using namespace store_detail;
using audit_chain::case_content;
using audit_chain::case_key;
using audit_chain::entry_hash;
using audit_chain::genesis;
using audit_chain::sha256_hex;
using audit_chain::sha256_into;
using audit_chain::to_hex;

namespace {

using store_detail::utc_now;


// ---- access ----

const char* role_text(Role r) {
  switch (r) {
    case Role::case_worker: return "a case worker";
    case Role::officer: return "an officer";
    case Role::auditor: return "an auditor";
  }
  return "?";
}

void require_role(const Principal& p, std::initializer_list<Role> allowed, std::string_view what) {
  if (p.id.empty()) throw PermissionDenied("a principal needs an id to " + std::string(what));
  if (std::find(allowed.begin(), allowed.end(), p.role) == allowed.end()) {
    throw PermissionDenied("principal '" + p.id + "' is " + role_text(p.role) + " and may not " + std::string(what));
  }
}

void require_unit(Store::Impl& impl, const Principal& p, std::string_view unit, const std::string& path) {
  if (!impl.port().units().in_subtree(p.unit, unit)) {
    throw PermissionDenied((path.empty() ? "" : path + ": ") + "unit '" + std::string(unit) +
                           "' is outside the unit of principal '" + p.id + "' ('" + p.unit + "')");
  }
}

// Appends one entry to the trail (in the caller's transaction) and returns its
// sequence number. With a key set on the handle, the entry carries its MAC.
std::int64_t append_audit(Store::Impl& impl, const Principal& p, std::string_view action, std::string_view detail) {
  auto& audit = impl.port().audit();
  AuditEntry e;
  if (const auto last = audit.last()) {
    e.seq = last->first + 1;
    e.prev_hash = last->second;
  } else {
    e.seq = 1;
    e.prev_hash = genesis();
  }
  e.at = utc_now();
  e.principal = p.id;
  e.role = p.role;
  e.action = action;
  e.detail = detail;
  e.hash = entry_hash(e);
  audit.append(e, impl.audit_key.empty() ? std::nullopt : std::optional<std::string>(audit_chain::mac(impl.audit_key, e.hash)));
  return e.seq;
}

std::string codes_of(std::span<const CaseRecord> cases) {
  std::string out;
  for (const auto& c : cases) out += (out.empty() ? "" : ",") + case_key(c);
  return out;
}

std::string quoted_text(std::string_view s) { return printable_excerpt(s, 100); }

constexpr std::string_view digest_mark = " content-sha256=";
constexpr std::string_view removed_mark = " removed=";

// The audit entry of a write of `cases` (`case.write`, `case.update`, `case.close`,
// `case.reopen`, `case.baseline`): which cases, and the SHA-256 of the blob of their content
// hashes, kept in case_digests in the order the detail lists them.
// `removed` names a case the write took away (an update that moved a case
// to another unit: `unit:code` of where it was).
void audit_case_write(Store::Impl& impl, const Principal& p, std::string_view action, std::span<const CaseRecord> cases,
                      const std::string& removed = "") {
  std::string hashes;
  hashes.reserve(cases.size() * 32);
  for (const auto& c : cases) sha256_into(case_content(c), hashes);
  const std::int64_t seq = append_audit(impl, p, action, codes_of(cases) + (removed.empty() ? "" : std::string(removed_mark) + removed) +
                                                             std::string(digest_mark) + sha256_hex(hashes));
  impl.port().audit().add_digests(seq, hashes);
}

// Case tables keyed by unit and code, and case digests, came with schema 8. A
// store kept at an older version (StoreOptions::schema_version, for fixtures)
// is opened and upgraded, never used for case data.
void require_case_schema(Store::Impl& impl) {
  impl.require_schema(8, "case records");
}

// Runs a case-level call; a refusal (PermissionDenied, or NotFound for a case
// the principal may not see) is written to the audit trail in a transaction of
// its own, then rethrown. Only the outermost audited call writes the entry. A
// refusal on a read-only store cannot be recorded and is only rethrown.
template <class F>
decltype(auto) refusals_audited(Store::Impl& impl, const Principal& p, std::string_view action, F&& f) {
  struct Depth {
    int& d;
    explicit Depth(int& x) : d(x) { ++d; }
    ~Depth() { --d; }
  } depth(impl.refusal_depth);
  auto record = [&](const Error& e) {
    if (impl.refusal_depth != 1 || impl.read_only) return;
    try {
      guarded(impl, [&] {
        if (impl.user_version() < 3) return;
        auto tx = impl.port().begin(store_port::Access::write);
        Principal who = p;
        if (who.id.empty()) who.id = "(none)";
        append_audit(impl, who, "access.denied", std::string(action) + ": " + printable_excerpt(e.what(), 300));
        tx->commit();
      });
    } catch (const Error&) {
      // A store that cannot take the entry still refuses the call.
    }
  };
  try {
    return f();
  } catch (const PermissionDenied& e) {
    record(e);
    throw;
  } catch (const NotFound& e) {
    record(e);
    throw;
  }
}

// The case `code` in `p`'s subtree: the one in `unit` when given, else the
// only one of that code. A case the principal may not see is reported exactly
// like one that does not exist: the answer must not reveal that the code is
// used, or where.
CaseRecord find_case(Store::Impl& impl, const Principal& p, const std::string& code, const std::string& unit) {
  auto& cases = impl.port().cases();
  std::vector<CaseRecord> found;
  if (unit.empty()) {
    found = cases.with_code(p.unit, code);
  } else if (auto c = cases.find(unit, code); c && impl.port().units().in_subtree(p.unit, c->unit)) {
    found.push_back(std::move(*c));
  }
  if (found.empty()) {
    throw NotFound("case '" + quoted_text(code) + "' is not recorded in the unit of principal '" + p.id + "'");
  }
  if (found.size() > 1) {
    throw InvalidArgument("case code '" + code + "' is used in " + std::to_string(found.size()) + " units of principal '" +
                          p.id + "''s subtree; name the unit");
  }
  return std::move(found.front());
}

// One family per set of cases (decision 0024): a store records the cases of a
// unit's subtree or imports the unit's report packages, never both. The unit
// of an imported package whose subtree holds `unit`, if any.
std::optional<std::string> package_covering(Store::Impl& impl, const std::vector<std::string>& package_units,
                                            std::string_view unit) {
  for (const auto& package_unit : package_units) {
    if (impl.port().units().in_subtree(package_unit, unit)) return package_unit;
  }
  return std::nullopt;
}

// Whether the store holds cases of `package_unit`'s subtree, live or in a
// sealed release family (a case moved out after a release still counts
// there): every seal whose root is above, at or below the unit is read.
bool holds_cases_of(Store::Impl& impl, std::string_view package_unit) {
  auto& storage = impl.port();
  if (storage.cases().any_in_subtree(package_unit)) return true;
  std::set<std::string, std::less<>> subtree;
  for (auto& l : storage.units().links_in_subtree(package_unit)) subtree.insert(std::move(l.code));
  for (const auto& seal : storage.packages().seals()) {
    if (!subtree.count(seal.root) && !storage.units().in_subtree(seal.root, package_unit)) continue;  // apart
    for (const auto& c : seal_json::read_cases(seal.cases)) {
      if (subtree.count(c.unit)) return true;
    }
  }
  return false;
}

// Checks a batch of cases for writing by `p`; throws with every problem found.
// `previous` is the stored version of the case being updated, whose consent
// overrides were checked when they were made and are not checked again; a
// case that stays in its unit is not refused for a package covering it (a
// store made before decision 0024 can still correct it).
void check_cases(Store::Impl& impl, const Principal& p, std::span<const CaseRecord> cases, const std::string& prefix,
                 const CaseRecord* previous = nullptr) {
  std::vector<Diagnostic> errors;
  const Date today = today_in_vietnam();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string at = prefix + "/" + std::to_string(i);
    for (auto d : validate_case(cases[i], today)) {
      d.path = at + d.path;
      errors.push_back(std::move(d));
    }
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
  // Each distinct unit is checked once per batch: a batch holds many cases of few units.
  std::set<std::string> allowed;
  const auto package_units = impl.port().packages().units();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const std::string at = prefix + "/" + std::to_string(i);
    if (!allowed.count(c.unit)) {
      if (!impl.port().units().exists(c.unit)) throw ValidationError(at + "/unit", "unit '" + c.unit + "' is not in the store");
      require_unit(impl, p, c.unit, at + "/unit");
      const bool stays = previous && previous->unit == c.unit;
      if (const auto covering = stays ? std::nullopt : package_covering(impl, package_units, c.unit)) {
        throw Conflict(at + "/unit: unit '" + c.unit + "' is covered by the report package imported for unit '" + *covering +
                       "'; a store that imports a unit's packages does not also record the unit's cases, since releases "
                       "of the same cases from two families could be subtracted (decision 0024)");
      }
      allowed.insert(c.unit);
    }
    for (std::size_t k = 0; k < c.referrals.size(); ++k) {
      const auto& o = c.referrals[k].consent_override;
      if (!o) continue;
      if (previous && std::find(previous->referrals.begin(), previous->referrals.end(), c.referrals[k]) != previous->referrals.end()) {
        continue;  // an override already on record
      }
      if (!p.can_override_consent || o->by != p.id) {
        throw PermissionDenied(at + "/referrals/" + std::to_string(k) +
                               "/consent_override: only the acting principal, with the override right, can override consent");
      }
    }
  }
}

// ---- releasing aggregates ----

// What may be released outside a unit's case workers: at least the store's
// minimum k, for whole calendar periods that have ended by the as-of date, so
// that two queries differing by a day cannot be subtracted to reveal one case.
//
// Every release uses the same k, the store's (minimum_disclosure_k): a k below
// it is raised to it, a k above it is refused. Releases at two values of k are
// two families, each safe alone, whose blocks differ, so one could be
// subtracted from the other (decision 0014).
DisclosureOptions released(const DisclosureOptions& asked) {
  if (asked.k > minimum_disclosure_k) {
    throw InvalidArgument("released aggregates use the store's k = " + std::to_string(minimum_disclosure_k) + ", not " +
                          std::to_string(asked.k) +
                          ": releases at two thresholds could be subtracted from each other (decision 0014)");
  }
  return DisclosureOptions{minimum_disclosure_k};
}

void require_released_period(const Period& period, Date as_of) {
  bool calendar = false;
  for (PeriodType type : all_values<PeriodType>()) {
    const int year = static_cast<int>(period.start.year());
    for (int k = 1; k <= periods_per_year(type) && !calendar; ++k) calendar = period_of(type, year, k) == period;
  }
  if (!calendar) {
    throw PermissionDenied("aggregates released outside the unit's case workers cover a whole year, half-year, quarter "
                           "or month, not " + format_iso_date(period.start) + "/" + format_iso_date(period.end));
  }
  if (as_of < period.end) {
    throw PermissionDenied("aggregates released outside the unit's case workers are for periods that have ended: "
                           "ask as of " + format_iso_date(period.end) + " or later");
  }
}

// The units of `root`'s subtree for the release family (disclosure::family_units).
std::vector<disclosure::FamilyUnit> family_units(Store::Impl& impl, std::string_view root) {
  return disclosure::family_units(root, impl.port().units().links_in_subtree(root));
}

constexpr Date far_future{std::chrono::year{9999}, std::chrono::month{12}, std::chrono::day{31}};

// The cases of `root`'s subtree with intake in `year`, holding only what a
// release family counts (disclosure::release_family), without records that
// are a case seen again (first_received_as), as the family leaves them out.
std::vector<CaseRecord> select_release_cases(Store::Impl& impl, const std::string& root, int year) {
  const Period whole_year = period_of(PeriodType::year, year, 1);
  std::vector<CaseRecord> out;
  impl.port().cases().each_counted(root, true, whole_year.start, whole_year.end, far_future,
                                   [&](const CaseRecord& c) { out.push_back(c); });
  return out;
}

}  // namespace

namespace store_detail {

// The sealed release families one handle has read, by principal's unit and
// year (decision 0023). A seal is never changed once stored, so an entry
// stays true; only seals read back from the store are kept (one this call
// wrote may still be rolled back with its transaction).
struct ReleaseCache {
  struct Entry {
    std::vector<disclosure::FamilyUnit> units;
    std::map<int, case_tally::Tally> tallies;  ///< by position, as cells are (the cases are not kept)
    std::shared_ptr<const disclosure::Protection> family;
  };
  std::map<std::pair<std::string, int>, std::shared_ptr<const Entry>> entries;
  static constexpr std::size_t capacity = 64;  // cleared when full
};

}  // namespace store_detail

namespace {

constexpr int sealed_schema = 11;

// What a seal's digest must be: the SHA-256 of its units and cases.
std::string seal_digest(const store_port::ReleaseSeal& seal) { return sha256_hex(seal.units + seal.cases); }

// The sealed family of `root` for `year`: read from the store, or made now
// from the live units and cases, stored and audited (its first release).
std::shared_ptr<const store_detail::ReleaseCache::Entry> sealed_family(Store::Impl& impl, const Principal& principal,
                                                                       int year, int k) {
  if (!impl.release_cache) impl.release_cache = std::make_shared<store_detail::ReleaseCache>();
  auto& cache = *impl.release_cache;
  const auto key = std::make_pair(principal.unit, year);
  if (auto it = cache.entries.find(key); it != cache.entries.end() && it->second->family->k() == k) return it->second;
  auto& packages = impl.port().packages();
  auto entry = std::make_shared<store_detail::ReleaseCache::Entry>();
  auto complete = [&](const std::vector<CaseRecord>& cases) {
    entry->family = std::make_shared<const disclosure::Protection>(disclosure::release_family(entry->units, cases, year, k));
    entry->tallies = disclosure::family_tallies(entry->units, cases, year);
  };
  if (const auto seal = packages.seal(principal.unit, year)) {
    if (seal_digest(*seal) != seal->digest) {
      throw CorruptStore(impl.path + ": the sealed release family of unit " + principal.unit + " for " + std::to_string(year) +
                         " does not match its digest");
    }
    entry->units = seal_json::read_units(seal->units);
    if (entry->units.front().code != principal.unit) {
      throw CorruptStore(impl.path + ": the sealed release family of unit " + principal.unit + " is rooted elsewhere");
    }
    complete(seal_json::read_cases(seal->cases));
    if (cache.entries.size() >= store_detail::ReleaseCache::capacity) cache.entries.clear();
    cache.entries.insert_or_assign(key, entry);
    return entry;
  }
  // The first release of this family: it is sealed from what the store holds
  // now. A store made before decision 0024 may hold both the cases and the
  // package of a unit of the family: nothing of it is released.
  for (const auto& package_unit : store_detail::overlapping_package_units(impl.port())) {
    if (impl.port().units().in_subtree(principal.unit, package_unit)) {
      throw Conflict("this store holds both case records of unit " + package_unit +
                     "'s subtree and a report package imported for it; releases of the same cases from two families "
                     "could be subtracted, so none is made (decision 0024; check_integrity reports it)");
    }
  }
  entry->units = family_units(impl, principal.unit);
  const auto cases = select_release_cases(impl, principal.unit, year);
  store_port::ReleaseSeal seal{principal.unit, year, today_in_vietnam(), seal_json::write_units(entry->units),
                               seal_json::write_cases(cases), {}};
  seal.digest = seal_digest(seal);
  packages.insert_seal(seal);
  append_audit(impl, principal, "release.seal",
               "unit=" + principal.unit + " year=" + std::to_string(year) + " units=" + std::to_string(entry->units.size()) +
                   " cases=" + std::to_string(cases.size()) + " sha256=" + seal.digest);
  complete(cases);
  return entry;
}

// `day`'s geography, checked for a roll-up of `unit` of that day by
// `principal` (decision 0021): NotFound when `unit` has no version valid on
// the day; PermissionDenied when its territory then is not wholly within the
// principal's unit today, since the principal's data would hold only part of
// it (`what` names that data in the message).
boundaries::Geography geography_within(Store::Impl& impl, const Principal& principal, std::string_view unit, Date day,
                                       std::string_view what) {
  auto geography = store_detail::load_geography(impl, day);
  if (!geography.valid(unit)) {
    throw NotFound("unit '" + std::string(unit) + "' has no version valid on " + format_iso_date(day));
  }
  const auto now = store_detail::load_geography(impl, today_in_vietnam());
  for (const auto& v : geography.units()) {
    if (!geography.holds(unit, v.code)) continue;
    const auto there = now.place(v.code, day);
    if (!there || !now.holds(principal.unit, there->unit)) {
      throw PermissionDenied("unit '" + std::string(unit) + "' as it was on " + format_iso_date(day) + " is not wholly within " +
                             "the unit of principal '" + principal.id + "' ('" + principal.unit + "') as it is today: unit '" +
                             v.code + "' of that day lies " + (there ? "in unit '" + there->unit + "'" : "in no unit of today") +
                             ", whose " + std::string(what));
    }
  }
  return geography;
}

// The positions of a sealed family that count in `unit` of `day`'s geography
// (decision 0021): a position (a family unit's code, a month) is placed as an
// item of that code dated in the month — when the code changed version within
// the month, its cases are held at the common ancestor of what the versions
// lead to. Only positions holding cases matter (the others have no mass).
// PermissionDenied when `unit`'s territory on that day is not wholly the
// principal's: the family would hold only part of its cases.
std::vector<int> positions_on(Store::Impl& impl, const Principal& principal, const store_detail::ReleaseCache::Entry& entry,
                              std::string_view unit, const Period& period, Date day) {
  const auto geography = geography_within(impl, principal, unit, day, "cases are not in the principal's release family");
  const int first = static_cast<int>(static_cast<unsigned>(period.start.month())) - 1;
  const int last = static_cast<int>(static_cast<unsigned>(period.end.month())) - 1;
  const int year = static_cast<int>(period.start.year());
  std::map<std::pair<int, int>, bool> counts;  // (family unit, month) → counts in `unit`
  std::vector<int> out;
  for (const auto& [position, tally] : entry.tallies) {
    const int u = position / disclosure::Frame::months, m = position % disclosure::Frame::months;
    if (m < first || m > last) continue;
    auto [it, fresh] = counts.try_emplace({u, m}, false);
    if (fresh) {
      const Period month = period_of(PeriodType::month, year, m + 1);
      const auto at = geography.place(entry.units[static_cast<std::size_t>(u)].code, month.start, month.end);
      it->second = at && geography.holds(unit, at->unit);
    }
    if (it->second) out.push_back(position);
  }
  return out;
}

CaseIndicators released_indicators(Store::Impl& impl, const Principal& principal, std::string_view unit,
                                   const Period& period, Date as_of, const DisclosureOptions& asked,
                                   std::optional<Date> boundaries = std::nullopt) {
  require_released_period(period, as_of);
  const Date today = today_in_vietnam();
  if (as_of > today) {
    throw PermissionDenied("aggregates released outside the unit's case workers are not given as of a day after today (" +
                           format_iso_date(today) + " in Viet Nam), asked as of " + format_iso_date(as_of));
  }
  const int k = released(asked).k;
  const int year = static_cast<int>(period.start.year());
  const Date year_end = period_of(PeriodType::year, year, 1).end;
  if (!(year_end < today)) {
    throw PermissionDenied("aggregates released outside the unit's case workers are given for the periods of a year once "
                           "the year has closed, all from one sealed state of its cases (decision 0023): the periods of " +
                           std::to_string(year) + " are released from " + std::to_string(year + 1) +
                           "-01-01 in Viet Nam");
  }
  if (impl.user_version() < sealed_schema) {
    throw VersionError(impl.path + ": released aggregates need schema version " + std::to_string(sealed_schema) +
                       " (sealed release families); this store is kept at version " + std::to_string(impl.user_version()) +
                       " (open it without StoreOptions::schema_version to upgrade it)");
  }
  const auto entry = sealed_family(impl, principal, year, k);
  if (boundaries) {
    // Another day's geography over the same family: control over exactly
    // its positions, so it is never a way around the family's blocks.
    const auto positions = positions_on(impl, principal, *entry, unit, period, *boundaries);
    CaseIndicators x = disclosure::sealed_indicators(entry->tallies, positions, unit, period);
    if (positions.empty()) {
      x.k = entry->family->k();  // no case of the family counts here: every number is 0
      x.disclosure_controlled = true;
    } else {
      disclosure::control(*entry->family, x, positions);
    }
    x.boundaries = boundaries;
    return x;
  }
  int unit_index = -1;
  for (std::size_t i = 0; i < entry->units.size(); ++i) {
    if (entry->units[i].code == unit) unit_index = static_cast<int>(i);
  }
  if (unit_index < 0) {
    throw PermissionDenied("unit '" + std::string(unit) + "' is not in the release family of principal '" + principal.id +
                           "' for " + std::to_string(year) + " (its unit's subtree when the family was sealed)");
  }
  CaseIndicators x = disclosure::sealed_indicators(*entry->family, entry->units, entry->tallies, unit_index, period);
  disclosure::control(*entry->family, x, unit_index);
  return x;
}

// What every released table satisfies, whatever family it came from: shown
// counts are 0 or at least k, a rate with a withheld part is withheld, a
// partition with its total shown never withholds exactly one cell, and a
// median stands only over k or more cases.
void require_releasable(const CaseIndicators& x) {
  auto refuse = [&](const std::string& path) {
    throw ValidationError(path, "the package shows counts that disclosure control with k = " + std::to_string(x.k) +
                                    " withholds; it was not controlled as it claims");
  };
  auto count = [&](const Count& c, const std::string& path) {
    if (c.value && *c.value > 0 && *c.value < x.k) refuse(path);
  };
  count(x.cases, "/indicators/indicators/cases");
  count(x.cases_with_service, "/indicators/indicators/cases_with_service");
  for (auto [r, name] : {std::pair{&x.service_access, "service_access"}, std::pair{&x.help, "help"},
                         std::pair{&x.referral_completion, "referral_completion"}}) {
    const std::string path = std::string("/indicators/indicators/") + name;
    count(r->numerator, path + "/numerator");
    count(r->denominator, path + "/denominator");
    if (r->value && (!r->numerator.value || !r->denominator.value)) refuse(path);
  }
  if ((x.median_days_to_first_service || x.p90_days_to_first_service) && x.cases_with_service.value.value_or(0) < x.k) {
    refuse("/indicators/indicators/median_days_to_first_service");
  }
  for (std::size_t i = 0; i < x.disaggregations.size(); ++i) {
    const auto& d = x.disaggregations[i];
    const std::string path = "/indicators/disaggregations/" + std::to_string(i);
    count(d.total, path + "/total");
    int withheld = 0;
    for (std::size_t j = 0; j < d.cells.size(); ++j) {
      count(d.cells[j].count, path + "/cells/" + std::to_string(j));
      withheld += d.cells[j].count.suppressed ? 1 : 0;
    }
    const bool partition = d.name != "violence_type" && d.name != "service_type";
    if (partition && d.total.value && withheld == 1) refuse(path);
  }
}

std::string describe(std::string_view unit, const Period& period) {
  return "unit " + std::string(unit) + ", " + format_iso_date(period.start) + "/" + format_iso_date(period.end);
}

// Adds `b` into `a`; a withheld part makes the sum incomplete.
void add(Count& a, const Count& b, bool& incomplete) {
  if (b.suppressed || !b.value) {
    incomplete = incomplete || b.suppressed;
    return;
  }
  a.value = a.value.value_or(0) + *b.value;
}

}  // namespace

// ---- Store: units and cases ----

void Store::import_units(std::span<const AdministrativeUnit> units) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  Plan carrier;  // reuses the plan validator's unit rules through a plan that holds only units
  carrier.units.assign(units.begin(), units.end());
  carrier.period = parse_period("2000");
  guarded(*impl_, [&] {
    std::vector<Diagnostic> errors;
    for (const auto& d : validate(carrier)) {
      if (d.severity == Severity::error && d.path.rfind("/units", 0) == 0 && d.path != "/units") errors.push_back(d);
    }
    if (!errors.empty()) throw ValidationError(std::move(errors));
    auto tx = impl_->port().begin(store_port::Access::write);
    impl_->upsert_units(carrier.units);
    tx->commit();
  });
}

void Store::record_cases(const Principal& principal, std::span<const CaseRecord> batch) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "case.write", [&]() -> decltype(auto) {
    require_role(principal, {Role::case_worker}, "write case records");
    require_case_schema(*impl_);
    impl_->require_writable();
    guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      check_cases(*impl_, principal, batch, "");
      if (const auto taken = impl_->port().cases().insert(batch)) {
        // Codes are unique within a unit: the conflict names only a unit the
        // principal may write to, and reveals nothing of other units.
        const auto i = *taken;
        throw Conflict("/" + std::to_string(i) + "/code: case '" + batch[i].code + "' is already recorded in unit '" +
                       batch[i].unit + "'");
      }
      after_cases_written(impl_->port(), batch);
      audit_case_write(*impl_, principal, "case.write", batch);
      tx->commit();
    });
  });
}

CaseRecord Store::update_case_json(const Principal& principal, std::string_view json) {
  // Read before the lock and the access check, as the faces always did: a
  // document that is not one is a parse error whoever sends it.
  auto cases = read_cases_json(json);
  if (cases.size() != 1) {
    throw InvalidArgument("/cases: a case update holds exactly one case (this document holds " +
                          std::to_string(cases.size()) + ")");
  }
  update_case(principal, cases.front());
  return std::move(cases.front());
}

void Store::update_case(const Principal& principal, const CaseRecord& updated) { update_case(principal, updated, {}); }

namespace {

// A case version as a caller gives it back: 64 hex digits (case_version).
void check_version_text(std::string_view expected) {
  const bool hex = std::all_of(expected.begin(), expected.end(),
                               [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!expected.empty() && (expected.size() != 64 || !hex)) {
    throw InvalidArgument("/version: a case version is the 64 lower-case hex digits of case_version, not '" +
                          quoted_text(expected) + "'");
  }
}

// The stale-update check: `current` is still the case the caller read.
void require_version(const CaseRecord& current, std::string_view expected) {
  if (expected.empty()) return;
  const std::string now = case_version(current);
  if (now != expected) {
    throw Conflict("/version: case '" + quoted_text(current.code) + "' of unit '" + current.unit +
                   "' has changed since it was read (version " + std::string(expected.substr(0, 12)) + "…, now " +
                   now.substr(0, 12) + "…); read it again");
  }
}

// Replaces `previous` by `updated` (checked as an update of it), keeps the
// cells exact and audits the write as `action`. Returns the new version.
std::string replace_case(Store::Impl& impl, const Principal& principal, std::string_view action, const CaseRecord& previous,
                         const CaseRecord& updated) {
  check_cases(impl, principal, std::span<const CaseRecord>(&updated, 1), "", &previous);
  auto& storage = impl.port();
  storage.cases().remove(previous.unit, previous.code);
  if (storage.cases().insert(std::span<const CaseRecord>(&updated, 1))) {
    throw Conflict("/code: case '" + quoted_text(updated.code) + "' is already recorded in unit '" + updated.unit + "'");
  }
  if (cells_current(storage)) {
    refresh_cell(storage, previous.unit, previous.intake_date);
    refresh_cell(storage, updated.unit, updated.intake_date);
  } else {
    after_cases_written(storage, {});  // forgets cells of another layout
  }
  // A case moved to another unit leaves its old key: the entry says so.
  const bool moved = previous.unit != updated.unit;
  audit_case_write(impl, principal, action, std::span<const CaseRecord>(&updated, 1), moved ? case_key(previous) : std::string());
  return case_version(updated);
}

// Closes or reopens a case (`close`: on `closed_on`).
std::string change_status(Store::Impl& impl, const Principal& principal, std::string_view unit, std::string_view code,
                          std::optional<Date> closed_on, std::string_view expected_version) {
  const std::string_view action = closed_on ? "case.close" : "case.reopen";
  const std::lock_guard lock(impl.mutex);  // one caller at a time per handle
  return refusals_audited(impl, principal, action, [&] {
    require_role(principal, {Role::case_worker}, closed_on ? "close cases" : "reopen cases");
    impl.require_writable();
    require_case_schema(impl);
    check_version_text(expected_version);
    return guarded(impl, [&] {
      auto tx = impl.port().begin(store_port::Access::write);
      if (!unit.empty()) require_unit(impl, principal, unit, "");
      const CaseRecord previous = find_case(impl, principal, std::string(code), std::string(unit));
      require_version(previous, expected_version);
      const bool closed = previous.status == CaseStatus::closed;
      if (closed_on && closed) {
        throw Conflict("/status: case '" + quoted_text(previous.code) + "' of unit '" + previous.unit +
                       "' is already closed (on " + (previous.closed_on ? format_iso_date(*previous.closed_on) : "?") + ")");
      }
      if (!closed_on && !closed) {
        throw Conflict("/status: case '" + quoted_text(previous.code) + "' of unit '" + previous.unit +
                       "' is open: only a closed case is reopened");
      }
      CaseRecord updated = previous;
      updated.status = closed_on ? CaseStatus::closed : CaseStatus::open;
      updated.closed_on = closed_on;
      std::string version = replace_case(impl, principal, action, previous, updated);
      tx->commit();
      return version;
    });
  });
}

// A page cursor: "intake:unit:code" of the last case of the page before (no
// unit or case code holds a ':', and a shell leaves it alone).
struct Cursor {
  std::string intake, unit, code;
};

std::string cursor_of(const CaseRecord& c) { return format_iso_date(c.intake_date) + ":" + c.unit + ":" + c.code; }

Cursor read_cursor(std::string_view text) {
  const auto bad = [&] {
    return InvalidArgument("/after: '" + quoted_text(text) + "' is not the `next` of a page of cases");
  };
  if (text.empty()) return {};
  const auto first = text.find(':');
  const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second == std::string_view::npos || first == 0 || second == first + 1 || second + 1 == text.size() ||
      text.find(':', second + 1) != std::string_view::npos) {
    throw bad();
  }
  Cursor c{std::string(text.substr(0, first)), std::string(text.substr(first + 1, second - first - 1)),
           std::string(text.substr(second + 1))};
  try {
    if (format_iso_date(parse_iso_date(c.intake)) != c.intake) throw bad();
  } catch (const ParseError&) {
    throw bad();
  }
  return c;
}

}  // namespace

std::string Store::update_case(const Principal& principal, const CaseRecord& updated, std::string_view expected_version) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "case.update", [&] {
    require_role(principal, {Role::case_worker}, "write case records");
    impl_->require_writable();
    require_case_schema(*impl_);
    check_version_text(expected_version);
    return guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      CaseRecord previous;
      try {
        previous = find_case(*impl_, principal, updated.code, "");
      } catch (const InvalidArgument&) {  // two units of the subtree use the code
        previous = find_case(*impl_, principal, updated.code, updated.unit);
      }
      require_version(previous, expected_version);
      std::string version = replace_case(*impl_, principal, "case.update", previous, updated);
      tx->commit();
      return version;
    });
  });
}

std::string Store::close_case(const Principal& principal, std::string_view unit, std::string_view code, Date closed_on,
                              std::string_view expected_version) {
  return change_status(*impl_, principal, unit, code, closed_on, expected_version);
}

std::string Store::reopen_case(const Principal& principal, std::string_view unit, std::string_view code,
                               std::string_view expected_version) {
  return change_status(*impl_, principal, unit, code, std::nullopt, expected_version);
}

CasePage Store::list_cases(const Principal& principal, std::string_view unit, const CaseQuery& query) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "case.list", [&] {
    require_role(principal, {Role::case_worker}, "list case records");
    require_case_schema(*impl_);
    impl_->require_writable();  // every read is audited
    if (query.limit < 1 || query.limit > 1000) {
      throw InvalidArgument("/limit: a page holds 1 to 1000 cases, not " + std::to_string(query.limit));
    }
    if (query.intake && query.intake->end < query.intake->start) {
      throw InvalidArgument("/intake: the period ends before it starts");
    }
    const Cursor after = read_cursor(query.after);
    return guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      require_unit(*impl_, principal, unit, "");
      const Date from = query.intake ? query.intake->start : Date{std::chrono::year{1}, std::chrono::January, std::chrono::day{1}};
      const Date to = query.intake ? query.intake->end : Date{std::chrono::year{9999}, std::chrono::December, std::chrono::day{31}};
      auto found = impl_->port().cases().page(unit, from, to, query.status ? to_code(*query.status) : std::string_view(),
                                              after.intake, after.unit, after.code, query.limit + 1);
      CasePage page;
      if (found.size() > query.limit) {
        found.resize(query.limit);
        page.next = cursor_of(found.back());
      }
      page.cases.reserve(found.size());
      for (const auto& c : found) {
        page.cases.push_back(CaseSummary{c.unit, c.code, c.intake_date, c.status, c.closed_on});
      }
      std::string detail = "list of unit " + std::string(unit);
      if (query.intake) detail += ", intake " + format_iso_date(query.intake->start) + "/" + format_iso_date(query.intake->end);
      if (query.status) detail += ", " + std::string(to_code(*query.status));
      append_audit(*impl_, principal, "case.list", detail + ": " + codes_of(found));
      tx->commit();
      return page;
    });
  });
}

CaseRecord Store::load_case(const Principal& principal, std::string_view code) {
  return load_case(principal, std::string_view{}, code);
}

CaseRecord Store::load_case(const Principal& principal, std::string_view unit, std::string_view code) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "case.read", [&] {
    require_role(principal, {Role::case_worker}, "read case records");
    impl_->require_writable();  // every read is audited
    require_case_schema(*impl_);
    return guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      if (!unit.empty()) require_unit(*impl_, principal, unit, "");
      CaseRecord found = find_case(*impl_, principal, std::string(code), std::string(unit));
      append_audit(*impl_, principal, "case.read", case_key(found));
      tx->commit();
      return found;
    });
  });
}

std::vector<CaseRecord> Store::cases(const Principal& principal, std::string_view unit, const Period& period) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "case.read", [&]() -> decltype(auto) {
    require_role(principal, {Role::case_worker}, "read case records");
    require_case_schema(*impl_);
    impl_->require_writable();
    return guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      require_unit(*impl_, principal, unit, "");
      auto found = impl_->port().cases().in_subtree(unit, period);
      append_audit(*impl_, principal, "case.read", codes_of(found));
      tx->commit();
      return found;
    });
  });
}

std::string Store::export_cases(const Principal& principal, std::string_view unit, const Period& period, CaseFormat format) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "case.export", [&]() -> decltype(auto) {
    const auto found = cases(principal, unit, period);
    guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      append_audit(*impl_, principal, "case.export", describe(unit, period) + ": " + std::to_string(found.size()) + " cases");
      tx->commit();
    });
    return format == CaseFormat::json ? write_cases_json(found) : write_cases_csv(found);
  });
}

std::size_t Store::import_cases(const Principal& principal, std::string_view text, CaseFormat format) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "case.write", [&]() -> decltype(auto) {
    require_role(principal, {Role::case_worker}, "write case records");
    std::vector<CaseRecord> batch = format == CaseFormat::json ? read_cases_json(text) : read_cases_csv(text);
    try {
      record_cases(principal, batch);
    } catch (const ValidationError& e) {
      if (format == CaseFormat::csv) throw;
      rethrow_under("/cases", e);
    } catch (const Conflict& e) {  // "/i/field: …", a path into the document's cases
      if (format == CaseFormat::csv || e.what()[0] != '/') throw;
      throw Conflict("/cases" + std::string(e.what()));
    }
    return batch.size();
  });
}

namespace {

// Store::case_indicators by the tree as recorded (no `boundaries`) or by the
// units of a day.
CaseIndicators read_indicators(Store::Impl& impl, const Principal& principal, std::string_view unit, const Period& period,
                               Date as_of, std::optional<Date> boundaries, const DisclosureOptions& disclosure) {
  return refusals_audited(impl, principal, "aggregate.read", [&]() -> decltype(auto) {
    require_role(principal, {Role::case_worker, Role::officer}, "read case indicators");
    require_case_schema(impl);
    impl.require_writable();
    if (disclosure.k < 1) throw InvalidArgument("the disclosure threshold k must be at least 1");
    return guarded(impl, [&] {
      auto tx = impl.port().begin(store_port::Access::write);
      CaseIndicators x;
      if (boundaries) {
        // By another day's units every principal is given released numbers,
        // from the family of the principal's unit (decision 0021).
        x = released_indicators(impl, principal, unit, period, as_of, disclosure, boundaries);
      } else {
        require_unit(impl, principal, unit, "");
        // Only a case worker of the unit itself sees unsuppressed aggregates.
        x = principal.role != Role::case_worker ? released_indicators(impl, principal, unit, period, as_of, disclosure)
                                                : compute_indicators(impl.port(), unit, period, as_of);
      }
      append_audit(impl, principal, "aggregate.read",
                   describe(unit, period) + (boundaries ? " boundaries=" + format_iso_date(*boundaries) : ""));
      tx->commit();
      return x;
    });
  });
}

}  // namespace

CaseIndicators Store::case_indicators(const Principal& principal, std::string_view unit, const Period& period, Date as_of,
                                      const DisclosureOptions& disclosure) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return read_indicators(*impl_, principal, unit, period, as_of, std::nullopt, disclosure);
}

CaseIndicators Store::case_indicators(const Principal& principal, std::string_view unit, const Period& period, Date as_of,
                                      Date boundaries, const DisclosureOptions& disclosure) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return read_indicators(*impl_, principal, unit, period, as_of, boundaries, disclosure);
}

// ---- packages ----

std::string Store::export_package(const Principal& principal, std::string_view unit, const Period& period, Date as_of,
                                  const DisclosureOptions& disclosure) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "package.export", [&]() -> decltype(auto) {
    require_role(principal, {Role::case_worker, Role::officer}, "export report packages");
    require_case_schema(*impl_);
    impl_->require_writable();
    return guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      require_unit(*impl_, principal, unit, "");
      // A package always leaves the unit.
      CaseIndicators x = released_indicators(*impl_, principal, unit, period, as_of, disclosure);
      std::string doc = indicators_json::write_package(x);
      append_audit(*impl_, principal, "package.export", describe(unit, period));
      tx->commit();
      return doc;
    });
  });
}

void Store::import_package(const Principal& principal, std::string_view text) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "package.import", [&]() -> decltype(auto) {
    require_role(principal, {Role::case_worker, Role::officer}, "import report packages");
    impl_->require_writable();
    const auto package = indicators_json::read_package(text);
    const CaseIndicators& x = package.indicators;
    if (!x.disclosure_controlled) throw ValidationError("/indicators/disclosure_controlled", "a package must be disclosure-controlled");
    if (x.k < minimum_disclosure_k) {
      throw ValidationError("/indicators/k", "a package must be controlled with k ≥ " + std::to_string(minimum_disclosure_k));
    }
    // The package's own claim is not trusted: what it shows must be releasable.
    require_releasable(x);
    // The digest of the canonical form: the same package twice is recognised
    // however it was formatted in transit.
    const std::string digest = sha256_hex(package.canonical);
    guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      require_unit(*impl_, principal, x.unit, "/indicators/unit");
      if (holds_cases_of(*impl_, x.unit)) {
        throw Conflict("/indicators/unit: this store holds case records of unit " + x.unit +
                       "'s subtree; it does not also import the unit's packages, since releases of the same cases from "
                       "two families could be subtracted (decision 0024)");
      }
      auto& packages = impl_->port().packages();
      if (packages.has(digest)) throw Conflict("this package (unit " + x.unit + ") was already imported; it is not counted twice");
      // A package for a unit above or below one already imported for the same
      // period would count the same cases twice in a roll-up.
      auto& units = impl_->port().units();
      for (const auto& other : packages.units_for(x.period)) {
        if (other == x.unit) {
          throw Conflict("a package for " + describe(x.unit, x.period) + " is already imported");
        }
        if (units.in_subtree(other, x.unit) || units.in_subtree(x.unit, other)) {
          throw Conflict("the package of unit " + x.unit + " overlaps the imported package of unit " + other +
                         " for the same period; a roll-up would count cases twice");
        }
      }
      packages.insert(digest, x.unit, x.period, x.as_of, text);
      append_audit(*impl_, principal, "package.import", describe(x.unit, x.period));
      tx->commit();
    });
  });
}

namespace {

// Adds up package documents for `unit` and `period`: counts and numerators
// and denominators add up; cells withheld below make the result `incomplete`;
// disclosure control applies again.
CaseIndicators package_rollup(const std::vector<std::string>& documents, std::string_view unit, const Period& period,
                              const DisclosureOptions& disclosure) {
  CaseIndicators sum;
  sum.unit = unit;
  sum.period = period;
  sum.as_of = period.start;
  bool incomplete = false;
  std::map<std::string, std::size_t> dis_index;
  for (const auto& document : documents) {
    const CaseIndicators x = indicators_json::read_package(document).indicators;
    sum.as_of = std::max(sum.as_of, x.as_of);
    incomplete = incomplete || x.incomplete;
    add(sum.cases, x.cases, incomplete);
    add(sum.cases_with_service, x.cases_with_service, incomplete);
    for (auto [a, b] : {std::pair{&sum.service_access, &x.service_access}, std::pair{&sum.help, &x.help},
                        std::pair{&sum.referral_completion, &x.referral_completion}}) {
      if (b->suppressed) {
        incomplete = true;
        continue;
      }
      add(a->numerator, b->numerator, incomplete);
      add(a->denominator, b->denominator, incomplete);
    }
    for (const auto& d : x.disaggregations) {
      auto [it, fresh] = dis_index.emplace(d.name, sum.disaggregations.size());
      if (fresh) sum.disaggregations.push_back(Disaggregation{d.name, {}, {}});
      Disaggregation& target = sum.disaggregations[it->second];
      add(target.total, d.total, incomplete);
      for (const auto& cell : d.cells) {
        auto match = std::find_if(target.cells.begin(), target.cells.end(),
                                  [&](const Cell& c) { return c.category == cell.category; });
        if (match == target.cells.end()) {
          target.cells.push_back(Cell{cell.category, {}});
          match = target.cells.end() - 1;
        }
        add(match->count, cell.count, incomplete);
      }
    }
  }
  for (Rate* r : {&sum.service_access, &sum.help, &sum.referral_completion}) {
    if (r->denominator.value && *r->denominator.value > 0) {
      r->value = percent_of(static_cast<double>(r->numerator.value.value_or(0)), static_cast<double>(*r->denominator.value));
    }
  }
  // Medians do not add up: a roll-up leaves them empty.
  sum.incomplete = incomplete;
  apply_disclosure_control(sum, released(disclosure));
  return sum;
}

// The documents of the packages for exactly `period` that fall in `unit` of
// `day`'s geography (decision 0021): a package of a unit is placed as an
// item of its unit dated in its period, so the package of a divided unit is
// held at the lowest common ancestor of what it became, never in two units.
std::vector<std::string> packages_on(Store::Impl& impl, const Principal& principal, std::string_view unit,
                                     const Period& period, Date day) {
  const auto geography = geography_within(impl, principal, unit, day, "packages are not the principal's to roll up");
  std::vector<std::pair<std::string, std::string>> placed;  // (package unit, document)
  for (auto& p : impl.port().packages().all()) {
    if (p.period != period) continue;
    const auto at = geography.place(p.unit, period.start, period.end);
    if (at && geography.holds(unit, at->unit)) placed.emplace_back(std::move(p.unit), std::move(p.document));
  }
  // In unit order, as the tree roll-up reads them, so categories come out in
  // the same order whichever boundaries are asked for.
  std::sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  out.reserve(placed.size());
  for (auto& entry : placed) out.push_back(std::move(entry.second));
  return out;
}

CaseIndicators read_packages(Store::Impl& impl, const Principal& principal, std::string_view unit, const Period& period,
                             std::optional<Date> boundaries, const DisclosureOptions& disclosure) {
  return refusals_audited(impl, principal, "aggregate.read", [&]() -> decltype(auto) {
    require_role(principal, {Role::case_worker, Role::officer}, "read case indicators");
    impl.require_writable();
    if (disclosure.k < 1) throw InvalidArgument("the disclosure threshold k must be at least 1");
    return guarded(impl, [&] {
      auto tx = impl.port().begin(store_port::Access::write);
      std::vector<std::string> documents;
      if (boundaries) {
        documents = packages_on(impl, principal, unit, period, *boundaries);
      } else {
        require_unit(impl, principal, unit, "");
        documents = impl.port().packages().in_subtree(unit, period);
      }
      CaseIndicators sum = package_rollup(documents, unit, period, disclosure);
      sum.boundaries = boundaries;
      append_audit(impl, principal, "aggregate.read",
                   "packages of " + describe(unit, period) +
                       (boundaries ? " boundaries=" + format_iso_date(*boundaries) : ""));
      tx->commit();
      return sum;
    });
  });
}

}  // namespace

CaseIndicators Store::rolled_up_packages(const Principal& principal, std::string_view unit, const Period& period,
                                         const DisclosureOptions& disclosure) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return read_packages(*impl_, principal, unit, period, std::nullopt, disclosure);
}

CaseIndicators Store::rolled_up_packages(const Principal& principal, std::string_view unit, const Period& period,
                                         Date boundaries, const DisclosureOptions& disclosure) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return read_packages(*impl_, principal, unit, period, boundaries, disclosure);
}

// ---- audit ----

std::vector<AuditEntry> Store::audit_trail(const Principal& principal) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "audit.read", [&]() -> decltype(auto) {
    require_role(principal, {Role::auditor}, "read the audit trail");
    impl_->require_writable();
    return guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      std::vector<AuditEntry> out;
      impl_->port().audit().each([&](audit_chain::StoredEntry&& e) {
        const auto role = from_code<Role>(e.role);
        if (!role) throw CorruptStore(impl_->path + ": audit entry " + std::to_string(e.entry.seq) + " holds an unknown role '" +
                                      printable_excerpt(e.role, 40) + "'");
        e.entry.role = *role;
        out.push_back(std::move(e.entry));
        return true;
      });
      append_audit(*impl_, principal, "audit.read", std::to_string(out.size()) + " entries");
      tx->commit();
      return out;
    });
  });
}

AuditVerification Store::verify_audit(const Principal& principal) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "audit.verify", [&]() -> decltype(auto) {
    require_role(principal, {Role::auditor}, "verify the audit trail");
    return guarded(*impl_, [&] {
      audit_chain::Verifier verifier(impl_->audit_key);
      impl_->port().audit().each([&](audit_chain::StoredEntry&& e) { return verifier.add(std::move(e)); });
      return verifier.finish();
    });
  });
}

void Store::set_audit_key(std::string_view key) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  if (!key.empty() && key.size() < 16) throw InvalidArgument("an audit key needs at least 16 bytes");
  if (!key.empty() && guarded(*impl_, [&] { return impl_->user_version(); }) < 8) {
    throw VersionError(impl_->path + ": an audit key needs schema version 8");
  }
  impl_->audit_key.assign(key.data(), key.size());
}

CopyReport Store::copy_to(const Principal& principal, const std::string& destination) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "store.copy", [&] {
    require_role(principal, {Role::auditor}, "copy the store");
    require_case_schema(*impl_);
    impl_->require_writable();  // the copy is audited
    if (destination.empty()) throw InvalidArgument("the copy needs a destination: a file path or a PostgreSQL URI");
    if (destination == impl_->path) throw InvalidArgument(destination + ": a store is not copied onto itself");
    // A file made for the copy is removed again when the copy fails.
    const bool server = is_server_location(destination);
    std::error_code ec;
    const bool made = !server && destination != ":memory:" && !std::filesystem::exists(destination, ec);
    auto remove_made = [&] {
      if (!made) return;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(destination + suffix, ec);
    };
    try {
      CopyReport report;
      {
        Store to = Store::open(destination);
        to.impl_->require_writable();
        report.destination = to.impl_->path;
        auto& target = to.impl_->port();
        const auto require_empty = [&] {
          if (!store_copy::empty(target)) {
            throw InvalidArgument(report.destination + ": the destination already holds a store's data; a copy goes into an empty store");
          }
        };
        {
          const auto check = target.begin(store_port::Access::read);
          require_empty();
          check->commit();
        }
        // The entry first, in its own transaction: the copy carries it.
        guarded(*impl_, [&] {
          auto tx = impl_->port().begin(store_port::Access::write);
          append_audit(*impl_, principal, "store.copy", "to " + report.destination);
          tx->commit();
        });
        store_copy::Counts n;
        guarded(*impl_, [&] {
          const auto read = impl_->port().begin(store_port::Access::read);
          guarded(*to.impl_, [&] {
            auto write = target.begin(store_port::Access::write);
            // Checked again under the destination's write lock: another
            // writer may have filled it since.
            require_empty();
            n = store_copy::copy(impl_->port(), target);
            write->commit();
          });
          read->commit();
        });
        report.units = n.units;
        report.plans = n.plans;
        report.records = n.records;
        report.cases = n.cases;
        report.audit_entries = n.audit_entries;
        report.packages = n.packages;
      }
      return report;
    } catch (...) {
      remove_made();
      throw;
    }
  });
}

IntegrityReport Store::check_integrity(const Principal& principal) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return refusals_audited(*impl_, principal, "integrity.check", [&]() -> decltype(auto) {
    require_role(principal, {Role::auditor}, "check the store's integrity");
    require_case_schema(*impl_);
    impl_->require_writable();  // the check is audited
    IntegrityReport report;
    auto problem = [&](std::string kind, std::string record, std::string detail) {
      report.intact = false;
      report.problems.push_back({std::move(kind), std::move(record), std::move(detail)});
    };
    for (auto& line : static_cast<const Store&>(*this).check_integrity()) problem("sqlite", "", std::move(line));
    guarded(*impl_, [&] {
      auto& storage = impl_->port();
      // The chain and the case tables are read in one transaction: no entry
      // is used that the chain check did not see.
      auto tx = impl_->port().begin(store_port::Access::write);
      report.audit = verify_audit(principal);
      if (!report.audit.intact) {
        problem("audit", report.audit.first_broken ? std::to_string(*report.audit.first_broken) : "", report.audit.reason);
      }
      // The stored cases and their content hashes.
      std::map<std::string, std::string> current;
      for (const auto& c : storage.cases().all()) {
        current.emplace(case_key(c), sha256_hex(case_content(c)));
      }
      report.cases_checked = static_cast<std::int64_t>(current.size());
      // The digests each audited write recorded, against the hashes kept;
      // each case's last audited hash.
      const std::map<std::int64_t, std::string> kept = storage.audit().digests();  // seq → blob of hashes
      std::map<std::string, std::pair<std::int64_t, std::string>> latest;  // case → (seq, hash) of its last write
      std::set<std::int64_t> writes;
      for (const auto& [seq, detail] : storage.audit().case_writes()) {
        const auto at = detail.rfind(digest_mark);
        if (at == std::string::npos) continue;  // a write before schema 8: covered by the baseline
        writes.insert(seq);
        // "k1,k2,… [removed=k] content-sha256=…"
        const auto removed_at = detail.rfind(removed_mark, at);
        const std::size_t keys_end = removed_at == std::string::npos ? at : removed_at;
        std::vector<std::string> keys;
        for (std::size_t from = 0; from < keys_end;) {
          const auto comma = std::min(detail.find(',', from), keys_end);
          keys.push_back(detail.substr(from, comma - from));
          from = comma + 1;
        }
        if (removed_at != std::string::npos) {
          latest.erase(detail.substr(removed_at + removed_mark.size(), at - removed_at - removed_mark.size()));
        }
        const auto it = kept.find(seq);
        if (it == kept.end() || it->second.size() != keys.size() * 32 ||
            sha256_hex(it->second) != detail.substr(at + digest_mark.size())) {
          problem("digests", std::to_string(seq), "the content hashes kept for audit entry " + std::to_string(seq) +
                                                      " do not match the digest in the entry");
          continue;
        }
        for (std::size_t i = 0; i < keys.size(); ++i) latest[keys[i]] = {seq, to_hex(std::string_view(it->second).substr(i * 32, 32))};
      }
      for (const auto& [seq, blob] : kept) {
        if (!writes.count(seq)) {
          problem("digests", std::to_string(seq), "content hashes are kept for entry " + std::to_string(seq) +
                                                      ", which is not an audited case write");
        }
      }
      for (const auto& [key, hash] : current) {
        const auto it = latest.find(key);
        if (it == latest.end()) problem("case_unaudited", key, "no audited write accounts for this case");
        else if (it->second.second != hash) {
          problem("case_changed", key, "the case differs from its content at audit entry " + std::to_string(it->second.first));
        }
      }
      for (const auto& [key, last] : latest) {
        if (!current.count(key)) problem("case_missing", key, "the case written at audit entry " + std::to_string(last.first) + " is gone");
      }
      // Each sealed release family against its digest and the audit entry
      // of its sealing (decision 0023), and each sealing against its seal.
      if (impl_->user_version() >= sealed_schema) {
        std::map<std::string, std::string> sealed;  // "unit/year" → digest, from the trail
        storage.audit().each([&](audit_chain::StoredEntry&& e) {
          if (e.entry.action != "release.seal") return true;
          const auto& d = e.entry.detail;  // "unit=U year=Y units=N cases=N sha256=D"
          const auto year_at = d.find(" year="), units_at = d.find(" units="), digest_at = d.rfind(" sha256=");
          if (d.rfind("unit=", 0) == 0 && year_at != std::string::npos && units_at != std::string::npos &&
              digest_at != std::string::npos) {
            sealed[d.substr(5, year_at - 5) + "/" + d.substr(year_at + 6, units_at - year_at - 6)] = d.substr(digest_at + 8);
          }
          return true;
        });
        for (const auto& seal : storage.packages().seals()) {
          const std::string record = seal.root + "/" + std::to_string(seal.year);
          const auto it = sealed.find(record);
          if (seal_digest(seal) != seal.digest) {
            problem("seal", record, "the sealed release family does not match its digest");
          } else if (it == sealed.end()) {
            problem("seal", record, "no audit entry records this family's sealing");
          } else if (it->second != seal.digest) {
            problem("seal", record, "the sealed release family differs from the one its audit entry recorded");
          }
          if (it != sealed.end()) sealed.erase(it);
        }
        for (const auto& [record, digest] : sealed) {
          problem("seal", record, "the family sealed in the audit trail is gone from the store");
        }
      }
      // A unit whose cases the store holds and whose package it imported
      // (decision 0024): a store made before the rule, or rows written behind
      // the library's back.
      for (const auto& package_unit : store_detail::overlapping_package_units(storage)) {
        problem("overlap", package_unit, "the store holds case records of this unit's subtree and an imported report package of it");
      }
      // The case cells against a rebuild from the cases, made and undone
      // inside this transaction: nothing is repaired.
      if (cells_current(storage)) {
        const auto stored = canonical_cells(storage);
        rebuild_cells(storage);
        const auto rebuilt = canonical_cells(storage);
        report.cells_checked = static_cast<std::int64_t>(std::max(stored.size(), rebuilt.size()));
        for (const auto& [cell, value] : rebuilt) {
          const auto it = stored.find(cell);
          if (it == stored.end()) problem("cells", cell, "the cell is missing; its cases are not counted");
          else if (it->second != value) problem("cells", cell, "the cell's counters differ from a rebuild from the cases");
        }
        for (const auto& [cell, value] : stored) {
          if (!rebuilt.count(cell)) problem("cells", cell, "the cell counts cases that are not in the store");
        }
      }
      // `tx` is not committed: its destructor rolls the rebuild back.
    });
    guarded(*impl_, [&] {
      auto tx = impl_->port().begin(store_port::Access::write);
      append_audit(*impl_, principal, "integrity.check",
                   std::to_string(report.cases_checked) + " cases, " + std::to_string(report.cells_checked) + " cells: " +
                       (report.intact ? "intact" : std::to_string(report.problems.size()) + " problems"));
      tx->commit();
    });
    return report;
  });
}

namespace store_detail {

void baseline_case_digests(Store::Impl& impl) {
  if (!impl.port().cases().any()) return;
  const auto all = impl.port().cases().all();
  audit_case_write(impl, Principal{"kehoach-migration", Role::auditor, "", false}, "case.baseline", all);
}

}  // namespace store_detail

}  // namespace v1
}  // namespace kehoach
