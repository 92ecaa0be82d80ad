// Records documents (JSON) and record CSV files: what happens under a plan.

#include <kehoach/store.hpp>
#include <kehoach/text.hpp>

#include "codec/fields.hpp"
#include "codec/csv.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace kehoach {
inline namespace v1 {
namespace {

using namespace json_detail;
using ordered = nlohmann::ordered_json;

Period period_at(Fields& f, std::string_view key) {
  const std::string text = f.str(key);
  try {
    return parse_period(text);
  } catch (const ParseError& e) {
    throw ParseError(f.at(key), e.what());
  }
}

std::string period_text(const Period& p) { return format_iso_date(p.start) + "/" + format_iso_date(p.end); }

using csv::Row;

int year_of(const Row& row, std::string_view column) {
  const std::int64_t y = row.whole(column);
  if (y < min_year || y > max_year) row.fail(column, "year " + std::to_string(y) + " is out of range");
  return static_cast<int>(y);
}

}  // namespace

RecordBatch read_records_json(std::string_view text) {
  const json root = parse_strict(text);
  Fields f(root, "");
  if (f.str("format") != "kehoach-records") throw ParseError("/format", "expected \"kehoach-records\"");
  if (f.integer("format_version") != 1) throw VersionError("/format_version: this library reads records documents of version 1");
  RecordBatch b;
  b.observations = f.list<Observation>("observations", [](const json& j, const std::string& p) {
    Fields r(j, p);
    Observation o{r.str("plan"), r.str("target"), r.date("date"), r.number("value"), r.opt_number("numerator"),
                  r.opt_number("denominator")};
    r.done();
    return o;
  });
  b.task_updates = f.list<TaskUpdate>("task_updates", [](const json& j, const std::string& p) {
    Fields r(j, p);
    TaskUpdate u;
    u.plan_id = r.str("plan");
    u.task_id = r.str("task");
    u.date = r.date("date");
    u.by = r.str("by");
    u.status = r.choice<TaskStatus>("status");
    u.progress = r.opt_number("progress");
    u.completed_on = r.opt_date("completed_on");
    u.note = r.opt_str("note");
    u.occurrence = r.opt_integer("occurrence");
    r.done();
    return u;
  });
  b.allocations = f.list<Allocation>("allocations", [](const json& j, const std::string& p) {
    Fields r(j, p);
    Allocation a{r.str("plan"), r.integer("year"), r.str("source"), r.str("agency"), r.opt_str("task"), r.date("dated"),
                 r.money("amount")};
    r.done();
    return a;
  });
  b.expenditures = f.list<Expenditure>("expenditures", [](const json& j, const std::string& p) {
    Fields r(j, p);
    Expenditure e{r.str("plan"),      r.date("date"),     r.str("source"),      r.str("agency"),
                  r.opt_str("task"), r.money("amount"), r.opt_str("voucher")};
    r.done();
    return e;
  });
  b.submissions = f.list<ReportSubmission>("submissions", [](const json& j, const std::string& p) {
    Fields r(j, p);
    ReportSubmission s{r.str("plan"), r.str("duty"), r.str("reporter"), period_at(r, "period"), r.date("submitted")};
    r.done();
    return s;
  });
  f.done();
  return b;
}

std::string write_integrity_json(const IntegrityReport& r) {
  nlohmann::ordered_json audit{{"intact", r.audit.intact},
                               {"entries", r.audit.entries},
                               {"head", r.audit.head.empty() ? std::string(64, '0') : r.audit.head},
                               {"first_broken", r.audit.first_broken ? nlohmann::ordered_json(*r.audit.first_broken) : nullptr},
                               {"reason", r.audit.reason},
                               {"macs_checked", r.audit.macs_checked}};
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  for (const auto& p : r.problems) problems.push_back({{"kind", p.kind}, {"record", p.record}, {"detail", p.detail}});
  nlohmann::ordered_json doc{{"intact", r.intact},
                             {"cases_checked", r.cases_checked},
                             {"cells_checked", r.cells_checked},
                             {"audit", std::move(audit)},
                             {"problems", std::move(problems)}};
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string write_copy_report_json(const CopyReport& r) {
  ordered doc{{"destination", r.destination}, {"units", r.units},   {"plans", r.plans},
              {"records", r.records},         {"cases", r.cases},   {"audit_entries", r.audit_entries},
              {"packages", r.packages},       {"equal", true}};
  return doc.dump(2, ' ', false, ordered::error_handler_t::replace);
}

std::string write_plan_cascade_json(const PlanCascade& c) {
  ordered doc{{"plan", c.plan_id},          {"parents", c.parents},
              {"parents_elsewhere", c.parents_elsewhere}, {"children", c.children},
              {"replaces", c.replaces},        {"replaces_elsewhere", c.replaces_elsewhere},
              {"replaced_by", c.replaced_by}};
  return doc.dump(2, ' ', false, ordered::error_handler_t::replace);
}

std::string write_audit_trail_json(std::span<const AuditEntry> entries) {
  ordered arr = ordered::array();
  for (const auto& e : entries) {
    arr.push_back(ordered{{"seq", e.seq}, {"at", e.at}, {"principal", e.principal}, {"role", std::string(to_code(e.role))},
                          {"action", e.action}, {"detail", e.detail}, {"prev_hash", e.prev_hash}, {"hash", e.hash}});
  }
  try {
    return arr.dump(2, ' ', false, ordered::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArgument(std::string("the audit trail cannot be written as JSON: ") + e.what());
  }
}

namespace {

// An observation as a records document writes it.
ordered observation_json(const Observation& x) {
  ordered r{{"plan", x.plan_id}, {"target", x.target_id}, {"date", format_iso_date(x.date)}, {"value", x.value}};
  if (x.numerator) r["numerator"] = *x.numerator;
  if (x.denominator) r["denominator"] = *x.denominator;
  return r;
}

// A submission as a records document writes it.
ordered submission_json(const ReportSubmission& x) {
  return ordered{{"plan", x.plan_id}, {"duty", x.duty_id}, {"reporter", x.reporter},
                 {"period", period_text(x.period)}, {"submitted", format_iso_date(x.submitted)}};
}

// An allocation as a records document writes it.
ordered allocation_json(const Allocation& x) {
  return ordered{{"plan", x.plan_id}, {"year", x.year}, {"source", x.source_id}, {"agency", x.agency_id},
                 {"task", x.task_id ? ordered(*x.task_id) : ordered(nullptr)}, {"dated", format_iso_date(x.dated)},
                 {"amount", x.amount.value()}};
}

// An expenditure as a records document writes it (the voucher when it has one).
ordered expenditure_json(const Expenditure& x) {
  ordered r{{"plan", x.plan_id}, {"date", format_iso_date(x.date)}, {"source", x.source_id},
            {"agency", x.agency_id}, {"task", x.task_id ? ordered(*x.task_id) : ordered(nullptr)},
            {"amount", x.amount.value()}};
  if (x.voucher) r["voucher"] = *x.voucher;
  return r;
}

}  // namespace

namespace {

// A history as a JSON array: each version's record (`row`) with its times.
// `recorded_at` is null for rows kept from before the store kept time.
template <class Version, class Row>
std::string history_json(std::span<const Version> history, Row row) {
  ordered arr = ordered::array();
  const auto text = [](const std::optional<std::string>& t) { return t ? ordered(*t) : ordered(nullptr); };
  for (const auto& v : history) {
    ordered r = row(v);
    r["recorded_at"] = v.recorded_at.empty() ? ordered(nullptr) : ordered(v.recorded_at);
    if constexpr (requires { v.retracted_at; }) {
      r["retracted_at"] = text(v.retracted_at);
    } else {
      r["replaced_at"] = text(v.replaced_at);
      r["retracted"] = v.retracted;
    }
    arr.push_back(std::move(r));
  }
  return arr.dump(2);
}

}  // namespace

std::string write_allocation_history_json(std::span<const AllocationVersion> history) {
  return history_json(history, [](const AllocationVersion& v) { return allocation_json(v.allocation); });
}

std::string write_expenditure_history_json(std::span<const ExpenditureVersion> history) {
  return history_json(history, [](const ExpenditureVersion& v) { return expenditure_json(v.expenditure); });
}

std::string write_submission_history_json(std::span<const SubmissionVersion> history) {
  return history_json(history, [](const SubmissionVersion& v) { return submission_json(v.submission); });
}

std::string write_observation_history_json(std::span<const ObservationVersion> history) {
  return history_json(history, [](const ObservationVersion& v) { return observation_json(v.observation); });
}

namespace {

ordered task_update_json(const TaskUpdate& x) {
  ordered r{{"plan", x.plan_id}, {"task", x.task_id}, {"date", format_iso_date(x.date)}, {"by", x.by},
            {"status", std::string(to_code(x.status))}};
  if (x.progress) r["progress"] = *x.progress;
  if (x.completed_on) r["completed_on"] = format_iso_date(*x.completed_on);
  if (x.note) r["note"] = *x.note;
  if (x.occurrence) r["occurrence"] = *x.occurrence;
  return r;
}

}  // namespace

std::string write_task_history_json(std::span<const TaskChange> history) {
  ordered out = ordered::array();
  for (const auto& c : history) {
    ordered r = task_update_json(c.update);
    r["old_status"] = std::string(to_code(c.old_status));
    r["old_progress"] = c.old_progress ? ordered(*c.old_progress) : ordered(nullptr);
    out.push_back(std::move(r));
  }
  return out.dump(2);
}

std::string write_records_json(const RecordBatch& b) {
  ordered o;
  o["format"] = "kehoach-records";
  o["format_version"] = 1;
  ordered obs = ordered::array();
  for (const auto& x : b.observations) obs.push_back(observation_json(x));
  o["observations"] = obs;
  ordered ups = ordered::array();
  for (const auto& x : b.task_updates) ups.push_back(task_update_json(x));
  o["task_updates"] = ups;
  ordered alloc = ordered::array();
  for (const auto& x : b.allocations) alloc.push_back(allocation_json(x));
  o["allocations"] = alloc;
  ordered spent = ordered::array();
  for (const auto& x : b.expenditures) spent.push_back(expenditure_json(x));
  o["expenditures"] = spent;
  ordered subs = ordered::array();
  for (const auto& x : b.submissions) subs.push_back(submission_json(x));
  o["submissions"] = subs;
  return o.dump(2, ' ', false);
}

RecordBatch read_records_csv(std::string_view kind, std::string_view text) {
  static const std::map<std::string, std::vector<std::string_view>, std::less<>> columns = {
      {"observations", {"plan", "target", "date", "value", "numerator", "denominator"}},
      {"task_updates", {"plan", "task", "date", "by", "status", "progress", "completed_on", "note", "occurrence"}},
      {"allocations", {"plan", "year", "source", "agency", "task", "dated", "amount"}},
      {"expenditures", {"plan", "date", "source", "agency", "task", "amount", "voucher"}},
      {"submissions", {"plan", "duty", "reporter", "period", "submitted"}}};
  const auto known = columns.find(kind);
  if (known == columns.end()) {
    throw InvalidArgument("unknown kind of record '" + std::string(kind) +
                          "' (expected observations, task_updates, allocations, expenditures or submissions)");
  }
  if (!is_valid_utf8(text)) throw ParseError("", "the CSV is not valid UTF-8");
  const auto rows = csv::parse_csv(text);
  if (rows.empty()) throw ParseError("line 1", "the header row is missing");
  const csv::Header header = csv::read_header(rows[0].second, known->second, " for " + std::string(kind));
  RecordBatch b;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const Row row(rows[r].first, rows[r].second, header);
    if (kind == "observations") {
      b.observations.push_back({row.required("plan"), row.required("target"), row.date("date"), row.number("value"),
                                row.optional_number("numerator"), row.optional_number("denominator")});
    } else if (kind == "task_updates") {
      TaskUpdate u;
      u.plan_id = row.required("plan");
      u.task_id = row.required("task");
      u.date = row.date("date");
      u.by = row.required("by");
      const std::string status = row.required("status");
      if (auto s = from_code<TaskStatus>(status)) u.status = *s;
      else row.fail("status", "unknown status '" + status + "' (expected planned, in_progress, done or cancelled)");
      u.progress = row.optional_number("progress");
      u.completed_on = row.optional_date("completed_on");
      u.note = row.optional_text("note");
      if (!row.text("occurrence").empty()) u.occurrence = year_of(row, "occurrence");
      b.task_updates.push_back(u);
    } else if (kind == "allocations") {
      b.allocations.push_back({row.required("plan"), year_of(row, "year"), row.required("source"), row.required("agency"),
                               row.optional_text("task"), row.date("dated"), Dong{row.whole("amount")}});
    } else if (kind == "expenditures") {
      b.expenditures.push_back({row.required("plan"), row.date("date"), row.required("source"), row.required("agency"),
                                row.optional_text("task"), Dong{row.whole("amount")}, row.optional_text("voucher")});
    } else {
      b.submissions.push_back({row.required("plan"), row.required("duty"), row.required("reporter"), row.period("period"),
                               row.date("submitted")});
    }
  }
  return b;
}

}  // namespace v1
}  // namespace kehoach
