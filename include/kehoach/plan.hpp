#pragma once

#include <kehoach/agency.hpp>
#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/event.hpp>
#include <kehoach/funding.hpp>
#include <kehoach/legal_basis.hpp>
#include <kehoach/reporting.hpp>
#include <kehoach/target.hpp>
#include <kehoach/task.hpp>
#include <kehoach/unit.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// A plan (*kế hoạch*) and everything it refers to. The fields follow the
/// document (docs/plan-document.md) and the plan record of the national
/// domestic-violence database (number, symbol, summary, type, issue date,
/// issuer, effective date, status, implementation period, annual funding).
struct KEHOACH_API Plan {
  std::string id;
  std::optional<std::string> number;  ///< `48/KH-UBND`; none when the source does not state it
  DocumentKind document_type = DocumentKind::plan;
  PlanKind kind = PlanKind::programme_implementation;
  std::string title;
  std::optional<std::string> summary;
  std::string issuer;  ///< agency id
  std::optional<std::string> place;
  std::optional<Date> issue_date;
  std::optional<std::string> issue_date_as_written;
  std::optional<Date> effective_date;
  PlanStatus status = PlanStatus::in_force;
  Level level = Level::commune;
  std::string unit;  ///< administrative unit code
  Period period;
  std::optional<std::string> programme;
  std::vector<LegalBasis> legal_bases;
  std::vector<std::string> amends;      ///< plan ids
  std::vector<std::string> supersedes;  ///< plan ids
  std::vector<std::string> purposes;
  std::vector<std::string> requirements;
  std::optional<std::string> general_objective;
  std::vector<AdministrativeUnit> units;
  std::vector<Agency> agencies;
  std::vector<FundingSource> funding_sources;
  std::vector<AnnualFunding> annual_funding;
  std::vector<Target> targets;
  std::vector<Task> tasks;
  std::vector<ReportingDuty> reporting_duties;
  std::vector<RecurringEvent> events;
  std::vector<std::string> recipients;
  std::optional<std::string> signatory;
  std::vector<std::string> notes;

  friend bool operator==(const Plan&, const Plan&) = default;

  const Agency* find_agency(std::string_view agency_id) const noexcept;
  const AdministrativeUnit* find_unit(std::string_view code) const noexcept;
  const Task* find_task(std::string_view task_id) const noexcept;
  const Target* find_target(std::string_view target_id) const noexcept;
};

/// A plan's identity in law (Nghị định 30/2020/NĐ-CP): numbers restart every
/// year and recur across issuers, so the key is (issuer, year, number).
struct PlanKey {
  std::string issuer;  ///< the issuer's name
  std::optional<int> year;
  std::optional<std::string> number;
  friend bool operator==(const PlanKey&, const PlanKey&) = default;
};

KEHOACH_API PlanKey key_of(const Plan& plan);

/// The lead agency of `task`: its own, else its nearest ancestor's.
/// Nothing when neither it nor an ancestor names one.
KEHOACH_API std::optional<std::string> effective_lead(const Plan& plan, const Task& task);

/// The children of `parent_id` (the roots for nothing) in document order.
KEHOACH_API std::vector<const Task*> children_of(const Plan& plan,
                                                 const std::optional<std::string>& parent_id);

/// True when no other task names `task` as its parent.
KEHOACH_API bool is_leaf(const Plan& plan, const Task& task);

/// The targets in the order of their items (Vietnamese alphabet, then indicator).
KEHOACH_API std::vector<const Target*> targets_in_item_order(const Plan& plan);

/// The days of `event` in each year it occurs within the plan period.
KEHOACH_API std::vector<Period> occurrences(const Plan& plan, const RecurringEvent& event);

}  // namespace v1
}  // namespace kehoach
