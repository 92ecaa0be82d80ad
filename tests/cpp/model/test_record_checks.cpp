// The record rules driven without a store (src/model/record_checks.hpp).
#include <kehoach/kehoach.hpp>

#include "model/record_checks.hpp"

#include <catch2/catch.hpp>

using namespace kehoach;
using namespace kehoach::record_checks;

namespace {
Date day(const char* iso) { return parse_iso_date(iso); }

PlanFacts facts() {
  PlanFacts f;
  f.period = Period{day("2026-01-01"), day("2030-12-31")};
  f.targets = {{"t-pct", TargetUnit::percent}, {"t-yes", TargetUnit::yes_no}};
  f.agencies = {"ubnd"};
  f.sources = {"nsnn"};
  f.tasks = {{"task", {TaskStatus::planned, std::nullopt}}, {"yearly", {TaskStatus::planned, std::nullopt}}};
  f.recurring = {{"yearly", {2026, 2030}}};
  f.duties["r1"] = PlanFacts::Duty{PeriodType::year, {"ubnd"}, {}};
  return f;
}
}  // namespace

TEST_CASE("One value rule for milestones and observations", "[records][rules]") {
  CHECK_FALSE(value_problem(TargetUnit::percent, 100));
  CHECK(value_problem(TargetUnit::percent, 101)->find("a percent lies in 0–100") == 0);
  CHECK(value_problem(TargetUnit::yes_no, 0.5)->find("is not 0 or 1") != std::string::npos);
  CHECK(value_problem(TargetUnit::count, 2.5)->find("whole number") != std::string::npos);
  CHECK(value_problem(TargetUnit::ratio_times, 0)->find("above 0") != std::string::npos);
  CHECK(*value_problem(TargetUnit::percent, std::nan("")) == "value is not a finite number");
}

TEST_CASE("Record rules name the row and field, without a store", "[records][rules]") {
  const PlanFacts f = facts();
  std::vector<Diagnostic> errors;
  check_observation(f, Observation{"p", "t-pct", day("2026-06-30"), 150, std::nullopt, std::nullopt}, 3, "/observations", errors);
  check_observation(f, Observation{"p", "khong-co", day("2026-06-30"), 1, std::nullopt, std::nullopt}, 4, "/observations", errors);
  check_observation(f, Observation{"p", "t-yes", day("2026-06-30"), 1, 2.0, std::nullopt}, 5, "/observations", errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].path == "/observations/3/value");
  CHECK(errors[1].path == "/observations/4/target_id");
  CHECK(errors[2].path == "/observations/5/denominator");

  errors.clear();
  TaskUpdate u{"p", "yearly", day("2026-06-30"), "cb", TaskStatus::done, std::nullopt, std::nullopt, std::nullopt, 2031};
  check_task_update(f, u, 0, "", errors);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].path == "/0/completed_on");  // done without a date
  CHECK(errors[1].path == "/0/occurrence");    // outside 2026–2030

  errors.clear();
  check_allocation(f, Allocation{"p", 2031, "nsnn", "x", std::nullopt, day("2026-01-05"), Dong{-1}}, 0, "", errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].path == "/0/agency_id");
  CHECK(errors[1].path == "/0/amount");
  CHECK(errors[2].path == "/0/year");

  errors.clear();
  check_submission(f, ReportSubmission{"p", "r1", "ubnd", Period{day("2026-01-01"), day("2026-06-30")}, day("2026-07-01")}, 0, "",
                   errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "/0/period");
  errors.clear();
  check_submission(f, ReportSubmission{"p", "r1", "ubnd", Period{day("2026-01-01"), day("2026-12-31")}, day("2027-01-05")}, 0, "",
                   errors);
  CHECK(errors.empty());
}
