// Disclosure control (METRICS.md §7) and the JSON form of case indicators and
// aggregate report packages.

#include <kehoach/indicators.hpp>

#include "cases/indicators_json.hpp"
#include "json/fields.hpp"

#include <algorithm>

namespace kehoach {
inline namespace v1 {

std::optional<double> percent_of(double numerator, double denominator) noexcept {
  if (!(denominator > 0)) return std::nullopt;
  return 100.0 * numerator / denominator;
}

Rate make_rate(std::int64_t numerator, std::int64_t denominator) {
  Rate r;
  r.numerator.value = numerator;
  r.denominator.value = denominator;
  r.value = percent_of(static_cast<double>(numerator), static_cast<double>(denominator));
  return r;
}

const Disaggregation* CaseIndicators::find(std::string_view name) const noexcept {
  for (const auto& d : disaggregations) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

namespace {

void primary(Count& c, int k) {
  if (c.value && *c.value > 0 && *c.value < k) {
    c.value.reset();
    c.suppressed = true;
  }
}

void rate(Rate& r, int k) {
  primary(r.numerator, k);
  primary(r.denominator, k);
  if (r.numerator.suppressed || r.denominator.suppressed) {
    r.value.reset();
    r.suppressed = true;
  }
}

}  // namespace

void apply_disclosure_control(CaseIndicators& x, const DisclosureOptions& options) {
  const int k = options.k;
  x.k = k;
  x.disclosure_controlled = true;
  primary(x.cases, k);
  primary(x.cases_with_service, k);
  rate(x.service_access, k);
  rate(x.help, k);
  rate(x.referral_completion, k);
  if (x.cases_with_service.suppressed || !x.cases_with_service.value) {
    x.median_days_to_first_service.reset();
    x.p90_days_to_first_service.reset();
  }
  for (auto& d : x.disaggregations) {
    primary(d.total, k);
    for (auto& cell : d.cells) primary(cell.count, k);
    // Secondary suppression: one withheld cell beside a shown total could be
    // recovered by subtraction, so the smallest other non-zero cell goes too.
    if (d.total.suppressed) continue;
    const auto withheld = std::count_if(d.cells.begin(), d.cells.end(), [](const Cell& c) { return c.count.suppressed; });
    if (withheld != 1) continue;
    Cell* smallest = nullptr;
    for (auto& cell : d.cells) {
      if (cell.count.suppressed || !cell.count.value || *cell.count.value == 0) continue;
      if (!smallest || *cell.count.value < *smallest->count.value) smallest = &cell;
    }
    if (smallest) {
      smallest->count.value.reset();
      smallest->count.suppressed = true;
    }
  }
}

namespace indicators_json {

using ordered = nlohmann::ordered_json;
using json_detail::Fields;
using json_detail::json;

ordered count_json(const Count& c) {
  ordered o;
  o["value"] = c.value ? ordered(*c.value) : ordered(nullptr);
  o["suppressed"] = c.suppressed;
  return o;
}

ordered rate_json(const Rate& r) {
  ordered o;
  o["numerator"] = r.numerator.value ? ordered(*r.numerator.value) : ordered(nullptr);
  o["denominator"] = r.denominator.value ? ordered(*r.denominator.value) : ordered(nullptr);
  o["value"] = r.value ? ordered(*r.value) : ordered(nullptr);
  o["unit"] = "percent";
  o["suppressed"] = r.suppressed;
  return o;
}

ordered to_json(const CaseIndicators& x) {
  ordered o;
  o["unit"] = x.unit;
  o["period"] = ordered{{"start", format_iso_date(x.period.start)}, {"end", format_iso_date(x.period.end)}};
  o["as_of"] = format_iso_date(x.as_of);
  o["disclosure_controlled"] = x.disclosure_controlled;
  o["k"] = x.k;
  o["incomplete"] = x.incomplete;
  ordered ind;
  ind["cases"] = count_json(x.cases);
  ind["service_access"] = rate_json(x.service_access);
  ind["help"] = rate_json(x.help);
  ind["referral_completion"] = rate_json(x.referral_completion);
  ind["cases_with_service"] = count_json(x.cases_with_service);
  ind["median_days_to_first_service"] =
      x.median_days_to_first_service ? ordered(*x.median_days_to_first_service) : ordered(nullptr);
  ind["p90_days_to_first_service"] = x.p90_days_to_first_service ? ordered(*x.p90_days_to_first_service) : ordered(nullptr);
  o["indicators"] = ind;
  ordered ds = ordered::array();
  for (const auto& d : x.disaggregations) {
    ordered cells = ordered::array();
    for (const auto& c : d.cells) {
      ordered cell = count_json(c.count);
      cell["category"] = c.category;
      cells.push_back(cell);
    }
    ds.push_back(ordered{{"name", d.name}, {"total", count_json(d.total)}, {"cells", cells}});
  }
  o["disaggregations"] = ds;
  return o;
}

namespace {
Count read_count(Fields& f) {
  Count c;
  if (const json* v = f.get("value")) {
    if (!v->is_number_integer()) throw ParseError(f.at("value"), "expected a whole number");
    c.value = v->get<std::int64_t>();
    if (*c.value < 0) throw ParseError(f.at("value"), "a count cannot be negative");
  }
  c.suppressed = f.flag("suppressed", false);
  if (c.suppressed && c.value) throw ParseError(f.at("value"), "a suppressed count has no value");
  return c;
}
Count count_at(Fields& parent, std::string_view key) {
  Fields f = parent.object(key);
  Count c = read_count(f);
  f.done();
  return c;
}
Rate rate_at(Fields& parent, std::string_view key) {
  Fields f = parent.object(key);
  Rate r;
  for (auto [name, slot] : {std::pair{"numerator", &r.numerator}, std::pair{"denominator", &r.denominator}}) {
    if (const json* v = f.get(name)) {
      if (!v->is_number_integer() || v->get<std::int64_t>() < 0) throw ParseError(f.at(name), "expected a whole number ≥ 0");
      slot->value = v->get<std::int64_t>();
    }
  }
  r.value = f.opt_number("value");
  f.get("unit");
  r.suppressed = f.flag("suppressed", false);
  r.numerator.suppressed = r.denominator.suppressed = false;
  if (r.suppressed) {
    r.numerator.suppressed = !r.numerator.value;
    r.denominator.suppressed = !r.denominator.value;
  }
  f.done();
  return r;
}
}  // namespace

CaseIndicators from_json(const json& root, const std::string& path) {
  Fields f(root, path);
  CaseIndicators x;
  x.unit = f.str("unit");
  {
    Fields p = f.object("period");
    x.period = Period{p.date("start"), p.date("end")};
    p.done();
  }
  x.as_of = f.date("as_of");
  x.disclosure_controlled = f.flag("disclosure_controlled", false);
  x.k = f.integer("k");
  x.incomplete = f.flag("incomplete", false);
  {
    Fields ind = f.object("indicators");
    x.cases = count_at(ind, "cases");
    x.service_access = rate_at(ind, "service_access");
    x.help = rate_at(ind, "help");
    x.referral_completion = rate_at(ind, "referral_completion");
    x.cases_with_service = count_at(ind, "cases_with_service");
    x.median_days_to_first_service = ind.opt_number("median_days_to_first_service");
    x.p90_days_to_first_service = ind.opt_number("p90_days_to_first_service");
    ind.done();
  }
  x.disaggregations = f.list<Disaggregation>("disaggregations", [](const json& j, const std::string& p) {
    Fields d(j, p);
    Disaggregation out;
    out.name = d.str("name");
    out.total = count_at(d, "total");
    out.cells = d.list<Cell>("cells", [](const json& cj, const std::string& cp) {
      Fields c(cj, cp);
      Cell cell;
      cell.category = c.str("category");
      cell.count = read_count(c);
      c.done();
      return cell;
    });
    d.done();
    return out;
  });
  f.done();
  return x;
}

}  // namespace indicators_json

std::string write_indicators_json(const CaseIndicators& indicators) {
  return indicators_json::to_json(indicators).dump(2, ' ', false);
}

}  // namespace v1
}  // namespace kehoach
