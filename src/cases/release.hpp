#pragma once

// The release family of case indicators (decision 0011): the cases of one
// principal's subtree for one calendar year as tables of counts for the
// disclosure engine, and the marking of a CaseIndicators from it. Pure: the
// caller loads the units and the cases.

#include <kehoach/cases.hpp>
#include <kehoach/indicators.hpp>

#include "cases/disclosure.hpp"
#include "cases/tally.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace disclosure {

/// A unit of the family and its parent's index (-1 for the root); parents
/// come before their children.
struct FamilyUnit {
  std::string code;
  int parent = -1;
  std::vector<int> extra_parents;  ///< further units whose subtree holds this one
};

/// A unit of the tree with its links, as the store holds it.
struct UnitLinks {
  std::string code;
  std::optional<std::string> parent, successor;
};

/// The units of `root`'s subtree (`links`: every unit of it) for the release
/// family, parents first: each hangs under its successor when that is in the
/// subtree, else under its parent; the other link is kept as an extra parent.
std::vector<FamilyUnit> family_units(std::string_view root, const std::vector<UnitLinks>& links);

/// The intake-channel category a case counts under (hotline, police, …).
std::string_view channel_category(ReceivingBody body, IntakeChannel channel);

/// The protected family of `year` over `units`: `cases` are those of these
/// units (others, those of other years, and records of a case first received
/// elsewhere are left out).
Protection release_family(const std::vector<FamilyUnit>& units, const std::vector<CaseRecord>& cases, int year, int k);

/// The tallies of a family's cases by position (Frame::position: unit index
/// and month of intake), as the store's cells hold them: each after all its
/// events. The cases are those the family was made from (release_family's
/// rule: others, those of other years and cases seen again are left out).
std::map<int, case_tally::Tally> family_tallies(const std::vector<FamilyUnit>& units, const std::vector<CaseRecord>& cases,
                                                int year);

/// The indicators of `units[unit_index]` for `period` (a whole calendar period
/// of the family's year), as of the period's end, summed from `tallies` over
/// the unit's subtree in `family`: what the store counts from its cells, for a
/// sealed family (decision 0023).
CaseIndicators sealed_indicators(const Protection& family, const std::vector<FamilyUnit>& units,
                                 const std::map<int, case_tally::Tally>& tallies, int unit_index, const Period& period);

/// The positions a release of `units[unit_index]` for `period` covers: the
/// unit's subtree in `family` × the period's months.
std::vector<int> positions_of(const Protection& family, int unit_index, const Period& period);

/// The indicators, labelled `unit`, over exactly `positions` of the family
/// (each in a month of `period`): a unit of another day's geography
/// (decision 0021), summed from `tallies` as of the period's end.
CaseIndicators sealed_indicators(const std::map<int, case_tally::Tally>& tallies, const std::vector<int>& positions,
                                 std::string_view unit, const Period& period);

/// Marks what `x` (the indicators of unit `unit_index` for a whole calendar
/// period of the family's year, as of the period's end) may release: withheld
/// numbers lose their value. Throws Error(internal) when `x` does not hold the
/// family's own numbers.
void control(const Protection& family, CaseIndicators& x, int unit_index);

/// The same for indicators over exactly `positions` (sealed_indicators over
/// positions): a number is released only when it holds every block it
/// touches whole, as any release of the family. Throws Error(internal) when
/// a position lies outside the period's months.
void control(const Protection& family, CaseIndicators& x, const std::vector<int>& positions);

}  // namespace disclosure
}  // namespace v1
}  // namespace kehoach
