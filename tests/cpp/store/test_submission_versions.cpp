// Report submissions keyed by plan, duty, reporter, period and day submitted
// (issue 18, deliverable 2; decision 0028): the same submission again is a
// no-op, a report sent again is kept and the first judges timeliness, a
// submission recorded by mistake is retracted; on both engines.

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

// The yearly report of duty r1 for 2026 (deadline "trước ngày 20/11/2026").
ReportSubmission sent(const char* on) {
  return {"test-plan", "r1", "phong-vhxh", Period{day("2026-01-01"), day("2026-12-31")}, day(on)};
}

}  // namespace

TEST_CASE("submissions: a report sent again, and a submission retracted, with metrics before and after",
          "[store][records][corrections]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  const Date as_of = day("2027-06-30");  // one report expected: 2026's, due before 2026-11-20
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18")});
  const auto before = store.plan_metrics("test-plan", as_of).reporting;
  // Hand-computed: 1 expected, received on 18/11 before the 20th: on time.
  CHECK(before.expected == 1);
  CHECK(before.received == 1);
  CHECK(before.on_time == 1);
  CHECK(before.on_time_rate.value == Approx(100));
  const auto rollup_before = store.reporting_rollup("86", as_of);
  CHECK(rollup_before.on_time == 1);

  SECTION("the same submission again changes nothing") {
    store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18"), sent("2026-11-18")});
    CHECK(store.submissions("test-plan") == std::vector<ReportSubmission>{sent("2026-11-18")});
    CHECK(store.submission_history("test-plan", "r1").size() == 1);
    CHECK(store.plan_metrics("test-plan", as_of).reporting == before);
  }

  SECTION("a report sent again is kept; the first still judges timeliness (METRICS.md §3)") {
    store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-25")});
    CHECK(store.submissions("test-plan").size() == 2);
    CHECK(store.plan_metrics("test-plan", as_of).reporting == before);
    CHECK(store.reporting_rollup("86", as_of) == rollup_before);

    SECTION("retracting the first: the one sent later is the first, and it was late") {
      store.retract_submission(sent("2026-11-18"));
      CHECK(store.submissions("test-plan") == std::vector<ReportSubmission>{sent("2026-11-25")});
      const auto after = store.plan_metrics("test-plan", as_of).reporting;
      // Hand-computed: received 25/11, not before 20/11: 1 received, 0 on time.
      CHECK(after.expected == 1);
      CHECK(after.received == 1);
      CHECK(after.on_time == 0);
      CHECK(after.reporting_rate.value == Approx(100));
      CHECK(after.on_time_rate.value == Approx(0));
      REQUIRE(after.late.size() == 1);
      CHECK(after.late[0].submitted == day("2026-11-25"));
      // The roll-up reads the reports kept at write time: they followed.
      const auto rollup = store.reporting_rollup("86", as_of);
      CHECK(rollup.received == 1);
      CHECK(rollup.on_time == 0);
      const auto history = store.submission_history("test-plan", "r1");
      REQUIRE(history.size() == 2);
      CHECK(history[0].submission == sent("2026-11-18"));
      REQUIRE(history[0].retracted_at);
      CHECK(history[0].recorded_at.size() == 20);  // YYYY-MM-DDTHH:MM:SSZ
      CHECK(*history[0].retracted_at >= history[0].recorded_at);
      CHECK(history[1].submission == sent("2026-11-25"));
      CHECK_FALSE(history[1].retracted_at);
      CHECK(store.check_integrity().empty());

      SECTION("and the other: nothing received, the report is missing") {
        store.retract_submission(sent("2026-11-25"));
        const auto none = store.plan_metrics("test-plan", as_of).reporting;
        CHECK(none.expected == 1);
        CHECK(none.received == 0);
        CHECK(none.missing.size() == 1);
        CHECK(store.reporting_rollup("86", as_of).received == 0);
        CHECK(store.submission_history("test-plan", "r1").size() == 2);
        // What was retracted is still a record: the plan cannot be removed, nor its duty amended away.
        CHECK_THROWS_AS(store.remove_plan("test-plan"), Conflict);
        auto j = test::minimal_document();
        j["reporting_duties"][0]["id"] = "r2";
        CHECK_THROWS_WITH(store.amend_plan(read_plan_json(j.dump()).plan,
                                           Amendment{"2/KH-UBND", day("2027-01-10"), "UBND xã", std::nullopt}),
                          Catch::Contains("duty 'r1' (submissions)"));
        // Recorded again after the retraction, it counts again.
        store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18")});
        CHECK(store.plan_metrics("test-plan", as_of).reporting == before);
        CHECK(store.submission_history("test-plan", "r1").size() == 3);
      }
    }
  }

  SECTION("an amendment keeps the retracted submissions") {
    store.retract_submission(sent("2026-11-18"));
    auto j = test::minimal_document();
    j["targets"][0]["milestones"][0]["value"] = 85;
    store.amend_plan(read_plan_json(j.dump()).plan, Amendment{"2/KH-UBND", day("2027-01-10"), "UBND xã", std::nullopt});
    const auto history = store.submission_history("test-plan", "r1");
    REQUIRE(history.size() == 1);
    CHECK(history[0].retracted_at);
    CHECK(store.plan_metrics("test-plan", as_of).reporting.received == 0);
  }
}

TEST_CASE("submissions: bad retractions name the submission and write nothing", "[store][records][corrections][bad-input]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18")});
  const auto history = store.submission_history("test-plan", "r1");

  SECTION("a submission that does not exist") {
    CHECK_THROWS_AS(store.retract_submission(sent("2026-11-19")), NotFound);
    CHECK_THROWS_WITH(store.retract_submission(sent("2026-11-19")),
                      Catch::Contains("duty 'r1'") && Catch::Contains("'phong-vhxh'") && Catch::Contains("2026-11-19"));
  }
  SECTION("an unknown duty or plan") {
    auto other = sent("2026-11-18");
    other.duty_id = "r9";
    CHECK_THROWS_WITH(store.retract_submission(other), Catch::Contains("reporting duty 'r9'"));
    CHECK_THROWS_AS(store.submission_history("test-plan", "r9"), NotFound);
    other = sent("2026-11-18");
    other.plan_id = "no-plan";
    CHECK_THROWS_AS(store.retract_submission(other), NotFound);
    CHECK_THROWS_AS(store.submission_history("no-plan", "r1"), NotFound);
  }
  SECTION("a retraction twice") {
    store.retract_submission(sent("2026-11-18"));
    CHECK_THROWS_AS(store.retract_submission(sent("2026-11-18")), NotFound);
    REQUIRE(store.submission_history("test-plan", "r1").size() == 1);
    CHECK(store.submission_history("test-plan", "r1")[0].retracted_at);
    return;  // the history changed by the first retraction
  }
  SECTION("a bad submission in a batch after a held one") {
    auto bad = sent("2026-11-19");
    bad.reporter = "no-such-agency";
    CHECK_THROWS_WITH(store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18"), sent("2026-11-25"), bad}),
                      Catch::Contains("/2/"));
  }
  CHECK(store.submission_history("test-plan", "r1") == history);
}

TEST_CASE("submissions: a version 13 store keeps its rows, and on upgrade a submission held twice is kept once",
          "[store][records][corrections][migration]") {
  test::TempDir dir;
  const std::string where = test::fresh_store(dir.file("v13.kehoach"));
  {
    auto old = Store::open(where, StoreOptions{.schema_version = 13});
    old.import_plan(minimal_plan());
    // A store kept at 13 appends as before: the same submission twice is two rows.
    old.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18"), sent("2026-11-18")});
    old.record_submissions(std::vector<ReportSubmission>{sent("2026-11-25")});
    CHECK(old.submissions("test-plan").size() == 3);
    CHECK_THROWS_AS(old.retract_submission(sent("2026-11-18")), VersionError);
    CHECK_THROWS_AS(old.submission_history("test-plan", "r1"), VersionError);
    CHECK(old.plan_metrics("test-plan", day("2027-06-30")).reporting.on_time == 1);
    // A copy of it keeps each submission once.
    old.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file("copy.kehoach"));
    auto copy = Store::open(dir.file("copy.kehoach"));
    CHECK(copy.submissions("test-plan") == std::vector<ReportSubmission>{sent("2026-11-18"), sent("2026-11-25")});
    CHECK(copy.plan_metrics("test-plan", day("2027-06-30")).reporting.on_time == 1);
  }
  auto store = Store::open(where);
  CHECK(store.schema_version() == latest_schema_version());
  CHECK(store.submissions("test-plan") == std::vector<ReportSubmission>{sent("2026-11-18"), sent("2026-11-25")});
  const auto history = store.submission_history("test-plan", "r1");
  REQUIRE(history.size() == 2);
  CHECK(history[0].recorded_at.empty());  // recorded before schema 14
  CHECK(store.plan_metrics("test-plan", day("2027-06-30")).reporting.on_time == 1);
  // The upgraded store is keyed: recording the file again is a no-op, and a retraction works.
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18"), sent("2026-11-25")});
  CHECK(store.submissions("test-plan").size() == 2);
  store.retract_submission(sent("2026-11-18"));
  CHECK(store.plan_metrics("test-plan", day("2027-06-30")).reporting.on_time == 0);
}

TEST_CASE("submissions: a copy carries retracted submissions", "[store][records][corrections][copy]") {
  test::TempDir dir;
  auto store = Store::open(test::fresh_store(dir.file("from.kehoach")));
  store.import_plan(minimal_plan());
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18"), sent("2026-11-25")});
  store.retract_submission(sent("2026-11-18"));
  const auto report = store.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file("to.kehoach"));
  CHECK(report.records == 2);
  auto copy = Store::open(dir.file("to.kehoach"));
  CHECK(copy.submission_history("test-plan", "r1") == store.submission_history("test-plan", "r1"));
  CHECK(copy.plan_metrics("test-plan", day("2027-06-30")) == store.plan_metrics("test-plan", day("2027-06-30")));
  CHECK(copy.reporting_rollup("86", day("2027-06-30")) == store.reporting_rollup("86", day("2027-06-30")));
}

TEST_CASE("submissions: a retraction names a period the duty does not ask for", "[store][records][corrections][bad-input]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18")});
  auto half = sent("2026-11-18");
  half.period = parse_period("2026H2");  // r1 is yearly: no H2 report, though it starts in 2026
  CHECK_THROWS_AS(store.retract_submission(half), ValidationError);
  CHECK_THROWS_WITH(store.retract_submission(half), Catch::Contains("/period"));
  auto stranger = sent("2026-11-18");
  stranger.reporter = "ubnd-xa";  // the recipient, not a reporter
  CHECK_THROWS_WITH(store.retract_submission(stranger), Catch::Contains("/reporter"));
  CHECK(store.submissions("test-plan").size() == 1);
}

TEST_CASE("submissions: one held is retracted though an amendment took its reporter off the duty",
          "[store][records][corrections]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_submissions(std::vector<ReportSubmission>{sent("2026-11-18")});
  auto j = test::minimal_document();
  j["reporting_duties"][0]["reporters"] = nlohmann::ordered_json::array({"ubnd-xa"});  // phong-vhxh stays in the plan
  store.amend_plan(read_plan_json(j.dump()).plan, Amendment{"2/KH-UBND", day("2027-01-10"), "UBND xã", std::nullopt});
  REQUIRE(store.submissions("test-plan").size() == 1);
  store.retract_submission(sent("2026-11-18"));
  CHECK(store.submissions("test-plan").empty());
  // Now nothing holds, and the key is one no report under today's duty has.
  CHECK_THROWS_WITH(store.retract_submission(sent("2026-11-18")), Catch::Contains("/reporter"));
}
