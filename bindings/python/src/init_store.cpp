// The store.

#include "bindings.hpp"

#include <cstdio>

namespace kehoach_python {

namespace {
// A document's warnings as Python gets them: (path, message) pairs.
using Warnings = std::vector<std::pair<std::string, std::string>>;
Warnings warning_pairs(const std::vector<Diagnostic>& warnings) {
  Warnings out;
  out.reserve(warnings.size());
  for (const auto& w : warnings) out.emplace_back(w.path, w.message);
  return out;
}
// MetricsOptions::known_at from Python: None, a 'YYYY-MM-DDTHH:MM:SSZ'
// string, or a datetime (pd.Timestamp too) with a time zone, taken to UTC. A
// datetime without one is refused: which moment it means is a guess.
std::optional<std::string> known_time(const py::object& value) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  const auto datetime = py::module_::import("datetime");
  if (py::isinstance(value, datetime.attr("datetime"))) {
    if (py::str(py::type::of(value).attr("__name__")).cast<std::string>() == "NaTType") {
      throw py::value_error("known_at: NaT is not a time");
    }
    if (value.attr("tzinfo").is_none() || value.attr("utcoffset")().is_none()) {
      throw py::value_error("known_at: a datetime without a time zone is ambiguous; give one (datetime.timezone.utc) "
                            "or a string 'YYYY-MM-DDTHH:MM:SSZ'");
    }
    // To the second, as recorded_at is written (a fraction of a second is dropped).
    const auto t = value.attr("astimezone")(datetime.attr("timezone").attr("utc"));
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.attr("year").cast<int>(), t.attr("month").cast<int>(),
                  t.attr("day").cast<int>(), t.attr("hour").cast<int>(), t.attr("minute").cast<int>(),
                  t.attr("second").cast<int>());
    return std::string(out);
  }
  throw py::type_error("known_at must be None, a str 'YYYY-MM-DDTHH:MM:SSZ' or a datetime with a time zone");
}

// expected_version as the store takes it: None is unchecked; "" is refused,
// so that an empty string is never taken for "unchecked" by mistake.
std::string checked_version(const std::optional<std::string>& expected_version) {
  if (!expected_version) return {};
  if (expected_version->empty()) {
    throw InvalidArgument("expected_version is empty: pass None to change the case without a version check");
  }
  return *expected_version;
}
}  // namespace

void init_store(py::module_& m) {
  // ---- the store ----
  using release = py::call_guard<py::gil_scoped_release>;
  py::class_<Store>(m, "Store", "A kehoach store: a SQLite file, ':memory:', or a PostgreSQL URI (postgresql://...)")
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
             return warning_pairs(s.import_plan_json(text).warnings);
           }, py::arg("json"), "Import a plan document; returns its warnings as (path, message) pairs.")
      .def("import_plans_json", [](Store& s, const std::vector<std::string>& texts) {
             py::gil_scoped_release unlocked;
             const std::vector<std::string_view> views(texts.begin(), texts.end());
             std::vector<Diagnostic> warnings;
             for (const auto& doc : s.import_plans_json(views)) warnings.insert(warnings.end(), doc.warnings.begin(), doc.warnings.end());
             return warning_pairs(warnings);
           }, py::arg("documents"),
           "Import several plan documents in one transaction, all or none; returns their warnings as "
           "(path, message) pairs, paths from /<index>.")
      .def("import_plan_file", [](Store& s, const std::string& path) {
             py::gil_scoped_release unlocked;
             return warning_pairs(s.import_plan_json(read_text(path)).warnings);
           }, py::arg("path"))
      .def("plan_ids", &Store::plan_ids, release())
      .def("units", &Store::units, "The administrative units of the store", release())
      .def("import_register", [](Store& s, const std::string& versions, const std::string& successions) {
             py::gil_scoped_release unlocked;
             s.import_register(read_unit_register_csv(versions, successions));
           }, py::arg("versions_csv"), py::arg("successions_csv") = "",
           "Record unit versions (CSV: code, name, level, parent, valid_from, valid_to) and successions (CSV: "
           "old_code, new_code, date, share), all or none. ParseError names the file, line and column; "
           "ValidationError names /versions/i/field or /successions/j/field.")
      .def("unit_history", &Store::unit_history, py::arg("code"), release(),
           "One code's versions and successions (UnitHistory). NotFoundError for an unknown code.")
      .def("units_on", &Store::units_on, py::arg("day"), release(),
           "The units as they were on a day: every version valid on it (UnitVersion), by level and code.")
      .def("successions", &Store::successions, release(), "Every succession of the register, by from, date and to")
      .def("record_agency_successions", [](Store& s, const std::string& text) {
             py::gil_scoped_release unlocked;
             return s.record_agency_successions_json(text);
           }, py::arg("json"),
           "Record that agencies of plans ended and their obligations passed to successors, from an agency "
           "succession document (docs/data-model.md, \"Agencies over time\"), all or none; returns what was "
           "recorded. ValidationError names /successions/i/field.")
      .def("agency_successions", &Store::agency_successions, py::arg("plan_id"), release(),
           "The agency successions of a plan (AgencySuccession), in the order recorded. NotFoundError for an "
           "unknown plan.")
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
      .def("task_history", [](const Store& s, const std::string& plan, const std::string& task) {
             return s.task_history(plan, task);
           }, py::arg("plan_id"), py::arg("task_id"), release(),
           "Every update of a task in the order recorded, each with the status and progress it replaced "
           "(NotFoundError for an unknown plan or task).")
      .def("observation_history", [](const Store& s, const std::string& plan, const std::string& target) {
             return s.observation_history(plan, target);
           }, py::arg("plan_id"), py::arg("target_id"), release(),
           "Every version of a target's observations (corrected, retracted, holding), by date and then as recorded "
           "(NotFoundError for an unknown plan or target).")
      .def("retract_observation", [](Store& s, const std::string& plan, const std::string& target, Date date) {
             s.retract_observation(plan, target, date);
           }, py::arg("plan_id"), py::arg("target_id"), py::arg("date"), release(),
           "Retracts the observation of a target on a date: it no longer counts and stays in the history "
           "(NotFoundError when none holds).")
      .def("allocation_history", [](const Store& s, const std::string& plan) { return s.allocation_history(plan); },
           py::arg("plan_id"), release(),
           "Every version of a plan's allocations (corrected, retracted, holding), by year, source, agency, task and "
           "dated (NotFoundError for an unknown plan).")
      .def("retract_allocation", [](Store& s, const std::string& plan, int year, const std::string& source,
                                    const std::string& agency, Date dated, std::optional<std::string> task) {
             s.retract_allocation(Allocation{plan, year, source, agency, std::move(task), dated, Dong{0}});
           }, py::arg("plan_id"), py::arg("year"), py::arg("source_id"), py::arg("agency_id"), py::arg("dated"),
           py::arg("task_id") = py::none(), release(),
           "Retracts the allocation that holds for a slice and revision day: it no longer counts, an earlier revision "
           "of the slice is in force again, and it stays in the history (NotFoundError when none holds).")
      .def("expenditure_history", [](const Store& s, const std::string& plan) { return s.expenditure_history(plan); },
           py::arg("plan_id"), release(),
           "Every version of a plan's expenditures (corrected, retracted, holding), by date, source, agency, task and "
           "voucher (NotFoundError for an unknown plan).")
      .def("retract_expenditure", [](Store& s, const std::string& plan, Date date, const std::string& source,
                                     const std::string& agency, std::optional<std::string> task,
                                     std::optional<std::string> voucher, std::optional<std::int64_t> amount) {
             if (!voucher && !amount) {
               throw py::value_error("amount: a payment without a voucher is named by its amount too (give amount=)");
             }
             if (voucher && amount) {
               throw py::value_error("amount: a payment with a voucher is named by it alone (give voucher= or amount=)");
             }
             s.retract_expenditure(
                 Expenditure{plan, date, source, agency, std::move(task), Dong{amount.value_or(0)}, std::move(voucher)});
           }, py::arg("plan_id"), py::arg("date"), py::arg("source_id"), py::arg("agency_id"),
           py::arg("task_id") = py::none(), py::kw_only(), py::arg("voucher") = py::none(), py::arg("amount") = py::none(),
           release(),
           "Retracts the payment that holds for a day, source, agency, task and voucher (without a voucher, amount= "
           "names it): it no longer counts and stays in the history (NotFoundError when none holds).")
      .def("submission_history", [](const Store& s, const std::string& plan, const std::string& duty) {
             return s.submission_history(plan, duty);
           }, py::arg("plan_id"), py::arg("duty_id"), release(),
           "Every submission under a reporting duty (held and retracted), by period, reporter and day submitted "
           "(NotFoundError for an unknown plan or duty).")
      .def("retract_submission", [](Store& s, const std::string& plan, const std::string& duty, const std::string& reporter,
                                    const std::string& period, Date submitted) {
             s.retract_submission(ReportSubmission{plan, duty, reporter, parse_period(period), submitted});
           }, py::arg("plan_id"), py::arg("duty_id"), py::arg("reporter"), py::arg("period"), py::arg("submitted"),
           release(),
           "Retracts a submission recorded by mistake, named by plan, duty, reporter, period (as a records document "
           "writes it: '2026', '2026H1', '2026-01-01/2026-12-31') and day submitted: it no longer counts and stays in "
           "the history (NotFoundError when none holds).")
      .def("plan_metrics", [](Store& s, const std::string& plan, Date as_of, double tau, const py::object& known_at) {
             MetricsOptions options{tau, std::nullopt, known_time(known_at)};
             py::gil_scoped_release unlocked;
             return s.plan_metrics(plan, as_of, options);
           }, py::arg("plan_id"), py::arg("as_of"), py::arg("tau") = 0.10, py::kw_only(), py::arg("known_at") = py::none(),
           "Every metric of a plan as of a day; with known_at (a UTC time), from the records and plan text as they "
           "stood at that time (decision 0030).")
      .def("unit_metrics", [](Store& s, const std::string& unit, Date as_of, double tau, std::optional<Date> boundaries,
                              const py::object& known_at) {
             MetricsOptions options{tau, boundaries, known_time(known_at)};
             py::gil_scoped_release unlocked;
             return s.unit_metrics(unit, as_of, options);
           }, py::arg("unit"), py::arg("as_of"), py::arg("tau") = 0.10, py::arg("boundaries") = py::none(), py::kw_only(),
           py::arg("known_at") = py::none(),
           "The plans of a unit's subtree and their roll-up; with boundaries, by the units as they were on that day "
           "(decision 0021); with known_at, as the records stood at that time (decision 0030).")
      .def("reporting_rollup", [](Store& s, const std::string& unit, Date as_of, std::optional<Date> boundaries) {
             py::gil_scoped_release unlocked;
             return boundaries ? s.reporting_rollup(unit, as_of, *boundaries) : s.reporting_rollup(unit, as_of);
           }, py::arg("unit"), py::arg("as_of"), py::arg("boundaries") = py::none(),
           "The reporting of a unit's subtree; with boundaries, by the units as they were on that day.")
      .def("set_manual_status", &Store::set_manual_status, py::arg("status"), release())
      .def("has_plan", [](const Store& s, const std::string& id) { return s.has_plan(id); }, py::arg("plan_id"), release())
      .def("remove_plan", [](Store& s, const std::string& id) { s.remove_plan(id); }, py::arg("plan_id"), release(),
           "Removes a plan while nothing was recorded under it (ConflictError otherwise; NotFoundError when there is none).")
      .def("plan_cascade", [](const Store& s, const std::string& id) { return s.plan_cascade(id); }, py::arg("plan_id"),
           release(), "The plan's parents and children in the cascade of plans, and the plans it replaces or that replace it "
           "(NotFoundError when there is none).")
      .def("amend_plan", [](Store& s, const std::string& document, const std::string& number, Date date,
                            const std::string& issuer, std::optional<Date> in_force_from) {
             py::gil_scoped_release unlocked;
             return s.amend_plan_json(document, Amendment{number, date, issuer, in_force_from});
           }, py::arg("document"), py::arg("number"), py::arg("date"), py::arg("issuer"), py::arg("in_force_from") = py::none(),
           "Records a changed text of a stored plan (a plan document, JSON) as its next revision, amended by document "
           "`number` of `date` by `issuer`, in force from `in_force_from` (its date when None). The same amendment of "
           "the same text again changes nothing. NotFoundError, ConflictError or ValidationError, nothing written.")
      .def("plan_history", [](const Store& s, const std::string& id) { return s.plan_history(id); }, py::arg("plan_id"),
           release(), "The plan's revisions, oldest first (one for a plan never amended).")
      .def("plan_revision", [](const Store& s, const std::string& id, int revision) {
             return write_plan_json(s.plan_revision(id, revision));
           }, py::arg("plan_id"), py::arg("revision"), release(), "The plan document (JSON) of one revision of a plan.")
      .def("plan_diff", [](const Store& s, const std::string& id, int from, int to) { return s.plan_diff(id, from, to); },
           py::arg("plan_id"), py::arg("from_revision"), py::arg("to_revision"), release(),
           "The targets, milestones, tasks, duties and other items added, removed or changed between two revisions.")
      .def("load_case", [](Store& s, const Principal& p, const std::string& code, const std::optional<std::string>& unit) {
             py::gil_scoped_release unlocked;
             const CaseRecord c = unit ? s.load_case(p, *unit, code) : s.load_case(p, code);
             return write_cases_json({c});
           }, py::arg("principal"), py::arg("code"), py::arg("unit") = py::none(),
           "One case of the principal's subtree, as a cases document (JSON) holding it. Audited.")
      .def("update_case", [](Store& s, const Principal& p, const std::string& json,
                             const std::optional<std::string>& expected_version) {
             auto cases = read_cases_json(json);
             if (cases.size() != 1) {
               throw InvalidArgument("/cases: a case update holds exactly one case (this document holds " +
                                     std::to_string(cases.size()) + ")");
             }
             py::gil_scoped_release unlocked;
             return s.update_case(p, cases.front(), checked_version(expected_version));
           }, py::arg("principal"), py::arg("data"), py::arg("expected_version") = py::none(),
           "Replaces a recorded case: a cases document (JSON) holding exactly that case. With expected_version "
           "(case_version of the case as read), ConflictError when it changed since. Returns the new version. Audited.")
      .def("close_case", [](Store& s, const Principal& p, const std::string& code, Date closed_on,
                            const std::optional<std::string>& unit, const std::optional<std::string>& expected_version) {
             py::gil_scoped_release unlocked;
             return s.close_case(p, unit.value_or(""), code, closed_on, checked_version(expected_version));
           }, py::arg("principal"), py::arg("code"), py::arg("closed_on"), py::arg("unit") = py::none(),
           py::arg("expected_version") = py::none(),
           "Closes an open case on closed_on; ConflictError when it is closed or changed since expected_version. "
           "Returns the new version. Audited (case.close).")
      .def("reopen_case", [](Store& s, const Principal& p, const std::string& code, const std::optional<std::string>& unit,
                             const std::optional<std::string>& expected_version) {
             py::gil_scoped_release unlocked;
             return s.reopen_case(p, unit.value_or(""), code, checked_version(expected_version));
           }, py::arg("principal"), py::arg("code"), py::arg("unit") = py::none(), py::arg("expected_version") = py::none(),
           "Reopens a closed case; ConflictError when it is open or changed since expected_version. Returns the new "
           "version. Audited (case.reopen).")
      .def("list_cases", [](Store& s, const Principal& p, const std::string& unit, const std::optional<std::string>& intake,
                            const std::optional<std::string>& status, const std::optional<std::string>& after,
                            std::size_t limit) {
             CaseQuery q;
             if (intake) q.intake = parse_period(*intake);
             if (status) {
               const auto st = from_code<CaseStatus>(*status);
               if (!st) throw InvalidArgument("status: expected 'open' or 'closed', not '" + *status + "'");
               q.status = *st;
             }
             q.after = after.value_or("");
             q.limit = limit;
             py::gil_scoped_release unlocked;
             return s.list_cases(p, unit, q);
           }, py::arg("principal"), py::arg("unit"), py::arg("intake") = py::none(), py::arg("status") = py::none(),
           py::arg("after") = py::none(), py::arg("limit") = 100,
           "A page of the cases of a unit's subtree, by intake date, unit and code; pass the page's next as after "
           "for the following one. Audited (case.list).")
      .def("import_cases", [](Store& s, const Principal& p, const std::string& text, const std::string& format) {
             py::gil_scoped_release unlocked;
             return s.import_cases(p, text, case_format(format));
           }, py::arg("principal"), py::arg("data"), py::arg("format") = "json")
      .def("export_cases", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, const std::string& format) {
             py::gil_scoped_release unlocked;
             return s.export_cases(p, unit, parse_period(period), case_format(format));
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("format") = "json")
      .def("case_indicators", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, Date as_of, int k,
                                 std::optional<Date> boundaries) {
             py::gil_scoped_release unlocked;
             return boundaries ? s.case_indicators(p, unit, parse_period(period), as_of, *boundaries, DisclosureOptions{k})
                               : s.case_indicators(p, unit, parse_period(period), as_of, DisclosureOptions{k});
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("as_of"), py::arg("k") = 5,
           py::arg("boundaries") = py::none(),
           "The case indicators of a unit's subtree; with boundaries, by the units as they were on that day, released "
           "from the sealed family of the principal's unit (decision 0021).")
      .def("export_package", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, Date as_of, int k) {
             py::gil_scoped_release unlocked;
             return s.export_package(p, unit, parse_period(period), as_of, DisclosureOptions{k});
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("as_of"), py::arg("k") = 5)
      .def("import_package", [](Store& s, const Principal& p, const std::string& text) {
             py::gil_scoped_release unlocked;
             s.import_package(p, text);
           }, py::arg("principal"), py::arg("json"))
      .def("rolled_up_packages", [](Store& s, const Principal& p, const std::string& unit, const std::string& period, int k,
                                    std::optional<Date> boundaries) {
             py::gil_scoped_release unlocked;
             return boundaries ? s.rolled_up_packages(p, unit, parse_period(period), *boundaries, DisclosureOptions{k})
                               : s.rolled_up_packages(p, unit, parse_period(period), DisclosureOptions{k});
           }, py::arg("principal"), py::arg("unit"), py::arg("period"), py::arg("k") = 5, py::arg("boundaries") = py::none(),
           "The imported packages of a unit's subtree rolled up for a period; with boundaries, of the unit as it was on "
           "that day, each package counted where its unit then falls (decision 0021).")
      .def("audit_trail", &Store::audit_trail, py::arg("principal"), release())
      .def("verify_audit", &Store::verify_audit, py::arg("principal"), release())
      .def("check_integrity", py::overload_cast<>(&Store::check_integrity, py::const_), release(),
           "SQLite's own integrity and foreign-key checks: the problems found, or an empty list.")
      .def("check_integrity", py::overload_cast<const Principal&>(&Store::check_integrity), py::arg("principal"), release(),
           "Everything, for an auditor: SQLite's checks, the audit chain, cases against their audited content, "
           "case cells against a rebuild. Returns an IntegrityReport; nothing is repaired.")
      .def("copy_to", &Store::copy_to, py::arg("principal"), py::arg("destination"), release(),
           "Copy the whole store into the empty store at `destination` (a file path or a postgresql:// URI, made when "
           "missing), read it back and check it equal (auditors only; audited in this store first). Returns a "
           "CopyReport. InvalidArgumentError when the destination holds data; CorruptStoreError when this store's "
           "audit trail does not verify. All or nothing.")
      .def("set_audit_key", [](Store& s, py::bytes key) {
             const std::string k = key;
             py::gil_scoped_release unlock;
             s.set_audit_key(k);
           }, py::arg("key"), "Set the portal's key (bytes, at least 16) for the audit trail's HMACs; b'' clears it.")
      .def("__repr__", [](const Store& s) { return "Store(" + quote(s.path()) + ")"; });
}

}  // namespace kehoach_python
