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

/// What one successor takes over when an agency's duties pass on
/// (docs/data-model.md, "Agencies over time"). With neither tasks nor duties
/// listed it takes everything the other successors do not.
struct AgencyHandover {
  std::string agency_id;            ///< the successor: an agency of the plan, or one the succession brings in
  std::vector<std::string> tasks;   ///< task ids, each with its subtree
  std::vector<std::string> duties;  ///< reporting duty ids
  friend bool operator==(const AgencyHandover&, const AgencyHandover&) = default;
};

/// On `date` the obligations under a plan of an agency that ended the day
/// before pass to its successors: every task occurrence due and every report
/// whose deadline falls on or after `date`. Learned after the plan was issued,
/// so kept beside it, never in the plan document. With no successor the
/// agency was dissolved and those obligations are orphaned.
struct AgencySuccession {
  std::string plan_id;
  std::string agency_id;                ///< the agency that ended
  Date date{};                          ///< the successors' first day
  std::vector<AgencyHandover> to;       ///< in the order given
  std::vector<Agency> joining;          ///< successors the plan does not name, brought in by this succession
  std::optional<std::string> basis;     ///< the decision that moved the duties, as written
  friend bool operator==(const AgencySuccession&, const AgencySuccession&) = default;
};

}  // namespace v1
}  // namespace kehoach
