#pragma once

// The one JSON shape of a count and of a rate, for every document that holds
// them (metrics, case indicators, packages):
//   count: {"value": n | null, "suppressed": bool}
//   rate:  {"value": percent | null, "unit": "percent", "numerator": n | null,
//           "denominator": n | null, "suppressed": bool, "flags": [...]}
// where flags is ["suppressed"] for a withheld rate, ["no_data"] for one
// without a value (denominator 0), [] otherwise.

#include <kehoach/indicators.hpp>

#include "codec/fields.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace kehoach {
inline namespace v1 {
namespace rate_codec {

nlohmann::ordered_json write_count(const Count& count);
nlohmann::ordered_json write_rate(const Rate& rate);

/// A count from the fields of its object (the caller calls done()).
Count read_count(json_detail::Fields& fields);
/// The count at `key` of `parent`.
Count count_at(json_detail::Fields& parent, std::string_view key);
/// The rate at `key` of `parent`; `flags` is optional (documents written
/// before 0.2 have none) and not trusted: the rate's state comes from its values.
Rate rate_at(json_detail::Fields& parent, std::string_view key);

}  // namespace rate_codec
}  // namespace v1
}  // namespace kehoach
