// The metrics engine driven without a store: a plan and a snapshot of its
// records in, metrics out (src/metrics/engine.hpp).

#include <kehoach/kehoach.hpp>

#include "metrics/engine.hpp"
#include "support/documents.hpp"

#include <catch2/catch.hpp>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

// Thượng Quảng 2023: duties and funding, no targets; Hương Khê 2021: targets.
Plan seed_plan() { return read_plan_file(test::examples_dir() / "thuong-quang-2023.plan.json").plan; }
Plan plan_with_targets() { return read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json").plan; }

}  // namespace

TEST_CASE("The engine computes a plan's metrics from a snapshot, without a store", "[engine]") {
  const Plan plan = plan_with_targets();
  REQUIRE_FALSE(plan.targets.empty());
  const Target& target = plan.targets.front();
  engine::PlanRecords records;
  records.observations.push_back({target.id, day("2023-06-30"), target.milestones.back().value, std::nullopt, std::nullopt});
  records.observations.push_back({target.id, day("2024-06-30"), 0, std::nullopt, std::nullopt});  // after A: ignored
  const PlanMetrics m = engine::plan_metrics(plan, records, day("2023-12-31"), MetricsOptions{});
  REQUIRE(m.target(target.id));
  CHECK(m.target(target.id)->actual == target.milestones.back().value);
  CHECK(m.target(target.id)->actual_date == day("2023-06-30"));
  CHECK(m.target(target.id)->status == TargetStatus::achieved);
  CHECK(m.plan_id == plan.id);
  CHECK(m.as_of == day("2023-12-31"));
  // No records: every target has no data.
  const PlanMetrics empty = engine::plan_metrics(plan, {}, day("2023-12-31"), MetricsOptions{});
  for (const auto& t : empty.targets) CHECK(t.status == TargetStatus::no_data);
}

TEST_CASE("The engine's budget: the latest revision of an allocation dated on or before A is in force", "[engine][budget]") {
  const Plan plan = seed_plan();
  REQUIRE_FALSE(plan.funding_sources.empty());
  const std::string source = plan.funding_sources.front().id;
  const std::string agency = plan.agencies.front().id;
  engine::PlanRecords r;
  r.allocations.push_back({2023, source, agency, std::nullopt, day("2023-01-10"), Dong{1'000'000}});
  r.allocations.push_back({2023, source, agency, std::nullopt, day("2023-07-01"), Dong{1'500'000}});  // the revision
  r.allocations.push_back({2023, source, agency, std::nullopt, day("2024-02-01"), Dong{9'000'000}});  // after A
  r.expenditures.push_back({day("2023-08-01"), source, agency, std::nullopt, Dong{600'000}});
  r.expenditures.push_back({day("2024-01-05"), source, agency, std::nullopt, Dong{900'000}});  // after A
  const auto before_revision = engine::plan_metrics(plan, r, day("2023-03-31"), MetricsOptions{}).budget;
  CHECK(before_revision.total.allocated == Dong{1'000'000});
  const auto b = engine::plan_metrics(plan, r, day("2023-12-31"), MetricsOptions{}).budget;
  CHECK(b.total.allocated == Dong{1'500'000});
  CHECK(b.total.spent == Dong{600'000});
  CHECK(b.total.execution_rate == Approx(40.0));
  REQUIRE(b.by_year.size() == 1);
  CHECK(b.by_year.front().key == "2023");
}

TEST_CASE("The engine's reporting: the first submission on or before A counts", "[engine][reporting]") {
  const Plan plan = seed_plan();
  const auto expected = engine::expected_reports_of(plan);
  REQUIRE_FALSE(expected.empty());
  const auto& e = expected.front();
  engine::PlanRecords r;
  r.submissions.push_back({e.duty_id, e.reporter, e.period.start, e.deadline});
  r.submissions.push_back({e.duty_id, e.reporter, e.period.start, day("2020-01-01")});  // earlier: the first
  const Date after_all = plan.period.end;
  const auto rep = engine::plan_metrics(plan, r, after_all, MetricsOptions{}).reporting;
  CHECK(rep.received == 1);
  CHECK(rep.on_time == 1);
  CHECK(rep.expected == static_cast<std::int64_t>(expected.size()));
}

TEST_CASE("The on-time rule by order agrees with on_time() for both rules", "[engine][reporting]") {
  const Date deadline = day("2025-06-10");
  for (DeadlineRule rule : {DeadlineRule::before, DeadlineRule::by}) {
    CHECK(engine::on_time_by_order(rule, -1) == on_time(rule, day("2025-06-09"), deadline));
    CHECK(engine::on_time_by_order(rule, 0) == on_time(rule, deadline, deadline));
    CHECK(engine::on_time_by_order(rule, 1) == on_time(rule, day("2025-06-11"), deadline));
  }
  CHECK_FALSE(engine::on_time_by_order(DeadlineRule::before, 0));
  CHECK(engine::on_time_by_order(DeadlineRule::by, 0));
}

TEST_CASE("The on-time table the store binds is the on-time rule", "[engine][reporting]") {
  const auto table = engine::on_time_table();
  const Date deadline = day("2025-06-10");
  const Date dates[] = {day("2025-06-09"), deadline, day("2025-06-11")};
  for (int r = 0; r < 2; ++r) {
    for (int order = 0; order < 3; ++order) {
      CHECK(table[static_cast<std::size_t>(3 * r + order)] ==
            on_time(r == 0 ? DeadlineRule::before : DeadlineRule::by, dates[order], deadline));
    }
  }
}

TEST_CASE("The engine's reporting roll-up sums its units' counts", "[engine][reporting]") {
  const std::vector<engine::UnitReportingCount> units{{"00001", 2, 9, 5, 2}, {"00002", 1, 5, 5, 5}};
  const ReportingRollup r = engine::reporting_rollup("86", day("2025-12-31"), units);
  CHECK(r.plans == 3);
  CHECK(r.expected == 14);
  CHECK(r.received == 10);
  CHECK(r.on_time == 7);
  REQUIRE(r.units.size() == 2);
  CHECK(r.units[0] == UnitReporting{"00001", 9, 5, 2});
  CHECK(r.units[1] == UnitReporting{"00002", 5, 5, 5});
  CHECK(r.reporting_rate.value == Approx(100.0 * 10 / 14));
}

TEST_CASE("The engine's manual status: the latest set on or before A holds; bad ones are refused by field", "[engine][manual]") {
  const Plan plan = plan_with_targets();
  REQUIRE_FALSE(plan.targets.empty());
  const std::string t = plan.targets.front().id;
  engine::PlanRecords r;
  r.manual_statuses.push_back({plan.id, "target", t, "on_track", "lần 1", "cb", day("2023-03-01")});
  r.manual_statuses.push_back({plan.id, "target", t, "achieved", "lần 2", "cb", day("2023-09-01")});
  CHECK(engine::plan_metrics(plan, r, day("2023-06-30"), {}).target(t)->manual->status == "on_track");
  CHECK(engine::plan_metrics(plan, r, day("2023-12-31"), {}).target(t)->manual->status == "achieved");
  const auto errors = engine::check_manual_status({plan.id, "thing", t, "x", " ", "", day("2023-01-01")});
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].path == "/kind");
  CHECK(errors[1].path == "/reason");
  CHECK(errors[2].path == "/by");
  CHECK(engine::check_manual_status({plan.id, "target", t, "achieved", "r", "cb", day("2023-01-01")}).empty());
  CHECK_THROWS_AS(engine::check_metrics_options(day("2023-01-01"), MetricsOptions{-1.0}), InvalidArgument);
}
