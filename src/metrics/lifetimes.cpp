// Agencies over time: see lifetimes.hpp and decision 0022.

#include "metrics/lifetimes.hpp"

#include <kehoach/validation.hpp>

#include <algorithm>
#include <chrono>

namespace kehoach {
inline namespace v1 {
namespace engine {

namespace {

Date next_day(Date d) { return Date{std::chrono::sys_days{d} + std::chrono::days{1}}; }
Date day_before(Date d) { return Date{std::chrono::sys_days{d} - std::chrono::days{1}}; }

std::string at(const std::string& base, std::string_view field) { return base + "/" + std::string(field); }
std::string at(const std::string& base, std::string_view field, std::size_t i) {
  return at(base, field) + "/" + std::to_string(i);
}
std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

bool claims(const AgencyHandover& h, const std::vector<std::string>* lineage, const std::string* duty) {
  if (lineage) {
    for (const auto& t : h.tasks) {
      if (std::find(lineage->begin(), lineage->end(), t) != lineage->end()) return true;
    }
  }
  return duty && std::find(h.duties.begin(), h.duties.end(), *duty) != h.duties.end();
}

}  // namespace

Lifetimes::Lifetimes(const Plan& plan, std::span<const AgencySuccession> successions) : plan_(plan) {
  for (const auto& s : successions) {
    by_agency_[s.agency_id] = &s;
    joining_.insert(joining_.end(), s.joining.begin(), s.joining.end());
  }
  for (const auto& a : plan.agencies) any_end_ = any_end_ || a.valid_to.has_value();
  for (const auto& a : joining_) any_end_ = any_end_ || a.valid_to.has_value();
  if (successions.empty()) return;
  for (const auto& t : plan.tasks) {
    auto& line = ancestors_[t.id];
    const Task* at_task = &t;
    // Parent chains are acyclic (validate); the bound guards a corrupt store.
    for (std::size_t guard = 0; at_task && guard <= plan.tasks.size(); ++guard) {
      line.push_back(at_task->id);
      at_task = at_task->parent ? plan.find_task(*at_task->parent) : nullptr;
    }
  }
}

const Agency* Lifetimes::find(const std::string& agency) const {
  if (const Agency* a = plan_.find_agency(agency)) return a;
  for (const auto& a : joining_) {
    if (a.id == agency) return &a;
  }
  return nullptr;
}

std::optional<Date> Lifetimes::ended(const std::string& agency) const {
  if (auto it = by_agency_.find(agency); it != by_agency_.end()) return day_before(it->second->date);
  if (const Agency* a = find(agency)) return a->valid_to;
  return std::nullopt;
}

Chain Lifetimes::follow(const std::string& agency, const std::string* task, const std::string* duty, Date day) const {
  Chain c;
  c.agencies.push_back(agency);
  if (empty()) return c;
  const std::vector<std::string>* lineage = nullptr;
  if (task) {
    if (auto it = ancestors_.find(*task); it != ancestors_.end()) lineage = &it->second;
  }
  // Each step moves to a successor alive on a later date (checked), so the
  // walk ends; the bound guards a corrupt store.
  for (std::size_t step = 0; step <= by_agency_.size(); ++step) {
    const std::string& now = c.agencies.back();
    const auto it = by_agency_.find(now);
    if (it == by_agency_.end()) {
      const Agency* a = find(now);
      c.orphaned = a && a->valid_to && *a->valid_to < day;
      return c;
    }
    const AgencySuccession& s = *it->second;
    if (day < s.date) return c;
    const AgencyHandover* to = nullptr;
    for (const auto& h : s.to) {
      if (claims(h, lineage, duty)) {
        to = &h;
        break;
      }
    }
    if (!to) {
      for (const auto& h : s.to) {
        if (h.tasks.empty() && h.duties.empty()) to = &h;
      }
    }
    if (!to) {
      c.orphaned = true;
      return c;
    }
    c.agencies.push_back(to->agency_id);
  }
  c.orphaned = true;
  return c;
}

Chain Lifetimes::for_task(const std::string& agency, const std::string& task_id, Date due) const {
  return follow(agency, &task_id, nullptr, due);
}

Chain Lifetimes::for_report(const std::string& agency, const std::string& duty_id, Date deadline) const {
  return follow(agency, nullptr, &duty_id, deadline);
}

PassedReports passed_reports(const Lifetimes& lifetimes, std::span<const ExpectedReport> expected) {
  PassedReports out;
  if (lifetimes.empty()) return out;
  for (const auto& e : expected) {
    const Chain c = lifetimes.for_report(e.reporter, e.duty_id, e.deadline);
    for (std::size_t k = 1; k < c.agencies.size(); ++k) {
      auto& originals = out[{e.duty_id, c.agencies[k], e.period.start}];
      if (std::find(originals.begin(), originals.end(), e.reporter) == originals.end()) originals.push_back(e.reporter);
    }
  }
  return out;
}

void check_agency_successions(const Plan& plan, std::span<const AgencySuccession> stored,
                              std::span<const AgencySuccession> incoming, const std::string& prefix,
                              std::size_t first_index) {
  std::vector<Diagnostic> errors;
  auto error = [&](std::string path, std::string message) {
    errors.push_back({Severity::error, std::move(path), std::move(message)});
  };
  // What is known so far: the plan's agencies, those brought in, each
  // agency's succession date, and the last day each took duties over.
  std::map<std::string, Agency, std::less<>> agencies;
  for (const auto& a : plan.agencies) agencies.emplace(a.id, a);
  std::map<std::string, Date, std::less<>> passes_on, took_over;
  auto learn = [&](const AgencySuccession& s) {
    for (const auto& j : s.joining) agencies.emplace(j.id, j);
    passes_on[s.agency_id] = s.date;
    for (const auto& h : s.to) {
      auto [it, fresh] = took_over.try_emplace(h.agency_id, s.date);
      if (!fresh && it->second < s.date) it->second = s.date;
    }
  };
  for (const auto& s : stored) learn(s);

  std::set<std::string> task_ids, duty_ids;
  for (const auto& t : plan.tasks) task_ids.insert(t.id);
  for (const auto& d : plan.reporting_duties) duty_ids.insert(d.id);

  for (std::size_t n = 0; n < incoming.size(); ++n) {
    const AgencySuccession& s = incoming[n];
    const std::string path = prefix + "/" + std::to_string(first_index + n);
    const std::size_t before = errors.size();
    if (s.plan_id != plan.id) error(at(path, "plan_id"), "succession of plan " + quoted(s.plan_id) + " checked against plan " + quoted(plan.id));
    if (!s.date.ok()) error(at(path, "date"), "not a valid date");
    if (s.basis && s.basis->empty()) error(at(path, "basis"), "must not be empty when given");

    // Joining agencies: checked as the plan's own would be, their units
    // standing in as if the plan named them (the store checks it knows them).
    Plan with = plan;
    with.agencies.insert(with.agencies.end(), s.joining.begin(), s.joining.end());
    for (const auto& [id, a] : agencies) {
      if (!plan.find_agency(id)) with.agencies.push_back(a);
    }
    for (const auto& j : s.joining) {
      if (j.unit && !with.find_unit(*j.unit)) with.units.push_back(AdministrativeUnit{*j.unit, *j.unit, j.level, {}, {}, {}, {}});
    }
    for (std::size_t k = 0; k < s.joining.size(); ++k) {
      const Agency& j = s.joining[k];
      const std::string jpath = at(path, "joining", k);
      const std::string prior = at("", "agencies", plan.agencies.size() + k);
      for (const auto& d : errors_of(validate(with))) {
        if (d.path == prior || d.path.rfind(prior + "/", 0) == 0) error(jpath + d.path.substr(prior.size()), d.message);
      }
      if (agencies.count(j.id)) error(at(jpath, "id"), "agency " + quoted(j.id) + " is already in plan " + quoted(plan.id));
      for (std::size_t m = 0; m < k; ++m) {
        if (s.joining[m].id == j.id) error(at(jpath, "id"), "agency " + quoted(j.id) + " joins twice");
      }
      if (j.valid_from && s.date.ok() && s.date < *j.valid_from) {
        error(at(jpath, "valid_from"), "an agency brought in on " + format_iso_date(s.date) + " must exist by then");
      }
      const bool named = std::any_of(s.to.begin(), s.to.end(), [&](const auto& h) { return h.agency_id == j.id; });
      if (!named) error(at(jpath, "id"), "agency " + quoted(j.id) + " is brought in but takes nothing over");
    }

    const auto self = agencies.find(s.agency_id);
    if (self == agencies.end()) {
      error(at(path, "agency_id"), "agency " + quoted(s.agency_id) + " is not in plan " + quoted(plan.id));
    } else if (s.date.ok()) {
      const Agency& a = self->second;
      if (auto it = passes_on.find(s.agency_id); it != passes_on.end()) {
        error(at(path, "agency_id"), "agency " + quoted(s.agency_id) + " already passed its duties on " + format_iso_date(it->second));
      }
      if (a.valid_to && next_day(*a.valid_to) != s.date) {
        error(at(path, "date"), "agency " + quoted(s.agency_id) + " ends on " + format_iso_date(*a.valid_to) +
                                    ": its duties pass on " + format_iso_date(next_day(*a.valid_to)));
      }
      if (a.valid_from && !(*a.valid_from < s.date)) {
        error(at(path, "date"), "agency " + quoted(s.agency_id) + " began on " + format_iso_date(*a.valid_from) +
                                    ": its duties cannot pass on or before that day");
      }
      if (auto it = took_over.find(s.agency_id); it != took_over.end() && !(it->second < s.date)) {
        error(at(path, "date"), "agency " + quoted(s.agency_id) + " took duties over on " + format_iso_date(it->second) +
                                    ": it cannot pass them on by then");
      }
    }

    // The handovers.
    std::set<std::string> successors, tasks, duties;
    bool rest = false;
    for (std::size_t k = 0; k < s.to.size(); ++k) {
      const AgencyHandover& h = s.to[k];
      const std::string hpath = at(path, "to", k);
      const bool joins = std::any_of(s.joining.begin(), s.joining.end(), [&](const auto& j) { return j.id == h.agency_id; });
      const auto known = agencies.find(h.agency_id);
      if (h.agency_id == s.agency_id) {
        error(at(hpath, "agency_id"), "an agency cannot succeed itself");
      } else if (!successors.insert(h.agency_id).second) {
        error(at(hpath, "agency_id"), "successor " + quoted(h.agency_id) + " is named twice");
      } else if (known == agencies.end() && !joins) {
        error(at(hpath, "agency_id"), "agency " + quoted(h.agency_id) + " is not in plan " + quoted(plan.id) +
                                          " (a new agency goes in /joining)");
      } else if (known != agencies.end() && s.date.ok()) {
        const Agency& b = known->second;
        if (b.valid_from && s.date < *b.valid_from) {
          error(at(hpath, "agency_id"), "successor " + quoted(h.agency_id) + " begins only on " + format_iso_date(*b.valid_from));
        }
        if (b.valid_to && *b.valid_to < s.date) {
          error(at(hpath, "agency_id"), "successor " + quoted(h.agency_id) + " ended on " + format_iso_date(*b.valid_to));
        }
        if (auto it = passes_on.find(h.agency_id); it != passes_on.end() && !(s.date < it->second)) {
          error(at(hpath, "agency_id"), "successor " + quoted(h.agency_id) + " passed its own duties on " + format_iso_date(it->second));
        }
      }
      if (h.tasks.empty() && h.duties.empty()) {
        if (rest) error(at(hpath, "agency_id"), "only one successor takes what the others do not (give the others tasks or duties)");
        rest = true;
      }
      for (std::size_t m = 0; m < h.tasks.size(); ++m) {
        if (!task_ids.count(h.tasks[m])) {
          error(at(at(hpath, "tasks"), std::to_string(m)), "task " + quoted(h.tasks[m]) + " is not in plan " + quoted(plan.id));
        } else if (!tasks.insert(h.tasks[m]).second) {
          error(at(at(hpath, "tasks"), std::to_string(m)), "task " + quoted(h.tasks[m]) + " is handed over twice");
        }
      }
      for (std::size_t m = 0; m < h.duties.size(); ++m) {
        if (!duty_ids.count(h.duties[m])) {
          error(at(at(hpath, "duties"), std::to_string(m)), "reporting duty " + quoted(h.duties[m]) + " is not in plan " + quoted(plan.id));
        } else if (!duties.insert(h.duties[m]).second) {
          error(at(at(hpath, "duties"), std::to_string(m)), "reporting duty " + quoted(h.duties[m]) + " is handed over twice");
        }
      }
    }
    if (errors.size() == before) learn(s);
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

}  // namespace engine
}  // namespace v1
}  // namespace kehoach
