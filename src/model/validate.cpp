#include <kehoach/text.hpp>
#include <kehoach/validation.hpp>

#include "model/record_checks.hpp"
#include "model/unit_register.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace kehoach {
inline namespace v1 {
namespace {

std::string at(const std::string& base, std::string_view field) {
  return base + "/" + std::string(field);
}
std::string at(const std::string& base, std::string_view field, std::size_t index) {
  return base + "/" + std::string(field) + "/" + std::to_string(index);
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// A date for a message; validate() must not throw on a plan built in C++ with
// a date that is not one.
std::string date_text(Date d) { return d.ok() ? format_iso_date(d) : std::string("(not a valid date)"); }


bool is_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (!first && (c == '.' || c == '_' || c == '-'));
  };
  if (!ok(id[0], true)) return false;
  for (std::size_t i = 1; i < id.size(); ++i) {
    if (!ok(id[i], false)) return false;
  }
  return true;
}

// Which nodes of a forest given by parent links lie on a cycle. `parent[i]` is
// the index of i's parent, or -1. Linear in the number of nodes.
std::vector<bool> on_cycle(const std::vector<long>& parent) {
  const std::size_t n = parent.size();
  std::vector<int> state(n, 0);  // 0 unseen, 1 on the current walk, 2 finished
  std::vector<bool> cyclic(n, false);
  for (std::size_t start = 0; start < n; ++start) {
    std::vector<std::size_t> walk;
    long i = static_cast<long>(start);
    while (i >= 0 && state[static_cast<std::size_t>(i)] == 0) {
      state[static_cast<std::size_t>(i)] = 1;
      walk.push_back(static_cast<std::size_t>(i));
      i = parent[static_cast<std::size_t>(i)];
    }
    if (i >= 0 && state[static_cast<std::size_t>(i)] == 1) {
      // The walk came back to one of its own nodes: from there on, a cycle.
      for (auto it = walk.rbegin(); it != walk.rend(); ++it) {
        cyclic[*it] = true;
        if (static_cast<long>(*it) == i) break;
      }
    }
    for (std::size_t k : walk) state[k] = 2;
  }
  return cyclic;
}

// Parent indexes for items linked by an optional key, via `index` (first
// occurrence of each key). Unknown parents give -1 (reported elsewhere).
template <class T, class Key, class Parent>
std::vector<long> parent_indexes(const std::vector<T>& items, Key key, Parent parent_of) {
  std::unordered_map<std::string_view, long> index;
  for (std::size_t i = 0; i < items.size(); ++i) index.emplace(key(items[i]), static_cast<long>(i));
  std::vector<long> parent(items.size(), -1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (const std::optional<std::string>& p = parent_of(items[i])) {
      // A self-link is reported on its own ("cannot be its own parent").
      if (auto it = index.find(*p); it != index.end() && it->second != static_cast<long>(i)) {
        parent[i] = it->second;
      }
    }
  }
  return parent;
}

class Validator {
 public:
  explicit Validator(const Plan& plan) : p_(plan) {}

  std::vector<Diagnostic> run() {
    document();
    units();
    agencies();
    legal_bases();
    funding();
    targets();
    tasks();
    reporting();
    events();
    return std::move(out_);
  }

 private:
  const Plan& p_;
  std::vector<Diagnostic> out_;

  void error(std::string path, std::string message) {
    out_.push_back({Severity::error, std::move(path), std::move(message)});
  }
  void warning(std::string path, std::string message) {
    out_.push_back({Severity::warning, std::move(path), std::move(message)});
  }

  // Text: valid UTF-8 in NFC; known slips are reported and kept.
  void text(const std::string& path, std::string_view s, bool required = false, bool slips = true) {
    if (!is_valid_utf8(s)) {
      error(path, "text is not valid UTF-8");
      return;
    }
    if (!is_nfc(s)) error(path, "text is not in Unicode NFC (read documents through read_plan_json)");
    if (required && collapse_whitespace(s).empty()) error(path, "must not be empty");
    if (!slips) return;
    for (const auto& slip : find_slips(s)) {
      warning(path, "the source writes " + quoted(slip.written) + ", probably meaning " +
                        quoted(slip.meant) + " (kept as written)");
    }
  }
  void opt_text(const std::string& path, const std::optional<std::string>& s) {
    if (s) text(path, *s);
  }
  void texts(const std::string& path, const std::vector<std::string>& items, bool slips = true) {
    for (std::size_t i = 0; i < items.size(); ++i) text(path + "/" + std::to_string(i), items[i], true, slips);
  }

  void id(const std::string& path, std::string_view value) {
    if (!is_id(value)) {
      error(path, quoted(value) +
                      " is not a valid id (lowercase ASCII letters, digits, '.', '_', '-'; "
                      "at most 64 characters; starting with a letter or digit)");
    }
  }

  template <class T, class F>
  void unique(const std::string& collection, const std::vector<T>& items, F key,
              std::string_view field, std::string_view what) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string k = key(items[i]);
      auto [it, inserted] = seen.emplace(k, i);
      if (!inserted) {
        error(collection + "/" + std::to_string(i) + "/" + std::string(field),
              "duplicate " + std::string(what) + " " + quoted(k) + " (first at " + collection +
                  "/" + std::to_string(it->second) + ")");
      }
    }
  }

  void agency_ref(const std::string& path, const std::string& ref) {
    if (!p_.find_agency(ref)) error(path, "agency " + quoted(ref) + " is not defined in /agencies");
  }
  void unit_ref(const std::string& path, const std::string& ref) {
    if (!p_.find_unit(ref)) error(path, "unit " + quoted(ref) + " is not defined in /units");
  }
  void year(const std::string& path, int y) {
    if (y < min_year || y > max_year) {
      error(path, "year " + std::to_string(y) + " is out of range " + std::to_string(min_year) +
                      "–" + std::to_string(max_year));
    }
  }
  // A day of the year that recurs every year: it exists, and is not 29/2.
  void yearly_day_month(const std::string& path, DayMonth dm) {
    if (!is_valid_day_month(dm.day, dm.month)) {
      error(path, std::to_string(dm.day) + "/" + std::to_string(dm.month) + " is not a day of the year");
    } else if (dm.day == 29 && dm.month == 2) {
      error(path, "29/2 does not occur every year; a yearly date must");
    }
  }
  // A date kept as written must say the same day as the ISO date beside it.
  void as_written_date(const std::string& path, const std::optional<std::string>& written,
                       const std::optional<Date>& date) {
    if (!written) return;
    text(path, *written);
    if (!date) return;
    try {
      const Date read = parse_vietnamese_date(*written, static_cast<int>(date->year()));
      if (read != *date) {
        warning(path, "as written, " + quoted(*written) + " is " + date_text(read) +
                          ", not " + date_text(*date));
      }
    } catch (const Error&) {
      warning(path, quoted(*written) + " could not be read as a date");
    }
  }
  void within_period(const std::string& path, Date d, std::string_view what) {
    if (!d.ok()) {
      error(path, "not a valid date");
      return;
    }
    if (!p_.period.start.ok() || !p_.period.end.ok()) return;
    if (!p_.period.contains(d)) {
      warning(path, std::string(what) + " " + date_text(d) + " lies outside the plan period " +
                        date_text(p_.period.start) + "–" + date_text(p_.period.end));
    }
  }

  void document() {
    // A plan built in C++ may hold dates that are not dates; say so rather than use them.
    for (auto [path, d] : {std::pair{"/period/start", p_.period.start}, std::pair{"/period/end", p_.period.end}}) {
      if (!d.ok()) error(path, "not a valid date");
    }
    id("/id", p_.id);
    if (p_.number) {
      text("/number", *p_.number);
      if (collapse_whitespace(*p_.number).empty()) {
        error("/number", "the document number must not be empty (leave it out when the source has none)");
      }
    } else {
      warning("/number", "the document number is not stated in the source");
    }
    text("/title", p_.title, true);
    opt_text("/summary", p_.summary);
    agency_ref("/issuer", p_.issuer);
    opt_text("/place", p_.place);
    if (!p_.issue_date) warning("/issue_date", "the issue date is not stated in the source");
    as_written_date("/issue_date_as_written", p_.issue_date_as_written, p_.issue_date);
    if (p_.issue_date && p_.effective_date && *p_.effective_date < *p_.issue_date) {
      error("/effective_date", "takes effect " + date_text(*p_.effective_date) +
                                   ", before it was issued on " + date_text(*p_.issue_date));
    }
    if (p_.level == Level::village) error("/level", "a plan is issued at national, province, district or commune level");
    unit_ref("/unit", p_.unit);
    if (p_.period.start.ok() && p_.period.end.ok() && p_.period.end < p_.period.start) {
      error("/period/end", "the period ends " + date_text(p_.period.end) + ", before it starts " +
                               date_text(p_.period.start));
    }
    opt_text("/programme", p_.programme);
    for (auto [field, list] : {std::pair{"amends", &p_.amends}, std::pair{"supersedes", &p_.supersedes}}) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = at("", field, i);
        id(path, (*list)[i]);
        if ((*list)[i] == p_.id) error(path, "a plan cannot " + std::string(field == std::string("amends") ? "amend" : "supersede") + " itself");
      }
    }
    texts("/purposes", p_.purposes);
    texts("/requirements", p_.requirements);
    opt_text("/general_objective", p_.general_objective);
    texts("/recipients", p_.recipients);
    opt_text("/signatory", p_.signatory);
    texts("/notes", p_.notes, /*slips=*/false);  // the encoder's words, not the source's
  }

  void units() {
    if (p_.units.empty()) error("/units", "a plan names at least the unit it covers");
    unique("/units", p_.units, [](const auto& u) { return u.code; }, "code", "unit code");
    for (std::size_t i = 0; i < p_.units.size(); ++i) {
      const auto& u = p_.units[i];
      const std::string path = at("", "units", i);
      if (is_provisional_unit_code(u.code)) {
        id(at(path, "code"), u.code);
        warning(at(path, "code"), "provisional code " + quoted(u.code) + ": the official code is not confirmed");
      } else {
        if (u.level != Level::province && u.level != Level::district && u.level != Level::commune) {
          error(at(path, "level"), "a unit is a province, a district or a commune");
        } else if (const auto problem = unit_register::official_code_problem(u.code, u.level)) {
          error(at(path, "code"), *problem);
        }
      }
      text(at(path, "name"), u.name, true);
      if (u.parent && u.level == Level::province) {
        error(at(path, "parent"), "a province has no parent unit");
      } else if (u.parent) {
        if (*u.parent == u.code) error(at(path, "parent"), "a unit cannot be its own parent");
        else unit_ref(at(path, "parent"), *u.parent);
      }
      if (u.successor) {
        if (*u.successor == u.code) error(at(path, "successor"), "a unit cannot succeed itself");
        else unit_ref(at(path, "successor"), *u.successor);
      }
      if (u.valid_from && u.valid_to && *u.valid_to < *u.valid_from) {
        error(at(path, "valid_to"), "validity ends before it starts");
      }
    }
    // Parent chains must end.
    const auto cyclic = on_cycle(parent_indexes(
        p_.units, [](const auto& u) -> std::string_view { return u.code; },
        [](const auto& u) -> const std::optional<std::string>& { return u.parent; }));
    for (std::size_t i = 0; i < p_.units.size(); ++i) {
      if (cyclic[i]) error(at(at("", "units", i), "parent"), "unit " + quoted(p_.units[i].code) + " is its own ancestor");
    }
  }

  void agencies() {
    if (p_.agencies.empty()) error("/agencies", "a plan names at least its issuer");
    unique("/agencies", p_.agencies, [](const auto& a) { return a.id; }, "id", "agency id");
    for (std::size_t i = 0; i < p_.agencies.size(); ++i) {
      const auto& a = p_.agencies[i];
      const std::string path = at("", "agencies", i);
      id(at(path, "id"), a.id);
      text(at(path, "name"), a.name, true);
      opt_text(at(path, "short_name"), a.short_name);
      texts(at(path, "aliases"), a.aliases);
      if (a.unit) unit_ref(at(path, "unit"), *a.unit);
      if (a.parent) {
        if (*a.parent == a.id) error(at(path, "parent"), "an agency cannot be its own parent");
        else agency_ref(at(path, "parent"), *a.parent);
      }
      if (a.valid_from && a.valid_to && *a.valid_to < *a.valid_from) {
        error(at(path, "valid_to"), "validity ends before it starts");
      }
    }
    const auto cyclic = on_cycle(parent_indexes(
        p_.agencies, [](const auto& a) -> std::string_view { return a.id; },
        [](const auto& a) -> const std::optional<std::string>& { return a.parent; }));
    for (std::size_t i = 0; i < p_.agencies.size(); ++i) {
      if (cyclic[i]) error(at(at("", "agencies", i), "parent"), "agency " + quoted(p_.agencies[i].id) + " is its own ancestor");
    }
  }

  void legal_bases() {
    for (std::size_t i = 0; i < p_.legal_bases.size(); ++i) {
      const auto& b = p_.legal_bases[i];
      const std::string path = at("", "legal_bases", i);
      text(at(path, "number"), b.number, true);
      as_written_date(at(path, "date_as_written"), b.date_as_written, b.date);
      opt_text(at(path, "issuer"), b.issuer);
      opt_text(at(path, "title"), b.title);
      if (b.parent_plan) {
        id(at(path, "parent_plan"), *b.parent_plan);
        if (*b.parent_plan == p_.id) error(at(path, "parent_plan"), "a plan cannot be its own parent");
      }
      if (p_.issue_date && b.date && *p_.issue_date < *b.date) {
        warning(at(path, "date"), "the cited document is dated after the plan was issued");
      }
    }
  }

  void funding() {
    unique("/funding_sources", p_.funding_sources, [](const auto& f) { return f.id; }, "id", "funding source id");
    for (std::size_t i = 0; i < p_.funding_sources.size(); ++i) {
      const std::string path = at("", "funding_sources", i);
      id(at(path, "id"), p_.funding_sources[i].id);
      opt_text(at(path, "description"), p_.funding_sources[i].description);
    }
    std::set<std::pair<int, std::string>> lines;
    for (std::size_t i = 0; i < p_.annual_funding.size(); ++i) {
      const auto& f = p_.annual_funding[i];
      const std::string path = at("", "annual_funding", i);
      year(at(path, "year"), f.year);
      if (f.year < static_cast<int>(p_.period.start.year()) || f.year > static_cast<int>(p_.period.end.year())) {
        warning(at(path, "year"), "year " + std::to_string(f.year) + " lies outside the plan period");
      }
      bool known = false;
      for (const auto& s : p_.funding_sources) known = known || s.id == f.source;
      if (!known) error(at(path, "source"), "funding source " + quoted(f.source) + " is not defined in /funding_sources");
      if (!lines.insert({f.year, f.source}).second) {
        error(path, "a second line for year " + std::to_string(f.year) + " and source " + quoted(f.source));
      }
      if (f.amount < Dong{0}) error(at(path, "amount"), "an amount cannot be negative");
      for (auto [field, share] : {std::pair{"ethnic_minority_mountainous", &f.ethnic_minority_mountainous},
                                  std::pair{"extreme_difficulty", &f.extreme_difficulty}}) {
        if (!*share) continue;
        if (**share < Dong{0}) error(at(path, field), "an amount cannot be negative");
        else if (**share > f.amount) error(at(path, field), "a share cannot exceed the line's amount");
      }
    }
  }

  void targets() {
    unique("/targets", p_.targets, [](const auto& t) { return t.id; }, "id", "target id");
    unique("/targets", p_.targets,
           [](const auto& t) { return t.code + " #" + std::to_string(t.indicator); }, "indicator",
           "item and indicator");
    for (std::size_t i = 0; i < p_.targets.size(); ++i) {
      const auto& t = p_.targets[i];
      const std::string path = at("", "targets", i);
      id(at(path, "id"), t.id);
      if (!is_item_code(t.code)) {
        error(at(path, "code"), quoted(t.code) +
                                    " is not an item code (a number, or a letter of a b c d đ e g h i k l m n o p q r s t u v x y)");
      }
      if (t.indicator < 1) error(at(path, "indicator"), "indicator numbers start at 1");
      text(at(path, "description"), t.description, true);
      opt_text(at(path, "source_text"), t.source_text);
      if (t.baseline) {
        if (auto why = value_problem(t.unit, t.baseline->value)) error(at(at(path, "baseline"), "value"), *why);
        if (!t.milestones.empty() && !(t.baseline->date < t.milestones.front().date)) {
          error(at(at(path, "baseline"), "date"), "the baseline must be dated before the first milestone");
        }
      }
      if (t.milestones.empty()) error(at(path, "milestones"), "a target needs at least one milestone");
      for (std::size_t k = 0; k < t.milestones.size(); ++k) {
        const auto& m = t.milestones[k];
        const std::string mpath = at(path, "milestones", k);
        if (auto why = value_problem(t.unit, m.value)) error(at(mpath, "value"), *why);
        if (m.open_ended && k + 1 != t.milestones.size()) {
          error(at(mpath, "open_ended"), "only the last milestone can be open-ended");
        }
        opt_text(at(mpath, "as_written"), m.as_written);
        if (k > 0) {
          const auto& prev = t.milestones[k - 1];
          if (!(prev.date < m.date)) {
            error(at(mpath, "date"), "milestones out of order: " + date_text(m.date) +
                                         " is not after " + date_text(prev.date));
          } else if (t.comparator == Comparator::at_least ? m.value < prev.value : m.value > prev.value) {
            error(at(mpath, "value"), "an '" + std::string(to_code(t.comparator)) + "' target cannot " +
                                          (t.comparator == Comparator::at_least ? "fall" : "rise") + " from " +
                                          number_text(prev.value) + " to " + number_text(m.value));
          }
        }
      }
    }
    // Items are expected in Vietnamese alphabetical order; a different order is reported.
    for (std::size_t i = 1; i < p_.targets.size(); ++i) {
      if (item_code_less(p_.targets[i].code, p_.targets[i - 1].code)) {
        warning(at(at("", "targets", i), "code"), "item " + quoted(p_.targets[i].code) + " comes after item " +
                                                     quoted(p_.targets[i - 1].code) + " (Vietnamese order is a b c d đ e g …)");
      }
    }
  }

  void tasks() {
    unique("/tasks", p_.tasks, [](const auto& t) { return t.id; }, "id", "task id");
    for (std::size_t i = 0; i < p_.tasks.size(); ++i) {
      const auto& t = p_.tasks[i];
      const std::string path = at("", "tasks", i);
      id(at(path, "id"), t.id);
      if (t.parent) {
        if (*t.parent == t.id) error(at(path, "parent"), "a task cannot be its own parent");
        else if (!p_.find_task(*t.parent)) error(at(path, "parent"), "task " + quoted(*t.parent) + " is not defined in /tasks");
      }
      text(at(path, "section"), t.section, true);
      text(at(path, "title"), t.title, true);
      opt_text(at(path, "text"), t.text);
      if (t.lead) agency_ref(at(path, "lead"), *t.lead);
      std::set<std::string> seen;
      for (std::size_t k = 0; k < t.collaborators.size(); ++k) {
        const std::string cpath = at(path, "collaborators", k);
        agency_ref(cpath, t.collaborators[k]);
        if (!seen.insert(t.collaborators[k]).second) error(cpath, "agency " + quoted(t.collaborators[k]) + " is listed twice");
        if (t.lead && *t.lead == t.collaborators[k]) error(cpath, "the lead agency cannot also be a collaborator");
      }
      if (t.due && t.recurrence) error(at(path, "recurrence"), "a task has a due date or a yearly recurrence, not both");
      if (t.due) within_period(at(path, "due"), *t.due, "due date");
      if (t.recurrence) {
        const auto& r = *t.recurrence;
        yearly_day_month(at(at(path, "recurrence"), "day"), r.due);
        if (r.from_year) year(at(at(path, "recurrence"), "from_year"), *r.from_year);
        if (r.to_year) year(at(at(path, "recurrence"), "to_year"), *r.to_year);
        if (r.from_year && r.to_year && *r.to_year < *r.from_year) {
          error(at(at(path, "recurrence"), "to_year"), "the recurrence ends before it starts");
        }
      }
      if (t.progress) {
        if (!std::isfinite(*t.progress) || *t.progress < 0 || *t.progress > 100) {
          error(at(path, "progress"), "progress " + number_text(*t.progress) + " is outside 0–100");
        } else if (t.status == TaskStatus::done && *t.progress != 100) {
          error(at(path, "progress"), "a done task has progress 100, not " + number_text(*t.progress));
        }
      }
      if (t.completed_on && t.status != TaskStatus::done) {
        error(at(path, "completed_on"), "only a done task has a completion date");
      }
      if (t.weight && !(std::isfinite(*t.weight) && *t.weight > 0)) {
        error(at(path, "weight"), "a weight must be above 0");
      }
    }
    // Cycles: following parents from any task must end at a root. Then every
    // leaf has exactly one lead, its own or its nearest ancestor's. Both in
    // linear time, so a deep tree cannot make validation slow.
    const auto parent = parent_indexes(
        p_.tasks, [](const auto& t) -> std::string_view { return t.id; },
        [](const auto& t) -> const std::optional<std::string>& { return t.parent; });
    const auto cyclic = on_cycle(parent);
    std::vector<bool> has_child(p_.tasks.size(), false);
    for (long q : parent) {
      if (q >= 0) has_child[static_cast<std::size_t>(q)] = true;
    }
    std::vector<int> led(p_.tasks.size(), -1);  // -1 unknown, 0 no lead up the chain, 1 a lead
    auto has_lead = [&](std::size_t start) {
      std::vector<std::size_t> walk;
      long i = static_cast<long>(start);
      int answer = 0;
      while (i >= 0) {
        const auto k = static_cast<std::size_t>(i);
        if (led[k] >= 0) { answer = led[k]; break; }
        if (cyclic[k]) { answer = 1; break; }  // reported as a cycle, not again as leaderless
        if (p_.tasks[k].lead) { answer = 1; break; }
        walk.push_back(k);
        i = parent[k];
      }
      for (std::size_t k : walk) led[k] = answer;
      return answer == 1;
    };
    for (std::size_t i = 0; i < p_.tasks.size(); ++i) {
      const auto& t = p_.tasks[i];
      if (cyclic[i]) {
        error(at(at("", "tasks", i), "parent"), "task " + quoted(t.id) + " is its own ancestor");
      } else if (!has_child[i] && !has_lead(i)) {
        error(at(at("", "tasks", i), "lead"), "task " + quoted(t.id) + " has no lead agency, and no ancestor names one");
      }
    }
  }

  void reporting() {
    unique("/reporting_duties", p_.reporting_duties, [](const auto& d) { return d.id; }, "id", "reporting duty id");
    for (std::size_t i = 0; i < p_.reporting_duties.size(); ++i) {
      const auto& d = p_.reporting_duties[i];
      const std::string path = at("", "reporting_duties", i);
      id(at(path, "id"), d.id);
      if (d.reporters.empty()) error(at(path, "reporters"), "a reporting duty names at least one reporter");
      std::set<std::string> reporters;
      for (std::size_t k = 0; k < d.reporters.size(); ++k) {
        agency_ref(at(path, "reporters", k), d.reporters[k]);
        // One report per reporter and period: a reporter listed twice would be expected twice.
        if (!reporters.insert(d.reporters[k]).second) error(at(path, "reporters", k), quoted(d.reporters[k]) + " is listed twice");
      }
      agency_ref(at(path, "recipient"), d.recipient);
      if (d.via) agency_ref(at(path, "via"), *d.via);
      const int n = periods_per_year(d.period);
      std::set<int> subs;
      for (std::size_t k = 0; k < d.sub_periods.size(); ++k) {
        if (d.sub_periods[k] < 1 || d.sub_periods[k] > n) {
          error(at(path, "sub_periods", k), "a " + std::string(to_code(d.period)) + " period index lies in 1–" + std::to_string(n));
        } else if (!subs.insert(d.sub_periods[k]).second) {
          error(at(path, "sub_periods", k), "period " + std::to_string(d.sub_periods[k]) + " is listed twice");
        }
      }
      opt_text(at(path, "as_written"), d.as_written);
      if (!d.deadline) {
        warning(at(path, "deadline"), "no deadline is stated, so no report of this duty is expected by a date");
        continue;
      }
      yearly_day_month(at(at(path, "deadline"), "day"), d.deadline->day_month);
      if (d.deadline->year_offset < 0 || d.deadline->year_offset > 1) {
        error(at(at(path, "deadline"), "year_offset"), "a deadline falls in the period's year (0) or the next (1)");
      }
      written_deadline_year(path, d);
      // Each sub-period's report must fall due after the sub-period begins
      // (a half-yearly duty "before 10/6" cannot cover the second half-year).
      if (d.period != PeriodType::year && p_.period.start.ok() && d.deadline->year_offset >= 0 && d.deadline->year_offset <= 1 &&
          is_valid_day_month(d.deadline->day_month.day, d.deadline->day_month.month) &&
          !(d.deadline->day_month.day == 29 && d.deadline->day_month.month == 2)) {
        const int year = static_cast<int>(p_.period.start.year());
        for (int k = 1; k <= n; ++k) {
          if (!d.sub_periods.empty() && !subs.count(k)) continue;
          const Period sub = period_of(d.period, year, k);
          if (deadline_date(*d.deadline, sub) < sub.start) {
            error(at(path, "deadline"), "the deadline " + std::to_string(d.deadline->day_month.day) + "/" +
                                            std::to_string(d.deadline->day_month.month) + " falls before " +
                                            std::string(to_code(d.period)) + " " + std::to_string(k) +
                                            " begins; list the sub_periods it covers");
            break;
          }
        }
      }
    }
  }

  // "trước ngày 10/6/2022" in a 2023 plan: the year as written is kept and
  // reported. Any run of exactly four digits in a deadline's text is a year.
  void written_deadline_year(const std::string& path, const ReportingDuty& d) {
    if (!d.as_written || d.deadline->year_offset < 0 || d.deadline->year_offset > 1) return;
    const std::string& s = *d.as_written;
    const int first = static_cast<int>(p_.period.start.year()) + d.deadline->year_offset;
    const int last = static_cast<int>(p_.period.end.year()) + d.deadline->year_offset;
    auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
    for (std::size_t i = 0; i < s.size();) {
      if (!digit(i)) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (digit(j)) ++j;
      if (j - i == 4) {
        const int y = std::stoi(s.substr(i, 4));
        if (y < first || y > last) {
          warning(at(path, "as_written"), "the deadline is written with the year " + std::to_string(y) +
                                              ", outside the plan period " +
                                              std::to_string(static_cast<int>(p_.period.start.year())) + "–" +
                                              std::to_string(static_cast<int>(p_.period.end.year())) +
                                              " (kept as written; deadlines follow the rule's day and month)");
        }
      }
      i = j;
    }
  }

  void events() {
    unique("/events", p_.events, [](const auto& e) { return e.id; }, "id", "event id");
    for (std::size_t i = 0; i < p_.events.size(); ++i) {
      const auto& e = p_.events[i];
      const std::string path = at("", "events", i);
      id(at(path, "id"), e.id);
      text(at(path, "name"), e.name, true);
      yearly_day_month(at(path, "start"), e.start);
      yearly_day_month(at(path, "end"), e.end);
      if (e.to_year && *e.to_year >= max_year && e.end.month * 100 + e.end.day < e.start.month * 100 + e.start.day) {
        error(at(path, "to_year"), "an event that ends in the next year cannot run in " + std::to_string(max_year));
      }
      if (e.from_year) year(at(path, "from_year"), *e.from_year);
      if (e.to_year) year(at(path, "to_year"), *e.to_year);
      if (e.from_year && e.to_year && *e.to_year < *e.from_year) error(at(path, "to_year"), "the event ends before it starts");
      opt_text(at(path, "as_written"), e.as_written);
    }
  }
};

}  // namespace

std::vector<Diagnostic> validate(const Plan& plan) { return Validator(plan).run(); }

std::vector<Diagnostic> errors_of(const std::vector<Diagnostic>& diagnostics) {
  std::vector<Diagnostic> out;
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::error) out.push_back(d);
  }
  return out;
}

std::vector<Diagnostic> warnings_of(const std::vector<Diagnostic>& diagnostics) {
  std::vector<Diagnostic> out;
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::warning) out.push_back(d);
  }
  return out;
}

std::vector<Diagnostic> check(const Plan& plan) {
  auto all = validate(plan);
  auto errors = errors_of(all);
  if (!errors.empty()) throw ValidationError(std::move(errors));
  return warnings_of(all);
}

}  // namespace v1
}  // namespace kehoach
