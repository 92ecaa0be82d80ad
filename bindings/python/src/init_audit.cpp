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
  py::class_<IntegrityReport>(m, "IntegrityReport")
      .def_readonly("intact", &IntegrityReport::intact).def_readonly("cases_checked", &IntegrityReport::cases_checked)
      .def_readonly("cells_checked", &IntegrityReport::cells_checked).def_readonly("audit", &IntegrityReport::audit)
      .def_readonly("problems", &IntegrityReport::problems)
      .def("to_json", &write_integrity_json);
}

}  // namespace kehoach_python
