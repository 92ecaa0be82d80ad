// The plan document codec: strict reading (unknown fields, wrong types and
// malformed dates are errors naming the field by JSON pointer) and canonical
// writing (empty optional fields left out), so that read → write → read is exact.

#include <kehoach/document.hpp>
#include <kehoach/text.hpp>
#include <kehoach/validation.hpp>

#include "codec/fields.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace kehoach {
inline namespace v1 {
namespace {

// Written from nlohmann::ordered_json, which keeps the field order of
// docs/plan-document.md; read through json_detail (fields.hpp).
using namespace json_detail;
using ordered = nlohmann::ordered_json;

DayMonth read_day_month(const json& v, const std::string& path) {
  Fields f(v, path);
  DayMonth dm;
  const int day = f.integer("day");
  const int month = f.integer("month");
  f.done();
  if (month < 1 || month > 12) throw ParseError(path + "/month", "month " + std::to_string(month) + " does not exist");
  if (day < 1 || day > 31) throw ParseError(path + "/day", "day " + std::to_string(day) + " does not exist");
  dm.day = static_cast<unsigned>(day);
  dm.month = static_cast<unsigned>(month);
  return dm;
}

AdministrativeUnit read_unit(const json& v, const std::string& path) {
  Fields f(v, path);
  AdministrativeUnit u;
  u.code = f.str("code");
  u.name = f.str("name");
  u.level = f.choice<Level>("level");
  u.parent = f.opt_str("parent");
  u.valid_from = f.opt_date("valid_from");
  u.valid_to = f.opt_date("valid_to");
  u.successor = f.opt_str("successor");
  f.done();
  return u;
}

Agency read_agency(const json& v, const std::string& path) {
  Fields f(v, path);
  Agency a;
  a.id = f.str("id");
  a.name = f.str("name");
  a.short_name = f.opt_str("short_name");
  a.aliases = f.strs("aliases");
  a.kind = f.choice<AgencyKind>("kind");
  a.level = f.choice<Level>("level");
  a.unit = f.opt_str("unit");
  a.parent = f.opt_str("parent");
  a.valid_from = f.opt_date("valid_from");
  a.valid_to = f.opt_date("valid_to");
  f.done();
  return a;
}

LegalBasis read_legal_basis(const json& v, const std::string& path) {
  Fields f(v, path);
  LegalBasis b;
  b.kind = f.choice<DocumentKind>("kind");
  b.number = f.str("number");
  b.date = f.opt_date("date");
  b.date_as_written = f.opt_str("date_as_written");
  b.issuer = f.opt_str("issuer");
  b.title = f.opt_str("title");
  b.relation = f.choice<LegalRelation>("relation", LegalRelation::basis);
  b.parent_plan = f.opt_str("parent_plan");
  f.done();
  return b;
}

FundingSource read_funding_source(const json& v, const std::string& path) {
  Fields f(v, path);
  FundingSource s;
  s.id = f.str("id");
  s.kind = f.choice<FundingKind>("kind");
  s.description = f.opt_str("description");
  f.done();
  return s;
}

AnnualFunding read_annual_funding(const json& v, const std::string& path) {
  Fields f(v, path);
  AnnualFunding a;
  a.year = f.integer("year");
  a.source = f.str("source");
  a.amount = f.money("amount");
  a.ethnic_minority_mountainous = f.opt_money("ethnic_minority_mountainous");
  a.extreme_difficulty = f.opt_money("extreme_difficulty");
  f.done();
  return a;
}

Milestone read_milestone(const json& v, const std::string& path) {
  Fields f(v, path);
  Milestone m;
  m.date = f.date("date");
  m.value = f.number("value");
  m.open_ended = f.flag("open_ended", false);
  m.as_written = f.opt_str("as_written");
  f.done();
  return m;
}

Target read_target(const json& v, const std::string& path) {
  Fields f(v, path);
  Target t;
  t.id = f.str("id");
  t.code = f.str("code");
  t.indicator = f.opt_integer("indicator").value_or(1);
  t.description = f.str("description");
  t.source_text = f.opt_str("source_text");
  t.comparator = f.choice<Comparator>("comparator");
  t.unit = f.choice<TargetUnit>("unit");
  if (f.get("baseline")) {
    Fields b = f.object("baseline");
    t.baseline = Baseline{b.number("value"), b.date("date")};
    b.done();
  }
  t.milestones = f.list<Milestone>("milestones", read_milestone, true);
  f.done();
  return t;
}

Task read_task(const json& v, const std::string& path) {
  Fields f(v, path);
  Task t;
  t.id = f.str("id");
  t.parent = f.opt_str("parent");
  t.section = f.str("section");
  t.title = f.str("title");
  t.text = f.opt_str("text");
  t.lead = f.opt_str("lead");
  t.collaborators = f.strs("collaborators");
  t.due = f.opt_date("due");
  if (f.get("recurrence")) {
    Fields r = f.object("recurrence");
    const std::string every = r.str("every");
    if (every != "year") throw ParseError(r.at("every"), "unknown value '" + every + "' (expected one of: year)");
    YearlyRecurrence rec;
    const int month = r.integer("month");
    const int day = r.integer("day");
    if (month < 1 || month > 12) throw ParseError(r.at("month"), "month " + std::to_string(month) + " does not exist");
    if (day < 1 || day > 31) throw ParseError(r.at("day"), "day " + std::to_string(day) + " does not exist");
    rec.due = DayMonth{static_cast<unsigned>(day), static_cast<unsigned>(month)};
    rec.from_year = r.opt_integer("from_year");
    rec.to_year = r.opt_integer("to_year");
    r.done();
    t.recurrence = rec;
  }
  t.status = f.choice<TaskStatus>("status", TaskStatus::planned);
  t.progress = f.opt_number("progress");
  t.completed_on = f.opt_date("completed_on");
  t.weight = f.opt_number("weight");
  f.done();
  return t;
}

ReportingDuty read_reporting_duty(const json& v, const std::string& path) {
  Fields f(v, path);
  ReportingDuty d;
  d.id = f.str("id");
  d.reporters = f.strs("reporters");
  if (!f.get("reporters")) throw ParseError(f.at("reporters"), "required field is missing");
  d.recipient = f.str("recipient");
  d.via = f.opt_str("via");
  d.period = f.choice<PeriodType>("period");
  d.sub_periods = f.integers("sub_periods");
  if (f.get("deadline")) {
    Fields dl = f.object("deadline");
    Deadline deadline;
    deadline.rule = dl.choice<DeadlineRule>("rule");
    const int day = dl.integer("day");
    const int month = dl.integer("month");
    if (month < 1 || month > 12) throw ParseError(dl.at("month"), "month " + std::to_string(month) + " does not exist");
    if (day < 1 || day > 31) throw ParseError(dl.at("day"), "day " + std::to_string(day) + " does not exist");
    deadline.day_month = DayMonth{static_cast<unsigned>(day), static_cast<unsigned>(month)};
    deadline.year_offset = dl.opt_integer("year_offset").value_or(0);
    dl.done();
    d.deadline = deadline;
  }
  d.as_written = f.opt_str("as_written");
  f.done();
  return d;
}

RecurringEvent read_event(const json& v, const std::string& path) {
  Fields f(v, path);
  RecurringEvent e;
  e.id = f.str("id");
  e.name = f.str("name");
  e.start = read_day_month(f.need("start"), f.at("start"));
  e.end = read_day_month(f.need("end"), f.at("end"));
  e.from_year = f.opt_integer("from_year");
  e.to_year = f.opt_integer("to_year");
  e.as_written = f.opt_str("as_written");
  f.done();
  return e;
}

Plan read_plan(const json& root) {
  Fields f(root, "");
  const std::string format = f.str("format");
  if (format != plan_document_format) {
    throw ParseError("/format", "expected \"kehoach-plan\", found \"" + format + "\"");
  }
  const int version = f.integer("format_version");
  if (version != plan_document_version) {
    throw VersionError("/format_version: this library reads plan documents of version " +
                       std::to_string(plan_document_version) + ", not " + std::to_string(version));
  }
  Plan p;
  p.id = f.str("id");
  if (const json* n = f.get("number")) p.number = Fields::as_string(*n, "/number");
  p.document_type = f.choice<DocumentKind>("document_type");
  p.kind = f.choice<PlanKind>("kind");
  p.title = f.str("title");
  p.summary = f.opt_str("summary");
  p.issuer = f.str("issuer");
  p.place = f.opt_str("place");
  p.issue_date = f.opt_date("issue_date");
  p.issue_date_as_written = f.opt_str("issue_date_as_written");
  p.effective_date = f.opt_date("effective_date");
  p.status = f.choice<PlanStatus>("status");
  p.level = f.choice<Level>("level");
  p.unit = f.str("unit");
  {
    Fields period = f.object("period");
    p.period = Period{period.date("start"), period.date("end")};
    period.done();
  }
  p.programme = f.opt_str("programme");
  p.legal_bases = f.list<LegalBasis>("legal_bases", read_legal_basis);
  p.amends = f.strs("amends");
  p.supersedes = f.strs("supersedes");
  p.purposes = f.strs("purposes");
  p.requirements = f.strs("requirements");
  p.general_objective = f.opt_str("general_objective");
  p.units = f.list<AdministrativeUnit>("units", read_unit, true);
  p.agencies = f.list<Agency>("agencies", read_agency, true);
  p.funding_sources = f.list<FundingSource>("funding_sources", read_funding_source);
  p.annual_funding = f.list<AnnualFunding>("annual_funding", read_annual_funding);
  p.targets = f.list<Target>("targets", read_target);
  p.tasks = f.list<Task>("tasks", read_task);
  p.reporting_duties = f.list<ReportingDuty>("reporting_duties", read_reporting_duty);
  p.events = f.list<RecurringEvent>("events", read_event);
  p.recipients = f.strs("recipients");
  p.signatory = f.opt_str("signatory");
  p.notes = f.strs("notes");
  f.done();
  return p;
}

// ---- writing ----

void put(ordered& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}
void put(ordered& j, const char* key, const std::optional<Date>& v) {
  if (v) j[key] = format_iso_date(*v);
}
void put(ordered& j, const char* key, const std::optional<int>& v) {
  if (v) j[key] = *v;
}
// JSON has no NaN or infinity; nlohmann would write null and lose the field.
double finite(double v, const char* key) {
  if (!std::isfinite(v)) throw InvalidArgument(std::string("the plan cannot be written as JSON: ") + key + " is not a finite number");
  return v;
}
void put(ordered& j, const char* key, const std::optional<double>& v) {
  if (v) j[key] = finite(*v, key);
}
void put(ordered& j, const char* key, const std::optional<Dong>& v) {
  if (v) j[key] = v->value();
}
void put(ordered& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}
template <class T, class F>
void put_list(ordered& j, const char* key, const std::vector<T>& items, F write) {
  if (items.empty()) return;
  ordered arr = ordered::array();
  for (const auto& item : items) arr.push_back(write(item));
  j[key] = std::move(arr);
}

template <class E>
std::string code(E e) {
  return std::string(to_code(e));
}

ordered agency_json(const Agency& a) {
  ordered o;
  o["id"] = a.id;
  o["name"] = a.name;
  put(o, "short_name", a.short_name);
  put(o, "aliases", a.aliases);
  o["kind"] = code(a.kind);
  o["level"] = code(a.level);
  put(o, "unit", a.unit);
  put(o, "parent", a.parent);
  put(o, "valid_from", a.valid_from);
  put(o, "valid_to", a.valid_to);
  return o;
}
ordered day_month_json(DayMonth dm) { return ordered{{"day", dm.day}, {"month", dm.month}}; }

// One unit, as plan documents and the unit list write it.
ordered unit_json(const AdministrativeUnit& u) {
  ordered o;
  o["code"] = u.code;
  o["name"] = u.name;
  o["level"] = code(u.level);
  put(o, "parent", u.parent);
  put(o, "valid_from", u.valid_from);
  put(o, "valid_to", u.valid_to);
  put(o, "successor", u.successor);
  return o;
}

ordered write_plan(const Plan& p) {
  ordered j;
  j["format"] = std::string(plan_document_format);
  j["format_version"] = plan_document_version;
  j["id"] = p.id;
  put(j, "number", p.number);
  j["document_type"] = code(p.document_type);
  j["kind"] = code(p.kind);
  j["title"] = p.title;
  put(j, "summary", p.summary);
  j["issuer"] = p.issuer;
  put(j, "place", p.place);
  put(j, "issue_date", p.issue_date);
  put(j, "issue_date_as_written", p.issue_date_as_written);
  put(j, "effective_date", p.effective_date);
  j["status"] = code(p.status);
  j["level"] = code(p.level);
  j["unit"] = p.unit;
  j["period"] = ordered{{"start", format_iso_date(p.period.start)}, {"end", format_iso_date(p.period.end)}};
  put(j, "programme", p.programme);
  put_list(j, "legal_bases", p.legal_bases, [](const LegalBasis& b) {
    ordered o;
    o["kind"] = code(b.kind);
    o["number"] = b.number;
    put(o, "date", b.date);
    put(o, "date_as_written", b.date_as_written);
    put(o, "issuer", b.issuer);
    put(o, "title", b.title);
    o["relation"] = code(b.relation);
    put(o, "parent_plan", b.parent_plan);
    return o;
  });
  put(j, "amends", p.amends);
  put(j, "supersedes", p.supersedes);
  put(j, "purposes", p.purposes);
  put(j, "requirements", p.requirements);
  put(j, "general_objective", p.general_objective);
  put_list(j, "units", p.units, unit_json);
  put_list(j, "agencies", p.agencies, agency_json);
  put_list(j, "funding_sources", p.funding_sources, [](const FundingSource& s) {
    ordered o;
    o["id"] = s.id;
    o["kind"] = code(s.kind);
    put(o, "description", s.description);
    return o;
  });
  put_list(j, "annual_funding", p.annual_funding, [](const AnnualFunding& a) {
    ordered o;
    o["year"] = a.year;
    o["source"] = a.source;
    o["amount"] = a.amount.value();
    put(o, "ethnic_minority_mountainous", a.ethnic_minority_mountainous);
    put(o, "extreme_difficulty", a.extreme_difficulty);
    return o;
  });
  put_list(j, "targets", p.targets, [](const Target& t) {
    ordered o;
    o["id"] = t.id;
    o["code"] = t.code;
    o["indicator"] = t.indicator;
    o["description"] = t.description;
    put(o, "source_text", t.source_text);
    o["comparator"] = code(t.comparator);
    o["unit"] = code(t.unit);
    if (t.baseline) o["baseline"] = ordered{{"value", finite(t.baseline->value, "value")}, {"date", format_iso_date(t.baseline->date)}};
    ordered ms = ordered::array();
    for (const auto& m : t.milestones) {
      ordered mo;
      mo["date"] = format_iso_date(m.date);
      mo["value"] = finite(m.value, "value");
      if (m.open_ended) mo["open_ended"] = true;
      put(mo, "as_written", m.as_written);
      ms.push_back(std::move(mo));
    }
    o["milestones"] = std::move(ms);
    return o;
  });
  put_list(j, "tasks", p.tasks, [](const Task& t) {
    ordered o;
    o["id"] = t.id;
    put(o, "parent", t.parent);
    o["section"] = t.section;
    o["title"] = t.title;
    put(o, "text", t.text);
    put(o, "lead", t.lead);
    put(o, "collaborators", t.collaborators);
    put(o, "due", t.due);
    if (t.recurrence) {
      ordered r{{"every", "year"}, {"month", t.recurrence->due.month}, {"day", t.recurrence->due.day}};
      put(r, "from_year", t.recurrence->from_year);
      put(r, "to_year", t.recurrence->to_year);
      o["recurrence"] = std::move(r);
    }
    if (t.status != TaskStatus::planned) o["status"] = code(t.status);
    put(o, "progress", t.progress);
    put(o, "completed_on", t.completed_on);
    put(o, "weight", t.weight);
    return o;
  });
  put_list(j, "reporting_duties", p.reporting_duties, [](const ReportingDuty& d) {
    ordered o;
    o["id"] = d.id;
    o["reporters"] = d.reporters;
    o["recipient"] = d.recipient;
    put(o, "via", d.via);
    o["period"] = code(d.period);
    if (!d.sub_periods.empty()) o["sub_periods"] = d.sub_periods;
    if (d.deadline) {
      o["deadline"] = ordered{{"rule", code(d.deadline->rule)},
                           {"day", d.deadline->day_month.day},
                           {"month", d.deadline->day_month.month},
                           {"year_offset", d.deadline->year_offset}};
    }
    put(o, "as_written", d.as_written);
    return o;
  });
  put_list(j, "events", p.events, [](const RecurringEvent& e) {
    ordered o;
    o["id"] = e.id;
    o["name"] = e.name;
    o["start"] = day_month_json(e.start);
    o["end"] = day_month_json(e.end);
    put(o, "from_year", e.from_year);
    put(o, "to_year", e.to_year);
    put(o, "as_written", e.as_written);
    return o;
  });
  put(j, "recipients", p.recipients);
  put(j, "signatory", p.signatory);
  put(j, "notes", p.notes);
  return j;
}

}  // namespace

PlanDocument read_plan_json(std::string_view text) {
  const json root = parse_strict(text);
  PlanDocument doc;
  doc.plan = read_plan(root);
  doc.warnings = check(doc.plan);
  return doc;
}

PlanDocument read_plan_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path.string() + ": cannot open the file for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError(path.string() + ": reading failed");
  try {
    return read_plan_json(buffer.str());
  } catch (const ValidationError& e) {
    auto errors = e.errors();
    errors.front().message += " (in " + path.string() + ")";
    throw ValidationError(std::move(errors));
  } catch (const ParseError& e) {
    throw ParseError(e.path(), std::string(e.what()).substr(e.path().empty() ? 0 : e.path().size() + 2) + " (in " + path.string() + ")");
  } catch (const VersionError& e) {
    throw VersionError(path.string() + ": " + e.what());
  }
}

std::string write_plan_json(const Plan& plan, int indent) {
  try {
    return write_plan(plan).dump(indent < 0 ? -1 : indent, ' ', /*ensure_ascii=*/false,
                                 json::error_handler_t::strict);
  } catch (const json::exception& e) {
    // Only text that is not valid UTF-8 makes dumping fail; validate() names the field.
    throw InvalidArgument(std::string("the plan cannot be written as JSON: ") + e.what());
  }
}

std::string write_units_json(std::span<const AdministrativeUnit> units) {
  ordered arr = ordered::array();
  for (const auto& u : units) arr.push_back(unit_json(u));
  try {
    return arr.dump(2, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    throw InvalidArgument(std::string("the units cannot be written as JSON: ") + e.what());
  }
}

namespace {
ordered succession_json(const Succession& e) {
  ordered o;
  o["from"] = e.from;
  o["to"] = e.to;
  o["date"] = format_iso_date(e.date);
  put(o, "share", e.share);
  return o;
}

ordered version_json(const UnitVersion& v) {
  ordered x;
  x["name"] = v.name;
  x["level"] = code(v.level);
  put(x, "parent", v.parent);
  put(x, "valid_from", v.valid_from);
  put(x, "valid_to", v.valid_to);
  return x;
}
}  // namespace

std::string write_unit_versions_json(std::span<const UnitVersion> versions) {
  ordered arr = ordered::array();
  for (const auto& v : versions) {
    ordered x{{"code", v.code}};
    x.update(version_json(v));
    arr.push_back(std::move(x));
  }
  try {
    return arr.dump(2, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    throw InvalidArgument(std::string("the units cannot be written as JSON: ") + e.what());
  }
}

std::string write_successions_json(std::span<const Succession> successions) {
  ordered arr = ordered::array();
  for (const auto& e : successions) arr.push_back(succession_json(e));
  return arr.dump(2, ' ', false, json::error_handler_t::strict);
}

std::string write_unit_history_json(const UnitHistory& history) {
  ordered o;
  o["code"] = history.code;
  ordered versions = ordered::array();
  for (const auto& v : history.versions) versions.push_back(version_json(v));
  o["versions"] = std::move(versions);
  for (const auto& [key, list] : {std::pair{"predecessors", &history.predecessors}, std::pair{"successors", &history.successors}}) {
    ordered arr = ordered::array();
    for (const auto& e : *list) arr.push_back(succession_json(e));
    o[key] = std::move(arr);
  }
  try {
    return o.dump(2, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    throw InvalidArgument(std::string("the unit's history cannot be written as JSON: ") + e.what());
  }
}

// ---- agency successions (docs/data-model.md, "Agencies over time") ----

std::vector<AgencySuccession> read_agency_successions_json(std::string_view text) {
  const json root = parse_strict(text);
  Fields f(root, "");
  if (f.str("format") != "kehoach-agency-successions") throw ParseError("/format", "expected \"kehoach-agency-successions\"");
  if (f.integer("format_version") != 1) {
    throw VersionError("/format_version: this library reads agency succession documents of version 1");
  }
  auto out = f.list<AgencySuccession>("successions", [](const json& j, const std::string& path) {
    Fields r(j, path);
    AgencySuccession s;
    s.plan_id = r.str("plan_id");
    s.agency_id = r.str("agency_id");
    s.date = r.date("date");
    s.to = r.list<AgencyHandover>("to", [](const json& h, const std::string& hp) {
      Fields t(h, hp);
      AgencyHandover o{t.str("agency_id"), t.strs("tasks"), t.strs("duties")};
      t.done();
      return o;
    });
    s.joining = r.list<Agency>("joining", read_agency);
    s.basis = r.opt_str("basis");
    r.done();
    return s;
  }, true);
  f.done();
  return out;
}

std::string write_agency_successions_json(std::span<const AgencySuccession> successions) {
  ordered list = ordered::array();
  for (const auto& s : successions) {
    ordered o;
    o["plan_id"] = s.plan_id;
    o["agency_id"] = s.agency_id;
    o["date"] = format_iso_date(s.date);
    ordered to = ordered::array();
    for (const auto& h : s.to) {
      ordered t;
      t["agency_id"] = h.agency_id;
      put(t, "tasks", h.tasks);
      put(t, "duties", h.duties);
      to.push_back(std::move(t));
    }
    o["to"] = std::move(to);
    put_list(o, "joining", s.joining, agency_json);
    put(o, "basis", s.basis);
    list.push_back(std::move(o));
  }
  ordered root;
  root["format"] = "kehoach-agency-successions";
  root["format_version"] = 1;
  root["successions"] = std::move(list);
  return root.dump(2, ' ', false);
}

}  // namespace v1
}  // namespace kehoach
