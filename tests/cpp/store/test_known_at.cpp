// Metrics as known at a time (issue 18, deliverable 2; decision 0030): with
// MetricsOptions::known_at, the observations, submissions, allocations and
// plan revisions as they stood then — a later record not counted, a later
// correction or retraction not applied. Every expectation is computed by hand
// (the same figures as test_observation_versions, test_submission_versions,
// test_allocation_versions and test_revisions). Runs on both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

Plan minimal_plan() { return read_plan_json(test::minimal_document().dump()).plan; }

// Now, UTC to the second, in the form of the records' recorded_at.
std::string now_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

// Waits until the clock shows another second, so that what is written next
// carries a later record time than anything before (the times are to the second).
void next_second() {
  const std::string start = now_utc();
  while (now_utc() == start) std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

MetricsOptions known(const std::string& at) {
  MetricsOptions o;
  o.known_at = at;
  return o;
}

Observation obs(double value) { return {"test-plan", "t-a", day("2028-12-31"), value, std::nullopt, std::nullopt}; }

ReportSubmission sent(const char* on) {
  return {"test-plan", "r1", "phong-vhxh", Period{day("2026-01-01"), day("2026-12-31")}, day(on)};
}

Allocation allocated(std::int64_t amount) {
  return {"test-plan", 2026, "nsnn", "phong-vhxh", std::string("g1"), day("2026-01-15"), Dong{amount}};
}

}  // namespace

TEST_CASE("known_at: an observation as it stood before and after its correction and retraction",
          "[store][records][corrections][known_at]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  const Date as_of = day("2029-06-30");
  const std::string before_anything = now_utc();
  next_second();
  store.record_observations(std::vector<Observation>{obs(60)});
  const std::string first = store.observation_history("test-plan", "t-a").at(0).recorded_at;
  next_second();
  store.record_observations(std::vector<Observation>{obs(85)});
  const std::string corrected = store.observation_history("test-plan", "t-a").at(1).recorded_at;
  next_second();
  store.retract_observation("test-plan", "t-a", day("2028-12-31"));
  const std::string retracted = *store.observation_history("test-plan", "t-a").at(1).replaced_at;
  REQUIRE(before_anything < first);
  REQUIRE(first < corrected);
  REQUIRE(corrected < retracted);

  const auto at = [&](const std::string& k) { return store.plan_metrics("test-plan", as_of, known(k)).targets.at(0); };
  // Before the first recording: nothing known.
  CHECK_FALSE(at(before_anything).actual);
  CHECK(at(before_anything).status == TargetStatus::no_data);
  // Hand-computed as known at the first recording: 60 misses the 2028
  // milestone (80), attainment 60 / 100 = 60%.
  CHECK(at(first).actual == 60);
  CHECK(at(first).milestones.at(0).outcome == MilestoneOutcome::missed);
  CHECK(at(first).attainment == Approx(60));
  // As known at the correction: 85 meets it, attainment 85%.
  CHECK(at(corrected).actual == 85);
  CHECK(at(corrected).milestones.at(0).outcome == MilestoneOutcome::met);
  CHECK(at(corrected).attainment == Approx(85));
  // As known at the retraction, and now: no data.
  CHECK_FALSE(at(retracted).actual);
  CHECK_FALSE(store.plan_metrics("test-plan", as_of).targets.at(0).actual);
  // The time is in the result and its JSON; without it, nothing changes.
  const auto m = store.plan_metrics("test-plan", as_of, known(first));
  CHECK(m.known_at == first);
  CHECK(write_metrics_json(m).find("\"known_at\": \"" + first + "\"") != std::string::npos);
  CHECK_FALSE(store.plan_metrics("test-plan", as_of).known_at);
  CHECK(write_metrics_json(store.plan_metrics("test-plan", as_of)).find("known_at") == std::string::npos);
  // A unit's metrics read the same way.
  const auto u = store.unit_metrics("86", as_of, known(corrected));
  CHECK(u.known_at == corrected);
  REQUIRE(u.plans.size() == 1);
  CHECK(u.plans[0].targets.at(0).actual == 85);
  CHECK(write_metrics_json(u).find("\"known_at\": \"" + corrected + "\"") != std::string::npos);
}

TEST_CASE("known_at: a submission before and after its retraction", "[store][records][corrections][known_at]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  const Date as_of = day("2027-06-30");  // one report expected: 2026's, due before 2026-11-20
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18")});
  next_second();
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-25")});
  const auto history = store.submission_history("test-plan", "r1");
  REQUIRE(history.size() == 2);
  const std::string resent = history[1].recorded_at;
  next_second();
  store.retract_submission(sent("2026-11-18"));
  const std::string retracted = now_utc();
  REQUIRE(resent < retracted);
  const auto reporting = [&](const std::string& k) { return store.plan_metrics("test-plan", as_of, known(k)).reporting; };
  // Hand-computed as known before the retraction: the first report came on
  // 18/11, before the 20th: 1 expected, 1 received, 1 on time.
  CHECK(reporting(resent).received == 1);
  CHECK(reporting(resent).on_time == 1);
  // After it, the report of 25/11 is the first: received, not on time.
  CHECK(reporting(retracted).received == 1);
  CHECK(reporting(retracted).on_time == 0);
  CHECK(store.plan_metrics("test-plan", as_of).reporting.on_time == 0);
  // Known before any submission: nothing received.
  CHECK(reporting("2000-01-01T00:00:00Z").received == 0);
  CHECK(reporting("2000-01-01T00:00:00Z").expected == 1);
}

TEST_CASE("known_at: an allocation before and after its correction", "[store][records][corrections][known_at]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  // The payment first: expenditures keep a record time from schema 16, and
  // it must be known at the allocation's time whatever second the clock shows.
  store.record_expenditures(std::vector<Expenditure>{
      {"test-plan", day("2026-05-05"), "nsnn", "phong-vhxh", std::string("g1"), Dong{12'000'000}, {}}});
  store.record_allocations(std::vector<Allocation>{allocated(40'000'000)});
  const std::string first = store.allocation_history("test-plan").at(0).recorded_at;
  next_second();
  store.record_allocations(std::vector<Allocation>{allocated(48'000'000)});
  const std::string corrected = store.allocation_history("test-plan").at(1).recorded_at;
  REQUIRE(first < corrected);
  const auto budget = [&](const std::string& k) {
    return store.plan_metrics("test-plan", day("2026-06-30"), known(k)).budget.total;
  };
  // Hand-computed: 12 of 40 million = 30% as known first; 12 of 48 = 25% after the correction.
  CHECK(budget(first).allocated == Dong{40'000'000});
  CHECK(*budget(first).execution_rate == Approx(30));
  CHECK(budget(corrected).allocated == Dong{48'000'000});
  CHECK(*budget(corrected).execution_rate == Approx(25));
  next_second();
  store.retract_allocation(allocated(0));
  const std::string retracted = now_utc();
  CHECK(budget(retracted).allocated == Dong{0});
  CHECK(budget(corrected).allocated == Dong{48'000'000});
}

TEST_CASE("known_at: an amendment recorded later is not in force as known before it", "[store][revisions][known_at]") {
  const char* const plan_id = "cai-nhum-gbv-2026-2030";
  auto seed = nlohmann::ordered_json::parse(test::read_text(test::examples_dir() / "cai-nhum-2026.plan.json"));
  auto store = Store::open(test::fresh_store());
  store.import_plan(read_plan_json(seed.dump()).plan);
  store.record_observations(
      std::vector<Observation>{{plan_id, "tg-a-2", day("2026-12-31"), 6, std::nullopt, std::nullopt}});
  // The amendment of test_revisions: tg-a-2's 2030 milestone raised from 5
  // to 8 models, a task due 2027-03-31 added; in force from 2027-05-01.
  for (auto& t : seed["targets"]) {
    if (t["id"] == "tg-a-2") t["milestones"][0]["value"] = 8;
  }
  seed["tasks"].push_back(nlohmann::ordered_json{
      {"id", "t-moi"}, {"section", "IV.9"}, {"title", "Khảo sát mô hình"}, {"lead", "phong-vhxh"}, {"due", "2027-03-31"}});
  const std::string before = now_utc();
  next_second();
  store.amend_plan(read_plan_json(seed.dump()).plan,
                   Amendment{"15/KH-UBND", day("2027-04-20"), "Ủy ban nhân dân xã Cái Nhum", day("2027-05-01")});
  const std::string after = now_utc();
  const Date as_of = day("2027-05-01");
  // Hand-computed as known before the amendment: revision 1 is in force,
  // 6 of 5 models (attainment clamped to 100), no task due.
  const auto old_text = store.plan_metrics(plan_id, as_of, known(before));
  CHECK(old_text.target("tg-a-2")->attainment == 100);
  CHECK(old_text.tasks.due == 0);
  // As known after it: revision 2, 6 of 8 = 75%, t-moi due and overdue.
  const auto new_text = store.plan_metrics(plan_id, as_of, known(after));
  CHECK(new_text.target("tg-a-2")->attainment == 75);
  CHECK(new_text.tasks.overdue == 1);
  auto now = store.plan_metrics(plan_id, as_of);
  now.known_at = after;
  CHECK(now == new_text);
  const Plan plan = store.load_plan(plan_id);
  CHECK(store.unit_metrics(plan.unit, as_of, known(before)).plans.at(0).target("tg-a-2")->attainment == 100);
}

TEST_CASE("known_at: a time not in the form of recorded_at is refused", "[store][known_at][bad-input]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  for (const char* bad : {"2026-01-01", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z",
                          "2026-01-01T00:60:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00+07:00", ""}) {
    INFO(bad);
    CHECK_THROWS_AS(store.plan_metrics("test-plan", day("2027-01-01"), known(bad)), InvalidArgument);
    CHECK_THROWS_WITH(store.unit_metrics("86", day("2027-01-01"), known(bad)), Catch::Contains("known_at"));
  }
  CHECK_NOTHROW(store.plan_metrics("test-plan", day("2027-01-01"), known("2026-01-01T23:59:59Z")));
}

TEST_CASE("known_at: a store kept below 15 refuses it; after the upgrade, rows from before count as known",
          "[store][records][known_at][migration]") {
  test::TempDir dir;
  const std::string where = test::fresh_store(dir.file("v14.kehoach"));
  {
    auto old = Store::open(where, StoreOptions{.schema_version = 14});
    old.import_plan(minimal_plan());
    // Kept at 14, the same key twice is two rows, the last counting.
    old.record_allocations(std::vector<Allocation>{allocated(40'000'000)});
    old.record_allocations(std::vector<Allocation>{allocated(45'000'000)});
    CHECK_THROWS_AS(old.plan_metrics("test-plan", day("2026-06-30"), known("2026-01-01T00:00:00Z")), VersionError);
    CHECK_THROWS_AS(old.unit_metrics("86", day("2026-06-30"), known("2026-01-01T00:00:00Z")), VersionError);
  }
  auto store = Store::open(where);
  // The rows recorded before 15 keep no time, so they count as known at any
  // time; the one the upgrade set aside counts until the upgrade, before the
  // one kept holding: as known before it, the budget is what metrics read then.
  CHECK(store.plan_metrics("test-plan", day("2026-06-30"), known("2000-01-01T00:00:00Z")).budget.total.allocated ==
        Dong{45'000'000});
  CHECK(store.plan_metrics("test-plan", day("2026-06-30"), known(now_utc())).budget.total.allocated == Dong{45'000'000});
}
