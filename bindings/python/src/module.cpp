// The compiled module kehoach._kehoach: the C++ API for Python. The pure-Python
// package `kehoach` re-exports it, defines the exception classes and adds the
// DataFrame helpers.

#include <kehoach/kehoach.hpp>

#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <datetime.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace py = pybind11;
using namespace kehoach;

// ---- datetime.date <-> kehoach::Date, Dong <-> int ----

namespace pybind11::detail {

template <>
struct type_caster<kehoach::Date> {
  PYBIND11_TYPE_CASTER(kehoach::Date, const_name("datetime.date"));

  bool load(handle src, bool) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!src || !PyDate_Check(src.ptr()) || PyDateTime_Check(src.ptr())) return false;
    value = kehoach::Date{std::chrono::year{PyDateTime_GET_YEAR(src.ptr())},
                          std::chrono::month{static_cast<unsigned>(PyDateTime_GET_MONTH(src.ptr()))},
                          std::chrono::day{static_cast<unsigned>(PyDateTime_GET_DAY(src.ptr()))}};
    return true;
  }

  static handle cast(const kehoach::Date& d, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!d.ok()) return none().release();
    return PyDate_FromDate(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                           static_cast<int>(static_cast<unsigned>(d.day())));
  }
};

template <>
struct type_caster<kehoach::Dong> {
  PYBIND11_TYPE_CASTER(kehoach::Dong, const_name("int"));

  bool load(handle src, bool convert) {
    make_caster<std::int64_t> inner;
    if (!PyLong_Check(src.ptr()) || !inner.load(src, convert)) return false;
    value = kehoach::Dong{cast_op<std::int64_t>(inner)};
    return true;
  }

  static handle cast(const kehoach::Dong& d, return_value_policy, handle) { return PyLong_FromLongLong(d.value()); }
};

}  // namespace pybind11::detail

namespace {

template <class E>
void bind_enum(py::module_& m, const char* name, const char* doc) {
  py::native_enum<E> e(m, name, "enum.Enum", doc);
  for (E v : all_values<E>()) {
    std::string code(to_code(v));
    if (code.empty() || std::isdigit(static_cast<unsigned char>(code[0]))) code = "g_" + code;  // age groups "0_5" → "g_0_5"
    e.value(code.c_str(), v);
  }
  e.finalize();
}

// The exception class of a code, from the one error table.
std::string error_class(ErrorCode code) { return std::string(error_info(code).python_exception); }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open the file for reading");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

CaseFormat case_format(const std::string& f) {
  if (f == "json") return CaseFormat::json;
  if (f == "csv") return CaseFormat::csv;
  throw InvalidArgument("format must be 'json' or 'csv'");
}

std::string quote(const std::string& s) { return "'" + s + "'"; }
std::string opt_num(const std::optional<double>& v) { return v ? std::to_string(*v) : "None"; }

}  // namespace

PYBIND11_MODULE(_kehoach, m) {
  m.doc() = "kehoach: plans to prevent and respond to gender-based violence (the compiled core)";
  m.attr("__version__") = version();

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      py::object errors = py::module_::import("kehoach.errors");
      std::string path;
      if (const auto* v = dynamic_cast<const ValidationError*>(&e)) path = v->path();
      if (const auto* pe = dynamic_cast<const ParseError*>(&e)) path = pe->path();
      const std::string name = error_class(e.code());
      py::object cls = py::hasattr(errors, name.c_str()) ? errors.attr(name.c_str())
                                                          : py::module_::import("builtins").attr(name.c_str());
      py::object instance = cls(e.what(), path);
      if (const auto* v = dynamic_cast<const ValidationError*>(&e)) {
        py::list all;
        for (const auto& d : v->errors()) all.append(py::make_tuple(d.path, d.message));
        instance.attr("errors") = all;
      }
      PyErr_SetObject(cls.ptr(), instance.ptr());
    }
  });

  m.def(
      "error_table",
      [] {
        py::list rows;
        for (const auto& r : kehoach::error_table()) {
          py::dict row;
          row["code"] = std::string(r.name);
          row["number"] = static_cast<int>(r.code);
          row["cpp_class"] = std::string(r.cpp_class);
          row["c_status"] = r.c_status;
          row["c_name"] = std::string(r.c_name);
          row["python_exception"] = std::string(r.python_exception);
          row["cli_exit"] = r.cli_exit;
          row["retryable"] = r.retryable;
          row["meaning"] = std::string(r.meaning);
          rows.append(row);
        }
        return rows;
      },
      "The library's error table: one dict per code (code, number, cpp_class, c_status, c_name, python_exception, "
      "cli_exit, retryable, meaning), in numbering order.");
  // For the test that walks every code through the translator; not public.
  m.def("_raise_error", [](int code, const std::string& message) { throw_error(static_cast<ErrorCode>(code), message); },
        py::arg("code"), py::arg("message"));

  bind_enum<Level>(m, "Level", "Administrative level");
  bind_enum<Comparator>(m, "Comparator", "How a target's value is judged");
  bind_enum<TargetUnit>(m, "TargetUnit", "What a target counts");
  bind_enum<TaskStatus>(m, "TaskStatus", "The state of a task");
  bind_enum<PeriodType>(m, "PeriodType", "Reporting period types");
  bind_enum<DeadlineRule>(m, "DeadlineRule", "Before (strict) or by (inclusive)");
  bind_enum<FundingKind>(m, "FundingKind", "Kinds of funding source");
  bind_enum<AgencyKind>(m, "AgencyKind", "Kinds of agency");
  bind_enum<PlanKind>(m, "PlanKind", "What a plan is for");
  bind_enum<PlanStatus>(m, "PlanStatus", "A plan's legal life");
  bind_enum<DocumentKind>(m, "DocumentKind", "Kinds of documents");
  bind_enum<Role>(m, "Role", "What a principal may do with case data");
  bind_enum<TargetStatus>(m, "TargetStatus", "A target's status (worst to best)");
  bind_enum<MilestoneOutcome>(m, "MilestoneOutcome", "A milestone's result");
  bind_enum<Sex>(m, "Sex", "Survivor sex");
  bind_enum<AgeGroup>(m, "AgeGroup", "Age groups");
  bind_enum<ServiceType>(m, "ServiceType", "Support services");
  bind_enum<ViolenceType>(m, "ViolenceType", "Forms, acts a–q, GBVIMS types");

  m.def("label", [](py::object value, const std::string& lang) -> std::string {
    const Lang l = lang == "en" ? Lang::en : Lang::vi;
    const std::string type = py::str(py::type::of(value).attr("__name__"));
#define KEHOACH_LABEL(E) if (type == #E) return std::string(label(value.cast<E>(), l));
    KEHOACH_LABEL(Level) KEHOACH_LABEL(Comparator) KEHOACH_LABEL(TargetUnit) KEHOACH_LABEL(TaskStatus)
    KEHOACH_LABEL(PeriodType) KEHOACH_LABEL(DeadlineRule) KEHOACH_LABEL(FundingKind) KEHOACH_LABEL(AgencyKind)
    KEHOACH_LABEL(PlanKind) KEHOACH_LABEL(PlanStatus) KEHOACH_LABEL(DocumentKind) KEHOACH_LABEL(Role)
    KEHOACH_LABEL(TargetStatus) KEHOACH_LABEL(MilestoneOutcome) KEHOACH_LABEL(Sex) KEHOACH_LABEL(AgeGroup)
    KEHOACH_LABEL(ServiceType) KEHOACH_LABEL(ViolenceType)
#undef KEHOACH_LABEL
    throw InvalidArgument("label() takes a kehoach enumeration value");
  }, py::arg("value"), py::arg("lang") = "vi", "The Vietnamese ('vi') or English ('en') label of an enumeration value.");

  m.def("parse_date", [](const std::string& text) { return parse_vietnamese_date(text); }, py::arg("text"),
        "Parse 16/3/2021, 28/12/ 2020, ngày 16 tháng 3 năm 2021 or 2021-03-16.");
  m.def("parse_period", [](const std::string& text) { auto p = parse_period(text); return py::make_tuple(p.start, p.end); },
        py::arg("text"), "Parse 2025, 2025H1, 2025Q3, 2025-07 or start/end into (start, end) dates.");

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

  // ---- principals ----
  py::class_<Principal>(m, "Principal", "Who is acting on case data: id, role, unit, override right")
      .def(py::init([](std::string id, Role role, std::string unit, bool can_override_consent) {
             return Principal{std::move(id), role, std::move(unit), can_override_consent};
           }),
           py::arg("id"), py::arg("role"), py::arg("unit"), py::arg("can_override_consent") = false)
      .def_readonly("id", &Principal::id).def_readonly("role", &Principal::role).def_readonly("unit", &Principal::unit)
      .def_readonly("can_override_consent", &Principal::can_override_consent)
      .def("__repr__", [](const Principal& p) { return "Principal(" + quote(p.id) + ", " + std::string(to_code(p.role)) + ", unit=" + quote(p.unit) + ")"; });

  // ---- results ----
  py::class_<Count>(m, "Count", "A count; None when withheld by disclosure control")
      .def_readonly("value", &Count::value).def_readonly("suppressed", &Count::suppressed)
      .def("__repr__", [](const Count& c) { return c.suppressed ? std::string("Count(suppressed)") : "Count(" + (c.value ? std::to_string(*c.value) : "None") + ")"; });
  py::class_<Rate>(m, "Rate", "A rate in percent with its numerator and denominator")
      .def_property_readonly("numerator", [](const Rate& r) { return r.numerator.value; })
      .def_property_readonly("denominator", [](const Rate& r) { return r.denominator.value; })
      .def_readonly("value", &Rate::value).def_readonly("suppressed", &Rate::suppressed)
      .def("__repr__", [](const Rate& r) {
        return "Rate(" + opt_num(r.value) + ", " + (r.numerator.value ? std::to_string(*r.numerator.value) : "None") + "/" +
               (r.denominator.value ? std::to_string(*r.denominator.value) : "None") + (r.suppressed ? ", suppressed" : "") + ")";
      });
  py::class_<Cell>(m, "Cell").def_readonly("category", &Cell::category).def_readonly("count", &Cell::count);
  py::class_<Disaggregation>(m, "Disaggregation").def_readonly("name", &Disaggregation::name)
      .def_readonly("cells", &Disaggregation::cells).def_readonly("total", &Disaggregation::total);
  py::class_<CaseIndicators>(m, "CaseIndicators", "Case indicators of a unit's subtree (METRICS.md §5)")
      .def_readonly("unit", &CaseIndicators::unit)
      .def_property_readonly("period", [](const CaseIndicators& x) { return py::make_tuple(x.period.start, x.period.end); })
      .def_readonly("as_of", &CaseIndicators::as_of).def_readonly("disclosure_controlled", &CaseIndicators::disclosure_controlled)
      .def_readonly("k", &CaseIndicators::k).def_readonly("incomplete", &CaseIndicators::incomplete)
      .def_readonly("cases", &CaseIndicators::cases).def_readonly("service_access", &CaseIndicators::service_access)
      .def_readonly("help", &CaseIndicators::help).def_readonly("referral_completion", &CaseIndicators::referral_completion)
      .def_readonly("cases_with_service", &CaseIndicators::cases_with_service)
      .def_readonly("median_days_to_first_service", &CaseIndicators::median_days_to_first_service)
      .def_readonly("p90_days_to_first_service", &CaseIndicators::p90_days_to_first_service)
      .def_readonly("disaggregations", &CaseIndicators::disaggregations)
      .def("to_json", [](const CaseIndicators& x) { return write_indicators_json(x); })
      .def("__repr__", [](const CaseIndicators& x) { return "CaseIndicators(unit=" + quote(x.unit) + ", cases=" + (x.cases.value ? std::to_string(*x.cases.value) : "suppressed") + ")"; });
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
      .def_readonly("on_time", &ReportStatus::on_time);
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
      .def_readonly("compliance", &AgencyCompliance::compliance);
  py::class_<PlanMetrics>(m, "PlanMetrics", "Every metric of one plan as of a date")
      .def_readonly("plan_id", &PlanMetrics::plan_id).def_readonly("as_of", &PlanMetrics::as_of)
      .def_readonly("targets", &PlanMetrics::targets).def_readonly("items", &PlanMetrics::items)
      .def_readonly("tasks", &PlanMetrics::tasks).def_readonly("reporting", &PlanMetrics::reporting)
      .def_readonly("budget", &PlanMetrics::budget).def_readonly("agencies", &PlanMetrics::agencies)
      .def_readonly("plan_compliance", &PlanMetrics::plan_compliance)
      .def("to_json", [](const PlanMetrics& x) { return write_metrics_json(x); }, "The metrics JSON, with the names of METRICS.md.")
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
      .def("to_json", [](const UnitMetrics& x) { return write_metrics_json(x); });
  py::class_<UnitReporting>(m, "UnitReporting", "The reporting of one unit's own plans")
      .def_readonly("unit", &UnitReporting::unit).def_readonly("expected", &UnitReporting::expected)
      .def_readonly("received", &UnitReporting::received).def_readonly("on_time", &UnitReporting::on_time);
  py::class_<ReportingRollup>(m, "ReportingRollup", "The reporting of a unit's subtree, from the expected reports kept at write time")
      .def_readonly("unit", &ReportingRollup::unit).def_readonly("as_of", &ReportingRollup::as_of)
      .def_readonly("plans", &ReportingRollup::plans).def_readonly("expected", &ReportingRollup::expected)
      .def_readonly("received", &ReportingRollup::received).def_readonly("on_time", &ReportingRollup::on_time)
      .def_readonly("reporting_rate", &ReportingRollup::reporting_rate)
      .def_readonly("on_time_rate", &ReportingRollup::on_time_rate).def_readonly("units", &ReportingRollup::units);
  py::class_<AuditEntry>(m, "AuditEntry").def_readonly("seq", &AuditEntry::seq).def_readonly("at", &AuditEntry::at)
      .def_readonly("principal", &AuditEntry::principal).def_readonly("role", &AuditEntry::role)
      .def_readonly("action", &AuditEntry::action).def_readonly("detail", &AuditEntry::detail)
      .def_readonly("hash", &AuditEntry::hash);
  py::class_<AuditVerification>(m, "AuditVerification").def_readonly("intact", &AuditVerification::intact)
      .def_readonly("entries", &AuditVerification::entries).def_readonly("first_broken", &AuditVerification::first_broken)
      .def_readonly("reason", &AuditVerification::reason)
      .def_readonly("head", &AuditVerification::head, "The hash of the last entry: keep it with `entries` outside the store")
      .def_readonly("macs_checked", &AuditVerification::macs_checked, "Entries whose MAC was checked against the key");
  py::class_<IntegrityProblem>(m, "IntegrityProblem")
      .def_readonly("kind", &IntegrityProblem::kind).def_readonly("record", &IntegrityProblem::record)
      .def_readonly("detail", &IntegrityProblem::detail)
      .def("__repr__", [](const IntegrityProblem& p) { return "IntegrityProblem(" + p.kind + ", '" + p.record + "': " + p.detail + ")"; });
  py::class_<IntegrityReport>(m, "IntegrityReport")
      .def_readonly("intact", &IntegrityReport::intact).def_readonly("cases_checked", &IntegrityReport::cases_checked)
      .def_readonly("cells_checked", &IntegrityReport::cells_checked).def_readonly("audit", &IntegrityReport::audit)
      .def_readonly("problems", &IntegrityReport::problems)
      .def("to_json", &write_integrity_json);

  // ---- the store ----
  using release = py::call_guard<py::gil_scoped_release>;
  py::class_<Store>(m, "Store", "A kehoach store: a SQLite file, or ':memory:'")
      .def(py::init([](const std::string& path, bool read_only, bool create, int busy_timeout_ms) {
             py::gil_scoped_release unlocked;
             return Store::open(path, StoreOptions{read_only, create, busy_timeout_ms, 0});
           }),
           py::arg("path") = ":memory:", py::arg("read_only") = false, py::arg("create") = true,
           py::arg("busy_timeout_ms") = 10000)
      .def_property_readonly("path", &Store::path)
      .def_property_readonly("schema_version", &Store::schema_version)
      .def_property_readonly("read_only", &Store::read_only, "True when the store refuses writes (opened read-only, or on a read-only file system)")
      .def("import_plan_json", [](Store& s, const std::string& text) {
             py::gil_scoped_release unlocked;
             auto doc = s.import_plan_json(text);
             std::vector<std::pair<std::string, std::string>> warnings;
             for (const auto& w : doc.warnings) warnings.emplace_back(w.path, w.message);
             return warnings;
           }, py::arg("json"), "Import a plan document; returns its warnings as (path, message) pairs.")
      .def("import_plan_file", [](Store& s, const std::string& path) {
             py::gil_scoped_release unlocked;
             auto doc = s.import_plan_json(read_text(path));
             std::vector<std::pair<std::string, std::string>> warnings;
             for (const auto& w : doc.warnings) warnings.emplace_back(w.path, w.message);
             return warnings;
           }, py::arg("path"))
      .def("plan_ids", &Store::plan_ids, release())
      .def("units", &Store::units, "The administrative units of the store", release())
      .def("load_plan", &Store::load_plan, py::arg("plan_id"), release())
      .def("export_plan_json", &Store::export_plan_json, py::arg("plan_id"), release())
      .def("record_json", [](Store& s, const std::string& text) {
             py::gil_scoped_release unlocked;
             s.record(read_records_json(text));
           }, py::arg("json"), "Record a records document (docs/records.md) in one transaction.")
      .def("record_csv", [](Store& s, const std::string& kind, const std::string& text) {
             py::gil_scoped_release unlocked;
             s.record(read_records_csv(kind, text));
           }, py::arg("kind"), py::arg("csv"))
      .def("observation_count", &Store::observation_count, release())
      .def("observations", [](const Store& s, const std::string& plan, const std::string& target) {
             std::vector<py::tuple> out;
             std::vector<Observation> rows;
             {
               py::gil_scoped_release unlocked;
               rows = s.observations(plan, target);
             }
             for (const auto& o : rows) out.push_back(py::make_tuple(o.date, o.value, o.numerator, o.denominator));
             return out;
           }, py::arg("plan_id"), py::arg("target_id"), "The observations of a target: [(date, value, numerator, denominator)], by date.")
      .def("plan_metrics", [](Store& s, const std::string& plan, Date as_of, double tau) {
             py::gil_scoped_release unlocked;
             return s.plan_metrics(plan, as_of, MetricsOptions{tau});
           }, py::arg("plan_id"), py::arg("as_of"), py::arg("tau") = 0.10)
      .def("unit_metrics", [](Store& s, const std::string& unit, Date as_of, double tau) {
             py::gil_scoped_release unlocked;
             return s.unit_metrics(unit, as_of, MetricsOptions{tau});
           }, py::arg("unit"), py::arg("as_of"), py::arg("tau") = 0.10)
      .def("reporting_rollup", &Store::reporting_rollup, py::arg("unit"), py::arg("as_of"), release())
      .def("set_manual_status", &Store::set_manual_status, py::arg("status"), release())
      .def("has_plan", [](const Store& s, const std::string& id) { return s.has_plan(id); }, py::arg("plan_id"), release())
      .def("remove_plan", [](Store& s, const std::string& id) { s.remove_plan(id); }, py::arg("plan_id"), release(),
           "Removes a plan and everything recorded against it (NotFoundError when there is none).")
      .def("load_case", [](Store& s, const Principal& p, const std::string& code, const std::optional<std::string>& unit) {
             py::gil_scoped_release unlocked;
             const CaseRecord c = unit ? s.load_case(p, *unit, code) : s.load_case(p, code);
             return write_cases_json({c});
           }, py::arg("principal"), py::arg("code"), py::arg("unit") = py::none(),
           "One case of the principal's subtree, as a cases document (JSON) holding it. Audited.")
      .def("update_case", [](Store& s, const Principal& p, const std::string& json) {
             py::gil_scoped_release unlocked;
             const auto cases = read_cases_json(json);
             if (cases.size() != 1) {
               throw InvalidArgument("a case update holds exactly one case (this document holds " +
                                     std::to_string(cases.size()) + ")");
             }
             s.update_case(p, cases.front());
           }, py::arg("principal"), py::arg("data"),
           "Replaces a recorded case: a cases document (JSON) holding exactly that case. Audited.")
      .def("import_cases", [](Store& s, const Principal& p, const std::string& text, const std::string& format) {
             py::gil_scoped_release unlocked;
             return s.import_cases(p, text, case_format(format));
           }, py::arg("principal"), py::arg("data"), py::arg("format") = "json")
      .def("export_cases", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, const std::string& format) {
             py::gil_scoped_release unlocked;
             return s.export_cases(p, unit, parse_period(period), case_format(format));
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("format") = "json")
      .def("case_indicators", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, Date as_of, int k) {
             py::gil_scoped_release unlocked;
             return s.case_indicators(p, unit, parse_period(period), as_of, DisclosureOptions{k});
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("as_of"), py::arg("k") = 5)
      .def("export_package", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, Date as_of, int k) {
             py::gil_scoped_release unlocked;
             return s.export_package(p, unit, parse_period(period), as_of, DisclosureOptions{k});
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("as_of"), py::arg("k") = 5)
      .def("import_package", [](Store& s, const Principal& p, const std::string& text) {
             py::gil_scoped_release unlocked;
             s.import_package(p, text);
           }, py::arg("principal"), py::arg("json"))
      .def("rolled_up_packages", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, int k) {
             py::gil_scoped_release unlocked;
             return s.rolled_up_packages(p, unit, parse_period(period), DisclosureOptions{k});
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("k") = 5)
      .def("audit_trail", &Store::audit_trail, py::arg("principal"), release())
      .def("verify_audit", &Store::verify_audit, py::arg("principal"), release())
      .def("check_integrity", py::overload_cast<>(&Store::check_integrity, py::const_), release(),
           "SQLite's own integrity and foreign-key checks: the problems found, or an empty list.")
      .def("check_integrity", py::overload_cast<const Principal&>(&Store::check_integrity), py::arg("principal"), release(),
           "Everything, for an auditor: SQLite's checks, the audit chain, cases against their audited content, "
           "case cells against a rebuild. Returns an IntegrityReport; nothing is repaired.")
      .def("set_audit_key", [](Store& s, py::bytes key) {
             const std::string k = key;
             py::gil_scoped_release unlock;
             s.set_audit_key(k);
           }, py::arg("key"), "Set the portal's key (bytes, at least 16) for the audit trail's HMACs; b'' clears it.")
      .def("__repr__", [](const Store& s) { return "Store(" + quote(s.path()) + ")"; });
}
