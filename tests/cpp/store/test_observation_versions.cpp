// Observations keyed by plan, target and date (issue 18, deliverable 2;
// decision 0027): the same row again is a no-op, another value a correction
// kept with the version it replaced, a retraction; on both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <string>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

Plan minimal_plan() { return read_plan_json(test::minimal_document().dump()).plan; }

Observation obs(const char* date, double value) { return {"test-plan", "t-a", day(date), value, std::nullopt, std::nullopt}; }

const TargetProgress& target_a(const PlanMetrics& m) {
  REQUIRE(m.targets.size() == 1);
  return m.targets.front();
}

}  // namespace

TEST_CASE("observations: a corrected value, with metrics before and after the correction", "[store][records][corrections]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  // t-a: at least 80% by 2028-12-31 and 100% by 2030-12-31, no baseline.
  store.record_observations(std::vector<Observation>{obs("2028-12-31", 60)});
  const auto before = store.plan_metrics("test-plan", day("2029-06-30"));
  // Hand-computed: the 2028 milestone (80) is missed by 60, and attainment
  // against the final 100 is 60 / 100 = 60%.
  CHECK(target_a(before).actual == 60);
  REQUIRE(target_a(before).milestones.size() == 1);  // the milestones due by the as-of day
  CHECK(target_a(before).milestones[0].date == day("2028-12-31"));
  CHECK(target_a(before).milestones[0].outcome == MilestoneOutcome::missed);
  CHECK(target_a(before).attainment == Approx(60));

  SECTION("the same row again changes nothing") {
    store.record_observations(std::vector<Observation>{obs("2028-12-31", 60)});
    CHECK(store.observation_count() == 1);
    CHECK(store.observation_history("test-plan", "t-a").size() == 1);
    CHECK(store.plan_metrics("test-plan", day("2029-06-30")) == before);
  }

  SECTION("another value is a correction: the new value counts, the old one is kept") {
    store.record_observations(std::vector<Observation>{obs("2028-12-31", 85)});
    CHECK(store.observation_count() == 1);
    CHECK(store.observations("test-plan", "t-a") == std::vector<Observation>{obs("2028-12-31", 85)});
    const auto history = store.observation_history("test-plan", "t-a");
    REQUIRE(history.size() == 2);
    CHECK(history[0].observation == obs("2028-12-31", 60));
    REQUIRE(history[0].replaced_at);
    CHECK_FALSE(history[0].retracted);
    CHECK(history[1].observation == obs("2028-12-31", 85));
    CHECK_FALSE(history[1].replaced_at);
    CHECK(history[0].recorded_at.size() == 20);  // YYYY-MM-DDTHH:MM:SSZ
    CHECK(*history[0].replaced_at == history[1].recorded_at);
    // Hand-computed after: 85 meets the 2028 milestone; attainment 85%.
    const auto after = store.plan_metrics("test-plan", day("2029-06-30"));
    CHECK(target_a(after).actual == 85);
    CHECK(target_a(after).milestones[0].outcome == MilestoneOutcome::met);
    CHECK(target_a(after).attainment == Approx(85));
    // As of a day before the observation's date, neither version counts.
    CHECK_FALSE(target_a(store.plan_metrics("test-plan", day("2028-06-30"))).actual);
    // The corrected file recorded again is a no-op.
    store.record_observations(std::vector<Observation>{obs("2028-12-31", 85)});
    CHECK(store.observation_history("test-plan", "t-a").size() == 2);
    CHECK(store.check_integrity().empty());
  }

  SECTION("a retraction: nothing counts, the history keeps it") {
    store.retract_observation("test-plan", "t-a", day("2028-12-31"));
    CHECK(store.observation_count() == 0);
    CHECK(store.observations("test-plan", "t-a").empty());
    const auto history = store.observation_history("test-plan", "t-a");
    REQUIRE(history.size() == 1);
    CHECK(history[0].retracted);
    CHECK(history[0].replaced_at);
    const auto after = store.plan_metrics("test-plan", day("2029-06-30"));
    CHECK_FALSE(target_a(after).actual);
    CHECK(target_a(after).milestones[0].outcome == MilestoneOutcome::no_data);
    // What was retracted is still a record: the plan cannot be removed, nor its target amended away.
    CHECK_THROWS_AS(store.remove_plan("test-plan"), Conflict);
    auto j = test::minimal_document();
    j["targets"][0]["id"] = "t-b";
    CHECK_THROWS_WITH(store.amend_plan(read_plan_json(j.dump()).plan,
                                       Amendment{"2/KH-UBND", day("2029-01-10"), "UBND xã", std::nullopt}),
                      Catch::Contains("target 't-a' (observations)"));
    // Recorded again after the retraction, it counts again.
    store.record_observations(std::vector<Observation>{obs("2028-12-31", 60)});
    CHECK(store.plan_metrics("test-plan", day("2029-06-30")) == before);
    CHECK(store.observation_history("test-plan", "t-a").size() == 2);
  }
}

TEST_CASE("observations: bad corrections name the record and write nothing", "[store][records][corrections][bad-input]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_observations(std::vector<Observation>{obs("2028-12-31", 60)});
  const auto history = store.observation_history("test-plan", "t-a");

  SECTION("a retraction of an observation that does not exist") {
    CHECK_THROWS_AS(store.retract_observation("test-plan", "t-a", day("2027-12-31")), NotFound);
    CHECK_THROWS_WITH(store.retract_observation("test-plan", "t-a", day("2027-12-31")),
                      Catch::Contains("target 't-a'") && Catch::Contains("2027-12-31"));
    CHECK_THROWS_AS(store.retract_observation("test-plan", "t-z", day("2028-12-31")), NotFound);
    CHECK_THROWS_AS(store.retract_observation("no-plan", "t-a", day("2028-12-31")), NotFound);
    CHECK_THROWS_AS(store.observation_history("test-plan", "t-z"), NotFound);
  }
  SECTION("a retraction twice") {
    store.retract_observation("test-plan", "t-a", day("2028-12-31"));
    CHECK_THROWS_AS(store.retract_observation("test-plan", "t-a", day("2028-12-31")), NotFound);
    CHECK(store.observation_history("test-plan", "t-a").size() == 1);
    CHECK(store.observation_history("test-plan", "t-a")[0].retracted);
    return;  // the history changed by the first retraction
  }
  SECTION("one batch giving a key twice with different values, after good rows") {
    const std::vector<Observation> rows{obs("2027-12-31", 40), obs("2028-12-31", 70), obs("2028-12-31", 75)};
    CHECK_THROWS_AS(store.record_observations(rows), ValidationError);
    CHECK_THROWS_WITH(store.record_observations(rows), Catch::Contains("/2: target 't-a' on 2028-12-31") &&
                                                           Catch::Contains("also /1"));
  }
  SECTION("one batch giving the stored value and then another") {
    const std::vector<Observation> rows{obs("2028-12-31", 60), obs("2028-12-31", 70)};
    CHECK_THROWS_WITH(store.record_observations(rows), Catch::Contains("/1: target 't-a' on 2028-12-31") &&
                                                           Catch::Contains("also /0"));
  }
  SECTION("a correction with a bad value") {
    CHECK_THROWS_WITH(store.record_observations(std::vector<Observation>{obs("2028-12-31", 101)}),
                      Catch::Contains("/0/value"));
  }
  CHECK(store.observation_history("test-plan", "t-a") == history);
}

TEST_CASE("observations: a version 12 store keeps its rows, and on upgrade the last of a key holds",
          "[store][records][corrections][migration]") {
  test::TempDir dir;
  const std::string where = test::fresh_store(dir.file("v12.kehoach"));
  {
    auto old = Store::open(where, StoreOptions{.schema_version = 12});
    old.import_plan(minimal_plan());
    // A store kept at 12 appends as before: the same key twice is two rows.
    old.record_observations(std::vector<Observation>{obs("2028-12-31", 60), obs("2028-12-31", 60)});
    old.record_observations(std::vector<Observation>{obs("2028-12-31", 70), obs("2030-12-31", 90)});
    CHECK(old.observation_count() == 4);
    CHECK_THROWS_AS(old.retract_observation("test-plan", "t-a", day("2028-12-31")), VersionError);
    CHECK_THROWS_AS(old.observation_history("test-plan", "t-a"), VersionError);
    // The last recorded of a date is the one metrics read.
    CHECK(target_a(old.plan_metrics("test-plan", day("2029-06-30"))).actual == 70);
    // A copy of it holds the last recorded row of each date, every row kept.
    old.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file("copy.kehoach"));
    auto copy = Store::open(dir.file("copy.kehoach"));
    CHECK(copy.observations("test-plan", "t-a") == std::vector<Observation>{obs("2028-12-31", 70), obs("2030-12-31", 90)});
    CHECK(copy.observation_history("test-plan", "t-a").size() == 4);
  }
  auto store = Store::open(where);
  CHECK(store.schema_version() == latest_schema_version());
  CHECK(store.observation_count() == 2);
  CHECK(store.observations("test-plan", "t-a") == std::vector<Observation>{obs("2028-12-31", 70), obs("2030-12-31", 90)});
  const auto history = store.observation_history("test-plan", "t-a");
  REQUIRE(history.size() == 4);
  for (const auto& v : history) CHECK(v.recorded_at.empty());  // rows from before schema 13 kept no time
  CHECK(history[0].replaced_at);
  CHECK(history[1].replaced_at);
  CHECK_FALSE(history[2].replaced_at);
  CHECK(target_a(store.plan_metrics("test-plan", day("2029-06-30"))).actual == 70);
  store.record_observations(std::vector<Observation>{obs("2028-12-31", 70)});  // the value held: a no-op
  CHECK(store.observation_history("test-plan", "t-a").size() == 4);
  CHECK(store.check_integrity().empty());
}
