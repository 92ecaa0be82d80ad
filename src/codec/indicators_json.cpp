// The JSON codec of case indicators and of aggregate report packages.

#include <kehoach/indicators.hpp>

#include "codec/indicators_json.hpp"
#include "codec/fields.hpp"
#include "codec/rate_json.hpp"

namespace kehoach {
inline namespace v1 {

namespace indicators_json {

using ordered = nlohmann::ordered_json;
using json_detail::Fields;
using json_detail::json;

using rate_codec::count_at;
using rate_codec::rate_at;
using rate_codec::read_count;

ordered count_json(const Count& c) { return rate_codec::write_count(c); }
ordered rate_json(const Rate& r) { return rate_codec::write_rate(r); }

ordered to_json(const CaseIndicators& x) {
  ordered o;
  o["unit"] = x.unit;
  o["period"] = ordered{{"start", format_iso_date(x.period.start)}, {"end", format_iso_date(x.period.end)}};
  o["as_of"] = format_iso_date(x.as_of);
  o["disclosure_controlled"] = x.disclosure_controlled;
  o["k"] = x.k;
  o["incomplete"] = x.incomplete;
  if (x.boundaries) o["boundaries"] = format_iso_date(*x.boundaries);
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

std::string write_package(const CaseIndicators& x) {
  ordered doc;
  doc["format"] = "kehoach-package";
  doc["format_version"] = 2;
  doc["indicators"] = to_json(x);
  return doc.dump(2, ' ', false);
}

PackageDocument read_package(std::string_view text) {
  const auto root = json_detail::parse_strict(text);
  Fields f(root, "");
  if (f.str("format") != "kehoach-package") throw ParseError("/format", "expected \"kehoach-package\"");
  const auto version = f.integer("format_version");
  if (version != 1 && version != 2) throw VersionError("/format_version: this library reads packages of versions 1 and 2");
  PackageDocument doc{from_json(f.need("indicators"), "/indicators"), json(root).dump()};
  f.done();
  return doc;
}

}  // namespace indicators_json

std::string write_indicators_json(const CaseIndicators& indicators) {
  return indicators_json::to_json(indicators).dump(2, ' ', false);
}

}  // namespace v1
}  // namespace kehoach
