// The three seed plans of ../shared/seeds, encoded in examples/data, load and
// validate; their counts are the ones counted by hand in the seed texts; and
// every piece of source text they keep is found verbatim in the seed.

#include <kehoach/document.hpp>
#include <kehoach/text.hpp>

#include "support/documents.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kehoach;
namespace fs = std::filesystem;

namespace {

struct Counts {
  const char* file;
  const char* seed;
  std::size_t legal_bases, targets, items, milestones, tasks, agencies, duties, events, recipients,
      funding_sources;
};

// Counted by hand in the seed texts (see docs/seed-plans.md for how).
const Counts seeds[] = {
    {"huong-khe-2021.plan.json", "000_d1b757295d5ecc22.txt", 2, 2, 2, 4, 58, 22, 2, 2, 12, 2},
    {"cai-nhum-2026.plan.json", "001_533fbcebf9b65d51.txt", 2, 7, 5, 7, 39, 13, 2, 0, 4, 3},
    {"thuong-quang-2023.plan.json", "004_dd36fa4c0b564c24.txt", 2, 0, 0, 0, 70, 17, 4, 1, 6, 3},
};

std::size_t distinct_items(const Plan& p) {
  std::vector<std::string> codes;
  for (const auto& t : p.targets) codes.push_back(t.code);
  std::sort(codes.begin(), codes.end());
  return static_cast<std::size_t>(std::unique(codes.begin(), codes.end()) - codes.begin());
}

// The seed as one NFC line with white space collapsed and layout debris removed.
std::string normalised_seed(const fs::path& path) {
  std::string text = to_nfc(test::read_text(path));
  for (const std::string debris : {"[bookmark: _GoBack]", "[bookmark: muc_1]", "[bookmark: _Hlk57383167]",
                                   "[bookmark: _Hlk57381486]", "[bookmark: _Hlk57383222]"}) {
    for (auto pos = text.find(debris); pos != std::string::npos; pos = text.find(debris)) {
      text.erase(pos, debris.size());
    }
  }
  return collapse_whitespace(text);
}

}  // namespace

TEST_CASE("The seed plans load, validate and hold every counted record", "[json][seeds]") {
  for (const auto& c : seeds) {
    DYNAMIC_SECTION(c.file) {
      const auto doc = read_plan_file(test::examples_dir() / c.file);
      const Plan& p = doc.plan;
      std::size_t milestones = 0;
      for (const auto& t : p.targets) milestones += t.milestones.size();
      CHECK(p.legal_bases.size() == c.legal_bases);
      CHECK(p.targets.size() == c.targets);
      CHECK(distinct_items(p) == c.items);
      CHECK(milestones == c.milestones);
      CHECK(p.tasks.size() == c.tasks);
      CHECK(p.agencies.size() == c.agencies);
      CHECK(p.reporting_duties.size() == c.duties);
      CHECK(p.events.size() == c.events);
      CHECK(p.recipients.size() == c.recipients);
      CHECK(p.funding_sources.size() == c.funding_sources);
      for (const auto& t : p.tasks) {
        if (is_leaf(p, t)) CHECK(effective_lead(p, t).has_value());
      }
    }
  }
}

TEST_CASE("Seed 000: 48/KH-UBND, its two targets, and the slip kept as written", "[json][seeds]") {
  const auto doc = read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json");
  const Plan& p = doc.plan;
  CHECK(p.number == "48/KH-UBND");
  CHECK(p.issue_date == parse_iso_date("2021-03-16"));
  CHECK(p.period == parse_period("2021-01-01/2025-12-31"));
  REQUIRE(p.targets.size() == 2);
  const Target& t1 = p.targets[0];
  CHECK(t1.comparator == Comparator::at_least);
  CHECK(t1.unit == TargetUnit::percent);
  REQUIRE(t1.milestones.size() == 2);
  CHECK(t1.milestones[0].date == parse_iso_date("2023-12-31"));
  CHECK(t1.milestones[0].value == 40);
  CHECK(t1.milestones[1].value == 50);
  REQUIRE(t1.source_text);
  CHECK(t1.source_text->find("tối tiểu") != std::string::npos);  // kept, not fixed
  CHECK(std::any_of(doc.warnings.begin(), doc.warnings.end(), [](const Diagnostic& d) {
    return d.path == "/targets/0/source_text" && d.message.find("tối thiểu") != std::string::npos;
  }));
  CHECK(p.targets[1].milestones[1].value == 100);
  bool cites_2232 = false;
  for (const auto& b : p.legal_bases) cites_2232 = cites_2232 || b.number == "2232/QĐ-TTg";
  CHECK(cites_2232);
}

TEST_CASE("Seed 001: items a–đ in Vietnamese order, two indicators under a and d", "[json][seeds]") {
  const auto doc = read_plan_file(test::examples_dir() / "cai-nhum-2026.plan.json");
  std::vector<std::string> order;
  for (const Target* t : targets_in_item_order(doc.plan)) order.push_back(t->code + std::to_string(t->indicator));
  CHECK(order == std::vector<std::string>{"a1", "a2", "b1", "c1", "d1", "d2", "đ1"});
  const Target* shelters = nullptr;
  for (const auto& t : doc.plan.targets) {
    if (t.unit == TargetUnit::count) shelters = &t;
  }
  REQUIRE(shelters);
  CHECK(shelters->code == "a");
  CHECK(shelters->milestones.back().value == 5);
  const auto& annual = doc.plan.reporting_duties.front();
  REQUIRE(annual.deadline);
  CHECK(annual.deadline->rule == DeadlineRule::before);
  CHECK(annual.deadline->day_month == DayMonth{20, 11});
}

TEST_CASE("Seed 004: six-month and annual reports, the 2022 slip, the Action Month", "[json][seeds]") {
  const auto doc = read_plan_file(test::examples_dir() / "thuong-quang-2023.plan.json");
  const Plan& p = doc.plan;
  const ReportingDuty* half = nullptr;
  const ReportingDuty* year = nullptr;
  for (const auto& d : p.reporting_duties) {
    if (d.deadline && d.period == PeriodType::half_year) half = &d;
    if (d.deadline && d.period == PeriodType::year) year = &d;
  }
  REQUIRE(half);
  REQUIRE(year);
  CHECK(half->sub_periods == std::vector<int>{1});
  CHECK(half->deadline->day_month == DayMonth{10, 6});
  CHECK(year->deadline->day_month == DayMonth{10, 11});
  CHECK(deadline_date(*half->deadline, parse_period("2023H1")) == parse_iso_date("2023-06-10"));
  CHECK(std::any_of(doc.warnings.begin(), doc.warnings.end(), [](const Diagnostic& d) {
    return d.path == "/reporting_duties/0/as_written" && d.message.find("year 2022") != std::string::npos;
  }));
  REQUIRE(p.events.size() == 1);
  CHECK(occurrences(p, p.events[0]) == std::vector<Period>{parse_period("2023-11-15/2023-12-15")});
}

TEST_CASE("Source text in the seed documents is verbatim from the seeds", "[json][seeds]") {
  if (!fs::exists(test::seeds_dir())) {
    WARN("../shared/seeds is absent; verbatim check skipped");
    return;
  }
  for (const auto& c : seeds) {
    DYNAMIC_SECTION(c.file) {
      const std::string seed = normalised_seed(test::seeds_dir() / c.seed);
      const auto doc = read_plan_file(test::examples_dir() / c.file);
      const Plan& p = doc.plan;
      auto verbatim = [&](const std::string& where, const std::optional<std::string>& text) {
        if (!text) return;
        INFO(where << ": " << *text);
        CHECK(seed.find(collapse_whitespace(*text)) != std::string::npos);
      };
      verbatim("title", p.title);
      for (std::size_t i = 0; i < p.legal_bases.size(); ++i) verbatim("legal basis", p.legal_bases[i].number);
      for (const auto& t : p.targets) verbatim("target " + t.id, t.source_text);
      for (const auto& t : p.tasks) verbatim("task " + t.id, t.text);
      for (const auto& r : p.recipients) verbatim("recipient", r);
      for (const auto& s : p.purposes) verbatim("purpose", s);
    }
  }
}
