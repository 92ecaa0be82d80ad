// Case records as CSV: one row per case, service, measure and referral, told
// apart by the `record` column. UTF-8, a header row, RFC 4180 quoting.

#include <kehoach/cases.hpp>
#include <kehoach/text.hpp>

#include "codec/csv.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace kehoach {
inline namespace v1 {
namespace {

using csv::csv_cell;
using csv::parse_csv;
using csv::Row;

constexpr std::array<std::string_view, 35> columns = {
    "record", "code", "unit", "intake_date", "incident_date", "receiving_body", "channel",
    "domestic_violence", "status", "closed_on", "violence", "sex", "age_group", "ethnic_minority",
    "disability", "migrant_worker", "perpetrator", "needs_help", "consent_services", "consent_sharing",
    "first_received_as", "type", "provider", "date", "outcome", "start", "end", "authority",
    "survivor_consent", "life_threatened", "from", "to", "referral_status", "override_by",
    "override_reason"};

}  // namespace

std::vector<CaseRecord> read_cases_csv(std::string_view csv) {
  if (!is_valid_utf8(csv)) throw ParseError("", "the CSV is not valid UTF-8");
  const auto rows = parse_csv(csv);
  if (rows.empty()) throw ParseError("line 1", "the header row is missing");
  const auto& names = rows.front().second;
  const csv::Header header = csv::read_header(names, columns, " (cases hold no names, phone numbers, addresses or narratives)");
  for (const char* needed : {"record", "code"}) {
    if (!header.index.count(needed)) throw ParseError("line 1", std::string("the column '") + needed + "' is missing");
  }
  std::vector<CaseRecord> cases;
  std::map<std::string, std::size_t> by_code;
  struct Pending {
    Row row;
    std::string record;
  };
  std::vector<Pending> children;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& [line, cells] = rows[r];
    Row row(line, cells, header);
    const std::string record = row.required("record");
    if (record != "case") {
      if (record != "service" && record != "measure" && record != "referral") {
        row.fail("record", "unknown record '" + record + "' (expected case, service, measure or referral)");
      }
      children.push_back({row, record});
      continue;
    }
    CaseRecord c;
    c.code = row.required("code");
    c.unit = row.required("unit");
    c.intake_date = row.date("intake_date");
    c.incident_date = row.optional_date("incident_date");
    c.receiving_body = row.choice<ReceivingBody>("receiving_body");
    c.channel = row.choice<IntakeChannel>("channel");
    c.domestic_violence = row.flag("domestic_violence", true);
    c.status = row.choice<CaseStatus>("status", CaseStatus::open);
    c.closed_on = row.optional_date("closed_on");
    const std::string violence = row.text("violence");
    std::size_t start = 0;
    while (start <= violence.size() && !violence.empty()) {
      const std::size_t semi = violence.find(';', start);
      const std::string item = collapse_whitespace(violence.substr(start, semi - start));
      if (auto v = from_code<ViolenceType>(item)) c.violence.push_back(*v);
      else row.fail("violence", "unknown violence code '" + item + "'");
      if (semi == std::string::npos) break;
      start = semi + 1;
    }
    c.survivor.sex = row.choice<Sex>("sex");
    c.survivor.age_group = row.choice<AgeGroup>("age_group");
    c.survivor.ethnic_minority = row.optional_flag("ethnic_minority");
    c.survivor.disability = row.optional_flag("disability");
    c.survivor.migrant_worker = row.optional_flag("migrant_worker");
    c.perpetrator = row.choice<Relationship>("perpetrator", Relationship::unknown);
    c.needs_help = row.flag("needs_help", true);
    c.consent_services = row.flag("consent_services", false);
    c.consent_sharing = row.flag("consent_sharing", false);
    c.first_received_as = row.optional_text("first_received_as");
    if (!by_code.emplace(c.code, cases.size()).second) row.fail("code", "case '" + c.code + "' appears twice");
    cases.push_back(std::move(c));
  }
  for (const auto& [row, record] : children) {
    const std::string code = row.required("code");
    const auto it = by_code.find(code);
    if (it == by_code.end()) row.fail("code", "no case row for '" + code + "'");
    CaseRecord& c = cases[it->second];
    if (record == "service") {
      c.services.push_back({row.choice<ServiceType>("type"), row.required("provider"), row.date("date"),
                            row.choice<ServiceOutcome>("outcome", ServiceOutcome::provided)});
    } else if (record == "measure") {
      Measure m;
      m.kind = row.choice<MeasureKind>("type");
      m.start = row.date("start");
      m.end = row.optional_date("end");
      if (!row.text("authority").empty()) m.authority = row.choice<MeasureAuthority>("authority");
      m.survivor_consent = row.optional_flag("survivor_consent");
      m.life_threatened = row.flag("life_threatened", false);
      c.measures.push_back(m);
    } else {
      Referral ref;
      ref.from = row.required("from");
      ref.to = row.required("to");
      ref.date = row.date("date");
      ref.status = row.choice<ReferralStatus>("referral_status", ReferralStatus::in_progress);
      if (auto by = row.optional_text("override_by")) {
        ref.consent_override = ConsentOverride{*by, row.optional_text("override_reason").value_or("")};
      }
      c.referrals.push_back(ref);
    }
  }
  return cases;
}

std::string write_cases_csv(const std::vector<CaseRecord>& cases) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + std::string(columns[i]);
  out += "\n";
  auto emit = [&](std::map<std::string_view, std::string> values) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ",";
      if (auto it = values.find(columns[i]); it != values.end()) out += csv_cell(it->second);
    }
    out += "\n";
  };
  auto b = [](bool v) { return std::string(v ? "1" : "0"); };
  auto ob = [&](const std::optional<bool>& v) { return v ? b(*v) : std::string(); };
  auto od = [](const std::optional<Date>& d) { return d ? format_iso_date(*d) : std::string(); };
  for (const auto& c : cases) {
    std::string violence;
    for (auto v : c.violence) violence += (violence.empty() ? "" : ";") + std::string(to_code(v));
    emit({{"record", "case"}, {"code", c.code}, {"unit", c.unit}, {"intake_date", format_iso_date(c.intake_date)},
          {"incident_date", od(c.incident_date)}, {"receiving_body", std::string(to_code(c.receiving_body))},
          {"channel", std::string(to_code(c.channel))}, {"domestic_violence", b(c.domestic_violence)},
          {"status", std::string(to_code(c.status))}, {"closed_on", od(c.closed_on)}, {"violence", violence},
          {"sex", std::string(to_code(c.survivor.sex))}, {"age_group", std::string(to_code(c.survivor.age_group))},
          {"ethnic_minority", ob(c.survivor.ethnic_minority)}, {"disability", ob(c.survivor.disability)},
          {"migrant_worker", ob(c.survivor.migrant_worker)}, {"perpetrator", std::string(to_code(c.perpetrator))},
          {"needs_help", b(c.needs_help)}, {"consent_services", b(c.consent_services)},
          {"consent_sharing", b(c.consent_sharing)}, {"first_received_as", c.first_received_as.value_or("")}});
    for (const auto& s : c.services) {
      emit({{"record", "service"}, {"code", c.code}, {"type", std::string(to_code(s.type))}, {"provider", s.provider},
            {"date", format_iso_date(s.date)}, {"outcome", std::string(to_code(s.outcome))}});
    }
    for (const auto& m : c.measures) {
      emit({{"record", "measure"}, {"code", c.code}, {"type", std::string(to_code(m.kind))},
            {"start", format_iso_date(m.start)}, {"end", od(m.end)},
            {"authority", m.authority ? std::string(to_code(*m.authority)) : ""},
            {"survivor_consent", ob(m.survivor_consent)}, {"life_threatened", b(m.life_threatened)}});
    }
    for (const auto& r : c.referrals) {
      emit({{"record", "referral"}, {"code", c.code}, {"from", r.from}, {"to", r.to}, {"date", format_iso_date(r.date)},
            {"referral_status", std::string(to_code(r.status))},
            {"override_by", r.consent_override ? r.consent_override->by : ""},
            {"override_reason", r.consent_override ? r.consent_override->reason : ""}});
    }
  }
  return out;
}

}  // namespace v1
}  // namespace kehoach
