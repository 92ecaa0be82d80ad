#pragma once

// Private: case indicators to and from JSON, and the aggregate report package
// document that carries them between units.

#include <kehoach/indicators.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace kehoach {
inline namespace v1 {
namespace indicators_json {

nlohmann::ordered_json to_json(const CaseIndicators& indicators);
CaseIndicators from_json(const nlohmann::json& root, const std::string& path);

/// The package document of released indicators: {"format": "kehoach-package",
/// "format_version": 2, "indicators": {…}}. Version 2 writes each rate in the
/// one shape of rate_json.hpp (with "flags"); version 1 had none.
std::string write_package(const CaseIndicators& indicators);

struct PackageDocument {
  CaseIndicators indicators;
  /// The document in canonical form (keys sorted, no spaces): the same
  /// package is recognised however it was formatted in transit.
  std::string canonical;
};
/// Reads a package document of version 1 or 2.
PackageDocument read_package(std::string_view text);

}  // namespace indicators_json
}  // namespace v1
}  // namespace kehoach
