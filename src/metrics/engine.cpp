// The metrics engine (METRICS.md §1–4, 6): pure functions over a plan and
// its records (engine.hpp). No database, no I/O.

#include "metrics/engine.hpp"
#include "metrics/lifetimes.hpp"

#include <kehoach/text.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace kehoach {
inline namespace v1 {
namespace engine {
namespace {


double day_number(Date d) { return static_cast<double>(std::chrono::sys_days{d}.time_since_epoch().count()); }


struct Obs {
  Date date;
  double value;
  std::optional<double> numerator, denominator;
};

// ---- §1 targets ----

std::optional<double> expected_at(const Target& t, Date a) {
  const auto& ms = t.milestones;
  if (ms.empty()) return std::nullopt;
  if (!(a < ms.back().date)) return ms.back().value;
  std::size_t k = 0;
  while (ms[k].date < a) ++k;  // the first milestone d_k >= A
  if (ms[k].date == a) return ms[k].value;
  std::optional<std::pair<Date, double>> before;
  if (k > 0) before = std::make_pair(ms[k - 1].date, ms[k - 1].value);
  else if (t.baseline && !(a < t.baseline->date)) before = std::make_pair(t.baseline->date, t.baseline->value);
  if (!before) return std::nullopt;
  const double x0 = day_number(before->first), x1 = day_number(ms[k].date), x = day_number(a);
  return before->second + (ms[k].value - before->second) * (x - x0) / (x1 - x0);
}

TargetProgress target_progress(const Target& t, const std::vector<Obs>& obs, Date a, const MetricsOptions& options) {
  TargetProgress p;
  p.target_id = t.id;
  p.code = t.code;
  p.indicator = t.indicator;
  p.unit = t.unit;
  p.comparator = t.comparator;
  // obs are ordered by date then insertion: the last one on or before A is the actual.
  const Obs* latest = nullptr;
  for (const auto& o : obs) {
    if (!(a < o.date)) latest = &o;
  }
  if (latest) {
    p.actual = latest->value;
    p.actual_date = latest->date;
    p.numerator = latest->numerator;
    p.denominator = latest->denominator;
  }
  p.expected = expected_at(t, a);
  const Milestone& last = t.milestones.back();
  const double r = t.baseline ? t.baseline->value : 0.0;
  const double tau = t.unit == TargetUnit::yes_no ? 0.0 : options.tau;
  if (!latest) {
    p.status = TargetStatus::no_data;
  } else if (meets(t.comparator, *p.actual, last.value)) {
    p.status = TargetStatus::achieved;
  } else if (last.date < a && !last.open_ended) {
    p.status = TargetStatus::missed;
  } else if (!p.expected || meets(t.comparator, *p.actual, *p.expected)) {
    p.status = TargetStatus::on_track;
  } else if (std::abs(*p.expected - *p.actual) <= tau * std::abs(last.value - r)) {
    p.status = TargetStatus::at_risk;
  } else {
    p.status = TargetStatus::off_track;
  }
  for (const auto& m : t.milestones) {
    if (a < m.date) continue;
    MilestoneResult result{m.date, m.value, std::nullopt, MilestoneOutcome::no_data};
    const Obs* decisive = nullptr;
    for (const auto& o : obs) {
      if (!(m.date < o.date)) decisive = &o;
    }
    if (decisive) {
      result.observed = decisive->value;
      result.outcome = meets(t.comparator, decisive->value, m.value) ? MilestoneOutcome::met : MilestoneOutcome::missed;
    }
    p.milestones.push_back(result);
  }
  if (p.actual) {
    std::optional<double> att;
    if (t.comparator == Comparator::at_least) {
      if (last.value - r != 0) att = 100.0 * (*p.actual - r) / (last.value - r);
    } else if (t.baseline && t.baseline->value - last.value != 0) {
      att = 100.0 * (t.baseline->value - *p.actual) / (t.baseline->value - last.value);
    }
    if (att) p.attainment = std::clamp(*att, 0.0, 100.0);
  }
  return p;
}

// ---- §2 tasks ----

struct Update {
  Date date;
  TaskStatus status;
  std::optional<double> progress;
  std::optional<Date> completed_on;
  std::optional<int> occurrence;
};

struct TaskState {
  TaskStatus status = TaskStatus::planned;
  std::optional<double> progress;
  std::optional<Date> completed_on;
};

// The state of a task (or of one occurrence) as of A: the latest update dated
// on or before A, else the plan document's values.
TaskState state_of(const Task& t, const std::vector<Update>& updates, std::optional<int> occurrence) {
  TaskState s;
  bool updated = false;
  for (const auto& u : updates) {  // ordered by date, then insertion
    if (u.occurrence != occurrence) continue;
    // An update that says nothing of progress keeps the progress recorded before it.
    s = TaskState{u.status, u.progress ? u.progress : s.progress, u.completed_on};
    updated = true;
  }
  if (!updated && !occurrence) s = TaskState{t.status, t.progress, t.completed_on};
  if (!updated && occurrence && t.status == TaskStatus::cancelled) s.status = TaskStatus::cancelled;
  if (s.status == TaskStatus::done) s.progress = 100;
  return s;
}



struct Computation {
  const PlanRecords& records;
  const Plan& plan;
  Date a;
  const MetricsOptions& options;
  PlanMetrics out;
  std::map<std::string, AgencyCompliance> agencies;
  Lifetimes lifetimes{plan, records.agency_successions};

  // The manual status in force per item: the latest set on or before A.
  std::map<std::string, ManualStatus> manual(const char* kind) const {
    std::map<std::string, ManualStatus> found;
    for (const auto& m : records.manual_statuses) {
      if (m.kind == kind && !(a < m.date)) found[m.item_id] = m;
    }
    return found;
  }

  AgencyCompliance& agency(const std::string& id) {
    auto [it, fresh] = agencies.try_emplace(id);
    if (fresh) {
      it->second.agency_id = id;
      if (const Agency* ag = lifetimes.find(id)) it->second.name = ag->name;
      it->second.ended = lifetimes.ended(id);
    }
    return it->second;
  }

  void targets() {
    std::map<std::string, std::vector<Obs>> obs;
    for (const auto& o : records.observations) {
      if (!(a < o.date)) obs[o.target_id].push_back({o.date, o.value, o.numerator, o.denominator});
    }
    const auto manual_statuses = manual("target");
    for (const Target* t : targets_in_item_order(plan)) {
      TargetProgress p = target_progress(*t, obs[t->id], a, options);
      if (auto m = manual_statuses.find(t->id); m != manual_statuses.end()) p.manual = m->second;
      if (out.items.empty() || out.items.back().code != t->code) out.items.push_back(ItemProgress{t->code, p.status, {}});
      ItemProgress& item = out.items.back();
      item.status = std::min(item.status, p.status);  // the worst, in the declared order
      item.targets.push_back(t->id);
      out.targets.push_back(std::move(p));
    }
  }

  void tasks() {
    std::map<std::string, std::vector<Update>> updates;
    for (const auto& u : records.task_updates) {
      if (!(a < u.date)) updates[u.task_id].push_back({u.date, u.status, u.progress, u.completed_on, u.occurrence});
    }
    const auto manual_statuses = manual("task");
    TaskMetrics& m = out.tasks;
    std::map<std::string, TaskState> leaf_state;
    const int first_year = static_cast<int>(plan.period.start.year());
    const int last_year = static_cast<int>(plan.period.end.year());
    for (const auto& t : plan.tasks) {
      if (!is_leaf(plan, t)) continue;
      const auto& ups = updates[t.id];
      const TaskState whole = state_of(t, ups, std::nullopt);
      leaf_state[t.id] = whole;
      std::vector<std::pair<std::optional<int>, std::optional<Date>>> occurrences;
      if (t.recurrence) {
        const int from = t.recurrence->from_year.value_or(first_year);
        const int to = t.recurrence->to_year.value_or(last_year);
        for (int y = from; y <= to; ++y) {
          // 29/2 is refused in yearly dates, so every year has the day.
          occurrences.emplace_back(y, on_year(t.recurrence->due, y));
        }
      } else {
        occurrences.emplace_back(std::nullopt, t.due);
      }
      const std::optional<std::string> lead = effective_lead(plan, t);
      std::int64_t live = 0, done = 0;
      for (const auto& [year, due] : occurrences) {
        const TaskState st = year ? state_of(t, ups, year) : whole;
        if (st.status == TaskStatus::cancelled || whole.status == TaskStatus::cancelled) {
          ++m.cancelled;
          continue;
        }
        ++m.occurrences;
        ++live;
        TaskOccurrence o{t.id, year, due, false, std::nullopt, false, false};
        // A done task without a completion date counts as completed, but not on time.
        o.completed = st.status == TaskStatus::done && (!st.completed_on || !(a < *st.completed_on));
        o.completed_on = st.completed_on;
        if (o.completed) {
          ++m.completed;
          ++done;
        }
        const bool is_due = due && !(a < *due);
        if (o.completed && due && st.completed_on && *due < *st.completed_on) {
          o.late = true;
          ++m.completed_late;
        }
        if (is_due) {
          ++m.due;
          const bool met = o.completed && st.completed_on && !(*due < *st.completed_on);
          if (met) ++m.completed_on_time;
          if (!o.completed) {
            o.overdue = true;
            ++m.overdue;
            m.overdue_list.push_back(o);
          }
          if (lead && due) {
            // The agency that answers for it on its due date (METRICS.md §6).
            const Chain chain = lifetimes.for_task(*lead, t.id, *due);
            if (chain.orphaned) {
              out.orphaned.push_back({"task", t.id, chain.answerable(), *due, year, std::nullopt});
            } else {
              AgencyCompliance& ag = agency(chain.answerable());
              ++ag.task_due;
              if (chain.agencies.size() > 1) ++ag.task_inherited;
              if (met) ++ag.task_met;
            }
          }
        }
      }
      // A yearly task's progress is the share of its occurrences completed.
      if (t.recurrence && live > 0 && whole.status != TaskStatus::cancelled) {
        leaf_state[t.id].progress = percent_of(static_cast<double>(done), static_cast<double>(live));
        if (done == live) leaf_state[t.id].status = TaskStatus::done;
      }
    }
    m.completion_rate = make_rate(m.completed, m.occurrences);
    m.on_time_rate = make_rate(m.completed_on_time, m.due);
    // Progress: leaves from their state; inner nodes the (weighted) mean of
    // their children, cancelled children left out. Children come after or
    // before their parents in any order, so compute recursively with memo.
    std::map<std::string, std::optional<double>> memo;
    std::map<std::string, std::vector<const Task*>> children;
    for (const auto& t : plan.tasks) {
      if (t.parent) children[*t.parent].push_back(&t);
    }
    std::function<std::optional<double>(const Task&)> progress = [&](const Task& t) -> std::optional<double> {
      if (auto it = memo.find(t.id); it != memo.end()) return it->second;
      std::optional<double> value;
      const auto kids = children.find(t.id);
      if (kids == children.end()) {
        const TaskState& st = leaf_state[t.id];
        if (st.status != TaskStatus::cancelled) value = st.status == TaskStatus::done ? 100.0 : st.progress.value_or(0.0);
      } else if (t.status != TaskStatus::cancelled) {
        double sum = 0, weights = 0;
        for (const Task* c : kids->second) {
          const auto v = progress(*c);
          if (!v) continue;
          const double w = c->weight.value_or(1.0);
          sum += w * *v;
          weights += w;
        }
        if (weights > 0) value = sum / weights;
      }
      memo[t.id] = value;
      return value;
    };
    for (const auto& t : plan.tasks) {
      TaskNodeProgress node{t.id, t.section, progress(t), is_leaf(plan, t) ? leaf_state[t.id].status : t.status, std::nullopt};
      if (auto mm = manual_statuses.find(t.id); mm != manual_statuses.end()) node.manual = mm->second;
      m.progress.push_back(std::move(node));
    }
  }

  void reporting() {
    // The first submission of each reporter and period, on or before A.
    std::map<std::tuple<std::string, std::string, Date>, Date> first;
    for (const auto& s : records.submissions) {
      if (a < s.submitted) continue;
      auto [it, fresh] = first.try_emplace({s.duty_id, s.reporter, s.period_start}, s.submitted);
      if (!fresh && s.submitted < it->second) it->second = s.submitted;
    }
    ReportingMetrics& r = out.reporting;
    for (const auto& e : expected_reports_of(plan)) {
      if (a < e.deadline) continue;
      ++r.expected;
      ReportStatus st{e.duty_id, e.reporter, e.period, e.deadline, std::nullopt, false, std::nullopt};
      // The agency that answers for it on its deadline; a submission of any
      // agency the report passed through answers it (METRICS.md §6).
      const Chain chain = lifetimes.for_report(e.reporter, e.duty_id, e.deadline);
      std::optional<Date> submitted;
      for (const auto& by : chain.agencies) {
        const auto it = first.find({e.duty_id, by, e.period.start});
        if (it != first.end() && (!submitted || it->second < *submitted)) submitted = it->second;
      }
      AgencyCompliance* ag = nullptr;
      if (chain.orphaned) {
        out.orphaned.push_back({"report", e.duty_id, chain.answerable(), e.deadline, std::nullopt, e.period});
      } else {
        st.responsible = chain.answerable();
        ag = &agency(chain.answerable());
        ++ag->report_due;
        if (chain.agencies.size() > 1) ++ag->report_inherited;
      }
      if (!submitted) {
        r.missing.push_back(st);
        continue;
      }
      ++r.received;
      st.submitted = submitted;
      st.on_time = on_time(e.rule, *submitted, e.deadline);
      if (st.on_time) {
        ++r.on_time;
        if (ag) ++ag->report_met;
      } else {
        r.late.push_back(st);
      }
    }
    r.reporting_rate = make_rate(r.received, r.expected);
    r.on_time_rate = make_rate(r.on_time, r.expected);
  }

  void budget() {
    BudgetMetrics& b = out.budget;
    std::map<std::string, BudgetSlice> years, sources, agencies_, tasks_;
    BudgetSlice total{"total", {}, {}, {}};
    auto slice = [](std::map<std::string, BudgetSlice>& m, const std::string& key) -> BudgetSlice& {
      auto [it, fresh] = m.try_emplace(key);
      if (fresh) it->second.key = key;
      return it->second;
    };
    // The allocated amount of a slice as of A is its latest revision dated on
    // or before A (rows come by date, then insertion: the last one wins).
    std::map<std::tuple<int, std::string, std::string, std::optional<std::string>>, const AllocationRow*> in_force;
    for (const auto& row : records.allocations) {
      if (!(a < row.dated)) in_force[{row.year, row.source_id, row.agency_id, row.task_id}] = &row;
    }
    for (const auto& [key, row] : in_force) {
      total.allocated += row->amount;
      slice(years, std::to_string(row->year)).allocated += row->amount;
      slice(sources, row->source_id).allocated += row->amount;
      slice(agencies_, row->agency_id).allocated += row->amount;
      if (row->task_id) slice(tasks_, *row->task_id).allocated += row->amount;
    }
    for (const auto& row : records.expenditures) {
      if (a < row.date) continue;
      total.spent += row.amount;
      slice(years, std::to_string(static_cast<int>(row.date.year()))).spent += row.amount;
      slice(sources, row.source_id).spent += row.amount;
      slice(agencies_, row.agency_id).spent += row.amount;
      if (row.task_id) slice(tasks_, *row.task_id).spent += row.amount;
    }
    auto rate = [](BudgetSlice& s) {
      s.execution_rate = percent_of(static_cast<double>(s.spent.value()), static_cast<double>(s.allocated.value()));
    };
    rate(total);
    b.total = total;
    for (auto [m, list] : {std::pair{&years, &b.by_year}, std::pair{&sources, &b.by_source},
                           std::pair{&agencies_, &b.by_agency}, std::pair{&tasks_, &b.by_task}}) {
      for (auto& [key, s] : *m) {
        rate(s);
        list->push_back(s);
      }
    }
    for (const auto& f : plan.funding_sources) {
      SourceShare share{f.id, f.kind, {}, std::nullopt};
      if (auto it = sources.find(f.id); it != sources.end()) share.allocated = it->second.allocated;
      share.share = percent_of(static_cast<double>(share.allocated.value()), static_cast<double>(total.allocated.value()));
      b.source_mix.push_back(share);
    }
  }

  void compliance() {
    std::int64_t met = 0, due = 0;
    for (auto& [id, ag] : agencies) {
      ag.tasks = make_rate(ag.task_met, ag.task_due);
      ag.reports = make_rate(ag.report_met, ag.report_due);
      ag.compliance = make_rate(ag.task_met + ag.report_met, ag.task_due + ag.report_due);
      met += ag.task_met + ag.report_met;
      due += ag.task_due + ag.report_due;
    }
    // Every agency of the plan appears, with nothing due where nothing is.
    for (const auto& ag : plan.agencies) agency(ag.id);
    for (const auto& ag : lifetimes.joining()) agency(ag.id);
    for (auto& [id, ag] : agencies) {
      if (!ag.compliance.denominator.value) {
        ag.tasks = make_rate(0, 0);
        ag.reports = make_rate(0, 0);
        ag.compliance = make_rate(0, 0);
      }
      out.agencies.push_back(ag);
    }
    out.plan_compliance = make_rate(met, due);
  }

  PlanMetrics run() {
    out.plan_id = plan.id;
    out.as_of = a;
    out.known_at = options.known_at;
    targets();
    tasks();
    reporting();
    budget();
    compliance();
    return std::move(out);
  }
};



}  // namespace

bool is_utc_time(std::string_view t) {
  if (t.size() != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z') return false;
  const auto two = [&](std::size_t at, int most) {
    if (t[at] < '0' || t[at] > '9' || t[at + 1] < '0' || t[at + 1] > '9') return false;
    return (t[at] - '0') * 10 + (t[at + 1] - '0') <= most;
  };
  if (!two(11, 23) || !two(14, 59) || !two(17, 59)) return false;
  try {
    return parse_iso_date(t.substr(0, 10)).ok();
  } catch (const Error&) {
    return false;
  }
}

void check_metrics_options(Date as_of, const MetricsOptions& options) {
  if (!(options.tau >= 0) || !std::isfinite(options.tau)) throw InvalidArgument("tau must be a finite number ≥ 0");
  if (!as_of.ok()) throw InvalidArgument("the as-of date is not a valid date");
  if (options.boundaries && !options.boundaries->ok()) throw InvalidArgument("the boundaries date is not a valid date");
  if (options.known_at && !is_utc_time(*options.known_at)) {
    throw InvalidArgument("known_at '" + *options.known_at +
                          "' is not a UTC time YYYY-MM-DDTHH:MM:SSZ (the form of the records' recorded_at)");
  }
}

PlanMetrics plan_metrics(const Plan& plan, const PlanRecords& records, Date as_of, const MetricsOptions& options) {
  return Computation{records, plan, as_of, options, {}, {}}.run();
}

UnitMetrics unit_metrics(std::string unit, Date as_of, std::vector<PlanMetrics> plans) {
  UnitMetrics u;
  u.unit = std::move(unit);
  u.as_of = as_of;
  std::int64_t met = 0, due = 0;
  for (auto& m : plans) {
    u.task_due += m.tasks.due;
    u.task_overdue += m.tasks.overdue;
    u.task_completed_on_time += m.tasks.completed_on_time;
    u.reports_expected += m.reporting.expected;
    u.reports_received += m.reporting.received;
    u.reports_on_time += m.reporting.on_time;
    u.allocated += m.budget.total.allocated;
    u.spent += m.budget.total.spent;
    met += m.plan_compliance.numerator.value.value_or(0);
    due += m.plan_compliance.denominator.value.value_or(0);
    u.plans.push_back(std::move(m));
  }
  u.on_time_rate = make_rate(u.task_completed_on_time, u.task_due);
  u.reporting_rate = make_rate(u.reports_received, u.reports_expected);
  u.report_on_time_rate = make_rate(u.reports_on_time, u.reports_expected);
  u.compliance = make_rate(met, due);
  u.execution_rate = percent_of(static_cast<double>(u.spent.value()), static_cast<double>(u.allocated.value()));
  return u;
}

std::vector<ExpectedReport> expected_reports_of(const Plan& plan) {
  std::vector<ExpectedReport> out;
  for (const auto& d : plan.reporting_duties) {
    if (!d.deadline) continue;  // a duty without a deadline expects nothing countable
    const int n = periods_per_year(d.period);
    for (int y = static_cast<int>(plan.period.start.year()); y <= static_cast<int>(plan.period.end.year()); ++y) {
      for (int k = 1; k <= n; ++k) {
        if (!d.sub_periods.empty() && std::find(d.sub_periods.begin(), d.sub_periods.end(), k) == d.sub_periods.end()) continue;
        const Period period = period_of(d.period, y, k);
        if (period.start < plan.period.start || plan.period.end < period.end) continue;
        const Date deadline = deadline_date(*d.deadline, period);
        for (const auto& reporter : d.reporters) out.push_back({d.id, reporter, period, deadline, d.deadline->rule});
      }
    }
  }
  return out;
}

bool on_time_by_order(DeadlineRule rule, int order) {
  // on_time() depends only on how the dates compare: ask it with dates that
  // compare the same way.
  const Date deadline{std::chrono::year{2000}, std::chrono::month{6}, std::chrono::day{15}};
  const Date submitted{std::chrono::sys_days{deadline} + std::chrono::days{order < 0 ? -1 : order > 0 ? 1 : 0}};
  return on_time(rule, submitted, deadline);
}

std::array<bool, 6> on_time_table() {
  std::array<bool, 6> table{};
  for (int r = 0; r < 2; ++r) {
    for (int order = -1; order <= 1; ++order) {
      table[static_cast<std::size_t>(3 * r + order + 1)] = on_time_by_order(r == 0 ? DeadlineRule::before : DeadlineRule::by, order);
    }
  }
  return table;
}

ReportingRollup reporting_rollup(std::string unit, Date as_of, const std::vector<UnitReportingCount>& units) {
  ReportingRollup r;
  r.unit = std::move(unit);
  r.as_of = as_of;
  for (const auto& u : units) {
    r.plans += u.plans;
    r.expected += u.expected;
    r.received += u.received;
    r.on_time += u.on_time;
    r.units.push_back(UnitReporting{u.unit, u.expected, u.received, u.on_time});
  }
  r.reporting_rate = make_rate(r.received, r.expected);
  r.on_time_rate = make_rate(r.on_time, r.expected);
  return r;
}

std::vector<Diagnostic> check_manual_status(const ManualStatus& m) {
  std::vector<Diagnostic> errors;
  if (m.kind == "target") {
    if (!from_code<TargetStatus>(m.status)) errors.push_back({Severity::error, "/status", "unknown target status '" + m.status + "'"});
  } else if (m.kind == "task") {
    if (!from_code<TaskStatus>(m.status)) errors.push_back({Severity::error, "/status", "unknown task status '" + m.status + "'"});
  } else {
    errors.push_back({Severity::error, "/kind", "a manual status is set on a 'target' or a 'task'"});
  }
  if (collapse_whitespace(m.reason).empty()) errors.push_back({Severity::error, "/reason", "a manual status needs its reason"});
  if (collapse_whitespace(m.by).empty()) errors.push_back({Severity::error, "/by", "who set it must be recorded"});
  if (!m.date.ok()) errors.push_back({Severity::error, "/date", "not a valid date"});
  if (!is_valid_utf8(m.reason) || !is_valid_utf8(m.by)) errors.push_back({Severity::error, "/reason", "text is not valid UTF-8"});
  return errors;
}

}  // namespace engine
}  // namespace v1
}  // namespace kehoach
