// The metrics of METRICS.md, each checked against numbers computed by hand.

#include <kehoach/kehoach.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace kehoach;
using json = nlohmann::ordered_json;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

json metrics_plan() {
  return json::parse(R"({
    "format": "kehoach-plan", "format_version": 1, "id": "m", "number": "7/KH-UBND",
    "document_type": "plan", "kind": "programme_implementation", "title": "Kế hoạch thử",
    "issuer": "ubnd", "issue_date": "2021-01-05", "status": "in_force", "level": "commune", "unit": "00001",
    "period": {"start": "2021-01-01", "end": "2025-12-31"},
    "units": [{"code": "86", "name": "Tỉnh", "level": "province"},
              {"code": "00001", "name": "Xã", "level": "commune", "parent": "86"}],
    "agencies": [{"id": "ubnd", "name": "UBND xã", "kind": "people_committee", "level": "commune"},
                 {"id": "a", "name": "Phòng A", "kind": "office", "level": "commune"},
                 {"id": "b", "name": "Phòng B", "kind": "office", "level": "commune"}],
    "funding_sources": [{"id": "nsnn", "kind": "state_budget"}, {"id": "vien-tro", "kind": "sponsorship_aid"}],
    "targets": [
      {"id": "t1", "code": "a", "description": "40% rồi 50%", "comparator": "at_least", "unit": "percent",
       "milestones": [{"date": "2023-12-31", "value": 40}, {"date": "2025-12-31", "value": 50}]},
      {"id": "t2", "code": "b", "description": "có đường cơ sở", "comparator": "at_least", "unit": "percent",
       "baseline": {"value": 20, "date": "2021-01-01"},
       "milestones": [{"date": "2023-12-31", "value": 60}, {"date": "2025-12-31", "value": 100}]},
      {"id": "t3", "code": "c", "description": "tối đa 1,7 lần", "comparator": "at_most", "unit": "ratio_times",
       "baseline": {"value": 1.8, "date": "2023-01-01"}, "milestones": [{"date": "2025-12-31", "value": 1.7}]},
      {"id": "t4", "code": "d", "indicator": 1, "description": "có/không", "comparator": "at_least", "unit": "yes_no",
       "baseline": {"value": 0, "date": "2021-01-01"}, "milestones": [{"date": "2025-12-31", "value": 1}]},
      {"id": "t5", "code": "d", "indicator": 2, "description": "từ 2025 trở đi", "comparator": "at_least", "unit": "percent",
       "milestones": [{"date": "2023-12-31", "value": 80}, {"date": "2025-12-31", "value": 100, "open_ended": true}]}
    ],
    "tasks": [
      {"id": "g1", "section": "III.1", "title": "Nhóm 1", "lead": "a"},
      {"id": "ta", "parent": "g1", "section": "III.1.1", "title": "Một lần", "due": "2022-06-30"},
      {"id": "tb", "parent": "g1", "section": "III.1.2", "title": "Hằng năm", "recurrence": {"every": "year", "month": 12, "day": 15}},
      {"id": "tc", "parent": "g1", "section": "III.1.3", "title": "Bỏ", "due": "2022-01-31", "status": "cancelled"},
      {"id": "g2", "section": "III.2", "title": "Nhóm 2", "lead": "b"},
      {"id": "td", "parent": "g2", "section": "III.2.1", "title": "Không hạn", "progress": 30, "status": "in_progress"}
    ],
    "reporting_duties": [
      {"id": "r1", "reporters": ["a", "b"], "recipient": "ubnd", "period": "half_year", "sub_periods": [1],
       "deadline": {"rule": "before", "day": 10, "month": 6, "year_offset": 0}},
      {"id": "r2", "reporters": ["a"], "recipient": "ubnd", "period": "year",
       "deadline": {"rule": "by", "day": 20, "month": 11, "year_offset": 0}}
    ]
  })");
}

Store store_with(const json& doc) {
  auto store = Store::open(test::fresh_store());
  store.import_plan(read_plan_json(doc.dump()).plan);
  return store;
}

void observe(Store& s, const char* target, const char* date, double value) {
  const std::vector<Observation> rows{{"m", target, day(date), value, std::nullopt, std::nullopt}};
  s.record_observations(rows);
}

TargetProgress target_at(Store& s, const char* target, const char* as_of) {
  return *s.plan_metrics("m", day(as_of)).target(target);
}

}  // namespace

TEST_CASE("The worked example of METRICS.md, on seed plan 000", "[metrics][targets]") {
  auto store = Store::open(test::fresh_store());
  const auto plan = read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json").plan;
  store.import_plan(plan);
  const std::vector<Observation> rows{{plan.id, plan.targets[0].id, day("2023-12-31"), 38, std::nullopt, std::nullopt}};
  store.record_observations(rows);
  const auto m = store.plan_metrics(plan.id, day("2023-12-31"));
  const TargetProgress& t = m.targets[0];
  CHECK(t.expected == Approx(40));
  CHECK(t.status == TargetStatus::at_risk);  // gap 2 <= 0.10 * 50 = 5
  REQUIRE(t.milestones.size() == 1);
  CHECK(t.milestones[0].outcome == MilestoneOutcome::missed);
  CHECK(t.attainment == Approx(76));
  CHECK(m.targets[1].status == TargetStatus::no_data);
  CHECK(m.items[0].status == TargetStatus::at_risk);
}

TEST_CASE("Every target status is reachable, by the rules in order", "[metrics][targets]") {
  auto s = store_with(metrics_plan());
  SECTION("no_data") { CHECK(target_at(s, "t1", "2024-01-01").status == TargetStatus::no_data); }
  SECTION("achieved, even early") {
    observe(s, "t1", "2022-06-30", 55);
    CHECK(target_at(s, "t1", "2022-06-30").status == TargetStatus::achieved);
  }
  SECTION("missed after the final milestone") {
    observe(s, "t1", "2025-12-31", 45);
    CHECK(target_at(s, "t1", "2025-12-31").status == TargetStatus::at_risk);  // on the deadline: not yet missed
    CHECK(target_at(s, "t1", "2026-01-01").status == TargetStatus::missed);
  }
  SECTION("on_track with no expected value (before the first milestone, no baseline)") {
    observe(s, "t1", "2022-06-30", 10);
    const auto t = target_at(s, "t1", "2022-06-30");
    CHECK_FALSE(t.expected.has_value());
    CHECK(t.status == TargetStatus::on_track);
  }
  SECTION("between milestones: interpolated by days") {
    const double expected = 40 + 10.0 * 366 / 731;  // 2023-12-31 → 2024-12-31 → 2025-12-31
    observe(s, "t1", "2024-12-31", 46);
    CHECK(target_at(s, "t1", "2024-12-31").expected == Approx(expected));
    CHECK(target_at(s, "t1", "2024-12-31").status == TargetStatus::on_track);
    observe(s, "t1", "2024-12-31", 42);  // the later observation of the same day wins
    CHECK(target_at(s, "t1", "2024-12-31").status == TargetStatus::at_risk);
    observe(s, "t1", "2024-12-31", 30);
    CHECK(target_at(s, "t1", "2024-12-31").status == TargetStatus::off_track);
  }
  SECTION("exactly on a milestone") {
    observe(s, "t1", "2023-12-31", 40);
    const auto t = target_at(s, "t1", "2023-12-31");
    CHECK(t.expected == 40);
    CHECK(t.status == TargetStatus::on_track);
    CHECK(t.milestones[0].outcome == MilestoneOutcome::met);
  }
  SECTION("observations after the as-of date do not count") {
    observe(s, "t1", "2024-01-01", 90);
    CHECK(target_at(s, "t1", "2023-12-31").status == TargetStatus::no_data);
  }
}

TEST_CASE("A baseline anchors interpolation and attainment", "[metrics][targets]") {
  auto s = store_with(metrics_plan());
  observe(s, "t2", "2022-07-02", 35);
  const auto t = target_at(s, "t2", "2022-07-02");
  CHECK(t.expected == Approx(40));  // 20 + 40 · 547/1094
  CHECK(t.status == TargetStatus::at_risk);  // gap 5 <= 0.10 · (100 − 20)
  CHECK(t.attainment == Approx(18.75));      // (35 − 20) / (100 − 20)
  SECTION("tau is settable") {
    const auto strict = s.plan_metrics("m", day("2022-07-02"), MetricsOptions{0.05});
    CHECK(strict.target("t2")->status == TargetStatus::off_track);  // 5 > 0.05 · 80
  }
}

TEST_CASE("At-most targets use the baseline for attainment", "[metrics][targets]") {
  auto s = store_with(metrics_plan());
  observe(s, "t3", "2024-06-30", 1.75);
  const auto t = target_at(s, "t3", "2024-06-30");
  CHECK(t.expected == Approx(1.8 - 0.1 * 546 / 1095));
  CHECK(t.status == TargetStatus::on_track);
  CHECK(t.attainment == Approx(50));
  observe(s, "t3", "2024-06-30", 2.0);
  CHECK(target_at(s, "t3", "2024-06-30").attainment == Approx(0));  // clamped
}

TEST_CASE("Yes/no targets are never at risk; open-ended targets are judged again each day", "[metrics][targets]") {
  auto s = store_with(metrics_plan());
  observe(s, "t4", "2024-06-30", 0);
  CHECK(target_at(s, "t4", "2024-06-30").status == TargetStatus::off_track);
  observe(s, "t5", "2026-06-30", 95);
  CHECK(target_at(s, "t5", "2026-06-30").status == TargetStatus::at_risk);  // never `missed`
  observe(s, "t5", "2027-01-01", 70);
  CHECK(target_at(s, "t5", "2027-01-01").status == TargetStatus::off_track);
  observe(s, "t5", "2027-06-30", 100);
  const auto m = s.plan_metrics("m", day("2027-06-30"));
  CHECK(m.target("t5")->status == TargetStatus::achieved);
  // Item d: the worst of its two indicators (t4, past its deadline at 0, is missed).
  CHECK(m.target("t4")->status == TargetStatus::missed);
  const auto item = std::find_if(m.items.begin(), m.items.end(), [](const ItemProgress& i) { return i.code == "d"; });
  REQUIRE(item != m.items.end());
  CHECK(item->status == TargetStatus::missed);
  CHECK(item->targets == std::vector<std::string>{"t4", "t5"});
}

TEST_CASE("A manual status is shown beside the computed one", "[metrics][manual]") {
  auto s = store_with(metrics_plan());
  observe(s, "t1", "2024-12-31", 30);
  s.set_manual_status(ManualStatus{"m", "target", "t1", "on_track", "số liệu quý IV chưa cập nhật", "can-bo-1", day("2025-01-05")});
  CHECK_FALSE(s.plan_metrics("m", day("2024-12-31")).target("t1")->manual.has_value());  // set after the as-of date
  const auto t = target_at(s, "t1", "2025-01-10");
  CHECK(t.status == TargetStatus::off_track);
  REQUIRE(t.manual);
  CHECK(t.manual->status == "on_track");
  CHECK(t.manual->reason == "số liệu quý IV chưa cập nhật");
  CHECK_THROWS_AS(s.set_manual_status(ManualStatus{"m", "target", "t1", "great", "x", "y", day("2025-01-05")}), ValidationError);
  CHECK_THROWS_AS(s.set_manual_status(ManualStatus{"m", "target", "t1", "achieved", " ", "y", day("2025-01-05")}), ValidationError);
  CHECK_THROWS_AS(s.set_manual_status(ManualStatus{"m", "task", "nope", "done", "x", "y", day("2025-01-05")}), ValidationError);
  s.set_manual_status(ManualStatus{"m", "task", "ta", "done", "đã báo cáo miệng", "can-bo-1", day("2022-07-01")});
  const auto m = s.plan_metrics("m", day("2022-07-02"));
  const auto node = std::find_if(m.tasks.progress.begin(), m.tasks.progress.end(), [](const auto& n) { return n.task_id == "ta"; });
  REQUIRE(node->manual);
  CHECK(node->status == TaskStatus::planned);  // the computed status stays
  CHECK(write_metrics_json(m).find("\"manual_status\"") != std::string::npos);
}

TEST_CASE("Tasks: occurrences, due, overdue, late, rates and tree progress", "[metrics][tasks]") {
  auto s = store_with(metrics_plan());
  const std::vector<TaskUpdate> updates{
      {"m", "ta", day("2022-07-05"), "a-1", TaskStatus::done, std::nullopt, day("2022-07-05"), std::nullopt, std::nullopt},
      {"m", "tb", day("2021-12-10"), "a-1", TaskStatus::done, std::nullopt, day("2021-12-10"), std::nullopt, 2021},
      {"m", "tb", day("2022-12-20"), "a-1", TaskStatus::done, std::nullopt, day("2022-12-20"), std::nullopt, 2022}};
  s.record_task_updates(updates);
  const auto m = s.plan_metrics("m", day("2023-12-31"));
  const TaskMetrics& t = m.tasks;
  CHECK(t.occurrences == 7);       // ta, tb × 5 years, td; tc is cancelled
  CHECK(t.cancelled == 1);
  CHECK(t.due == 4);               // ta, tb 2021, 2022, 2023
  CHECK(t.completed == 3);
  CHECK(t.completed_on_time == 1);  // tb 2021
  CHECK(t.completed_late == 2);     // ta, tb 2022
  CHECK(t.overdue == 1);            // tb 2023
  CHECK(t.overdue_list.at(0).year == 2023);
  CHECK(t.completion_rate.value == Approx(100.0 * 3 / 7));
  CHECK(t.on_time_rate.value == Approx(25));
  auto progress = [&](const char* id) {
    return std::find_if(t.progress.begin(), t.progress.end(), [&](const auto& n) { return n.task_id == id; })->progress;
  };
  CHECK(progress("ta") == 100);
  CHECK(progress("tb") == Approx(40));  // a yearly task: 2 of its 5 occurrences completed
  CHECK_FALSE(progress("tc").has_value());  // cancelled: left out
  CHECK(progress("g1") == Approx(70));  // mean of 100 and 40
  CHECK(progress("g2") == Approx(30));
  SECTION("on the due date, a task is due but not yet late") {
    const auto on = s.plan_metrics("m", day("2022-06-30"));
    CHECK(on.tasks.due == 2);  // ta, tb 2021
    CHECK(on.tasks.overdue == 1);
  }
}

TEST_CASE("Reporting: expected, received, on time ('before' and 'by'), amendments, missing", "[metrics][reporting]") {
  auto s = store_with(metrics_plan());
  auto sub = [](const char* duty, const char* who, const char* period, const char* when) {
    return ReportSubmission{"m", duty, who, parse_period(period), parse_iso_date(when)};
  };
  const std::vector<ReportSubmission> rows{
      sub("r1", "a", "2021H1", "2021-06-09"), sub("r1", "a", "2022H1", "2022-06-10"),  // before 10/6: on the day is late
      sub("r1", "b", "2021H1", "2021-06-01"), sub("r1", "b", "2021H1", "2021-06-20"),  // an amendment counts once
      sub("r2", "a", "2021", "2021-11-20"),   sub("r2", "a", "2022", "2022-11-21"),    // by 20/11: on the day is on time
      sub("r1", "a", "2023H1", "2024-01-05")};                                        // after the as-of date
  s.record_submissions(rows);
  const auto m = s.plan_metrics("m", day("2023-12-31"));
  const ReportingMetrics& r = m.reporting;
  CHECK(r.expected == 9);
  CHECK(r.received == 5);
  CHECK(r.on_time == 3);
  CHECK(r.reporting_rate.value == Approx(100.0 * 5 / 9));
  CHECK(r.on_time_rate.value == Approx(100.0 * 3 / 9));
  CHECK(r.missing.size() == 4);
  CHECK(r.late.size() == 2);
  // Agency and plan compliance: a leads every task (4 due, none done) and has
  // 6 reports (2 on time); b has 3 reports, 1 on time.
  const AgencyCompliance* a = m.agency("a");
  REQUIRE(a);
  CHECK(a->task_due == 4);
  CHECK(a->task_met == 0);
  CHECK(a->report_due == 6);
  CHECK(a->report_met == 2);
  CHECK(a->compliance.value == Approx(20));
  CHECK(a->tasks.value == Approx(0));
  CHECK(m.agency("b")->compliance.value == Approx(100.0 / 3));
  CHECK_FALSE(m.agency("ubnd")->compliance.value.has_value());  // nothing due: no value, not 0
  CHECK(m.plan_compliance.numerator.value == 3);
  CHECK(m.plan_compliance.denominator.value == 13);
}

TEST_CASE("An update without progress keeps the progress recorded before it", "[metrics][tasks]") {
  auto s = store_with(metrics_plan());
  const std::vector<TaskUpdate> updates{
      {"m", "ta", day("2022-01-10"), "a-1", TaskStatus::in_progress, 60, std::nullopt, std::nullopt, std::nullopt},
      {"m", "ta", day("2022-02-10"), "a-1", TaskStatus::in_progress, std::nullopt, std::nullopt, "chỉ ghi chú", std::nullopt}};
  s.record_task_updates(updates);
  const auto m = s.plan_metrics("m", day("2022-03-01"));
  const auto node = std::find_if(m.tasks.progress.begin(), m.tasks.progress.end(), [](const auto& n) { return n.task_id == "ta"; });
  CHECK(node->progress == Approx(60));
}

TEST_CASE("A half-yearly deadline that falls before the second half-year begins is refused", "[metrics][reporting]") {
  auto doc = metrics_plan();
  doc["reporting_duties"][0].erase("sub_periods");
  CHECK_THROWS_WITH(read_plan_json(doc.dump()), Catch::Contains("/reporting_duties/0/deadline: the deadline 10/6 falls before half_year 2 begins"));
}

TEST_CASE("Budget: revisions as of a date, execution and source mix", "[metrics][budget]") {
  auto s = store_with(metrics_plan());
  const std::vector<Allocation> alloc{
      {"m", 2023, "nsnn", "a", "ta", day("2023-01-10"), Dong{100'000'000}},
      {"m", 2023, "nsnn", "a", "ta", day("2023-07-01"), Dong{120'000'000}},
      {"m", 2023, "nsnn", "a", "ta", day("2024-02-01"), Dong{90'000'000}},
      {"m", 2023, "vien-tro", "b", std::nullopt, day("2023-03-01"), Dong{30'000'000}}};
  const std::vector<Expenditure> spent{{"m", day("2023-05-01"), "nsnn", "a", "ta", Dong{60'000'000}, {}},
                                       {"m", day("2023-12-31"), "vien-tro", "b", std::nullopt, Dong{30'000'000}, {}},
                                       {"m", day("2024-01-02"), "nsnn", "a", std::nullopt, Dong{10'000'000}, {}}};
  s.record_allocations(alloc);
  s.record_expenditures(spent);
  const auto b = s.plan_metrics("m", day("2023-12-31")).budget;
  CHECK(b.total.allocated == Dong{150'000'000});
  CHECK(b.total.spent == Dong{90'000'000});
  CHECK(b.total.execution_rate == Approx(60));
  REQUIRE(b.by_source.size() == 2);
  CHECK(b.by_source[0].key == "nsnn");
  CHECK(b.by_source[0].execution_rate == Approx(50));
  CHECK(b.by_source[1].execution_rate == Approx(100));
  CHECK(b.source_mix[0].share == Approx(80));
  CHECK(b.source_mix[1].share == Approx(20));
  const auto later = s.plan_metrics("m", day("2024-12-31")).budget;
  CHECK(later.total.allocated == Dong{120'000'000});  // the 2024 revision: 90 + 30
  CHECK(later.total.spent == Dong{100'000'000});
  CHECK(later.by_year.size() == 2);  // 2023, and 2024 (spent without an allocation: no rate)
  CHECK_FALSE(later.by_year[1].execution_rate.has_value());
}

TEST_CASE("The seed plans produce metrics and JSON with the names of METRICS.md", "[metrics]") {
  auto store = Store::open(test::fresh_store());
  for (const char* f : {"huong-khe-2021.plan.json", "cai-nhum-2026.plan.json", "thuong-quang-2023.plan.json"}) {
    store.import_plan(read_plan_file(test::examples_dir() / f).plan);
  }
  const auto m = store.plan_metrics("thuong-quang-bdg-2023", day("2023-12-31"));
  CHECK(m.reporting.expected > 0);
  CHECK(m.reporting.received == 0);
  CHECK(m.reporting.missing.size() == static_cast<std::size_t>(m.reporting.expected));
  const auto parsed = nlohmann::json::parse(write_metrics_json(m));
  CHECK(parsed["reporting"]["reporting_rate"]["value"] == 0.0);
  CHECK(parsed["reporting"]["reporting_rate"]["unit"] == "percent");
  const auto c = nlohmann::json::parse(write_metrics_json(store.plan_metrics("cai-nhum-gbv-2026-2030", day("2026-12-31"))));
  CHECK(c["targets"][0]["status"] == "no_data");
  CHECK(c["targets"][0]["flags"][0] == "no_data");
  CHECK(c["plan_compliance"]["value"] == 0.0);  // the 2026 report was due on 20/11 and is missing
  CHECK_THROWS_AS(store.plan_metrics("khong-co", day("2023-12-31")), NotFound);
}

TEST_CASE("Property: a unit's roll-up equals the sums over its plans", "[metrics][property]") {
  std::mt19937 random(7);
  auto store = Store::open(test::fresh_store());
  for (int p = 0; p < 6; ++p) {
    json doc = metrics_plan();
    doc["id"] = "m" + std::to_string(p);
    doc["units"].push_back({{"code", "0000" + std::to_string(p + 2)}, {"name", "Xã " + std::to_string(p)},
                            {"level", "commune"}, {"parent", "86"}});
    doc["unit"] = "0000" + std::to_string(p + 2);
    auto plan = read_plan_json(doc.dump()).plan;
    plan.units.erase(plan.units.begin() + 1);  // only the province and this commune
    store.import_plan(plan);
    std::vector<ReportSubmission> subs;
    for (int y = 2021; y <= 2025; ++y) {
      for (const char* who : {"a", "b"}) {
        if (random() % 3 == 0) continue;
        subs.push_back({plan.id, "r1", who, period_of(PeriodType::half_year, y, 1),
                        Date{std::chrono::sys_days{on_year({1, 6}, y)} + std::chrono::days{static_cast<int>(random() % 20)}}});
      }
    }
    store.record_submissions(subs);
    std::vector<Expenditure> spent{{plan.id, day("2023-05-05"), "nsnn", "a", std::nullopt, Dong{static_cast<std::int64_t>(random() % 1'000'000)}, {}}};
    std::vector<Allocation> alloc{{plan.id, 2023, "nsnn", "a", std::nullopt, day("2023-01-01"), Dong{static_cast<std::int64_t>(1'000'000 + random() % 1'000'000)}}};
    store.record_allocations(alloc);
    store.record_expenditures(spent);
  }
  const auto u = store.unit_metrics("86", day("2025-12-31"));
  REQUIRE(u.plans.size() == 6);
  std::int64_t expected = 0, received = 0, on_time = 0, allocated = 0, spent = 0;
  for (const auto& p : u.plans) {
    const auto direct = store.plan_metrics(p.plan_id, day("2025-12-31"));
    CHECK(direct == p);
    expected += direct.reporting.expected;
    received += direct.reporting.received;
    on_time += direct.reporting.on_time;
    allocated += direct.budget.total.allocated.value();
    spent += direct.budget.total.spent.value();
  }
  CHECK(u.reports_expected == expected);
  CHECK(u.reports_received == received);
  CHECK(u.reporting_rate.value == Approx(100.0 * static_cast<double>(received) / static_cast<double>(expected)));
  CHECK(u.report_on_time_rate.numerator.value == on_time);
  CHECK(u.allocated.value() == allocated);
  CHECK(u.spent.value() == spent);
  CHECK(store.unit_metrics("00003", day("2025-12-31")).plans.size() == 1);
  CHECK_THROWS_AS(store.unit_metrics("99", day("2025-12-31")), NotFound);
}
