// The case aggregates kept at write time (schema 5, decision 0009) against the
// reference: the same indicators read from the case tables. Random cases are
// written in batches and some are updated (moving between units and months),
// closed and reopened;
// then every period of whole months, as of its end and later, must give the
// same indicators both ways.

#include <kehoach/kehoach.hpp>

#include "store/case_cells.hpp"
#include "store/sqlite/storage.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <regex>

using namespace kehoach;
using store_detail::CellUse;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }
Date plus(Date d, int n) { return Date{std::chrono::sys_days{d} + std::chrono::days{n}}; }

const std::vector<AdministrativeUnit> tree = {
    {"86", "Vĩnh Long", Level::province, {}, {}, {}, {}},
    {"00001", "Xã Một", Level::commune, "86", {}, {}, {}},
    {"00002", "Xã Hai", Level::commune, "86", {}, {}, {}},
    {"00003", "Xã Ba (cũ)", Level::commune, "86", {}, day("2025-06-30"), "00001"},
};
const Principal worker{"cw-p", Role::case_worker, "86", false};

template <class E>
E any(std::mt19937& rng) {
  const auto values = all_values<E>();
  return values[rng() % values.size()];
}

std::optional<bool> maybe(std::mt19937& rng) {
  const auto r = rng() % 3;
  if (r == 2) return std::nullopt;
  return r == 0;
}

CaseRecord random_case(std::mt19937& rng, int i) {
  CaseRecord c;
  c.code = "VL-" + std::to_string(i);
  c.unit = tree[1 + rng() % 3].code;
  c.intake_date = plus(day("2023-01-01"), static_cast<int>(rng() % 1030));  // to late October 2025
  c.receiving_body = any<ReceivingBody>(rng);
  c.channel = any<IntakeChannel>(rng);
  for (std::size_t k = 0, n = 1 + rng() % 3; k < n; ++k) {
    const ViolenceType t = any<ViolenceType>(rng);
    if (std::find(c.violence.begin(), c.violence.end(), t) == c.violence.end()) c.violence.push_back(t);
  }
  c.survivor = Survivor{any<Sex>(rng), any<AgeGroup>(rng), maybe(rng), maybe(rng), maybe(rng)};
  c.perpetrator = any<Relationship>(rng);
  c.needs_help = rng() % 4 != 0;
  c.consent_services = true;
  for (std::size_t k = 0, n = rng() % 4; k < n; ++k) {
    c.services.push_back(Service{any<ServiceType>(rng), "tram-y-te", plus(c.intake_date, static_cast<int>(rng() % 120)),
                                 rng() % 3 ? ServiceOutcome::provided : any<ServiceOutcome>(rng)});
  }
  for (std::size_t k = 0, n = rng() % 3; k < n; ++k) {
    c.referrals.push_back(Referral{"tram-y-te", "ttyt-tinh", plus(c.intake_date, static_cast<int>(rng() % 90)),
                                   any<ReferralStatus>(rng), std::nullopt});
  }
  if (i > 0 && rng() % 20 == 0) c.first_received_as = "VL-" + std::to_string(rng() % static_cast<unsigned>(i));
  return c;
}

std::vector<Period> periods() {
  std::vector<Period> out;
  for (int year = 2023; year <= 2025; ++year) {
    out.push_back(period_of(PeriodType::year, year, 1));
    for (int h = 1; h <= 2; ++h) out.push_back(period_of(PeriodType::half_year, year, h));
    for (int q = 1; q <= 4; ++q) out.push_back(period_of(PeriodType::quarter, year, q));
  }
  for (int m = 1; m <= 12; ++m) out.push_back(period_of(PeriodType::month, 2024, m));
  out.push_back(Period{day("2023-01-01"), day("2025-12-31")});
  out.push_back(Period{day("2024-02-01"), day("2024-02-29")});
  out.push_back(Period{day("2024-03-15"), day("2024-06-30")});  // not whole months: read from the cases
  return out;
}

}  // namespace

TEST_CASE("Property: indicators summed from the write-time cells equal those read from the cases", "[cases][cells][property]") {
  const auto seed = GENERATE(1u, 2u, 3u);
  std::mt19937 rng(seed);
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("cells.db"));
  auto store = Store::open(path);
  store.import_units(tree);
  std::vector<CaseRecord> all;
  for (int i = 0; i < 400;) {
    std::vector<CaseRecord> batch;
    for (std::size_t n = 1 + rng() % 60; n > 0 && i < 400; --n, ++i) batch.push_back(random_case(rng, i));
    store.record_cases(worker, batch);
    all.insert(all.end(), batch.begin(), batch.end());
  }
  // Updates move cases between units and months, and change their services.
  for (int k = 0; k < 30; ++k) {
    CaseRecord c = random_case(rng, 1000 + k);
    c.code = all[rng() % all.size()].code;
    if (c.first_received_as == c.code) c.first_received_as.reset();
    store.update_case(worker, c);
  }
  // Closes and reopens (issue 18), each against the version read.
  int closes = 0, reopens = 0;
  for (int k = 0; k < 40; ++k) {
    const CaseRecord c = store.load_case(worker, all[rng() % all.size()].code);
    if (c.status == CaseStatus::open) {
      store.close_case(worker, c.unit, c.code, plus(c.intake_date, static_cast<int>(rng() % 60)), case_version(c));
      ++closes;
    } else {
      store.reopen_case(worker, c.unit, c.code, case_version(c));
      ++reopens;
    }
  }
  CHECK(closes > 0);
  CHECK(closes + reopens == 40);
  REQUIRE(std::stoi(test::raw_value(path, "SELECT count(*) FROM case_cells")) > 0);
  const auto storage = test::open_storage(path);
  int compared = 0;
  for (const auto& period : periods()) {
    for (int late : {0, 1, 20, 60, 400}) {
      const Date as_of = plus(period.end, late);
      for (const char* unit : {"86", "00001", "00002", "00003"}) {
        INFO("seed " << seed << ", unit " << unit << ", " << format_iso_date(period.start) << "/" << format_iso_date(period.end) << " as of " << format_iso_date(as_of));
        const CaseIndicators cells = store.case_indicators(worker, unit, period, as_of);
        const CaseIndicators reference = store_detail::compute_indicators(*storage, unit, period, as_of, CellUse::never);
        CHECK(cells == reference);
        ++compared;
      }
    }
  }
  CHECK(compared == static_cast<int>(periods().size()) * 5 * 4);
}

TEST_CASE("Indicators of whole months are summed from the cells, which the store remakes when they are missing",
          "[cases][cells]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("cells.db"));
  std::mt19937 rng(7);
  const Period year = period_of(PeriodType::year, 2024, 1);
  const Date as_of = day("2025-12-31");
  CaseIndicators before;
  {
    auto store = Store::open(path);
    store.import_units(tree);
    std::vector<CaseRecord> batch;
    for (int i = 0; i < 200; ++i) batch.push_back(random_case(rng, i));
    store.record_cases(worker, batch);
    before = store.case_indicators(worker, "86", year, as_of);
    REQUIRE(before.cases.value.value_or(0) > 0);
  }
  {
    // A cell removed behind the store's back changes the answer: the cells are what is read.
    test::tamper(path, "DELETE FROM case_cells WHERE (unit, month) = (SELECT unit, month FROM case_cells "
                       "WHERE month LIKE '2024-%' ORDER BY unit, month LIMIT 1)");
  }
  {
    auto store = Store::open(path);
    CHECK_FALSE(store.case_indicators(worker, "86", year, as_of) == before);
  }
  {
    // A layout the library does not know (an older or newer library wrote the cells): remade on open.
    test::tamper(path, "UPDATE meta SET value = 'another layout' WHERE key = 'case_cells_layout'");
  }
  auto store = Store::open(path);
  CHECK(store.case_indicators(worker, "86", year, as_of) == before);
}

TEST_CASE("A version 4 store with cases gets its cells when it is upgraded", "[cases][cells][migration][sqlite]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("v4.kehoach"));
  std::filesystem::copy_file(std::filesystem::path(KEHOACH_STORE_FIXTURES) / "v4.kehoach", path);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 4);
    REQUIRE(db.execAndGet("SELECT count(*) FROM cases").getInt() == 12);
  }
  auto store = Store::open(path);
  CHECK(store.schema_version() == latest_schema_version());
  const Principal province{"cw-42", Role::case_worker, "42", false};
  const Period year = period_of(PeriodType::year, 2024, 1);
  const CaseIndicators x = store.case_indicators(province, "42", year, day("2024-12-31"));
  CHECK(x.cases.value == 12);
  CHECK(x.cases_with_service.value == 8);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM case_cells").getInt() > 0);
  StoreOptions read_only;
  read_only.read_only = true;
  const auto storage = sqlite::SqliteStorage::open(path, read_only);
  CHECK(x == store_detail::compute_indicators(*storage, "42", year, day("2024-12-31"), CellUse::never));
  // The upgrade to schema 8 keyed the cases by unit and code and wrote one
  // baseline entry with their content hashes: the store checks whole.
  CHECK(db.execAndGet("SELECT length(hashes) FROM case_digests").getInt() == 12 * 32);
  const Principal auditor{"kt-42", Role::auditor, "42", false};
  const auto trail = store.audit_trail(auditor);
  REQUIRE(trail.size() >= 2);
  CHECK(trail[0].action == "case.write");  // the fixture's own write, before schema 8
  CHECK(trail[1].action == "case.baseline");
  CHECK(trail[1].principal == "kehoach-migration");
  const auto report = store.check_integrity(auditor);
  for (const auto& p : report.problems) UNSCOPED_INFO(p.kind << " " << p.record << ": " << p.detail);
  CHECK(report.intact);
  CHECK(report.cases_checked == 12);
  CHECK(store.load_case(province, "444", "HT-2024-101").unit == "444");
}

TEST_CASE("Damaged cells are refused as a corrupt store, never read as numbers", "[cases][cells][bad-input]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("cells.db"));
  std::mt19937 rng(5);
  const Period year = period_of(PeriodType::year, 2024, 1);
  {
    auto store = Store::open(path);
    store.import_units(tree);
    std::vector<CaseRecord> batch;
    for (int i = 0; i < 100; ++i) batch.push_back(random_case(rng, i));
    store.record_cases(worker, batch);
  }
  const char* damage = GENERATE("UPDATE case_cells SET days = x'0600'",                      // 3 days, 0 cases
                                "UPDATE case_cells SET counts = x'ff'",                      // a truncated number
                                "UPDATE case_cells SET counts = x'ffffffffffffffffff7f'",    // a count out of range
                                "UPDATE case_cells SET counts = substr(counts, 2)",          // one counter short
                                "UPDATE case_cells SET last_event = '2199-01-01', events = x'0063'",  // an unknown counter
                                "UPDATE case_cells SET last_event = '9999-01-01'");  // a date out of range
  // PostgreSQL writes a binary literal as '\x…'::bytea.
  const std::string on_postgres = std::regex_replace(damage, std::regex("x'([0-9a-f]*)'"), "'\\x$1'::bytea");
  test::tamper(path, damage, on_postgres);
  auto store = Store::open(path);
  INFO(damage);
  try {
    store.case_indicators(worker, "86", year, day("2025-12-31"));
    FAIL("damaged cells were read");
  } catch (const StoreError& e) {
    CHECK(e.code() == ErrorCode::corrupt_store);
  }
}

TEST_CASE("A case with a value outside its enumeration is refused, by field, and nothing is written", "[cases][bad-input]") {
  auto store = Store::open(test::fresh_store());
  store.import_units(tree);
  std::mt19937 rng(9);
  CaseRecord c = random_case(rng, 1);
  c.survivor.sex = static_cast<Sex>(9);
  c.services.push_back(Service{static_cast<ServiceType>(70), "tram-y-te", c.intake_date, ServiceOutcome::provided});
  try {
    store.record_cases(worker, std::vector<CaseRecord>{c});
    FAIL("accepted");
  } catch (const ValidationError& e) {
    std::vector<std::string> paths;
    for (const auto& d : e.errors()) paths.push_back(d.path);
    CHECK(std::find(paths.begin(), paths.end(), "/0/survivor/sex") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "/0/services/" + std::to_string(c.services.size() - 1) + "/type") != paths.end());
  }
  CHECK(store.cases(worker, "86", Period{day("2000-01-01"), day("2026-11-25")}).empty());
}

TEST_CASE("Stores kept at schema 5 or 6 refuse case data until upgraded; a writer forgets cells of another layout",
          "[cases][cells][migration][sqlite]") {
  std::mt19937 rng(3);
  std::vector<CaseRecord> batch;
  for (int i = 0; i < 80; ++i) batch.push_back(random_case(rng, i));
  const Period year = period_of(PeriodType::year, 2024, 1);
  test::TempDir dir;
  CaseIndicators latest;
  {
    auto store = Store::open(dir.file("latest.db"));
    store.import_units(tree);
    store.record_cases(worker, batch);
    latest = store.case_indicators(worker, "86", year, day("2025-12-31"));
  }
  for (int version : {5, 6}) {
    const std::string path = dir.file("v" + std::to_string(version) + ".db");
    {
      auto store = Store::open(path, StoreOptions{.schema_version = version});
      store.import_units(tree);
      // Case tables keyed by unit and code came with schema 8.
      CHECK_THROWS_AS(store.record_cases(worker, batch), VersionError);
      CHECK_THROWS_AS(store.case_indicators(worker, "86", year, day("2025-12-31")), VersionError);
    }
    auto store = Store::open(path);  // upgraded
    store.record_cases(worker, batch);
    CHECK(store.case_indicators(worker, "86", year, day("2025-12-31")) == latest);
  }
  {
    // Another library's layout in the store: this writer does not add to those cells but forgets them.
    const std::string path = test::fresh_store(dir.file("other.db"));
    {
      auto store = Store::open(path);
      store.import_units(tree);
      store.record_cases(worker, std::vector<CaseRecord>(batch.begin(), batch.begin() + 40));
    }
    auto store = Store::open(path);
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec("UPDATE meta SET value = 'another layout' WHERE key = 'case_cells_layout'");
    }
    store.record_cases(worker, std::vector<CaseRecord>(batch.begin() + 40, batch.end()));
    {
      SQLite::Database db(path, SQLite::OPEN_READONLY);
      CHECK(db.execAndGet("SELECT count(*) FROM meta WHERE key = 'case_cells_layout'").getInt() == 0);
    }
    CHECK(store.case_indicators(worker, "86", year, day("2025-12-31")) == latest);  // read from the cases
    auto reopened = Store::open(path);                                               // rebuilt
    CHECK(reopened.case_indicators(worker, "86", year, day("2025-12-31")) == latest);
  }
}
