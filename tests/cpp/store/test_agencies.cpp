// Agencies over time (issue 17, decision 0022): an office of a commune ends
// on 2027-12-31; its reporting duty passes to an office the succession brings
// in, the rest of its work to the people's committee. Every expectation below
// is computed by hand from the plan. Runs on both engines.

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

// The minimal plan (2026–2030), with two yearly tasks of phong-vhxh due on
// 15 December and its yearly report r1 due before 20 November.
Plan scenario_plan(const std::string& id) {
  auto j = test::minimal_document();
  j["id"] = id;
  j["tasks"] = nlohmann::ordered_json::parse(R"([
    {"id": "g1", "section": "III.1", "title": "Truyền thông", "lead": "phong-vhxh"},
    {"id": "g1-1", "parent": "g1", "section": "III.1.1", "title": "Tuyên truyền", "lead": "phong-vhxh",
     "recurrence": {"every": "year", "month": 12, "day": 15}},
    {"id": "g2", "section": "III.2", "title": "Tập huấn", "lead": "phong-vhxh",
     "recurrence": {"every": "year", "month": 12, "day": 15}}])");
  return read_plan_json(j.dump()).plan;
}

AgencySuccession split_succession(const std::string& plan_id) {
  AgencySuccession s;
  s.plan_id = plan_id;
  s.agency_id = "phong-vhxh";
  s.date = day("2028-01-01");
  s.to = {AgencyHandover{"phong-moi", {}, {"r1"}}, AgencyHandover{"ubnd-xa", {}, {}}};
  Agency joining;
  joining.id = "phong-moi";
  joining.name = "Phòng Văn hóa – Xã hội mới";
  joining.kind = AgencyKind::office;
  joining.level = Level::commune;
  joining.unit = "00001";
  joining.parent = "ubnd-xa";
  s.joining = {joining};
  s.basis = "Quyết định số 7/QĐ-UBND";
  return s;
}

ReportSubmission submission(const std::string& plan, const std::string& reporter, int year, const char* on) {
  return ReportSubmission{plan, "r1", reporter,
                          Period{Date{std::chrono::year{year}, std::chrono::January, std::chrono::day{1}},
                                 Date{std::chrono::year{year}, std::chrono::December, std::chrono::day{31}}},
                          day(on)};
}

const AgencyCompliance& agency(const PlanMetrics& m, const std::string& id) {
  const auto it = std::find_if(m.agencies.begin(), m.agencies.end(), [&](const auto& a) { return a.agency_id == id; });
  REQUIRE(it != m.agencies.end());
  return *it;
}

}  // namespace

TEST_CASE("agencies: an ended office's report passes to its successor, the rest to the committee",
          "[store][agencies]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(scenario_plan("p"));
  const std::vector<AgencySuccession> in{split_succession("p")};
  store.record_agency_successions(in);
  CHECK(store.agency_successions("p") == in);

  // The successor files 2028; nobody files 2027 or 2029; phong-vhxh filed 2026.
  const std::vector<ReportSubmission> subs{submission("p", "phong-vhxh", 2026, "2026-11-10"),
                                           submission("p", "phong-moi", 2028, "2028-11-10")};
  store.record_submissions(subs);

  const auto m = store.plan_metrics("p", day("2029-12-31"));
  // Occurrences due by 2029-12-31: g1-1 and g2 in 2026..2029 (g1 has no due date).
  CHECK(m.tasks.due == 8);
  CHECK(m.reporting.expected == 4);
  CHECK(m.reporting.received == 2);
  CHECK(m.orphaned.empty());

  const auto& old = agency(m, "phong-vhxh");  // 2026 and 2027 stay with it
  CHECK(old.task_due == 4);
  CHECK(old.report_due == 2);
  CHECK(old.report_met == 1);
  CHECK(old.task_inherited == 0);
  CHECK(old.ended == day("2027-12-31"));

  const auto& successor = agency(m, "phong-moi");  // r1 of 2028 and 2029
  CHECK(successor.name == "Phòng Văn hóa – Xã hội mới");
  CHECK(successor.task_due == 0);
  CHECK(successor.report_due == 2);
  CHECK(successor.report_met == 1);
  CHECK(successor.report_inherited == 2);
  CHECK(!successor.ended);

  const auto& committee = agency(m, "ubnd-xa");  // the tasks of 2028 and 2029
  CHECK(committee.task_due == 4);
  CHECK(committee.task_inherited == 4);
  CHECK(committee.report_due == 0);

  // Missing: 2027 answered by phong-vhxh, 2029 by phong-moi.
  REQUIRE(m.reporting.missing.size() == 2);
  for (const auto& r : m.reporting.missing) {
    CHECK(r.reporter == "phong-vhxh");
    const int year = static_cast<int>(r.period.start.year());
    CHECK(r.responsible == std::optional<std::string>(year == 2027 ? "phong-vhxh" : "phong-moi"));
  }

  // The plan document is what was imported: successions live beside it.
  CHECK(store.load_plan("p") == scenario_plan("p"));

  // An amendment in force from 2026-07-01 (a task's title changed) keeps the succession, the
  // agency it brought in and the successor's submission: the same metrics as of 2029-12-31.
  // Money recorded to the agency the succession brought in does not hold the amendment back.
  const std::vector<Allocation> money{{"p", 2028, "nsnn", "phong-moi", std::nullopt, day("2028-02-01"), Dong{5'000'000}}};
  store.record_allocations(money);
  const auto m_with_money = store.plan_metrics("p", day("2029-12-31"));
  Plan amended = scenario_plan("p");
  amended.tasks[0].title = "Truyền thông, giáo dục";
  CHECK(store.amend_plan(amended, Amendment{"3/KH-UBND", day("2026-07-01"), "UBND xã", std::nullopt}).revision == 2);
  CHECK(store.agency_successions("p") == in);
  CHECK(store.submissions("p").size() == 2);
  CHECK(store.plan_metrics("p", day("2029-12-31")) == m_with_money);
  CHECK(store.allocations("p") == money);
  CHECK(store.reporting_rollup("00001", day("2029-12-31")).expected == 4);
  CHECK(store.reporting_rollup("00001", day("2029-12-31")).received == 2);
  // A text naming the agency the succession brought in as its own: refused.
  Plan clash = amended;
  clash.agencies.push_back(in[0].joining[0]);
  CHECK_THROWS_WITH(store.amend_plan(clash, Amendment{"4/KH-UBND", day("2026-08-01"), "UBND xã", std::nullopt}),
                    Catch::Contains("agency 'phong-moi'") && Catch::Contains("brought into the plan"));
  // A text dropping the ended agency the succession names: refused.
  Plan dropped = amended;
  dropped.reporting_duties[0].reporters = {"ubnd-xa"};
  for (auto& t : dropped.tasks) t.lead = "ubnd-xa";
  dropped.agencies.erase(dropped.agencies.begin() + 1);
  CHECK_THROWS_WITH(store.amend_plan(dropped, Amendment{"4/KH-UBND", day("2026-08-01"), "UBND xã", std::nullopt}),
                    Catch::Contains("agency 'phong-vhxh' (") && Catch::Contains("agency successions"));
  // A text in which the ended agency ends on another day than the succession says: refused.
  Plan moved = amended;
  moved.agencies[1].valid_to = day("2026-12-31");
  CHECK_THROWS_WITH(store.amend_plan(moved, Amendment{"4/KH-UBND", day("2026-08-01"), "UBND xã", std::nullopt}),
                    Catch::Contains("no longer fits its recorded agency succession of 'phong-vhxh'"));
  CHECK(store.plan_history("p").size() == 2);

  // A plan with nothing recorded but an agency succession is not removed.
  store.import_plan(scenario_plan("q"));
  const std::vector<AgencySuccession> only{split_succession("q")};
  store.record_agency_successions(only);
  CHECK_THROWS_WITH(store.remove_plan("q"), Catch::Contains("1 agency successions"));
  CHECK(store.has_plan("q"));
}

TEST_CASE("agencies: who may file a passed report", "[store][agencies]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(scenario_plan("p"));
  // Recorded after a submission: the earlier submission stays, the duty passes.
  store.record_submissions(std::vector<ReportSubmission>{submission("p", "phong-vhxh", 2026, "2026-11-10")});
  store.record_agency_successions(std::vector<AgencySuccession>{split_succession("p")});

  // The committee took the rest, not r1: its 2028 report is refused, nothing written.
  try {
    store.record_submissions(std::vector<ReportSubmission>{submission("p", "ubnd-xa", 2028, "2028-11-10")});
    FAIL("a submission by an agency the report never passed to was accepted");
  } catch (const ValidationError& e) {
    REQUIRE(!e.errors().empty());
    CHECK(e.errors()[0].path.find("/reporter") != std::string::npos);
  }
  CHECK(store.submissions("p").size() == 1);
  store.record_submissions(std::vector<ReportSubmission>{submission("p", "phong-moi", 2028, "2028-11-10")});
  CHECK(store.submissions("p").size() == 2);
  CHECK(agency(store.plan_metrics("p", day("2028-12-31")), "phong-moi").report_met == 1);
}

TEST_CASE("agencies: work nobody took over is orphaned, counted for the plan and no agency", "[store][agencies]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(scenario_plan("p"));
  AgencySuccession s;
  s.plan_id = "p";
  s.agency_id = "phong-vhxh";
  s.date = day("2028-01-01");  // nobody takes anything over
  store.record_agency_successions(std::vector<AgencySuccession>{s});

  const auto m = store.plan_metrics("p", day("2029-12-31"));
  CHECK(m.tasks.due == 8);
  CHECK(m.reporting.expected == 4);
  // g1-1 and g2 of 2028 and 2029, r1 of 2028 and 2029.
  REQUIRE(m.orphaned.size() == 6);
  CHECK(std::count_if(m.orphaned.begin(), m.orphaned.end(), [](const auto& o) { return o.kind == "task"; }) == 4);
  for (const auto& o : m.orphaned) {
    CHECK(o.agency_id == "phong-vhxh");
    CHECK(o.due >= day("2028-01-01"));
  }
  const auto& old = agency(m, "phong-vhxh");
  CHECK(old.task_due == 4);
  CHECK(old.report_due == 2);
  // Plan compliance is over the agencies' obligations only: 6 of them, none met.
  CHECK(m.plan_compliance.denominator.value == std::optional<std::int64_t>(6));
  for (const auto& r : m.reporting.missing)
    if (r.period.start >= day("2028-01-01")) CHECK(!r.responsible);
}

TEST_CASE("agencies: bad successions are refused with their path, and nothing is written", "[store][agencies]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(scenario_plan("p"));

  auto unknown = split_succession("p");
  unknown.agency_id = "khong-co";
  auto good = split_succession("p");
  try {
    store.record_agency_successions(std::vector<AgencySuccession>{good, unknown});
    FAIL("an unknown agency was accepted");
  } catch (const ValidationError& e) {
    // The second also brings in phong-moi a second time: both are named.
    std::vector<std::string> paths;
    for (const auto& d : e.errors()) paths.push_back(d.path);
    CHECK(std::count(paths.begin(), paths.end(), "/successions/1/agency_id") == 1);
    CHECK(std::count(paths.begin(), paths.end(), "/successions/1/joining/0/id") == 1);
  }
  CHECK(store.agency_successions("p").empty());

  auto self = split_succession("p");
  self.to = {AgencyHandover{"phong-vhxh", {}, {}}};
  self.joining.clear();
  CHECK_THROWS_AS(store.record_agency_successions(std::vector<AgencySuccession>{self}), ValidationError);

  auto other_plan = split_succession("khong-co");
  CHECK_THROWS_AS(store.record_agency_successions(std::vector<AgencySuccession>{other_plan}), ValidationError);
  CHECK_THROWS_AS(store.agency_successions("khong-co"), NotFound);

  store.record_agency_successions(std::vector<AgencySuccession>{good});
  CHECK_THROWS_AS(store.record_agency_successions(std::vector<AgencySuccession>{good}), ValidationError);
  CHECK(store.agency_successions("p").size() == 1);
}

TEST_CASE("agencies: a store copied keeps the successions and computes the same compliance", "[store][agencies][copy]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(scenario_plan("p"));
  const std::vector<AgencySuccession> in{split_succession("p")};
  store.record_agency_successions(in);
  const std::vector<ReportSubmission> subs{submission("p", "phong-moi", 2028, "2028-11-10")};
  store.record_submissions(subs);
  test::TempDir dir;
  const std::string to = test::fresh_store(dir.file("copy.kehoach"));
  store.copy_to(Principal{"k", Role::auditor, "86"}, to);
  auto copy = Store::open(to);
  CHECK(copy.agency_successions("p") == in);
  const auto original = store.plan_metrics("p", day("2029-12-31"));
  const auto copied = copy.plan_metrics("p", day("2029-12-31"));
  CHECK(agency(copied, "phong-moi").report_met == 1);
  CHECK(agency(copied, "phong-moi").report_inherited == 2);
  CHECK(agency(copied, "ubnd-xa").task_inherited == 4);
  CHECK(write_metrics_json(copied) == write_metrics_json(original));
}

TEST_CASE("agencies: a version 9 store upgrades with no successions and the same metrics", "[store][agencies][migration]") {
  test::TempDir dir;
  const std::string location = test::fresh_store(dir.file("v9.kehoach"));
  const std::vector<ReportSubmission> subs{submission("p", "phong-vhxh", 2026, "2026-11-10")};
  std::string before;
  {
    auto old = Store::open(location, StoreOptions{.schema_version = 9});
    CHECK(old.schema_version() == 9);
    old.import_plan(scenario_plan("p"));
    old.record_submissions(subs);
    before = write_metrics_json(old.plan_metrics("p", day("2029-12-31")));
    const std::vector<AgencySuccession> in{split_succession("p")};
    CHECK_THROWS_AS(old.record_agency_successions(in), VersionError);
  }
  auto store = Store::open(location);
  CHECK(store.schema_version() == latest_schema_version());
  CHECK(store.agency_successions("p").empty());
  CHECK(store.load_plan("p") == scenario_plan("p"));
  CHECK(write_metrics_json(store.plan_metrics("p", day("2029-12-31"))) == before);
  // Successions can be recorded once upgraded, and then count.
  const std::vector<AgencySuccession> in{split_succession("p")};
  store.record_agency_successions(in);
  CHECK(agency(store.plan_metrics("p", day("2029-12-31")), "ubnd-xa").task_inherited == 4);
}
