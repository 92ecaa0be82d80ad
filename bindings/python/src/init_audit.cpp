// The audit trail and the integrity report.

#include "bindings.hpp"

namespace kehoach_python {

void init_audit(py::module_& m) {
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
  py::class_<CopyReport>(m, "CopyReport", "What Store.copy_to moved, counted in the destination once it read back equal")
      .def_readonly("destination", &CopyReport::destination).def_readonly("units", &CopyReport::units)
      .def_readonly("plans", &CopyReport::plans).def_readonly("records", &CopyReport::records)
      .def_readonly("cases", &CopyReport::cases).def_readonly("audit_entries", &CopyReport::audit_entries)
      .def_readonly("packages", &CopyReport::packages)
      .def("to_json", &write_copy_report_json)
      .def("__repr__", [](const CopyReport& r) {
        return "CopyReport(" + r.destination + ": " + std::to_string(r.units) + " units, " + std::to_string(r.plans) +
               " plans, " + std::to_string(r.records) + " records, " + std::to_string(r.cases) + " cases, " +
               std::to_string(r.audit_entries) + " audit entries, " + std::to_string(r.packages) + " packages)";
      });
  py::class_<IntegrityReport>(m, "IntegrityReport")
      .def_readonly("intact", &IntegrityReport::intact).def_readonly("cases_checked", &IntegrityReport::cases_checked)
      .def_readonly("cells_checked", &IntegrityReport::cells_checked).def_readonly("audit", &IntegrityReport::audit)
      .def_readonly("problems", &IntegrityReport::problems)
      .def("to_json", &write_integrity_json);
}

}  // namespace kehoach_python
