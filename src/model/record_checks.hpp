#pragma once

// The rules records must follow (records.md): pure checks of observations,
// task updates, allocations, expenditures and report submissions against
// what their plan declares (`PlanFacts`, a value the store reads once per
// plan and call). No database: the store reads the facts, calls these, and
// writes only when they found nothing.

#include <kehoach/error.hpp>
#include <kehoach/records.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace record_checks {

// What a plan's records may refer to.
struct PlanFacts {
  Period period;
  std::map<std::string, TargetUnit> targets;
  std::set<std::string> agencies;
  std::set<std::string> sources;
  std::map<std::string, std::pair<TaskStatus, std::optional<double>>> tasks;  // current state
  std::map<std::string, std::pair<int, int>> recurring;  // yearly tasks: first and last year
  struct Duty {
    PeriodType period;
    std::set<std::string> reporters;
    std::set<int> sub_periods;
  };
  std::map<std::string, Duty> duties;
  /// Reports that passed from an agency that ended (engine::passed_reports):
  /// (duty, successor, period start) → the duty's reporters whose report of
  /// that period the successor may file.
  using Passed = std::map<std::tuple<std::string, std::string, Date>, std::vector<std::string>>;
  Passed passed;
};

// At most this many errors are collected from one batch before giving up.
inline constexpr std::size_t max_errors = 100;

// "/3/value": the path of field `name` of row `index`.
std::string field(std::size_t index, std::string_view name);

// Each appends its findings on row `i` to `errors`, paths under `prefix`.
void check_observation(const PlanFacts& f, const Observation& o, std::size_t i, const std::string& prefix,
                       std::vector<Diagnostic>& errors);
void check_task_update(const PlanFacts& f, const TaskUpdate& u, std::size_t i, const std::string& prefix,
                       std::vector<Diagnostic>& errors);
void check_allocation(const PlanFacts& f, const Allocation& a, std::size_t i, const std::string& prefix,
                      std::vector<Diagnostic>& errors);
void check_expenditure(const PlanFacts& f, const Expenditure& e, std::size_t i, const std::string& prefix,
                       std::vector<Diagnostic>& errors);
void check_submission(const PlanFacts& f, const ReportSubmission& r, std::size_t i, const std::string& prefix,
                      std::vector<Diagnostic>& errors);

}  // namespace record_checks

// What values a target's unit allows, or why `v` is not one: the one rule for
// milestones, baselines (validate.cpp) and observations.
std::optional<std::string> value_problem(TargetUnit unit, double v);
/// A number for a message: the shortest text that reads back as `v`.
std::string number_text(double v);

}  // namespace v1
}  // namespace kehoach
