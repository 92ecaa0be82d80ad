#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/money.hpp>

#include <optional>
#include <string>

namespace kehoach {
inline namespace v1 {

/// A measured value of a target on a date; for a ratio, with its numerator
/// and denominator.
struct Observation {
  std::string plan_id;
  std::string target_id;
  Date date{};
  double value = 0;
  std::optional<double> numerator;
  std::optional<double> denominator;
  friend bool operator==(const Observation&, const Observation&) = default;
};

/// One stored version of an observation (docs/records.md, "Corrections").
/// An observation's natural key is its plan, target and date: recording it
/// again with the same value changes nothing, with another value is a
/// correction that replaces the version before, and a retraction replaces it
/// with nothing. Every version is kept.
struct ObservationVersion {
  Observation observation;
  /// When it was recorded, UTC `YYYY-MM-DDTHH:MM:SSZ`; empty for a row
  /// recorded before schema version 13, which kept no time.
  std::string recorded_at;
  /// When a correction or a retraction replaced it; absent while it holds.
  std::optional<std::string> replaced_at;
  bool retracted = false;  ///< replaced by no value (Store::retract_observation)
  friend bool operator==(const ObservationVersion&, const ObservationVersion&) = default;
};

/// A change of a task's status or progress, as someone recorded it. The store
/// keeps every update, with the status and progress before it.
struct TaskUpdate {
  std::string plan_id;
  std::string task_id;
  Date date{};
  std::string by;  ///< who recorded it (a user name or agency id; never a survivor's data)
  TaskStatus status = TaskStatus::in_progress;
  std::optional<double> progress;
  std::optional<Date> completed_on;
  std::optional<std::string> note;
  /// For a yearly recurring task: the year of the occurrence this update is
  /// about. Updates of one occurrence do not touch the others.
  std::optional<int> occurrence;
  friend bool operator==(const TaskUpdate&, const TaskUpdate&) = default;
};

/// One entry of a task's history: an update with what it replaced.
struct TaskChange {
  TaskUpdate update;
  TaskStatus old_status = TaskStatus::planned;
  std::optional<double> old_progress;
  friend bool operator==(const TaskChange&, const TaskChange&) = default;
};

/// Money allocated for a fiscal year to an agency (and optionally a task) from
/// a funding source. A revision of the same slice is a later `dated` entry;
/// the allocated amount as of A is the latest revision dated on or before A.
struct Allocation {
  std::string plan_id;
  int year = 0;
  std::string source_id;
  std::string agency_id;
  std::optional<std::string> task_id;
  Date dated{};
  Dong amount;
  friend bool operator==(const Allocation&, const Allocation&) = default;
};

/// One stored version of an allocation (docs/records.md, "Corrections").
/// An allocation's natural key is its plan, year, source, agency, task and
/// `dated`: recording it again with the same amount changes nothing, with
/// another amount is a correction that replaces the version before, and a
/// retraction replaces it with nothing. Every version is kept. (A revision
/// during the year is another `dated`, not a correction.)
struct AllocationVersion {
  Allocation allocation;
  /// When it was recorded, UTC `YYYY-MM-DDTHH:MM:SSZ`; empty for a row
  /// recorded before schema version 15, which kept no time.
  std::string recorded_at;
  /// When a correction or a retraction replaced it; absent while it holds.
  std::optional<std::string> replaced_at;
  bool retracted = false;  ///< replaced by no amount (Store::retract_allocation)
  friend bool operator==(const AllocationVersion&, const AllocationVersion&) = default;
};

/// Money spent: a payment on a day by an agency from a funding source,
/// optionally for a task, with the number of its voucher (*số chứng từ*)
/// when the source gives one.
struct Expenditure {
  std::string plan_id;
  Date date{};
  std::string source_id;
  std::string agency_id;
  std::optional<std::string> task_id;
  Dong amount;
  /// The payment voucher's number. With one, the payment's natural key is
  /// its plan, date, source, agency, task and voucher, and another amount is
  /// a correction; without one, the amount belongs to the key (decision 0032).
  std::optional<std::string> voucher;
  friend bool operator==(const Expenditure&, const Expenditure&) = default;
};

/// One stored version of an expenditure (docs/records.md, "Corrections").
/// Recording a payment again changes nothing; a payment with a voucher
/// recorded with another amount is a correction that replaces the version
/// before, and a retraction replaces it with nothing. Every version is kept.
struct ExpenditureVersion {
  Expenditure expenditure;
  /// When it was recorded, UTC `YYYY-MM-DDTHH:MM:SSZ`; empty for a row
  /// recorded before schema version 16, which kept no time.
  std::string recorded_at;
  /// When a correction or a retraction replaced it; absent while it holds.
  std::optional<std::string> replaced_at;
  bool retracted = false;  ///< replaced by no amount (Store::retract_expenditure)
  friend bool operator==(const ExpenditureVersion&, const ExpenditureVersion&) = default;
};

/// A report an agency submitted under a reporting duty, for a period.
struct ReportSubmission {
  std::string plan_id;
  std::string duty_id;
  std::string reporter;  ///< agency id
  Period period;
  Date submitted{};
  friend bool operator==(const ReportSubmission&, const ReportSubmission&) = default;
};

/// One stored report submission with its life (docs/records.md,
/// "Corrections"). A submission's natural key is its plan, duty, reporter,
/// period and the day it was submitted: recording it again changes nothing,
/// a report sent again for the same period on another day is another
/// submission (timeliness is judged on the first, METRICS.md §3), and a
/// submission recorded by mistake is retracted. Every one is kept.
struct SubmissionVersion {
  ReportSubmission submission;
  /// When it was recorded, UTC `YYYY-MM-DDTHH:MM:SSZ`; empty for a row
  /// recorded before schema version 14, which kept no time.
  std::string recorded_at;
  /// When it was retracted (Store::retract_submission); absent while it holds.
  std::optional<std::string> retracted_at;
  friend bool operator==(const SubmissionVersion&, const SubmissionVersion&) = default;
};

}  // namespace v1
}  // namespace kehoach
