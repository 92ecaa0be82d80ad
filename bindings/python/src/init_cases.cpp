// Principals and case indicators.

#include "bindings.hpp"

namespace kehoach_python {

void init_cases(py::module_& m) {
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
      .def_readonly("boundaries", &CaseIndicators::boundaries)
      .def_readonly("cases", &CaseIndicators::cases).def_readonly("service_access", &CaseIndicators::service_access)
      .def_readonly("help", &CaseIndicators::help).def_readonly("referral_completion", &CaseIndicators::referral_completion)
      .def_readonly("cases_with_service", &CaseIndicators::cases_with_service)
      .def_readonly("median_days_to_first_service", &CaseIndicators::median_days_to_first_service)
      .def_readonly("p90_days_to_first_service", &CaseIndicators::p90_days_to_first_service)
      .def_readonly("disaggregations", &CaseIndicators::disaggregations)
      .def("to_json", [](const CaseIndicators& x) { return write_indicators_json(x); })
      .def("__repr__", [](const CaseIndicators& x) { return "CaseIndicators(unit=" + quote(x.unit) + ", cases=" + (x.cases.value ? std::to_string(*x.cases.value) : "suppressed") + ")"; });

  // ---- the case life cycle ----
  py::class_<CaseSummary>(m, "CaseSummary", "One listed case: unit, code, intake date, status, closing date")
      .def_readonly("unit", &CaseSummary::unit).def_readonly("code", &CaseSummary::code)
      .def_readonly("intake_date", &CaseSummary::intake_date)
      .def_property_readonly("status", [](const CaseSummary& c) { return std::string(to_code(c.status)); })
      .def_readonly("closed_on", &CaseSummary::closed_on)
      .def("__repr__", [](const CaseSummary& c) {
        return "CaseSummary(" + quote(c.unit) + ", " + quote(c.code) + ", " + std::string(to_code(c.status)) + ")";
      });
  py::class_<CasePage>(m, "CasePage", "A page of Store.list_cases: cases, and next (None on the last page)")
      .def_readonly("cases", &CasePage::cases)
      .def_property_readonly("next", [](const CasePage& p) -> std::optional<std::string> {
        if (p.next.empty()) return std::nullopt;
        return p.next;
      })
      .def("to_json", [](const CasePage& p) { return write_case_page_json(p); })
      .def("__len__", [](const CasePage& p) { return p.cases.size(); })
      .def("__repr__", [](const CasePage& p) {
        return "CasePage(" + std::to_string(p.cases.size()) + " cases" + (p.next.empty() ? "" : ", more") + ")";
      });
  m.def("case_version", [](const std::string& json) {
        auto cases = read_cases_json(json);
        if (cases.size() != 1) {
          throw InvalidArgument("/cases: a case version is of exactly one case (this document holds " +
                                std::to_string(cases.size()) + ")");
        }
        return case_version(cases.front());
      }, py::arg("data"),
      "The version of the one case of a cases document (JSON), as Store.load_case gives it: 64 hex digits.");
}

}  // namespace kehoach_python
