#pragma once

// The storage port: what the Store asks of a storage engine, in the terms of
// the model. The Store orchestrates (access check, validation by the engine,
// transaction, repositories, derived data, audit); a storage engine — the
// SQLite adapter in src/store/sqlite/, the PostgreSQL one to come — only
// reads and writes rows. No engine header is included here, and nothing here
// checks a rule: a repository writes what the Store has already checked.
//
// Case records, their cells, the audit trail and report packages are behind
// the port too (CaseRepository, CellRepository, AuditRepository,
// PackageRepository): the access checks, the disclosure rules and the chain
// stay in the Store and the engine (src/cases/).

#include <kehoach/plan.hpp>
#include <kehoach/records.hpp>
#include <kehoach/revision.hpp>
#include <kehoach/unit.hpp>

#include <kehoach/cases.hpp>
#include <kehoach/store.hpp>

#include "cases/audit_chain.hpp"
#include "cases/release.hpp"
#include "cases/tally.hpp"
#include "metrics/engine.hpp"
#include "model/record_checks.hpp"
#include "model/unit_register.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace store_port {

/// A transaction of the storage engine: rolled back when destroyed without
/// `commit()`. A write transaction takes the store's write lock at its start
/// (a busy store fails there, not halfway).
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual void commit() = 0;
};

enum class Access { read, write };

/// What of a plan to read: all of it, or what the metrics engine reads (not
/// its texts, units, legal bases, agency aliases, annual funding or events).
enum class PlanParts { all, metrics };

/// A plan's unit and the day it names it as of (its issue date, else the
/// start of its period): what a roll-up by the units of a day places.
/// A stored revision of a plan (schema 12): when it took force, the document
/// that amended it, and its canonical plan document.
struct StoredRevision {
  PlanRevision revision;
  std::string recorded_at;  ///< when the store recorded it (UTC, ISO 8601)
  std::string document;
  friend bool operator==(const StoredRevision&, const StoredRevision&) = default;
};

struct PlanPlace {
  std::string id;
  std::string unit;
  Date at;
};

/// Plans and everything a plan document holds (not its units: UnitRepository).
class PlanRepository {
 public:
  virtual ~PlanRepository() = default;
  virtual bool exists(std::string_view plan_id) = 0;
  /// Every plan id, in order.
  virtual std::vector<std::string> ids() = 0;
  /// Writes a checked plan that is not in the store yet.
  virtual void insert(const Plan& plan) = 0;
  /// The plan; NotFound when it is not in the store.
  virtual Plan load(std::string_view plan_id, PlanParts parts) = 0;
  /// The plans `plan_ids`, in that order (what a unit's metrics read): an
  /// engine with a round trip per statement reads them all with one
  /// statement per table. NotFound for the first that is not in the store.
  virtual std::vector<Plan> load_many(std::span<const std::string> plan_ids, PlanParts parts) {
    std::vector<Plan> plans;
    plans.reserve(plan_ids.size());
    for (const auto& id : plan_ids) plans.push_back(load(id, parts));
    return plans;
  }
  /// Removes the plan and every record of it; false when there was none.
  virtual bool remove(std::string_view plan_id) = 0;
  /// The ids of the plans of `unit`'s subtree (its descendants, and units
  /// merged into any of them), in order.
  virtual std::vector<std::string> ids_in_subtree(std::string_view unit) = 0;
  /// Every plan's unit and day, by id.
  virtual std::vector<PlanPlace> places() = 0;
  /// Every (plan, parent plan) its legal bases name (`parent_plan`), by plan
  /// and parent, each pair once.
  virtual std::vector<std::pair<std::string, std::string>> parent_links() = 0;
  /// Every (plan, superseded plan) its `supersedes` names, by plan and
  /// superseded plan, each pair once.
  virtual std::vector<std::pair<std::string, std::string>> supersession_links() = 0;
  /// The agency successions of plan `plan_id` (of every plan when none), by
  /// plan, each plan's in the order recorded, with the agencies each brought
  /// in (schema version 10).
  virtual std::map<std::string, std::vector<AgencySuccession>, std::less<>> agency_successions(
      std::optional<std::string_view> plan_id) = 0;
  /// Writes a checked succession, its handovers, and the agencies it brings
  /// into the plan (after the plan's own, marked as brought in by it).
  virtual void insert_agency_succession(const AgencySuccession& succession) = 0;
  /// The stored revisions of a plan, by revision: none for a plan never
  /// amended (its one revision is the plan tables), nor below schema 12.
  virtual std::vector<StoredRevision> revisions(std::string_view plan_id) = 0;
  virtual void insert_revision(const StoredRevision& revision) = 0;
  /// (plan id, document) of every plan (of plan `plan_id` only, when given)
  /// whose revision in force on `day` is not its latest (the plan tables hold
  /// the latest), by plan id. Revision 1 is in force on every day before
  /// revision 2's. With `known_at`, only the revisions recorded by then
  /// count (revision 1 always: it is the text as imported).
  virtual std::vector<std::pair<std::string, std::string>> earlier_in_force(
      Date day, std::optional<std::string_view> plan_id, const std::optional<std::string>& known_at) = 0;
  /// Replaces the plan tables' rows of `plan.id` by `plan`, keeping every
  /// record, succession and revision stored under it (the caller checked
  /// that each still names an item of `plan`).
  virtual void replace(const Plan& plan) = 0;
};

/// The tree of administrative units.
class UnitRepository {
 public:
  virtual ~UnitRepository() = default;
  virtual std::optional<AdministrativeUnit> find(const std::string& code) = 0;
  virtual bool exists(std::string_view code) = 0;
  virtual void insert(const AdministrativeUnit& unit) = 0;
  /// Every unit, by code.
  virtual std::vector<AdministrativeUnit> all() = 0;
  /// How many units the tree holds (units are only ever added).
  virtual std::int64_t count() = 0;
  /// Whether `unit` is in `root`'s subtree: `root` itself, its descendants,
  /// and units merged into any of them.
  virtual bool in_subtree(std::string_view root, std::string_view unit) = 0;
  /// The units of `root`'s subtree with their links, by code.
  virtual std::vector<disclosure::UnitLinks> links_in_subtree(std::string_view root) = 0;

  // ---- the register: versions and successions (schema version 9) ----

  /// Replaces a code's current row (its latest version and successor).
  virtual void update(const AdministrativeUnit& unit) = 0;
  /// Every version of `code`, by seq (none when the code is unknown).
  virtual std::vector<unit_register::StoredVersion> versions(std::string_view code) = 0;
  /// Every version of every code, by code and seq.
  virtual std::vector<unit_register::StoredVersion> all_versions() = 0;
  virtual void insert_version(const unit_register::StoredVersion& version) = 0;
  /// Writes the dates of the stored version (code, seq); nothing else of a
  /// version ever changes.
  virtual void update_version(const unit_register::StoredVersion& version) = 0;
  /// The successions leaving or entering `code`, by date.
  virtual std::vector<Succession> successions_of(std::string_view code) = 0;
  /// The successions on `date`.
  virtual std::vector<Succession> successions_on(Date date) = 0;
  /// Every succession, by from, date and to.
  virtual std::vector<Succession> all_successions() = 0;
  virtual void insert_succession(const Succession& succession) = 0;
  /// Changes whenever a unit, a version or a succession is added (caches of
  /// the unit tree compare it).
  virtual std::int64_t revision() = 0;
};

/// The state of a task (or of one occurrence of a yearly task).
using TaskState = std::pair<TaskStatus, std::optional<double>>;

/// The records of plans: observations, task updates, allocations,
/// expenditures and report submissions.
class RecordRepository {
 public:
  virtual ~RecordRepository() = default;
  /// What the plan's records may refer to (the record rules' input), or
  /// nothing when the plan is not in the store.
  virtual std::optional<record_checks::PlanFacts> facts(const std::string& plan_id) = 0;
  /// The state the last update of one occurrence of a yearly task left, or
  /// nothing when it has none.
  virtual std::optional<TaskState> occurrence_state(const std::string& plan_id, const std::string& task_id,
                                                    int occurrence) = 0;

  /// Adds observations recorded at `recorded_at` (UTC text).
  virtual void add_observations(std::span<const Observation> rows, const std::string& recorded_at) = 0;
  /// Adds stored versions as they are (copies).
  virtual void add_observation_versions(std::span<const ObservationVersion> rows) = 0;
  /// The observations that hold for the keys (plan, target, date) of
  /// `keys`, each with its row id, in any order: one index probe per key.
  virtual std::vector<std::pair<std::int64_t, Observation>> holding_observations(std::span<const Observation> keys) = 0;
  /// Per target of a plan, how many observation rows it has: every version,
  /// replaced and retracted ones too (what removal and amendments must keep).
  virtual std::map<std::string, std::int64_t> observation_rows(const std::string& plan_id) = 0;
  /// Marks the observation row `id` replaced at `at` (by a correction, or by
  /// nothing when `retracted`).
  virtual void replace_observation(std::int64_t id, const std::string& at, bool retracted) = 0;
  virtual std::vector<ObservationVersion> observation_history(std::string_view plan_id, std::string_view target_id) = 0;
  virtual void add_task_change(const TaskChange& change) = 0;
  /// Which of `rows` the store holds exactly (plan, task, occurrence, date,
  /// by, status, progress, completed on and note all equal), as indexes into
  /// `rows`: one index probe per row (decision 0031).
  virtual std::vector<std::size_t> held_task_updates(std::span<const TaskUpdate> rows) = 0;
  /// Whether the store holds a status set by hand equal to `status` in every field.
  virtual bool has_manual_status(const ManualStatus& status) = 0;
  /// Adds allocations recorded at `recorded_at` (UTC text; empty for a
  /// store kept below schema 15, which keeps no time).
  virtual void add_allocations(std::span<const Allocation> rows, const std::string& recorded_at) = 0;
  /// Adds stored versions as they are, replaced ones among the replacements
  /// (copies; schema 15).
  virtual void add_allocation_versions(std::span<const AllocationVersion> rows) = 0;
  /// The allocations that hold for the keys (plan, year, source, agency,
  /// task, dated) of `keys`, each with its row id, in any order: one index
  /// probe per key (schema 15).
  virtual std::vector<std::pair<std::int64_t, Allocation>> holding_allocations(std::span<const Allocation> keys) = 0;
  /// Moves the allocation row `id` to the replacements, replaced at `at`
  /// (by a correction, or by nothing when `retracted`; schema 15).
  virtual void replace_allocation(std::int64_t id, const std::string& at, bool retracted) = 0;
  /// Every version of a plan's allocations, held and replaced, by year,
  /// source, agency, task, dated and order recorded (schema 15).
  virtual std::vector<AllocationVersion> allocation_history(std::string_view plan_id) = 0;
  /// Adds expenditures recorded at `recorded_at` (UTC text; empty for a
  /// store kept below schema 16, which keeps no time nor voucher).
  virtual void add_expenditures(std::span<const Expenditure> rows, const std::string& recorded_at) = 0;
  /// Adds stored versions as they are, replaced ones among the replacements
  /// (copies; schema 16).
  virtual void add_expenditure_versions(std::span<const ExpenditureVersion> rows) = 0;
  /// The expenditures that hold for the keys of `keys` (plan, date, source,
  /// agency, task and voucher, and the amount when there is no voucher),
  /// each with its row id, in any order: one index probe per key (schema 16).
  virtual std::vector<std::pair<std::int64_t, Expenditure>> holding_expenditures(std::span<const Expenditure> keys) = 0;
  /// Moves the expenditure row `id` to the replacements, replaced at `at`
  /// (by a correction, or by nothing when `retracted`; schema 16).
  virtual void replace_expenditure(std::int64_t id, const std::string& at, bool retracted) = 0;
  /// Every version of a plan's expenditures, held and replaced, by date,
  /// source, agency, task, voucher, amount and order recorded (schema 16).
  virtual std::vector<ExpenditureVersion> expenditure_history(std::string_view plan_id) = 0;
  /// Adds submissions recorded at `recorded_at` (UTC text; empty for a
  /// store kept below schema 14, which keeps no time).
  virtual void add_submissions(std::span<const ReportSubmission> rows, const std::string& recorded_at) = 0;
  /// Adds stored submissions as they are, retracted ones among the
  /// retractions (copies; schema 14).
  virtual void add_submission_versions(std::span<const SubmissionVersion> rows) = 0;
  /// Which of `keys` the store holds (plan, duty, reporter, period start,
  /// day submitted), as indexes into `keys`: one index probe per key.
  virtual std::vector<std::size_t> held_submissions(std::span<const ReportSubmission> keys) = 0;
  /// Moves the held submission `key` to the retractions at `at`; false
  /// when none holds (schema 14).
  virtual bool retract_submission(const ReportSubmission& key, const std::string& at) = 0;
  /// Every submission of a plan, held and retracted, by duty, period,
  /// reporter, day submitted and order recorded (schema 14).
  virtual std::vector<SubmissionVersion> submission_history(std::string_view plan_id) = 0;

  virtual std::vector<Observation> observations(std::string_view plan_id, std::string_view target_id) = 0;
  virtual std::size_t observation_count() = 0;
  virtual std::vector<TaskChange> task_history(std::string_view plan_id, std::string_view task_id) = 0;
  virtual std::vector<Allocation> allocations(std::string_view plan_id) = 0;
  virtual std::vector<Expenditure> expenditures(std::string_view plan_id) = 0;
  virtual std::vector<ReportSubmission> submissions(std::string_view plan_id) = 0;

  /// The plan's records dated on or before `as_of`, each list in the order
  /// engine::PlanRecords documents: the metrics engine's input. With
  /// `known_at` (MetricsOptions::known_at), the observations, submissions
  /// and allocations as they stood at that time: recorded by then (or before
  /// the schema kept a time), and not replaced or retracted by then.
  virtual engine::PlanRecords as_of(const std::string& plan_id, Date as_of,
                                    const std::optional<std::string>& known_at) = 0;
  /// as_of() of each of `plan_ids`, in that order (see PlanRepository::load_many).
  virtual std::vector<engine::PlanRecords> as_of_many(std::span<const std::string> plan_ids, Date as_of,
                                                      const std::optional<std::string>& known_at) {
    std::vector<engine::PlanRecords> out;
    out.reserve(plan_ids.size());
    for (const auto& id : plan_ids) out.push_back(this->as_of(id, as_of, known_at));
    return out;
  }
  /// Whether the plan has the target (`kind` "target") or task ("task") `item_id`.
  virtual bool has_item(const std::string& plan_id, const std::string& kind, const std::string& item_id) = 0;
  virtual void add_manual_status(const ManualStatus& status) = 0;
};

/// Derived data: the reports a plan's duties expect (the engine's
/// expected_reports_of, decision 0010) with the date of each one's first
/// submission, kept at write time for the reporting roll-up.
class ExpectedReportRepository {
 public:
  virtual ~ExpectedReportRepository() = default;
  /// Whether the kept reports were filled by this library's expansion.
  virtual bool current() = 0;
  virtual void mark_current() = 0;
  /// Marks the kept reports stale: they are not read, and the next writable
  /// open refills them.
  virtual void forget() = 0;
  virtual void clear() = 0;
  /// Keeps a plan's expected reports, with the first submissions already stored.
  virtual void add(std::string_view plan_id, std::span<const engine::ExpectedReport> reports) = 0;
  /// Notes new submissions on the reports they answer (the earliest counts).
  virtual void note(std::span<const ReportSubmission> rows) = 0;
  /// Per unit of `unit`'s subtree that has plans: its plans, its kept reports
  /// whose deadline is on or before `as_of`, those first submitted by then,
  /// and those on time by `on_time` (engine::on_time_table, indexed as it
  /// documents). The engine's rule is passed in, not written again.
  virtual std::vector<engine::UnitReportingCount> counts(std::string_view unit, Date as_of,
                                                         const std::array<bool, 6>& on_time) = 0;
  /// As `counts`, one row per plan of `plan_ids` (its `unit` holding the
  /// plan's id, `plans` 1), in the order of `plan_ids`.
  virtual std::vector<engine::UnitReportingCount> counts_of_plans(std::span<const std::string> plan_ids, Date as_of,
                                                                  const std::array<bool, 6>& on_time) = 0;
};

/// Per-plan counts in the order of `plan_ids` (for counts_of_plans): a plan
/// read in the same transaction but absent from `by_id` counts as nothing.
inline std::vector<engine::UnitReportingCount> in_order(
    std::span<const std::string> plan_ids, std::map<std::string, engine::UnitReportingCount, std::less<>>& by_id) {
  std::vector<engine::UnitReportingCount> out;
  out.reserve(plan_ids.size());
  for (const auto& id : plan_ids) {
    const auto it = by_id.find(id);
    out.push_back(it != by_id.end() ? std::move(it->second) : engine::UnitReportingCount{id, 1, 0, 0, 0});
  }
  return out;
}

/// Case records, keyed by unit and code (schema version 8). Lists of cases
/// come in order of intake date, unit and code.
class CaseRepository {
 public:
  virtual ~CaseRepository() = default;
  /// Writes checked cases; stops at the first whose unit and code are taken
  /// and returns its index (the caller rolls the transaction back).
  virtual std::optional<std::size_t> insert(std::span<const CaseRecord> cases) = 0;
  /// Removes the case and everything of it (nothing when there is none).
  virtual void remove(std::string_view unit, std::string_view code) = 0;
  /// The case `code` of `unit`, or nothing.
  virtual std::optional<CaseRecord> find(std::string_view unit, std::string_view code) = 0;
  /// The cases of code `code` in the units of `root`'s subtree.
  virtual std::vector<CaseRecord> with_code(std::string_view root, std::string_view code) = 0;
  /// The cases of `root`'s subtree with intake in `intake`.
  virtual std::vector<CaseRecord> in_subtree(std::string_view root, const Period& intake) = 0;
  /// A page of the cases of `root`'s subtree with intake from `from` to
  /// `to` and status `status` (any when empty), in order of intake date,
  /// unit and code, after (`after_intake`, `after_unit`, `after_code`)
  /// (from the first when `after_intake` is empty): at most `limit`.
  virtual std::vector<CaseRecord> page(std::string_view root, Date from, Date to, std::string_view status,
                                       std::string_view after_intake, std::string_view after_unit,
                                       std::string_view after_code, std::size_t limit) = 0;
  /// Every case.
  virtual std::vector<CaseRecord> all() = 0;
  virtual bool any() = 0;
  /// Whether a unit of `root`'s subtree holds a case (of any date).
  virtual bool any_in_subtree(std::string_view root) = 0;
  /// The units that hold cases, by code.
  virtual std::vector<std::string> units() = 0;
  /// Calls `f` with each case counted by the indicators (not one that is a
  /// case seen again: first_received_as) of `unit` — of its subtree when
  /// `subtree` — with intake from `from` to `to` and on or before `as_of`,
  /// holding only what the tally and the release family read: its unit,
  /// intake date, survivor, receiving body, channel, need of help, violence
  /// types, services provided on or before `as_of` (no provider) and
  /// referrals dated on or before `as_of` (status and date only). The record
  /// passed is reused from one call to the next.
  virtual void each_counted(std::string_view unit, bool subtree, Date from, Date to, Date as_of,
                            const std::function<void(const CaseRecord&)>& f) = 0;
};

/// The case cells kept at write time (decision 0009), in the engine's
/// encoding (cases/tally.hpp), and the layout they were made with.
class CellRepository {
 public:
  virtual ~CellRepository() = default;
  /// The layout signature the cells were made with, or nothing.
  virtual std::optional<std::string> layout() = 0;
  virtual void set_layout(const std::string& signature) = 0;
  virtual void forget_layout() = 0;
  /// Calls `f` with each cell of `unit` — of its subtree when `subtree` —
  /// for months `from_month` to `to_month` (`YYYY-MM`). The cell passed is
  /// reused from one call to the next.
  virtual void each(std::string_view unit, bool subtree, const std::string& from_month, const std::string& to_month,
                    const std::function<void(const case_tally::EncodedCell&)>& f) = 0;
  /// Calls `f` with every cell and its unit.
  virtual void each(const std::function<void(const std::string& unit, const case_tally::EncodedCell&)>& f) = 0;
  /// Writes the cell of `unit` and `cell.month`, replacing any.
  virtual void put(const std::string& unit, const case_tally::EncodedCell& cell) = 0;
  virtual void remove(const std::string& unit, const std::string& month) = 0;
  virtual void clear() = 0;
};

/// The audit trail (a hash chain, cases/audit_chain.hpp) and the content
/// hashes of audited case writes.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  /// The sequence number and hash of the last entry, or nothing.
  virtual std::optional<std::pair<std::int64_t, std::string>> last() = 0;
  /// Appends an entry, with its MAC when the handle has a key.
  virtual void append(const AuditEntry& entry, const std::optional<std::string>& mac) = 0;
  /// Calls `f` with each entry in order of seq until it returns false; the
  /// role as stored, and the MAC (none before schema version 8).
  virtual void each(const std::function<bool(audit_chain::StoredEntry&&)>& f) = 0;
  /// Keeps the content hashes (32 bytes each) of the write at entry `seq`.
  virtual void add_digests(std::int64_t seq, std::string_view hashes) = 0;
  /// Every kept blob of content hashes, by entry.
  virtual std::map<std::int64_t, std::string> digests() = 0;
  /// The entry of the last audited case write with hashes kept (0: none).
  virtual std::int64_t last_digest_seq() = 0;
  /// The seq and detail of each case write entry (`case.write`,
  /// `case.update`, `case.close`, `case.reopen`, `case.baseline`), in order.
  virtual std::vector<std::pair<std::int64_t, std::string>> case_writes() = 0;
};

/// An imported package as kept.
struct StoredPackage {
  std::string digest, unit;
  Period period;
  Date as_of;
  std::string document;
  friend bool operator==(const StoredPackage&, const StoredPackage&) = default;
};

/// A sealed release family (decision 0023): what every release of one
/// principal's unit (`root`) for one calendar year is computed from, fixed at
/// its first release. `units` is the codec's units document, `cases` a
/// kehoach-cases document, `digest` the SHA-256 of both.
struct ReleaseSeal {
  std::string root;
  int year = 0;
  Date sealed_on{};
  std::string units, cases, digest;
  friend bool operator==(const ReleaseSeal&, const ReleaseSeal&) = default;
};

/// Imported aggregate report packages, and the sealed families released ones
/// come from.
class PackageRepository {
 public:
  virtual ~PackageRepository() = default;
  /// Every package, by digest.
  virtual std::vector<StoredPackage> all() = 0;
  /// Whether a package of this digest was imported.
  virtual bool has(std::string_view digest) = 0;
  /// The units of the packages imported for exactly `period`.
  virtual std::vector<std::string> units_for(const Period& period) = 0;
  /// The units packages were imported for (any period), by code.
  virtual std::vector<std::string> units() = 0;
  virtual void insert(std::string_view digest, std::string_view unit, const Period& period, Date as_of,
                      std::string_view document) = 0;
  /// The documents of the packages of `root`'s subtree for exactly `period`,
  /// by unit.
  virtual std::vector<std::string> in_subtree(std::string_view root, const Period& period) = 0;

  /// The seal of `root`'s family for `year`, if it was sealed.
  virtual std::optional<ReleaseSeal> seal(std::string_view root, int year) = 0;
  /// Records a seal (never replaced: a second one for the same family is an error).
  virtual void insert_seal(const ReleaseSeal& seal) = 0;
  /// Every seal, by root and year.
  virtual std::vector<ReleaseSeal> seals() = 0;
};

/// One open store of a storage engine.
class Storage {
 public:
  virtual ~Storage() = default;
  /// The store's path, as opened.
  virtual const std::string& path() const = 0;
  /// Whether the store refuses writes (opened so, or found on a read-only medium).
  virtual bool read_only() const = 0;
  /// Why a store opened writable is read-only ("it is on a read-only file
  /// system"), or empty.
  virtual const std::string& why_read_only() const = 0;
  /// Migrates forward to schema version `target`, one transaction per
  /// version; `after_step(version)` runs inside each version's transaction
  /// after its own changes (the Store adds what a migration needs beyond the
  /// schema).
  virtual void migrate(int target, const std::function<void(int version)>& after_step) = 0;
  virtual std::unique_ptr<Transaction> begin(Access access) = 0;
  virtual PlanRepository& plans() = 0;
  virtual UnitRepository& units() = 0;
  virtual RecordRepository& records() = 0;
  virtual ExpectedReportRepository& expected_reports() = 0;
  virtual CaseRepository& cases() = 0;
  virtual CellRepository& cells() = 0;
  virtual AuditRepository& audit() = 0;
  virtual PackageRepository& packages() = 0;
  virtual int schema_version() = 0;
  /// What the engine finds wrong with the store's files (empty when nothing).
  virtual std::vector<std::string> check_integrity() = 0;
  /// Called in a catch block: rethrows the exception being handled as the
  /// library's error class (Busy, Conflict, IoError, CorruptStore,
  /// InternalError) when it is the storage engine's own, with `context` (the
  /// store's path) in front; any other exception unchanged.
  [[noreturn]] virtual void rethrow(const std::string& context) = 0;
};

}  // namespace store_port
}  // namespace v1
}  // namespace kehoach
