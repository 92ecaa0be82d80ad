// The one JSON shape of counts and rates (rate_json.hpp).

#include "codec/rate_json.hpp"

#include <utility>

namespace kehoach {
inline namespace v1 {
namespace rate_codec {

using ordered = nlohmann::ordered_json;
using json_detail::Fields;
using json_detail::json;

namespace {
ordered opt(const std::optional<std::int64_t>& v) { return v ? ordered(*v) : ordered(nullptr); }
}  // namespace

ordered write_count(const Count& c) {
  ordered o;
  o["value"] = opt(c.value);
  o["suppressed"] = c.suppressed;
  return o;
}

ordered write_rate(const Rate& r) {
  ordered o;
  o["value"] = r.value ? ordered(*r.value) : ordered(nullptr);
  o["unit"] = "percent";
  o["numerator"] = opt(r.numerator.value);
  o["denominator"] = opt(r.denominator.value);
  o["suppressed"] = r.suppressed;
  o["flags"] = r.suppressed ? ordered::array({"suppressed"}) : r.value ? ordered::array() : ordered::array({"no_data"});
  return o;
}

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
  if (const json* flags = f.get("flags")) {
    if (!flags->is_array()) throw ParseError(f.at("flags"), "expected an array of flags");
    for (std::size_t i = 0; i < flags->size(); ++i) {
      if (!(*flags)[i].is_string()) throw ParseError(f.at("flags") + "/" + std::to_string(i), "expected a flag (text)");
    }
  }
  r.suppressed = f.flag("suppressed", false);
  r.numerator.suppressed = r.denominator.suppressed = false;
  if (r.suppressed) {
    r.numerator.suppressed = !r.numerator.value;
    r.denominator.suppressed = !r.denominator.value;
  }
  f.done();
  return r;
}

}  // namespace rate_codec
}  // namespace v1
}  // namespace kehoach
