#include <kehoach/document.hpp>
#include <kehoach/document_number.hpp>
#include <kehoach/validation.hpp>

#include "support/documents.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kehoach;

namespace {
bool has(const std::vector<Diagnostic>& ds, Severity s, const std::string& path, const std::string& fragment) {
  return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) {
    return d.severity == s && d.path == path && d.message.find(fragment) != std::string::npos;
  });
}
Plan minimal_plan() { return read_plan_json(test::minimal_document().dump()).plan; }
}  // namespace

TEST_CASE("Validation reports every error at once, each with its path", "[model][validation]") {
  Plan p = minimal_plan();
  p.tasks[0].lead = "khong-co";
  p.targets[0].milestones[0].value = 200;
  const auto errors = errors_of(validate(p));
  CHECK(errors.size() == 3);
  CHECK(has(errors, Severity::error, "/tasks/0/lead", "agency 'khong-co' is not defined"));
  CHECK(has(errors, Severity::error, "/targets/0/milestones/0/value", "percent value 200"));
  CHECK(has(errors, Severity::error, "/targets/0/milestones/1/value", "cannot fall from 200 to 100"));
  try {
    check(p);
    FAIL("accepted");
  } catch (const ValidationError& e) {
    CHECK(e.errors() == errors);
    CHECK(e.path() == errors.front().path);
    CHECK_THAT(e.what(), Catch::Contains("and 2 more errors"));
  }
}

TEST_CASE("Slips and omissions of the source are warnings, kept as written", "[model][validation]") {
  Plan p = minimal_plan();
  p.number.reset();
  p.issue_date.reset();
  p.issue_date_as_written.reset();
  p.targets[0].source_text = "đến năm 2030 tối tiểu 100%";
  p.reporting_duties[0].as_written = "trước ngày 20/11/2022";
  p.reporting_duties.push_back(p.reporting_duties[0]);
  p.reporting_duties[1].id = "r2";
  p.reporting_duties[1].deadline.reset();
  p.units[1].code = "x-xa-thu";
  p.unit = "x-xa-thu";
  p.agencies[0].unit = "x-xa-thu";
  p.agencies[1].unit = "x-xa-thu";
  const auto all = validate(p);
  CHECK(errors_of(all).empty());
  CHECK(has(all, Severity::warning, "/number", "not stated"));
  CHECK(has(all, Severity::warning, "/issue_date", "not stated"));
  CHECK(has(all, Severity::warning, "/targets/0/source_text", "'tối tiểu', probably meaning 'tối thiểu'"));
  CHECK(has(all, Severity::warning, "/reporting_duties/0/as_written", "written with the year 2022, outside the plan period"));
  CHECK(has(all, Severity::warning, "/reporting_duties/1/deadline", "no deadline is stated"));
  CHECK(has(all, Severity::warning, "/units/1/code", "provisional code"));
  CHECK(p.targets[0].source_text == "đến năm 2030 tối tiểu 100%");
  CHECK(check(p) == warnings_of(all));
}

TEST_CASE("A date as written that disagrees with its ISO date is a warning", "[model][validation]") {
  Plan p = minimal_plan();
  p.issue_date_as_written = "ngày 02 tháng 6 năm 2026";
  CHECK(has(validate(p), Severity::warning, "/issue_date_as_written", "is 2026-06-02, not 2026-06-01"));
  p.issue_date_as_written = "ngày 01 tháng 6 năm 2026";
  CHECK(validate(p).empty());
}

TEST_CASE("Text built in C++ must be valid UTF-8 in NFC", "[model][validation]") {
  Plan p = minimal_plan();
  p.title = "K\xff";
  CHECK(has(validate(p), Severity::error, "/title", "not valid UTF-8"));
  CHECK_THROWS_AS(write_plan_json(p), InvalidArgument);
  p.title = "Ke\xcc\x82\xcc\x81 hoa\xcc\xa3\x63h";
  CHECK(has(validate(p), Severity::error, "/title", "not in Unicode NFC"));
}

TEST_CASE("Leads are inherited from the nearest ancestor", "[model][validation]") {
  const Plan p = minimal_plan();
  const Task* leaf = p.find_task("g1-1");
  REQUIRE(leaf);
  CHECK_FALSE(leaf->lead.has_value());
  CHECK(effective_lead(p, *leaf) == "phong-vhxh");
  CHECK(is_leaf(p, *leaf));
  CHECK_FALSE(is_leaf(p, *p.find_task("g1")));
  CHECK(children_of(p, std::nullopt).size() == 1);
  CHECK(children_of(p, std::string("g1")).front()->id == "g1-1");
}

TEST_CASE("A plan's key is its issuer, year and number", "[model][validation]") {
  const Plan p = minimal_plan();
  const PlanKey key = key_of(p);
  CHECK(key.issuer == "Ủy ban nhân dân xã");
  CHECK(key.year == 2026);
  CHECK(key.number == "12/KH-UBND");
}

TEST_CASE("Amendments and supersessions link plans, never to themselves", "[model][validation]") {
  Plan p = minimal_plan();
  p.amends = {"test-plan"};
  CHECK(has(validate(p), Severity::error, "/amends/0", "cannot amend itself"));
  p.amends = {"older-plan"};
  p.supersedes = {"older-plan"};
  CHECK(errors_of(validate(p)).empty());
}

TEST_CASE("Document numbers split into number, year and symbol", "[model][document-number]") {
  CHECK(parse_document_number("48/KH-UBND") == DocumentNumber{"48", std::nullopt, "KH-UBND"});
  CHECK(parse_document_number("13/2022/QH15") == DocumentNumber{"13", 2022, "QH15"});
  CHECK(parse_document_number(" 2232/QĐ-TTg ") == DocumentNumber{"2232", std::nullopt, "QĐ-TTg"});
  CHECK(parse_document_number("110/2025/NĐ-CP").year == 2025);
  CHECK_THROWS_AS(parse_document_number("KH-UBND"), ParseError);
  CHECK_THROWS_AS(parse_document_number("/KH-UBND"), ParseError);
  CHECK_THROWS_AS(parse_document_number("48/"), ParseError);
  CHECK_THROWS_AS(parse_document_number("48/20x2/QH15"), ParseError);
  CHECK_THROWS_AS(parse_document_number("48/2022/QH/15"), ParseError);
  CHECK_THROWS_AS(parse_document_number("99999999999999999999/KH"), ParseError);
}

TEST_CASE("Validating a default-constructed plan reports errors and never throws", "[model][validation]") {
  Plan empty;
  std::vector<Diagnostic> found;
  CHECK_NOTHROW(found = validate(empty));
  CHECK_FALSE(errors_of(found).empty());
  Plan odd = read_plan_json(test::minimal_document().dump()).plan;
  odd.targets[0].milestones[0].date = Date{};
  odd.tasks[0].due = Date{};
  CHECK_NOTHROW(found = validate(odd));
  CHECK_FALSE(errors_of(found).empty());
}
