#include "model/unit_register.hpp"

#include <kehoach/text.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <tuple>

namespace kehoach {
inline namespace v1 {
namespace unit_register {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }
std::string day(Date d) { return d.ok() ? format_iso_date(d) : std::string("(not a valid date)"); }
Date day_before(Date d) { return Date{sys_days{d} - days{1}}; }
Date day_after(Date d) { return Date{sys_days{d} + days{1}}; }

// Whether `v` is valid on `d` (an absent end is open).
bool valid_on(const UnitVersion& v, Date d) {
  return (!v.valid_from || *v.valid_from <= d) && (!v.valid_to || d <= *v.valid_to);
}

bool before(const std::optional<Date>& a, const std::optional<Date>& b) {  // absent start first
  if (!a) return b.has_value();
  return b && *a < *b;
}

// Dates that agree: equal, or absent on one side.
bool agree(const std::optional<Date>& a, const std::optional<Date>& b) { return !a || !b || *a == *b; }

// One version of the merged register: stored (seq set) or incoming, and
// where an error about it points.
struct Work {
  std::int64_t seq = 0;
  bool stored = false;
  bool changed = false;  // a stored version whose dates were learned
  UnitVersion v;
  std::optional<std::string> path;  // the first incoming version that is this one
};

class Merge {
 public:
  Merge(const Known& known, const UnitRegister& incoming, const std::string& versions_path)
      : known_(known), in_(incoming), vpath_(versions_path) {}

  Changes run() {
    for (const auto& [code, stored] : known_.versions) {
      auto& list = codes_[code];
      for (const auto& s : stored) list.push_back(Work{s.seq, true, false, s.version, std::nullopt});
    }
    for (std::size_t i = 0; i < in_.versions.size(); ++i) add_version(i);
    for (std::size_t i = 0; i < in_.versions.size(); ++i) check_parent(i);
    edges_ = known_.successions;
    is_added_.assign(in_.successions.size(), false);
    for (const auto& e : edges_) {
      keys_.emplace(std::make_tuple(e.from, e.date, e.to), e.share);
      stored_groups_.emplace(e.from, e.date);
    }
    // By date: a succession closes the version valid the day before, which an
    // earlier one may have made.
    std::vector<std::size_t> order(in_.successions.size());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return in_.successions[a].date < in_.successions[b].date; });
    for (const std::size_t j : order) add_succession(j);
    check_overlaps();
    for (std::size_t j = 0; j < in_.successions.size(); ++j) check_entry(j);
    check_shares();
    // No cycle can form: a succession leaves a version valid the day before
    // its date and enters one valid on it, and closes the version it leaves,
    // so following successions only moves forward in time. (Codes do form
    // cycles on one day: in 2025 the territories of old communes were
    // exchanged between new communes that kept their codes — 14 such groups
    // in the national register — and each edge still joins an old version to
    // a new one.)
    if (!errors_.empty()) throw ValidationError(std::move(errors_));
    return changes();
  }

 private:
  void error(std::string path, std::string message) {
    if (errors_.size() < 100) errors_.push_back(Diagnostic{Severity::error, std::move(path), std::move(message)});
  }
  std::string vat(std::size_t i, std::string_view field) const {
    return vpath_ + "/" + std::to_string(i) + (field.empty() ? "" : "/" + std::string(field));
  }
  static std::string sat(std::size_t j, std::string_view field) {
    return "/successions/" + std::to_string(j) + (field.empty() ? "" : "/" + std::string(field));
  }
  bool known_code(const std::string& code) const {
    const auto it = codes_.find(code);
    return it != codes_.end() && !it->second.empty();
  }
  Work* valid_version(const std::string& code, Date d) {
    const auto it = codes_.find(code);
    if (it == codes_.end()) return nullptr;
    for (auto& w : it->second) {
      if (valid_on(w.v, d)) return &w;
    }
    return nullptr;
  }

  void add_version(std::size_t i) {
    const auto& v = in_.versions[i];
    bool ok = true;
    if (!is_valid_utf8(v.code) || v.code.empty()) {
      error(vat(i, "code"), "a unit needs its code");
      ok = false;
    } else if (is_provisional_unit_code(v.code)) {
      // x-<slug>: a code not yet confirmed (validate() warns of it in a plan).
    } else if (const auto problem = official_code_problem(v.code, v.level)) {
      error(vat(i, "code"), *problem);
      ok = false;
    }
    if (!is_valid_utf8(v.name)) {
      error(vat(i, "name"), "text is not valid UTF-8");
      ok = false;
    } else if (collapse_whitespace(v.name).empty()) {
      error(vat(i, "name"), "must not be empty");
      ok = false;
    }
    if (v.valid_from && !v.valid_from->ok()) {
      error(vat(i, "valid_from"), "not a valid date");
      ok = false;
    }
    if (v.valid_to && !v.valid_to->ok()) {
      error(vat(i, "valid_to"), "not a valid date");
      ok = false;
    }
    if (ok && v.valid_from && v.valid_to && *v.valid_to < *v.valid_from) {
      error(vat(i, "valid_to"), "the version ends (" + day(*v.valid_to) + ") before it starts (" + day(*v.valid_from) + ")");
      ok = false;
    }
    if (v.parent && v.level == Level::province) {
      error(vat(i, "parent"), "a province has no parent unit");
      ok = false;
    } else if (v.parent && *v.parent == v.code) {
      error(vat(i, "parent"), "a unit cannot be its own parent");
      ok = false;
    }
    if (!ok) return;
    auto& list = codes_[v.code];
    // The same version exactly, or one it can only be: the same name, level
    // and parent, the same start (a start the store does not know is not
    // learned: a version that starts on a day is a new one, as when a unit
    // keeps its code and name across a merger), and an end that agrees and
    // leaves the version ending on or after its start.
    Work* same = nullptr;
    for (auto& w : list) {
      if (w.v == v) {
        same = &w;
        break;
      }
    }
    for (auto& w : list) {
      if (same) break;
      if (w.v.name != v.name || w.v.level != v.level || w.v.parent != v.parent) continue;
      if (v.valid_from && w.v.valid_from != v.valid_from) continue;
      if (!agree(w.v.valid_to, v.valid_to)) continue;
      const auto end = w.v.valid_to ? w.v.valid_to : v.valid_to;
      if (end && w.v.valid_from && *end < *w.v.valid_from) continue;
      same = &w;
    }
    if (same) {
      if (!same->v.valid_to && v.valid_to) learn(*same, &UnitVersion::valid_to, *v.valid_to);
      if (!same->path) same->path = vat(i, "");
      return;
    }
    list.push_back(Work{0, false, false, v, vat(i, "")});
  }

  static void learn(Work& w, std::optional<Date> UnitVersion::*field, Date d) {
    w.v.*field = d;
    if (w.stored) w.changed = true;
  }

  void check_parent(std::size_t i) {
    const auto& v = in_.versions[i];
    if (!v.parent || v.level == Level::province || *v.parent == v.code) return;
    const auto it = codes_.find(*v.parent);
    if (it == codes_.end() || it->second.empty()) {
      error(vat(i, "parent"), "unit " + quoted(*v.parent) + " is not in the register (nor in this import)");
      return;
    }
    const bool higher = std::any_of(it->second.begin(), it->second.end(),
                                    [&](const Work& p) { return p.v.level < v.level; });
    if (!higher) {
      error(vat(i, "parent"), "the parent of a " + std::string(to_code(v.level)) + " is a unit of a higher level: " +
                                  quoted(*v.parent) + " is a " + std::string(to_code(it->second.front().v.level)));
    }
  }

  void add_succession(std::size_t j) {
    const auto& s = in_.successions[j];
    bool ok = true;
    for (const auto& [field, code] : {std::pair<const char*, const std::string*>{"from", &s.from}, {"to", &s.to}}) {
      if (!known_code(*code)) {
        error(sat(j, field), "unit " + quoted(*code) + " is not in the register (nor in this import)");
        ok = false;
      }
    }
    if (!s.date.ok()) {
      error(sat(j, "date"), "not a valid date");
      ok = false;
    }
    if (s.share && !(std::isfinite(*s.share) && *s.share > 0 && *s.share <= 1)) {
      error(sat(j, "share"), "a share lies in (0, 1]");
      ok = false;
    }
    if (!ok) return;
    if (const auto same = keys_.find({s.from, s.date, s.to}); same != keys_.end()) {
      if (same->second != s.share) {
        error(sat(j, "share"), "the succession " + quoted(s.from) + " → " + quoted(s.to) + " on " + day(s.date) +
                                   " is already in the register with another share");
      }
      return;  // the same edge again: nothing new
    }
    if (stored_groups_.count({s.from, s.date})) {
      error(sat(j, "to"), "the succession of " + quoted(s.from) + " on " + day(s.date) +
                              " is already recorded, to other units; a recorded succession is not changed");
      return;
    }
    // The version the succession leaves ends the day before.
    const Date last = day_before(s.date);
    Work* left = valid_version(s.from, last);
    if (!left) {
      error(sat(j, "date"), "unit " + quoted(s.from) + " has no version valid on " + day(last) +
                                ", the day before its succession");
      return;
    }
    if (!left->v.valid_to) {
      learn(*left, &UnitVersion::valid_to, last);
    } else if (*left->v.valid_to != last) {
      error(sat(j, "date"), "the version of " + quoted(s.from) + " valid on " + day(last) + " ends on " +
                                day(*left->v.valid_to) + ": a succession on " + day(s.date) + " ends it the day before");
      return;
    }
    edges_.push_back(s);
    keys_.emplace(std::make_tuple(s.from, s.date, s.to), s.share);
    added_.push_back(j);
    is_added_[j] = true;
  }

  void check_overlaps() {
    for (auto& [code, list] : codes_) {
      std::vector<Work*> sorted;
      for (auto& w : list) sorted.push_back(&w);
      std::sort(sorted.begin(), sorted.end(), [](const Work* a, const Work* b) { return before(a->v.valid_from, b->v.valid_from); });
      for (std::size_t k = 1; k < sorted.size(); ++k) {
        const Work& a = *sorted[k - 1];
        const Work& b = *sorted[k];
        const bool overlap = !a.v.valid_to || !b.v.valid_from || *b.v.valid_from <= *a.v.valid_to;
        if (!overlap) continue;
        const Work& named = b.path ? b : a;
        const Work& other = &named == &b ? a : b;
        if (!named.path) continue;  // two stored versions: the store's own state
        const auto span = [](const UnitVersion& v) {
          return (v.valid_from ? day(*v.valid_from) : std::string("(no start)")) + " to " +
                 (v.valid_to ? day(*v.valid_to) : std::string("(no end)"));
        };
        error(*named.path + "/valid_from",
              "unit " + quoted(code) + " (" + quoted(named.v.name) + ", " + span(named.v) + ") overlaps its version " +
                  quoted(other.v.name) + " from " + span(other.v) +
                  ": versions of one code do not overlap (record the end of the earlier one)");
      }
    }
  }

  void check_entry(std::size_t j) {
    if (!is_added_[j]) return;
    const auto& s = in_.successions[j];
    const Work* entered = valid_version(s.to, s.date);
    if (!entered) {
      error(sat(j, "to"), "unit " + quoted(s.to) + " has no version valid on " + day(s.date));
      return;
    }
    const Work* left = valid_version(s.from, day_before(s.date));
    if (left && left->v.level != entered->v.level) {
      error(sat(j, "to"), "a succession joins units of one level: " + quoted(s.from) + " is a " +
                              std::string(to_code(left->v.level)) + ", " + quoted(s.to) + " a " +
                              std::string(to_code(entered->v.level)));
    }
  }

  void check_shares() {
    std::map<std::pair<std::string, Date>, std::vector<const Succession*>> groups;
    for (const auto& e : edges_) groups[{e.from, e.date}].push_back(&e);
    std::set<std::pair<std::string, Date>> judged;
    for (const std::size_t j : added_) {
      const auto& s = in_.successions[j];
      const auto& group = groups[{s.from, s.date}];
      if (group.size() == 1) {
        if (s.share && *s.share != 1.0) {
          error(sat(j, "share"), "the only succession of " + quoted(s.from) + " on " + day(s.date) +
                                     " carries the whole unit (share 1 or none), not " + std::to_string(*s.share));
        }
        continue;
      }
      // The group is judged once, at its first incoming edge: every part
      // names its share (summing to 1), or none does (a split whose shares
      // the register does not know).
      if (!judged.emplace(s.from, s.date).second) continue;
      double sum = 0;
      std::size_t with_share = 0;
      for (const auto* e : group) {
        if (!e->share) continue;
        sum += *e->share;
        ++with_share;
      }
      if (with_share == 0) continue;
      if (with_share < group.size()) {
        error(sat(j, "share"), quoted(s.from) + " is split on " + day(s.date) + " into " + std::to_string(group.size()) +
                                   " parts, " + std::to_string(with_share) + " with a share: give every part its share, or none");
      } else if (std::abs(sum - 1.0) > 1e-9) {
        error(sat(j, "share"), "the shares of " + quoted(s.from) + "'s split on " + day(s.date) + " sum to " +
                                   std::to_string(sum) + ", not 1");
      }
    }
  }

  Changes changes() {
    Changes out;
    std::set<std::string> touched;
    for (auto& [code, list] : codes_) {
      std::int64_t next_seq = 1;
      for (const auto& w : list) next_seq = std::max(next_seq, w.seq + 1);
      for (auto& w : list) {
        if (!w.stored) {
          w.seq = next_seq++;
          out.inserted.push_back({w.seq, w.v});
          touched.insert(code);
        } else if (w.changed) {
          out.updated.push_back({w.seq, w.v});
          touched.insert(code);
        }
      }
    }
    for (const std::size_t j : added_) {
      out.successions.push_back(in_.successions[j]);
      touched.insert(in_.successions[j].from);
      touched.insert(in_.successions[j].to);
    }
    std::map<std::pair<std::string, Date>, std::vector<const Succession*>> leaving_on;
    for (const auto& e : edges_) leaving_on[{e.from, e.date}].push_back(&e);
    for (const auto& code : touched) {
      const auto& list = codes_[code];
      const Work* latest = &list.front();
      for (const auto& w : list) {
        if (before(latest->v.valid_from, w.v.valid_from)) latest = &w;
      }
      AdministrativeUnit row{code, latest->v.name, latest->v.level, latest->v.parent, latest->v.valid_from,
                             latest->v.valid_to, std::nullopt};
      const auto stored = known_.current.find(code);
      if (stored == known_.current.end()) out.new_codes.insert(code);
      std::vector<const Succession*> leaving;
      if (latest->v.valid_to) {
        if (const auto it = leaving_on.find({code, day_after(*latest->v.valid_to)}); it != leaving_on.end()) leaving = it->second;
      }
      if (leaving.size() == 1) {
        row.successor = leaving.front()->to;
      } else if (leaving.empty() && latest->stored && stored != known_.current.end()) {
        row.successor = stored->second.successor;  // a plan document's word for the version it named
      }
      out.current.push_back(std::move(row));
    }
    return out;
  }

  const Known& known_;
  const UnitRegister& in_;
  const std::string& vpath_;
  std::map<std::string, std::vector<Work>, std::less<>> codes_;
  std::vector<Succession> edges_;
  std::vector<std::size_t> added_;  // the incoming successions that are new
  std::vector<bool> is_added_;
  std::map<std::tuple<std::string, Date, std::string>, std::optional<double>> keys_;  // edges_ by (from, date, to): share
  std::set<std::pair<std::string, Date>> stored_groups_;        // (from, date) of the stored edges
  std::vector<Diagnostic> errors_;
};

}  // namespace

Changes merge(const Known& known, const UnitRegister& incoming, const std::string& versions_path) {
  return Merge(known, incoming, versions_path).run();
}

std::optional<std::string> official_code_problem(std::string_view code, Level level) {
  const std::size_t want = level == Level::province ? 2 : level == Level::district ? 3 : level == Level::commune ? 5 : 0;
  if (want == 0) return std::string("a unit is a province, a district or a commune");
  const bool digits = !code.empty() && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || code.size() != want) {
    return quoted(code) + " is not a " + std::to_string(want) + "-digit " + std::string(to_code(level)) +
           " code (or a provisional x-… code)";
  }
  return std::nullopt;
}

std::set<std::string> touched_codes(const UnitRegister& reg) {
  std::set<std::string> codes;
  for (const auto& v : reg.versions) {
    codes.insert(v.code);
    if (v.parent) codes.insert(*v.parent);
  }
  for (const auto& s : reg.successions) {
    codes.insert(s.from);
    codes.insert(s.to);
  }
  return codes;
}

std::set<Date> succession_days(const UnitRegister& reg) {
  std::set<Date> out;
  for (const auto& s : reg.successions) out.insert(s.date);
  return out;
}

std::vector<UnitVersion> versions_of(const std::vector<AdministrativeUnit>& units) {
  std::vector<UnitVersion> out;
  out.reserve(units.size());
  for (const auto& u : units) out.push_back({u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to});
  return out;
}

void sort_by_date(std::vector<UnitVersion>& versions) {
  std::stable_sort(versions.begin(), versions.end(),
                   [](const UnitVersion& a, const UnitVersion& b) { return before(a.valid_from, b.valid_from); });
}

}  // namespace unit_register
}  // namespace v1
}  // namespace kehoach
