// The case life cycle (issue 18, deliverable 3): list a unit's cases a page at
// a time, update against the version read, close and reopen — each checked,
// audited and leaving the store as it was when refused. Runs on both engines.

#include <kehoach/kehoach.hpp>

#include "support/engine.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

const std::vector<AdministrativeUnit> units = {
    {"86", "Vĩnh Long", Level::province, {}, {}, {}, {}},
    {"00001", "Xã Một", Level::commune, "86", {}, {}, {}},
    {"00002", "Xã Hai", Level::commune, "86", {}, {}, {}},
};

const Principal province_worker{"cw-p", Role::case_worker, "86", false};
const Principal worker_1{"cw-1", Role::case_worker, "00001", false};
const Principal worker_2{"cw-2", Role::case_worker, "00002", false};
const Principal officer{"off-p", Role::officer, "86", false};
const Principal auditor{"aud-p", Role::auditor, "86", false};

CaseRecord make_case(std::string code, std::string unit, const char* intake) {
  CaseRecord c;
  c.code = std::move(code);
  c.unit = std::move(unit);
  c.intake_date = day(intake);
  c.violence = {ViolenceType::form_physical};
  c.survivor = Survivor{Sex::female, AgeGroup::age_25_39, false, false, false};
  c.perpetrator = Relationship::spouse;
  c.needs_help = true;
  c.consent_services = true;
  return c;
}

// Five cases: by intake date, unit and code they list VL-5, VL-1, VL-2, VL-3, VL-4.
Store life_cycle_store() {
  auto store = Store::open(test::fresh_store());
  store.import_units(units);
  store.record_cases(province_worker, std::vector<CaseRecord>{
                                          make_case("VL-1", "00001", "2025-03-02"),
                                          make_case("VL-2", "00001", "2025-04-10"),
                                          make_case("VL-3", "00002", "2025-04-10"),
                                          make_case("VL-4", "00002", "2025-07-01"),
                                          make_case("VL-5", "00001", "2024-12-20"),
                                      });
  return store;
}

std::vector<std::string> codes(const CasePage& page) {
  std::vector<std::string> out;
  for (const auto& c : page.cases) out.push_back(c.code);
  return out;
}

std::vector<std::string> actions(Store& store) {
  std::vector<std::string> out;
  for (const auto& e : store.audit_trail(auditor)) out.push_back(e.action);
  return out;
}

}  // namespace

TEST_CASE("case life cycle: a unit's cases are listed a page at a time, in order of intake, unit and code",
          "[cases][life_cycle]") {
  auto store = life_cycle_store();
  CaseQuery q;
  q.limit = 2;
  const CasePage first = store.list_cases(province_worker, "86", q);
  CHECK(codes(first) == std::vector<std::string>{"VL-5", "VL-1"});
  REQUIRE_FALSE(first.next.empty());
  CHECK(first.cases[0].unit == "00001");
  CHECK(first.cases[0].intake_date == day("2024-12-20"));
  CHECK(first.cases[0].status == CaseStatus::open);
  CHECK_FALSE(first.cases[0].closed_on);
  q.after = first.next;
  const CasePage second = store.list_cases(province_worker, "86", q);
  CHECK(codes(second) == std::vector<std::string>{"VL-2", "VL-3"});  // the same day: by unit
  q.after = second.next;
  const CasePage last = store.list_cases(province_worker, "86", q);
  CHECK(codes(last) == std::vector<std::string>{"VL-4"});
  CHECK(last.next.empty());

  // Filters: intake in 2025, open cases; a commune's worker lists its own.
  CaseQuery in_2025;
  in_2025.intake = period_of(PeriodType::year, 2025, 1);
  CHECK(codes(store.list_cases(province_worker, "86", in_2025)) ==
        std::vector<std::string>{"VL-1", "VL-2", "VL-3", "VL-4"});
  CHECK(codes(store.list_cases(worker_1, "00001")) == std::vector<std::string>{"VL-5", "VL-1", "VL-2"});
  CHECK(codes(store.list_cases(province_worker, "00002")) == std::vector<std::string>{"VL-3", "VL-4"});
  store.close_case(province_worker, "00001", "VL-2", day("2025-06-01"));
  CaseQuery open;
  open.status = CaseStatus::open;
  CHECK(codes(store.list_cases(province_worker, "86", open)) == std::vector<std::string>{"VL-5", "VL-1", "VL-3", "VL-4"});
  CaseQuery closed;
  closed.status = CaseStatus::closed;
  const CasePage closed_page = store.list_cases(province_worker, "86", closed);
  REQUIRE(codes(closed_page) == std::vector<std::string>{"VL-2"});
  CHECK(closed_page.cases[0].closed_on == day("2025-06-01"));
  const auto json = nlohmann::json::parse(write_case_page_json(closed_page));
  CHECK(json["cases"][0]["code"] == "VL-2");
  CHECK(json["cases"][0]["status"] == "closed");
  CHECK(json["cases"][0]["closed_on"] == "2025-06-01");
  CHECK_FALSE(json["cases"][0].contains("version"));  // no fingerprint of the case (decision 0025)
  CHECK(json["next"].is_null());
}

TEST_CASE("case life cycle: a listing is audited with the cases it showed; bad queries and other units are refused",
          "[cases][life_cycle]") {
  auto store = life_cycle_store();
  CaseQuery q;
  q.limit = 2;
  store.list_cases(province_worker, "86", q);
  const auto trail = store.audit_trail(auditor);
  const auto listed = std::find_if(trail.rbegin(), trail.rend(), [](const AuditEntry& e) { return e.action == "case.list"; });
  REQUIRE(listed != trail.rend());
  CHECK(listed->principal == "cw-p");
  CHECK(listed->detail == "list of unit 86: 00001:VL-5,00001:VL-1");

  const auto denied = [&] {
    const auto all = actions(store);
    return std::count(all.begin(), all.end(), "access.denied");
  };
  const auto before = denied();
  CHECK_THROWS_AS(store.list_cases(worker_1, "86"), PermissionDenied);
  CHECK_THROWS_AS(store.list_cases(officer, "86"), PermissionDenied);
  CHECK(denied() == before + 2);  // each refusal leaves an access.denied entry
  CaseQuery none;
  none.limit = 0;
  CHECK_THROWS_WITH(store.list_cases(province_worker, "86", none), Catch::Contains("/limit"));
  CaseQuery too_many;
  too_many.limit = 1001;
  CHECK_THROWS_AS(store.list_cases(province_worker, "86", too_many), InvalidArgument);
  for (const char* cursor : {"garbage", "2025-13-01:00001:VL-1", "2025-03-02::VL-1", "2025-03-02:00001:", "2025-03-02:00001:VL-1:x"}) {
    CaseQuery bad;
    bad.after = cursor;
    INFO(cursor);
    CHECK_THROWS_WITH(store.list_cases(province_worker, "86", bad), Catch::Contains("/after"));
  }
}

TEST_CASE("case life cycle: update, close and reopen against the version read; a stale change writes nothing",
          "[cases][life_cycle]") {
  auto store = life_cycle_store();
  const Period year = period_of(PeriodType::year, 2025, 1);
  const Date as_of = day("2025-12-31");
  // 00001 in 2025: VL-1 and VL-2, both needing help, neither served.
  const CaseIndicators before = store.case_indicators(province_worker, "00001", year, as_of);
  CHECK(before.cases.value == 2);
  CHECK(before.cases_with_service.value == 0);

  CaseRecord a = store.load_case(province_worker, "VL-1");
  const std::string read = case_version(a);
  CHECK(read.size() == 64);
  a.services.push_back(Service{ServiceType::medical, "tram-y-te", day("2025-03-05"), ServiceOutcome::provided});
  const std::string updated = store.update_case(province_worker, a, read);
  CHECK(updated != read);
  CHECK(updated == case_version(store.load_case(province_worker, "VL-1")));
  const CaseIndicators served = store.case_indicators(province_worker, "00001", year, as_of);
  CHECK(served.cases.value == 2);
  CHECK(served.cases_with_service.value == 1);  // VL-1 served on 5 March

  // The version read before the update is stale now: nothing is written.
  CaseRecord stale = a;
  stale.services.clear();
  CHECK_THROWS_WITH(store.update_case(province_worker, stale, read), Catch::Contains("has changed since it was read"));
  CHECK_THROWS_AS(store.close_case(province_worker, "", "VL-1", day("2025-06-30"), read), Conflict);
  CHECK(case_version(store.load_case(province_worker, "VL-1")) == updated);

  // Closed with the current version; closing again is a Conflict.
  const std::string closed = store.close_case(province_worker, "", "VL-1", day("2025-06-30"), updated);
  const CaseRecord after_close = store.load_case(province_worker, "VL-1");
  CHECK(after_close.status == CaseStatus::closed);
  CHECK(after_close.closed_on == day("2025-06-30"));
  CHECK(after_close.services.size() == 1);
  CHECK(case_version(after_close) == closed);
  CHECK_THROWS_WITH(store.close_case(province_worker, "", "VL-1", day("2025-07-01")),
                    Catch::Contains("already closed (on 2025-06-30)"));
  // Closing changes no count: the indicators count cases received.
  CHECK(store.case_indicators(province_worker, "00001", year, as_of) == served);

  // Reopened: open again, no closing day; reopening an open case is a Conflict.
  const std::string reopened = store.reopen_case(province_worker, "00001", "VL-1", closed);
  const CaseRecord after_reopen = store.load_case(province_worker, "VL-1");
  CHECK(after_reopen.status == CaseStatus::open);
  CHECK_FALSE(after_reopen.closed_on);
  CHECK(case_version(after_reopen) == reopened);
  CHECK(reopened == updated);  // the same content as before the close
  CHECK_THROWS_WITH(store.reopen_case(province_worker, "", "VL-1"), Catch::Contains("is open"));

  // Each change is one audited write the integrity check accounts for.
  const auto trail = actions(store);
  CHECK(std::count(trail.begin(), trail.end(), "case.update") == 1);
  CHECK(std::count(trail.begin(), trail.end(), "case.close") == 1);
  CHECK(std::count(trail.begin(), trail.end(), "case.reopen") == 1);
  const auto report = store.check_integrity(auditor);
  CHECK(report.intact);
  CHECK(report.problems.empty());
}

TEST_CASE("case life cycle: bad closes, other units' principals and bad versions are refused, naming the case",
          "[cases][life_cycle]") {
  auto store = life_cycle_store();
  const std::string version = case_version(store.load_case(province_worker, "VL-1"));
  CHECK_THROWS_WITH(store.close_case(province_worker, "", "VL-1", day("2025-03-01")), Catch::Contains("/closed_on"));
  CHECK_THROWS_AS(store.close_case(province_worker, "", "VL-1", day("2199-01-01")), ValidationError);
  // A case of another unit is not found, exactly like one that does not exist,
  // and the refusal leaves one access.denied entry.
  const auto denied = [&] {
    const auto all = actions(store);
    return std::count(all.begin(), all.end(), "access.denied");
  };
  const auto before = denied();
  CHECK_THROWS_AS(store.close_case(worker_2, "", "VL-1", day("2025-06-30")), NotFound);
  CHECK(denied() == before + 1);
  CHECK_THROWS_AS(store.close_case(worker_2, "00001", "VL-1", day("2025-06-30")), PermissionDenied);
  CHECK_THROWS_AS(store.close_case(province_worker, "", "VL-99", day("2025-06-30")), NotFound);
  CHECK_THROWS_AS(store.reopen_case(officer, "", "VL-1"), PermissionDenied);
  CHECK_THROWS_WITH(store.close_case(province_worker, "", "VL-1", day("2025-06-30"), "not-a-version"),
                    Catch::Contains("/version"));
  CaseRecord moved = store.load_case(province_worker, "VL-1");
  CHECK_THROWS_AS(store.update_case(worker_2, moved, version), NotFound);
  // Nothing of it was written.
  CHECK(case_version(store.load_case(province_worker, "VL-1")) == version);
  CHECK(store.check_integrity(auditor).intact);
}
