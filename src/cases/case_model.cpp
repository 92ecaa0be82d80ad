// Case records: the rules of the model (Law 13/2022/QH15). Their JSON is
// src/codec/cases_json.cpp, their CSV src/codec/cases_csv.cpp.

#include <kehoach/cases.hpp>
#include <kehoach/text.hpp>

#include <algorithm>
#include <set>

namespace kehoach {
inline namespace v1 {

std::optional<ViolenceType> form_of_act(ViolenceType act) noexcept {
  switch (act) {
    case ViolenceType::act_a:
    case ViolenceType::act_p:
      return ViolenceType::form_physical;
    case ViolenceType::act_b:
    case ViolenceType::act_c:
    case ViolenceType::act_d:
    case ViolenceType::act_dd:
    case ViolenceType::act_e:
    case ViolenceType::act_g:
    case ViolenceType::act_h:
    case ViolenceType::act_l:
      return ViolenceType::form_psychological;
    case ViolenceType::act_i:
    case ViolenceType::act_k:
    case ViolenceType::act_m:
      return ViolenceType::form_sexual;
    case ViolenceType::act_n:
    case ViolenceType::act_o:
    case ViolenceType::act_q:
      return ViolenceType::form_economic;
    default:
      return std::nullopt;
  }
}

AgeGroup coarse_age_group(AgeGroup g) noexcept {
  switch (g) {
    case AgeGroup::under_16:
    case AgeGroup::age_0_5:
    case AgeGroup::age_6_10:
    case AgeGroup::age_11_15:
      return AgeGroup::under_16;
    case AgeGroup::age_16_59:
    case AgeGroup::age_16_17:
    case AgeGroup::age_18_24:
    case AgeGroup::age_25_39:
    case AgeGroup::age_40_59:
      return AgeGroup::age_16_59;
    default:
      return AgeGroup::age_60_plus;
  }
}

namespace {

// A case code: ASCII letters and digits with '-', '_', '.', '/', at most 40
// characters, and at least one digit. A code made of letters alone is refused
// because it reads like a name.
bool is_case_code(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  bool digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    digit = digit || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.' && c != '/'))) return false;
  }
  return digit;
}

bool is_provider_code(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

std::string idx(std::string_view list, std::size_t i, std::string_view field) {
  return "/" + std::string(list) + "/" + std::to_string(i) + "/" + std::string(field);
}

// The date `months` calendar months after `d`, clamped to the month's last day.
Date add_months(Date d, int months) {
  const auto ym = std::chrono::year_month{d.year(), d.month()} + std::chrono::months{months};
  const auto last = std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}}.day();
  return Date{ym.year(), ym.month(), std::min(d.day(), last)};
}

}  // namespace

std::vector<Diagnostic> validate_case(const CaseRecord& c, Date today) {
  std::vector<Diagnostic> out;
  auto error = [&](std::string path, std::string message) {
    out.push_back({Severity::error, std::move(path), std::move(message)});
  };
  auto not_future = [&](const std::string& path, Date d) {
    if (today < d) error(path, "date " + format_iso_date(d) + " lies in the future");
  };
  // The same for a path built only when needed (one per service and referral).
  auto not_future_in = [&](const char* list, std::size_t i, const char* field, Date d) {
    if (today < d) error(idx(list, i, field), "date " + format_iso_date(d) + " lies in the future");
  };
  if (!is_case_code(c.code)) {
    error("/code", "'" + c.code + "' is not a case code (ASCII letters, digits, - _ . /, at most 40, with a digit); "
                   "cases are pseudonymous and never carry a name");
  }
  // A value cast from an integer outside the enumeration (C++ callers) has no
  // code. The path is built only for a value that is wrong: bulk imports
  // validate every case.
  auto known = [&](auto value, auto&& path) {
    const auto values = all_values<decltype(value)>();
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      error(path(), "value " + std::to_string(static_cast<long long>(value)) + " is not one of the codes");
    }
  };
  auto at = [](const char* p) { return [p] { return std::string(p); }; };
  auto in = [](const char* list, std::size_t i, const char* field) { return [=] { return idx(list, i, field); }; };
  known(c.receiving_body, at("/receiving_body"));
  known(c.channel, at("/channel"));
  known(c.status, at("/status"));
  known(c.survivor.sex, at("/survivor/sex"));
  known(c.survivor.age_group, at("/survivor/age_group"));
  known(c.perpetrator, at("/perpetrator"));
  for (std::size_t i = 0; i < c.violence.size(); ++i) known(c.violence[i], [i] { return "/violence/" + std::to_string(i); });
  for (std::size_t i = 0; i < c.measures.size(); ++i) {
    known(c.measures[i].kind, in("measures", i, "kind"));
    if (c.measures[i].authority) known(*c.measures[i].authority, in("measures", i, "authority"));
  }
  for (std::size_t i = 0; i < c.services.size(); ++i) {
    known(c.services[i].type, in("services", i, "type"));
    known(c.services[i].outcome, in("services", i, "outcome"));
  }
  for (std::size_t i = 0; i < c.referrals.size(); ++i) known(c.referrals[i].status, in("referrals", i, "status"));
  if (!out.empty()) return out;  // the rules below read these values
  if (c.unit.empty()) error("/unit", "a case belongs to an administrative unit");
  not_future("/intake_date", c.intake_date);
  if (c.incident_date) {
    not_future("/incident_date", *c.incident_date);
    if (c.intake_date < *c.incident_date) error("/incident_date", "the incident is dated after the intake");
  }
  if (c.status == CaseStatus::closed && !c.closed_on) error("/closed_on", "a closed case needs its closing date");
  if (c.closed_on) {
    if (c.status != CaseStatus::closed) error("/closed_on", "only a closed case has a closing date");
    if (*c.closed_on < c.intake_date) error("/closed_on", "the case is closed before its intake");
    not_future("/closed_on", *c.closed_on);
  }
  if (c.violence.empty()) error("/violence", "a case names at least one form, act or type of violence");
  std::set<ViolenceType> seen;
  for (std::size_t i = 0; i < c.violence.size(); ++i) {
    if (!seen.insert(c.violence[i]).second) {
      error("/violence/" + std::to_string(i), "'" + std::string(to_code(c.violence[i])) + "' is listed twice");
    }
  }
  for (std::size_t i = 0; i < c.measures.size(); ++i) {
    const auto& m = c.measures[i];
    not_future_in("measures", i, "start", m.start);
    if (m.end && *m.end < m.start) error(idx("measures", i, "end"), "the measure ends before it starts");
    if (m.kind != MeasureKind::no_contact_order) continue;
    if (!m.authority) {
      error(idx("measures", i, "authority"), "a no-contact order names who decided it");
      continue;
    }
    if (!m.end) error(idx("measures", i, "end"), "a no-contact order has an end date");
    if (*m.authority == MeasureAuthority::commune_chair) {
      if (m.end && days_between(m.start, *m.end) > 3) {
        error(idx("measures", i, "end"), "a no-contact order of the commune chairperson lasts at most 3 days, not " +
                                             std::to_string(days_between(m.start, *m.end)));
      }
      if (!m.life_threatened && m.survivor_consent != true) {
        error(idx("measures", i, "survivor_consent"),
              "a no-contact order of the commune chairperson needs the survivor's consent unless life is threatened");
      }
    } else if (*m.authority == MeasureAuthority::court && m.end && add_months(m.start, 4) < *m.end) {
      error(idx("measures", i, "end"), "a court's no-contact order lasts at most 4 months");
    }
  }
  for (std::size_t i = 0; i < c.services.size(); ++i) {
    const auto& s = c.services[i];
    if (!is_provider_code(s.provider)) {
      error(idx("services", i, "provider"), "'" + s.provider + "' is not an agency code (lowercase letters, digits, - _ .)");
    }
    if (s.date < c.intake_date) error(idx("services", i, "date"), "a service dated before the intake");
    not_future_in("services", i, "date", s.date);
  }
  for (std::size_t i = 0; i < c.referrals.size(); ++i) {
    const auto& r = c.referrals[i];
    for (auto [name, value] : {std::pair{"from", &r.from}, std::pair{"to", &r.to}}) {
      if (!is_provider_code(*value)) error(idx("referrals", i, name), "'" + *value + "' is not an agency code");
    }
    if (r.from == r.to) error(idx("referrals", i, "to"), "a referral goes to another provider");
    if (r.date < c.intake_date) error(idx("referrals", i, "date"), "a referral dated before the intake");
    not_future_in("referrals", i, "date", r.date);
    if (r.consent_override) {
      if (collapse_whitespace(r.consent_override->by).empty()) error(idx("referrals", i, "consent_override/by"), "who overrode must be recorded");
      if (collapse_whitespace(r.consent_override->reason).empty()) error(idx("referrals", i, "consent_override/reason"), "why must be recorded");
    } else if (!c.consent_services) {
      error(idx("referrals", i, "consent_override"),
            "a referral without the survivor's consent to services needs an override by a principal with that right");
    }
  }
  if (c.first_received_as) {
    if (!is_case_code(*c.first_received_as)) error("/first_received_as", "not a case code");
    // Codes are unique within a unit (schema 8): the unit that received a
    // case first may have used the same code, so an equal code is no self-link.
  }
  return out;
}

}  // namespace v1
}  // namespace kehoach
