// Allocations keyed by plan, year, source, agency, task and the day of the
// revision (issue 18, deliverable 2; decision 0029): the same row again is a
// no-op, another amount a correction kept with the version it replaced, a
// retraction puts the earlier revision back in force; on both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <optional>
#include <string>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

Plan minimal_plan() { return read_plan_json(test::minimal_document().dump()).plan; }

// 2026's state budget for phong-vhxh, task g1, dated `on`.
Allocation allocated(const char* on, std::int64_t amount) {
  return {"test-plan", 2026, "nsnn", "phong-vhxh", std::string("g1"), day(on), Dong{amount}};
}

const Expenditure spent{"test-plan", day("2026-05-05"), "nsnn", "phong-vhxh", std::string("g1"), Dong{12'000'000}, {}};

}  // namespace

TEST_CASE("allocations: a corrected amount and a retraction, with the budget before and after",
          "[store][records][corrections]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  // The original allocation, and a revision in July.
  store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 40'000'000), allocated("2026-07-01", 60'000'000)});
  store.record_expenditures(std::vector<Expenditure>{spent});
  const auto budget = [&](const char* as_of) { return store.plan_metrics("test-plan", day(as_of)).budget.total; };
  // Hand-computed: as of 30/06 the January allocation is in force, 12 of 40
  // million spent = 30%; as of 31/12 the July revision, 12 of 60 = 20%.
  CHECK(budget("2026-06-30").allocated == Dong{40'000'000});
  CHECK(*budget("2026-06-30").execution_rate == Approx(30));
  CHECK(*budget("2026-12-31").execution_rate == Approx(20));
  const auto before = store.plan_metrics("test-plan", day("2026-12-31"));

  SECTION("the same rows again change nothing") {
    store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 40'000'000), allocated("2026-07-01", 60'000'000)});
    CHECK(store.allocations("test-plan").size() == 2);
    CHECK(store.allocation_history("test-plan").size() == 2);
    CHECK(store.plan_metrics("test-plan", day("2026-12-31")) == before);
  }

  SECTION("another amount for a revision is a correction; the old amount is kept") {
    store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 48'000'000)});
    CHECK(store.allocations("test-plan") ==
          std::vector<Allocation>{allocated("2026-01-15", 48'000'000), allocated("2026-07-01", 60'000'000)});
    // Hand-computed after: 12 of 48 million = 25% as of 30/06; 31/12 unchanged (the July revision).
    CHECK(budget("2026-06-30").allocated == Dong{48'000'000});
    CHECK(*budget("2026-06-30").execution_rate == Approx(25));
    CHECK(*budget("2026-12-31").execution_rate == Approx(20));
    const auto history = store.allocation_history("test-plan");
    REQUIRE(history.size() == 3);
    CHECK(history[0].allocation == allocated("2026-01-15", 40'000'000));
    REQUIRE(history[0].replaced_at);
    CHECK_FALSE(history[0].retracted);
    CHECK(history[1].allocation == allocated("2026-01-15", 48'000'000));
    CHECK_FALSE(history[1].replaced_at);
    CHECK(history[1].recorded_at.size() == 20);  // YYYY-MM-DDTHH:MM:SSZ
    CHECK(*history[0].replaced_at == history[1].recorded_at);
    CHECK(history[2].allocation == allocated("2026-07-01", 60'000'000));
    CHECK(store.check_integrity().empty());
  }

  SECTION("a retraction of the July revision puts the January allocation back in force") {
    store.retract_allocation(allocated("2026-07-01", 0));  // the amount is not read
    CHECK(store.allocations("test-plan") == std::vector<Allocation>{allocated("2026-01-15", 40'000'000)});
    // Hand-computed: as of 31/12, 12 of 40 million = 30%.
    CHECK(budget("2026-12-31").allocated == Dong{40'000'000});
    CHECK(*budget("2026-12-31").execution_rate == Approx(30));
    const auto history = store.allocation_history("test-plan");
    REQUIRE(history.size() == 2);
    CHECK(history[1].retracted);
    CHECK(history[1].replaced_at);
    // Retract the other: nothing allocated, no rate.
    store.retract_allocation(allocated("2026-01-15", 0));
    CHECK(budget("2026-12-31").allocated == Dong{0});
    CHECK_FALSE(budget("2026-12-31").execution_rate);
    // What was retracted is still a record: its task cannot be amended away.
    auto j = test::minimal_document();
    j["tasks"][0]["id"] = "g2";
    j["tasks"][1]["parent"] = "g2";
    CHECK_THROWS_WITH(store.amend_plan(read_plan_json(j.dump()).plan,
                                       Amendment{"2/KH-UBND", day("2027-01-10"), "UBND xã", std::nullopt}),
                      Catch::Contains("task 'g1' (allocations"));
    // Recorded again after the retraction, it counts again.
    store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 40'000'000), allocated("2026-07-01", 60'000'000)});
    CHECK(store.plan_metrics("test-plan", day("2026-12-31")) == before);
    CHECK(store.allocation_history("test-plan").size() == 4);
  }

  SECTION("an amendment keeps every version") {
    store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 48'000'000)});
    store.retract_allocation(allocated("2026-07-01", 0));
    auto j = test::minimal_document();
    j["targets"][0]["milestones"][0]["value"] = 85;
    store.amend_plan(read_plan_json(j.dump()).plan, Amendment{"2/KH-UBND", day("2027-01-10"), "UBND xã", std::nullopt});
    CHECK(store.allocation_history("test-plan").size() == 3);
    CHECK(budget("2026-12-31").allocated == Dong{48'000'000});
  }
}

TEST_CASE("allocations: bad corrections name the record and write nothing", "[store][records][corrections][bad-input]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 40'000'000)});
  const auto history = store.allocation_history("test-plan");

  SECTION("a retraction of an allocation that does not exist") {
    CHECK_THROWS_AS(store.retract_allocation(allocated("2026-02-01", 0)), NotFound);
    CHECK_THROWS_WITH(store.retract_allocation(allocated("2026-02-01", 0)),
                      Catch::Contains("2026 from 'nsnn' to 'phong-vhxh' (task 'g1') dated 2026-02-01"));
    auto untasked = allocated("2026-01-15", 0);
    untasked.task_id.reset();  // another slice: the task is part of the key
    CHECK_THROWS_AS(store.retract_allocation(untasked), NotFound);
    auto empty_task = allocated("2026-01-15", 0);
    empty_task.task_id = "";  // not "no task": named, on both engines alike
    CHECK_THROWS_WITH(store.retract_allocation(empty_task), Catch::Contains("/task_id"));
    auto other = allocated("2026-01-15", 0);
    other.plan_id = "no-plan";
    CHECK_THROWS_AS(store.retract_allocation(other), NotFound);
    CHECK_THROWS_AS(store.allocation_history("no-plan"), NotFound);
  }
  SECTION("a retraction twice") {
    store.retract_allocation(allocated("2026-01-15", 0));
    CHECK_THROWS_AS(store.retract_allocation(allocated("2026-01-15", 0)), NotFound);
    REQUIRE(store.allocation_history("test-plan").size() == 1);
    CHECK(store.allocation_history("test-plan")[0].retracted);
    return;  // the history changed by the first retraction
  }
  SECTION("one batch giving a key twice with different amounts, after a good row") {
    const std::vector<Allocation> rows{allocated("2026-03-01", 1), allocated("2026-04-01", 5), allocated("2026-04-01", 6)};
    CHECK_THROWS_AS(store.record_allocations(rows), ValidationError);
    CHECK_THROWS_WITH(store.record_allocations(rows), Catch::Contains("/2: The allocation of 2026") &&
                                                          Catch::Contains("different amounts (also /1)"));
  }
  SECTION("one batch giving the stored amount and then another") {
    const std::vector<Allocation> rows{allocated("2026-01-15", 40'000'000), allocated("2026-01-15", 41'000'000)};
    CHECK_THROWS_WITH(store.record_allocations(rows), Catch::Contains("also /0"));
  }
  SECTION("a correction to a bad year") {
    auto bad = allocated("2026-01-15", 5);
    bad.year = 2031;
    CHECK_THROWS_WITH(store.record_allocations(std::vector<Allocation>{bad}), Catch::Contains("/0/year"));
  }
  CHECK(store.allocation_history("test-plan") == history);
}

TEST_CASE("allocations: a version 14 store keeps its rows, and on upgrade the last of a key holds",
          "[store][records][corrections][migration]") {
  test::TempDir dir;
  const std::string where = test::fresh_store(dir.file("v14.kehoach"));
  {
    auto old = Store::open(where, StoreOptions{.schema_version = 14});
    old.import_plan(minimal_plan());
    // A store kept at 14 appends as before: the same key twice is two rows, the last counting.
    old.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 40'000'000)});
    old.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 45'000'000), allocated("2026-07-01", 60'000'000)});
    CHECK(old.allocations("test-plan").size() == 3);
    CHECK_THROWS_AS(old.retract_allocation(allocated("2026-01-15", 0)), VersionError);
    CHECK_THROWS_AS(old.allocation_history("test-plan"), VersionError);
    CHECK(old.plan_metrics("test-plan", day("2026-06-30")).budget.total.allocated == Dong{45'000'000});
    // A copy of it holds the last recorded row of each key, every row kept.
    old.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file("copy.kehoach"));
    auto copy = Store::open(dir.file("copy.kehoach"));
    CHECK(copy.allocations("test-plan") ==
          std::vector<Allocation>{allocated("2026-01-15", 45'000'000), allocated("2026-07-01", 60'000'000)});
    CHECK(copy.allocation_history("test-plan").size() == 3);
    CHECK(copy.plan_metrics("test-plan", day("2026-06-30")) == old.plan_metrics("test-plan", day("2026-06-30")));
  }
  auto store = Store::open(where);
  CHECK(store.schema_version() == latest_schema_version());
  CHECK(store.allocations("test-plan") ==
        std::vector<Allocation>{allocated("2026-01-15", 45'000'000), allocated("2026-07-01", 60'000'000)});
  const auto history = store.allocation_history("test-plan");
  REQUIRE(history.size() == 3);
  CHECK(history[0].allocation == allocated("2026-01-15", 40'000'000));
  CHECK(history[0].replaced_at);
  CHECK(history[0].recorded_at.empty());  // recorded before schema 15
  CHECK(store.plan_metrics("test-plan", day("2026-06-30")).budget.total.allocated == Dong{45'000'000});
  // Keyed from now on: the same rows again are a no-op.
  store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 45'000'000)});
  CHECK(store.allocation_history("test-plan").size() == 3);
}

TEST_CASE("allocations: a copy carries every version", "[store][records][corrections][copy]") {
  test::TempDir dir;
  auto store = Store::open(test::fresh_store(dir.file("from.kehoach")));
  store.import_plan(minimal_plan());
  store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 40'000'000), allocated("2026-07-01", 60'000'000)});
  store.record_allocations(std::vector<Allocation>{allocated("2026-01-15", 48'000'000)});
  store.retract_allocation(allocated("2026-07-01", 0));
  const auto report = store.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file("to.kehoach"));
  CHECK(report.records == 3);
  auto copy = Store::open(dir.file("to.kehoach"));
  CHECK(copy.allocation_history("test-plan") == store.allocation_history("test-plan"));
  CHECK(copy.plan_metrics("test-plan", day("2026-12-31")) == store.plan_metrics("test-plan", day("2026-12-31")));
}
