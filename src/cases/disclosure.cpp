// Block suppression over a family of linked releases (disclosure.hpp,
// decision 0011).

#include "cases/disclosure.hpp"

#include <kehoach/error.hpp>

#include <algorithm>
#include <limits>

namespace kehoach {
inline namespace v1 {
namespace disclosure {

Protection::Protection(Frame frame, std::vector<Mass> masses, int k)
    : frame_(std::move(frame)), masses_(std::move(masses)), k_(k) {
  if (k_ < 1) throw InvalidArgument("the disclosure threshold k must be at least 1");
  const int units = static_cast<int>(frame_.parent.size());
  if (units < 1) throw InvalidArgument("a disclosure family needs at least its root unit");
  if (!frame_.extra_parents.empty() && frame_.extra_parents.size() != frame_.parent.size()) {
    throw InvalidArgument("disclosure frame: extra parents for some units only");
  }
  subtree_.assign(static_cast<std::size_t>(units), {});
  for (int u = 0; u < units; ++u) {
    const int p = frame_.parent[static_cast<std::size_t>(u)];
    if ((u == 0) != (p < 0) || p >= u) throw InvalidArgument("disclosure frame: a parent must come before its children");
  }
  // Each unit belongs to the subtree of everything above it, by either link.
  std::vector<int> seen(static_cast<std::size_t>(units), -1);
  for (int v = 0; v < units; ++v) {
    std::vector<int> stack{v};
    seen[static_cast<std::size_t>(v)] = v;
    while (!stack.empty()) {
      const int u = stack.back();
      stack.pop_back();
      subtree_[static_cast<std::size_t>(u)].push_back(v);
      auto up = [&](int w) {
        if (w < 0 || w >= units) throw InvalidArgument("disclosure frame: no such parent");
        if (seen[static_cast<std::size_t>(w)] != v) {
          seen[static_cast<std::size_t>(w)] = v;
          stack.push_back(w);
        }
      };
      if (frame_.parent[static_cast<std::size_t>(u)] >= 0) up(frame_.parent[static_cast<std::size_t>(u)]);
      if (!frame_.extra_parents.empty()) {
        for (int w : frame_.extra_parents[static_cast<std::size_t>(u)]) up(w);
      }
    }
  }
  for (const auto& m : masses_) {
    if (m.tables.empty() || m.counts.size() != m.tables.size()) throw InvalidArgument("disclosure: a mass needs its tables");
    for (std::size_t t = 0; t < m.tables.size(); ++t) {
      if (m.counts[t].size() != static_cast<std::size_t>(frame_.positions() * m.tables[t].categories)) {
        throw InvalidArgument("disclosure: table '" + m.tables[t].name + "' has the wrong number of counts");
      }
    }
  }
  blocks_.resize(masses_.size());
  for (int m = 0; m < static_cast<int>(masses_.size()); ++m) protect(m);
}

void Protection::protect(int mi) {
  const Mass& mass = masses_[static_cast<std::size_t>(mi)];
  MassBlocks& mb = blocks_[static_cast<std::size_t>(mi)];
  const int units = static_cast<int>(frame_.parent.size());
  const int positions = frame_.positions();
  const int c0 = mass.tables[0].categories;
  std::vector<std::int64_t> n0(static_cast<std::size_t>(positions), 0);
  for (int p = 0; p < positions; ++p) {
    for (int c = 0; c < c0; ++c) n0[static_cast<std::size_t>(p)] += mass.counts[0][static_cast<std::size_t>(p * c0 + c)];
  }
  mb.block_of.assign(static_cast<std::size_t>(positions), -1);
  std::vector<std::vector<int>> members;
  auto new_block = [&](const std::vector<int>& ps) {
    const int id = static_cast<int>(members.size());
    members.push_back(ps);
    std::int64_t sum = 0;
    for (int p : ps) {
      mb.block_of[static_cast<std::size_t>(p)] = id;
      sum += n0[static_cast<std::size_t>(p)];
    }
    mb.block_mass.push_back(sum);
  };
  auto mass_of = [&](const std::vector<int>& ps) {
    std::int64_t sum = 0;
    for (int p : ps) sum += n0[static_cast<std::size_t>(p)];
    return sum;
  };
  // Positions of k or more are blocks of their own; those of 1..k-1 wait.
  std::vector<char> residual(static_cast<std::size_t>(positions), 0);
  for (int p = 0; p < positions; ++p) {
    const auto v = n0[static_cast<std::size_t>(p)];
    if (v >= k_) new_block({p});
    else if (v > 0) residual[static_cast<std::size_t>(p)] = 1;
  }
  // Then, for quarters, halves and the year in turn: a unit's own waiting
  // months of the period, then those of its whole subtree.
  std::vector<int> leftover;
  for (int span : {3, 6, 12}) {
    const int periods = Frame::months / span;
    std::vector<std::vector<std::vector<int>>> carry(static_cast<std::size_t>(units),
                                                      std::vector<std::vector<int>>(static_cast<std::size_t>(periods)));
    for (int u = units - 1; u >= 0; --u) {
      for (int j = 0; j < periods; ++j) {
        std::vector<int> own;
        for (int month = j * span; month < (j + 1) * span; ++month) {
          const int p = Frame::position(u, month);
          if (residual[static_cast<std::size_t>(p)]) own.push_back(p);
        }
        auto& here = carry[static_cast<std::size_t>(u)][static_cast<std::size_t>(j)];
        if (!own.empty() && mass_of(own) >= k_) {
          new_block(own);
          for (int p : own) residual[static_cast<std::size_t>(p)] = 0;
          own.clear();
        }
        here.insert(here.end(), own.begin(), own.end());
        if (!here.empty() && mass_of(here) >= k_) {
          new_block(here);
          for (int p : here) residual[static_cast<std::size_t>(p)] = 0;
          here.clear();
        }
        const int parent = frame_.parent[static_cast<std::size_t>(u)];
        if (parent >= 0) {
          auto& up = carry[static_cast<std::size_t>(parent)][static_cast<std::size_t>(j)];
          up.insert(up.end(), here.begin(), here.end());
          here.clear();
        }
      }
    }
    if (span == 12) leftover = carry[0][0];
  }
  // What is left holds less than k in the whole family: it joins the smallest
  // block, or, when there is none, the family cannot be protected and only
  // zeros are released.
  if (!leftover.empty()) {
    if (members.empty()) {
      new_block(leftover);
      mb.sufficient = false;
    } else {
      int smallest = 0;
      for (int b = 1; b < static_cast<int>(members.size()); ++b) {
        if (mb.block_mass[static_cast<std::size_t>(b)] < mb.block_mass[static_cast<std::size_t>(smallest)]) smallest = b;
      }
      for (int p : leftover) {
        mb.block_of[static_cast<std::size_t>(p)] = smallest;
        members[static_cast<std::size_t>(smallest)].push_back(p);
        mb.block_mass[static_cast<std::size_t>(smallest)] += n0[static_cast<std::size_t>(p)];
      }
    }
  }
  const int blocks = static_cast<int>(members.size());
  mb.block_size.assign(static_cast<std::size_t>(blocks), 0);
  for (int b = 0; b < blocks; ++b) mb.block_size[static_cast<std::size_t>(b)] = static_cast<int>(members[static_cast<std::size_t>(b)].size());
  // Inside each block, the small categories of each table are grouped.
  mb.group.resize(mass.tables.size());
  mb.group_size.resize(mass.tables.size());
  for (std::size_t t = 0; t < mass.tables.size(); ++t) {
    const int cats = mass.tables[t].categories;
    auto& group = mb.group[t];
    group.assign(static_cast<std::size_t>(blocks * cats), 0);
    mb.group_size[t].assign(static_cast<std::size_t>(blocks), 0);
    std::vector<std::int64_t> per(static_cast<std::size_t>(cats));
    for (int b = 0; b < blocks; ++b) {
      std::fill(per.begin(), per.end(), 0);
      for (int p : members[static_cast<std::size_t>(b)]) {
        for (int c = 0; c < cats; ++c) per[static_cast<std::size_t>(c)] += mass.counts[t][static_cast<std::size_t>(p * cats + c)];
      }
      std::int64_t small = 0;
      int smallest_big = -1;
      for (int c = 0; c < cats; ++c) {
        const auto v = per[static_cast<std::size_t>(c)];
        auto& g = group[static_cast<std::size_t>(b * cats + c)];
        if (v == 0) continue;
        if (v >= k_ && mb.sufficient) {
          g = 1;
          if (smallest_big < 0 || v < per[static_cast<std::size_t>(smallest_big)]) smallest_big = c;
        } else {
          g = 2;
          small += v;
        }
      }
      if (small > 0 && small < k_ && smallest_big >= 0) group[static_cast<std::size_t>(b * cats + smallest_big)] = 2;
      int size = 0;
      for (int c = 0; c < cats; ++c) size += group[static_cast<std::size_t>(b * cats + c)] == 2 ? 1 : 0;
      mb.group_size[t][static_cast<std::size_t>(b)] = size;
    }
  }
}

std::vector<int> distinct_positions(std::vector<int> positions) {
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  return positions;
}

std::vector<int> Protection::in_scope(const Query& q) const {
  if (q.unit < 0 || q.unit >= static_cast<int>(subtree_.size()) || q.first < 0 || q.last >= Frame::months || q.first > q.last) {
    throw InvalidArgument("disclosure: a query outside the family");
  }
  if (q.mass < 0 || q.mass >= static_cast<int>(masses_.size())) throw InvalidArgument("disclosure: no such mass");
  const Mass& m = masses_[static_cast<std::size_t>(q.mass)];
  if (q.table >= static_cast<int>(m.tables.size())) throw InvalidArgument("disclosure: no such table");
  if (q.table >= 0) {
    for (int c : q.cats) {
      if (c < 0 || c >= m.tables[static_cast<std::size_t>(q.table)].categories) throw InvalidArgument("disclosure: no such category");
    }
  }
  std::vector<int> out;
  if (!q.positions.empty()) {
    out = distinct_positions(q.positions);
    if (out.front() < 0 || out.back() >= frame_.positions()) throw InvalidArgument("disclosure: a position outside the family");
    return out;
  }
  for (int u : subtree_[static_cast<std::size_t>(q.unit)]) {
    for (int month = q.first; month <= q.last; ++month) out.push_back(Frame::position(u, month));
  }
  return out;
}

std::int64_t Protection::value(const Query& q) const {
  const Mass& m = masses_[static_cast<std::size_t>(q.mass)];
  const int t = q.table < 0 ? 0 : q.table;
  const int cats = m.tables[static_cast<std::size_t>(t)].categories;
  std::int64_t sum = 0;
  for (int p : in_scope(q)) {
    if (q.table < 0) {
      for (int c = 0; c < cats; ++c) sum += m.counts[static_cast<std::size_t>(t)][static_cast<std::size_t>(p * cats + c)];
    } else {
      for (int c : q.cats) sum += m.counts[static_cast<std::size_t>(t)][static_cast<std::size_t>(p * cats + c)];
    }
  }
  return sum;
}

bool Protection::withheld(const Query& asked) const {
  Query q = asked;
  std::sort(q.cats.begin(), q.cats.end());
  q.cats.erase(std::unique(q.cats.begin(), q.cats.end()), q.cats.end());
  const auto scope = in_scope(q);
  const MassBlocks& mb = blocks_[static_cast<std::size_t>(q.mass)];
  if (!mb.sufficient) return value(q) > 0;
  std::vector<int> touched;
  std::vector<int> inside(mb.block_size.size(), 0);
  for (int p : scope) {
    const int b = mb.block_of[static_cast<std::size_t>(p)];
    if (b < 0) continue;
    if (inside[static_cast<std::size_t>(b)]++ == 0) touched.push_back(b);
  }
  const Mass& m = masses_[static_cast<std::size_t>(q.mass)];
  for (int b : touched) {
    const bool whole = inside[static_cast<std::size_t>(b)] == mb.block_size[static_cast<std::size_t>(b)];
    if (q.table < 0) {
      if (!whole) return true;
      continue;
    }
    const int cats = m.tables[static_cast<std::size_t>(q.table)].categories;
    const auto& group = mb.group[static_cast<std::size_t>(q.table)];
    int grouped_asked = 0;
    bool relevant = false;
    for (int c : q.cats) {
      const auto g = group[static_cast<std::size_t>(b * cats + c)];
      relevant = relevant || g != 0;
      grouped_asked += g == 2 ? 1 : 0;
    }
    if (!whole && relevant) return true;
    // The block's group of small categories is split when some of it is
    // asked for and some not (categories are asked at most once each).
    if (whole && grouped_asked > 0 && grouped_asked < mb.group_size[static_cast<std::size_t>(q.table)][static_cast<std::size_t>(b)]) {
      return true;
    }
  }
  return false;
}

}  // namespace disclosure
}  // namespace v1
}  // namespace kehoach
