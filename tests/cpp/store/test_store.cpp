#include <kehoach/document.hpp>
#include <kehoach/store.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"
#include "store/sqlite/connection.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <fstream>

using namespace kehoach;
using json = nlohmann::ordered_json;

namespace {

const char* const seed_files[] = {"huong-khe-2021.plan.json", "cai-nhum-2026.plan.json", "thuong-quang-2023.plan.json"};

PlanDocument seed(const char* file) { return read_plan_file(test::examples_dir() / file); }

Plan minimal_plan(const std::string& id = "test-plan") {
  auto j = test::minimal_document();
  j["id"] = id;
  return read_plan_json(j.dump()).plan;
}

Date day(const char* iso) { return parse_iso_date(iso); }

}  // namespace

TEST_CASE("A new store has the latest schema and no plans", "[store]") {
  auto store = Store::open(test::fresh_store());
  CHECK(store.schema_version() == latest_schema_version());
  CHECK(latest_schema_version() == 16);
  CHECK(store.plan_ids().empty());
  CHECK(store.check_integrity().empty());
}

TEST_CASE("Seed plans go in and come out equal, and export to the same document", "[store]") {
  auto store = Store::open(test::fresh_store());
  for (const char* file : seed_files) {
    DYNAMIC_SECTION(file) {
      const auto doc = seed(file);
      store.import_plan(doc.plan);
      CHECK(store.has_plan(doc.plan.id));
      CHECK(store.load_plan(doc.plan.id) == doc.plan);
      CHECK(store.export_plan_json(doc.plan.id) + "\n" == test::read_text(test::examples_dir() / file));
    }
  }
}

TEST_CASE("All three seed plans share one store and one administrative tree", "[store]") {
  auto store = Store::open(test::fresh_store());
  for (const char* file : seed_files) store.import_plan(seed(file).plan);
  CHECK(store.plan_ids().size() == 3);
  const auto units = store.units();
  CHECK(std::any_of(units.begin(), units.end(), [](const AdministrativeUnit& u) { return u.code == "42"; }));
  CHECK(store.check_integrity().empty());
}

TEST_CASE("A failed import leaves the store exactly as it was", "[store]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan("first"));
  SECTION("the same id twice is a conflict") {
    CHECK_THROWS_AS(store.import_plan(minimal_plan("first")), Conflict);
  }
  SECTION("an invalid plan is refused with its field") {
    Plan bad = minimal_plan("second");
    bad.targets[0].milestones[0].value = 120;
    CHECK_THROWS_WITH(store.import_plan(bad), Catch::Contains("/targets/0/milestones/0/value"));
  }
  SECTION("a unit that contradicts the register is refused naming it") {
    Plan other = minimal_plan("second");
    other.units[1].name = "Xã Khác";
    CHECK_THROWS_WITH(store.import_plan(other), Catch::Contains("/units/1/valid_from: unit '00001' ('Xã Khác'") &&
                                                    Catch::Contains("overlaps its version 'Xã Thử'"));
  }
  SECTION("a large import failing on its last plan writes nothing") {
    std::vector<Plan> plans;
    for (int i = 0; i < 300; ++i) plans.push_back(minimal_plan("bulk-" + std::to_string(i)));
    plans.back().tasks[0].lead = "nobody";
    try {
      store.import_plans(plans);
      FAIL("accepted");
    } catch (const ValidationError& e) {
      CHECK(e.path() == "/299/tasks/0/lead");
    }
  }
  CHECK(store.plan_ids() == std::vector<std::string>{"first"});
  CHECK(store.check_integrity().empty());
}

TEST_CASE("Several plan documents go in in one transaction, errors naming the document", "[store]") {
  auto store = Store::open(test::fresh_store());
  std::vector<std::string> texts;
  for (const char* file : seed_files) texts.push_back(test::read_text(test::examples_dir() / file));
  SECTION("all of them") {
    const std::vector<std::string_view> views(texts.begin(), texts.end());
    const auto read = store.import_plans_json(views);
    REQUIRE(read.size() == 3);
    CHECK(store.plan_ids().size() == 3);
    for (std::size_t i = 0; i < read.size(); ++i) {
      for (const auto& w : read[i].warnings) CHECK(w.path.rfind("/" + std::to_string(i) + "/", 0) == 0);
    }
  }
  SECTION("a document that is not one names its index, and nothing is written") {
    const std::vector<std::string_view> views{texts[0], std::string_view("{\"format\": 1")};
    try {
      store.import_plans_json(views);
      FAIL("accepted");
    } catch (const ParseError& e) {
      CHECK(e.path().rfind("/1", 0) == 0);
    }
    CHECK(store.plan_ids().empty());
  }
  SECTION("a plan already there fails the whole batch") {
    store.import_plan_json(texts[1]);
    const std::vector<std::string_view> views{texts[0], texts[1]};
    CHECK_THROWS_AS(store.import_plans_json(views), Conflict);
    CHECK(store.plan_ids().size() == 1);
  }
  SECTION("one invalid document is named by index too") {
    auto doc = test::minimal_document();
    doc["targets"][0]["milestones"][0]["value"] = 120;
    const std::string bad = doc.dump();
    const std::vector<std::string_view> views{bad};
    try {
      store.import_plans_json(views);
      FAIL("accepted");
    } catch (const ValidationError& e) {
      CHECK(e.path().rfind("/0/targets/0/milestones/0/value", 0) == 0);
    }
    CHECK(store.plan_ids().empty());
  }
}

TEST_CASE("A plan is removed only while nothing was recorded under it", "[store]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.import_plan(minimal_plan("empty-plan"));
  const std::vector<Observation> obs{{"test-plan", "t-a", day("2027-06-30"), 50, 5, 10}};
  store.record_observations(obs);
  CHECK_THROWS_WITH(store.remove_plan("test-plan"), Catch::Contains("has records (1 observations)"));
  CHECK(store.has_plan("test-plan"));
  CHECK(store.observation_count() == 1);
  store.remove_plan("empty-plan");
  CHECK(store.plan_ids() == std::vector<std::string>{"test-plan"});
  CHECK_THROWS_AS(store.remove_plan("empty-plan"), NotFound);
  CHECK_THROWS_AS(store.load_plan("empty-plan"), NotFound);
  store.import_plan(minimal_plan("empty-plan"));  // the units stay, identical: no conflict
  // Every kind of record keeps its plan.
  const std::vector<ReportSubmission> sent{{"empty-plan", "r1", "phong-vhxh", period_of(PeriodType::year, 2026, 1), day("2026-11-10")}};
  store.record_submissions(sent);
  CHECK_THROWS_WITH(store.remove_plan("empty-plan"), Catch::Contains("1 submissions"));
}

namespace {

// A plan of `unit` ("86" makes it the province's) naming `parents` as the
// parent_plan of its legal bases.
Plan cascade_plan(const std::string& id, const std::string& unit, const std::vector<std::string>& parents = {}) {
  auto j = test::minimal_document();
  j["id"] = id;
  const bool province = unit == "86";
  if (province) {
    j["level"] = "province";
    j["unit"] = "86";
    for (auto& a : j["agencies"]) {
      a["level"] = "province";
      a["unit"] = "86";
    }
  } else if (unit != "00001") {
    std::string text = j.dump();
    for (std::size_t at; (at = text.find("\"00001\"")) != std::string::npos;) text.replace(at, 7, "\"" + unit + "\"");
    j = json::parse(text);
    j["units"][1]["name"] = "Xã " + unit;
  }
  j["legal_bases"] = json::array();
  for (const auto& parent : parents) {
    j["legal_bases"].push_back({{"kind", "plan"}, {"number", "1/KH-UBND"}, {"date", "2026-03-01"},
                                {"relation", "implements"}, {"parent_plan", parent}});
  }
  if (parents.empty()) j["legal_bases"].push_back(test::minimal_document()["legal_bases"][0]);
  return read_plan_json(j.dump()).plan;
}

}  // namespace

TEST_CASE("The cascade of plans is listed and walked, and checked at import", "[store][cascade]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(cascade_plan("p-86", "86"));
  store.import_plan(cascade_plan("c-1", "00001", {"p-86"}));
  store.import_plan(cascade_plan("c-2", "00001", {"c-1", "p-elsewhere"}));
  CHECK(store.plan_cascade("p-86") == PlanCascade{"p-86", {}, {}, {"c-1"}, {}, {}, {}});
  CHECK(store.plan_cascade("c-1") == PlanCascade{"c-1", {"p-86"}, {}, {"c-2"}, {}, {}, {}});
  CHECK(store.plan_cascade("c-2") == PlanCascade{"c-2", {"c-1"}, {"p-elsewhere"}, {}, {}, {}, {}});
  // Walked down from the province: every plan below it, once.
  std::vector<std::string> below;
  for (std::vector<std::string> next{"p-86"}; !next.empty();) {
    const auto c = store.plan_cascade(next.back());
    next.pop_back();
    for (const auto& child : c.children) {
      below.push_back(child);
      next.push_back(child);
    }
  }
  CHECK(below == std::vector<std::string>{"c-1", "c-2"});
  CHECK(write_plan_cascade_json(store.plan_cascade("c-2")).find("\"parents_elsewhere\": [\n    \"p-elsewhere\"") !=
        std::string::npos);
  CHECK_THROWS_AS(store.plan_cascade("khong-co"), NotFound);

  // A parent of another commune, a commune's plan as a province's parent: refused, nothing written.
  CHECK_THROWS_WITH(store.import_plan(cascade_plan("c-3", "00002", {"c-1"})),
                    Catch::Contains("/legal_bases/0/parent_plan") && Catch::Contains("neither unit '00002'"));
  CHECK_FALSE(store.has_plan("c-3"));
  CHECK_THROWS_AS(store.import_plan(cascade_plan("p-bad", "86", {"c-1"})), ValidationError);
  CHECK_FALSE(store.has_plan("p-bad"));

  // A child imported first: its parent, imported later, must hold its unit.
  store.import_plan(cascade_plan("c-late", "00001", {"q-86"}));
  CHECK(store.plan_cascade("c-late").parents_elsewhere == std::vector<std::string>{"q-86"});
  CHECK_THROWS_WITH(store.import_plan(cascade_plan("q-86", "00002")), Catch::Contains("/id") && Catch::Contains("c-late"));
  store.import_plan(cascade_plan("q-86", "86"));
  CHECK(store.plan_cascade("c-late").parents == std::vector<std::string>{"q-86"});
  CHECK(store.plan_cascade("q-86").children == std::vector<std::string>{"c-late"});

  // No plan becomes its own ancestor.
  store.import_plan(cascade_plan("x", "00001", {"y"}));
  CHECK_THROWS_WITH(store.import_plan(cascade_plan("y", "00001", {"x"})), Catch::Contains("its own ancestor"));
  CHECK_FALSE(store.has_plan("y"));
}

// The plan of 00001 for 2031–2035: the minimal plan five years on.
Plan next_period_plan(const std::string& id, const std::vector<std::string>& supersedes) {
  std::string text = test::minimal_document().dump();
  for (const auto& [from, to] : {std::pair{"2026", "2031"}, std::pair{"2028", "2033"}, std::pair{"2030", "2035"}}) {
    for (std::size_t at; (at = text.find(from)) != std::string::npos;) text.replace(at, 4, to);
  }
  auto j = json::parse(text);
  j["id"] = id;
  j["supersedes"] = supersedes;
  return read_plan_json(j.dump()).plan;
}

TEST_CASE("Supersession: the next period's plan names the one it replaces, checked at import", "[store][cascade]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(cascade_plan("p-2026", "00001"));
  store.import_plan(next_period_plan("p-2031", {"p-2026", "p-elsewhere"}));
  const auto next = store.plan_cascade("p-2031");
  CHECK(next.replaces == std::vector<std::string>{"p-2026"});
  CHECK(next.replaces_elsewhere == std::vector<std::string>{"p-elsewhere"});
  CHECK(next.replaced_by.empty());
  CHECK(store.plan_cascade("p-2026").replaced_by == std::vector<std::string>{"p-2031"});
  CHECK(write_plan_cascade_json(next).find("\"replaces\": [\n    \"p-2026\"") != std::string::npos);

  // A plan of 2026 cannot supersede the plan of 2031: refused, nothing written.
  Plan back = cascade_plan("p-back", "00001");
  back.supersedes = {"p-2031"};
  CHECK_THROWS_WITH(store.import_plan(back), Catch::Contains("/supersedes/0") && Catch::Contains("is not before this plan"));
  CHECK_FALSE(store.has_plan("p-back"));
  // A plan named as superseded, imported later, must begin before the plan naming it.
  CHECK_THROWS_WITH(store.import_plan(next_period_plan("p-elsewhere", {})),
                    Catch::Contains("/id") && Catch::Contains("supersedes this plan") && Catch::Contains("'p-2031'"));
  CHECK_FALSE(store.has_plan("p-elsewhere"));
  Plan earlier = cascade_plan("p-elsewhere", "00001");
  store.import_plan(earlier);
  CHECK(store.plan_cascade("p-2031").replaces == std::vector<std::string>{"p-2026", "p-elsewhere"});
  // A plan re-issued for the same period replaces the one issued before it (2026-06-01), not one issued after.
  Plan reissued = cascade_plan("p-2026-b", "00001");
  reissued.issue_date = day("2026-09-01");
  reissued.supersedes = {"p-2026"};
  store.import_plan(reissued);
  CHECK(store.plan_cascade("p-2026").replaced_by == std::vector<std::string>{"p-2026-b", "p-2031"});
  Plan undated = cascade_plan("p-2026-c", "00001");
  undated.issue_date.reset();
  undated.supersedes = {"p-2026"};
  CHECK_THROWS_WITH(store.import_plan(undated), Catch::Contains("no issue date"));
}

TEST_CASE("Observations: bulk, validated per row, all or none", "[store][records]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  std::vector<Observation> rows;
  for (int i = 0; i < 1000; ++i) {
    const Date date{std::chrono::sys_days{day("2026-01-01")} + std::chrono::days{i}};  // each its own key
    rows.push_back({"test-plan", "t-a", date, i % 100 * 1.0, std::nullopt, std::nullopt});
  }
  store.record_observations(rows);
  CHECK(store.observation_count() == 1000);
  const std::vector<Observation> ratio{{"test-plan", "t-a", day("2030-12-31"), 75, 3, 4}};
  store.record_observations(ratio);
  CHECK(store.observations("test-plan", "t-a").back() == ratio[0]);

  SECTION("a bad last row writes nothing and names the row") {
    rows.back().value = 101;
    CHECK_THROWS_WITH(store.record_observations(rows), Catch::Contains("/999/value: a percent lies in 0–100"));
  }
  SECTION("an unknown target") {
    rows[3].target_id = "t-z";
    CHECK_THROWS_WITH(store.record_observations(rows), Catch::Contains("/3/target_id: target 't-z' is not in plan"));
  }
  SECTION("an unknown plan") {
    rows[5].plan_id = "khong-co";
    CHECK_THROWS_WITH(store.record_observations(rows), Catch::Contains("/5/plan_id: plan 'khong-co' is not in the store"));
  }
  SECTION("a numerator without a denominator") {
    rows[7].numerator = 1;
    CHECK_THROWS_WITH(store.record_observations(rows), Catch::Contains("/7/denominator"));
  }
  CHECK(store.observation_count() == 1001);
}

TEST_CASE("Task updates keep a history of who changed what", "[store][records]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  const std::vector<TaskUpdate> updates{
      {"test-plan", "g1-1", day("2026-03-01"), "can-bo-vhxh", TaskStatus::in_progress, 40, std::nullopt, "bắt đầu", 2026},
      {"test-plan", "g1-1", day("2026-12-20"), "can-bo-vhxh", TaskStatus::done, std::nullopt, day("2026-12-14"), std::nullopt, 2026}};
  store.record_task_updates(updates);
  const auto history = store.task_history("test-plan", "g1-1");
  REQUIRE(history.size() == 2);
  CHECK(history[0].old_status == TaskStatus::planned);
  CHECK(history[0].update.status == TaskStatus::in_progress);
  CHECK(history[0].update.progress == 40);
  CHECK(history[0].update.note == "bắt đầu");
  CHECK(history[1].old_status == TaskStatus::in_progress);
  CHECK(history[1].old_progress == 40);
  CHECK(history[1].update.progress == 100);
  CHECK(history[1].update.completed_on == day("2026-12-14"));
  CHECK(store.load_plan("test-plan").tasks[1].status == TaskStatus::planned);  // the document stays as issued

  std::vector<TaskUpdate> bad{{"test-plan", "g1-1", day("2027-01-01"), "", TaskStatus::in_progress, 10, std::nullopt, std::nullopt, 2027},
                              {"test-plan", "g1-1", day("2027-01-01"), "x", TaskStatus::done, 50, std::nullopt, std::nullopt, 2027}};
  try {
    store.record_task_updates(bad);
    FAIL("accepted");
  } catch (const ValidationError& e) {
    CHECK(e.path() == "/0/by");
  }
  CHECK(store.task_history("test-plan", "g1-1").size() == 2);
  // A yearly task is updated one occurrence at a time, within its years.
  const std::vector<TaskUpdate> no_year{{"test-plan", "g1-1", day("2027-01-01"), "x", TaskStatus::in_progress, 10, std::nullopt, std::nullopt, std::nullopt}};
  CHECK_THROWS_WITH(store.record_task_updates(no_year), Catch::Contains("/0/occurrence: task 'g1-1' recurs every year"));
  const std::vector<TaskUpdate> out_of_range{{"test-plan", "g1-1", day("2027-01-01"), "x", TaskStatus::in_progress, 10, std::nullopt, std::nullopt, 2031}};
  CHECK_THROWS_WITH(store.record_task_updates(out_of_range), Catch::Contains("not in 2031"));
}

TEST_CASE("Allocations, expenditures and submissions round-trip and are checked", "[store][records]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  const std::vector<Allocation> alloc{{"test-plan", 2026, "nsnn", "phong-vhxh", "g1", day("2026-01-15"), Dong{40'000'000}},
                                      {"test-plan", 2026, "nsnn", "phong-vhxh", "g1", day("2026-07-01"), Dong{55'000'000}}};
  store.record_allocations(alloc);
  CHECK(store.allocations("test-plan") == alloc);
  const std::vector<Expenditure> spent{{"test-plan", day("2026-05-05"), "nsnn", "phong-vhxh", std::nullopt, Dong{12'500'000}, {}}};
  store.record_expenditures(spent);
  CHECK(store.expenditures("test-plan") == spent);
  const std::vector<ReportSubmission> sub{{"test-plan", "r1", "phong-vhxh", parse_period("2026"), day("2026-11-19")}};
  store.record_submissions(sub);
  CHECK(store.submissions("test-plan") == sub);

  CHECK_THROWS_WITH(store.record_allocations(std::vector<Allocation>{{"test-plan", 2031, "nsnn", "phong-vhxh", std::nullopt, day("2031-01-01"), Dong{1}}}),
                    Catch::Contains("/0/year"));
  CHECK_THROWS_WITH(store.record_expenditures(std::vector<Expenditure>{{"test-plan", day("2026-05-05"), "vien-tro", "phong-vhxh", std::nullopt, Dong{1}, {}}}),
                    Catch::Contains("/0/source_id: funding source 'vien-tro'"));
  CHECK_THROWS_WITH(store.record_expenditures(std::vector<Expenditure>{{"test-plan", day("2026-05-05"), "nsnn", "phong-vhxh", std::nullopt, Dong{-1}, {}}}),
                    Catch::Contains("/0/amount: an amount cannot be negative"));
  CHECK_THROWS_WITH(store.record_submissions(std::vector<ReportSubmission>{{"test-plan", "r1", "ubnd-xa", parse_period("2026"), day("2026-11-19")}}),
                    Catch::Contains("/0/reporter: agency 'ubnd-xa' does not report under duty 'r1'"));
  CHECK_THROWS_WITH(store.record_submissions(std::vector<ReportSubmission>{{"test-plan", "r1", "phong-vhxh", parse_period("2026H1"), day("2026-11-19")}}),
                    Catch::Contains("/0/period"));
  CHECK(store.allocations("test-plan").size() == 2);
  CHECK(store.expenditures("test-plan").size() == 1);
  CHECK(store.submissions("test-plan").size() == 1);
}

TEST_CASE("A file store persists, and a read-only one refuses writes", "[store][file]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("kehoach.db"));
  {
    auto store = Store::open(path);
    store.import_plan(seed("huong-khe-2021.plan.json").plan);
  }
  {
    auto store = Store::open(path, StoreOptions{.read_only = true});
    CHECK(store.plan_ids().size() == 1);
    CHECK_THROWS_WITH(store.import_plan(minimal_plan()), Catch::Contains("read-only"));
  }
  CHECK_THROWS_WITH(Store::open(dir.file("missing.db"), StoreOptions{.create = false}), Catch::Contains("no such store"));
}

TEST_CASE("A store of a newer schema is refused and left untouched", "[store][file]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("future.db"));
  { auto store = Store::open(path); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
    db.exec("PRAGMA journal_mode = DELETE");
  }
  const std::string before = test::read_text(path);
  CHECK_THROWS_AS(Store::open(path), VersionError);
  CHECK_THROWS_WITH(Store::open(path), Catch::Contains("schema version 99, newer than this library understands"));
  CHECK(test::read_text(path) == before);
}

TEST_CASE("Files that are not kehoach stores are refused clearly", "[store][file]") {
  test::TempDir dir;
  SECTION("a text file") {
    std::ofstream(dir.file("notes.txt")) << "Kế hoạch số 48/KH-UBND — this is not a database, but it is long enough to have a header.";
    try {
      Store::open(dir.file("notes.txt"));
      FAIL("opened");
    } catch (const StoreError& e) {
      CHECK(e.code() == ErrorCode::corrupt_store);
    }
  }
  SECTION("another application's SQLite database") {
    {
      SQLite::Database db(dir.file("other.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE customers (name TEXT)");
    }
    CHECK_THROWS_WITH(Store::open(dir.file("other.db")), Catch::Contains("not a kehoach store"));
  }
  SECTION("a truncated store") {
    const std::string path = test::fresh_store(dir.file("cut.db"));
    {
      auto store = Store::open(path);
      for (const char* file : seed_files) store.import_plan(seed(file).plan);
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
    }
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      db.exec("PRAGMA journal_mode = DELETE");
    }
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    try {
      auto store = Store::open(path);
      for (const auto& id : store.plan_ids()) store.load_plan(id);
      CHECK_FALSE(store.check_integrity().empty());
    } catch (const StoreError& e) {
      CHECK(e.code() == ErrorCode::corrupt_store);
    }
  }
}

TEST_CASE("A version 1 store from the committed fixture upgrades and keeps its plan", "[store][file][migration]") {
  test::TempDir dir;
  const std::string path = test::fresh_store(dir.file("v1.kehoach"));
  std::filesystem::copy_file(std::filesystem::path(KEHOACH_STORE_FIXTURES) / "v1.kehoach", path);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 1);
  }
  auto store = Store::open(path);
  CHECK(store.schema_version() == latest_schema_version());
  const auto doc = seed("huong-khe-2021.plan.json");
  CHECK(store.load_plan(doc.plan.id) == doc.plan);
  const std::vector<Observation> obs{{doc.plan.id, doc.plan.targets[0].id, day("2023-12-31"), 38, std::nullopt, std::nullopt}};
  store.record_observations(obs);
  CHECK(store.observations(doc.plan.id, doc.plan.targets[0].id).size() == 1);
  CHECK(store.check_integrity().empty());
}

TEST_CASE("Version 2, 3 and 4 stores from the committed fixtures upgrade and keep their records", "[store][file][migration]") {
  const int version = GENERATE(2, 3, 4);
  test::TempDir dir;
  const std::string name = "v" + std::to_string(version) + ".kehoach";
  const std::string path = dir.file(name);
  std::filesystem::copy_file(std::filesystem::path(KEHOACH_STORE_FIXTURES) / name, path);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == version);
  }
  auto store = Store::open(path);
  CHECK(store.schema_version() == latest_schema_version());
  const auto doc = seed("huong-khe-2021.plan.json");
  CHECK(store.load_plan(doc.plan.id) == doc.plan);
  const auto obs = store.observations(doc.plan.id, doc.plan.targets[0].id);
  REQUIRE(obs.size() == 1);
  CHECK(obs[0].value == 38);
  CHECK(store.check_integrity().empty());
  // Schema 12: the upgraded plan has one revision, the plan as stored, and can be amended.
  CHECK(store.plan_history(doc.plan.id).size() == 1);
  Plan amended = doc.plan;
  amended.title += " (sửa đổi)";
  CHECK(store.amend_plan(amended, Amendment{"9/KH-UBND", parse_iso_date("2022-03-01"), "UBND", std::nullopt}).revision == 2);
  CHECK(store.plan_revision(doc.plan.id, 1) == doc.plan);
  CHECK(store.observations(doc.plan.id, doc.plan.targets[0].id).size() == 1);
}

TEST_CASE("Opening options are checked", "[store][sqlite]") {
  CHECK_THROWS_AS(Store::open(":memory:", StoreOptions{.schema_version = latest_schema_version() + 1}), InvalidArgument);
  CHECK_THROWS_AS(Store::open(":memory:", StoreOptions{.busy_timeout_ms = -1}), InvalidArgument);
  CHECK(Store::open(":memory:", StoreOptions{.schema_version = 1}).schema_version() == 1);
}

TEST_CASE("An empty store path is an error, not a throw-away store in memory", "[store][bad-input]") {
  CHECK_THROWS_AS(Store::open(""), InvalidArgument);
  CHECK_THROWS_WITH(Store::open(""), Catch::Contains("path is required"));
}

TEST_CASE("A statement left unfinalized cannot make the dependency's close assert abort the process", "[store][sqlite]") {
  // Debian's libSQLiteCpp.a asserts that sqlite3_close succeeds; with a
  // statement left open it would abort. The guard every store holds
  // finalizes what is left first.
  {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    store_detail::FinalizeBeforeClose guard(db);
    sqlite3_stmt* leaked = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.getHandle(), "SELECT 1", -1, &leaked, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_next_stmt(db.getHandle(), nullptr) == leaked);
  }  // the guard, then the database: no abort
  SUCCEED("closed");
}
