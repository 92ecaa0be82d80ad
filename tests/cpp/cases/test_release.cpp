// The release family (src/cases/release.hpp) driven directly, without a
// store: indicators over a set of positions (another day's geography,
// decision 0021) are controlled as any release of the family — the same as
// the subtree's release when the set is a subtree's, and never a count
// between 1 and k-1 or a difference of two released sets that gives one.

#include "cases/release.hpp"

#include <kehoach/error.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace kehoach;
using namespace kehoach::disclosure;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }
Date plus(Date d, int n) { return Date{std::chrono::sys_days{d} + std::chrono::days{n}}; }

template <class E>
E any(std::mt19937& rng) {
  const auto values = all_values<E>();
  return values[rng() % values.size()];
}

// 86 over 00001 and 00002; 00003 merged into 00001.
const std::vector<UnitLinks> links = {
    {"86", std::nullopt, std::nullopt},
    {"00001", "86", std::nullopt},
    {"00002", "86", std::nullopt},
    {"00003", "86", "00001"},
};

std::vector<CaseRecord> random_cases(unsigned seed, int n) {
  std::mt19937 rng(seed);
  const char* units[] = {"00001", "00002", "00003"};
  std::vector<CaseRecord> out;
  for (int i = 0; i < n; ++i) {
    CaseRecord c;
    c.code = "VL-" + std::to_string(i);
    c.unit = units[rng() % 3];
    c.intake_date = plus(day("2024-01-01"), static_cast<int>(rng() % 366));
    c.receiving_body = any<ReceivingBody>(rng);
    c.channel = any<IntakeChannel>(rng);
    c.violence = {any<ViolenceType>(rng)};
    c.survivor = Survivor{any<Sex>(rng), any<AgeGroup>(rng), rng() % 2 == 0, std::nullopt, std::nullopt};
    c.perpetrator = any<Relationship>(rng);
    c.needs_help = rng() % 4 != 0;
    c.consent_services = true;
    if (rng() % 2 == 0) {
      c.services.push_back(Service{any<ServiceType>(rng), "tram-y-te", plus(c.intake_date, static_cast<int>(rng() % 60)),
                                   ServiceOutcome::provided});
    }
    out.push_back(c);
  }
  return out;
}

// Every released count of `x` (totals, cells, rate parts) with its value.
std::vector<std::int64_t> shown(const CaseIndicators& x) {
  std::vector<std::int64_t> out;
  auto add = [&](const Count& c) {
    if (!c.suppressed && c.value) out.push_back(*c.value);
  };
  add(x.cases);
  add(x.cases_with_service);
  for (const Rate* r : {&x.service_access, &x.help, &x.referral_completion}) {
    add(r->numerator);
    add(r->denominator);
  }
  for (const auto& d : x.disaggregations) {
    add(d.total);
    for (const auto& c : d.cells) add(c.count);
  }
  return out;
}

}  // namespace

TEST_CASE("Release: indicators over a subtree's positions are those of the subtree, controlled alike", "[disclosure][release]") {
  const auto seed = GENERATE(1u, 2u, 3u);
  const auto cases = random_cases(seed, 60);
  const auto units = family_units("86", links);
  const auto family = release_family(units, cases, 2024, 5);
  const auto tallies = family_tallies(units, cases, 2024);
  std::vector<Period> periods{period_of(PeriodType::year, 2024, 1), period_of(PeriodType::half_year, 2024, 2)};
  for (int q = 1; q <= 4; ++q) periods.push_back(period_of(PeriodType::quarter, 2024, q));
  for (int m = 1; m <= 12; m += 5) periods.push_back(period_of(PeriodType::month, 2024, m));
  for (std::size_t u = 0; u < units.size(); ++u) {
    for (const auto& period : periods) {
      INFO("seed " << seed << " unit " << units[u].code << " " << format_iso_date(period.start));
      CaseIndicators by_unit = sealed_indicators(family, units, tallies, static_cast<int>(u), period);
      control(family, by_unit, static_cast<int>(u));
      auto positions = positions_of(family, static_cast<int>(u), period);
      std::shuffle(positions.begin(), positions.end(), std::mt19937(seed));
      CaseIndicators by_positions = sealed_indicators(tallies, positions, units[u].code, period);
      control(family, by_positions, positions);
      CHECK(by_positions == by_unit);
      for (auto v : shown(by_unit)) CHECK((v == 0 || v >= 5));
    }
  }
}

TEST_CASE("Release: a unit of another day made of several of the family's units shows 0 or at least k", "[disclosure][release]") {
  const auto seed = GENERATE(4u, 5u, 6u, 7u);
  const auto cases = random_cases(seed, 40);
  const auto units = family_units("86", links);
  const auto family = release_family(units, cases, 2024, 5);
  const auto tallies = family_tallies(units, cases, 2024);
  auto index = [&](const char* code) {
    return static_cast<int>(std::find_if(units.begin(), units.end(), [&](const FamilyUnit& f) { return f.code == code; }) -
                            units.begin());
  };
  for (int q = 1; q <= 4; ++q) {
    const Period period = period_of(PeriodType::quarter, 2024, q);
    // 00002 with 00003 (a unit 00003 was never part of on any day the family knows).
    auto positions = positions_of(family, index("00002"), period);
    for (int p : positions_of(family, index("00003"), period)) positions.push_back(p);
    CaseIndicators x = sealed_indicators(tallies, positions, "X", period);
    control(family, x, positions);
    CHECK(x.disclosure_controlled);
    CHECK(x.unit == "X");
    for (auto v : shown(x)) CHECK((v == 0 || v >= 5));
    // Its released total beside 00002's own never differs from it by 1 to 4.
    CaseIndicators a = sealed_indicators(family, units, tallies, index("00002"), period);
    control(family, a, index("00002"));
    if (x.cases.value && a.cases.value) {
      const auto diff = *x.cases.value - *a.cases.value;
      CHECK((diff == 0 || diff >= 5));
    }
  }
}

TEST_CASE("Release: positions outside the period or the family are refused", "[disclosure][release][bad-input]") {
  const auto cases = random_cases(9u, 20);
  const auto units = family_units("86", links);
  const auto family = release_family(units, cases, 2024, 5);
  const auto tallies = family_tallies(units, cases, 2024);
  const Period march = period_of(PeriodType::month, 2024, 3);
  CaseIndicators x = sealed_indicators(tallies, {Frame::position(1, 2)}, "00001", march);
  CHECK_THROWS_AS(control(family, x, std::vector<int>{Frame::position(1, 3)}), kehoach::Error);
  CHECK_THROWS_AS(control(family, x, std::vector<int>{}), kehoach::Error);
  CHECK_THROWS_AS(control(family, x, std::vector<int>{Frame::position(40, 2)}), kehoach::Error);
}
