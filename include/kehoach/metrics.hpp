#pragma once

// The metrics engine: METRICS.md §1–4, 6 and 8 over the store, as of a date.
// Case indicators (§5, §7) are in indicators.hpp.

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/export.hpp>
#include <kehoach/indicators.hpp>
#include <kehoach/money.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// A target's status; declared from worst to best, the order in which an
/// item's status is the worst of its indicators'.
enum class TargetStatus { no_data, missed, off_track, at_risk, on_track, achieved };

enum class MilestoneOutcome { met, missed, no_data };

/// A status an official set by hand, with the reason. Results show it beside
/// the computed status, never instead of it.
struct ManualStatus {
  std::string plan_id;
  std::string kind;     ///< "target" or "task"
  std::string item_id;  ///< target or task id
  std::string status;   ///< a target status code, or a task status code
  std::string reason;
  std::string by;
  Date date{};
  friend bool operator==(const ManualStatus&, const ManualStatus&) = default;
};

struct MetricsOptions {
  double tau = 0.10;  ///< the at-risk band, as a share of the distance to the final target
  /// A unit's roll-up by the units as they were on this day (decision 0021):
  /// each plan counts in the unit valid on the day that holds its unit as the
  /// plan named it (merges exactly; a divided unit, or one formed from parts,
  /// at the lowest common ancestor of its parts). Absent: the store's tree as
  /// recorded (each unit's current row, a merged unit under its successor).
  /// Pass the as-of date for "the units as they are now".
  std::optional<Date> boundaries = std::nullopt;
  /// What was known at this time, UTC `YYYY-MM-DDTHH:MM:SSZ` (decision
  /// 0030): the records as they stood then — an observation, submission or
  /// allocation recorded later does not count, one corrected or retracted
  /// later counts as it was — and the plan text in force among the revisions
  /// recorded by then. Absent: everything as it stands now. Expenditures
  /// count as known from schema 16; task updates and statuses set by hand
  /// keep no record time and count by their dates alone (docs/records.md).
  std::optional<std::string> known_at = std::nullopt;
};

struct MilestoneResult {
  Date date{};
  double target = 0;
  std::optional<double> observed;
  MilestoneOutcome outcome = MilestoneOutcome::no_data;
  friend bool operator==(const MilestoneResult&, const MilestoneResult&) = default;
};

struct TargetProgress {
  std::string target_id;
  std::string code;
  int indicator = 1;
  TargetUnit unit = TargetUnit::percent;
  Comparator comparator = Comparator::at_least;
  std::optional<double> actual;
  std::optional<Date> actual_date;
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<double> expected;
  TargetStatus status = TargetStatus::no_data;
  std::optional<ManualStatus> manual;
  std::optional<double> attainment;  ///< percent, clamped to 0–100
  std::vector<MilestoneResult> milestones;
  friend bool operator==(const TargetProgress&, const TargetProgress&) = default;
};

/// A printed item (a, b, …) and the worst status of its indicators.
struct ItemProgress {
  std::string code;
  TargetStatus status = TargetStatus::no_data;
  std::vector<std::string> targets;
  friend bool operator==(const ItemProgress&, const ItemProgress&) = default;
};

/// One obligation of a task: the task itself, or one year of a yearly task.
struct TaskOccurrence {
  std::string task_id;
  std::optional<int> year;
  std::optional<Date> due;
  bool completed = false;  ///< on or before the as-of date
  std::optional<Date> completed_on;
  bool overdue = false;
  bool late = false;  ///< completed after its due date
  friend bool operator==(const TaskOccurrence&, const TaskOccurrence&) = default;
};

struct TaskNodeProgress {
  std::string task_id;
  std::string section;
  std::optional<double> progress;  ///< 0–100; none for a cancelled node or one with no live children
  TaskStatus status = TaskStatus::planned;
  std::optional<ManualStatus> manual;
  friend bool operator==(const TaskNodeProgress&, const TaskNodeProgress&) = default;
};

struct TaskMetrics {
  std::int64_t occurrences = 0;  ///< non-cancelled
  std::int64_t cancelled = 0;
  std::int64_t due = 0;
  std::int64_t overdue = 0;
  std::int64_t completed = 0;
  std::int64_t completed_on_time = 0;  ///< among due occurrences
  std::int64_t completed_late = 0;
  Rate completion_rate;
  Rate on_time_rate;
  std::vector<TaskOccurrence> overdue_list;
  std::vector<TaskNodeProgress> progress;
  friend bool operator==(const TaskMetrics&, const TaskMetrics&) = default;
};

struct ReportStatus {
  std::string duty_id;
  std::string reporter;
  Period period;
  Date deadline{};
  std::optional<Date> submitted;  ///< the first submission on or before the as-of date
  bool on_time = false;
  /// The agency that answers for the report: `reporter`, or its successor when
  /// `reporter` ended before the deadline (AgencySuccession); none when the
  /// report is orphaned.
  std::optional<std::string> responsible;
  friend bool operator==(const ReportStatus&, const ReportStatus&) = default;
};

struct ReportingMetrics {
  std::int64_t expected = 0;
  std::int64_t received = 0;
  std::int64_t on_time = 0;
  Rate reporting_rate;
  Rate on_time_rate;
  std::vector<ReportStatus> missing;  ///< expected with no submission, by agency and period
  std::vector<ReportStatus> late;
  friend bool operator==(const ReportingMetrics&, const ReportingMetrics&) = default;
};

/// Allocated and spent money of one slice (a year, a source, an agency, a
/// task, or all of them).
struct BudgetSlice {
  std::string key;  ///< `2025`, a source id, an agency id, a task id, or `total`
  Dong allocated;
  Dong spent;
  std::optional<double> execution_rate;  ///< percent; none when nothing is allocated
  friend bool operator==(const BudgetSlice&, const BudgetSlice&) = default;
};

struct SourceShare {
  std::string source_id;
  FundingKind kind = FundingKind::state_budget;
  Dong allocated;
  std::optional<double> share;  ///< percent of the allocated total
  friend bool operator==(const SourceShare&, const SourceShare&) = default;
};

struct BudgetMetrics {
  BudgetSlice total;
  std::vector<BudgetSlice> by_year;
  std::vector<BudgetSlice> by_source;
  std::vector<BudgetSlice> by_agency;
  std::vector<BudgetSlice> by_task;
  std::vector<SourceShare> source_mix;
  friend bool operator==(const BudgetMetrics&, const BudgetMetrics&) = default;
};

struct AgencyCompliance {
  std::string agency_id;
  std::string name;
  std::int64_t task_due = 0;
  std::int64_t task_met = 0;
  std::int64_t report_due = 0;
  std::int64_t report_met = 0;
  Rate tasks;
  Rate reports;
  Rate compliance;  ///< (task_met + report_met) / (task_due + report_due); none when nothing is due
  /// Of task_due and report_due, those that passed to it from an agency that ended.
  std::int64_t task_inherited = 0;
  std::int64_t report_inherited = 0;
  /// Its last day, when it ended (its valid_to, or the day before its succession).
  std::optional<Date> ended;
  friend bool operator==(const AgencyCompliance&, const AgencyCompliance&) = default;
};

/// An obligation due by the as-of date whose agency ended with no successor
/// for it: counted in the plan's task and reporting metrics, against no agency.
struct OrphanedObligation {
  std::string kind;       ///< `task` or `report`
  std::string item_id;    ///< the task id or the duty id
  std::string agency_id;  ///< the agency that ended (the last one the obligation passed to)
  Date due{};             ///< the occurrence's due date or the report's deadline
  std::optional<int> year;        ///< a yearly task's occurrence
  std::optional<Period> period;   ///< a report's period
  friend bool operator==(const OrphanedObligation&, const OrphanedObligation&) = default;
};

/// Every metric of one plan as of a date.
struct KEHOACH_API PlanMetrics {
  std::string plan_id;
  Date as_of{};
  std::vector<TargetProgress> targets;
  std::vector<ItemProgress> items;
  TaskMetrics tasks;
  ReportingMetrics reporting;
  BudgetMetrics budget;
  std::vector<AgencyCompliance> agencies;
  Rate plan_compliance;  ///< over the agencies' obligations: orphaned ones are not in it
  std::vector<OrphanedObligation> orphaned;
  std::optional<std::string> known_at;  ///< MetricsOptions::known_at, when given
  friend bool operator==(const PlanMetrics&, const PlanMetrics&) = default;

  const TargetProgress* target(std::string_view id) const noexcept;
  const AgencyCompliance* agency(std::string_view id) const noexcept;
};

/// The plans of a unit's subtree, and their counts added up (rates from the
/// sums of numerators and denominators, never means of rates).
struct UnitMetrics {
  std::string unit;
  Date as_of{};
  std::vector<PlanMetrics> plans;
  std::int64_t task_due = 0, task_overdue = 0, task_completed_on_time = 0;
  std::int64_t reports_expected = 0, reports_received = 0, reports_on_time = 0;
  Dong allocated, spent;
  Rate on_time_rate, reporting_rate, report_on_time_rate, compliance;
  std::optional<double> execution_rate;
  std::optional<Date> boundaries;  ///< the day whose units the roll-up used (MetricsOptions::boundaries)
  std::optional<std::string> known_at;  ///< MetricsOptions::known_at, when given
  friend bool operator==(const UnitMetrics&, const UnitMetrics&) = default;
};

/// The reporting of one unit's own plans, a part of a ReportingRollup.
struct UnitReporting {
  std::string unit;
  std::int64_t expected = 0, received = 0, on_time = 0;
  friend bool operator==(const UnitReporting&, const UnitReporting&) = default;
};

/// The reporting (METRICS.md §3) of every plan of a unit's subtree as of a
/// date, summed, and by the unit each plan belongs to. Equal to the sums of
/// `plan_metrics(…).reporting` over the same plans, but read from the expected
/// reports the store keeps at write time rather than by computing every metric
/// of every plan: the call for a portal's reporting roll-up.
struct ReportingRollup {
  std::string unit;
  Date as_of{};
  std::int64_t plans = 0;
  std::int64_t expected = 0, received = 0, on_time = 0;
  Rate reporting_rate;              ///< received / expected
  Rate on_time_rate;                ///< on time / expected
  std::vector<UnitReporting> units;  ///< units with plans, by code
  std::optional<Date> boundaries;    ///< the day whose units placed the plans, when asked for
  friend bool operator==(const ReportingRollup&, const ReportingRollup&) = default;
};

/// The metrics as JSON, with the names of METRICS.md (`no_data`, `on_track`,
/// `met`, …), each result with value, unit, numerator and denominator.
KEHOACH_API std::string write_metrics_json(const PlanMetrics& metrics);
KEHOACH_API std::string write_metrics_json(const UnitMetrics& metrics);
KEHOACH_API std::string write_metrics_json(const ReportingRollup& rollup);
/// Several plans' metrics as one JSON array.
KEHOACH_API std::string write_metrics_json(std::span<const PlanMetrics> metrics);
/// One CSV row per target of each plan (UTF-8, header row): plan, as_of,
/// target, item, indicator, actual, expected, status, attainment. Text cells
/// are quoted where they need it; an empty cell is no value.
KEHOACH_API std::string write_metrics_csv(std::span<const PlanMetrics> metrics);

#define KEHOACH_DECLARE_METRIC_ENUM(E)                                            \
  extern template KEHOACH_API std::string_view to_code<E>(E);                      \
  extern template KEHOACH_API std::optional<E> from_code<E>(std::string_view);     \
  extern template KEHOACH_API std::string_view label<E>(E, Lang);                  \
  extern template KEHOACH_API std::span<const E> all_values<E>();
KEHOACH_DECLARE_METRIC_ENUM(TargetStatus)
KEHOACH_DECLARE_METRIC_ENUM(MilestoneOutcome)
#undef KEHOACH_DECLARE_METRIC_ENUM

}  // namespace v1
}  // namespace kehoach
