#pragma once

#include <kehoach/access.hpp>
#include <kehoach/cases.hpp>
#include <kehoach/document.hpp>
#include <kehoach/indicators.hpp>
#include <kehoach/metrics.hpp>
#include <kehoach/export.hpp>
#include <kehoach/plan.hpp>
#include <kehoach/records.hpp>
#include <kehoach/revision.hpp>

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// How to open a store.
struct StoreOptions {
  /// Open an existing file without writing to it. A read-only store refuses
  /// every write with IoError.
  bool read_only = false;
  /// Create the file when it does not exist (ignored when read_only).
  bool create = true;
  /// How long a write waits for another process's write to finish, in ms.
  int busy_timeout_ms = 10000;
  /// Migrate the schema only up to this version (0 = the latest). For tests
  /// and tools that produce fixtures of older versions.
  int schema_version = 0;
};

/// One entry of the audit trail of case data.
struct AuditEntry {
  std::int64_t seq = 0;
  std::string at;  ///< UTC time, `YYYY-MM-DDTHH:MM:SSZ`
  std::string principal;
  Role role = Role::case_worker;
  std::string action;  ///< `case.write`, `case.read`, `case.export`, `aggregate.read`, `audit.read`, …
  std::string detail;  ///< which records: case codes, or the unit and period of an aggregate
  std::string prev_hash;
  std::string hash;
  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

/// The result of checking the audit trail's hash chain.
struct AuditVerification {
  bool intact = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_broken;  ///< seq of the first entry that does not verify
  std::string reason;
  /// The hash of the last entry. The chain proves nothing was changed or
  /// removed before it; that nothing was cut off after a past check is proved
  /// only against a checkpoint (`entries`, `head`) the auditor kept elsewhere.
  std::string head;
  /// Entries whose MAC was checked against the handle's key (0 without a key).
  std::int64_t macs_checked = 0;
};

/// One difference found by Store::check_integrity(const Principal&).
struct IntegrityProblem {
  /// `sqlite` (the file's own checks), `audit` (the trail), `case_changed`
  /// (a case differs from its last audited content), `case_unaudited` (a case
  /// no audited write accounts for), `case_missing` (an audited case is gone),
  /// `digests` (the content hashes of an audited write do not match its
  /// entry), `cells` (a case aggregate cell differs from a rebuild), `seal` (a
  /// sealed release family differs from its digest or from the audit entry of
  /// its sealing, or is gone; decision 0023), `overlap` (the store holds live
  /// cases of a unit whose packages it imports; decision 0024).
  std::string kind;
  /// The record: `unit:code` of a case, `unit/YYYY-MM` of a cell, `unit/YYYY`
  /// of a sealed family, the package's unit for `overlap`, the entry's
  /// sequence number for `digests`; empty for `sqlite` and `audit`.
  std::string record;
  std::string detail;
  friend bool operator==(const IntegrityProblem&, const IntegrityProblem&) = default;
};

/// The result of Store::check_integrity(const Principal&): every problem
/// found, by record; nothing is repaired.
struct IntegrityReport {
  bool intact = true;
  std::int64_t cases_checked = 0;
  std::int64_t cells_checked = 0;
  AuditVerification audit;
  std::vector<IntegrityProblem> problems;
};

/// An integrity report as JSON: `{"intact", "cases_checked", "cells_checked",
/// "audit": {"intact", "entries", "head", "first_broken", "reason",
/// "macs_checked"}, "problems": [{"kind", "record", "detail"}]}`.
KEHOACH_API std::string write_integrity_json(const IntegrityReport& report);

/// What Store::copy_to moved, counted in the destination once it read back
/// equal to the source.
struct CopyReport {
  std::string destination;  ///< as the destination names itself (a URI without its password)
  std::int64_t units = 0;
  std::int64_t plans = 0;
  std::int64_t records = 0;  ///< observations, task updates, allocations, expenditures, submissions, manual statuses
  std::int64_t cases = 0;
  std::int64_t audit_entries = 0;
  std::int64_t packages = 0;
};

/// A copy report as JSON: `{"destination", "units", "plans", "records",
/// "cases", "audit_entries", "packages", "equal": true}`.
KEHOACH_API std::string write_copy_report_json(const CopyReport& report);

/// A plan's place in the cascade of plans — national, province, commune —
/// as its legal bases name their `parent_plan` (docs/plan-document.md, "The
/// cascade of plans"), and the plans it supersedes or is superseded by
/// ("Supersession"). Walk it by asking again for a parent or a child.
struct PlanCascade {
  std::string plan_id;
  /// The plans its legal bases name as `parent_plan` that are in the store, by id.
  std::vector<std::string> parents;
  /// Those named that are not in the store (kept elsewhere, or not imported yet), by id.
  std::vector<std::string> parents_elsewhere;
  /// The stored plans whose legal bases name it as their `parent_plan`, by id.
  std::vector<std::string> children;
  /// The stored plans it names in `supersedes` (the previous period's plan), by id.
  std::vector<std::string> replaces;
  /// Those it names that are not in the store, by id.
  std::vector<std::string> replaces_elsewhere;
  /// The stored plans that name it in `supersedes` (the next period's plans), by id.
  std::vector<std::string> replaced_by;
  friend bool operator==(const PlanCascade&, const PlanCascade&) = default;
};

/// A plan's cascade as JSON: `{"plan", "parents", "parents_elsewhere", "children",
/// "replaces", "replaces_elsewhere", "replaced_by"}`.
KEHOACH_API std::string write_plan_cascade_json(const PlanCascade& cascade);

/// Records of several kinds written together: all or none.
struct RecordBatch {
  std::vector<Observation> observations;
  std::vector<TaskUpdate> task_updates;
  std::vector<Allocation> allocations;
  std::vector<Expenditure> expenditures;
  std::vector<ReportSubmission> submissions;
};

/// Reads a records document (`{"format": "kehoach-records", "format_version": 1,
/// "observations": […], "task_updates": […], "allocations": […],
/// "expenditures": […], "submissions": […]}`, docs/records.md). Errors name
/// the field: `/observations/3/value`.
KEHOACH_API RecordBatch read_records_json(std::string_view json);
/// Reads one kind of record from CSV with a header row (docs/records.md):
/// `kind` is `observations`, `task_updates`, `allocations`, `expenditures` or
/// `submissions`. Errors name the line and column.
KEHOACH_API RecordBatch read_records_csv(std::string_view kind, std::string_view csv);
KEHOACH_API std::string write_records_json(const RecordBatch& batch);
/// An observation's versions (Store::observation_history) as a JSON array of
/// `{"plan", "target", "date", "value", ["numerator", "denominator",]
/// "recorded_at", "replaced_at", "retracted"}`, times UTC text or null.
KEHOACH_API std::string write_observation_history_json(std::span<const ObservationVersion> history);
/// Report submissions with their life (Store::submission_history) as a JSON
/// array of `{"plan", "duty", "reporter", "period", "submitted",
/// "recorded_at", "retracted_at"}`, times UTC text or null.
KEHOACH_API std::string write_submission_history_json(std::span<const SubmissionVersion> history);
/// Allocations with their versions (Store::allocation_history) as a JSON
/// array of `{"plan", "year", "source", "agency", "task", "dated", "amount",
/// "recorded_at", "replaced_at", "retracted"}`, times UTC text or null.
KEHOACH_API std::string write_allocation_history_json(std::span<const AllocationVersion> history);
/// Expenditures with their versions (Store::expenditure_history) as a JSON
/// array of `{"plan", "date", "source", "agency", "task", "amount",
/// ["voucher",] "recorded_at", "replaced_at", "retracted"}`, times UTC text
/// or null.
KEHOACH_API std::string write_expenditure_history_json(std::span<const ExpenditureVersion> history);
/// A task's history (Store::task_history) as a JSON array: each update as a
/// records document writes it (`plan`, `task`, `date`, `by`, `status`, and
/// `progress`, `completed_on`, `note`, `occurrence` when given), with
/// `old_status` and `old_progress`, what it replaced.
KEHOACH_API std::string write_task_history_json(std::span<const TaskChange> history);

/// Audit entries as a JSON array of `{"seq", "at", "principal", "role",
/// "action", "detail", "prev_hash", "hash"}` (docs/cases.md).
KEHOACH_API std::string write_audit_trail_json(std::span<const AuditEntry> entries);

/// Case records as JSON or CSV.
enum class CaseFormat { json, csv };

/// The schema version this library writes.
KEHOACH_API int latest_schema_version() noexcept;

/// One store: a SQLite file (the embedded default) or ":memory:". Foreign keys
/// on, WAL, a busy timeout, prepared statements only. Every public write is
/// one IMMEDIATE transaction: when any part fails, the store is exactly as
/// before, and the error names the record and field.
///
/// A Store is used by one thread at a time; open one per thread (SQLite
/// handles the locking between them and between processes).
class KEHOACH_API Store {
 public:
  /// Opens or creates a store: `path` is a SQLite file, ":memory:", or a
  /// PostgreSQL connection URI (`postgresql://…`, docs/store.md). Throws VersionError for a file of a newer
  /// schema (left untouched), CorruptStore for a file that is not
  /// a kehoach store or is damaged, IoError when it cannot be opened.
  static Store open(const std::string& path, const StoreOptions& options = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version() const;
  /// Whether the store refuses writes: opened with StoreOptions::read_only,
  /// or found on a read-only file system (then opened read-only whatever was
  /// asked, and every write fails with IoError saying so).
  bool read_only() const;
  const std::string& path() const noexcept;

  // ---- plans ----

  /// Imports a plan (validated first; ValidationError names the field). Its
  /// administrative units join the store's tree: a unit already there must be
  /// identical (Conflict otherwise). Throws Conflict when a plan with the same
  /// id is already in the store (a changed text of a stored plan is an
  /// amendment: amend_plan). The cascade is checked (ValidationError): a
  /// `parent_plan` in the store is of the plan's unit or a unit above it
  /// (`/legal_bases/i/parent_plan`), a stored plan naming this one as its
  /// parent is of a unit within this plan's (`/id`), and no plan becomes its
  /// own ancestor. Supersession is checked too (ValidationError): a stored
  /// plan it names in `supersedes` is earlier (`/supersedes/i`), and a
  /// stored plan naming it there is later (`/id`) — earlier: beginning
  /// before, or on the same day and issued before.
  void import_plan(const Plan& plan);
  /// Reads and imports a plan document (read_plan_json, then import_plan).
  PlanDocument import_plan_json(std::string_view json);
  /// Imports several plans in one transaction: all or none.
  void import_plans(std::span<const Plan> plans);
  /// Reads several plan documents and imports them in one transaction: all or
  /// none. An error in document i names it: `/i/targets/0/unit`. The
  /// documents as read, with their warnings (paths of document i from `/i`).
  std::vector<PlanDocument> import_plans_json(std::span<const std::string_view> documents);

  bool has_plan(std::string_view plan_id) const;
  /// The plan as imported. Throws NotFound.
  Plan load_plan(std::string_view plan_id) const;
  /// The plan document as imported (canonical form). Throws NotFound.
  std::string export_plan_json(std::string_view plan_id) const;
  /// Every plan id, sorted.
  std::vector<std::string> plan_ids() const;
  /// Removes a plan while nothing was recorded under it: Conflict, naming
  /// what is recorded, when it has observations, task updates, allocations,
  /// expenditures, submissions, statuses set by hand or agency successions
  /// (what was reported under a plan stays readable). Throws NotFound.
  void remove_plan(std::string_view plan_id);
  /// The plan's place in the cascade of plans, with its supersessions. Throws NotFound.
  PlanCascade plan_cascade(std::string_view plan_id) const;

  /// Records `plan`, a changed text of the stored plan of the same id, as its
  /// next revision, amended by `amendment` (docs/plan-document.md,
  /// "Revisions"). Every earlier revision stays readable; metrics as of a day
  /// use the revision in force that day. Validated as import_plan does
  /// (ValidationError naming the field; `/amendment/<field>` for the amending
  /// document: a number and an issuer, and in force after the revision
  /// before). NotFound when no plan has the id; Conflict, nothing written,
  /// when the unit changes, the number amended another revision already, the
  /// text is unchanged under another amending document, an agency of the
  /// text has the id of one a succession brought in, the text drops a
  /// target, task, duty, agency or funding source that records, statuses set
  /// by hand or agency successions refer to (the message names each), or a
  /// recorded agency succession no longer fits the text. An amendment already
  /// recorded (the same document and text, of any revision) changes nothing
  /// and returns the revision it made. VersionError below schema 12.
  PlanRevision amend_plan(const Plan& plan, const Amendment& amendment);
  /// Reads a plan document (read_plan_json), then amend_plan.
  PlanRevision amend_plan_json(std::string_view json, const Amendment& amendment);
  /// A plan's revisions, oldest first: one (revision 1, the plan as
  /// imported) for a plan never amended. Throws NotFound.
  std::vector<PlanRevision> plan_history(std::string_view plan_id) const;
  /// The text of revision `revision` of a plan. Throws NotFound (naming the
  /// revision when the plan has no such one).
  Plan plan_revision(std::string_view plan_id, int revision) const;
  /// The changes from revision `from` to revision `to` of a plan
  /// (diff_plans). Throws NotFound.
  PlanDiff plan_diff(std::string_view plan_id, int from, int to) const;

  /// Every administrative unit the store knows, by code.
  std::vector<AdministrativeUnit> units() const;

  // ---- records (bulk: one transaction per call, all or none) ----

  /// Records observations keyed by plan, target and date (docs/records.md):
  /// a key recorded with the same value, numerator and denominator changes
  /// nothing (a file recorded twice stores its rows once); with another value
  /// it is a correction, and the version it replaces stays readable
  /// (observation_history). One batch giving a key twice with different
  /// values is a ValidationError naming both rows.
  void record_observations(std::span<const Observation> observations);
  /// The observations that hold (neither corrected nor retracted), by date.
  std::vector<Observation> observations(std::string_view plan_id, std::string_view target_id) const;
  /// Every version of a target's observations, by date and then in the order
  /// recorded, with when each was recorded and replaced. Throws NotFound for
  /// a plan or target the store does not hold.
  std::vector<ObservationVersion> observation_history(std::string_view plan_id, std::string_view target_id) const;
  /// Retracts the observation of a target on a date: it no longer counts,
  /// and stays in the history marked retracted. Throws NotFound naming the
  /// observation when none holds for that key.
  void retract_observation(std::string_view plan_id, std::string_view target_id, Date date);
  std::size_t observation_count() const;  ///< the observations that hold

  /// Records task updates in order; each becomes one history entry holding
  /// the status and progress it replaced. An update equal in every field to
  /// one the store holds, or to one before it in `updates`, is a no-op, so a
  /// file recorded again adds nothing (decision 0031).
  void record_task_updates(std::span<const TaskUpdate> updates);
  /// Every update of a task in the order recorded, each with the status and
  /// progress it replaced (NotFound for an unknown plan or task).
  std::vector<TaskChange> task_history(std::string_view plan_id, std::string_view task_id) const;

  /// Records allocations keyed by plan, year, source, agency, task and
  /// `dated` (docs/records.md): a key recorded with the same amount changes
  /// nothing; with another amount it is a correction, and the version it
  /// replaces stays readable (allocation_history). A revision during the
  /// year is another `dated`. One batch giving a key twice with different
  /// amounts is a ValidationError naming both rows.
  void record_allocations(std::span<const Allocation> allocations);
  /// The allocations that hold (neither corrected nor retracted), by year,
  /// source, agency, task and `dated` (an order a copy keeps).
  std::vector<Allocation> allocations(std::string_view plan_id) const;
  /// Every version of a plan's allocations, by year, source, agency, task
  /// and `dated`, then in the order recorded, with when each was recorded
  /// and replaced. Throws NotFound for a plan the store does not hold.
  std::vector<AllocationVersion> allocation_history(std::string_view plan_id) const;
  /// Retracts the allocation that holds for the key of `allocation` (its
  /// plan, year, source, agency, task and `dated`; the amount is not read):
  /// it no longer counts, an earlier revision of the slice is in force again,
  /// and it stays in the history marked retracted. Throws NotFound naming the
  /// allocation when none holds for that key.
  void retract_allocation(const Allocation& allocation);

  /// Records payments keyed by plan, date, source, agency, task and voucher
  /// number, and by the amount when there is no voucher (docs/records.md,
  /// decision 0032): a payment recorded again changes nothing (a file
  /// recorded twice stores its rows once); a payment with a voucher recorded
  /// with another amount is a correction, and the version it replaces stays
  /// readable (expenditure_history). One batch giving the same payment twice
  /// without a voucher, or one voucher with two amounts, is a
  /// ValidationError naming both rows (two equal payments without vouchers
  /// cannot be told apart: give their vouchers, or one row with their sum);
  /// one voucher given twice with one amount is one payment.
  void record_expenditures(std::span<const Expenditure> expenditures);
  /// The expenditures that hold (neither corrected nor retracted), by date,
  /// source, agency, task and voucher (an order a copy keeps; a store kept
  /// below 16, by date and as recorded).
  std::vector<Expenditure> expenditures(std::string_view plan_id) const;
  /// Every version of a plan's expenditures, in the order of expenditures()
  /// and then as recorded, with when each was recorded and replaced. Throws
  /// NotFound for a plan the store does not hold (schema 16).
  std::vector<ExpenditureVersion> expenditure_history(std::string_view plan_id) const;
  /// Retracts the payment that holds for the key of `expenditure` (its plan,
  /// date, source, agency, task and voucher; the amount is read only when
  /// there is no voucher): it no longer counts, and stays in the history
  /// marked retracted. Throws NotFound naming the payment when none holds.
  void retract_expenditure(const Expenditure& expenditure);

  /// Records report submissions keyed by plan, duty, reporter, period and
  /// day submitted (docs/records.md): a submission already held changes
  /// nothing (a file recorded twice stores its rows once); the same report
  /// sent again on another day is kept as another submission, and the first
  /// still judges timeliness (METRICS.md §3).
  void record_submissions(std::span<const ReportSubmission> submissions);

  /// Records every kind of a batch in one transaction: all or none. Errors
  /// name the kind, row and field (`/submissions/2/period`).
  void record(const RecordBatch& batch);
  /// The submissions that hold (not retracted), by duty, period, reporter
  /// and day submitted (an order a copy keeps).
  std::vector<ReportSubmission> submissions(std::string_view plan_id) const;
  /// Every submission under a duty of a plan, retracted ones too, by period,
  /// reporter and day submitted, with when each was recorded and retracted.
  /// Throws NotFound for a plan or duty the store does not hold.
  std::vector<SubmissionVersion> submission_history(std::string_view plan_id, std::string_view duty_id) const;
  /// Retracts a submission recorded by mistake (`submission` names it by
  /// plan, duty, reporter, period and day submitted): it no longer counts,
  /// the report's first submission becomes the earliest that still holds,
  /// and it stays in the history with the time it was retracted. Throws
  /// NotFound naming the submission when none holds for that key.
  void retract_submission(const ReportSubmission& submission);

  /// Adds administrative units to the store's tree (units that plans have not
  /// brought): each is a version of its code the store holds, or a new
  /// version that overlaps none (ValidationError naming `/units/i/…`).
  void import_units(std::span<const AdministrativeUnit> units);

  // ---- the unit register: versions and successions (docs/data-model.md,
  // "Units over time"; schema version 9) ----

  /// Records versions of units and the successions between them, in one
  /// transaction: all or none. A version with the name, level and parent of
  /// a stored version of its code (and its dates where both give one) is that
  /// version, whose absent dates are learned; any other is a new version. A
  /// succession closes the version it leaves on the day before its date.
  /// Nothing is ever deleted. ValidationError names `/versions/i/field` or
  /// `/successions/j/field`: overlapping versions of one code, a version that
  /// ends before it starts, a parent that is unknown or not of a higher level,
  /// a succession to a unit of another level or with no version valid on its
  /// date (so successions never form a cycle), shares of a split that do not
  /// sum to 1.
  void import_register(const UnitRegister& units);
  /// One code's versions and successions. Throws NotFound.
  UnitHistory unit_history(std::string_view code) const;
  /// The units as they were on `day`: every version valid on it, by level
  /// and code (the geography a roll-up by boundaries uses).
  std::vector<UnitVersion> units_on(Date day) const;
  /// Every succession, by from, date and to.
  std::vector<Succession> successions() const;

  // ---- agencies over time (docs/data-model.md, "Agencies over time";
  // schema version 10) ----

  /// Records that agencies of plans ended and their obligations passed to
  /// successors, in one transaction: all or none. Checked against each
  /// plan and its stored successions (ValidationError naming
  /// `/successions/i/field`): the plan and agency exist; an agency passes its
  /// duties on once, on the day after its valid_to when it has one and after
  /// any day it took duties over; each successor is the plan's (or joins
  /// with the succession, with a unit the store knows), alive on the date,
  /// and named once; each task and duty is handed over once, and one
  /// successor at most takes the rest. From the date, compliance counts the
  /// agency's tasks due and reports due against their successor (or lists
  /// them as orphaned), and a successor may file the reports it took over.
  void record_agency_successions(std::span<const AgencySuccession> successions);
  /// As record_agency_successions, from a document (read_agency_successions_json).
  std::vector<AgencySuccession> record_agency_successions_json(std::string_view json);
  /// The agency successions of a plan, in the order recorded (NotFound for
  /// an unknown plan).
  std::vector<AgencySuccession> agency_successions(std::string_view plan_id) const;

  // ---- case records: every call takes the acting principal, checks its role
  // and unit, and is recorded in the audit trail ----

  /// Records new cases (case worker of a unit above or equal to each case's
  /// unit). A referral without consent to services needs an override made by
  /// this principal, with the override right. All or none. A case of a unit
  /// an imported package covers is a Conflict (decision 0024).
  void record_cases(const Principal& principal, std::span<const CaseRecord> cases);
  /// Replaces a recorded case (services, measures and referrals added since),
  /// found by its code in the principal's subtree (in `updated.unit` when two
  /// units use the code); it may move to another unit of the subtree, but not
  /// into a unit an imported package covers (Conflict, decision 0024).
  void update_case(const Principal& principal, const CaseRecord& updated);
  /// update_case checked against the version the caller read
  /// (case_version): Conflict, nothing written, when the case changed since;
  /// an empty `expected_version` is not checked. Returns the new version.
  std::string update_case(const Principal& principal, const CaseRecord& updated, std::string_view expected_version);
  /// Closes the open case `code` (of `unit`, or found in the principal's
  /// subtree when `unit` is empty, as load_case) on `closed_on`, which lies
  /// neither before its intake nor in the future (ValidationError naming
  /// `/0/closed_on`, as for the one case of an update). Conflict when it is closed already, or when
  /// `expected_version` is given and the case changed since it was read.
  /// Audited as `case.close`. Returns the new version.
  std::string close_case(const Principal& principal, std::string_view unit, std::string_view code, Date closed_on,
                         std::string_view expected_version = {});
  /// Reopens the closed case `code` (its closing date is dropped): Conflict
  /// when it is open, or changed since `expected_version`. Audited as
  /// `case.reopen`. Returns the new version.
  std::string reopen_case(const Principal& principal, std::string_view unit, std::string_view code,
                          std::string_view expected_version = {});
  /// A page of the cases of `unit`'s subtree (docs/cases.md): summaries in
  /// order of intake date, unit and code, `query.limit` at most (1 to 1000,
  /// InvalidArgument otherwise, as for a `query.after` that is no cursor of a
  /// page). Case workers of a unit above or equal to `unit`; audited as
  /// `case.list` with the cases listed.
  CasePage list_cases(const Principal& principal, std::string_view unit, const CaseQuery& query = {});
  /// update_case from a cases document (JSON) holding exactly that case;
  /// InvalidArgument when it holds none or several. Returns the case read.
  CaseRecord update_case_json(const Principal& principal, std::string_view json);
  /// The case `code` in the principal's subtree. Codes are unique within a
  /// unit, not across units: when two units of the subtree use `code`, name
  /// the unit (InvalidArgument otherwise). A case the principal may not see is
  /// NotFound, exactly like one that does not exist.
  CaseRecord load_case(const Principal& principal, std::string_view code);
  CaseRecord load_case(const Principal& principal, std::string_view unit, std::string_view code);
  /// The cases of `unit`'s subtree whose intake date lies in `period`.
  std::vector<CaseRecord> cases(const Principal& principal, std::string_view unit, const Period& period);
  std::string export_cases(const Principal& principal, std::string_view unit, const Period& period, CaseFormat format);
  /// Imports a JSON or CSV case batch; errors name the case (`/cases/3/…`) or the CSV line.
  std::size_t import_cases(const Principal& principal, std::string_view text, CaseFormat format);

  /// The case indicators of `unit`'s subtree. A case worker of the unit gets
  /// them as they are; an officer gets them through disclosure control.
  CaseIndicators case_indicators(const Principal& principal, std::string_view unit, const Period& period,
                                 Date as_of, const DisclosureOptions& disclosure = {});
  /// The same by the units as they were on `boundaries` (decision 0021):
  /// `unit` is a unit valid on that day, whose territory then is wholly within
  /// the principal's unit today (PermissionDenied otherwise; NotFound when it
  /// has no version that day). Every principal, a case worker too, gets
  /// released numbers from the sealed family of the principal's unit
  /// (decision 0023: closed years only), controlled over exactly the family's
  /// positions that fall in `unit` — a divided unit's cases, and a month in
  /// which a unit changed version, held at the common ancestor.
  CaseIndicators case_indicators(const Principal& principal, std::string_view unit, const Period& period,
                                 Date as_of, Date boundaries, const DisclosureOptions& disclosure = {});

  /// An aggregate report package of `unit` for `period` (JSON, already
  /// suppressed, no case-level data), for the unit above.
  std::string export_package(const Principal& principal, std::string_view unit, const Period& period, Date as_of,
                             const DisclosureOptions& disclosure = {});
  /// Imports a package from a unit below the principal's. The same package
  /// twice, a second package for the same unit and period, or a package of a
  /// unit whose cases this store holds (decision 0024), is a Conflict.
  void import_package(const Principal& principal, std::string_view json);
  /// Rolls up the imported packages of the units in `unit`'s subtree for
  /// `period`: counts and numerators and denominators add up; cells withheld
  /// below make the result `incomplete`; disclosure control applies again.
  /// A threshold k below 1 is InvalidArgument.
  CaseIndicators rolled_up_packages(const Principal& principal, std::string_view unit, const Period& period,
                                    const DisclosureOptions& disclosure = {});
  /// The same by the units as they were on `boundaries` (decision 0021):
  /// `unit` is a unit valid on that day, whose territory then is wholly within
  /// the principal's unit today (PermissionDenied otherwise; NotFound when it
  /// has no version that day). A package counts where its unit, dated in its
  /// period, falls on that day: the package of a divided unit is held at the
  /// lowest common ancestor of the units it became.
  CaseIndicators rolled_up_packages(const Principal& principal, std::string_view unit, const Period& period,
                                    Date boundaries, const DisclosureOptions& disclosure = {});

  /// The audit trail (auditors only).
  std::vector<AuditEntry> audit_trail(const Principal& principal);
  /// Checks the hash chain and reports the first broken link (auditors only).
  /// With a key set on the handle, also every entry's MAC from the first
  /// keyed entry on, and the last entry must carry one.
  AuditVerification verify_audit(const Principal& principal);
  /// Sets the portal's key for the audit trail (at least 16 bytes, kept
  /// outside the store): every entry this handle appends carries an
  /// HMAC-SHA256 of its hash, and verify_audit checks them, so the chain
  /// cannot be rewritten without the key. An empty key clears it.
  void set_audit_key(std::string_view key);
  /// Everything check_integrity() checks, and that the case tables equal
  /// their last audited content and the case cells a rebuild from the cases
  /// (auditors only; audited). Every difference is reported by record.
  IntegrityReport check_integrity(const Principal& principal);
  /// Copies the whole store into the empty store at `destination` — a file
  /// path or a PostgreSQL URI, whichever engine this one is — made when
  /// missing: units, plans and their records, cases and their cells, the
  /// audit trail as it is (MACs included) and report packages; then reads the
  /// destination back and checks it equal to this store (auditors only;
  /// audited: the entry `store.copy` goes into this store's trail first, so
  /// the copy carries it too). All or nothing: on any failure the
  /// destination holds nothing of it (a file made for it is removed).
  /// InvalidArgument when the destination already holds data; CorruptStore
  /// when this store's audit trail does not verify (a broken trail is not
  /// moved on) or the copy does not read back equal.
  CopyReport copy_to(const Principal& principal, const std::string& destination);

  // ---- metrics (METRICS.md) ----

  /// Every metric of a plan as of `as_of`. Throws NotFound.
  PlanMetrics plan_metrics(std::string_view plan_id, Date as_of, const MetricsOptions& options = {});
  /// The metrics of every plan of `unit`'s subtree, and their roll-up.
  UnitMetrics unit_metrics(std::string_view unit, Date as_of, const MetricsOptions& options = {});
  /// The reporting of every plan of `unit`'s subtree as of `as_of`, from the
  /// expected reports kept at write time. Throws NotFound for an unknown unit.
  ReportingRollup reporting_rollup(std::string_view unit, Date as_of);
  /// The same by the units as they were on `boundaries` (decision 0021, as
  /// MetricsOptions::boundaries): `units` are the units valid on that day
  /// that hold plans. NotFound when `unit` has no version valid on the day.
  ReportingRollup reporting_rollup(std::string_view unit, Date as_of, Date boundaries);
  /// Records a status set by hand on a target or task, with who and why.
  void set_manual_status(const ManualStatus& status);

  /// Runs SQLite's integrity and foreign-key checks; the problems found, or
  /// nothing.
  std::vector<std::string> check_integrity() const;

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace v1
}  // namespace kehoach
