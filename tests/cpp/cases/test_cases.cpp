#include <kehoach/kehoach.hpp>

#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

const std::vector<AdministrativeUnit> units = {
    {"86", "Vĩnh Long", Level::province, {}, {}, {}, {}},
    {"00001", "Xã Một", Level::commune, "86", {}, {}, {}},
    {"00002", "Xã Hai", Level::commune, "86", {}, {}, {}},
    {"00003", "Xã Ba (cũ)", Level::commune, "86", {}, day("2025-06-30"), "00001"},
};

const Principal worker{"cw-1", Role::case_worker, "00001", false};
const Principal worker_with_override{"cw-1b", Role::case_worker, "00001", true};
const Principal worker_2{"cw-2", Role::case_worker, "00002", false};
const Principal province_worker{"cw-p", Role::case_worker, "86", false};
const Principal officer{"off-p", Role::officer, "86", false};
const Principal auditor{"aud-p", Role::auditor, "86", false};

CaseRecord make_case(std::string code, std::string unit, const char* intake) {
  CaseRecord c;
  c.code = std::move(code);
  c.unit = std::move(unit);
  c.intake_date = day(intake);
  c.receiving_body = ReceivingBody::commune_committee;
  c.channel = IntakeChannel::in_person;
  c.violence = {ViolenceType::form_physical, ViolenceType::act_a};
  c.survivor = Survivor{Sex::female, AgeGroup::age_25_39, false, false, false};
  c.perpetrator = Relationship::spouse;
  c.needs_help = true;
  c.consent_services = true;
  return c;
}

CaseRecord full_case() {
  CaseRecord c = make_case("VL-2025-0001", "00001", "2025-03-02");
  c.incident_date = day("2025-03-01");
  c.receiving_body = ReceivingBody::hotline;
  c.channel = IntakeChannel::call_or_text;
  c.survivor = Survivor{Sex::female, AgeGroup::age_11_15, true, std::nullopt, false};
  c.perpetrator = Relationship::parent;
  c.consent_sharing = true;
  c.status = CaseStatus::closed;
  c.closed_on = day("2025-05-01");
  c.measures = {Measure{MeasureKind::no_contact_order, day("2025-03-02"), day("2025-03-05"), MeasureAuthority::commune_chair, true, false},
                Measure{MeasureKind::legal_aid_counselling, day("2025-03-10"), std::nullopt, std::nullopt, std::nullopt, false}};
  c.services = {Service{ServiceType::medical, "tram-y-te", day("2025-03-02"), ServiceOutcome::provided},
                Service{ServiceType::safe_shelter, "nha-tam-lanh", day("2025-03-03"), ServiceOutcome::declined}};
  c.referrals = {Referral{"tram-y-te", "ttyt-tinh", day("2025-03-04"), ReferralStatus::done, std::nullopt}};
  return c;
}

Store store_with_units() {
  auto store = Store::open(test::fresh_store());
  store.import_units(units);
  return store;
}

std::size_t audit_size(Store& store) { return store.audit_trail(auditor).size(); }

}  // namespace

TEST_CASE("The case schema has no field for a name, phone number, address or narrative", "[cases][privacy]") {
  test::TempDir dir;
  { auto store = Store::open(dir.file("s.db")); }
  SQLite::Database db(dir.file("s.db"), SQLite::OPEN_READONLY);
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'case%' OR name IN ('audit_log', 'packages'))");
  int checked = 0;
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    SQLite::Statement columns(db, "SELECT name FROM pragma_table_info(?)");
    columns.bind(1, table);
    while (columns.executeStep()) {
      const std::string column = columns.getColumn(0).getString();
      INFO(table << "." << column);
      for (const char* forbidden : {"name", "phone", "address", "narrative", "story", "note", "email", "birth", "id_number"}) {
        CHECK(column.find(forbidden) == std::string::npos);
      }
      ++checked;
    }
  }
  CHECK(checked > 30);
}

TEST_CASE("Case JSON and CSV refuse identifying fields", "[cases][privacy]") {
  const std::string json = R"({"format": "kehoach-cases", "format_version": 1, "cases": [{"code": "A-1", "name": "Nguyễn Thị A"}]})";
  CHECK_THROWS_WITH(read_cases_json(json), Catch::Contains("/cases/0/name: cases hold no names"));
  CHECK_THROWS_WITH(read_cases_csv("record,code,phone\ncase,A-1,0912345678\n"), Catch::Contains("unknown column 'phone'"));
  CaseRecord c = make_case("NguyenThiA", "00001", "2025-01-01");
  CHECK_FALSE(validate_case(c, day("2025-12-31")).empty());  // a code without a digit reads like a name
}

TEST_CASE("Cases round-trip through the store, JSON and CSV", "[cases]") {
  auto store = store_with_units();
  const CaseRecord c = full_case();
  store.record_cases(worker, std::vector<CaseRecord>{c});
  CHECK(store.load_case(worker, c.code) == c);
  const std::vector<CaseRecord> all{c, make_case("VL-2025-0002", "00001", "2025-04-01")};
  CHECK(read_cases_json(write_cases_json(all)) == all);
  CHECK(read_cases_csv(write_cases_csv(all)) == all);
  const std::string exported = store.export_cases(worker, "00001", parse_period("2025"), CaseFormat::csv);
  CHECK(read_cases_csv(exported) == std::vector<CaseRecord>{c});
  auto other = store_with_units();
  CHECK(other.import_cases(worker, exported, CaseFormat::csv) == 1);
  CHECK(other.load_case(worker, c.code) == c);
  CHECK(form_of_act(ViolenceType::act_n) == ViolenceType::form_economic);
  CHECK_FALSE(form_of_act(ViolenceType::gbv_online).has_value());
  CHECK(coarse_age_group(AgeGroup::age_11_15) == AgeGroup::under_16);
  CHECK(coarse_age_group(AgeGroup::age_70_plus) == AgeGroup::age_60_plus);
}

TEST_CASE("Bad case rows are rejected by row, and nothing is written", "[cases][bad-input]") {
  auto store = store_with_units();
  SECTION("a date in the future") {
    std::vector<CaseRecord> batch{make_case("A-1", "00001", "2025-01-01"), make_case("A-2", "00001", "2199-01-01")};
    CHECK_THROWS_WITH(store.record_cases(worker, batch), Catch::Contains("/1/intake_date: date 2199-01-01 lies in the future"));
  }
  SECTION("a service before intake") {
    CaseRecord c = make_case("A-1", "00001", "2025-01-10");
    c.services = {Service{ServiceType::medical, "tram-y-te", day("2025-01-09"), ServiceOutcome::provided}};
    CHECK_THROWS_WITH(store.record_cases(worker, std::vector<CaseRecord>{c}), Catch::Contains("/0/services/0/date: a service dated before the intake"));
  }
  SECTION("an age group that does not exist, in JSON") {
    auto json = write_cases_json({make_case("A-1", "00001", "2025-01-01"), make_case("A-2", "00001", "2025-01-01")});
    json.replace(json.rfind("25_39"), 5, "25_40");
    CHECK_THROWS_WITH(store.import_cases(worker, json, CaseFormat::json),
                      Catch::Contains("/cases/1/survivor/age_group: unknown value '25_40'"));
  }
  SECTION("an unknown type code, in CSV, named by line") {
    auto csv = write_cases_csv({make_case("A-1", "00001", "2025-01-01"), make_case("A-2", "00001", "2025-01-01")});
    csv.replace(csv.rfind("form_physical"), 13, "form_magical");
    CHECK_THROWS_WITH(store.import_cases(worker, csv, CaseFormat::csv), Catch::Contains("line 3, column violence"));
  }
  SECTION("a commune no-contact order longer than 3 days") {
    CaseRecord c = make_case("A-1", "00001", "2025-01-01");
    c.measures = {Measure{MeasureKind::no_contact_order, day("2025-01-01"), day("2025-01-05"), MeasureAuthority::commune_chair, true, false}};
    CHECK_THROWS_WITH(store.record_cases(worker, std::vector<CaseRecord>{c}), Catch::Contains("lasts at most 3 days, not 4"));
  }
  SECTION("a commune no-contact order without consent, life not threatened") {
    CaseRecord c = make_case("A-1", "00001", "2025-01-01");
    c.measures = {Measure{MeasureKind::no_contact_order, day("2025-01-01"), day("2025-01-03"), MeasureAuthority::commune_chair, false, false}};
    CHECK_THROWS_WITH(store.record_cases(worker, std::vector<CaseRecord>{c}), Catch::Contains("/0/measures/0/survivor_consent"));
    c.measures[0].life_threatened = true;  // then no consent is needed
    store.record_cases(worker, std::vector<CaseRecord>{c});
  }
  SECTION("a court's no-contact order longer than 4 months") {
    CaseRecord c = make_case("A-1", "00001", "2025-01-01");
    c.measures = {Measure{MeasureKind::no_contact_order, day("2025-01-01"), day("2025-05-02"), MeasureAuthority::court, true, false}};
    CHECK_THROWS_WITH(store.record_cases(worker, std::vector<CaseRecord>{c}), Catch::Contains("at most 4 months"));
  }
  SECTION("a case of a unit not in the store") {
    CHECK_THROWS_WITH(store.record_cases(worker, std::vector<CaseRecord>{make_case("A-1", "99999", "2025-01-01")}),
                      Catch::Contains("/0/unit: unit '99999' is not in the store"));
  }
  SECTION("the same code twice") {
    store.record_cases(worker, std::vector<CaseRecord>{make_case("A-9", "00001", "2025-01-01")});
    CHECK_THROWS_AS(store.record_cases(worker, std::vector<CaseRecord>{make_case("A-9", "00001", "2025-01-01")}), Conflict);
    CHECK(store.cases(worker, "00001", parse_period("2025")).size() == 1);
    return;
  }
  CHECK(store.cases(worker, "00001", parse_period("2025")).size() == (store.cases(worker, "00001", parse_period("2025")).empty() ? 0u : 1u));
}

TEST_CASE("A referral without consent needs an override by a principal with that right", "[cases][consent]") {
  auto store = store_with_units();
  CaseRecord c = make_case("A-1", "00001", "2025-01-01");
  c.consent_services = false;
  c.referrals = {Referral{"tram-y-te", "ttyt-tinh", day("2025-01-02"), ReferralStatus::in_progress, std::nullopt}};
  CHECK_THROWS_WITH(store.record_cases(worker, std::vector<CaseRecord>{c}), Catch::Contains("/0/referrals/0/consent_override"));
  c.referrals[0].consent_override = ConsentOverride{"cw-1", "trẻ em dưới 16 tuổi gặp nguy hiểm"};
  CHECK_THROWS_AS(store.record_cases(worker, std::vector<CaseRecord>{c}), PermissionDenied);  // no override right
  c.referrals[0].consent_override = ConsentOverride{"cw-1b", "trẻ em dưới 16 tuổi gặp nguy hiểm"};
  store.record_cases(worker_with_override, std::vector<CaseRecord>{c});
  auto stored = store.load_case(worker, "A-1");
  REQUIRE(stored.referrals[0].consent_override);
  CHECK(stored.referrals[0].consent_override->by == "cw-1b");
  // Another worker may update the case; the override on record is not re-checked.
  stored.services = {Service{ServiceType::medical, "tram-y-te", day("2025-01-03"), ServiceOutcome::provided}};
  store.update_case(worker, stored);
  CHECK(store.load_case(worker, "A-1").services.size() == 1);
  CHECK(stored.referrals[0].consent_override->reason == "trẻ em dưới 16 tuổi gặp nguy hiểm");
}

TEST_CASE("A case update document holds exactly one case", "[cases]") {
  auto store = store_with_units();
  store.record_cases(worker, std::vector<CaseRecord>{make_case("A-1", "00001", "2025-01-01")});
  auto c = store.load_case(worker, "A-1");
  c.services = {Service{ServiceType::medical, "tram-y-te", day("2025-01-03"), ServiceOutcome::provided}};
  const CaseRecord read = store.update_case_json(worker, write_cases_json({c}));
  CHECK(read.code == "A-1");
  CHECK(store.load_case(worker, "A-1").services.size() == 1);
  CHECK_THROWS_MATCHES(store.update_case_json(worker, write_cases_json({})), InvalidArgument,
                       Catch::Matchers::Message("/cases: a case update holds exactly one case (this document holds 0)"));
  CHECK_THROWS_WITH(store.update_case_json(worker, write_cases_json({c, c})), Catch::Contains("holds 2"));
  CHECK_THROWS_AS(store.update_case_json(worker, "{"), ParseError);
  CHECK_THROWS_AS(store.update_case_json(officer, write_cases_json({c})), PermissionDenied);
}

TEST_CASE("Every case-level entry point refuses the wrong role or unit and leaves nothing behind", "[cases][permissions]") {
  auto store = store_with_units();
  store.record_cases(worker, std::vector<CaseRecord>{make_case("A-1", "00001", "2025-01-01")});
  const std::size_t before = audit_size(store);
  const Period y2025 = parse_period("2025");
  const std::string json = write_cases_json({make_case("B-1", "00001", "2025-02-01")});
  const std::string package = store.export_package(worker, "00001", y2025, day("2025-12-31"));
  const std::size_t after_export = audit_size(store);
  CHECK(after_export == before + 3);  // the family's seal, the package export and the audit read itself
  CHECK_THROWS_AS(store.record_cases(officer, std::vector<CaseRecord>{make_case("B-1", "00001", "2025-02-01")}), PermissionDenied);
  CHECK_THROWS_AS(store.record_cases(worker_2, std::vector<CaseRecord>{make_case("B-1", "00001", "2025-02-01")}), PermissionDenied);
  CHECK_THROWS_AS(store.update_case(officer, make_case("A-1", "00001", "2025-01-01")), PermissionDenied);
  CHECK_THROWS_AS(store.update_case(worker_2, make_case("A-1", "00001", "2025-01-01")), NotFound);  // existence not revealed
  CHECK_THROWS_AS(store.load_case(officer, "A-1"), PermissionDenied);
  CHECK_THROWS_AS(store.load_case(worker_2, "A-1"), NotFound);  // like a code that does not exist
  CHECK_THROWS_AS(store.load_case(auditor, "A-1"), PermissionDenied);
  CHECK_THROWS_AS(store.cases(officer, "00001", y2025), PermissionDenied);
  CHECK_THROWS_AS(store.cases(worker_2, "00001", y2025), PermissionDenied);
  CHECK_THROWS_AS(store.export_cases(officer, "00001", y2025, CaseFormat::json), PermissionDenied);
  CHECK_THROWS_AS(store.import_cases(officer, json, CaseFormat::json), PermissionDenied);
  CHECK_THROWS_AS(store.import_cases(auditor, json, CaseFormat::json), PermissionDenied);
  CHECK_THROWS_AS(store.case_indicators(auditor, "00001", y2025, day("2025-12-31")), PermissionDenied);
  CHECK_THROWS_AS(store.case_indicators(worker_2, "00001", y2025, day("2025-12-31")), PermissionDenied);
  CHECK_THROWS_AS(store.export_package(auditor, "00001", y2025, day("2025-12-31")), PermissionDenied);
  CHECK_THROWS_AS(store.export_package(worker_2, "00001", y2025, day("2025-12-31")), PermissionDenied);
  CHECK_THROWS_AS(store.import_package(auditor, package), PermissionDenied);
  CHECK_THROWS_AS(store.import_package(worker_2, package), PermissionDenied);
  CHECK_THROWS_AS(store.rolled_up_packages(auditor, "86", y2025), PermissionDenied);
  CHECK_THROWS_AS(store.audit_trail(officer), PermissionDenied);
  CHECK_THROWS_AS(store.audit_trail(worker), PermissionDenied);
  CHECK_THROWS_AS(store.verify_audit(officer), PermissionDenied);
  CHECK_THROWS_AS(store.record_cases(Principal{"", Role::case_worker, "00001", false}, std::vector<CaseRecord>{}), PermissionDenied);
  // Nothing was written but one audit entry per refusal (the trail read itself adds one more).
  const auto trail = store.audit_trail(auditor);
  // trail[after_export] is the read audit_size made; the refusals follow it.
  REQUIRE(trail.size() == after_export + 1 + 23);
  // Every entry's time is UTC to the second, YYYY-MM-DDTHH:MM:SSZ.
  for (const auto& e : trail) {
    INFO(e.at);
    CHECK(e.at.size() == 20);
    CHECK(e.at[10] == 'T');
    CHECK(e.at.back() == 'Z');
    CHECK_NOTHROW(parse_iso_date(e.at.substr(0, 10)));
  }
  for (std::size_t i = after_export + 1; i <= after_export + 23; ++i) {
    INFO("entry " << trail[i].seq << ": " << trail[i].detail);
    CHECK(trail[i].action == "access.denied");
  }
  CHECK(trail[after_export + 1].principal == "off-p");
  CHECK_THAT(trail[after_export + 1].detail, Catch::StartsWith("case.write: principal 'off-p' is an officer"));
  CHECK(trail[after_export + 23].principal == "(none)");
  CHECK(store.cases(worker, "00001", y2025).size() == 1);
}

TEST_CASE("Case codes are unique within a unit: another unit's code is neither revealed nor blocked", "[cases][permissions]") {
  auto store = store_with_units();
  store.record_cases(worker, std::vector<CaseRecord>{make_case("A-1", "00001", "2025-01-01")});
  // A worker of another unit records the same code in its own unit: no conflict, nothing learnt.
  // It may even be the same case received again, linked by the first unit's code.
  CaseRecord again = make_case("A-1", "00002", "2025-03-01");
  again.first_received_as = "A-1";
  store.record_cases(worker_2, std::vector<CaseRecord>{again});
  CHECK(store.load_case(worker, "A-1").unit == "00001");
  CHECK(store.load_case(worker_2, "A-1").unit == "00002");
  // Twice in one's own unit is a conflict naming only that unit.
  CHECK_THROWS_WITH(store.record_cases(worker_2, std::vector<CaseRecord>{make_case("A-1", "00002", "2025-04-01")}),
                    Catch::Contains("already recorded in unit '00002'"));
  // The province's worker sees both: by code alone it is ambiguous, by unit and code it is not.
  CHECK_THROWS_AS(store.load_case(province_worker, "A-1"), InvalidArgument);
  CHECK(store.load_case(province_worker, "00002", "A-1").intake_date == day("2025-03-01"));
  CHECK_THROWS_AS(store.load_case(worker, "00002", "A-1"), PermissionDenied);
  // An update finds the case of its own unit.
  CaseRecord c = store.load_case(province_worker, "00002", "A-1");
  c.services = {Service{ServiceType::medical, "tram-y-te", day("2025-03-02"), ServiceOutcome::provided}};
  store.update_case(province_worker, c);
  CHECK(store.load_case(worker_2, "A-1").services.size() == 1);
  CHECK(store.load_case(worker, "A-1").services.empty());
  const auto report = store.check_integrity(auditor);
  for (const auto& p : report.problems) UNSCOPED_INFO(p.kind << " " << p.record << ": " << p.detail);
  CHECK(report.intact);
  CHECK(report.cases_checked == 2);
}

TEST_CASE("A unit's case workers see its subtree, merged units included", "[cases][permissions]") {
  auto store = store_with_units();
  store.record_cases(worker, std::vector<CaseRecord>{make_case("A-1", "00001", "2025-01-01")});
  store.record_cases(province_worker, std::vector<CaseRecord>{make_case("C-1", "00003", "2025-01-01"),
                                                              make_case("B-1", "00002", "2025-01-01")});
  CHECK(store.cases(province_worker, "86", parse_period("2025")).size() == 3);
  CHECK(store.cases(worker, "00001", parse_period("2025")).size() == 2);  // A-1 and the merged unit's C-1
  CHECK(store.load_case(worker, "C-1").unit == "00003");
  CHECK_THROWS_AS(store.load_case(worker, "B-1"), NotFound);
}

TEST_CASE("The audit trail records every access and reveals tampering", "[cases][audit]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("audit.db"));
  {
    auto store = Store::open(path);
    store.import_units(units);
    store.record_cases(worker, std::vector<CaseRecord>{make_case("A-1", "00001", "2025-01-01")});
    store.load_case(worker, "A-1");
    store.case_indicators(officer, "86", parse_period("2025"), day("2025-12-31"));
    const auto trail = store.audit_trail(auditor);
    REQUIRE(trail.size() == 4);
    CHECK(trail[0].action == "case.write");
    CHECK_THAT(trail[0].detail, Catch::StartsWith("00001:A-1 content-sha256="));
    CHECK(trail[0].principal == "cw-1");
    CHECK(trail[1].action == "case.read");
    CHECK(trail[2].action == "release.seal");  // the first release of 86's 2025 family
    CHECK_THAT(trail[2].detail, Catch::StartsWith("unit=86 year=2025 units=") && Catch::Contains(" cases=1 sha256="));
    CHECK(trail[3].action == "aggregate.read");
    CHECK(trail[1].prev_hash == trail[0].hash);
    const auto v = store.verify_audit(auditor);
    CHECK(v.intact);
    CHECK(v.entries == 5);
    CHECK(v.head == store.audit_trail(auditor)[4].hash);
  }
  SECTION("an entry changed behind the library's back") {
    CHECK_THROWS(test::tamper(path, "UPDATE audit_log SET detail = 'B-7' WHERE seq = 2"));  // the trigger refuses
    test::lift_append_only(path, "audit_log");
    test::tamper(path, "UPDATE audit_log SET detail = 'B-7' WHERE seq = 2");
    auto store = Store::open(path);
    const auto v = store.verify_audit(auditor);
    CHECK_FALSE(v.intact);
    CHECK(v.first_broken == 2);
    CHECK_THAT(v.reason, Catch::Contains("does not match its hash"));
  }
  SECTION("an entry removed") {
    CHECK_THROWS(test::tamper(path, "DELETE FROM audit_log WHERE seq = 2"));  // the trigger refuses
    test::lift_append_only(path, "audit_log");
    test::tamper(path, "DELETE FROM audit_log WHERE seq = 2");
    auto store = Store::open(path);
    const auto v = store.verify_audit(auditor);
    CHECK_FALSE(v.intact);
    CHECK(v.first_broken == 3);
    CHECK_THAT(v.reason, Catch::Contains("entry 2 is missing"));
  }
}

TEST_CASE("Case indicators, computed by hand", "[cases][indicators]") {
  auto store = store_with_units();
  std::vector<CaseRecord> batch;
  // Days to first service: 0, 3, 4, 14, 15, 30, 31 and none.
  const int delays[] = {0, 3, 4, 14, 15, 30, 31};
  for (int i = 0; i < 7; ++i) {
    CaseRecord c = make_case("K-" + std::to_string(i), "00001", "2025-01-01");
    c.services = {Service{ServiceType::psychosocial, "tram-y-te", day("2025-01-01"), ServiceOutcome::provided}};
    c.services[0].date = Date{std::chrono::sys_days{day("2025-01-01")} + std::chrono::days{delays[i]}};
    c.needs_help = i < 5;
    batch.push_back(c);
  }
  CaseRecord none = make_case("K-7", "00001", "2025-02-01");
  none.needs_help = true;
  none.services = {Service{ServiceType::medical, "tram-y-te", day("2025-02-02"), ServiceOutcome::declined}};
  none.referrals = {Referral{"a", "b", day("2025-02-02"), ReferralStatus::done, std::nullopt},
                    Referral{"a", "c", day("2025-02-03"), ReferralStatus::rejected, std::nullopt},
                    Referral{"a", "d", day("2025-02-03"), ReferralStatus::revoked, std::nullopt}};
  batch.push_back(none);
  CaseRecord linked = make_case("K-8", "00001", "2025-03-01");
  linked.first_received_as = "K-0";  // the same case seen again: counts once
  batch.push_back(linked);
  CaseRecord merged = make_case("K-9", "00003", "2025-03-01");  // the merged unit counts toward its successor
  batch.push_back(merged);
  store.record_cases(province_worker, batch);

  const auto x = store.case_indicators(worker, "00001", parse_period("2025"), day("2025-12-31"));
  CHECK_FALSE(x.disclosure_controlled);
  CHECK(x.cases.value == 9);
  CHECK(x.cases_with_service.value == 7);
  CHECK(x.service_access.numerator.value == 7);
  CHECK(x.service_access.denominator.value == 9);
  CHECK(x.service_access.value == Approx(100.0 * 7 / 9));
  CHECK(x.help.numerator.value == 5);  // K-0..K-4 need help and were served; K-7 and K-9 were not
  CHECK(x.help.denominator.value == 7);
  CHECK(x.referral_completion.numerator.value == 1);
  CHECK(x.referral_completion.denominator.value == 2);
  CHECK(x.median_days_to_first_service == Approx(14));
  CHECK(x.p90_days_to_first_service == Approx(30.4));  // 30 + 0.4·(31 − 30)
  const auto* buckets = x.find("days_to_first_service");
  REQUIRE(buckets);
  CHECK(buckets->cells[0].count.value == 2);  // 0, 3
  CHECK(buckets->cells[1].count.value == 2);  // 4, 14
  CHECK(buckets->cells[2].count.value == 2);  // 15, 30
  CHECK(buckets->cells[3].count.value == 1);  // 31
  SECTION("as of an earlier date, later services and cases do not count") {
    const auto early = store.case_indicators(worker, "00001", parse_period("2025"), day("2025-01-15"));
    CHECK(early.cases.value == 7);
    CHECK(early.cases_with_service.value == 4);  // delays 0, 3, 4, 14
  }
  SECTION("an officer sees it through disclosure control") {
    const auto y = store.case_indicators(officer, "86", parse_period("2025"), day("2025-12-31"));
    CHECK(y.disclosure_controlled);
    CHECK(y.cases.value == 9);
    CHECK_FALSE(y.referral_completion.value.has_value());  // 1 of 2: withheld
    CHECK(y.referral_completion.suppressed);
    for (const auto& d : y.disaggregations) {
      for (const auto& c : d.cells) {
        if (c.count.value) CHECK((*c.count.value == 0 || *c.count.value >= 5));
      }
    }
  }
}

TEST_CASE("A unit with no cases has rates without a value, not zero", "[cases][indicators]") {
  auto store = store_with_units();
  const auto x = store.case_indicators(worker_2, "00002", parse_period("2025"), day("2025-12-31"));
  CHECK(x.cases.value == 0);
  CHECK_FALSE(x.service_access.value.has_value());
  CHECK_FALSE(x.median_days_to_first_service.has_value());
}

TEST_CASE("Disclosure control: primary and secondary suppression", "[cases][disclosure]") {
  CaseIndicators x;
  x.cases = Count{20, false};
  x.service_access = Rate{Count{3, false}, Count{20, false}, 15.0, false};
  x.disaggregations = {Disaggregation{"sex", {{"female", Count{16, false}}, {"male", Count{3, false}}, {"other", Count{1, false}}}, Count{20, false}},
                       Disaggregation{"age_group", {{"under_16", Count{2, false}}, {"16_59", Count{11, false}}, {"60_plus", Count{7, false}}}, Count{20, false}},
                       Disaggregation{"disability", {{"yes", Count{0, false}}, {"no", Count{20, false}}, {"unknown", Count{0, false}}}, Count{20, false}}};
  apply_disclosure_control(x, DisclosureOptions{5});
  CHECK(x.cases.value == 20);
  CHECK(x.service_access.suppressed);  // numerator 3 is withheld, so the rate is
  CHECK_FALSE(x.service_access.value);
  const auto& sex = x.disaggregations[0];
  CHECK(sex.cells[1].count.suppressed);  // 3
  CHECK(sex.cells[2].count.suppressed);  // 1
  CHECK(sex.cells[0].count.value == 16);  // two withheld already: no secondary suppression
  const auto& age = x.disaggregations[1];
  CHECK(age.cells[0].count.suppressed);  // 2: primary
  CHECK(age.cells[2].count.suppressed);  // 7: the smallest other non-zero cell, secondary
  CHECK(age.cells[1].count.value == 11);
  const auto& dis = x.disaggregations[2];
  CHECK(dis.cells[0].count.value == 0);  // zeros are shown
  CHECK(dis.cells[1].count.value == 20);
}

TEST_CASE("Aggregate report packages go up and roll up, once each", "[cases][packages]") {
  auto commune = store_with_units();
  std::vector<CaseRecord> one, two;
  // Commune 1: 9 of 14 cases served, so neither the served (9) nor the
  // unserved (5) is below k and both may be shown.
  for (int i = 0; i < 14; ++i) {
    CaseRecord c = make_case("P1-" + std::to_string(i), "00001", "2025-02-01");
    if (i < 9) c.services = {Service{ServiceType::medical, "tram-y-te", day("2025-02-03"), ServiceOutcome::provided}};
    one.push_back(c);
  }
  for (int i = 0; i < 6; ++i) {
    CaseRecord c = make_case("P2-" + std::to_string(i), "00002", "2025-02-01");
    if (i < 2) c.survivor.sex = Sex::male;
    two.push_back(c);
  }
  commune.record_cases(worker, one);
  commune.record_cases(worker_2, two);
  const Period y2025 = parse_period("2025");
  const std::string p1 = commune.export_package(worker, "00001", y2025, day("2025-12-31"));
  const std::string p2 = commune.export_package(worker_2, "00002", y2025, day("2025-12-31"));
  CHECK(p1.find("P1-") == std::string::npos);  // no case-level data leaves
  auto province = store_with_units();
  province.import_package(officer, p1);
  province.import_package(officer, p2);
  CHECK_THROWS_WITH(province.import_package(officer, p1), Catch::Contains("already imported"));
  const auto rolled = province.rolled_up_packages(officer, "86", y2025);
  CHECK(rolled.cases.value == 20);
  CHECK(rolled.service_access.numerator.value == 9);
  CHECK(rolled.service_access.denominator.value == 20);
  CHECK(rolled.service_access.value == Approx(45.0));
  CHECK(rolled.incomplete);  // commune 2 withheld its 2 male survivors
  const auto* sex = rolled.find("sex");
  REQUIRE(sex);
  INFO(write_indicators_json(rolled));
  CHECK(sex->cells[0].category == "female");
  CHECK(sex->cells[0].count.value == 14);  // 14 shown by commune 1; commune 2's 4 were withheld and stay unknown
  // A package of the province itself for the same period would count twice.
  const std::string whole = commune.export_package(province_worker, "86", y2025, day("2025-12-31"));
  CHECK_THROWS_WITH(province.import_package(officer, whole), Catch::Contains("overlaps"));
}

TEST_CASE("A store records a unit's cases or imports its packages, never both (decision 0024)", "[cases][packages][disclosure]") {
  auto commune = store_with_units();
  std::vector<CaseRecord> one, two;
  for (int i = 0; i < 6; ++i) one.push_back(make_case("O1-" + std::to_string(i), "00001", "2025-02-01"));
  for (int i = 0; i < 6; ++i) two.push_back(make_case("O2-" + std::to_string(i), "00002", "2025-03-01"));
  commune.record_cases(worker, one);
  commune.record_cases(worker_2, two);
  const Period y2025 = parse_period("2025");
  const std::string p1 = commune.export_package(worker, "00001", y2025, day("2025-12-31"));
  const std::string p2 = commune.export_package(worker_2, "00002", y2025, day("2025-12-31"));

  auto province = store_with_units();
  // The province's own cases and commune 2's live here; commune 1 sends its package.
  province.record_cases(province_worker, std::vector<CaseRecord>{make_case("P-1", "86", "2025-01-05")});
  province.record_cases(worker_2, std::vector<CaseRecord>{make_case("Q-1", "00002", "2025-01-06")});
  province.import_package(officer, p1);  // the province's own case is not in commune 1's subtree
  const std::size_t audit_before = audit_size(province);

  // A case of a unit the package covers, directly or merged into it, is refused by record and field.
  CHECK_THROWS_MATCHES(province.record_cases(worker, std::vector<CaseRecord>{make_case("N-1", "00001", "2025-01-07")}), Conflict,
                       Catch::Matchers::Message(
                           "/0/unit: unit '00001' is covered by the report package imported for unit '00001'; a store that "
                           "imports a unit's packages does not also record the unit's cases, since releases of the same "
                           "cases from two families could be subtracted (decision 0024)"));
  CHECK_THROWS_WITH(province.record_cases(province_worker, std::vector<CaseRecord>{make_case("N-2", "00002", "2025-01-07"),
                                                                                   make_case("N-3", "00003", "2025-01-07")}),
                    Catch::StartsWith("/1/unit: unit '00003' is covered by the report package imported for unit '00001'"));
  CHECK_THROWS_WITH(province.import_cases(worker, write_cases_json({make_case("N-4", "00001", "2025-01-07")}), CaseFormat::json),
                    Catch::StartsWith("/cases/0/unit: unit '00001' is covered"));
  // Nor may a case move into it.
  CaseRecord moved = province.load_case(province_worker, "P-1");
  moved.unit = "00001";
  CHECK_THROWS_WITH(province.update_case(province_worker, moved), Catch::StartsWith("/0/unit: unit '00001' is covered"));
  // The other way: a package of a unit whose cases the store holds.
  CHECK_THROWS_MATCHES(province.import_package(officer, p2), Conflict,
                       Catch::Matchers::Message("/indicators/unit: this store holds case records of unit 00002's subtree; it "
                                                "does not also import the unit's packages, since releases of the same cases "
                                                "from two families could be subtracted (decision 0024)"));
  // Nothing was written: the same cases, one package, and only the reads above in the trail.
  CHECK(province.cases(province_worker, "86", y2025).size() == 2);
  CHECK(province.load_case(province_worker, "P-1").unit == "86");
  CHECK(province.rolled_up_packages(officer, "86", y2025).cases.value == 6);
  for (const auto& e : province.audit_trail(auditor)) {
    if (static_cast<std::size_t>(e.seq) > audit_before) {
      INFO(e.action << " " << e.detail);
      CHECK((e.action == "case.read" || e.action == "aggregate.read" || e.action == "audit.read"));
    }
  }

  SECTION("a case moved out after its family was sealed still counts there") {
    CHECK(province.case_indicators(officer, "86", y2025, day("2025-12-31")).cases.suppressed);  // seals 86/2025 with Q-1
    CaseRecord q = province.load_case(province_worker, "Q-1");
    q.unit = "86";
    province.update_case(province_worker, q);  // commune 2 now holds no live case here
    CHECK_THROWS_WITH(province.import_package(officer, p2), Catch::Contains("holds case records of unit 00002's subtree"));
  }
  SECTION("a register change that would bring cases under the package's unit is refused") {
    // Commune 2, whose case Q-1 the store holds, merged into commune 1 (whose package it imports).
    const UnitRegister merge{{UnitVersion{"00001", "Xã Một Mới", Level::commune, "86", day("2026-01-01"), std::nullopt}},
                             {{"00001", "00001", day("2026-01-01"), std::nullopt}, {"00002", "00001", day("2026-01-01"), std::nullopt}}};
    CHECK_THROWS_MATCHES(province.import_register(merge), Conflict,
                         Catch::Matchers::Message("/versions: this change would bring case records the store holds under unit "
                                                  "'00001', whose report packages it imports; releases of the same cases "
                                                  "from two families could be subtracted (decision 0024)"));
    CHECK(province.unit_history("00002").successors.empty());  // nothing recorded
    CHECK(province.unit_history("00001").versions.size() == 1);
    CHECK(province.check_integrity(auditor).intact);
    // A change that brings no case under it is recorded.
    province.import_register(UnitRegister{{UnitVersion{"00001", "Xã Một Mới", Level::commune, "86", day("2026-01-01"), std::nullopt}},
                                          {{"00001", "00001", day("2026-01-01"), std::nullopt}}});
    CHECK(province.unit_history("00001").versions.size() == 2);
  }
  SECTION("a store with no cases of the unit imports its package") {
    auto other = store_with_units();
    other.record_cases(province_worker, std::vector<CaseRecord>{make_case("P-1", "86", "2025-01-05")});
    other.import_package(officer, p2);
    CHECK(other.rolled_up_packages(officer, "86", y2025).cases.value == 6);
    CHECK(other.check_integrity(auditor).intact);
  }
}

TEST_CASE("A rate has one JSON shape in metrics, indicators and packages; packages of version 1 still read", "[cases][packages]") {
  using ordered = nlohmann::ordered_json;
  auto commune = store_with_units();
  std::vector<CaseRecord> cases;
  for (int i = 0; i < 20; ++i) {
    CaseRecord c = make_case("R-" + std::to_string(i), "00001", "2025-02-01");
    if (i < 12) c.services = {Service{ServiceType::medical, "tram-y-te", day("2025-02-03"), ServiceOutcome::provided}};
    cases.push_back(c);
  }
  commune.record_cases(worker, cases);
  const Period y2025 = parse_period("2025");
  const std::string text = commune.export_package(worker, "00001", y2025, day("2025-12-31"));
  const auto package = ordered::parse(text);
  CHECK(package["format_version"] == 2);
  auto keys_of = [](const ordered& o) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : o.items()) keys.push_back(key);
    return keys;
  };
  const std::vector<std::string> shape{"value", "unit", "numerator", "denominator", "suppressed", "flags"};
  for (const char* name : {"service_access", "help", "referral_completion"}) {
    const auto& rate = package["indicators"]["indicators"][name];
    CHECK(keys_of(rate) == shape);
    const auto expected = rate["suppressed"].get<bool>() ? ordered::array({"suppressed"})
                          : rate["value"].is_null()       ? ordered::array({"no_data"})
                                                          : ordered::array();
    CHECK(rate["flags"] == expected);
  }
  // The metrics write the same keys in the same order.
  PlanMetrics m;
  m.as_of = day("2025-12-31");
  const auto metrics = ordered::parse(write_metrics_json(m));
  CHECK(keys_of(metrics["plan_compliance"]) == shape);
  CHECK(metrics["plan_compliance"]["flags"] == ordered::array({"no_data"}));
  // A package written by 0.1 (version 1, rates without flags) imports and rolls up alike.
  auto old = package;
  old["format_version"] = 1;
  for (const char* name : {"service_access", "help", "referral_completion"}) old["indicators"]["indicators"][name].erase("flags");
  auto from_old = store_with_units();
  from_old.import_package(officer, old.dump());
  auto from_new = store_with_units();
  from_new.import_package(officer, text);
  CHECK(write_indicators_json(from_old.rolled_up_packages(officer, "86", y2025)) ==
        write_indicators_json(from_new.rolled_up_packages(officer, "86", y2025)));
  auto future = package;
  future["format_version"] = 3;
  auto third = store_with_units();
  CHECK_THROWS_AS(third.import_package(officer, future.dump()), VersionError);
}

TEST_CASE("Property: case indicators of a province equal the sums over its communes; disclosure holds", "[cases][property]") {
  std::mt19937 random(11);
  auto store = store_with_units();
  std::vector<CaseRecord> batch;
  const char* communes[] = {"00001", "00002", "00003"};
  for (int i = 0; i < 240; ++i) {
    CaseRecord c = make_case("R-" + std::to_string(i), communes[random() % 3], "2025-01-01");
    c.intake_date = Date{std::chrono::sys_days{day("2025-01-01")} + std::chrono::days{static_cast<int>(random() % 300)}};
    c.survivor.sex = all_values<Sex>()[random() % 3];
    c.survivor.age_group = all_values<AgeGroup>()[random() % all_values<AgeGroup>().size()];
    c.needs_help = random() % 4 != 0;
    c.receiving_body = all_values<ReceivingBody>()[random() % all_values<ReceivingBody>().size()];
    if (random() % 3 != 0) {
      c.services = {Service{all_values<ServiceType>()[random() % 8], "tram-y-te",
                            Date{std::chrono::sys_days{c.intake_date} + std::chrono::days{static_cast<int>(random() % 40)}},
                            ServiceOutcome::provided}};
      if (day("2025-11-30") < c.services[0].date) c.services[0].date = c.intake_date;
    }
    batch.push_back(c);
  }
  store.record_cases(province_worker, batch);
  const Period y = parse_period("2025");
  const Date as_of = day("2025-11-30");
  const auto whole = store.case_indicators(province_worker, "86", y, as_of);
  // 00003 was merged into 00001: its cases count there, so the communes of the current tree are 00001 and 00002.
  std::int64_t cases = 0, served = 0, need = 0, need_served = 0;
  for (const char* unit : {"00001", "00002"}) {
    const auto part = store.case_indicators(province_worker, unit, y, as_of);
    cases += *part.cases.value;
    served += *part.service_access.numerator.value;
    need += *part.help.denominator.value;
    need_served += *part.help.numerator.value;
  }
  CHECK(*whole.cases.value == 240);
  CHECK(*whole.cases.value == cases);
  CHECK(*whole.service_access.numerator.value == served);
  CHECK(*whole.help.denominator.value == need);
  CHECK(*whole.help.numerator.value == need_served);
  CHECK(whole.help.value == Approx(100.0 * static_cast<double>(need_served) / static_cast<double>(need)));
  for (int k : {3, 5, 10, 40}) {
    CaseIndicators x = whole;
    apply_disclosure_control(x, DisclosureOptions{k});
    for (const auto& d : x.disaggregations) {
      int withheld = 0;
      for (const auto& c : d.cells) {
        if (c.count.value) CHECK((*c.count.value == 0 || *c.count.value >= k));
        withheld += c.count.suppressed ? 1 : 0;
      }
      if (!d.total.suppressed) CHECK(withheld != 1);  // secondary suppression
    }
  }
}

TEST_CASE("Released aggregates cannot be had with a small k, for odd periods, or before a period ends", "[cases][disclosure]") {
  auto store = store_with_units();
  std::vector<CaseRecord> two{make_case("S-1", "00001", "2025-03-03"), make_case("S-2", "00001", "2025-03-04")};
  two[1].survivor.sex = Sex::male;
  store.record_cases(worker, two);
  const Period q1 = parse_period("2025Q1");
  // k below the store's minimum is raised to it.
  const auto x = store.case_indicators(officer, "86", q1, day("2025-12-31"), DisclosureOptions{1});
  CHECK(x.k == minimum_disclosure_k);
  CHECK(x.cases.suppressed);
  // A k above it would be a second family of releases: refused, for indicators, packages and roll-ups.
  CHECK_THROWS_WITH(store.case_indicators(officer, "86", q1, day("2025-12-31"), DisclosureOptions{10}),
                    Catch::Contains("releases at two thresholds could be subtracted"));
  CHECK_THROWS_AS(store.export_package(officer, "86", q1, day("2025-12-31"), DisclosureOptions{6}), InvalidArgument);
  CHECK_THROWS_AS(store.rolled_up_packages(officer, "86", q1, DisclosureOptions{7}), InvalidArgument);
  // A case worker of the unit sees the numbers as they are, whatever k.
  CHECK(store.case_indicators(worker, "00001", q1, day("2025-12-31"), DisclosureOptions{10}).cases.value == 2);
  // Periods that are not whole calendar periods, or not over, are refused.
  CHECK_THROWS_AS(store.case_indicators(officer, "86", parse_period("2025-03-01/2025-03-03"), day("2025-12-31")), PermissionDenied);
  CHECK_THROWS_AS(store.case_indicators(officer, "86", q1, day("2025-03-30")), PermissionDenied);
  CHECK_THROWS_AS(store.export_package(worker, "00001", q1, day("2025-03-30")), PermissionDenied);
  // A case worker of the unit still sees its own numbers, for any period.
  CHECK(store.case_indicators(worker, "00001", parse_period("2025-03-01/2025-03-03"), day("2025-03-03")).cases.value == 1);
  // A package that claims control it does not have is refused.
  std::string package = store.export_package(worker, "00001", q1, day("2025-12-31"));
  auto forged = nlohmann::json::parse(package);
  forged["indicators"]["indicators"]["cases"] = {{"value", 2}, {"suppressed", false}};
  auto upper = store_with_units();
  CHECK_THROWS_WITH(upper.import_package(officer, forged.dump()), Catch::Contains("was not controlled as it claims"));
  forged = nlohmann::json::parse(package);
  forged["indicators"]["k"] = 1;
  CHECK_THROWS_WITH(upper.import_package(officer, forged.dump()), Catch::Contains("k ≥ 5"));
  upper.import_package(officer, package);
}

TEST_CASE("check_integrity proves cases equal their audited content and cells a rebuild, by record", "[cases][audit][integrity]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("integrity.db"));
  {
    auto store = Store::open(path);
    store.import_units(units);
    std::vector<CaseRecord> batch;
    for (int i = 0; i < 6; ++i) batch.push_back(make_case("I-" + std::to_string(i), "00001", ("2025-0" + std::to_string(1 + i) + "-01").c_str()));
    store.record_cases(worker, batch);
    const auto report = store.check_integrity(auditor);
    CHECK(report.intact);
    CHECK(report.problems.empty());
    CHECK(report.cases_checked == 6);
    CHECK(report.cells_checked == 6);
    CHECK(report.audit.intact);
  }
  // SQL behind the library's back; PostgreSQL's when it differs.
  auto tamper = [&](const std::string& sql, const std::string& on_postgres = {}) { test::tamper(path, sql, on_postgres); };
  auto problems_of = [&] {
    auto store = Store::open(path);
    const auto report = store.check_integrity(auditor);
    CHECK_FALSE(report.intact);
    std::vector<std::string> out;
    for (const auto& p : report.problems) out.push_back(p.kind + " " + p.record);
    return out;
  };
  using V = std::vector<std::string>;
  SECTION("a case edited in place") {
    tamper("UPDATE cases SET age_group = '60_plus' WHERE code = 'I-2'");
    CHECK(problems_of() == V{"case_changed 00001:I-2", "cells 00001/2025-03"});
  }
  SECTION("a case deleted with its child rows") {
    tamper("PRAGMA foreign_keys = ON; DELETE FROM cases WHERE code = 'I-4'", "DELETE FROM cases WHERE code = 'I-4'");
    CHECK(problems_of() == V{"case_missing 00001:I-4", "cells 00001/2025-05"});
  }
  SECTION("a case inserted behind the library's back") {
    tamper("INSERT INTO cases SELECT unit, 'I-99', intake_date, incident_date, receiving_body, channel, domestic_violence, status, "
           "closed_on, sex, age_group, ethnic_minority, disability, migrant_worker, perpetrator, needs_help, consent_services, "
           "consent_sharing, first_received_as FROM cases WHERE code = 'I-0'");
    CHECK(problems_of() == V{"case_unaudited 00001:I-99", "cells 00001/2025-01"});
  }
  SECTION("a year's cells deleted") {
    tamper("DELETE FROM case_cells");
    CHECK(problems_of().size() == 6);
  }
  SECTION("a case and its digest changed together") {
    tamper("UPDATE cases SET sex = 'male' WHERE code = 'I-1'");
    test::lift_append_only(path, "case_digests");
    tamper("UPDATE case_digests SET hashes = zeroblob(6 * 32)", "UPDATE case_digests SET hashes = decode(repeat('00', 6 * 32), 'hex')");
    const auto found = problems_of();
    CHECK(std::find(found.begin(), found.end(), "digests 1") != found.end());
  }
  SECTION("a case moved to another unit by an update is no missing case") {
    {
      auto store = Store::open(path);
      CaseRecord c = store.load_case(worker, "I-3");
      c.unit = "00003";  // merged into 00001: in the worker's subtree
      store.update_case(worker, c);
      const auto report = store.check_integrity(auditor);
      for (const auto& p : report.problems) UNSCOPED_INFO(p.kind << " " << p.record << ": " << p.detail);
      CHECK(report.intact);
    }
    // (PostgreSQL enforces the case rows' references: the case is copied, its child rows moved, the old row deleted.)
    std::string move_children;
    for (const char* t : {"case_violence", "case_measures", "case_services", "case_referrals"}) {
      move_children += std::string("UPDATE ") + t + " SET case_unit = '00001' WHERE case_code = 'I-3'; ";
    }
    tamper("UPDATE cases SET unit = '00001' WHERE code = 'I-3'",
           "INSERT INTO cases SELECT '00001', code, intake_date, incident_date, receiving_body, channel, domestic_violence, "
           "status, closed_on, sex, age_group, ethnic_minority, disability, migrant_worker, perpetrator, needs_help, "
           "consent_services, consent_sharing, first_received_as FROM cases WHERE code = 'I-3'; " +
               move_children + "DELETE FROM cases WHERE code = 'I-3' AND unit = '00003'");
    const auto found = problems_of();
    for (const char* expected : {"case_missing 00003:I-3", "case_unaudited 00001:I-3", "cells 00001/2025-04", "cells 00003/2025-04"}) {
      CHECK(std::find(found.begin(), found.end(), expected) != found.end());
    }
  }
  SECTION("free text cannot forge a case's content hash") {
    {
      auto store = Store::open(path);
      CaseRecord c = make_case("F-1", "00001", "2025-07-01");
      c.consent_services = false;
      c.referrals = {Referral{"tram-y-te", "ttyt-tinh", day("2025-07-02"), ReferralStatus::done, ConsentOverride{"cw-1b", "a\x1f" "1\x1e-"}},
                     Referral{"tram-y-te", "ca-xa", day("2025-07-03"), ReferralStatus::done, ConsentOverride{"cw-1b", "b"}}};
      store.record_cases(worker_with_override, std::vector<CaseRecord>{c});
      CHECK(store.check_integrity(auditor).intact);
    }
    // The second referral deleted and its fields folded into the first's reason.
    const std::string fold = "DELETE FROM case_referrals WHERE case_code = 'F-1' AND ord = 1; "
                             "UPDATE case_referrals SET override_reason = override_reason || '3:b' WHERE case_code = 'F-1'";
    tamper("PRAGMA foreign_keys = ON; " + fold, fold);
    const auto found = problems_of();
    CHECK(std::find(found.begin(), found.end(), "case_changed 00001:F-1") != found.end());
  }
  SECTION("a sealed release family rewritten, or deleted") {
    {
      auto store = Store::open(path);
      CHECK(store.case_indicators(officer, "86", parse_period("2025"), day("2025-12-31")).cases.value == 6);  // seals it
      CHECK(store.check_integrity(auditor).intact);
    }
    CHECK_THROWS(tamper("UPDATE release_seals SET cases = cases"));  // the trigger refuses
    test::lift_append_only(path, "release_seals");
    SECTION("its cases changed") {
      tamper("UPDATE release_seals SET cases = replace(cases, '2025-03-01', '2025-02-01')");
      CHECK(problems_of() == V{"seal 86/2025"});
    }
    SECTION("its cases and digest changed together") {
      tamper("UPDATE release_seals SET cases = replace(cases, '2025-03-01', '2025-02-01'), digest = 'x'");
      CHECK(problems_of() == V{"seal 86/2025"});
    }
    SECTION("deleted") {
      tamper("DELETE FROM release_seals");
      CHECK(problems_of() == V{"seal 86/2025"});
    }
  }
  SECTION("a package row for a unit whose cases the store holds (decision 0024)") {
    tamper("INSERT INTO packages (digest, unit, period_start, period_end, as_of, document) "
           "VALUES ('x', '00001', '2025-01-01', '2025-12-31', '2025-12-31', '{}')");
    CHECK(problems_of() == V{"overlap 00001"});
    auto store = Store::open(path);
    // Sealing a family that holds both is refused, and nothing is sealed.
    CHECK_THROWS_WITH(store.case_indicators(officer, "86", parse_period("2025"), day("2025-12-31")),
                      Catch::Contains("decision 0024"));
    CHECK(test::raw_value(path, "SELECT count(*) FROM release_seals") == "0");
    // Its case workers may still correct a case in place; moving one into the unit stays refused.
    CaseRecord c = store.load_case(worker, "I-2");
    c.needs_help = false;
    store.update_case(worker, c);
    CHECK_FALSE(store.load_case(worker, "I-2").needs_help);
    CaseRecord other = make_case("J-1", "86", "2025-02-01");
    store.record_cases(province_worker, std::vector<CaseRecord>{other});
    other.unit = "00001";
    CHECK_THROWS_WITH(store.update_case(province_worker, other), Catch::StartsWith("/0/unit: unit '00001' is covered"));
  }
  SECTION("nothing is repaired: the same problems are found again") {
    tamper("DELETE FROM case_cells WHERE month = '2025-02'");
    CHECK(problems_of() == V{"cells 00001/2025-02"});
    CHECK(problems_of() == V{"cells 00001/2025-02"});
  }
}

TEST_CASE("A portal-held audit key makes a rewritten chain detectable", "[cases][audit][integrity]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("keyed.db"));
  const std::string key = "portal-secret-0123456789";
  {
    auto store = Store::open(path);
    CHECK_THROWS_AS(store.set_audit_key("short"), InvalidArgument);
    store.import_units(units);
    store.record_cases(worker, std::vector<CaseRecord>{make_case("K-1", "00001", "2025-01-01")});  // before the key
    store.set_audit_key(key);
    store.record_cases(worker, std::vector<CaseRecord>{make_case("K-2", "00001", "2025-01-02")});
    store.load_case(worker, "K-1");
    const auto v = store.verify_audit(auditor);
    CHECK(v.intact);
    CHECK(v.macs_checked == 2);
  }
  SECTION("the right key verifies; a wrong key does not") {
    auto store = Store::open(path);
    store.set_audit_key(key);
    CHECK(store.verify_audit(auditor).intact);
    store.set_audit_key("another-key-0123456789");
    const auto v = store.verify_audit(auditor);
    CHECK_FALSE(v.intact);
    CHECK(v.first_broken == 2);
    CHECK_THAT(v.reason, Catch::Contains("MAC does not match"));
  }
  SECTION("a chain rewritten with recomputed hashes but no key") {
    // The forger appends an entry through a handle without the key, as a
    // rewrite with recomputed hashes would leave the end.
    {
      auto store = Store::open(path);
      store.load_case(worker, "K-2");
      CHECK(store.verify_audit(auditor).intact);  // without the key nothing can be told
    }
    auto store = Store::open(path);
    store.set_audit_key(key);
    const auto v = store.verify_audit(auditor);
    CHECK_FALSE(v.intact);
    CHECK_THAT(v.reason, Catch::Contains("no MAC although earlier entries do"));
  }
  SECTION("MACs stripped from the whole trail") {
    test::lift_append_only(path, "audit_log");
    test::tamper(path, "UPDATE audit_log SET mac = NULL");
    auto store = Store::open(path);
    store.set_audit_key(key);
    const auto v = store.verify_audit(auditor);
    CHECK_FALSE(v.intact);
    CHECK_THAT(v.reason, Catch::Contains("last entry carries no MAC"));
  }
}

TEST_CASE("Error messages are valid UTF-8 and bounded, whatever input they quote", "[bad-input]") {
  auto store = store_with_units();
  const std::string huge(5'000'000, 'x');
  const std::string bad = std::string("A-\xff\xfe") + "\x01" + "z";
  for (const std::string& code : {huge, bad}) {
    try {
      store.load_case(worker, code);
      FAIL("found");
    } catch (const NotFound& e) {
      const std::string what = e.what();
      CHECK(what.size() < 1100);
      CHECK(is_valid_utf8(what));
      if (code == bad) CHECK_THAT(what, Catch::Contains("A-\\xFF\\xFE\\x01z"));
      if (code == huge) CHECK_THAT(what, Catch::Contains("more bytes)"));
    }
  }
  CHECK(printable_excerpt("Hà Nội", 4) == "Hà … (5 more bytes)");
  CHECK(printable_excerpt("Hà Nội", 7) == "Hà N… (4 more bytes)");  // never half a letter
  CHECK(printable_excerpt("ok\ttab\nline", 200) == "ok\ttab\nline");
  // The output is bounded, escapes included; C1 and bidi controls are shown, not obeyed.
  const std::string controls(1200, '\x01');
  CHECK(printable_excerpt(controls, 1000).size() < 1030);
  CHECK(printable_excerpt("a\u202Eb\u0085c", 200) == "a\\xE2\\x80\\xAEb\\xC2\\x85c");
  try {
    store.load_case(worker, controls);
  } catch (const NotFound& e) {
    CHECK(std::string(e.what()).size() < 1100);
  }
}

TEST_CASE("Released indicators come from the family sealed at its first release: later writes change none",
          "[cases][disclosure]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("cache.db"));
  auto store = Store::open(path);
  store.import_units(units);
  auto batch = [](const std::string& prefix, int n) {
    std::vector<CaseRecord> out;
    for (int i = 0; i < n; ++i) out.push_back(make_case(prefix + std::to_string(i), "00001", "2025-02-03"));
    return out;
  };
  const Period q1 = parse_period("2025Q1");
  const Date as_of = day("2025-12-31");
  store.record_cases(worker, batch("R-", 6));
  CHECK(store.case_indicators(officer, "86", q1, as_of).cases.value == 6);
  CHECK(store.case_indicators(officer, "86", q1, as_of).cases.value == 6);  // the same family again
  // Recorded late, by this handle or by another (as another process would):
  // the case workers see them, no release does (decision 0023).
  store.record_cases(worker, batch("S-", 4));
  {
    auto other = Store::open(path);
    other.record_cases(worker, batch("T-", 5));
  }
  CaseRecord moved = store.load_case(worker, "R-0");
  moved.intake_date = day("2024-12-20");  // into another year
  store.update_case(worker, moved);
  CHECK(store.case_indicators(worker, "00001", q1, as_of).cases.value == 14);
  CHECK(store.case_indicators(officer, "86", q1, as_of).cases.value == 6);
  CHECK(store.case_indicators(officer, "86", parse_period("2025"), as_of).cases.value == 6);
  CHECK(store.case_indicators(officer, "86", parse_period("2025-02"), as_of).cases.value == 6);
  {
    auto fresh = Store::open(path);  // a handle with no cache reads the stored seal
    CHECK(fresh.case_indicators(officer, "86", q1, as_of) == store.case_indicators(officer, "86", q1, as_of));
    CHECK(fresh.export_package(province_worker, "86", q1, as_of) == store.export_package(province_worker, "86", q1, as_of));
  }
  // Another principal's unit is a family of its own, sealed from what the store holds at its first release.
  const Principal commune_officer{"off-2", Role::officer, "00001"};
  CHECK(store.case_indicators(commune_officer, "00001", q1, as_of).cases.value == 14);
  const auto trail = store.audit_trail(auditor);
  CHECK(std::count_if(trail.begin(), trail.end(), [](const AuditEntry& e) { return e.action == "release.seal"; }) == 2);
  // 2024's family is sealed at its own first release, with the moved case.
  CHECK(store.case_indicators(officer, "86", parse_period("2024"), as_of).cases.suppressed);
}

TEST_CASE("A year is released outside its case workers only once it has closed", "[cases][disclosure]") {
  auto store = store_with_units();
  const Date today = today_in_vietnam();
  const int year = static_cast<int>(today.year());
  const Period first_month = period_of(PeriodType::month, year, 1);
  store.record_cases(worker, std::vector<CaseRecord>{make_case("A-1", "00001", format_iso_date(first_month.start).c_str())});
  if (!(first_month.end < today)) return;  // 1 January: no period of the year has ended
  CHECK_THROWS_WITH(store.case_indicators(officer, "86", first_month, today),
                    Catch::Contains("once the year has closed") && Catch::Contains(std::to_string(year + 1) + "-01-01"));
  CHECK_THROWS_WITH(store.export_package(worker, "00001", first_month, today), Catch::Contains("once the year has closed"));
  CHECK(store.case_indicators(worker, "00001", first_month, today).cases.value == 1);  // the case workers' own view
  const auto trail = store.audit_trail(auditor);
  CHECK(std::none_of(trail.begin(), trail.end(), [](const AuditEntry& e) { return e.action == "release.seal"; }));
}
