#pragma once

// Plan revisions: a plan amended (*sửa đổi, bổ sung*) by a later document
// keeps every earlier text; metrics as of a day use the revision in force
// that day (docs/plan-document.md, "Revisions"; decision 0026).

#include <kehoach/date.hpp>
#include <kehoach/export.hpp>
#include <kehoach/plan.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// The document that amends a plan: its number (`12/KH-UBND`), the day it was
/// issued, its issuer (as the amending document names it), and the day the
/// amended text takes force (the issue date when not given).
struct KEHOACH_API Amendment {
  std::string number;
  Date date;
  std::string issuer;
  std::optional<Date> in_force_from;
  friend bool operator==(const Amendment&, const Amendment&) = default;
};

/// One revision of a stored plan. Revision 1 is the plan as first imported
/// (no amending document; in force from its issue date, else the start of its
/// period, and for every earlier day); revision n > 1 is the text an
/// amendment made, in force from `in_force_from` until the next revision's.
struct KEHOACH_API PlanRevision {
  std::string plan_id;
  int revision = 1;
  Date in_force_from;
  std::optional<Amendment> amendment;  ///< none for revision 1
  friend bool operator==(const PlanRevision&, const PlanRevision&) = default;
};

/// What changed between two texts of a plan, item by item.
struct KEHOACH_API PlanChange {
  /// `plan` (a field of the plan itself), `target`, `milestone`, `task`,
  /// `duty`, `agency`, `funding_source`, `legal_basis`, `unit`, `event`.
  std::string kind;
  /// The item's id; a milestone's is `TARGET@DATE`; a legal basis's its
  /// number (else its position); empty for kind `plan`.
  std::string id;
  std::string change;               ///< `added`, `removed` or `changed`
  std::vector<std::string> fields;  ///< for `changed`: the fields that differ, in document order
  friend bool operator==(const PlanChange&, const PlanChange&) = default;
};

/// The changes from revision `from` to revision `to` of a plan, in document
/// order (the plan's own fields first, then each list as the document lists it).
struct KEHOACH_API PlanDiff {
  std::string plan_id;
  int from = 1;
  int to = 1;
  std::vector<PlanChange> changes;
  friend bool operator==(const PlanDiff&, const PlanDiff&) = default;
};

/// The changes from `from` to `to`, compared as plan documents (the
/// canonical JSON of docs/plan-document.md): lists keyed by item id,
/// milestones by date within their target.
KEHOACH_API std::vector<PlanChange> diff_plans(const Plan& from, const Plan& to);

/// A plan's revisions as JSON: `[{"plan", "revision", "in_force_from",
/// "amendment": null | {"number", "date", "issuer", "in_force_from"}}]`.
KEHOACH_API std::string write_plan_history_json(std::span<const PlanRevision> revisions);

/// A diff as JSON: `{"plan", "from", "to", "changes": [{"kind", "id",
/// "change", "fields"}]}`.
KEHOACH_API std::string write_plan_diff_json(const PlanDiff& diff);

/// Reads an amending document's description, as the C ABI and the Python
/// module pass it: `{"number", "date", "issuer", "in_force_from"?}`.
/// ParseError or ValidationError naming the field.
KEHOACH_API Amendment read_amendment_json(std::string_view json);

}  // namespace v1
}  // namespace kehoach
