// Expenditures keyed by plan, date, source, agency, task and voucher, and by
// the amount when there is no voucher (issue 18, deliverable 2; decision
// 0032): the same payment again is a no-op, a payment with a voucher
// recorded with another amount a correction kept with the version it
// replaced, a retraction removes a payment; on both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

Plan minimal_plan() { return read_plan_json(test::minimal_document().dump()).plan; }

// A payment of 2026-03-02 by phong-vhxh from the state budget for task g1.
Expenditure paid(std::int64_t amount, std::optional<std::string> voucher = std::nullopt) {
  return {"test-plan", day("2026-03-02"), "nsnn", "phong-vhxh", std::string("g1"), Dong{amount}, std::move(voucher)};
}

const Allocation allocated{"test-plan", 2026, "nsnn", "phong-vhxh", std::string("g1"), day("2026-01-15"), Dong{40'000'000}};

std::string now_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

// Waits for the next second: what is written next has a later record time.
void next_second() {
  const std::string start = now_utc();
  while (now_utc() == start) std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

TEST_CASE("expenditures: a payment recorded again, a corrected voucher amount and retractions, with the budget",
          "[store][records][corrections]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_allocations(std::vector<Allocation>{allocated});
  // Three payments on one day: one with a voucher, two without (told apart by their amounts).
  const std::vector<Expenditure> file{paid(10'000'000, "PC-01"), paid(5'000'000), paid(3'000'000)};
  store.record_expenditures(file);
  const auto budget = [&] { return store.plan_metrics("test-plan", day("2026-12-31")).budget.total; };
  // Hand-computed: 10 + 5 + 3 = 18 of 40 million = 45%.
  CHECK(budget().spent == Dong{18'000'000});
  CHECK(*budget().execution_rate == Approx(45));
  const auto before = store.plan_metrics("test-plan", day("2026-12-31"));

  SECTION("the same file again changes nothing") {
    store.record_expenditures(file);
    RecordBatch batch;
    batch.expenditures = file;
    store.record(read_records_json(write_records_json(batch)));  // through the document too
    CHECK(store.expenditures("test-plan").size() == 3);
    CHECK(store.expenditure_history("test-plan").size() == 3);
    CHECK(store.plan_metrics("test-plan", day("2026-12-31")) == before);
  }

  SECTION("a voucher recorded with another amount is a correction; the old amount is kept") {
    store.record_expenditures(std::vector<Expenditure>{paid(14'000'000, "PC-01")});
    // Hand-computed: 14 + 5 + 3 = 22 of 40 million = 55%.
    CHECK(budget().spent == Dong{22'000'000});
    CHECK(*budget().execution_rate == Approx(55));
    const auto history = store.expenditure_history("test-plan");
    REQUIRE(history.size() == 4);
    // By key: no voucher first (amounts 3 and 5 million), then PC-01 as recorded.
    CHECK(history[0].expenditure == paid(3'000'000));
    CHECK(history[1].expenditure == paid(5'000'000));
    CHECK(history[2].expenditure == paid(10'000'000, "PC-01"));
    REQUIRE(history[2].replaced_at);
    CHECK_FALSE(history[2].retracted);
    CHECK(history[3].expenditure == paid(14'000'000, "PC-01"));
    CHECK_FALSE(history[3].replaced_at);
    CHECK(history[3].recorded_at.size() == 20);  // YYYY-MM-DDTHH:MM:SSZ
    CHECK(*history[2].replaced_at == history[3].recorded_at);
    CHECK(store.check_integrity().empty());
  }

  SECTION("without a voucher, another amount is another payment") {
    store.record_expenditures(std::vector<Expenditure>{paid(6'000'000)});
    // Hand-computed: 10 + 5 + 3 + 6 = 24 of 40 million = 60%.
    CHECK(budget().spent == Dong{24'000'000});
    CHECK(*budget().execution_rate == Approx(60));
    for (const auto& v : store.expenditure_history("test-plan")) CHECK_FALSE(v.replaced_at);
  }

  SECTION("retractions: by amount without a voucher, by voucher with one") {
    store.retract_expenditure(paid(5'000'000));
    // Hand-computed: 10 + 3 = 13 of 40 million = 32.5%.
    CHECK(budget().spent == Dong{13'000'000});
    CHECK(*budget().execution_rate == Approx(32.5));
    store.retract_expenditure(paid(0, "PC-01"));  // with a voucher the amount is not read
    // Hand-computed: 3 of 40 million = 7.5%.
    CHECK(budget().spent == Dong{3'000'000});
    CHECK(*budget().execution_rate == Approx(7.5));
    CHECK(store.expenditures("test-plan") == std::vector<Expenditure>{paid(3'000'000)});
    const auto history = store.expenditure_history("test-plan");
    REQUIRE(history.size() == 3);
    CHECK(history[1].retracted);
    CHECK(history[2].retracted);
    // What was retracted is still a record: its task cannot be amended away.
    auto j = test::minimal_document();
    j["tasks"][0]["id"] = "g2";
    j["tasks"][1]["parent"] = "g2";
    CHECK_THROWS_WITH(store.amend_plan(read_plan_json(j.dump()).plan,
                                       Amendment{"2/KH-UBND", day("2027-01-10"), "UBND xã", std::nullopt}),
                      Catch::Contains("task 'g1' (allocations, expenditures"));
    // Recorded again after the retractions, they count again.
    store.record_expenditures(file);
    CHECK(store.plan_metrics("test-plan", day("2026-12-31")) == before);
    CHECK(store.expenditure_history("test-plan").size() == 5);
  }

  SECTION("an amendment and a copy keep every version") {
    store.record_expenditures(std::vector<Expenditure>{paid(14'000'000, "PC-01")});
    store.retract_expenditure(paid(3'000'000));
    auto j = test::minimal_document();
    j["targets"][0]["milestones"][0]["value"] = 85;
    store.amend_plan(read_plan_json(j.dump()).plan, Amendment{"2/KH-UBND", day("2027-01-10"), "UBND xã", std::nullopt});
    CHECK(store.expenditure_history("test-plan").size() == 4);
    CHECK(budget().spent == Dong{19'000'000});
    test::TempDir dir;
    const auto report = store.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file("to.kehoach"));
    CHECK(report.records == 5);  // 1 allocation and 4 versions of expenditures
    auto copy = Store::open(dir.file("to.kehoach"));
    CHECK(copy.expenditure_history("test-plan") == store.expenditure_history("test-plan"));
    CHECK(copy.plan_metrics("test-plan", day("2026-12-31")) == store.plan_metrics("test-plan", day("2026-12-31")));
  }
}

TEST_CASE("expenditures: a payment as known before and after its correction and retraction",
          "[store][records][corrections][known_at]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_allocations(std::vector<Allocation>{allocated});
  store.record_expenditures(std::vector<Expenditure>{paid(10'000'000, "PC-01")});
  const std::string first = store.expenditure_history("test-plan").at(0).recorded_at;
  next_second();
  store.record_expenditures(std::vector<Expenditure>{paid(14'000'000, "PC-01")});
  const std::string corrected = store.expenditure_history("test-plan").at(1).recorded_at;
  REQUIRE(first < corrected);
  const auto spent = [&](const std::string& k) {
    MetricsOptions o;
    o.known_at = k;
    return store.plan_metrics("test-plan", day("2026-12-31"), o).budget.total.spent;
  };
  // Hand-computed: 10 million as known first, 14 after the correction, none before either.
  CHECK(spent(first) == Dong{10'000'000});
  CHECK(spent(corrected) == Dong{14'000'000});
  CHECK(spent("2000-01-01T00:00:00Z") == Dong{0});
  next_second();
  store.retract_expenditure(paid(0, "PC-01"));
  CHECK(spent(now_utc()) == Dong{0});
  CHECK(spent(corrected) == Dong{14'000'000});
}

TEST_CASE("expenditures: bad payments and corrections name the record and write nothing",
          "[store][records][corrections][bad-input]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_expenditures(std::vector<Expenditure>{paid(10'000'000, "PC-01"), paid(5'000'000)});
  const auto history = store.expenditure_history("test-plan");

  SECTION("a retraction of a payment that does not exist") {
    CHECK_THROWS_AS(store.retract_expenditure(paid(6'000'000)), NotFound);
    CHECK_THROWS_WITH(store.retract_expenditure(paid(6'000'000)),
                      Catch::Contains("payment of 2026-03-02 from 'nsnn' by 'phong-vhxh' (task 'g1') of 6000000 đồng"));
    CHECK_THROWS_WITH(store.retract_expenditure(paid(10'000'000, "PC-02")), Catch::Contains("with voucher 'PC-02'"));
    auto untasked = paid(5'000'000);
    untasked.task_id.reset();  // another payment: the task is part of the key
    CHECK_THROWS_AS(store.retract_expenditure(untasked), NotFound);
    auto empty_task = paid(5'000'000);
    empty_task.task_id = "";
    CHECK_THROWS_WITH(store.retract_expenditure(empty_task), Catch::Contains("/task_id"));
    CHECK_THROWS_WITH(store.retract_expenditure(paid(5'000'000, "")), Catch::Contains("/voucher"));
    auto other = paid(5'000'000);
    other.plan_id = "no-plan";
    CHECK_THROWS_AS(store.retract_expenditure(other), NotFound);
    CHECK_THROWS_AS(store.expenditure_history("no-plan"), NotFound);
  }
  SECTION("a retraction twice") {
    store.retract_expenditure(paid(5'000'000));
    CHECK_THROWS_AS(store.retract_expenditure(paid(5'000'000)), NotFound);
    return;  // the history changed by the first retraction
  }
  SECTION("one batch giving two equal payments without a voucher, after a good row") {
    const std::vector<Expenditure> rows{paid(1), paid(7), paid(7)};
    CHECK_THROWS_AS(store.record_expenditures(rows), ValidationError);
    CHECK_THROWS_WITH(store.record_expenditures(rows), Catch::Contains("/2: The payment of 2026-03-02") &&
                                                            Catch::Contains("give each its voucher number") &&
                                                            Catch::Contains("(also /1)"));
  }
  SECTION("one batch giving a voucher twice with different amounts") {
    const std::vector<Expenditure> rows{paid(1, "PC-09"), paid(2, "PC-09")};
    CHECK_THROWS_WITH(store.record_expenditures(rows), Catch::Contains("/1: The payment") &&
                                                            Catch::Contains("different amounts (also /0)"));
  }
  SECTION("an empty voucher number") {
    CHECK_THROWS_WITH(store.record_expenditures(std::vector<Expenditure>{paid(1, "")}), Catch::Contains("/0/voucher"));
    RecordBatch batch;
    batch.expenditures = {paid(2), paid(1, "")};
    CHECK_THROWS_WITH(store.record(batch), Catch::Contains("/expenditures/1/voucher"));
  }
  SECTION("the same voucher and amount twice in one batch is one payment") {
    store.record_expenditures(std::vector<Expenditure>{paid(4, "PC-03"), paid(4, "PC-03")});
    CHECK(store.expenditure_history("test-plan").size() == history.size() + 1);
    return;
  }
  CHECK(store.expenditure_history("test-plan") == history);
}

TEST_CASE("expenditures: a version 15 store keeps its rows, and on upgrade every payment still counts",
          "[store][records][corrections][migration]") {
  test::TempDir dir;
  const std::string where = test::fresh_store(dir.file("v15.kehoach"));
  {
    auto old = Store::open(where, StoreOptions{.schema_version = 15});
    old.import_plan(minimal_plan());
    // A store kept at 15 appends as before: the same payment twice is two rows, both counting.
    old.record_expenditures(std::vector<Expenditure>{paid(5'000'000)});
    old.record_expenditures(std::vector<Expenditure>{paid(5'000'000), paid(3'000'000)});
    CHECK(old.expenditures("test-plan").size() == 3);
    CHECK_THROWS_AS(old.retract_expenditure(paid(5'000'000)), VersionError);
    CHECK_THROWS_AS(old.expenditure_history("test-plan"), VersionError);
    CHECK_THROWS_WITH(old.record_expenditures(std::vector<Expenditure>{paid(1), paid(1, "PC-01")}),
                      Catch::Contains("/1/voucher") && Catch::Contains("schema version 16"));
    CHECK(old.plan_metrics("test-plan", day("2026-12-31")).budget.total.spent == Dong{13'000'000});
    // A copy of it keeps every payment counting, the repeated one with a voucher of its own.
    old.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file("copy.kehoach"));
    auto copy = Store::open(dir.file("copy.kehoach"));
    CHECK(copy.expenditure_history("test-plan").size() == 3);
    CHECK(copy.plan_metrics("test-plan", day("2026-12-31")) == old.plan_metrics("test-plan", day("2026-12-31")));
  }
  auto store = Store::open(where);
  CHECK(store.schema_version() == latest_schema_version());
  const auto rows = store.expenditures("test-plan");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == paid(3'000'000));
  CHECK(rows[1] == paid(5'000'000));
  REQUIRE(rows[2].voucher);
  CHECK(rows[2].voucher->rfind("kehoach-upgrade-", 0) == 0);
  CHECK(rows[2].amount == Dong{5'000'000});
  CHECK(store.expenditure_history("test-plan").at(0).recorded_at.empty());  // recorded before schema 16
  CHECK(store.plan_metrics("test-plan", day("2026-12-31")).budget.total.spent == Dong{13'000'000});
  // Keyed from now on: the same payment again is a no-op, and the repeated one can be retracted.
  store.record_expenditures(std::vector<Expenditure>{paid(5'000'000)});
  CHECK(store.expenditure_history("test-plan").size() == 3);
  store.retract_expenditure(paid(0, *rows[2].voucher));
  CHECK(store.plan_metrics("test-plan", day("2026-12-31")).budget.total.spent == Dong{8'000'000});
}
