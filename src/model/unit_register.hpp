#pragma once

// The rules of the unit register (docs/data-model.md, "Units over time"): a
// pure merge of versions and successions into what the store holds of the
// codes they touch. No database: the store reads what `Known` needs, calls
// merge(), and writes the changes only when it found nothing wrong.

#include <kehoach/error.hpp>
#include <kehoach/plan.hpp>
#include <kehoach/unit.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace unit_register {

/// A version as the store holds it: `seq` numbers the versions of one code in
/// the order they were recorded (never reused, never renumbered).
struct StoredVersion {
  std::int64_t seq = 0;
  UnitVersion version;
  friend bool operator==(const StoredVersion&, const StoredVersion&) = default;
};

/// What the store holds of the codes a register import touches (the codes of
/// its versions, their parents, and both ends of its successions).
struct Known {
  /// Each touched code the store knows, with its versions (a code without
  /// an entry is unknown to the store).
  std::map<std::string, std::vector<StoredVersion>, std::less<>> versions;
  /// Every stored succession that leaves or enters a touched code, or falls
  /// on a day of the import's successions.
  std::vector<Succession> successions;
  /// The store's current row of each touched code (its legacy `successor`,
  /// from plan documents, is kept when no succession replaces it).
  std::map<std::string, AdministrativeUnit, std::less<>> current;
};

/// What merge() found to write.
struct Changes {
  /// New versions, each with the seq it takes.
  std::vector<StoredVersion> inserted;
  /// Stored versions whose absent dates were learned (a version closed by a
  /// succession, or a date the register now gives).
  std::vector<StoredVersion> updated;
  /// New successions.
  std::vector<Succession> successions;
  /// The current row of each code whose versions or successions changed: its
  /// latest version, and the one unit that took it over, when there is one.
  std::vector<AdministrativeUnit> current;
  /// Codes the store did not know (their current row is inserted, not updated).
  std::set<std::string> new_codes;
};

/// Merges `incoming` into `known`. An incoming version that has the name,
/// level and parent of a stored version of its code, and the same dates
/// where both give one, is that version (its absent dates are learned);
/// otherwise it is a new version. A succession closes the open version it
/// leaves on the day before its date. Then the merged register is checked:
/// versions of one code do not overlap and end after they start; a parent is
/// a known unit of a higher level; a succession leaves a version that ends
/// the day before and enters one valid on its date, of the same level; the
/// shares of a split sum to 1 (or none is given). Successions cannot form a
/// cycle: each leaves a version that ends before the one it enters.
/// Throws ValidationError naming `versions_path`/i/field and
/// `/successions`/j/field; nothing is changed then.
Changes merge(const Known& known, const UnitRegister& incoming, const std::string& versions_path = "/versions");

/// Why `code` is not an official code of a unit of `level` (2 digits for a
/// province, 3 for a district, 5 for a commune), or nothing when it is one.
/// Provisional `x-…` codes are the caller's to check.
std::optional<std::string> official_code_problem(std::string_view code, Level level);

/// The codes `reg` touches: its versions' codes and parents, and both ends
/// of its successions.
std::set<std::string> touched_codes(const UnitRegister& reg);

/// The days of `reg`'s successions.
std::set<Date> succession_days(const UnitRegister& reg);

/// A plan's units as versions (what the plan says of each unit when issued).
std::vector<UnitVersion> versions_of(const std::vector<AdministrativeUnit>& units);

/// `versions` by date: the one without a start first, then by start.
void sort_by_date(std::vector<UnitVersion>& versions);

}  // namespace unit_register
}  // namespace v1
}  // namespace kehoach
