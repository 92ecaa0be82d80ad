// The units of a sealed release family, as the store keeps them.

#include "codec/seal_json.hpp"

#include <kehoach/error.hpp>

#include <nlohmann/json.hpp>

namespace kehoach {
inline namespace v1 {
namespace seal_json {

namespace {

constexpr const char* format = "kehoach-release-units";
constexpr const char* cases_format = "kehoach-release-cases";

CorruptStore damaged(const std::string& why) {
  return CorruptStore("the sealed release family is damaged: " + why);
}

nlohmann::json flag(const std::optional<bool>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::optional<bool> flag_of(const nlohmann::json& v, std::size_t i) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_boolean()) throw damaged("case " + std::to_string(i) + ": a flag is not true, false or null");
  return v.get<bool>();
}

template <class E>
E code_of(const nlohmann::json& v, std::size_t i) {
  if (v.is_string()) {
    if (const auto e = from_code<E>(v.get<std::string>())) return *e;
  }
  throw damaged("case " + std::to_string(i) + ": an unknown code " + v.dump().substr(0, 80));
}

Date date_of(const nlohmann::json& v, std::size_t i) {
  if (v.is_string()) {
    try {
      return parse_iso_date(v.get<std::string>());
    } catch (const Error&) {
    }
  }
  throw damaged("case " + std::to_string(i) + ": a date is not YYYY-MM-DD");
}

}  // namespace

std::string write_units(const std::vector<disclosure::FamilyUnit>& units) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& u : units) {
    list.push_back(nlohmann::ordered_json{{"code", u.code}, {"parent", u.parent}, {"extra_parents", u.extra_parents}});
  }
  return nlohmann::ordered_json{{"format", format}, {"format_version", 1}, {"units", std::move(list)}}.dump();
}

std::vector<disclosure::FamilyUnit> read_units(std::string_view text) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != format || doc.value("format_version", 0) != 1 ||
      !doc.contains("units") || !doc["units"].is_array()) {
    throw damaged("not a kehoach-release-units document of version 1");
  }
  std::vector<disclosure::FamilyUnit> out;
  const auto& list = doc["units"];
  const int n = static_cast<int>(list.size());
  for (int i = 0; i < n; ++i) {
    const auto& u = list[static_cast<std::size_t>(i)];
    if (!u.is_object() || !u.contains("code") || !u["code"].is_string() || !u.contains("parent") ||
        !u["parent"].is_number_integer() || !u.contains("extra_parents") || !u["extra_parents"].is_array()) {
      throw damaged("unit " + std::to_string(i) + " is not {code, parent, extra_parents}");
    }
    disclosure::FamilyUnit f;
    f.code = u["code"].get<std::string>();
    const auto parent = u["parent"].get<std::int64_t>();
    if ((i == 0) != (parent < 0) || parent < -1 || parent >= i) throw damaged("unit " + f.code + " has parent " + std::to_string(parent));
    f.parent = static_cast<int>(parent);
    for (const auto& e : u["extra_parents"]) {
      if (!e.is_number_integer() || e.get<std::int64_t>() < 0 || e.get<std::int64_t>() >= n) {
        throw damaged("unit " + f.code + " links to no unit of the family");
      }
      f.extra_parents.push_back(e.get<int>());
    }
    out.push_back(std::move(f));
  }
  if (out.empty()) throw damaged("no root unit");
  return out;
}

std::string write_cases(const std::vector<CaseRecord>& cases) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : cases) {
    nlohmann::json violence = nlohmann::json::array(), services = nlohmann::json::array(), referrals = nlohmann::json::array();
    for (ViolenceType v : c.violence) violence.push_back(to_code(v));
    for (const auto& s : c.services) {
      if (s.outcome == ServiceOutcome::provided) services.push_back({to_code(s.type), format_iso_date(s.date)});
    }
    for (const auto& r : c.referrals) referrals.push_back({to_code(r.status), format_iso_date(r.date)});
    list.push_back({c.unit, format_iso_date(c.intake_date), c.needs_help, to_code(c.survivor.sex), to_code(c.survivor.age_group),
                    flag(c.survivor.ethnic_minority), flag(c.survivor.disability), flag(c.survivor.migrant_worker),
                    to_code(c.receiving_body), to_code(c.channel), std::move(violence), std::move(services),
                    std::move(referrals)});
  }
  nlohmann::ordered_json doc{{"format", cases_format}, {"format_version", 1}};
  doc["cases"] = std::move(list);
  return doc.dump();
}

std::vector<CaseRecord> read_cases(std::string_view text) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != cases_format ||
      doc.value("format_version", 0) != 1 || !doc.contains("cases") || !doc["cases"].is_array()) {
    throw damaged("its cases are not a kehoach-release-cases document of version 1");
  }
  std::vector<CaseRecord> out;
  out.reserve(doc["cases"].size());
  for (std::size_t i = 0; i < doc["cases"].size(); ++i) {
    const auto& a = doc["cases"][i];
    if (!a.is_array() || a.size() != 13 || !a[0].is_string() || !a[2].is_boolean() || !a[10].is_array() ||
        !a[11].is_array() || !a[12].is_array()) {
      throw damaged("case " + std::to_string(i) + " is not the 13 counted facts");
    }
    CaseRecord c;
    c.unit = a[0].get<std::string>();
    c.intake_date = date_of(a[1], i);
    c.needs_help = a[2].get<bool>();
    c.survivor = Survivor{code_of<Sex>(a[3], i), code_of<AgeGroup>(a[4], i), flag_of(a[5], i), flag_of(a[6], i), flag_of(a[7], i)};
    c.receiving_body = code_of<ReceivingBody>(a[8], i);
    c.channel = code_of<IntakeChannel>(a[9], i);
    for (const auto& v : a[10]) c.violence.push_back(code_of<ViolenceType>(v, i));
    auto pair = [&](const nlohmann::json& e) -> const nlohmann::json& {
      if (!e.is_array() || e.size() != 2) throw damaged("case " + std::to_string(i) + ": an event is not [code, date]");
      return e;
    };
    for (const auto& e : a[11]) {
      const auto& s = pair(e);
      c.services.push_back(Service{code_of<ServiceType>(s[0], i), {}, date_of(s[1], i), ServiceOutcome::provided});
    }
    for (const auto& e : a[12]) {
      const auto& r = pair(e);
      Referral ref;
      ref.status = code_of<ReferralStatus>(r[0], i);
      ref.date = date_of(r[1], i);
      c.referrals.push_back(std::move(ref));
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace seal_json
}  // namespace v1
}  // namespace kehoach
