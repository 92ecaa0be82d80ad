// The units as they were on a day: the register's geography of one day, and
// where a dated item of a unit falls in it (boundaries.hpp, decision 0021).

#include "model/boundaries.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace boundaries {

namespace {

bool valid_on(const UnitVersion& v, Date d) {
  return (!v.valid_from || *v.valid_from <= d) && (!v.valid_to || d <= *v.valid_to);
}

Date next_day(Date d) { return Date{std::chrono::sys_days{d} + std::chrono::days{1}}; }
Date previous_day(Date d) { return Date{std::chrono::sys_days{d} - std::chrono::days{1}}; }

int level_rank(Level l) {
  switch (l) {
    case Level::national: return 0;
    case Level::province: return 1;
    case Level::district: return 2;
    case Level::commune: return 3;
    case Level::village: return 4;
  }
  return 5;
}

}  // namespace

Geography::Geography(std::vector<UnitVersion> versions, const std::vector<Succession>& successions,
                     std::map<std::string, std::string, std::less<>> legacy_successors, Date on)
    : legacy_(std::move(legacy_successors)), on_(on) {
  for (auto& v : versions) by_code_[v.code].push_back(std::move(v));
  for (auto& [code, list] : by_code_) {
    std::stable_sort(list.begin(), list.end(), [](const UnitVersion& a, const UnitVersion& b) {
      if (!a.valid_from || !b.valid_from) return !a.valid_from && b.valid_from;
      return *a.valid_from < *b.valid_from;
    });
  }
  for (const auto& s : successions) {
    out_[{s.from, s.date}].push_back(s.to);
    in_[{s.to, s.date}].push_back(s.from);
  }
}

std::size_t Geography::version_at(const std::vector<UnitVersion>& list, Date at) const {
  // The version valid at `at`; else the last that started by then; else the first.
  std::size_t best = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (valid_on(list[i], at)) return i;
    if (!list[i].valid_from || *list[i].valid_from <= at) best = i;
  }
  return best;
}

const UnitVersion* Geography::valid(std::string_view code) const {
  const auto it = by_code_.find(code);
  if (it == by_code_.end()) return nullptr;
  for (const auto& v : it->second) {
    if (valid_on(v, on_)) return &v;
  }
  return nullptr;
}

std::vector<UnitVersion> Geography::units() const {
  std::vector<UnitVersion> out;
  for (const auto& [code, list] : by_code_) {
    for (const auto& v : list) {
      if (valid_on(v, on_)) out.push_back(v);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const UnitVersion& a, const UnitVersion& b) {
    return std::pair(level_rank(a.level), a.code) < std::pair(level_rank(b.level), b.code);
  });
  return out;
}

std::vector<std::string> Geography::chain(std::string_view code) const {
  std::vector<std::string> out;
  const UnitVersion* v = valid(code);
  // Parents are of a higher level, so a chain has at most one unit per level.
  while (v && out.size() < 8) {
    out.push_back(v->code);
    v = v->parent ? valid(*v->parent) : nullptr;
  }
  return out;
}

bool Geography::holds(std::string_view root, std::string_view unit) const {
  const auto c = chain(unit);
  return std::find(c.begin(), c.end(), root) != c.end();
}

std::optional<Placement> Geography::place(std::string_view code, Date at) const {
  const auto start = by_code_.find(code);
  if (start == by_code_.end()) return std::nullopt;
  return walk({{start->first, version_at(start->second, at)}});
}

std::optional<Placement> Geography::place(std::string_view code, Date from, Date to) const {
  const auto start = by_code_.find(code);
  if (start == by_code_.end()) return std::nullopt;
  std::vector<std::pair<std::string, std::size_t>> work;
  const auto& list = start->second;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if ((!list[i].valid_from || *list[i].valid_from <= to) && (!list[i].valid_to || from <= *list[i].valid_to)) {
      work.emplace_back(start->first, i);
    }
  }
  if (work.empty()) work.emplace_back(start->first, version_at(list, from));
  return walk(std::move(work));
}

std::optional<Placement> Geography::walk(std::vector<std::pair<std::string, std::size_t>> work) const {
  std::set<std::pair<std::string, std::size_t>> seen;
  std::set<std::string> reached;
  bool held = false;  // followed to a parent: the item is held above its own unit
  // The version of `c` an edge on `d` meets: valid on d, else the nearest.
  const auto push_at = [&](const std::string& c, Date d) {
    if (const auto it = by_code_.find(c); it != by_code_.end()) work.emplace_back(c, version_at(it->second, d));
  };
  while (!work.empty()) {
    const auto node = work.back();
    work.pop_back();
    if (!seen.insert(node).second) continue;
    const auto& list = by_code_.find(node.first)->second;
    const UnitVersion& v = list[node.second];
    if (valid_on(v, on_)) {
      reached.insert(v.code);
    } else if (v.valid_to && *v.valid_to < on_) {
      // Ended before the day: forward.
      const Date after = next_day(*v.valid_to);
      if (const auto edges = out_.find({v.code, after}); edges != out_.end()) {
        for (const auto& to : edges->second) push_at(to, after);
      } else if (node.second + 1 < list.size() && list[node.second + 1].valid_from == after) {
        work.emplace_back(node.first, node.second + 1);  // renamed, or a new parent
      } else if (const auto legacy = legacy_.find(v.code); legacy != legacy_.end()) {
        push_at(legacy->second, after);
      } else if (v.parent) {
        held = true;
        push_at(*v.parent, *v.valid_to);  // ended with no successor: its parent holds it
      }
    } else if (v.valid_from) {
      // Started after the day: backward.
      const Date from = *v.valid_from;
      if (const auto edges = in_.find({v.code, from}); edges != in_.end()) {
        for (const auto& f : edges->second) push_at(f, previous_day(from));
      } else if (node.second > 0 && list[node.second - 1].valid_to == previous_day(from)) {
        work.emplace_back(node.first, node.second - 1);
      } else if (v.parent) {
        held = true;
        push_at(*v.parent, from);  // new with no predecessor: its parent holds it
      }
    }
  }
  if (reached.empty()) return std::nullopt;
  if (reached.size() == 1) return Placement{*reached.begin(), !held};
  // Several units: their lowest common ancestor on the day.
  std::vector<std::vector<std::string>> chains;
  for (const auto& r : reached) chains.push_back(chain(r));
  for (const auto& candidate : chains.front()) {
    const bool common = std::all_of(chains.begin() + 1, chains.end(), [&](const std::vector<std::string>& c) {
      return std::find(c.begin(), c.end(), candidate) != c.end();
    });
    if (common) return Placement{candidate, false};
  }
  return std::nullopt;
}

}  // namespace boundaries
}  // namespace v1
}  // namespace kehoach
