// Roll-ups by the units as they were on a day (issue 17, decision 0021): a
// province merged into another, a commune divided between two, a code reused
// by a larger commune; plans of 2021 and 2026 placed on 2024-12-31 and on
// 2026-12-31, each expectation computed by hand. Runs on both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>

#include "model/boundaries.hpp"
#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/scenario_register.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }
using test::scenario_register;

// A plan of `unit` (the last of `units`, each {code, name, level, parent})
// issued on `issued` for the five years from `first_year`.
Plan plan_of(const std::string& id, const std::vector<std::vector<std::string>>& units, const std::string& issued,
             int first_year) {
  auto j = test::minimal_document();
  j["id"] = id;
  const auto& own = units.back();
  j["unit"] = own[0];
  j["level"] = own[2];
  j["issue_date"] = issued;
  j.erase("issue_date_as_written");
  j["period"] = {{"start", std::to_string(first_year) + "-01-01"}, {"end", std::to_string(first_year + 4) + "-12-31"}};
  j["legal_bases"][0]["date"] = std::to_string(first_year - 1) + "-12-01";
  j["annual_funding"][0]["year"] = first_year;
  j["units"] = nlohmann::ordered_json::array();
  for (const auto& u : units) {
    nlohmann::ordered_json unit{{"code", u[0]}, {"name", u[1]}, {"level", u[2]}};
    if (!u[3].empty()) unit["parent"] = u[3];
    j["units"].push_back(unit);
  }
  for (auto& a : j["agencies"]) {
    a["unit"] = own[0];
    a["level"] = own[2];
  }
  j["targets"][0]["milestones"] = {{{"date", std::to_string(first_year + 2) + "-12-31"}, {"value", 80}},
                                   {{"date", std::to_string(first_year + 4) + "-12-31"}, {"value", 100}}};
  return read_plan_json(j.dump()).plan;
}

std::vector<std::string> ids(const UnitMetrics& m) {
  std::vector<std::string> out;
  for (const auto& p : m.plans) out.push_back(p.plan_id);
  std::sort(out.begin(), out.end());
  return out;
}

using Ids = std::vector<std::string>;

Store scenario_store() {
  auto store = Store::open(test::fresh_store());
  store.import_register(scenario_register());
  const std::vector<std::string> p80{"80", "Tỉnh Cũ", "province", ""}, d800{"800", "Huyện Đông", "district", "80"},
      p86{"86", "Tỉnh Sông", "province", ""}, d860{"860", "Huyện Tây", "district", "86"},
      n86{"86", "Tỉnh Sông Lớn", "province", ""};
  store.import_plan(plan_of("p1-tinh-cu", {p80}, "2021-03-01", 2021));
  store.import_plan(plan_of("p2-xa-hai", {p80, d800, {"08002", "Xã Hai", "commune", "800"}}, "2021-03-01", 2021));
  store.import_plan(plan_of("p3-xa-ba", {p86, d860, {"08601", "Xã Ba", "commune", "860"}}, "2021-03-01", 2021));
  store.import_plan(plan_of("p4-tinh-moi", {n86}, "2026-03-01", 2026));
  store.import_plan(plan_of("p5-xa-mot-hai", {n86, {"08001", "Xã Một Hai", "commune", "86"}}, "2026-03-01", 2026));
  return store;
}

}  // namespace

TEST_CASE("boundaries: plans of a merged province and a divided commune roll up by the units of either day", "[store][units][boundaries]") {
  auto store = scenario_store();
  const Date as_of = day("2026-12-31");
  const auto on = [&](const char* unit, const char* boundaries) {
    MetricsOptions o;
    o.boundaries = day(boundaries);
    return ids(store.unit_metrics(unit, as_of, o));
  };
  // By the units of 2024-12-31. The 2026 plan of the larger 86 was formed
  // from 80 and 86, which have no common ancestor: it counts in no unit of
  // that day. The 2026 plan of 08001 was formed from 08001 and part of
  // 08002: it is held at their district, 800, and not in the old 08001.
  CHECK(on("80", "2024-12-31") == Ids{"p1-tinh-cu", "p2-xa-hai", "p5-xa-mot-hai"});
  CHECK(on("800", "2024-12-31") == Ids{"p2-xa-hai", "p5-xa-mot-hai"});
  CHECK(on("08002", "2024-12-31") == Ids{"p2-xa-hai"});
  CHECK(on("08001", "2024-12-31") == Ids{});
  CHECK(on("86", "2024-12-31") == Ids{"p3-xa-ba"});
  CHECK(on("860", "2024-12-31") == Ids{"p3-xa-ba"});
  // By the units of 2026-12-31: 80's plan followed its merger into 86
  // exactly; 08002, divided between 08001 and 08601, is held at 86.
  CHECK(on("86", "2026-12-31") == Ids{"p1-tinh-cu", "p2-xa-hai", "p3-xa-ba", "p4-tinh-moi", "p5-xa-mot-hai"});
  CHECK(on("08001", "2026-12-31") == Ids{"p5-xa-mot-hai"});
  CHECK(on("08601", "2026-12-31") == Ids{"p3-xa-ba"});
  // A unit with no version on the day is NotFound, naming the day.
  MetricsOptions gone;
  gone.boundaries = day("2026-12-31");
  CHECK_THROWS_WITH(store.unit_metrics("80", as_of, gone), Catch::Contains("no version valid on 2026-12-31"));
  CHECK_THROWS_AS(store.unit_metrics("800", as_of, gone), NotFound);
  // As recorded (no boundaries): the tree of current rows, 80 under its successor.
  CHECK(ids(store.unit_metrics("86", as_of)).size() == 5);
  // The roll-up says which day's units it used.
  MetricsOptions o;
  o.boundaries = day("2024-12-31");
  const auto m = store.unit_metrics("80", as_of, o);
  CHECK(m.boundaries == day("2024-12-31"));
  CHECK(write_metrics_json(m).find("\"boundaries\": \"2024-12-31\"") != std::string::npos);
  CHECK(!store.unit_metrics("86", as_of).boundaries);
}

TEST_CASE("boundaries: the reporting roll-up places each plan in the unit of the day that holds it", "[store][units][boundaries]") {
  auto store = scenario_store();
  const Date as_of = day("2026-12-31");
  // On 2024-12-31, 80 holds p1 (its own), p2 (08002) and p5 (held at 800).
  // Each plan has one yearly report due by 20 November: p1 and p2 five each
  // (2021–2025), p5 one (2026); none received.
  const auto r = store.reporting_rollup("80", as_of, day("2024-12-31"));
  CHECK(r.plans == 3);
  CHECK(r.expected == 11);
  CHECK(r.received == 0);
  CHECK(r.boundaries == day("2024-12-31"));
  REQUIRE(r.units.size() == 3);
  CHECK(r.units[0].unit == "08002");
  CHECK(r.units[0].expected == 5);
  CHECK(r.units[1].unit == "80");
  CHECK(r.units[1].expected == 5);
  CHECK(r.units[2].unit == "800");
  CHECK(r.units[2].expected == 1);
  // It equals the plans' own reporting, summed.
  MetricsOptions o;
  o.boundaries = day("2024-12-31");
  CHECK(store.unit_metrics("80", as_of, o).reports_expected == r.expected);
  // On 2026-12-31 every plan is in 86: 5 + 5 + 5 + 1 + 1.
  const auto now = store.reporting_rollup("86", as_of, day("2026-12-31"));
  CHECK(now.plans == 5);
  CHECK(now.expected == 17);
  CHECK(now.expected == store.reporting_rollup("86", as_of).expected);
  CHECK_THROWS_AS(store.reporting_rollup("08002", as_of, day("2026-12-31")), NotFound);
}

TEST_CASE("boundaries: the units of a day", "[store][units][boundaries]") {
  auto store = scenario_store();
  const auto before = store.units_on(day("2024-12-31"));
  std::vector<std::string> codes;
  for (const auto& v : before) codes.push_back(v.code);
  CHECK(codes == Ids{"80", "86", "800", "860", "08001", "08002", "08601"});
  CHECK(before[1].name == "Tỉnh Sông");
  const auto after = store.units_on(day("2026-12-31"));
  REQUIRE(after.size() == 3);
  CHECK(after[0].name == "Tỉnh Sông Lớn");
  CHECK(after[1].name == "Xã Một Hai");
  CHECK_THROWS_AS(store.units_on(Date{}), InvalidArgument);
}

TEST_CASE("boundaries: a placement follows renames, abolished parents and splits, never two units", "[units][boundaries]") {
  const auto reg = scenario_register();
  const boundaries::Geography then(reg.versions, reg.successions, {}, day("2024-12-31"));
  const boundaries::Geography now(reg.versions, reg.successions, {}, day("2026-12-31"));
  using P = boundaries::Placement;
  CHECK(now.place("08002", day("2021-01-01")) == P{"86", false});   // divided: the common ancestor
  CHECK(now.place("08001", day("2021-01-01")) == P{"08001", true});  // its own code, larger
  CHECK(now.place("800", day("2021-01-01")) == P{"86", false});      // abolished: its province's successor
  CHECK(then.place("08001", day("2026-01-01")) == P{"800", false});  // formed from 08001 and part of 08002
  CHECK(then.place("86", day("2026-01-01")) == std::nullopt);        // formed from two provinces
  CHECK(then.place("99999", day("2026-01-01")) == std::nullopt);     // unknown
  // A rename with no edge is the same unit.
  const boundaries::Geography renamed(
      {UnitVersion{"01", "Tỉnh A", Level::province, std::nullopt, std::nullopt, day("2020-12-31")},
       UnitVersion{"01", "Tỉnh Á", Level::province, std::nullopt, day("2021-01-01"), std::nullopt}},
      {}, {}, day("2019-06-01"));
  CHECK(renamed.place("01", day("2022-01-01")) == P{"01", true});
}

TEST_CASE("boundaries: a span follows every version of the code valid in it", "[units][boundaries]") {
  const auto reg = scenario_register();
  const boundaries::Geography then(reg.versions, reg.successions, {}, day("2024-12-31"));
  const boundaries::Geography now(reg.versions, reg.successions, {}, day("2026-12-31"));
  using P = boundaries::Placement;
  // A month wholly before or after the reform: as a single day in it.
  CHECK(now.place("08001", day("2025-06-01"), day("2025-06-30")) == P{"08001", true});
  CHECK(then.place("08001", day("2025-07-01"), day("2025-07-31")) == P{"800", false});
  CHECK(then.place("08601", day("2025-06-01"), day("2025-06-30")) == P{"08601", true});
  // A span across the reform reaches both versions of 08001: on 2024-12-31
  // the old 08001 (exact) and, backward from the new one, 08001 and 08002's
  // district: held at district 800.
  CHECK(then.place("08001", day("2025-06-15"), day("2025-07-15")) == P{"800", false});
  // 08601 before and after: old 08601 itself, and backward from the new one
  // old 08601 (province 86) and 08002 (province 80), which share no ancestor
  // on 2024-12-31: no unit of that day holds the span.
  CHECK(then.place("08601", day("2025-06-15"), day("2025-07-15")) == std::nullopt);
  // On 2026-12-31 both versions of 08601 lead to the new 08601.
  CHECK(now.place("08601", day("2025-06-15"), day("2025-07-15")) == P{"08601", true});
  // A rename within a span is still one unit.
  const boundaries::Geography renamed(
      {UnitVersion{"01", "Tỉnh A", Level::province, std::nullopt, std::nullopt, day("2020-12-15")},
       UnitVersion{"01", "Tỉnh Á", Level::province, std::nullopt, day("2020-12-16"), std::nullopt}},
      {}, {}, day("2026-06-01"));
  CHECK(renamed.place("01", day("2020-12-01"), day("2020-12-31")) == P{"01", true});
  CHECK(renamed.place("02", day("2020-12-01"), day("2020-12-31")) == std::nullopt);
}
