// The catalogue of malformed plan documents: each is rejected with the field
// path and a message that says what is wrong, and none crashes.

#include <kehoach/document.hpp>
#include <kehoach/validation.hpp>

#include "support/documents.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <limits>

using namespace kehoach;
using json = nlohmann::ordered_json;

namespace {

enum class Kind { parse, validation, version };

struct BadCase {
  const char* name;
  std::function<void(json&)> mutate;
  Kind kind;
  std::string path;
  std::string message;
};

const std::vector<BadCase>& catalogue() {
  static const std::vector<BadCase> cases = {
      {"milestones out of order", [](json& j) { j["targets"][0]["milestones"][1]["date"] = "2027-12-31"; },
       Kind::validation, "/targets/0/milestones/1/date", "milestones out of order"},
      {"equal milestone dates", [](json& j) { j["targets"][0]["milestones"][1]["date"] = "2028-12-31"; },
       Kind::validation, "/targets/0/milestones/1/date", "milestones out of order"},
      {"a percent above 100", [](json& j) { j["targets"][0]["milestones"][1]["value"] = 120; },
       Kind::validation, "/targets/0/milestones/1/value", "percent value 120 is outside 0–100"},
      {"a negative percent", [](json& j) { j["targets"][0]["milestones"][0]["value"] = -1; },
       Kind::validation, "/targets/0/milestones/0/value", "outside 0–100"},
      {"a yes/no value of 2", [](json& j) {
         j["targets"][0]["unit"] = "yes_no";
         j["targets"][0]["milestones"] = json::array({{{"date", "2030-12-31"}, {"value", 2}}});
       }, Kind::validation, "/targets/0/milestones/0/value", "is not 0 or 1"},
      {"a fractional count", [](json& j) { j["targets"][0]["unit"] = "count"; j["targets"][0]["milestones"][0]["value"] = 2.5; },
       Kind::validation, "/targets/0/milestones/0/value", "not a whole number"},
      {"a ratio of zero times", [](json& j) {
         j["targets"][0]["unit"] = "ratio_times";
         j["targets"][0]["comparator"] = "at_most";
         j["targets"][0]["milestones"] = json::array({{{"date", "2030-12-31"}, {"value", 0}}});
       }, Kind::validation, "/targets/0/milestones/0/value", "is not above 0"},
      {"an at-least target that falls", [](json& j) { j["targets"][0]["milestones"][1]["value"] = 70; },
       Kind::validation, "/targets/0/milestones/1/value", "cannot fall from 80 to 70"},
      {"no milestones", [](json& j) { j["targets"][0]["milestones"] = json::array(); },
       Kind::validation, "/targets/0/milestones", "at least one milestone"},
      {"open-ended milestone that is not the last", [](json& j) { j["targets"][0]["milestones"][0]["open_ended"] = true; },
       Kind::validation, "/targets/0/milestones/0/open_ended", "only the last milestone"},
      {"a baseline after the first milestone", [](json& j) { j["targets"][0]["baseline"] = {{"value", 10}, {"date", "2029-01-01"}}; },
       Kind::validation, "/targets/0/baseline/date", "before the first milestone"},
      {"an item letter outside the Vietnamese alphabet", [](json& j) { j["targets"][0]["code"] = "f"; },
       Kind::validation, "/targets/0/code", "is not an item code"},
      {"a lead agency that is not defined", [](json& j) { j["tasks"][0]["lead"] = "phong-khong-co"; },
       Kind::validation, "/tasks/0/lead", "agency 'phong-khong-co' is not defined"},
      {"a collaborator that is not defined", [](json& j) { j["tasks"][1]["collaborators"] = {"ai-do"}; },
       Kind::validation, "/tasks/1/collaborators/0", "agency 'ai-do' is not defined"},
      {"the lead also a collaborator", [](json& j) { j["tasks"][0]["collaborators"] = {"phong-vhxh"}; },
       Kind::validation, "/tasks/0/collaborators/0", "cannot also be a collaborator"},
      {"a leaf without any lead", [](json& j) { j["tasks"][0].erase("lead"); },
       Kind::validation, "/tasks/1/lead", "has no lead agency"},
      {"duplicate task ids", [](json& j) { j["tasks"][1]["id"] = "g1"; },
       Kind::validation, "/tasks/1/id", "duplicate task id 'g1'"},
      {"duplicate agency ids", [](json& j) { j["agencies"][1]["id"] = "ubnd-xa"; },
       Kind::validation, "/agencies/1/id", "duplicate agency id 'ubnd-xa'"},
      {"duplicate target ids", [](json& j) { j["targets"].push_back(j["targets"][0]); j["targets"][1]["indicator"] = 2; },
       Kind::validation, "/targets/1/id", "duplicate target id 't-a'"},
      {"the same item and indicator twice", [](json& j) { j["targets"].push_back(j["targets"][0]); j["targets"][1]["id"] = "t-a2"; },
       Kind::validation, "/targets/1/indicator", "duplicate item and indicator"},
      {"a task that is its own ancestor", [](json& j) { j["tasks"][0]["parent"] = "g1-1"; },
       Kind::validation, "/tasks/0/parent", "is its own ancestor"},
      {"a task that is its own parent", [](json& j) { j["tasks"][0]["parent"] = "g1"; },
       Kind::validation, "/tasks/0/parent", "cannot be its own parent"},
      {"a parent task that is not defined", [](json& j) { j["tasks"][1]["parent"] = "g9"; },
       Kind::validation, "/tasks/1/parent", "task 'g9' is not defined"},
      {"31/02 as a date", [](json& j) { j["issue_date"] = "2021-02-31"; },
       Kind::parse, "/issue_date", "day 31 does not exist in month 2"},
      {"31/02 as a recurrence", [](json& j) { j["tasks"][1]["recurrence"] = {{"every", "year"}, {"month", 2}, {"day", 31}}; },
       Kind::validation, "/tasks/1/recurrence/day", "31/2 is not a day of the year"},
      {"31/04 as a deadline", [](json& j) { j["reporting_duties"][0]["deadline"]["day"] = 31; j["reporting_duties"][0]["deadline"]["month"] = 4; },
       Kind::validation, "/reporting_duties/0/deadline/day", "31/4 is not a day of the year"},
      {"month 13 in a deadline", [](json& j) { j["reporting_duties"][0]["deadline"]["month"] = 13; },
       Kind::parse, "/reporting_duties/0/deadline/month", "month 13 does not exist"},
      {"an empty document number", [](json& j) { j["number"] = ""; },
       Kind::validation, "/number", "document number must not be empty"},
      {"an empty title", [](json& j) { j["title"] = "  "; },
       Kind::validation, "/title", "must not be empty"},
      {"an unknown top-level field", [](json& j) { j["tieu_de"] = "x"; },
       Kind::parse, "/tieu_de", "unknown field 'tieu_de'"},
      {"an unknown nested field", [](json& j) { j["targets"][0]["milestones"][0]["valeur"] = 1; },
       Kind::parse, "/targets/0/milestones/0/valeur", "unknown field 'valeur'"},
      {"a required field missing", [](json& j) { j.erase("title"); },
       Kind::parse, "/title", "required field is missing"},
      {"a number where a string belongs", [](json& j) { j["title"] = 5; },
       Kind::parse, "/title", "expected a string, found an integer"},
      {"a string where a number belongs", [](json& j) { j["targets"][0]["milestones"][0]["value"] = "80%"; },
       Kind::parse, "/targets/0/milestones/0/value", "expected a number, found a string"},
      {"an unknown comparator", [](json& j) { j["targets"][0]["comparator"] = "toi_thieu"; },
       Kind::parse, "/targets/0/comparator", "unknown value 'toi_thieu' (expected one of: at_least, at_most)"},
      {"a date in the wrong form", [](json& j) { j["period"]["start"] = "1/1/2026"; },
       Kind::parse, "/period/start", "expected YYYY-MM-DD"},
      {"a date out of range", [](json& j) { j["period"]["end"] = "2999-12-31"; },
       Kind::parse, "/period/end", "out of range"},
      {"a period that ends before it starts", [](json& j) { j["period"]["end"] = "2025-12-31"; },
       Kind::validation, "/period/end", "before it starts"},
      {"an issuer that is not an agency", [](json& j) { j["issuer"] = "ubnd-tinh"; },
       Kind::validation, "/issuer", "agency 'ubnd-tinh' is not defined"},
      {"a unit that is not defined", [](json& j) { j["unit"] = "00002"; },
       Kind::validation, "/unit", "unit '00002' is not defined"},
      {"a commune code of four digits", [](json& j) { j["units"][1]["code"] = "0001"; j["unit"] = "0001"; },
       Kind::validation, "/units/1/code", "is not a 5-digit commune code"},
      {"a unit that is its own ancestor", [](json& j) { j["units"][0]["parent"] = "00001"; },
       Kind::validation, "/units/0/parent", "is its own ancestor"},
      {"an id with capitals and spaces", [](json& j) { j["id"] = "Kế hoạch 1"; },
       Kind::validation, "/id", "is not a valid id"},
      {"a reporting duty without reporters", [](json& j) { j["reporting_duties"][0]["reporters"] = json::array(); },
       Kind::validation, "/reporting_duties/0/reporters", "at least one reporter"},
      {"a half-year index of 3", [](json& j) { j["reporting_duties"][0]["period"] = "half_year"; j["reporting_duties"][0]["sub_periods"] = {3}; },
       Kind::validation, "/reporting_duties/0/sub_periods/0", "lies in 1–2"},
      {"a deadline two years on", [](json& j) { j["reporting_duties"][0]["deadline"]["year_offset"] = 2; },
       Kind::validation, "/reporting_duties/0/deadline/year_offset", "the period's year (0) or the next (1)"},
      {"money with a fraction", [](json& j) { j["annual_funding"][0]["amount"] = 1.5; },
       Kind::parse, "/annual_funding/0/amount", "whole đồng"},
      {"money beyond 64 bits", [](json& j) { j["annual_funding"][0]["amount"] = 18446744073709551615ULL; },
       Kind::parse, "/annual_funding/0/amount", "does not fit in 64 bits"},
      {"negative money", [](json& j) { j["annual_funding"][0]["amount"] = -5; },
       Kind::validation, "/annual_funding/0/amount", "cannot be negative"},
      {"a share above its amount", [](json& j) { j["annual_funding"][0]["ethnic_minority_mountainous"] = 60000000; },
       Kind::validation, "/annual_funding/0/ethnic_minority_mountainous", "cannot exceed"},
      {"funding from an undefined source", [](json& j) { j["annual_funding"][0]["source"] = "vien-tro"; },
       Kind::validation, "/annual_funding/0/source", "funding source 'vien-tro' is not defined"},
      {"progress above 100", [](json& j) { j["tasks"][1]["progress"] = 101; },
       Kind::validation, "/tasks/1/progress", "outside 0–100"},
      {"a done task at 50%", [](json& j) { j["tasks"][1]["status"] = "done"; j["tasks"][1]["progress"] = 50; },
       Kind::validation, "/tasks/1/progress", "a done task has progress 100"},
      {"a completion date on an unfinished task", [](json& j) { j["tasks"][1]["completed_on"] = "2026-05-01"; },
       Kind::validation, "/tasks/1/completed_on", "only a done task"},
      {"both a due date and a recurrence", [](json& j) { j["tasks"][1]["due"] = "2026-12-15"; },
       Kind::validation, "/tasks/1/recurrence", "not both"},
      {"an index-out-of-range integer", [](json& j) { j["targets"][0]["indicator"] = 4294967296LL; },
       Kind::parse, "/targets/0/indicator", "too large"},
      {"an object where an array belongs", [](json& j) { j["tasks"] = json::object(); },
       Kind::parse, "/tasks", "expected an array, found an object"},
      {"the wrong format name", [](json& j) { j["format"] = "kehoach-case"; },
       Kind::parse, "/format", "expected \"kehoach-plan\""},
      {"a newer format version", [](json& j) { j["format_version"] = 2; },
       Kind::version, "", "reads plan documents of version 1, not 2"},
      {"29/2 as a yearly deadline", [](json& j) { j["reporting_duties"][0]["deadline"]["day"] = 29; j["reporting_duties"][0]["deadline"]["month"] = 2; },
       Kind::validation, "/reporting_duties/0/deadline/day", "29/2 does not occur every year"},
      {"an event crossing into the year after 2199", [](json& j) {
         j["events"][0]["start"] = {{"day", 15}, {"month", 12}};
         j["events"][0]["end"] = {{"day", 15}, {"month", 1}};
         j["events"][0]["to_year"] = 2199;
       }, Kind::validation, "/events/0/to_year", "cannot run in 2199"},
      {"a province with a parent", [](json& j) { j["units"][0]["parent"] = "00001"; },
       Kind::validation, "/units/0/parent", "a province has no parent unit"},
      {"a huge year offset", [](json& j) {
         j["reporting_duties"][0]["deadline"]["year_offset"] = 2147483647;
         j["reporting_duties"][0]["as_written"] = "trước ngày 10/6/2022";
       }, Kind::validation, "/reporting_duties/0/deadline/year_offset", "the period's year (0) or the next (1)"},
      {"a document that is an array", [](json& j) { j = json::array(); },
       Kind::parse, "", "expected an object, found an array"},
  };
  return cases;
}

}  // namespace

TEST_CASE("The minimal test document is valid", "[json][bad-input]") {
  const auto doc = read_plan_json(test::minimal_document().dump());
  CHECK(doc.plan.id == "test-plan");
  CHECK(doc.warnings.empty());
}

TEST_CASE("Each malformed document is rejected with its field path and a clear message", "[json][bad-input]") {
  REQUIRE(catalogue().size() >= 30);
  for (const auto& c : catalogue()) {
    DYNAMIC_SECTION(c.name) {
      json j = test::minimal_document();
      c.mutate(j);
      const std::string text = j.dump();
      switch (c.kind) {
        case Kind::parse:
          try {
            read_plan_json(text);
            FAIL("accepted");
          } catch (const ParseError& e) {
            CHECK(e.path() == c.path);
            CHECK_THAT(e.what(), Catch::Contains(c.message));
          }
          break;
        case Kind::validation:
          try {
            read_plan_json(text);
            FAIL("accepted");
          } catch (const ValidationError& e) {
            bool found = false;
            for (const auto& d : e.errors()) {
              found = found || (d.path == c.path && d.message.find(c.message) != std::string::npos);
            }
            INFO(e.what());
            CHECK(found);
            CHECK(e.code() == ErrorCode::validation);
          }
          break;
        case Kind::version:
          CHECK_THROWS_AS(read_plan_json(text), VersionError);
          CHECK_THROWS_WITH(read_plan_json(text), Catch::Contains(c.message));
          break;
      }
    }
  }
}

TEST_CASE("Input that is not JSON, or not UTF-8, is a parse error", "[json][bad-input]") {
  const std::string good = test::minimal_document().dump();
  struct Raw {
    const char* name;
    std::string text;
    const char* message;
  };
  const std::vector<Raw> raws = {
      {"empty input", "", "malformed JSON"},
      {"truncated", good.substr(0, good.size() / 2), "malformed JSON"},
      {"trailing garbage", good + "x", "malformed JSON"},
      {"a comment", "// plan\n" + good, "malformed JSON"},
      {"invalid UTF-8 in a string", R"({"format": "kehoach-plan", "title": "K)" "\xff" R"("})", "malformed JSON"},
      {"a duplicate key", R"({"format": "kehoach-plan", "format": "kehoach-plan"})", "appears twice"},
      {"a number too large for a double", R"({"format": "kehoach-plan", "x": 1e400})", "malformed JSON"},
      {"deep nesting", std::string(100000, '[') , "malformed JSON"},
      {"a NUL byte", std::string("{\"format\": \"kehoach-plan\0\"}", 27), "malformed JSON"},
  };
  for (const auto& r : raws) {
    DYNAMIC_SECTION(r.name) {
      CHECK_THROWS_AS(read_plan_json(r.text), ParseError);
      CHECK_THROWS_WITH(read_plan_json(r.text), Catch::Contains(r.message));
    }
  }
}

TEST_CASE("A missing file is an I/O error naming the file", "[json][bad-input]") {
  try {
    read_plan_file("/nonexistent/plan.json");
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::io);
    CHECK_THAT(e.what(), Catch::Contains("/nonexistent/plan.json"));
  }
}


TEST_CASE("Adversarial sizes stay fast and do not exhaust the stack", "[json][bad-input]") {
  SECTION("a deadline text of 100,000 spaces between digits") {
    json j = test::minimal_document();
    j["reporting_duties"][0]["as_written"] = "1" + std::string(100000, ' ') + "/6/2022";
    CHECK(read_plan_json(j.dump()).warnings.size() == 1);
  }
  SECTION("a task chain 20,000 deep without a lead, and with one at its root") {
    json j = test::minimal_document();
    j["tasks"] = json::array();
    for (int i = 0; i < 20000; ++i) {
      json t = {{"id", "t" + std::to_string(i)}, {"section", "III." + std::to_string(i)}, {"title", "Nhiệm vụ"}};
      if (i > 0) t["parent"] = "t" + std::to_string(i - 1);
      j["tasks"].push_back(t);
    }
    CHECK_THROWS_WITH(read_plan_json(j.dump()), Catch::Contains("/tasks/19999/lead: task 't19999' has no lead agency"));
    j["tasks"][0]["lead"] = "ubnd-xa";
    CHECK(read_plan_json(j.dump()).plan.tasks.size() == 20000);
  }
  SECTION("an object with 200,000 keys") {
    std::string text = "{";
    for (int i = 0; i < 200000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
    text += "}";
    CHECK_THROWS_AS(read_plan_json(text), ParseError);
  }
}

TEST_CASE("A plan with a non-finite number cannot be written", "[json][bad-input]") {
  Plan p = read_plan_json(test::minimal_document().dump()).plan;
  p.targets[0].milestones[0].value = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(write_plan_json(p), InvalidArgument);
  p.targets[0].milestones[0].value = 80;
  p.tasks[0].progress = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(write_plan_json(p), Catch::Contains("progress is not a finite number"));
}
