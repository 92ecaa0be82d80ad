#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// A body that leads, collaborates, reports or receives reports: an office of
/// a People's Committee, the police, a health station, a mass organisation…
/// Offices were renamed in 2025, so an agency carries `aliases` and a
/// validity range.
struct Agency {
  std::string id;
  std::string name;
  std::optional<std::string> short_name;
  std::vector<std::string> aliases;
  AgencyKind kind = AgencyKind::other;
  Level level = Level::commune;
  std::optional<std::string> unit;    ///< administrative unit code
  std::optional<std::string> parent;  ///< agency id
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;

  friend bool operator==(const Agency&, const Agency&) = default;
};

}  // namespace v1
}  // namespace kehoach
