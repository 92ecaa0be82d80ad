#pragma once

// The units as they were on a day (issue 17, decision 0021): the geography
// of one day built from the register's versions and successions, and where an
// item of a unit, dated, falls in it. Pure: the store loads the register.
//
// An item (a plan, a report) of unit `code` dated `at` belongs to the version
// of `code` valid at `at`. On the day D that version is followed through the
// register: forward along successions when it ended before D, backward along
// them when it started after D, across a rename or a new parent when the
// code's next (or previous) version follows it with no edge, and to its
// parent when it ended with no successor (an abolished district's items stay
// with its province). When that reaches one unit valid on D the placement is
// exact; when it reaches several (a divided unit, or a unit formed from parts
// of several) the item is held at their lowest common ancestor on D — never
// in two units, never apportioned by an invented share.

#include <kehoach/date.hpp>
#include <kehoach/unit.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace boundaries {

/// Where an item falls among the units valid on the day.
struct Placement {
  std::string unit;    ///< a unit with a version valid on the day
  bool exact = true;   ///< false: held at the lowest common ancestor of its parts
  friend bool operator==(const Placement&, const Placement&) = default;
};

class Geography {
 public:
  /// `versions`: every version of every code; `successions`: every edge;
  /// `legacy_successors`: undated successors from plan documents (code →
  /// successor), followed only when a version ends with no edge.
  Geography(std::vector<UnitVersion> versions, const std::vector<Succession>& successions,
            std::map<std::string, std::string, std::less<>> legacy_successors, Date on);

  Date on() const noexcept { return on_; }
  /// The version of `code` valid on the day, or nullptr.
  const UnitVersion* valid(std::string_view code) const;
  /// Every version valid on the day, by level and code.
  std::vector<UnitVersion> units() const;
  /// Where an item of `code` dated `at` falls on the day; nullopt when the
  /// code is unknown or no unit valid on the day holds it (parts in units
  /// with no common ancestor, or a unit that ended with nothing after it).
  std::optional<Placement> place(std::string_view code, Date at) const;
  /// Where an item of `code` dated somewhere in [from, to] falls: every
  /// version of the code valid in the span is followed, so a span in which
  /// the code changed version is exact only when all lead to one unit, and is
  /// otherwise held at the lowest common ancestor of what they reach.
  std::optional<Placement> place(std::string_view code, Date from, Date to) const;
  /// Whether `unit` is `root` or under it on the day.
  bool holds(std::string_view root, std::string_view unit) const;

 private:
  // Follows versions (code, index among its versions) to the day's units.
  std::optional<Placement> walk(std::vector<std::pair<std::string, std::size_t>> work) const;
  std::size_t version_at(const std::vector<UnitVersion>& list, Date at) const;
  std::vector<std::string> chain(std::string_view code) const;  // the unit and its ancestors on the day

  std::map<std::string, std::vector<UnitVersion>, std::less<>> by_code_;  // each code's versions by start
  std::map<std::pair<std::string, Date>, std::vector<std::string>> out_;  // (from, date) → to codes
  std::map<std::pair<std::string, Date>, std::vector<std::string>> in_;   // (to, date) → from codes
  std::map<std::string, std::string, std::less<>> legacy_;
  Date on_;
};

}  // namespace boundaries
}  // namespace v1
}  // namespace kehoach
