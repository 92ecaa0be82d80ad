// Plan revisions (issue 18, decision 0026): the Cái Nhum seed plan
// (2026–2030) amended by a document in force from 2027-05-01 that raises a
// milestone, adds a task and moves a reporting deadline. Metrics as of days
// before and after the amendment use the text in force each day; every
// expectation is computed by hand from the two texts. Runs on both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

const char* const plan_id = "cai-nhum-gbv-2026-2030";

nlohmann::ordered_json seed() {
  return nlohmann::ordered_json::parse(test::read_text(test::examples_dir() / "cai-nhum-2026.plan.json"));
}

// The amended text: tg-a-2's 2030 milestone raised from 5 to 8 models, a task
// due 2027-03-31 added, the yearly report's deadline moved from before 20/11
// to before 15/12.
nlohmann::ordered_json amended() {
  auto j = seed();
  for (auto& t : j["targets"]) {
    if (t["id"] == "tg-a-2") t["milestones"][0]["value"] = 8;
  }
  j["tasks"].push_back(nlohmann::ordered_json{
      {"id", "t-moi"}, {"section", "IV.9"}, {"title", "Khảo sát mô hình"}, {"lead", "phong-vhxh"}, {"due", "2027-03-31"}});
  for (auto& d : j["reporting_duties"]) {
    if (d["id"] == "rd-phong-nganh-hang-nam") d["deadline"]["day"] = 15, d["deadline"]["month"] = 12;
  }
  return j;
}

Plan plan_of(const nlohmann::ordered_json& j) { return read_plan_json(j.dump()).plan; }

const Amendment amendment{"15/KH-UBND", day("2027-04-20"), "Ủy ban nhân dân xã Cái Nhum", day("2027-05-01")};

const ReportStatus* late_report(const PlanMetrics& m, const std::string& duty) {
  for (const auto& r : m.reporting.late) {
    if (r.duty_id == duty) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("revisions: an amended seed plan, metrics before and after the amendment's day", "[store][revisions]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(plan_of(seed()));
  const Plan first = store.load_plan(plan_id);
  const std::string reporter = first.reporting_duties[0].reporters[0];
  // Recorded under revision 1: six models by the end of 2026, the 2026 report filed on 1 December.
  const std::vector<Observation> obs{{plan_id, "tg-a-2", day("2026-12-31"), 6, std::nullopt, std::nullopt}};
  store.record_observations(obs);
  const std::vector<ReportSubmission> sent{
      {plan_id, "rd-phong-nganh-hang-nam", reporter, Period{day("2026-01-01"), day("2026-12-31")}, day("2026-12-01")}};
  store.record_submissions(sent);

  // Never amended: one revision, the plan as imported, in force from the start of its period (no issue date).
  CHECK(store.plan_history(plan_id) == std::vector<PlanRevision>{{plan_id, 1, day("2026-01-01"), std::nullopt}});

  const PlanRevision r2 = store.amend_plan(plan_of(amended()), amendment);
  CHECK(r2 == PlanRevision{plan_id, 2, day("2027-05-01"), amendment});
  const auto history = store.plan_history(plan_id);
  REQUIRE(history.size() == 2);
  CHECK(history[0] == PlanRevision{plan_id, 1, day("2026-01-01"), std::nullopt});
  CHECK(history[1] == r2);
  // Both texts stay readable; the plan is its latest text.
  CHECK(store.plan_revision(plan_id, 1) == first);
  CHECK(store.plan_revision(plan_id, 2) == plan_of(amended()));
  CHECK(store.load_plan(plan_id) == plan_of(amended()));
  CHECK_THROWS_WITH(store.plan_revision(plan_id, 3), Catch::Contains("has no revision 3"));
  // What was recorded under revision 1 is still there.
  CHECK(store.observations(plan_id, "tg-a-2").size() == 1);
  CHECK(store.submissions(plan_id).size() == 1);

  // The diff: the milestone, the task, the deadline — nothing else.
  const PlanDiff diff = store.plan_diff(plan_id, 1, 2);
  CHECK(diff.changes == std::vector<PlanChange>{{"milestone", "tg-a-2@2030-12-31", "changed", {"value"}},
                                                {"task", "t-moi", "added", {}},
                                                {"duty", "rd-phong-nganh-hang-nam", "changed", {"deadline"}}});
  CHECK(store.plan_diff(plan_id, 2, 1).changes[1] == PlanChange{"task", "t-moi", "removed", {}});
  CHECK(store.plan_diff(plan_id, 2, 2).changes.empty());
  CHECK(write_plan_diff_json(diff).find("\"id\": \"tg-a-2@2030-12-31\"") != std::string::npos);
  CHECK(write_plan_history_json(history).find("\"number\": \"15/KH-UBND\"") != std::string::npos);

  // As of 2027-04-30, revision 1 is in force: the target is 5 models, the 6 observed meet it; no task is due;
  // the 2026 report, due before 20/11/2026, came late on 1 December.
  const PlanMetrics before = store.plan_metrics(plan_id, day("2027-04-30"));
  REQUIRE(before.target("tg-a-2"));
  CHECK(before.target("tg-a-2")->attainment == 100);  // 6 of 5, clamped
  CHECK(before.target("tg-a-2")->status == TargetStatus::achieved);
  CHECK(before.tasks.due == 0);
  REQUIRE(late_report(before, "rd-phong-nganh-hang-nam"));
  CHECK(late_report(before, "rd-phong-nganh-hang-nam")->deadline == day("2026-11-20"));

  // As of 2027-05-01, revision 2: the target is 8, 6 does not meet it; t-moi was due 2027-03-31 and is
  // overdue; the 2026 report, now due before 15/12/2026, was on time.
  const PlanMetrics after = store.plan_metrics(plan_id, day("2027-05-01"));
  REQUIRE(after.target("tg-a-2"));
  CHECK(after.target("tg-a-2")->attainment == 75);  // 6 of 8
  CHECK(after.target("tg-a-2")->status == TargetStatus::on_track);
  CHECK(after.tasks.due == 1);
  CHECK(after.tasks.overdue == 1);
  REQUIRE(after.tasks.overdue_list.size() == 1);
  CHECK(after.tasks.overdue_list[0].task_id == "t-moi");
  CHECK_FALSE(late_report(after, "rd-phong-nganh-hang-nam"));
  CHECK(after.reporting.on_time == before.reporting.on_time + 1);
  // A unit's metrics use the same texts.
  const UnitMetrics unit_before = store.unit_metrics(first.unit, day("2027-04-30"));
  REQUIRE(unit_before.plans.size() == 1);
  CHECK(unit_before.plans[0] == before);
  CHECK(store.unit_metrics(first.unit, day("2027-05-01")).plans[0] == after);

  // The same amendment of the same text again: nothing changes.
  CHECK(store.amend_plan(plan_of(amended()), amendment) == r2);
  CHECK(store.plan_history(plan_id).size() == 2);

  // A third revision, then its text in force from its day.
  auto third = amended();
  third["targets"][0]["description"] = "Tỷ lệ (sửa đổi lần 2)";
  const Amendment a3{"40/KH-UBND", day("2028-02-01"), "Ủy ban nhân dân xã Cái Nhum", std::nullopt};
  CHECK(store.amend_plan(plan_of(third), a3).revision == 3);
  CHECK(store.plan_history(plan_id).back().in_force_from == day("2028-02-01"));
  CHECK(store.plan_metrics(plan_id, day("2027-04-30")) == before);
  CHECK(store.plan_metrics(plan_id, day("2027-05-01")) == after);
  // The amendments recorded again, in order (a script run twice): nothing changes.
  CHECK(store.amend_plan(plan_of(amended()), amendment) == r2);
  CHECK(store.amend_plan(plan_of(third), a3).revision == 3);
  CHECK(store.plan_history(plan_id).size() == 3);
  CHECK(store.plan_diff(plan_id, 2, 3).changes ==
        std::vector<PlanChange>{{"target", third["targets"][0]["id"].get<std::string>(), "changed", {"description"}}});
}

TEST_CASE("revisions: bad amendments name the record and write nothing", "[store][revisions]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(plan_of(seed()));
  const std::vector<Observation> obs{{plan_id, "tg-a-2", day("2026-12-31"), 6, std::nullopt, std::nullopt}};
  store.record_observations(obs);
  const std::string exported = store.export_plan_json(plan_id);
  const auto unchanged = [&] {
    CHECK(store.plan_history(plan_id).size() == 1);
    CHECK(store.export_plan_json(plan_id) == exported);
    CHECK(store.observations(plan_id, "tg-a-2").size() == 1);
  };

  SECTION("a plan not in the store") {
    auto j = amended();
    j["id"] = "khong-co";
    CHECK_THROWS_AS(store.amend_plan(plan_of(j), amendment), NotFound);
    CHECK_FALSE(store.has_plan("khong-co"));
  }
  SECTION("another unit") {
    auto j = amended();
    j["unit"] = j["units"][0]["code"];
    CHECK_THROWS_WITH(store.amend_plan(plan_of(j), amendment), Catch::Contains("/unit") && Catch::Contains("keeps its unit"));
  }
  SECTION("a target observations refer to, dropped") {
    auto j = amended();
    auto& targets = j["targets"];
    targets.erase(std::remove_if(targets.begin(), targets.end(), [](const auto& t) { return t["id"] == "tg-a-2"; }),
                  targets.end());
    CHECK_THROWS_WITH(store.amend_plan(plan_of(j), amendment),
                      Catch::Contains("target 'tg-a-2' (observations)") && Catch::Contains(plan_id));
  }
  SECTION("the amending document is incomplete") {
    CHECK_THROWS_WITH(store.amend_plan(plan_of(amended()), Amendment{" ", day("2027-04-20"), "", std::nullopt}),
                      Catch::Contains("/amendment/number") && Catch::Contains("1 more"));
  }
  SECTION("in force before the text it amends") {
    CHECK_THROWS_WITH(store.amend_plan(plan_of(amended()), Amendment{"1/KH", day("2025-06-01"), "UBND", std::nullopt}),
                      Catch::Contains("/amendment/in_force_from") && Catch::Contains("revision 1"));
  }
  SECTION("the text unchanged, under another document") {
    CHECK_THROWS_WITH(store.amend_plan(plan_of(seed()), amendment), Catch::Contains("is unchanged"));
  }
  SECTION("a bad text") {
    auto j = amended();
    j["targets"][1]["milestones"][0]["value"] = -1;
    CHECK_THROWS_AS(store.amend_plan(plan_of(j), amendment), ValidationError);
  }
  SECTION("a number that amended the plan already") {
    store.amend_plan(plan_of(amended()), amendment);
    auto j = amended();
    j["title"] = "Kế hoạch (sửa đổi)";
    CHECK_THROWS_WITH(store.amend_plan(plan_of(j), Amendment{amendment.number, day("2027-09-01"), "UBND", std::nullopt}),
                      Catch::Contains("/amendment/number") && Catch::Contains("revision 2"));
    CHECK(store.plan_history(plan_id).size() == 2);
    return;
  }
  unchanged();
}

TEST_CASE("revisions: an import of a stored plan points to amend_plan", "[store][revisions]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(plan_of(seed()));
  CHECK_THROWS_WITH(store.import_plan(plan_of(amended())), Catch::Contains("amend_plan"));
}

TEST_CASE("revisions: a version 11 store upgrades with one revision per plan and the same metrics",
          "[store][revisions][migration]") {
  test::TempDir dir;
  const std::string where = test::fresh_store(dir.file("v11.kehoach"));
  PlanMetrics before;
  {
    auto old = Store::open(where, StoreOptions{.schema_version = 11});
    CHECK(old.schema_version() == 11);
    old.import_plan(plan_of(seed()));
    const std::vector<Observation> obs{{plan_id, "tg-a-2", day("2026-12-31"), 6, std::nullopt, std::nullopt}};
    old.record_observations(obs);
    before = old.plan_metrics(plan_id, day("2027-04-30"));
    CHECK_THROWS_AS(old.amend_plan(plan_of(amended()), amendment), VersionError);
    CHECK(old.plan_history(plan_id).size() == 1);
  }
  auto store = Store::open(where);
  CHECK(store.schema_version() == latest_schema_version());
  CHECK(store.plan_history(plan_id) == std::vector<PlanRevision>{{plan_id, 1, day("2026-01-01"), std::nullopt}});
  CHECK(store.plan_metrics(plan_id, day("2027-04-30")) == before);
  CHECK(store.amend_plan(plan_of(amended()), amendment).revision == 2);
  CHECK(store.plan_metrics(plan_id, day("2027-04-30")) == before);
  CHECK(store.check_integrity().empty());
}
