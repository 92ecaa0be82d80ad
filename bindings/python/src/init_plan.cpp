// The plan model: read-mostly value types, and reading a plan document.

#include "bindings.hpp"

namespace kehoach_python {

void init_plan(py::module_& m) {
  // ---- the model (read-mostly value types) ----
  py::class_<Milestone>(m, "Milestone", "A point on a target's path")
      .def_readonly("date", &Milestone::date)
      .def_readonly("value", &Milestone::value)
      .def_readonly("open_ended", &Milestone::open_ended)
      .def_readonly("as_written", &Milestone::as_written)
      .def("__repr__", [](const Milestone& x) { return "Milestone(" + format_iso_date(x.date) + ", " + std::to_string(x.value) + ")"; });
  py::class_<Target>(m, "Target", "One indicator of a plan")
      .def_readonly("id", &Target::id).def_readonly("code", &Target::code).def_readonly("indicator", &Target::indicator)
      .def_readonly("description", &Target::description).def_readonly("source_text", &Target::source_text)
      .def_readonly("comparator", &Target::comparator).def_readonly("unit", &Target::unit)
      .def_readonly("milestones", &Target::milestones)
      .def_property_readonly("baseline", [](const Target& t) -> py::object {
        if (!t.baseline) return py::none();
        return py::make_tuple(t.baseline->value, t.baseline->date);
      })
      .def("__repr__", [](const Target& t) { return "Target(" + quote(t.id) + ", item=" + quote(t.code) + ")"; });
  py::class_<Task>(m, "Task", "A node of the task tree")
      .def_readonly("id", &Task::id).def_readonly("parent", &Task::parent).def_readonly("section", &Task::section)
      .def_readonly("title", &Task::title).def_readonly("text", &Task::text).def_readonly("lead", &Task::lead)
      .def_readonly("collaborators", &Task::collaborators).def_readonly("due", &Task::due)
      .def_readonly("status", &Task::status).def_readonly("progress", &Task::progress)
      .def("__repr__", [](const Task& t) { return "Task(" + quote(t.id) + ", section=" + quote(t.section) + ")"; });
  py::class_<Agency>(m, "Agency", "A body that leads, collaborates or reports")
      .def_readonly("id", &Agency::id).def_readonly("name", &Agency::name).def_readonly("short_name", &Agency::short_name)
      .def_readonly("aliases", &Agency::aliases).def_readonly("kind", &Agency::kind).def_readonly("level", &Agency::level)
      .def_readonly("unit", &Agency::unit)
      .def("__repr__", [](const Agency& a) { return "Agency(" + quote(a.id) + ", " + quote(a.name) + ")"; });
  py::class_<AdministrativeUnit>(m, "AdministrativeUnit", "A province, district or commune")
      .def_readonly("code", &AdministrativeUnit::code).def_readonly("name", &AdministrativeUnit::name)
      .def_readonly("level", &AdministrativeUnit::level).def_readonly("parent", &AdministrativeUnit::parent)
      .def_readonly("valid_to", &AdministrativeUnit::valid_to).def_readonly("successor", &AdministrativeUnit::successor)
      .def("__repr__", [](const AdministrativeUnit& u) { return "AdministrativeUnit(" + quote(u.code) + ", " + quote(u.name) + ")"; });
  py::class_<UnitVersion>(m, "UnitVersion", "One version of a unit's code in the register: name, level, parent, validity")
      .def_readonly("code", &UnitVersion::code).def_readonly("name", &UnitVersion::name)
      .def_readonly("level", &UnitVersion::level).def_readonly("parent", &UnitVersion::parent)
      .def_readonly("valid_from", &UnitVersion::valid_from).def_readonly("valid_to", &UnitVersion::valid_to)
      .def("__repr__", [](const UnitVersion& v) { return "UnitVersion(" + quote(v.code) + ", " + quote(v.name) + ")"; });
  py::class_<Succession>(m, "Succession", "On `date` the unit `from_code` passed (its `share` of) its territory to `to_code`")
      .def_readonly("from_code", &Succession::from).def_readonly("to_code", &Succession::to)
      .def_readonly("date", &Succession::date).def_readonly("share", &Succession::share)
      .def("__repr__", [](const Succession& e) {
        return "Succession(" + quote(e.from) + " -> " + quote(e.to) + ", " + format_iso_date(e.date) + ")";
      });
  py::class_<UnitHistory>(m, "UnitHistory", "One code's versions and the successions into and out of it")
      .def_readonly("code", &UnitHistory::code).def_readonly("versions", &UnitHistory::versions)
      .def_readonly("predecessors", &UnitHistory::predecessors).def_readonly("successors", &UnitHistory::successors)
      .def("__repr__", [](const UnitHistory& h) {
        return "UnitHistory(" + quote(h.code) + ", " + std::to_string(h.versions.size()) + " versions)";
      });
  py::class_<PlanCascade>(m, "PlanCascade", "A plan's place in the cascade of plans: its parents and children, and the plans it replaces or that replace it, by id")
      .def_readonly("plan_id", &PlanCascade::plan_id).def_readonly("parents", &PlanCascade::parents)
      .def_readonly("parents_elsewhere", &PlanCascade::parents_elsewhere).def_readonly("children", &PlanCascade::children)
      .def_readonly("replaces", &PlanCascade::replaces).def_readonly("replaces_elsewhere", &PlanCascade::replaces_elsewhere)
      .def_readonly("replaced_by", &PlanCascade::replaced_by)
      .def("to_json", [](const PlanCascade& c) { return write_plan_cascade_json(c); })
      .def("__repr__", [](const PlanCascade& c) {
        return "PlanCascade(" + quote(c.plan_id) + ", " + std::to_string(c.parents.size()) + " parents, " +
               std::to_string(c.children.size()) + " children)";
      });
  py::class_<Amendment>(m, "Amendment", "The document that amended a plan: number, date, issuer, and the day it took force")
      .def_readonly("number", &Amendment::number).def_readonly("date", &Amendment::date)
      .def_readonly("issuer", &Amendment::issuer).def_readonly("in_force_from", &Amendment::in_force_from)
      .def("__repr__", [](const Amendment& a) {
        return "Amendment(" + quote(a.number) + ", " + format_iso_date(a.date) + ", " + quote(a.issuer) + ")";
      });
  py::class_<PlanRevision>(m, "PlanRevision",
                           "One text of a stored plan: its revision number, the day it took force, its amending document")
      .def_readonly("plan_id", &PlanRevision::plan_id).def_readonly("revision", &PlanRevision::revision)
      .def_readonly("in_force_from", &PlanRevision::in_force_from).def_readonly("amendment", &PlanRevision::amendment)
      .def("__repr__", [](const PlanRevision& r) {
        return "PlanRevision(" + quote(r.plan_id) + ", " + std::to_string(r.revision) + ", in force from " +
               format_iso_date(r.in_force_from) + ")";
      });
  py::class_<TaskChange>(m, "TaskChange",
                         "One update of a task as recorded, with the status and progress it replaced")
      .def_property_readonly("plan_id", [](const TaskChange& c) { return c.update.plan_id; })
      .def_property_readonly("task_id", [](const TaskChange& c) { return c.update.task_id; })
      .def_property_readonly("date", [](const TaskChange& c) { return c.update.date; })
      .def_property_readonly("by", [](const TaskChange& c) { return c.update.by; })
      .def_property_readonly("status", [](const TaskChange& c) { return c.update.status; })
      .def_property_readonly("progress", [](const TaskChange& c) { return c.update.progress; })
      .def_property_readonly("completed_on", [](const TaskChange& c) { return c.update.completed_on; })
      .def_property_readonly("note", [](const TaskChange& c) { return c.update.note; })
      .def_property_readonly("occurrence", [](const TaskChange& c) { return c.update.occurrence; })
      .def_readonly("old_status", &TaskChange::old_status)
      .def_readonly("old_progress", &TaskChange::old_progress)
      .def("__repr__", [](const TaskChange& c) {
        return "TaskChange(" + quote(c.update.task_id) + ", " + format_iso_date(c.update.date) + ", " +
               std::string(to_code(c.old_status)) + " -> " + std::string(to_code(c.update.status)) + ")";
      });
  py::class_<ObservationVersion>(m, "ObservationVersion",
                                 "One stored version of an observation: when it was recorded, and when a correction or "
                                 "a retraction replaced it (docs/records.md, \"Corrections\")")
      .def_property_readonly("plan_id", [](const ObservationVersion& v) { return v.observation.plan_id; })
      .def_property_readonly("target_id", [](const ObservationVersion& v) { return v.observation.target_id; })
      .def_property_readonly("date", [](const ObservationVersion& v) { return v.observation.date; })
      .def_property_readonly("value", [](const ObservationVersion& v) { return v.observation.value; })
      .def_property_readonly("numerator", [](const ObservationVersion& v) { return v.observation.numerator; })
      .def_property_readonly("denominator", [](const ObservationVersion& v) { return v.observation.denominator; })
      .def_property_readonly("recorded_at", [](const ObservationVersion& v) {
        return v.recorded_at.empty() ? std::optional<std::string>{} : std::optional<std::string>{v.recorded_at};
      }, "UTC text, or None for a row recorded before schema version 13")
      .def_readonly("replaced_at", &ObservationVersion::replaced_at)
      .def_readonly("retracted", &ObservationVersion::retracted)
      .def("__repr__", [](const ObservationVersion& v) {
        std::ostringstream value;
        value << v.observation.value;
        return "ObservationVersion(" + quote(v.observation.target_id) + ", " + format_iso_date(v.observation.date) + ", " +
               value.str() + (v.retracted ? ", retracted" : v.replaced_at ? ", replaced" : "") + ")";
      });
  py::class_<AllocationVersion>(m, "AllocationVersion",
                                "One stored version of an allocation: when it was recorded, and when a correction or "
                                "a retraction replaced it (docs/records.md, \"Corrections\")")
      .def_property_readonly("plan_id", [](const AllocationVersion& v) { return v.allocation.plan_id; })
      .def_property_readonly("year", [](const AllocationVersion& v) { return v.allocation.year; })
      .def_property_readonly("source_id", [](const AllocationVersion& v) { return v.allocation.source_id; })
      .def_property_readonly("agency_id", [](const AllocationVersion& v) { return v.allocation.agency_id; })
      .def_property_readonly("task_id", [](const AllocationVersion& v) { return v.allocation.task_id; })
      .def_property_readonly("dated", [](const AllocationVersion& v) { return v.allocation.dated; })
      .def_property_readonly("amount", [](const AllocationVersion& v) { return v.allocation.amount.value(); },
                             "whole đồng")
      .def_property_readonly("recorded_at", [](const AllocationVersion& v) {
        return v.recorded_at.empty() ? std::optional<std::string>{} : std::optional<std::string>{v.recorded_at};
      }, "UTC text, or None for a row recorded before schema version 15")
      .def_readonly("replaced_at", &AllocationVersion::replaced_at)
      .def_readonly("retracted", &AllocationVersion::retracted)
      .def("__repr__", [](const AllocationVersion& v) {
        const auto& a = v.allocation;
        return "AllocationVersion(" + std::to_string(a.year) + ", " + quote(a.source_id) + ", " + quote(a.agency_id) +
               (a.task_id ? ", " + quote(*a.task_id) : std::string()) + ", " + format_iso_date(a.dated) + ", " +
               std::to_string(a.amount.value()) + (v.retracted ? ", retracted" : v.replaced_at ? ", replaced" : "") + ")";
      });
  py::class_<ExpenditureVersion>(m, "ExpenditureVersion",
                                 "One stored version of an expenditure: when it was recorded, and when a correction "
                                 "or a retraction replaced it (docs/records.md, \"Corrections\")")
      .def_property_readonly("plan_id", [](const ExpenditureVersion& v) { return v.expenditure.plan_id; })
      .def_property_readonly("date", [](const ExpenditureVersion& v) { return v.expenditure.date; })
      .def_property_readonly("source_id", [](const ExpenditureVersion& v) { return v.expenditure.source_id; })
      .def_property_readonly("agency_id", [](const ExpenditureVersion& v) { return v.expenditure.agency_id; })
      .def_property_readonly("task_id", [](const ExpenditureVersion& v) { return v.expenditure.task_id; })
      .def_property_readonly("amount", [](const ExpenditureVersion& v) { return v.expenditure.amount.value(); },
                             "whole đồng")
      .def_property_readonly("voucher", [](const ExpenditureVersion& v) { return v.expenditure.voucher; },
                             "the payment voucher's number, or None")
      .def_property_readonly("recorded_at", [](const ExpenditureVersion& v) {
        return v.recorded_at.empty() ? std::optional<std::string>{} : std::optional<std::string>{v.recorded_at};
      }, "UTC text, or None for a row recorded before schema version 16")
      .def_readonly("replaced_at", &ExpenditureVersion::replaced_at)
      .def_readonly("retracted", &ExpenditureVersion::retracted)
      .def("__repr__", [](const ExpenditureVersion& v) {
        const auto& e = v.expenditure;
        return "ExpenditureVersion(" + format_iso_date(e.date) + ", " + quote(e.source_id) + ", " + quote(e.agency_id) +
               (e.task_id ? ", " + quote(*e.task_id) : std::string()) + ", " + std::to_string(e.amount.value()) +
               (e.voucher ? ", voucher=" + quote(*e.voucher) : std::string()) +
               (v.retracted ? ", retracted" : v.replaced_at ? ", replaced" : "") + ")";
      });
  py::class_<SubmissionVersion>(m, "SubmissionVersion",
                                "One stored report submission: when it was recorded, and when it was retracted "
                                "(docs/records.md, \"Corrections\")")
      .def_property_readonly("plan_id", [](const SubmissionVersion& v) { return v.submission.plan_id; })
      .def_property_readonly("duty_id", [](const SubmissionVersion& v) { return v.submission.duty_id; })
      .def_property_readonly("reporter", [](const SubmissionVersion& v) { return v.submission.reporter; })
      .def_property_readonly("period_start", [](const SubmissionVersion& v) { return v.submission.period.start; })
      .def_property_readonly("period_end", [](const SubmissionVersion& v) { return v.submission.period.end; })
      .def_property_readonly("submitted", [](const SubmissionVersion& v) { return v.submission.submitted; })
      .def_property_readonly("recorded_at", [](const SubmissionVersion& v) {
        return v.recorded_at.empty() ? std::optional<std::string>{} : std::optional<std::string>{v.recorded_at};
      }, "UTC text, or None for a row recorded before schema version 14")
      .def_readonly("retracted_at", &SubmissionVersion::retracted_at)
      .def("__repr__", [](const SubmissionVersion& v) {
        return "SubmissionVersion(" + quote(v.submission.duty_id) + ", " + quote(v.submission.reporter) + ", " +
               format_iso_date(v.submission.period.start) + "/" + format_iso_date(v.submission.period.end) + ", " +
               format_iso_date(v.submission.submitted) + (v.retracted_at ? ", retracted" : "") + ")";
      });
  py::class_<PlanChange>(m, "PlanChange", "One item added, removed or changed between two texts of a plan")
      .def_readonly("kind", &PlanChange::kind).def_readonly("id", &PlanChange::id)
      .def_readonly("change", &PlanChange::change).def_readonly("fields", &PlanChange::fields)
      .def("__repr__", [](const PlanChange& c) {
        return "PlanChange(" + quote(c.kind) + ", " + quote(c.id) + ", " + quote(c.change) + ")";
      });
  py::class_<PlanDiff>(m, "PlanDiff", "The changes from one revision of a plan to another")
      .def_readonly("plan_id", &PlanDiff::plan_id).def_readonly("from_revision", &PlanDiff::from)
      .def_readonly("to_revision", &PlanDiff::to).def_readonly("changes", &PlanDiff::changes)
      .def("to_json", [](const PlanDiff& d) { return write_plan_diff_json(d); })
      .def("__repr__", [](const PlanDiff& d) {
        return "PlanDiff(" + quote(d.plan_id) + ", " + std::to_string(d.from) + " -> " + std::to_string(d.to) + ", " +
               std::to_string(d.changes.size()) + " changes)";
      });
  py::class_<AgencyHandover>(m, "AgencyHandover",
                             "What one successor takes over; with neither tasks nor duties listed, the rest")
      .def_readonly("agency_id", &AgencyHandover::agency_id).def_readonly("tasks", &AgencyHandover::tasks)
      .def_readonly("duties", &AgencyHandover::duties)
      .def("__repr__", [](const AgencyHandover& h) { return "AgencyHandover(" + quote(h.agency_id) + ")"; });
  py::class_<AgencySuccession>(m, "AgencySuccession",
                               "On `date` the obligations of an agency that ended pass to its successors (`to`)")
      .def_readonly("plan_id", &AgencySuccession::plan_id).def_readonly("agency_id", &AgencySuccession::agency_id)
      .def_readonly("date", &AgencySuccession::date).def_readonly("to", &AgencySuccession::to)
      .def_readonly("joining", &AgencySuccession::joining).def_readonly("basis", &AgencySuccession::basis)
      .def("__repr__", [](const AgencySuccession& e) {
        return "AgencySuccession(" + quote(e.agency_id) + ", " + format_iso_date(e.date) + ")";
      });
  py::class_<ReportingDuty>(m, "ReportingDuty", "Who reports to whom, when")
      .def_readonly("id", &ReportingDuty::id).def_readonly("reporters", &ReportingDuty::reporters)
      .def_readonly("recipient", &ReportingDuty::recipient).def_readonly("period", &ReportingDuty::period)
      .def_readonly("sub_periods", &ReportingDuty::sub_periods).def_readonly("as_written", &ReportingDuty::as_written)
      .def("__repr__", [](const ReportingDuty& d) { return "ReportingDuty(" + quote(d.id) + ")"; });
  py::class_<FundingSource>(m, "FundingSource", "A source of money")
      .def_readonly("id", &FundingSource::id).def_readonly("kind", &FundingSource::kind)
      .def_readonly("description", &FundingSource::description);
  py::class_<Plan>(m, "Plan", "A plan (kế hoạch) and everything it refers to")
      .def_readonly("id", &Plan::id).def_readonly("number", &Plan::number).def_readonly("title", &Plan::title)
      .def_readonly("kind", &Plan::kind).def_readonly("status", &Plan::status).def_readonly("level", &Plan::level)
      .def_readonly("unit", &Plan::unit).def_readonly("issuer", &Plan::issuer).def_readonly("issue_date", &Plan::issue_date)
      .def_property_readonly("period", [](const Plan& p) { return py::make_tuple(p.period.start, p.period.end); })
      .def_readonly("purposes", &Plan::purposes).def_readonly("general_objective", &Plan::general_objective)
      .def_readonly("units", &Plan::units).def_readonly("agencies", &Plan::agencies)
      .def_readonly("funding_sources", &Plan::funding_sources).def_readonly("targets", &Plan::targets)
      .def_readonly("tasks", &Plan::tasks).def_readonly("reporting_duties", &Plan::reporting_duties)
      .def_readonly("recipients", &Plan::recipients).def_readonly("notes", &Plan::notes)
      .def("to_json", [](const Plan& p) { return write_plan_json(p); }, "The canonical plan document.")
      .def("__repr__", [](const Plan& p) { return "Plan(" + quote(p.id) + ", number=" + (p.number ? quote(*p.number) : "None") + ")"; });
  m.def("read_plan", [](const std::string& text) {
    auto doc = read_plan_json(text);
    std::vector<std::pair<std::string, std::string>> warnings;
    for (const auto& w : doc.warnings) warnings.emplace_back(w.path, w.message);
    return py::make_tuple(doc.plan, warnings);
  }, py::arg("json"), "Read and validate a plan document: (Plan, [(path, warning), …]).");

}

}  // namespace kehoach_python
