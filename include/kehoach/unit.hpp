#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>

#include <optional>
#include <string>
#include <vector>

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

/// One version of an administrative unit in the register: what the unit with
/// `code` was called, at which level and under which parent, from
/// `valid_from` to `valid_to` (both days included; absent: the register does
/// not know). Versions of one code never overlap. A code is reused by a new
/// version: a commune that absorbed its neighbours on 1 July 2025 keeps its
/// code with a larger extent and a new parent, and its version before that
/// day is kept (docs/data-model.md, "Units over time").
struct UnitVersion {
  std::string code;
  std::string name;
  Level level = Level::commune;
  std::optional<std::string> parent;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;

  friend bool operator==(const UnitVersion&, const UnitVersion&) = default;
};

/// A dated edge of the register: on `date` the version of `from` that was
/// valid the day before passed its territory to the version of `to` valid on
/// `date`. Several edges leaving one unit on one day are a split: each with
/// its `share` (of population or area), the shares summing to 1, or none
/// with one (the parts are known, their proportions not); a single
/// edge carries the whole unit (`share` absent or 1). `from` and `to` may be
/// the same code: the unit that kept its code with a larger extent.
struct Succession {
  std::string from;
  std::string to;
  Date date;
  std::optional<double> share;

  friend bool operator==(const Succession&, const Succession&) = default;
};

/// Versions and successions recorded together (Store::import_register):
/// all or none.
struct UnitRegister {
  std::vector<UnitVersion> versions;
  std::vector<Succession> successions;
};

/// One code's history: its versions by date, the successions that brought
/// territory into it and those that took territory from it, by date.
struct UnitHistory {
  std::string code;
  std::vector<UnitVersion> versions;
  std::vector<Succession> predecessors;
  std::vector<Succession> successors;
};

/// True when `code` is a provisional code (`x-<slug>`) rather than an official one.
KEHOACH_API bool is_provisional_unit_code(std::string_view code) noexcept;

}  // namespace v1
}  // namespace kehoach
