// The disclosure engine (src/cases/disclosure.hpp) driven directly, without a
// store: block suppression over linked releases (decision 0011). The linear
// programming attack on whole families is bindings/python/tests/
// test_disclosure_attack.py; here, the shapes of the issue one by one and the
// invariants of every release on random families.

#include "cases/disclosure.hpp"

#include <kehoach/error.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace kehoach::disclosure;

namespace {

// One mass split by one table of `cats` categories; counts[unit][month][cat].
Protection family(std::vector<int> parent, const std::vector<std::vector<std::vector<std::int64_t>>>& counts, int k = 5) {
  Frame frame;
  frame.parent = std::move(parent);
  const int cats = static_cast<int>(counts[0][0].size());
  Mass m{"cases", {TableSpec{"sex", cats}}, {std::vector<std::int64_t>(static_cast<std::size_t>(frame.positions() * cats), 0)}};
  for (std::size_t u = 0; u < counts.size(); ++u) {
    for (int month = 0; month < 12; ++month) {
      for (int c = 0; c < cats; ++c) {
        m.counts[0][static_cast<std::size_t>(Frame::position(static_cast<int>(u), month) * cats + c)] =
            counts[u][static_cast<std::size_t>(month)][static_cast<std::size_t>(c)];
      }
    }
  }
  return Protection(frame, {m}, k);
}

std::vector<std::vector<std::int64_t>> months_of(std::vector<std::vector<std::int64_t>> first) {
  first.resize(12, std::vector<std::int64_t>(first[0].size(), 0));
  return first;
}

Query total(int unit, int first, int last) { return Query{0, -1, {}, unit, first, last, {}}; }
// Exactly `positions` (another day's geography, decision 0021).
Query over(std::vector<int> positions) { return Query{0, -1, {}, 0, 0, 11, std::move(positions)}; }
Query cat(int c, int unit, int first, int last) { return Query{0, 0, {c}, unit, first, last, {}}; }

}  // namespace

TEST_CASE("Disclosure: a year minus its months reveals nothing", "[disclosure]") {
  // January 3, February 2, March 10: the two small months are withheld
  // together; the quarter and the year stay shown.
  const auto p = family({-1}, {months_of({{3}, {2}, {10}})});
  CHECK(p.withheld(total(0, 0, 0)));
  CHECK(p.withheld(total(0, 1, 1)));
  CHECK_FALSE(p.withheld(total(0, 2, 2)));
  CHECK_FALSE(p.withheld(total(0, 0, 2)));
  CHECK_FALSE(p.withheld(total(0, 0, 11)));
  CHECK(p.value(total(0, 0, 11)) == 15);
}

TEST_CASE("Disclosure: a parent minus all but one child reveals nothing", "[disclosure]") {
  // Child 1 holds 3 cases in January, child 2 holds 12: the parent's January
  // is shown only if child 1's cases cannot be told apart.
  const auto p = family({-1, 0, 0}, {months_of({{0}}), months_of({{3}}), months_of({{12}})});
  CHECK(p.withheld(total(1, 0, 0)));
  CHECK(p.withheld(total(2, 0, 0)));  // its complement in the parent
  CHECK_FALSE(p.withheld(total(0, 0, 0)));
  CHECK(p.value(total(0, 0, 0)) == 15);
}

TEST_CASE("Disclosure: the shown cells of a breakdown never give away a withheld one", "[disclosure]") {
  // 9 served, 3 not: showing 9 beside a shown total of 12 would give the 3.
  const auto p = family({-1}, {months_of({{9, 3}})});
  CHECK_FALSE(p.withheld(total(0, 0, 0)));
  CHECK(p.withheld(cat(0, 0, 0, 0)));
  CHECK(p.withheld(cat(1, 0, 0, 0)));
  // Both together are the total, which is shown.
  CHECK_FALSE(p.withheld(Query{0, 0, {0, 1}, 0, 0, 0, {}}));
}

TEST_CASE("Disclosure: a family with fewer than k cases shows only zeros", "[disclosure]") {
  const auto p = family({-1, 0}, {months_of({{1, 0}}), months_of({{2, 0}})});
  CHECK(p.withheld(total(0, 0, 11)));
  CHECK(p.withheld(total(1, 0, 0)));
  CHECK_FALSE(p.withheld(total(1, 1, 1)));       // a zero
  CHECK_FALSE(p.withheld(cat(1, 0, 0, 11)));      // a zero
}

TEST_CASE("Disclosure: bad frames and queries are refused", "[disclosure][bad-input]") {
  CHECK_THROWS_AS(family({0}, {months_of({{1}})}), kehoach::InvalidArgument);
  const auto p = family({-1}, {months_of({{6}})});
  CHECK_THROWS_AS(p.withheld(total(1, 0, 0)), kehoach::InvalidArgument);
  CHECK_THROWS_AS(p.withheld(total(0, 3, 2)), kehoach::InvalidArgument);
  CHECK_THROWS_AS(p.withheld(cat(4, 0, 0, 0)), kehoach::InvalidArgument);
  CHECK_THROWS_AS(Protection(Frame{{-1}, {}}, {}, 0), kehoach::InvalidArgument);
  CHECK_THROWS_AS(p.withheld(over({-1})), kehoach::InvalidArgument);
  CHECK_THROWS_AS(p.withheld(over({Frame::position(1, 0)})), kehoach::InvalidArgument);
}

TEST_CASE("Disclosure: a set of positions is released as the same subtree would be, and never opens a withheld one",
          "[disclosure]") {
  // Parent 0 with children 1 (3 cases in January) and 2 (12 in January), 8
  // more in child 2's March: another day's unit made of child 2 alone, or of
  // both children, is answered over exactly its positions.
  auto counts = std::vector<std::vector<std::vector<std::int64_t>>>{months_of({{0}}), months_of({{3}}), months_of({{12}, {0}, {8}})};
  const auto p = family({-1, 0, 0}, counts);
  SECTION("the positions of a subtree answer as the subtree") {
    for (int u = 0; u < 3; ++u) {
      for (auto [a, b] : std::vector<std::pair<int, int>>{{0, 0}, {0, 2}, {0, 11}, {2, 2}}) {
        std::vector<int> pos;
        if (u == 0) {
          for (int c = 0; c < 3; ++c) {
            for (int m = a; m <= b; ++m) pos.push_back(Frame::position(c, m));
          }
        } else {
          for (int m = a; m <= b; ++m) pos.push_back(Frame::position(u, m));
        }
        INFO("unit " << u << " months " << a << "-" << b);
        CHECK(p.withheld(over(pos)) == p.withheld(total(u, a, b)));
        CHECK(p.value(over(pos)) == p.value(total(u, a, b)));
      }
    }
  }
  SECTION("duplicates and order do not matter") {
    const std::vector<int> pos{Frame::position(2, 2), Frame::position(2, 0), Frame::position(2, 2)};
    CHECK(p.value(over(pos)) == 20);
    CHECK(p.withheld(over(pos)) == p.withheld(over({Frame::position(2, 0), Frame::position(2, 2)})));
  }
  SECTION("a set that would give away child 1's January is withheld") {
    // Child 1's January alone, and the parent's January minus child 2's: the same 3 cases.
    CHECK(p.withheld(over({Frame::position(1, 0)})));
    CHECK(p.withheld(over({Frame::position(0, 0), Frame::position(1, 0)})));
  }
  SECTION("released sets never differ by a withheld count") {
    // Every pair of released sets where one holds the other: the difference is 0 or at least k.
    std::vector<std::vector<int>> sets;
    for (int mask = 1; mask < 8; ++mask) {
      for (auto [a, b] : std::vector<std::pair<int, int>>{{0, 0}, {0, 2}, {2, 2}, {0, 11}}) {
        std::vector<int> pos;
        for (int u = 0; u < 3; ++u) {
          if ((mask & (1 << u)) == 0) continue;
          for (int m = a; m <= b; ++m) pos.push_back(Frame::position(u, m));
        }
        sets.push_back(pos);
      }
    }
    for (const auto& big : sets) {
      if (p.withheld(over(big))) continue;
      for (const auto& small : sets) {
        if (p.withheld(over(small))) continue;
        if (!std::includes(big.begin(), big.end(), small.begin(), small.end())) continue;
        const auto diff = p.value(over(big)) - p.value(over(small));
        CHECK((diff == 0 || diff >= 5));
      }
    }
  }
}

TEST_CASE("Disclosure: property — every release shows 0 or at least k, and never one withheld part beside a shown whole",
          "[disclosure][property]") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> units_d(1, 6), small(0, 4), big(0, 12);
    const int units = units_d(rng);
    std::vector<int> parent{-1};
    for (int u = 1; u < units; ++u) parent.push_back(std::uniform_int_distribution<int>(0, u - 1)(rng));
    std::vector<std::vector<std::vector<std::int64_t>>> counts(static_cast<std::size_t>(units));
    for (auto& u : counts) {
      for (int m = 0; m < 12; ++m) u.push_back({small(rng), small(rng), rng() % 4 == 0 ? big(rng) : 0});
    }
    const auto p = family(parent, counts);
    const std::vector<std::pair<int, int>> spans{{0, 11}, {0, 5}, {6, 11}, {0, 2}, {3, 5}, {6, 8}, {9, 11}, {0, 0}, {1, 1},
                                                 {2, 2}, {3, 3}, {7, 7}, {11, 11}};
    for (int u = 0; u < units; ++u) {
      for (auto [a, b] : spans) {
        INFO("seed " << seed << " unit " << u << " months " << a << "-" << b);
        const Query whole = total(u, a, b);
        const auto v = p.value(whole);
        if (!p.withheld(whole)) CHECK((v == 0 || v >= 5));
        int hidden = 0;
        for (int c = 0; c < 3; ++c) {
          const Query q = cat(c, u, a, b);
          if (p.withheld(q)) ++hidden;
          else CHECK((p.value(q) == 0 || p.value(q) >= 5));
        }
        if (!p.withheld(whole)) CHECK(hidden != 1);
      }
    }
  }
}
