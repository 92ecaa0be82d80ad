#pragma once

// Agencies over time (METRICS.md §6, §8; docs/data-model.md, "Agencies over
// time"; decision 0022): which agency answers for an obligation of a plan on
// the day it falls due, once agencies have ended and their duties passed to
// successors. Pure: the store reads a plan and its successions and asks.

#include <kehoach/agency.hpp>
#include <kehoach/error.hpp>
#include <kehoach/plan.hpp>

#include "metrics/engine.hpp"

#include <map>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace engine {

/// The agencies an obligation passed through: `agencies[0]` is the one the
/// plan names, each next one took it over from the one before. The last
/// answers for it, unless `orphaned` (it had ended, and nobody took this over).
struct Chain {
  std::vector<std::string> agencies;
  bool orphaned = false;
  const std::string& answerable() const { return agencies.back(); }
};

class Lifetimes {
 public:
  /// `successions` are the plan's, already checked (check_agency_successions).
  Lifetimes(const Plan& plan, std::span<const AgencySuccession> successions);

  /// Whom the occurrence of task `task_id` due on `due`, led by `agency`, passed to.
  Chain for_task(const std::string& agency, const std::string& task_id, Date due) const;
  /// Whom the report of duty `duty_id` due on `deadline`, of `agency`, passed to.
  Chain for_report(const std::string& agency, const std::string& duty_id, Date deadline) const;
  /// The agency's last day, when it ended.
  std::optional<Date> ended(const std::string& agency) const;
  /// The agencies the successions brought in, in the order they came.
  const std::vector<Agency>& joining() const { return joining_; }
  const Agency* find(const std::string& agency) const;
  /// Whether no agency ever ends: every obligation stays with its agency.
  bool empty() const { return by_agency_.empty() && !any_end_; }

 private:
  Chain follow(const std::string& agency, const std::string* task, const std::string* duty, Date day) const;
  const Plan& plan_;
  std::map<std::string, const AgencySuccession*, std::less<>> by_agency_;
  std::map<std::string, std::vector<std::string>, std::less<>> ancestors_;  // task -> itself and its ancestors
  std::vector<Agency> joining_;
  bool any_end_ = false;
};

/// Who else may file a report of a duty: (duty, agency, period start) → the
/// reporters the duty names whose report of that period passed to `agency`
/// (each report is answered by a submission of any agency of its chain).
using PassedReports = std::map<std::tuple<std::string, std::string, Date>, std::vector<std::string>>;
PassedReports passed_reports(const Lifetimes& lifetimes, std::span<const ExpectedReport> expected);

/// Checks `incoming` successions of `plan` against those already stored, in
/// order (a later one may name an agency an earlier one brought in). Paths
/// are `<prefix>/i/field`, i counted from `first_index`. Throws
/// ValidationError naming every problem found: an unknown agency, a second
/// succession of one agency, a date that is not the day after the agency's
/// valid_to, or not after the day it took duties over; a successor that is
/// the agency itself, named twice, unknown, not alive on the date, or one
/// brought in that no handover names; a task or duty claimed twice or not the
/// agency's; more than one handover taking "the rest". Joining agencies are
/// checked as a plan's agencies are; their units are the caller's to check.
void check_agency_successions(const Plan& plan, std::span<const AgencySuccession> stored,
                              std::span<const AgencySuccession> incoming, const std::string& prefix,
                              std::size_t first_index = 0);

}  // namespace engine
}  // namespace v1
}  // namespace kehoach
