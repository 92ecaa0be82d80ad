#pragma once

#include <kehoach/document.hpp>
#include <kehoach/export.hpp>
#include <kehoach/plan.hpp>
#include <kehoach/records.hpp>

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// How to open a store.
struct StoreOptions {
  /// Open an existing file without writing to it. A read-only store refuses
  /// every write with StoreError(io).
  bool read_only = false;
  /// Create the file when it does not exist (ignored when read_only).
  bool create = true;
  /// How long a write waits for another process's write to finish, in ms.
  int busy_timeout_ms = 10000;
  /// Migrate the schema only up to this version (0 = the latest). For tests
  /// and tools that produce fixtures of older versions.
  int schema_version = 0;
};

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
  /// Opens or creates a store. Throws VersionError for a file of a newer
  /// schema (left untouched), StoreError(corrupt_store) for a file that is not
  /// a kehoach store or is damaged, StoreError(io) when it cannot be opened.
  static Store open(const std::string& path, const StoreOptions& options = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version() const;
  const std::string& path() const noexcept;

  // ---- plans ----

  /// Imports a plan (validated first; ValidationError names the field). Its
  /// administrative units join the store's tree: a unit already there must be
  /// identical (Conflict otherwise). Throws Conflict when a plan with the same
  /// id is already in the store.
  void import_plan(const Plan& plan);
  /// Reads and imports a plan document (read_plan_json, then import_plan).
  PlanDocument import_plan_json(std::string_view json);
  /// Imports several plans in one transaction: all or none.
  void import_plans(std::span<const Plan> plans);

  bool has_plan(std::string_view plan_id) const;
  /// The plan as imported. Throws NotFound.
  Plan load_plan(std::string_view plan_id) const;
  /// The plan document as imported (canonical form). Throws NotFound.
  std::string export_plan_json(std::string_view plan_id) const;
  /// Every plan id, sorted.
  std::vector<std::string> plan_ids() const;
  /// Removes a plan and everything recorded against it. Throws NotFound.
  void remove_plan(std::string_view plan_id);

  /// Every administrative unit the store knows, by code.
  std::vector<AdministrativeUnit> units() const;

  // ---- records (bulk: one transaction per call, all or none) ----

  void record_observations(std::span<const Observation> observations);
  std::vector<Observation> observations(std::string_view plan_id, std::string_view target_id) const;
  std::size_t observation_count() const;

  /// Records task updates in order; each becomes one history entry holding
  /// the status and progress it replaced.
  void record_task_updates(std::span<const TaskUpdate> updates);
  std::vector<TaskChange> task_history(std::string_view plan_id, std::string_view task_id) const;

  void record_allocations(std::span<const Allocation> allocations);
  std::vector<Allocation> allocations(std::string_view plan_id) const;

  void record_expenditures(std::span<const Expenditure> expenditures);
  std::vector<Expenditure> expenditures(std::string_view plan_id) const;

  void record_submissions(std::span<const ReportSubmission> submissions);
  std::vector<ReportSubmission> submissions(std::string_view plan_id) const;

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
