// The rules records must follow (record_checks.hpp).

#include "model/record_checks.hpp"

#include <kehoach/text.hpp>

#include <charconv>
#include <cmath>

namespace kehoach {
inline namespace v1 {

std::string number_text(double v) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, result.ptr);
}

namespace {

std::string iso_text(Date d) { return d.ok() ? format_iso_date(d) : std::string("(not a valid date)"); }

void need(bool ok, std::vector<Diagnostic>& errors, std::string path, std::string message) {
  if (!ok) errors.push_back({Severity::error, std::move(path), std::move(message)});
}

}  // namespace

std::optional<std::string> value_problem(TargetUnit unit, double v) {
  if (!std::isfinite(v)) return "value is not a finite number";
  switch (unit) {
    case TargetUnit::percent:
      if (!(v >= 0 && v <= 100)) return "a percent lies in 0–100: percent value " + number_text(v) + " is outside 0–100";
      break;
    case TargetUnit::count:
      if (!(v >= 0 && v == std::floor(v))) return "count " + number_text(v) + " is not a whole number ≥ 0";
      break;
    case TargetUnit::yes_no:
      if (v != 0 && v != 1) return "yes/no value " + number_text(v) + " is not 0 or 1";
      break;
    case TargetUnit::ratio_times:
      if (!(v > 0)) return "ratio " + number_text(v) + " is not above 0";
      break;
  }
  return std::nullopt;
}

namespace record_checks {

std::string field(std::size_t index, std::string_view name) {
  return "/" + std::to_string(index) + "/" + std::string(name);
}

void check_observation(const PlanFacts& f, const Observation& o, std::size_t i, const std::string& prefix,
                       std::vector<Diagnostic>& errors) {
  // Builds no string unless the row fails: this runs per row of bulk writes.
  auto fail = [&](const char* name, std::string message) {
    errors.push_back({Severity::error, prefix + field(i, name), std::move(message)});
  };
  const auto target = f.targets.find(o.target_id);
  if (target == f.targets.end()) {
    fail("target_id", "target '" + o.target_id + "' is not in plan '" + o.plan_id + "'");
    return;
  }
  if (auto why = value_problem(target->second, o.value)) fail("value", std::move(*why));
  if (o.numerator.has_value() != o.denominator.has_value()) {
    fail("denominator", "a numerator and a denominator come together");
  } else if (o.numerator) {
    if (!(std::isfinite(*o.numerator) && *o.numerator >= 0)) fail("numerator", "a numerator is ≥ 0");
    if (!(std::isfinite(*o.denominator) && *o.denominator >= 0)) fail("denominator", "a denominator is ≥ 0");
  }
}

void check_task_update(const PlanFacts& f, const TaskUpdate& u, std::size_t i, const std::string& prefix,
                       std::vector<Diagnostic>& errors) {
  if (f.tasks.find(u.task_id) == f.tasks.end()) {
    errors.push_back({Severity::error, prefix + field(i, "task_id"), "task '" + u.task_id + "' is not in plan '" + u.plan_id + "'"});
    return;
  }
  need(!collapse_whitespace(u.by).empty(), errors, prefix + field(i, "by"), "who made the update must be recorded");
  need(is_valid_utf8(u.by), errors, prefix + field(i, "by"), "text is not valid UTF-8");
  if (u.note) need(is_valid_utf8(*u.note), errors, prefix + field(i, "note"), "text is not valid UTF-8");
  if (u.progress) {
    need(std::isfinite(*u.progress) && *u.progress >= 0 && *u.progress <= 100, errors, prefix + field(i, "progress"),
         "progress lies in 0–100");
    need(u.status != TaskStatus::done || *u.progress == 100, errors, prefix + field(i, "progress"), "a done task has progress 100");
  }
  need(!u.completed_on || u.status == TaskStatus::done, errors, prefix + field(i, "completed_on"), "only a done task has a completion date");
  need(u.status != TaskStatus::done || u.completed_on.has_value(), errors, prefix + field(i, "completed_on"),
       "a done task needs its completion date");
  if (u.completed_on) need(!(u.date < *u.completed_on), errors, prefix + field(i, "completed_on"), "completed after the update was recorded");
  // A yearly task is updated one occurrence (year) at a time; any other task never is.
  if (const auto years = f.recurring.find(u.task_id); years != f.recurring.end()) {
    if (!u.occurrence) {
      errors.push_back({Severity::error, prefix + field(i, "occurrence"),
                        "task '" + u.task_id + "' recurs every year: name the year of the occurrence"});
    } else if (*u.occurrence < years->second.first || *u.occurrence > years->second.second) {
      errors.push_back({Severity::error, prefix + field(i, "occurrence"),
                        "task '" + u.task_id + "' recurs from " + std::to_string(years->second.first) + " to " +
                            std::to_string(years->second.second) + ", not in " + std::to_string(*u.occurrence)});
    }
  } else if (u.occurrence) {
    errors.push_back({Severity::error, prefix + field(i, "occurrence"),
                      "task '" + u.task_id + "' does not recur: an occurrence year is only for yearly tasks"});
  }
}

namespace {
void check_money_row(const PlanFacts& f, std::size_t i, const std::string& prefix, const std::string& plan_id, const std::string& source,
                     const std::string& agency, const std::optional<std::string>& task, Dong amount,
                     std::vector<Diagnostic>& errors) {
  need(f.sources.count(source) > 0, errors, prefix + field(i, "source_id"), "funding source '" + source + "' is not in plan '" + plan_id + "'");
  need(f.agencies.count(agency) > 0, errors, prefix + field(i, "agency_id"), "agency '" + agency + "' is not in plan '" + plan_id + "'");
  if (task) need(f.tasks.count(*task) > 0, errors, prefix + field(i, "task_id"), "task '" + *task + "' is not in plan '" + plan_id + "'");
  need(amount >= Dong{0}, errors, prefix + field(i, "amount"), "an amount cannot be negative");
}
}  // namespace

void check_allocation(const PlanFacts& f, const Allocation& a, std::size_t i, const std::string& prefix,
                      std::vector<Diagnostic>& errors) {
  check_money_row(f, i, prefix, a.plan_id, a.source_id, a.agency_id, a.task_id, a.amount, errors);
  need(a.year >= static_cast<int>(f.period.start.year()) && a.year <= static_cast<int>(f.period.end.year()), errors,
       prefix + field(i, "year"), "fiscal year " + std::to_string(a.year) + " lies outside the plan period");
}

void check_expenditure(const PlanFacts& f, const Expenditure& e, std::size_t i, const std::string& prefix,
                       std::vector<Diagnostic>& errors) {
  check_money_row(f, i, prefix, e.plan_id, e.source_id, e.agency_id, e.task_id, e.amount, errors);
  if (e.voucher) {
    need(!e.voucher->empty(), errors, prefix + field(i, "voucher"),
         "an empty voucher number names no voucher (leave it out for a payment without one)");
  }
}

void check_submission(const PlanFacts& f, const ReportSubmission& r, std::size_t i, const std::string& prefix,
                      std::vector<Diagnostic>& errors) {
  const auto duty = f.duties.find(r.duty_id);
  if (duty == f.duties.end()) {
    errors.push_back({Severity::error, prefix + field(i, "duty_id"), "reporting duty '" + r.duty_id + "' is not in plan '" + r.plan_id + "'"});
    return;
  }
  need(duty->second.reporters.count(r.reporter) > 0 || f.passed.count({r.duty_id, r.reporter, r.period.start}) > 0, errors,
       prefix + field(i, "reporter"),
       "agency '" + r.reporter + "' does not report under duty '" + r.duty_id + "'" +
           (f.passed.empty() ? "" : " and took over no report of this period from one that does"));
  // The period must be one of the duty's: a whole year, half-year, quarter or month.
  bool matches = false;
  const int year = static_cast<int>(r.period.start.year());
  for (int k = 1; k <= periods_per_year(duty->second.period) && !matches; ++k) {
    matches = period_of(duty->second.period, year, k) == r.period &&
              (duty->second.sub_periods.empty() || duty->second.sub_periods.count(k) > 0);
  }
  need(matches, errors, prefix + field(i, "period"),
       "period " + iso_text(r.period.start) + "/" + iso_text(r.period.end) + " is not a " +
           std::string(to_code(duty->second.period)) + " period this duty asks for");
  need(!(r.submitted < r.period.start), errors, prefix + field(i, "submitted"), "submitted before the period began");
}

}  // namespace record_checks
}  // namespace v1
}  // namespace kehoach
