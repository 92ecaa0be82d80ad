// The JSON codec of case records: the cases document
// (`{"format": "kehoach-cases", "format_version": 1, "cases": […]}`).

#include <kehoach/cases.hpp>
#include <kehoach/text.hpp>

#include "codec/fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace kehoach {
inline namespace v1 {

namespace {

using namespace json_detail;
using ordered = nlohmann::ordered_json;

std::vector<ViolenceType> read_violence(Fields& f) {
  std::vector<ViolenceType> out;
  const json* v = f.get("violence");
  if (!v) return out;
  if (!v->is_array()) throw ParseError(f.at("violence"), "expected an array of codes");
  for (std::size_t i = 0; i < v->size(); ++i) {
    out.push_back(Fields::as_enum<ViolenceType>((*v)[i], f.at("violence") + "/" + std::to_string(i)));
  }
  return out;
}

CaseRecord read_case(const json& v, const std::string& path) {
  if (v.is_object()) {
    for (const char* forbidden : {"name", "full_name", "phone", "phone_number", "address", "narrative", "story", "id_number"}) {
      if (v.contains(forbidden)) {
        throw ParseError(path + "/" + forbidden,
                         std::string("cases hold no names, phone numbers, addresses, identity numbers or narratives: '") +
                             forbidden + "' is refused");
      }
    }
  }
  Fields f(v, path);
  CaseRecord c;
  c.code = f.str("code");
  c.unit = f.str("unit");
  c.intake_date = f.date("intake_date");
  c.incident_date = f.opt_date("incident_date");
  c.receiving_body = f.choice<ReceivingBody>("receiving_body");
  c.channel = f.choice<IntakeChannel>("channel");
  c.domestic_violence = f.flag("domestic_violence", true);
  c.status = f.choice<CaseStatus>("status", CaseStatus::open);
  c.closed_on = f.opt_date("closed_on");
  c.violence = read_violence(f);
  {
    Fields s = f.object("survivor");
    c.survivor.sex = s.choice<Sex>("sex");
    c.survivor.age_group = s.choice<AgeGroup>("age_group");
    for (auto [name, slot] : {std::pair{"ethnic_minority", &c.survivor.ethnic_minority},
                              std::pair{"disability", &c.survivor.disability},
                              std::pair{"migrant_worker", &c.survivor.migrant_worker}}) {
      if (s.get(name)) *slot = s.flag(name, false);
    }
    s.done();
  }
  c.perpetrator = f.choice<Relationship>("perpetrator", Relationship::unknown);
  c.needs_help = f.flag("needs_help", true);
  c.consent_services = f.flag("consent_services", false);
  c.consent_sharing = f.flag("consent_sharing", false);
  c.measures = f.list<Measure>("measures", [](const json& j, const std::string& p) {
    Fields m(j, p);
    Measure out;
    out.kind = m.choice<MeasureKind>("kind");
    out.start = m.date("start");
    out.end = m.opt_date("end");
    if (m.get("authority")) out.authority = m.choice<MeasureAuthority>("authority");
    if (m.get("survivor_consent")) out.survivor_consent = m.flag("survivor_consent", false);
    out.life_threatened = m.flag("life_threatened", false);
    m.done();
    return out;
  });
  c.services = f.list<Service>("services", [](const json& j, const std::string& p) {
    Fields s(j, p);
    Service out{s.choice<ServiceType>("type"), s.str("provider"), s.date("date"),
                s.choice<ServiceOutcome>("outcome", ServiceOutcome::provided)};
    s.done();
    return out;
  });
  c.referrals = f.list<Referral>("referrals", [](const json& j, const std::string& p) {
    Fields r(j, p);
    Referral out;
    out.from = r.str("from");
    out.to = r.str("to");
    out.date = r.date("date");
    out.status = r.choice<ReferralStatus>("status", ReferralStatus::in_progress);
    if (r.get("consent_override")) {
      Fields o = r.object("consent_override");
      out.consent_override = ConsentOverride{o.str("by"), o.str("reason")};
      o.done();
    }
    r.done();
    return out;
  });
  c.first_received_as = f.opt_str("first_received_as");
  f.done();
  return c;
}

template <class E>
std::string code(E e) {
  return std::string(to_code(e));
}

ordered write_case(const CaseRecord& c) {
  ordered o;
  o["code"] = c.code;
  o["unit"] = c.unit;
  o["intake_date"] = format_iso_date(c.intake_date);
  if (c.incident_date) o["incident_date"] = format_iso_date(*c.incident_date);
  o["receiving_body"] = code(c.receiving_body);
  o["channel"] = code(c.channel);
  o["domestic_violence"] = c.domestic_violence;
  o["status"] = code(c.status);
  if (c.closed_on) o["closed_on"] = format_iso_date(*c.closed_on);
  ordered violence = ordered::array();
  for (auto v : c.violence) violence.push_back(code(v));
  o["violence"] = violence;
  ordered s;
  s["sex"] = code(c.survivor.sex);
  s["age_group"] = code(c.survivor.age_group);
  if (c.survivor.ethnic_minority) s["ethnic_minority"] = *c.survivor.ethnic_minority;
  if (c.survivor.disability) s["disability"] = *c.survivor.disability;
  if (c.survivor.migrant_worker) s["migrant_worker"] = *c.survivor.migrant_worker;
  o["survivor"] = s;
  o["perpetrator"] = code(c.perpetrator);
  o["needs_help"] = c.needs_help;
  o["consent_services"] = c.consent_services;
  o["consent_sharing"] = c.consent_sharing;
  if (!c.measures.empty()) {
    ordered arr = ordered::array();
    for (const auto& m : c.measures) {
      ordered x;
      x["kind"] = code(m.kind);
      x["start"] = format_iso_date(m.start);
      if (m.end) x["end"] = format_iso_date(*m.end);
      if (m.authority) x["authority"] = code(*m.authority);
      if (m.survivor_consent) x["survivor_consent"] = *m.survivor_consent;
      if (m.life_threatened) x["life_threatened"] = true;
      arr.push_back(x);
    }
    o["measures"] = arr;
  }
  if (!c.services.empty()) {
    ordered arr = ordered::array();
    for (const auto& sv : c.services) {
      arr.push_back(ordered{{"type", code(sv.type)}, {"provider", sv.provider}, {"date", format_iso_date(sv.date)},
                            {"outcome", code(sv.outcome)}});
    }
    o["services"] = arr;
  }
  if (!c.referrals.empty()) {
    ordered arr = ordered::array();
    for (const auto& r : c.referrals) {
      ordered x{{"from", r.from}, {"to", r.to}, {"date", format_iso_date(r.date)}, {"status", code(r.status)}};
      if (r.consent_override) x["consent_override"] = ordered{{"by", r.consent_override->by}, {"reason", r.consent_override->reason}};
      arr.push_back(x);
    }
    o["referrals"] = arr;
  }
  if (c.first_received_as) o["first_received_as"] = *c.first_received_as;
  return o;
}

}  // namespace

std::string write_cases_json(const std::vector<CaseRecord>& cases) {
  ordered doc;
  doc["format"] = "kehoach-cases";
  doc["format_version"] = 1;
  ordered arr = ordered::array();
  for (const auto& c : cases) arr.push_back(write_case(c));
  doc["cases"] = arr;
  try {
    return doc.dump(2, ' ', false, ordered::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArgument(std::string("the cases cannot be written as JSON: ") + e.what());
  }
}

std::string write_case_page_json(const CasePage& page) {
  ordered doc;
  ordered arr = ordered::array();
  for (const auto& c : page.cases) {
    ordered o;
    o["unit"] = c.unit;
    o["code"] = c.code;
    o["intake_date"] = format_iso_date(c.intake_date);
    o["status"] = std::string(to_code(c.status));
    o["closed_on"] = c.closed_on ? ordered(format_iso_date(*c.closed_on)) : ordered(nullptr);
    arr.push_back(std::move(o));
  }
  doc["cases"] = std::move(arr);
  doc["next"] = page.next.empty() ? ordered(nullptr) : ordered(page.next);
  try {
    return doc.dump(2, ' ', false, ordered::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArgument(std::string("the page of cases cannot be written as JSON: ") + e.what());
  }
}

std::vector<CaseRecord> read_cases_json(std::string_view text) {
  const json root = parse_strict(text);
  Fields f(root, "");
  if (f.str("format") != "kehoach-cases") throw ParseError("/format", "expected \"kehoach-cases\"");
  if (f.integer("format_version") != 1) throw VersionError("/format_version: this library reads cases documents of version 1");
  auto cases = f.list<CaseRecord>("cases", read_case, true);
  f.done();
  return cases;
}


}  // namespace v1
}  // namespace kehoach
