// The reporting roll-up read from the expected reports kept at write time
// (schema 6, decision 0010) against the plans' own reporting metrics.

#include <kehoach/kehoach.hpp>

#include "support/engine.hpp"
#include "support/temp_dir.hpp"
#include "synthetic.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace kehoach;

namespace {

// The sums of plan_metrics(…).reporting over the plans of the unit's subtree.
UnitReporting sum_of_plans(Store& store, const std::string& unit, Date as_of) {
  UnitReporting sum{unit, 0, 0, 0};
  for (const auto& m : store.unit_metrics(unit, as_of).plans) {
    sum.expected += m.reporting.expected;
    sum.received += m.reporting.received;
    sum.on_time += m.reporting.on_time;
  }
  return sum;
}

void check_all(Store& store, const bench::Generated& g, std::mt19937& rng) {
  std::vector<std::string> units = g.province_codes;
  for (int k = 0; k < 6; ++k) units.push_back(g.units[rng() % g.units.size()].code);  // communes and merged ones too
  for (int y = 2021; y <= 2026; ++y) {
    for (unsigned m : {1u, 6u, 7u, 11u, 12u}) {
      for (unsigned d : {9u, 10u, 11u, 20u, 21u}) {
        const Date as_of = bench::day(y, m, d);
        for (const auto& unit : units) {
          INFO("unit " << unit << " as of " << format_iso_date(as_of));
          const auto r = store.reporting_rollup(unit, as_of);
          const auto want = sum_of_plans(store, unit, as_of);
          CHECK(r.expected == want.expected);
          CHECK(r.received == want.received);
          CHECK(r.on_time == want.on_time);
          std::int64_t parts = 0;
          for (const auto& u : r.units) parts += u.expected;
          CHECK(parts == r.expected);
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("Property: the reporting roll-up equals the sums of the plans' own reporting metrics",
          "[metrics][property][rollup]") {
  bench::Scale scale;
  scale.provinces = 3;
  scale.communes = 12;
  scale.cases = 0;
  scale.seed = GENERATE(11u, 12u);
  auto g = bench::generate(scale);
  std::mt19937 rng(scale.seed);
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("rollup.db"));
  auto store = Store::open(path);
  store.import_units(g.units);
  // Submissions before and after their plans' import, in shuffled batches: a
  // later batch holds earlier submissions for reports already answered.
  auto subs = g.records.submissions;
  std::shuffle(subs.begin(), subs.end(), rng);
  for (auto& s : subs) {
    if (rng() % 4 == 0) s.submitted = bench::plus_days(s.submitted, -static_cast<int>(rng() % 10));
  }
  store.import_plans(std::span<const Plan>(g.plans).first(g.plans.size() / 2));
  const auto half = g.records.submissions.size() / 2;
  std::vector<ReportSubmission> early, late;
  for (const auto& s : subs) {
    const bool imported = std::any_of(g.plans.begin(), g.plans.begin() + static_cast<long>(g.plans.size() / 2),
                                      [&](const Plan& p) { return p.id == s.plan_id; });
    (imported && early.size() < half ? early : late).push_back(s);
  }
  store.record_submissions(early);
  store.import_plans(std::span<const Plan>(g.plans).subspan(g.plans.size() / 2));
  store.record_submissions(late);
  store.record_submissions(g.records.submissions);  // the same again: nothing changes but duplicates
  check_all(store, g, rng);

  SECTION("after a plan is removed") {
    // Only a plan with nothing recorded under it can be removed: one with
    // submissions is refused, and the roll-ups stay as they were.
    const auto has_submissions = [&](const std::string& id) {
      return std::any_of(g.records.submissions.begin(), g.records.submissions.end(),
                         [&](const ReportSubmission& s) { return s.plan_id == id; });
    };
    const auto with = std::find_if(g.plans.begin(), g.plans.end(), [&](const Plan& p) { return has_submissions(p.id); });
    REQUIRE(with != g.plans.end());
    CHECK_THROWS_AS(store.remove_plan(with->id), Conflict);
    const auto without = std::find_if(g.plans.begin(), g.plans.end(), [&](const Plan& p) { return !has_submissions(p.id); });
    if (without != g.plans.end()) store.remove_plan(without->id);
    check_all(store, g, rng);
  }
  SECTION("after the table is refilled on open (a store of version 5)") {
    test::tamper(path, "DELETE FROM expected_reports; DELETE FROM meta WHERE key = 'expected_reports'");
    auto reopened = Store::open(path);
    check_all(reopened, g, rng);
  }
}

TEST_CASE("The reporting roll-up refuses an unknown unit and a bad date", "[metrics][rollup]") {
  auto store = Store::open(test::fresh_store());
  store.import_units(std::vector<AdministrativeUnit>{{"86", "Vĩnh Long", Level::province, {}, {}, {}, {}}});
  CHECK_THROWS_AS(store.reporting_rollup("99", bench::day(2025, 1, 1)), NotFound);
  CHECK_THROWS_AS(store.reporting_rollup("86", Date{std::chrono::year{2025}, std::chrono::month{2}, std::chrono::day{30}}),
                  InvalidArgument);
  const auto empty = store.reporting_rollup("86", bench::day(2025, 1, 1));
  CHECK(empty.plans == 0);
  CHECK(empty.expected == 0);
  CHECK_FALSE(empty.reporting_rate.value);
}

TEST_CASE("A reporter listed twice in a duty is refused: it would be expected twice", "[metrics][rollup][bad-input]") {
  bench::Scale scale;
  scale.provinces = 1;
  scale.communes = 1;
  scale.cases = 0;
  auto plan = bench::generate(scale).plans.front();
  plan.reporting_duties[0].reporters.push_back(plan.reporting_duties[0].reporters[0]);
  const auto found = validate(plan);
  const auto it = std::find_if(found.begin(), found.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error && d.path == "/reporting_duties/0/reporters/2";
  });
  REQUIRE(it != found.end());
  CHECK(it->message.find("listed twice") != std::string::npos);
  auto store = Store::open(test::fresh_store());
  CHECK_THROWS_AS(store.import_plan(plan), ValidationError);
}

TEST_CASE("A store kept at schema 5 has no expected reports: the roll-up says so", "[metrics][rollup][sqlite]") {
  auto store = Store::open(":memory:", StoreOptions{.schema_version = 5});
  store.import_units(std::vector<AdministrativeUnit>{{"86", "Vĩnh Long", Level::province, {}, {}, {}, {}}});
  try {
    store.reporting_rollup("86", bench::day(2025, 1, 1));
    FAIL("answered without expected reports");
  } catch (const StoreError& e) {
    CHECK(std::string(e.what()).find("expected reports") != std::string::npos);
  }
}
