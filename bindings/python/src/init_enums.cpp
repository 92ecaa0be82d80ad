// The enumerations, their labels, and the date and period parsers.

#include "bindings.hpp"

namespace kehoach_python {

void init_enums(py::module_& m) {
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
}

}  // namespace kehoach_python
