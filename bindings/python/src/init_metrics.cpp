// Metrics results (METRICS.md).

#include "bindings.hpp"

namespace kehoach_python {

void init_metrics(py::module_& m) {
  py::class_<ManualStatus>(m, "ManualStatus", "A status set by hand, with who, why and when")
      .def(py::init([](std::string plan_id, std::string kind, std::string item_id, std::string status, std::string reason,
                       std::string by, Date date) {
             return ManualStatus{std::move(plan_id), std::move(kind), std::move(item_id), std::move(status), std::move(reason), std::move(by), date};
           }),
           py::arg("plan_id"), py::arg("kind"), py::arg("item_id"), py::arg("status"), py::arg("reason"), py::arg("by"), py::arg("date"))
      .def_readonly("status", &ManualStatus::status).def_readonly("reason", &ManualStatus::reason)
      .def_readonly("by", &ManualStatus::by).def_readonly("date", &ManualStatus::date);
  py::class_<MilestoneResult>(m, "MilestoneResult").def_readonly("date", &MilestoneResult::date)
      .def_readonly("target", &MilestoneResult::target).def_readonly("observed", &MilestoneResult::observed)
      .def_readonly("outcome", &MilestoneResult::outcome);
  py::class_<TargetProgress>(m, "TargetProgress", "Progress of one target as of a date (METRICS.md §1)")
      .def_readonly("target_id", &TargetProgress::target_id).def_readonly("code", &TargetProgress::code)
      .def_readonly("indicator", &TargetProgress::indicator).def_readonly("unit", &TargetProgress::unit)
      .def_readonly("comparator", &TargetProgress::comparator).def_readonly("actual", &TargetProgress::actual)
      .def_readonly("actual_date", &TargetProgress::actual_date).def_readonly("numerator", &TargetProgress::numerator)
      .def_readonly("denominator", &TargetProgress::denominator).def_readonly("expected", &TargetProgress::expected)
      .def_readonly("status", &TargetProgress::status).def_readonly("manual", &TargetProgress::manual)
      .def_readonly("attainment", &TargetProgress::attainment).def_readonly("milestones", &TargetProgress::milestones)
      .def("__repr__", [](const TargetProgress& t) { return "TargetProgress(" + quote(t.target_id) + ", " + std::string(to_code(t.status)) + ", actual=" + opt_num(t.actual) + ")"; });
  py::class_<ItemProgress>(m, "ItemProgress").def_readonly("code", &ItemProgress::code)
      .def_readonly("status", &ItemProgress::status).def_readonly("targets", &ItemProgress::targets);
  py::class_<TaskOccurrence>(m, "TaskOccurrence").def_readonly("task_id", &TaskOccurrence::task_id)
      .def_readonly("year", &TaskOccurrence::year).def_readonly("due", &TaskOccurrence::due)
      .def_readonly("completed", &TaskOccurrence::completed).def_readonly("overdue", &TaskOccurrence::overdue)
      .def_readonly("late", &TaskOccurrence::late);
  py::class_<TaskNodeProgress>(m, "TaskNodeProgress").def_readonly("task_id", &TaskNodeProgress::task_id)
      .def_readonly("section", &TaskNodeProgress::section).def_readonly("progress", &TaskNodeProgress::progress)
      .def_readonly("status", &TaskNodeProgress::status).def_readonly("manual", &TaskNodeProgress::manual);
  py::class_<TaskMetrics>(m, "TaskMetrics", "Task obligations as of a date (METRICS.md §2)")
      .def_readonly("occurrences", &TaskMetrics::occurrences).def_readonly("cancelled", &TaskMetrics::cancelled)
      .def_readonly("due", &TaskMetrics::due).def_readonly("overdue", &TaskMetrics::overdue)
      .def_readonly("completed", &TaskMetrics::completed).def_readonly("completed_on_time", &TaskMetrics::completed_on_time)
      .def_readonly("completed_late", &TaskMetrics::completed_late).def_readonly("completion_rate", &TaskMetrics::completion_rate)
      .def_readonly("on_time_rate", &TaskMetrics::on_time_rate).def_readonly("overdue_list", &TaskMetrics::overdue_list)
      .def_readonly("progress", &TaskMetrics::progress);
  py::class_<ReportStatus>(m, "ReportStatus").def_readonly("duty_id", &ReportStatus::duty_id)
      .def_readonly("reporter", &ReportStatus::reporter)
      .def_property_readonly("period", [](const ReportStatus& r) { return py::make_tuple(r.period.start, r.period.end); })
      .def_readonly("deadline", &ReportStatus::deadline).def_readonly("submitted", &ReportStatus::submitted)
      .def_readonly("on_time", &ReportStatus::on_time)
      .def_readonly("responsible", &ReportStatus::responsible,
                    "The agency that answers for the report: the reporter, its successor, or None when orphaned");
  py::class_<ReportingMetrics>(m, "ReportingMetrics", "Reporting compliance (METRICS.md §3)")
      .def_readonly("expected", &ReportingMetrics::expected).def_readonly("received", &ReportingMetrics::received)
      .def_readonly("on_time", &ReportingMetrics::on_time).def_readonly("reporting_rate", &ReportingMetrics::reporting_rate)
      .def_readonly("on_time_rate", &ReportingMetrics::on_time_rate).def_readonly("missing", &ReportingMetrics::missing)
      .def_readonly("late", &ReportingMetrics::late);
  py::class_<BudgetSlice>(m, "BudgetSlice").def_readonly("key", &BudgetSlice::key)
      .def_readonly("allocated", &BudgetSlice::allocated).def_readonly("spent", &BudgetSlice::spent)
      .def_readonly("execution_rate", &BudgetSlice::execution_rate);
  py::class_<SourceShare>(m, "SourceShare").def_readonly("source_id", &SourceShare::source_id)
      .def_readonly("kind", &SourceShare::kind).def_readonly("allocated", &SourceShare::allocated).def_readonly("share", &SourceShare::share);
  py::class_<BudgetMetrics>(m, "BudgetMetrics", "Budget execution (METRICS.md §4)")
      .def_readonly("total", &BudgetMetrics::total).def_readonly("by_year", &BudgetMetrics::by_year)
      .def_readonly("by_source", &BudgetMetrics::by_source).def_readonly("by_agency", &BudgetMetrics::by_agency)
      .def_readonly("by_task", &BudgetMetrics::by_task).def_readonly("source_mix", &BudgetMetrics::source_mix);
  py::class_<AgencyCompliance>(m, "AgencyCompliance", "An agency's obligations met (METRICS.md §8)")
      .def_readonly("agency_id", &AgencyCompliance::agency_id).def_readonly("name", &AgencyCompliance::name)
      .def_readonly("task_due", &AgencyCompliance::task_due).def_readonly("task_met", &AgencyCompliance::task_met)
      .def_readonly("report_due", &AgencyCompliance::report_due).def_readonly("report_met", &AgencyCompliance::report_met)
      .def_readonly("tasks", &AgencyCompliance::tasks).def_readonly("reports", &AgencyCompliance::reports)
      .def_readonly("compliance", &AgencyCompliance::compliance)
      .def_readonly("task_inherited", &AgencyCompliance::task_inherited)
      .def_readonly("report_inherited", &AgencyCompliance::report_inherited)
      .def_readonly("ended", &AgencyCompliance::ended);
  py::class_<OrphanedObligation>(m, "OrphanedObligation",
                                 "A task occurrence or report due whose agency ended with no successor for it")
      .def_readonly("kind", &OrphanedObligation::kind).def_readonly("item_id", &OrphanedObligation::item_id)
      .def_readonly("agency_id", &OrphanedObligation::agency_id).def_readonly("due", &OrphanedObligation::due)
      .def_readonly("year", &OrphanedObligation::year)
      .def_property_readonly("period", [](const OrphanedObligation& o) -> py::object {
        if (!o.period) return py::none();
        return py::make_tuple(o.period->start, o.period->end);
      })
      .def("__repr__", [](const OrphanedObligation& o) {
        return "OrphanedObligation(" + quote(o.kind) + ", " + quote(o.item_id) + ", due=" + format_iso_date(o.due) + ")";
      });
  py::class_<PlanMetrics>(m, "PlanMetrics", "Every metric of one plan as of a date")
      .def_readonly("plan_id", &PlanMetrics::plan_id).def_readonly("as_of", &PlanMetrics::as_of)
      .def_readonly("targets", &PlanMetrics::targets).def_readonly("items", &PlanMetrics::items)
      .def_readonly("tasks", &PlanMetrics::tasks).def_readonly("reporting", &PlanMetrics::reporting)
      .def_readonly("budget", &PlanMetrics::budget).def_readonly("agencies", &PlanMetrics::agencies)
      .def_readonly("plan_compliance", &PlanMetrics::plan_compliance)
      .def_readonly("orphaned", &PlanMetrics::orphaned)
      .def_readonly("known_at", &PlanMetrics::known_at)
      .def("to_json", [](const PlanMetrics& x) { return write_metrics_json(x); }, "The metrics JSON, with the names of METRICS.md.")
      .def("to_csv", [](const PlanMetrics& x) { return write_metrics_csv(std::span<const PlanMetrics>(&x, 1)); },
           "One CSV row per target: plan, as_of, target, item, indicator, actual, expected, status, attainment.")
      .def("__repr__", [](const PlanMetrics& x) { return "PlanMetrics(" + quote(x.plan_id) + ", as_of=" + format_iso_date(x.as_of) + ")"; });
  py::class_<UnitMetrics>(m, "UnitMetrics", "The plans of a unit's subtree and their roll-up")
      .def_readonly("unit", &UnitMetrics::unit).def_readonly("as_of", &UnitMetrics::as_of).def_readonly("plans", &UnitMetrics::plans)
      .def_readonly("reporting_rate", &UnitMetrics::reporting_rate).def_readonly("on_time_rate", &UnitMetrics::on_time_rate)
      .def_readonly("compliance", &UnitMetrics::compliance).def_readonly("allocated", &UnitMetrics::allocated)
      .def_readonly("spent", &UnitMetrics::spent).def_readonly("execution_rate", &UnitMetrics::execution_rate)
      .def_readonly("task_due", &UnitMetrics::task_due).def_readonly("task_overdue", &UnitMetrics::task_overdue)
      .def_readonly("task_completed_on_time", &UnitMetrics::task_completed_on_time)
      .def_readonly("reports_expected", &UnitMetrics::reports_expected)
      .def_readonly("reports_received", &UnitMetrics::reports_received)
      .def_readonly("reports_on_time", &UnitMetrics::reports_on_time)
      .def_readonly("report_on_time_rate", &UnitMetrics::report_on_time_rate)
      .def_readonly("boundaries", &UnitMetrics::boundaries)
      .def_readonly("known_at", &UnitMetrics::known_at)
      .def("to_json", [](const UnitMetrics& x) { return write_metrics_json(x); });
  py::class_<UnitReporting>(m, "UnitReporting", "The reporting of one unit's own plans")
      .def_readonly("unit", &UnitReporting::unit).def_readonly("expected", &UnitReporting::expected)
      .def_readonly("received", &UnitReporting::received).def_readonly("on_time", &UnitReporting::on_time);
  py::class_<ReportingRollup>(m, "ReportingRollup", "The reporting of a unit's subtree, from the expected reports kept at write time")
      .def_readonly("unit", &ReportingRollup::unit).def_readonly("as_of", &ReportingRollup::as_of)
      .def_readonly("plans", &ReportingRollup::plans).def_readonly("expected", &ReportingRollup::expected)
      .def_readonly("received", &ReportingRollup::received).def_readonly("on_time", &ReportingRollup::on_time)
      .def_readonly("reporting_rate", &ReportingRollup::reporting_rate)
      .def_readonly("on_time_rate", &ReportingRollup::on_time_rate).def_readonly("units", &ReportingRollup::units)
      .def_readonly("boundaries", &ReportingRollup::boundaries);
}

}  // namespace kehoach_python
