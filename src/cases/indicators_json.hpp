#pragma once

// Private: case indicators to and from JSON (used by packages).

#include <kehoach/indicators.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace kehoach {
inline namespace v1 {
namespace indicators_json {

nlohmann::ordered_json to_json(const CaseIndicators& indicators);
CaseIndicators from_json(const nlohmann::json& root, const std::string& path);

}  // namespace indicators_json
}  // namespace v1
}  // namespace kehoach
