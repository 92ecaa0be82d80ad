#pragma once

// The metrics engine (METRICS.md §1–4, 6): pure functions over value
// snapshots — a plan and its records up to a date — with no database and no
// I/O. The store reads the snapshot (src/store/metrics_store.cpp) and calls
// these; tests drive them directly. Each rule is defined here once.

#include <kehoach/error.hpp>
#include <kehoach/metrics.hpp>
#include <kehoach/plan.hpp>
#include <kehoach/records.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace engine {

// ---- the snapshot of a plan's records (each list in date, then insertion order) ----

struct ObservationRow {
  std::string target_id;
  Date date;
  double value = 0;
  std::optional<double> numerator, denominator;
};

struct TaskUpdateRow {
  std::string task_id;
  Date date;
  TaskStatus status = TaskStatus::planned;
  std::optional<double> progress;
  std::optional<Date> completed_on;
  std::optional<int> occurrence;
};

struct SubmissionRow {
  std::string duty_id, reporter;
  Date period_start;
  Date submitted;
};

// One revision of an allocation; the latest revision dated on or before the
// as-of date is the one in force.
struct AllocationRow {
  int year = 0;
  std::string source_id, agency_id;
  std::optional<std::string> task_id;
  Date dated;
  Dong amount;
};

struct ExpenditureRow {
  Date date;
  std::string source_id, agency_id;
  std::optional<std::string> task_id;
  Dong amount;
};

// Everything recorded under one plan on or before the as-of date. Lists may
// hold later rows too: the engine ignores them.
struct PlanRecords {
  std::vector<ObservationRow> observations;     // by target, date, insertion
  std::vector<TaskUpdateRow> task_updates;      // by task, date, insertion
  std::vector<ManualStatus> manual_statuses;    // by date, insertion: the latest per item holds
  std::vector<SubmissionRow> submissions;
  std::vector<AllocationRow> allocations;       // by dated, insertion
  std::vector<ExpenditureRow> expenditures;
  std::vector<AgencySuccession> agency_successions;  // the plan's, checked, in the order recorded
};

/// Every metric of a plan as of `as_of` (check_metrics_options first).
PlanMetrics plan_metrics(const Plan& plan, const PlanRecords& records, Date as_of, const MetricsOptions& options);

/// The roll-up of a unit's plans (each already computed as of `as_of`).
UnitMetrics unit_metrics(std::string unit, Date as_of, std::vector<PlanMetrics> plans);

/// Refuses options and dates the engine cannot use (InvalidArgument).
void check_metrics_options(Date as_of, const MetricsOptions& options);
/// Whether `t` is a UTC time to the second, `YYYY-MM-DDTHH:MM:SSZ`, of a valid day.
bool is_utc_time(std::string_view t);

// ---- reporting (METRICS.md §3) ----

struct ExpectedReport {
  std::string duty_id;
  std::string reporter;
  Period period;
  Date deadline{};
  DeadlineRule rule = DeadlineRule::by;
};

/// Every report the plan's duties with a deadline expect over the plan's
/// period, in duty, year, period and reporter order.
std::vector<ExpectedReport> expected_reports_of(const Plan& plan);

/// Whether a submission is on time, knowing only how it compares with its
/// deadline (-1 before, 0 on the day, 1 after): the same rule as on_time().
bool on_time_by_order(DeadlineRule rule, int order);

/// The on-time rule as a table, for a store that counts in its own engine:
/// entry [3 * r + order + 1] says whether a first submission that compares
/// with its deadline as `order` (-1 before, 0 on the day, 1 after) is on time
/// under rule r (0 "before", 1 "by"). The store binds these answers; it
/// holds no rule of its own.
std::array<bool, 6> on_time_table();

/// One unit's reporting as the store counted it: its plans, the expected
/// reports whose deadline has come, those received and those on time.
struct UnitReportingCount {
  std::string unit;
  std::int64_t plans = 0, expected = 0, received = 0, on_time = 0;
};

/// The reporting roll-up of a unit's subtree from its units' counts.
ReportingRollup reporting_rollup(std::string unit, Date as_of, const std::vector<UnitReportingCount>& units);

// ---- manual statuses ----

/// The errors of a manual status, by field (`/status`, `/reason`, …); the
/// store checks that the item exists.
std::vector<Diagnostic> check_manual_status(const ManualStatus& status);

}  // namespace engine
}  // namespace v1
}  // namespace kehoach
