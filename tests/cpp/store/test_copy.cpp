// Store::copy_to: a whole store into an empty one, between files and, with
// KEHOACH_TEST_ENGINE=postgres, between a PostgreSQL schema and a file and
// back (docs/store.md, "Moving a store").

#include <algorithm>
#include <kehoach/kehoach.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

const Principal worker{"cw-1", Role::case_worker, "00001", false};
const Principal auditor{"aud-1", Role::auditor, "86", false};
const Principal officer{"off-1", Role::officer, "86", false};
const std::string key = "a portal key of 32 bytes, not 16";

CaseRecord a_case(std::string code, const char* intake) {
  CaseRecord c;
  c.code = std::move(code);
  c.unit = "00001";
  c.intake_date = day(intake);
  c.receiving_body = ReceivingBody::commune_committee;
  c.channel = IntakeChannel::in_person;
  c.violence = {ViolenceType::form_physical, ViolenceType::act_a};
  c.survivor = Survivor{Sex::female, AgeGroup::age_25_39, false, false, false};
  c.needs_help = true;
  c.consent_services = true;
  c.services = {Service{ServiceType::medical, "tram-y-te", day(intake), ServiceOutcome::provided}};
  c.referrals = {Referral{"tram-y-te", "ttyt", day(intake), ReferralStatus::done, std::nullopt}};
  return c;
}

// A store with something in every part: units, the three example plans with
// records of every kind, cases (cells, audited writes and their content
// hashes) and audit entries with MACs.
void fill(Store& store) {
  store.set_audit_key(key);
  const std::vector<AdministrativeUnit> units = {
      {"86", "Vĩnh Long", Level::province, {}, {}, {}, {}},
      {"00001", "Xã Một", Level::commune, "86", {}, {}, {}},
      {"00003", "Xã Ba (cũ)", Level::commune, "86", {}, day("2025-06-30"), "00001"}};
  store.import_units(units);
  for (const char* name : {"huong-khe-2021.plan.json", "thuong-quang-2023.plan.json", "cai-nhum-2026.plan.json"}) {
    store.import_plan_json(test::read_text(test::examples_dir() / name));
  }
  const Plan plan = store.load_plan(store.plan_ids().front());
  const Date first = plan.period.start;
  RecordBatch batch;
  batch.observations = {{plan.id, plan.targets.front().id, first, 42.5, 17, 40}};
  batch.allocations = {{plan.id, static_cast<int>(first.year()), plan.funding_sources.front().id, plan.agencies.front().id,
                        {}, first, Dong{150'000'000}}};
  batch.expenditures = {{plan.id, first, plan.funding_sources.front().id, plan.agencies.front().id, {}, Dong{90'000'000}, {}}};
  store.record(batch);
  // A correction: the copy carries both versions.
  store.record_observations(std::vector<Observation>{{plan.id, plan.targets.front().id, first, 43, {}, {}}});
  store.record_task_updates(std::vector<TaskUpdate>{
      {plan.id, plan.tasks.front().id, first, "vhxh", TaskStatus::in_progress, 30, {}, "Bắt đầu", {}}});
  store.set_manual_status({plan.id, "task", plan.tasks.front().id, "done", "Đã xong theo báo cáo", "ubnd", first});
  store.record_cases(worker, std::vector<CaseRecord>{a_case("VL-1", "2025-03-02"), a_case("VL-2", "2025-04-10")});
  (void)store.load_case(worker, "VL-1");  // an audited read
  (void)store.case_indicators(officer, "86", parse_period("2025"), day("2025-12-31"));  // seals 86's family of 2025
  // An amended plan: its revisions come along.
  Plan amended = plan;
  amended.title += " (sửa đổi, bổ sung)";
  store.amend_plan(amended, Amendment{"99/KH-UBND", day("2026-03-01"), "UBND", std::nullopt});
}

// What two stores must agree on, read through the public API.
void require_same(Store& a, Store& b) {
  REQUIRE(a.units() == b.units());
  REQUIRE(a.plan_ids() == b.plan_ids());
  for (const auto& id : a.plan_ids()) {
    CHECK(a.export_plan_json(id) == b.export_plan_json(id));
    const Plan plan = a.load_plan(id);
    for (const auto& t : plan.targets) {
      CHECK(a.observations(id, t.id) == b.observations(id, t.id));
      CHECK(a.observation_history(id, t.id) == b.observation_history(id, t.id));
    }
    for (const auto& t : plan.tasks) CHECK(a.task_history(id, t.id) == b.task_history(id, t.id));
    CHECK(a.allocations(id) == b.allocations(id));
    CHECK(a.expenditures(id) == b.expenditures(id));
    CHECK(a.submissions(id) == b.submissions(id));
    CHECK(write_metrics_json(a.plan_metrics(id, day("2026-12-31"))) == write_metrics_json(b.plan_metrics(id, day("2026-12-31"))));
  }
  for (const auto& id : a.plan_ids()) {
    CHECK(a.plan_history(id) == b.plan_history(id));
    for (const auto& r : a.plan_history(id)) CHECK(a.plan_revision(id, r.revision) == b.plan_revision(id, r.revision));
  }
  CHECK(a.reporting_rollup("86", day("2026-12-31")).received == b.reporting_rollup("86", day("2026-12-31")).received);
  // The chains, before any audited read below adds to them.
  const auto va = a.verify_audit(auditor), vb = b.verify_audit(auditor);
  REQUIRE(va.intact);
  REQUIRE(vb.intact);
  CHECK(va.entries == vb.entries);
  CHECK(va.head == vb.head);
  CHECK(vb.macs_checked == va.macs_checked);
  const Period year{day("2025-01-01"), day("2025-12-31")};
  CHECK(a.case_indicators(officer, "86", year, day("2025-12-31")) == b.case_indicators(officer, "86", year, day("2025-12-31")));
}

}  // namespace

TEST_CASE("A store is copied whole into an empty one and back, and reads the same", "[store][copy]") {
  test::TempDir dir;
  const std::string source_location = test::fresh_store((dir.path() / "source.db").string());
  const std::string file = (dir.path() / "copy.db").string();
  const std::string back = test::fresh_store((dir.path() / "back.db").string());
  auto source = Store::open(source_location);
  fill(source);

  const CopyReport report = source.copy_to(auditor, file);
  CHECK(report.units == static_cast<std::int64_t>(source.units().size()));  // the plans' units too
  CHECK(report.plans == 3);
  CHECK(report.records == 6);
  CHECK(report.cases == 2);
  CHECK(report.audit_entries >= 3);
  CHECK(report.packages == 0);
  const auto json = nlohmann::json::parse(write_copy_report_json(report));
  CHECK(json["cases"] == 2);
  CHECK(json["equal"] == true);

  auto copy = Store::open(file);
  copy.set_audit_key(key);
  require_same(source, copy);
  // The copy was audited in the source first, so the copy carries the entry.
  const auto trail = copy.audit_trail(auditor);
  REQUIRE(trail.size() >= 2);
  CHECK(trail[trail.size() - 2].action == "store.copy");
  CHECK(trail[trail.size() - 2].principal == "aud-1");
  // The sealed release family came along: the copy released from it, sealing nothing anew.
  CHECK(std::count_if(trail.begin(), trail.end(), [](const AuditEntry& e) { return e.action == "release.seal"; }) == 1);

  // And back, into a store of the tests' engine (a PostgreSQL schema on cpp.on_postgres).
  const CopyReport again = copy.copy_to(auditor, back);
  CHECK(again.cases == 2);
  auto returned = Store::open(back);
  returned.set_audit_key(key);
  require_same(copy, returned);
  // A copy's cases can be written to as the source's could.
  returned.record_cases(worker, std::vector<CaseRecord>{a_case("VL-3", "2025-05-01")});
  CHECK(returned.verify_audit(auditor).intact);
}

TEST_CASE("A copy goes only into an empty store, by an auditor, from an intact trail; a failed one leaves nothing",
          "[store][copy][bad-input]") {
  test::TempDir dir;
  const std::string location = test::fresh_store((dir.path() / "source.db").string());
  auto source = Store::open(location);
  fill(source);
  const std::string file = (dir.path() / "copy.db").string();

  SECTION("not an auditor") {
    CHECK_THROWS_AS(source.copy_to(worker, file), PermissionDenied);
    CHECK_FALSE(std::filesystem::exists(file));
    // The refusal is in the source's trail.
    CHECK(source.audit_trail(auditor).back().action == "access.denied");
  }
  SECTION("a destination that holds data") {
    {
      auto other = Store::open(file);
      const std::vector<AdministrativeUnit> units = {{"01", "Hà Nội", Level::province, {}, {}, {}, {}}};
      other.import_units(units);
    }
    CHECK_THROWS_WITH(source.copy_to(auditor, file), Catch::Contains("already holds a store's data"));
    auto other = Store::open(file);
    CHECK(other.units().size() == 1);
  }
  SECTION("onto itself") {
    CHECK_THROWS_AS(source.copy_to(auditor, source.path()), InvalidArgument);
    CHECK_THROWS_AS(source.copy_to(auditor, location), InvalidArgument);  // the same store, named with its password
  }
  SECTION("a source whose cases were changed behind the library's back") {
    test::tamper(location, "UPDATE cases SET needs_help = 0");
    // The trail still verifies, so the copy is made as the source is, and
    // the integrity check finds the change in the copy as in the source.
    source.copy_to(auditor, file);
    auto copy = Store::open(file);
    CHECK_FALSE(source.check_integrity(auditor).intact);
    CHECK_FALSE(copy.check_integrity(auditor).intact);
  }
  SECTION("a source with a broken chain") {
    test::lift_append_only(location, "audit_log");
    test::tamper(location, "UPDATE audit_log SET detail = 'rewritten' WHERE seq = 1");
    CHECK_THROWS_AS(source.copy_to(auditor, file), CorruptStore);
    CHECK_FALSE(std::filesystem::exists(file));
  }
  SECTION("an empty destination path") {
    CHECK_THROWS_AS(source.copy_to(auditor, ""), InvalidArgument);
  }
}
