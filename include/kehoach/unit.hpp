#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>

#include <optional>
#include <string>

namespace kehoach {
inline namespace v1 {

/// An administrative unit (province, district, commune) with its official
/// code: 2 digits for a province, 3 for a district of the pre-2025 list, 5 for
/// a commune (QĐ 124/2004/QĐ-TTg, QĐ 19/2025/QĐ-TTg). A code that could not be
/// confirmed is written `x-<slug>` and reported as a warning. A unit abolished
/// or merged keeps its record, with `valid_to` and the `successor` that took
/// over its territory.
struct AdministrativeUnit {
  std::string code;
  std::string name;
  Level level = Level::commune;
  std::optional<std::string> parent;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  std::optional<std::string> successor;

  friend bool operator==(const AdministrativeUnit&, const AdministrativeUnit&) = default;
};

/// True when `code` is a provisional code (`x-<slug>`) rather than an official one.
KEHOACH_API bool is_provisional_unit_code(std::string_view code) noexcept;

}  // namespace v1
}  // namespace kehoach
