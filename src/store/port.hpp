#pragma once

// The storage port: what the Store asks of a storage engine, in the terms of
// the model. The Store orchestrates (access check, validation by the engine,
// transaction, repositories, derived data, audit); a storage engine — the
// SQLite adapter in src/store/sqlite/, the PostgreSQL one to come — only
// reads and writes rows. No engine header is included here, and nothing here
// checks a rule: a repository writes what the Store has already checked.
//
// Still outside the port (issue 15, the next slices): the case repositories,
// their cells and the audit trail (src/store/case_store.cpp and case_cells.cpp
// use the SQLite connection directly).

#include <kehoach/plan.hpp>
#include <kehoach/records.hpp>
#include <kehoach/unit.hpp>

#include "metrics/engine.hpp"
#include "model/record_checks.hpp"

#include <array>
#include <cstddef>
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
  /// Removes the plan and every record of it; false when there was none.
  virtual bool remove(std::string_view plan_id) = 0;
  /// The ids of the plans of `unit`'s subtree (its descendants, and units
  /// merged into any of them), in order.
  virtual std::vector<std::string> ids_in_subtree(std::string_view unit) = 0;
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

  virtual void add_observations(std::span<const Observation> rows) = 0;
  virtual void add_task_change(const TaskChange& change) = 0;
  virtual void add_allocations(std::span<const Allocation> rows) = 0;
  virtual void add_expenditures(std::span<const Expenditure> rows) = 0;
  virtual void add_submissions(std::span<const ReportSubmission> rows) = 0;

  virtual std::vector<Observation> observations(std::string_view plan_id, std::string_view target_id) = 0;
  virtual std::size_t observation_count() = 0;
  virtual std::vector<TaskChange> task_history(std::string_view plan_id, std::string_view task_id) = 0;
  virtual std::vector<Allocation> allocations(std::string_view plan_id) = 0;
  virtual std::vector<Expenditure> expenditures(std::string_view plan_id) = 0;
  virtual std::vector<ReportSubmission> submissions(std::string_view plan_id) = 0;

  /// The plan's records dated on or before `as_of`, each list in the order
  /// engine::PlanRecords documents: the metrics engine's input.
  virtual engine::PlanRecords as_of(const std::string& plan_id, Date as_of) = 0;
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
};

/// One open store of a storage engine.
class Storage {
 public:
  virtual ~Storage() = default;
  virtual std::unique_ptr<Transaction> begin(Access access) = 0;
  virtual PlanRepository& plans() = 0;
  virtual UnitRepository& units() = 0;
  virtual RecordRepository& records() = 0;
  virtual ExpectedReportRepository& expected_reports() = 0;
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
