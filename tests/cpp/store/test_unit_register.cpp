// The unit register (issue 17, decision 0020): versions of a code, dated
// successions, recorded after plans were imported, and each kind of bad input
// refused naming its field with nothing written. Runs on both engines.

#include <kehoach/kehoach.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

Plan minimal_plan(const std::string& id) {
  auto j = test::minimal_document();
  j["id"] = id;
  return read_plan_json(j.dump()).plan;
}

UnitVersion commune(const char* code, const char* name, std::optional<Date> from = std::nullopt,
                    std::optional<Date> to = std::nullopt) {
  return UnitVersion{code, name, Level::commune, std::string("86"), from, to};
}

// The store's units, versions and successions, to prove a refused import wrote nothing.
struct Register {
  std::vector<AdministrativeUnit> units;
  std::vector<Succession> successions;
  std::vector<UnitHistory> histories;
  friend bool operator==(const Register& a, const Register& b) {
    if (a.units != b.units || a.successions != b.successions || a.histories.size() != b.histories.size()) return false;
    for (std::size_t i = 0; i < a.histories.size(); ++i) {
      if (a.histories[i].versions != b.histories[i].versions ||
          a.histories[i].predecessors != b.histories[i].predecessors ||
          a.histories[i].successors != b.histories[i].successors) {
        return false;
      }
    }
    return true;
  }
};

Register snapshot(const Store& store) {
  Register r{store.units(), store.successions(), {}};
  for (const auto& u : r.units) r.histories.push_back(store.unit_history(u.code));
  return r;
}

// Vĩnh Long (86) with communes 00001 (from the plan), 00002 and 00003.
Store register_store() {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan("first"));
  store.import_register(UnitRegister{{commune("00002", "Xã Bên"), commune("00003", "Xã Xa")}, {}});
  return store;
}

}  // namespace

TEST_CASE("register: a merger recorded after the plans, into a code reused by a larger commune", "[store][units]") {
  auto store = register_store();
  const Plan first = minimal_plan("first");
  // On 1 July 2025 Xã Thử (00001) absorbed Xã Bên (00002) and kept its code.
  store.import_register(UnitRegister{
      {commune("00001", "Xã Thử Mới", day("2025-07-01"))},
      {{"00001", "00001", day("2025-07-01"), std::nullopt}, {"00002", "00001", day("2025-07-01"), std::nullopt}}});

  const auto h = store.unit_history("00001");
  REQUIRE(h.versions.size() == 2);
  CHECK(h.versions[0] == commune("00001", "Xã Thử", std::nullopt, day("2025-06-30")));  // closed by the succession
  CHECK(h.versions[1] == commune("00001", "Xã Thử Mới", day("2025-07-01")));
  CHECK(h.predecessors.size() == 2);
  CHECK(h.successors == std::vector<Succession>{{"00001", "00001", day("2025-07-01"), std::nullopt}});
  const auto b = store.unit_history("00002");
  CHECK(b.versions == std::vector<UnitVersion>{commune("00002", "Xã Bên", std::nullopt, day("2025-06-30"))});
  CHECK(b.successors.size() == 1);

  // The store's row of each code is its latest version; 00002 passed to 00001.
  for (const auto& u : store.units()) {
    if (u.code == "00001") {
      CHECK(u.name == "Xã Thử Mới");
      CHECK(u.valid_from == day("2025-07-01"));
    }
    if (u.code == "00002") {
      CHECK(u.valid_to == day("2025-06-30"));
      CHECK(u.successor == "00001");
    }
  }
  // The plan of 2021 still names its units as it was issued.
  CHECK(store.load_plan("first") == first);
  CHECK(store.export_plan_json("first") == write_plan_json(first));

  // A plan of 2026 names the new commune; one that names the old one still imports.
  Plan later = minimal_plan("later");
  later.units[1].name = "Xã Thử Mới";
  later.units[1].valid_from = day("2025-07-01");
  store.import_plan(later);
  store.import_plan(minimal_plan("again"));
  CHECK(store.unit_history("00001").versions.size() == 2);
  CHECK(store.load_plan("later") == later);

  // The same import again changes nothing.
  const auto before = snapshot(store);
  store.import_register(UnitRegister{{commune("00001", "Xã Thử Mới", day("2025-07-01"))},
                                     {{"00002", "00001", day("2025-07-01"), std::nullopt}}});
  CHECK(snapshot(store) == before);
}

TEST_CASE("register: a plan naming a unit differently needs the change recorded first", "[store][units]") {
  auto store = register_store();
  Plan renamed = minimal_plan("renamed");
  renamed.units[1].name = "Xã Thử Mới";
  renamed.units[1].valid_from = day("2025-07-01");
  CHECK_THROWS_WITH(store.import_plan(renamed), Catch::Contains("/units/1/valid_from") &&
                                                    Catch::Contains("record the end of the earlier one"));
  CHECK_FALSE(store.has_plan("renamed"));
  // Once the register knows the old version ended, the plan imports.
  store.import_register(UnitRegister{{commune("00001", "Xã Thử", std::nullopt, day("2025-06-30"))}, {}});
  store.import_plan(renamed);
  CHECK(store.unit_history("00001").versions.size() == 2);
}

TEST_CASE("register: a split names its shares, which sum to 1", "[store][units]") {
  auto store = register_store();
  const UnitRegister split{{commune("00004", "Xã Bắc", day("2025-07-01")), commune("00005", "Xã Nam", day("2025-07-01"))},
                           {{"00003", "00004", day("2025-07-01"), 0.6}, {"00003", "00005", day("2025-07-01"), 0.4}}};
  SECTION("accepted") {
    store.import_register(split);
    const auto h = store.unit_history("00003");
    CHECK(h.versions.front().valid_to == day("2025-06-30"));
    CHECK(h.successors.size() == 2);
    for (const auto& u : store.units()) {
      if (u.code == "00003") CHECK_FALSE(u.successor);  // no one unit took it over
    }
  }
  SECTION("shares that do not sum to 1") {
    auto bad = split;
    bad.successions[1].share = 0.3;
    const auto before = snapshot(store);
    CHECK_THROWS_WITH(store.import_register(bad), Catch::Contains("/successions/0/share: the shares of '00003'") &&
                                                      Catch::Contains("sum to 0.9"));
    CHECK(snapshot(store) == before);
  }
  SECTION("a part without its share, beside one with") {
    auto bad = split;
    bad.successions[0].share.reset();
    CHECK_THROWS_WITH(store.import_register(bad), Catch::Contains("/successions/0/share: '00003' is split on 2025-07-01 "
                                                                  "into 2 parts, 1 with a share"));
  }
  SECTION("a split whose shares the register does not know") {
    auto unknown = split;
    for (auto& e : unknown.successions) e.share.reset();
    store.import_register(unknown);
    CHECK(store.unit_history("00003").successors.size() == 2);
  }
  SECTION("one succession that carries part of a unit") {
    auto bad = split;
    bad.successions.pop_back();
    CHECK_THROWS_WITH(store.import_register(bad), Catch::Contains("carries the whole unit"));
  }
}

TEST_CASE("register: bad input is refused naming the record and field, and nothing is written", "[store][units]") {
  auto store = register_store();
  const auto before = snapshot(store);
  struct Case {
    const char* what;
    UnitRegister reg;
    const char* message;
  };
  const Case cases[] = {
      {"overlapping versions of one code", {{commune("00002", "Xã Khác", day("2020-01-01"))}, {}},
       "/versions/0/valid_from: unit '00002' ('Xã Khác', 2020-01-01 to (no end)) overlaps its version 'Xã Bên'"},
      {"a version that ends before it starts",
       {{commune("00009", "Xã Mới", day("2025-07-01"), day("2025-06-30"))}, {}},
       "/versions/0/valid_to: the version ends (2025-06-30) before it starts (2025-07-01)"},
      {"a parent of the same level",
       {{UnitVersion{"00009", "Xã Con", Level::commune, std::string("00002"), std::nullopt, std::nullopt}}, {}},
       "/versions/0/parent: the parent of a commune is a unit of a higher level: '00002' is a commune"},
      {"an unknown parent", {{UnitVersion{"00009", "Xã Con", Level::commune, std::string("99"), std::nullopt, std::nullopt}}, {}},
       "/versions/0/parent: unit '99' is not in the register"},
      {"a code that is not one", {{commune("123", "Xã Lạ")}, {}}, "/versions/0/code: '123' is not a 5-digit commune code"},
      {"an edge to a unit of the wrong level", {{}, {{"00002", "86", day("2025-07-01"), std::nullopt}}},
       "/successions/0/to: a succession joins units of one level: '00002' is a commune, '86' a province"},
      {"an edge from an unknown unit", {{}, {{"00077", "00001", day("2025-07-01"), std::nullopt}}},
       "/successions/0/from: unit '00077' is not in the register"},
      {"an edge into a unit with no version on its date",
       {{commune("00009", "Xã Mới", day("2026-01-01"))}, {{"00002", "00009", day("2025-07-01"), std::nullopt}}},
       "/successions/0/to: unit '00009' has no version valid on 2025-07-01"},
      {"a share out of range", {{}, {{"00002", "00001", day("2025-07-01"), 1.5}}}, "/successions/0/share: a share lies in (0, 1]"},
      // Two units passing to each other: each succession closes the version
      // the other would enter, so the cycle is refused at its first edge.
      {"successions that form a cycle",
       {{}, {{"00002", "00003", day("2025-07-01"), std::nullopt}, {"00003", "00002", day("2025-07-01"), std::nullopt}}},
       "/successions/0/to: unit '00003' has no version valid on 2025-07-01"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    try {
      store.import_register(c.reg);
      FAIL_CHECK("accepted");
    } catch (const ValidationError& e) {
      CHECK_THAT(e.what(), Catch::Contains(c.message));
    }
    CHECK(snapshot(store) == before);
  }
  // An edge leaving a version that ends on another day.
  store.import_register(UnitRegister{{commune("00003", "Xã Xa", std::nullopt, day("2024-12-31"))}, {}});
  CHECK_THROWS_WITH(store.import_register(UnitRegister{{}, {{"00003", "00001", day("2025-07-01"), std::nullopt}}}),
                    Catch::Contains("/successions/0/date: unit '00003' has no version valid on 2025-06-30"));
  CHECK_THROWS_AS(store.unit_history("00077"), NotFound);
}

TEST_CASE("register: a store copied keeps its versions and successions", "[store][units][copy]") {
  auto store = register_store();
  store.import_register(UnitRegister{
      {commune("00001", "Xã Thử Mới", day("2025-07-01"))},
      {{"00001", "00001", day("2025-07-01"), std::nullopt}, {"00002", "00001", day("2025-07-01"), std::nullopt}}});
  test::TempDir dir;
  const std::string to = test::fresh_store(dir.file("copy.kehoach"));
  const Principal auditor{"k", Role::auditor, "86"};
  store.copy_to(auditor, to);
  auto copy = Store::open(to);
  CHECK(snapshot(copy) == snapshot(store));
  CHECK(copy.load_plan("first") == store.load_plan("first"));
}

TEST_CASE("register: a version 4 store upgrades with every unit as its first version", "[store][units][file][migration]") {
  test::TempDir dir;
  const std::string path = dir.file("v4.kehoach");
  std::filesystem::copy_file(std::filesystem::path(KEHOACH_STORE_FIXTURES) / "v4.kehoach", path);
  std::vector<AdministrativeUnit> stored;
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement s(db, "SELECT code, name FROM admin_units ORDER BY code");
    while (s.executeStep()) {
      AdministrativeUnit u;
      u.code = s.getColumn(0).getString();
      u.name = s.getColumn(1).getString();
      stored.push_back(u);
    }
  }
  REQUIRE_FALSE(stored.empty());
  auto store = Store::open(path);
  const auto units = store.units();
  REQUIRE(units.size() == stored.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& u = units[i];
    CHECK(u.code == stored[i].code);
    CHECK(u.name == stored[i].name);
    const auto h = store.unit_history(u.code);
    REQUIRE(h.versions.size() == 1);
    CHECK(h.versions[0] == UnitVersion{u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to});
    CHECK(h.predecessors.empty());
  }
  const auto doc = read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json");
  CHECK(store.load_plan(doc.plan.id) == doc.plan);
}

TEST_CASE("register: a version 8 store upgrades with every unit as its first version, its plans as written", "[store][units]") {
  test::TempDir dir;
  const std::string location = test::fresh_store(dir.file("v8.kehoach"));
  const auto doc = read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json");
  {
    auto old = Store::open(location, StoreOptions{.schema_version = 8});
    old.import_plan(doc.plan);
    old.import_plan(minimal_plan("first"));
    CHECK(old.schema_version() == 8);
    CHECK_THROWS_AS(old.unit_history("86"), VersionError);
  }
  auto store = Store::open(location);
  CHECK(store.schema_version() == latest_schema_version());
  for (const auto& u : store.units()) {
    const auto h = store.unit_history(u.code);
    REQUIRE(h.versions.size() == 1);
    CHECK(h.versions[0] == UnitVersion{u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to});
  }
  CHECK(store.load_plan(doc.plan.id) == doc.plan);
  // A change recorded now leaves the plan as it was issued.
  store.import_register(UnitRegister{{commune("00001", "Xã Thử Mới", day("2025-07-01"))},
                                     {{"00001", "00001", day("2025-07-01"), std::nullopt}}});
  CHECK(store.load_plan("first") == minimal_plan("first"));
}

TEST_CASE("register: a unit that keeps its code and name across a merger, and successions in any order", "[store][units]") {
  auto store = register_store();
  SECTION("a new version with the old name starts on the merger's day; the old one is closed, not rewritten") {
    store.import_register(UnitRegister{{commune("00001", "Xã Thử", day("2025-07-01"))},
                                       {{"00001", "00001", day("2025-07-01"), std::nullopt},
                                        {"00002", "00001", day("2025-07-01"), std::nullopt}}});
    const auto h = store.unit_history("00001");
    REQUIRE(h.versions.size() == 2);
    CHECK(h.versions[0] == commune("00001", "Xã Thử", std::nullopt, day("2025-06-30")));
    CHECK(h.versions[1] == commune("00001", "Xã Thử", day("2025-07-01")));
  }
  SECTION("a version that starts after a closed one is a new version, never a rewrite of it") {
    store.import_register(UnitRegister{{commune("00002", "Xã Bên", std::nullopt, day("2025-06-30"))}, {}});
    store.import_register(UnitRegister{{commune("00002", "Xã Bên", day("2025-07-01"))}, {}});
    const auto h = store.unit_history("00002");
    REQUIRE(h.versions.size() == 2);
    CHECK(h.versions[0].valid_to == day("2025-06-30"));
    CHECK_FALSE(h.versions[0].valid_from);
    CHECK(h.versions[1].valid_from == day("2025-07-01"));
  }
  SECTION("successions are taken by date, whatever their order in the input") {
    store.import_register(UnitRegister{{commune("00001", "Xã Thử Mới", day("2025-07-01"))},
                                       {{"00001", "00002", day("2026-01-01"), std::nullopt},
                                        {"00001", "00001", day("2025-07-01"), std::nullopt}}});
    const auto h = store.unit_history("00001");
    REQUIRE(h.versions.size() == 2);
    CHECK(h.versions[1].valid_to == day("2025-12-31"));
  }
  SECTION("a recorded succession is not turned into a split") {
    store.import_register(UnitRegister{{}, {{"00002", "00001", day("2025-07-01"), std::nullopt}}});
    const auto before = snapshot(store);
    CHECK_THROWS_WITH(store.import_register(UnitRegister{{}, {{"00002", "00003", day("2025-07-01"), std::nullopt}}}),
                      Catch::Contains("/successions/0/to: the succession of '00002' on 2025-07-01 is already recorded"));
    CHECK(snapshot(store) == before);
  }
  SECTION("a plan document's successor stays with the version it named") {
    const std::vector<AdministrativeUnit> units{
        {"86", "Vĩnh Long", Level::province, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
        {"00001", "Xã Thử", Level::commune, std::string("86"), std::nullopt, std::nullopt, std::nullopt},
        {"00006", "Xã Sáu", Level::commune, std::string("86"), std::nullopt, day("2025-06-30"), std::string("00001")}};
    store.import_units(units);
    auto current = [&](const std::string& code) {
      for (const auto& u : store.units()) {
        if (u.code == code) return u;
      }
      FAIL("no unit " << code);
      return AdministrativeUnit{};
    };
    CHECK(current("00006").successor == "00001");
    store.import_register(UnitRegister{{commune("00006", "Xã Sáu Mới", day("2026-01-01"))}, {}});
    CHECK(current("00006").name == "Xã Sáu Mới");
    CHECK_FALSE(current("00006").successor);  // the new version passed to no one
  }
}

TEST_CASE("register: new communes that exchanged territory and kept their codes form no cycle", "[store][units]") {
  // Old 00002 went partly to the new 00003 and old 00003 wholly to the new
  // 00002 (the national register of 2025 has 14 such groups of codes).
  auto store = register_store();
  store.import_register(UnitRegister{
      {commune("00002", "Xã Bên Mới", day("2025-07-01")), commune("00003", "Xã Xa Mới", day("2025-07-01"))},
      {{"00002", "00002", day("2025-07-01"), std::nullopt},
       {"00002", "00003", day("2025-07-01"), std::nullopt},
       {"00003", "00002", day("2025-07-01"), std::nullopt}}});
  CHECK(store.unit_history("00002").predecessors.size() == 2);
  CHECK(store.unit_history("00002").successors.size() == 2);
  CHECK(store.unit_history("00003").versions.size() == 2);
}

TEST_CASE("register: the shipped national register holds the 2025 reform, and a store takes it whole", "[store][units][register]") {
  const auto reg = read_unit_register_csv(test::read_text(test::register_dir() / "units.csv"),
                                          test::read_text(test::register_dir() / "successions.csv"));
  const Date before = day("2025-06-30"), after = day("2025-07-01");
  const auto on = [&](Date d, Level level) {
    return std::count_if(reg.versions.begin(), reg.versions.end(), [&](const UnitVersion& v) {
      return v.level == level && (!v.valid_from || *v.valid_from <= d) && (!v.valid_to || d <= *v.valid_to);
    });
  };
  // Before the reform: 63 provinces, 696 districts, 10,035 communes; after it
  // 34 provinces, no district and 3,321 communes (Resolution 202/2025/QH15 and
  // the resolutions of the Standing Committee on the communes).
  CHECK(on(before, Level::province) == 63);
  CHECK(on(before, Level::district) == 696);
  CHECK(on(before, Level::commune) == 10035);
  CHECK(on(after, Level::province) == 34);
  CHECK(on(after, Level::district) == 0);
  CHECK(on(after, Level::commune) == 3321);
  // Eleven provinces kept their territory: one version, open at both ends.
  CHECK(std::count_if(reg.versions.begin(), reg.versions.end(), [](const UnitVersion& v) {
          return v.level == Level::province && !v.valid_from && !v.valid_to;
        }) == 11);
  // Every succession is of 2025-07-01, between units of one level, without a
  // share (the source publishes none); 471 old communes were divided.
  std::map<std::string, int> out_edges;
  for (const auto& s : reg.successions) {
    CHECK(s.date == after);
    CHECK(!s.share);
    CHECK(s.from.size() == s.to.size());
    ++out_edges[s.from];
  }
  CHECK(reg.successions.size() == 10649);
  CHECK(std::count_if(out_edges.begin(), out_edges.end(), [](const auto& e) { return e.first.size() == 2; }) == 52);
  CHECK(std::count_if(out_edges.begin(), out_edges.end(), [](const auto& e) { return e.first.size() == 5 && e.second > 1; }) == 471);
  // Nearly every new commune reuses the code of a commune it absorbed.
  std::set<std::string> old_communes;
  for (const auto& v : reg.versions) {
    if (v.level == Level::commune && v.valid_to) old_communes.insert(v.code);
  }
  CHECK(std::count_if(reg.versions.begin(), reg.versions.end(), [&](const UnitVersion& v) {
          return v.level == Level::commune && v.valid_from && old_communes.count(v.code);
        }) == 3316);

  auto store = Store::open(test::fresh_store());
  store.import_register(reg);
  CHECK(store.successions().size() == 10649);
  // Hồ Chí Minh City absorbed Bình Dương (74) and Bà Rịa – Vũng Tàu (77).
  const auto hcm = store.unit_history("79");
  REQUIRE(hcm.versions.size() == 2);
  CHECK(hcm.versions[0].valid_to == before);
  CHECK(hcm.versions[1].valid_from == after);
  std::vector<std::string> from;
  for (const auto& s : hcm.predecessors) from.push_back(s.from);
  CHECK(from == std::vector<std::string>{"74", "77", "79"});
  // Phường Ba Đình (00004) reuses the code of Phường Trúc Bạch, under the city.
  const auto ba_dinh = store.unit_history("00004");
  REQUIRE(ba_dinh.versions.size() == 2);
  CHECK(ba_dinh.versions[0].name == "Phường Trúc Bạch");
  CHECK(ba_dinh.versions[0].parent == std::optional<std::string>("001"));
  CHECK(ba_dinh.versions[1].name == "Phường Ba Đình");
  CHECK(ba_dinh.versions[1].parent == std::optional<std::string>("01"));
  // Imported again: nothing changes.
  store.import_register(reg);
  CHECK(store.successions().size() == 10649);
  CHECK(store.unit_history("00004").versions.size() == 2);
}
