#pragma once

// The vocabulary of the model: every enumeration, with its stable code (used in
// JSON, SQL and the C ABI) and its labels in Vietnamese and English.

#include <kehoach/date.hpp>
#include <kehoach/export.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace kehoach {
inline namespace v1 {

/// The language of a user-facing label.
enum class Lang { vi, en };

/// Administrative level of a unit, a plan or an agency.
enum class Level { national, province, district, commune, village };

/// Kinds of legal and administrative documents.
enum class DocumentKind {
  law, resolution, decree, decision, directive, circular, plan, programme, strategy,
  official_letter, other
};

/// What a plan is for.
enum class PlanKind { programme_implementation, strategy_implementation, annual, thematic, other };

/// Where a plan stands in its legal life.
enum class PlanStatus { draft, in_force, amended, superseded, expired, repealed };

/// How a plan refers to a cited document: *Căn cứ* (basis) or *Thực hiện* (implements).
enum class LegalRelation { basis, implements };

/// What sort of body an agency is.
enum class AgencyKind {
  people_committee, people_council, party_committee, department, office, police, military,
  border_guard, court, procuracy, health, education, media, fatherland_front,
  mass_organisation, trade_union, village, enterprise, group, other
};

/// Where money for a plan comes from.
enum class FundingKind { state_budget, integration, sponsorship_aid, mobilised, other };

/// How a target's value is judged against a milestone.
enum class Comparator { at_least, at_most };

/// What a target counts.
enum class TargetUnit { percent, count, yes_no, ratio_times };

/// The state of a task.
enum class TaskStatus { planned, in_progress, done, cancelled };

/// A deadline "trước ngày D" (before: submitted < D) or "chậm nhất ngày D" (by: submitted <= D).
enum class DeadlineRule { before, by };

/// The stable code of a value, e.g. `at_least`.
template <class E> KEHOACH_API std::string_view to_code(E value);
/// The value with that code, or nothing.
template <class E> KEHOACH_API std::optional<E> from_code(std::string_view code);
/// A label for people, in Vietnamese or English.
template <class E> KEHOACH_API std::string_view label(E value, Lang lang = Lang::vi);
/// Every value, in declaration order.
template <class E> KEHOACH_API std::span<const E> all_values();

/// The label of the value with `code` of the enumeration named `enumeration`
/// (its C++ name: "TargetStatus", "ViolenceType", …), or nothing when there
/// is no such enumeration or value: for faces that hold codes (JSON), not
/// values. The text is static, NUL-terminated UTF-8.
KEHOACH_API std::optional<std::string_view> label_of(std::string_view enumeration, std::string_view code,
                                                     Lang lang = Lang::vi);
/// The enumeration names label_of knows, in the order of the headers.
KEHOACH_API std::span<const std::string_view> enumeration_names();

#define KEHOACH_DECLARE_ENUM(E)                                                        \
  extern template KEHOACH_API std::string_view to_code<E>(E);                           \
  extern template KEHOACH_API std::optional<E> from_code<E>(std::string_view);          \
  extern template KEHOACH_API std::string_view label<E>(E, Lang);                       \
  extern template KEHOACH_API std::span<const E> all_values<E>();

KEHOACH_DECLARE_ENUM(Lang)
KEHOACH_DECLARE_ENUM(Level)
KEHOACH_DECLARE_ENUM(DocumentKind)
KEHOACH_DECLARE_ENUM(PlanKind)
KEHOACH_DECLARE_ENUM(PlanStatus)
KEHOACH_DECLARE_ENUM(LegalRelation)
KEHOACH_DECLARE_ENUM(AgencyKind)
KEHOACH_DECLARE_ENUM(FundingKind)
KEHOACH_DECLARE_ENUM(Comparator)
KEHOACH_DECLARE_ENUM(TargetUnit)
KEHOACH_DECLARE_ENUM(TaskStatus)
KEHOACH_DECLARE_ENUM(DeadlineRule)
KEHOACH_DECLARE_ENUM(PeriodType)

#undef KEHOACH_DECLARE_ENUM

}  // namespace v1
}  // namespace kehoach
