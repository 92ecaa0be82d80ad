// Case indicators by the units as they were on a day (issue 17, decisions
// 0021 and 0023): a commune divided on 1 July 2025 with cases before and after
// the division, a province merged into another, a code reused by a larger
// commune; releases of 2025 by the units of 2024-12-31 and of 2026-12-31, each
// count computed by hand. Runs on both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/engine.hpp"
#include "support/scenario_register.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

const Principal officer{"off-86", Role::officer, "86", false};
const Principal commune_officer{"off-08001", Role::officer, "08001", false};
const Principal auditor{"aud-86", Role::auditor, "86", false};

// The cases of 2025, by unit and quarter (intake in the quarter's middle
// month). 08001 and 08601 before the division are the old communes, after it
// the larger ones that kept their codes; 08002 ends on 30 June.
//            Q1  Q2  Q3  Q4
//   08001     5   6   6   5
//   08002     7   5   -   -
//   08601     5   5   8   5
struct Planned {
  const char* unit;
  int per_quarter[4];
};
constexpr Planned planned[] = {{"08001", {5, 6, 6, 5}}, {"08002", {7, 5, 0, 0}}, {"08601", {5, 5, 8, 5}}};

Store scenario_store() {
  auto store = Store::open(test::fresh_store());
  store.import_register(test::scenario_register());
  for (const auto& p : planned) {
    const Principal worker{std::string("cw-") + p.unit, Role::case_worker, p.unit, false};
    std::vector<CaseRecord> cases;
    for (int q = 0; q < 4; ++q) {
      for (int i = 0; i < p.per_quarter[q]; ++i) {
        CaseRecord c;
        c.code = std::string("VL-") + p.unit + "-" + std::to_string(q + 1) + "-" + std::to_string(i);
        c.unit = p.unit;
        c.intake_date = period_of(PeriodType::month, 2025, 3 * q + 2).start;
        c.receiving_body = ReceivingBody::commune_committee;
        c.channel = IntakeChannel::in_person;
        c.violence = {ViolenceType::form_physical};
        c.survivor = Survivor{Sex::female, AgeGroup::age_25_39, false, false, false};
        c.perpetrator = Relationship::spouse;
        c.needs_help = true;
        c.consent_services = true;
        cases.push_back(std::move(c));
      }
    }
    store.record_cases(worker, cases);
  }
  return store;
}

const Date as_of = day("2026-01-31");

std::int64_t cases_of(Store& store, const Principal& p, const char* unit, const char* period, const char* boundaries) {
  const auto x = store.case_indicators(p, unit, parse_period(period), as_of, day(boundaries));
  REQUIRE(x.disclosure_controlled);
  REQUIRE(x.boundaries == day(boundaries));
  REQUIRE(x.cases.value);
  return *x.cases.value;
}

}  // namespace

TEST_CASE("case boundaries: a year's cases released by the units of the day before the reform", "[cases][boundaries]") {
  auto store = scenario_store();
  // On 2024-12-31: 08001's cases of the first half are its own; those of the
  // second half (the larger 08001, formed from 08001 and part of 08002) are
  // held at district 800. 08002's first half is its own. 08601's second half
  // (formed from 08601 and part of 08002, of two provinces then) counts in no
  // unit of that day.
  CHECK(cases_of(store, officer, "08001", "2025", "2024-12-31") == 11);
  CHECK(cases_of(store, officer, "08002", "2025", "2024-12-31") == 12);
  CHECK(cases_of(store, officer, "800", "2025", "2024-12-31") == 11 + 11 + 12);
  CHECK(cases_of(store, officer, "80", "2025", "2024-12-31") == 34);
  CHECK(cases_of(store, officer, "08601", "2025", "2024-12-31") == 10);
  CHECK(cases_of(store, officer, "860", "2025", "2024-12-31") == 10);
  CHECK(cases_of(store, officer, "86", "2025", "2024-12-31") == 10);
  // The periods of the year by the same units.
  CHECK(cases_of(store, officer, "800", "2025H1", "2024-12-31") == 11 + 12);
  CHECK(cases_of(store, officer, "800", "2025Q3", "2024-12-31") == 6);
  CHECK(cases_of(store, officer, "08001", "2025Q3", "2024-12-31") == 0);
  CHECK(cases_of(store, officer, "86", "2025H2", "2024-12-31") == 0);
}

TEST_CASE("case boundaries: the same year by today's units equals the roll-up by the tree as recorded", "[cases][boundaries]") {
  auto store = scenario_store();
  // On 2026-12-31: both halves of 08001 and of 08601 are the larger communes';
  // 08002, divided, is held at the province.
  CHECK(cases_of(store, officer, "08001", "2025", "2026-12-31") == 22);
  CHECK(cases_of(store, officer, "08601", "2025", "2026-12-31") == 23);
  CHECK(cases_of(store, officer, "86", "2025", "2026-12-31") == 22 + 23 + 12);
  auto by_day = store.case_indicators(officer, "86", parse_period("2025"), as_of, day("2026-12-31"));
  const auto recorded = store.case_indicators(officer, "86", parse_period("2025"), as_of);
  CHECK_FALSE(recorded.boundaries);
  by_day.boundaries.reset();
  CHECK(by_day == recorded);
  // Every cell is 0 or at least k, as in any release of the family.
  for (const char* unit : {"08001", "08601", "86"}) {
    const auto x = store.case_indicators(officer, unit, parse_period("2025"), as_of, day("2026-12-31"));
    for (const auto& d : x.disaggregations) {
      for (const auto& c : d.cells) {
        if (c.count.value) CHECK((*c.count.value == 0 || *c.count.value >= x.k));
      }
    }
  }
  const auto sex = by_day.find("sex");
  REQUIRE(sex);
  CHECK(sex->total.value == 57);
}

TEST_CASE("case boundaries: a commune's officer sees its own family by either day", "[cases][boundaries]") {
  auto store = scenario_store();
  // The family of 08001 is 08001's own cases (08002, divided, is not under it).
  CHECK(cases_of(store, commune_officer, "08001", "2025", "2024-12-31") == 11);
  CHECK(cases_of(store, commune_officer, "08001", "2025", "2026-12-31") == 22);
  // A case worker by boundaries gets released numbers too.
  const Principal worker{"cw-08601", Role::case_worker, "08601", false};
  CHECK(cases_of(store, worker, "08601", "2025", "2026-12-31") == 23);
  CHECK(cases_of(store, worker, "08601", "2025", "2024-12-31") == 10);
}

TEST_CASE("case boundaries: refusals name the unit, the day and the reason", "[cases][boundaries][bad-input]") {
  auto store = scenario_store();
  const auto year = parse_period("2025");
  // A unit with no version that day.
  CHECK_THROWS_AS(store.case_indicators(officer, "800", year, as_of, day("2026-12-31")), NotFound);
  CHECK_THROWS_WITH(store.case_indicators(officer, "800", year, as_of, day("2026-12-31")),
                    Catch::Contains("'800' has no version valid on 2026-12-31"));
  CHECK_THROWS_AS(store.case_indicators(officer, "99999", year, as_of, day("2024-12-31")), NotFound);
  // District 800 of 2024 reaches beyond commune 08001 today (08002 was divided).
  CHECK_THROWS_AS(store.case_indicators(commune_officer, "800", year, as_of, day("2024-12-31")), PermissionDenied);
  CHECK_THROWS_WITH(store.case_indicators(commune_officer, "800", year, as_of, day("2024-12-31")),
                    Catch::Contains("'800' as it was on 2024-12-31 is not wholly within"));
  CHECK_THROWS_AS(store.case_indicators(commune_officer, "86", year, as_of, day("2026-12-31")), PermissionDenied);
  // A year under way, as for any release; an auditor reads no indicators.
  CHECK_THROWS_AS(store.case_indicators(officer, "86", parse_period("2026"), as_of, day("2026-12-31")), PermissionDenied);
  CHECK_THROWS_AS(store.case_indicators(auditor, "86", year, as_of, day("2026-12-31")), PermissionDenied);
  // k below 1.
  CHECK_THROWS_AS(store.case_indicators(officer, "86", year, as_of, day("2026-12-31"), DisclosureOptions{0}), InvalidArgument);
}

TEST_CASE("case boundaries: a package is by the tree as recorded and carries no boundaries", "[cases][boundaries][bad-input]") {
  auto store = scenario_store();
  const std::string package = store.export_package(officer, "08001", parse_period("2025"), as_of);
  CHECK(package.find("\"boundaries\"") == std::string::npos);
  auto doc = nlohmann::json::parse(package);
  doc["indicators"]["boundaries"] = "2024-12-31";
  auto upper = Store::open(test::fresh_store());
  upper.import_register(test::scenario_register());
  CHECK_THROWS_WITH(upper.import_package(officer, doc.dump()), Catch::Contains("/indicators/boundaries"));
}

namespace {

// The packages of 2025H1 of the three old communes, exported by their own
// officers from the scenario store and imported into a fresh store above them
// by the officer of province 86.
Store package_store() {
  auto lower = scenario_store();
  auto upper = Store::open(test::fresh_store());
  upper.import_register(test::scenario_register());
  for (const char* unit : {"08001", "08002", "08601"}) {
    const Principal own{std::string("off-") + unit, Role::officer, unit, false};
    upper.import_package(officer, lower.export_package(own, unit, parse_period("2025H1"), as_of));
  }
  return upper;
}

std::int64_t packaged(Store& store, const char* unit, const char* boundaries) {
  const auto x = store.rolled_up_packages(officer, unit, parse_period("2025H1"), day(boundaries));
  REQUIRE(x.disclosure_controlled);
  REQUIRE(x.boundaries == day(boundaries));
  REQUIRE(x.cases.value);
  return *x.cases.value;
}

}  // namespace

TEST_CASE("case boundaries: imported packages rolled up by the units of a day", "[cases][boundaries]") {
  auto store = package_store();
  // 2025H1: 08001 had 5 + 6, 08002 7 + 5, 08601 5 + 5 cases.
  // On 2024-12-31 every package is its own old commune's.
  CHECK(packaged(store, "08001", "2024-12-31") == 11);
  CHECK(packaged(store, "08002", "2024-12-31") == 12);
  CHECK(packaged(store, "800", "2024-12-31") == 23);
  CHECK(packaged(store, "80", "2024-12-31") == 23);
  CHECK(packaged(store, "86", "2024-12-31") == 10);
  // On 2026-12-31 08001's and 08601's packages are the larger communes';
  // 08002's, divided, is held at the province: in no commune, never in two.
  CHECK(packaged(store, "08001", "2026-12-31") == 11);
  CHECK(packaged(store, "08601", "2026-12-31") == 10);
  CHECK(packaged(store, "86", "2026-12-31") == 33);
  // By today's units the province's roll-up equals the roll-up by the tree.
  auto by_day = store.rolled_up_packages(officer, "86", parse_period("2025H1"), day("2026-12-31"));
  const auto recorded = store.rolled_up_packages(officer, "86", parse_period("2025H1"));
  CHECK_FALSE(recorded.boundaries);
  CHECK(*recorded.cases.value == 33);
  by_day.boundaries.reset();
  CHECK(by_day == recorded);
  // Another period holds no package: nothing is known, not a count of 0.
  CHECK_FALSE(store.rolled_up_packages(officer, "86", parse_period("2025Q1"), day("2026-12-31")).cases.value);
  // The reads are audited with their day.
  const auto trail = store.audit_trail(Principal{"aud-86", Role::auditor, "86", false});
  CHECK(std::any_of(trail.begin(), trail.end(), [](const AuditEntry& e) {
    return e.detail.find("packages of unit 86") != std::string::npos && e.detail.find("boundaries=2026-12-31") != std::string::npos;
  }));
}

TEST_CASE("case boundaries: package roll-ups refuse what a roll-up of cases refuses", "[cases][boundaries][bad-input]") {
  auto store = package_store();
  const auto half = parse_period("2025H1");
  CHECK_THROWS_AS(store.rolled_up_packages(officer, "800", half, day("2026-12-31")), NotFound);
  CHECK_THROWS_WITH(store.rolled_up_packages(officer, "800", half, day("2026-12-31")),
                    Catch::Contains("'800' has no version valid on 2026-12-31"));
  CHECK_THROWS_AS(store.rolled_up_packages(commune_officer, "800", half, day("2024-12-31")), PermissionDenied);
  CHECK_THROWS_WITH(store.rolled_up_packages(commune_officer, "800", half, day("2024-12-31")),
                    Catch::Contains("packages are not the principal's to roll up"));
  CHECK_THROWS_AS(store.rolled_up_packages(auditor, "86", half, day("2026-12-31")), PermissionDenied);
  CHECK_THROWS_AS(store.rolled_up_packages(officer, "86", half, day("2026-12-31"), DisclosureOptions{0}), InvalidArgument);
}
