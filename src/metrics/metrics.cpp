// The metrics engine (METRICS.md §1–4, 6, 8). Each metric reads its records
// with one query filtered to the as-of date and computes in a single pass.

#include <kehoach/store.hpp>
#include <kehoach/text.hpp>

#include "store/expected_reports.hpp"
#include "store/store_impl.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace kehoach {
inline namespace v1 {

using namespace store_detail;

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

}  // namespace

const TargetProgress* PlanMetrics::target(std::string_view id) const noexcept {
  for (const auto& t : targets) {
    if (t.target_id == id) return &t;
  }
  return nullptr;
}

const AgencyCompliance* PlanMetrics::agency(std::string_view id) const noexcept {
  for (const auto& a : agencies) {
    if (a.agency_id == id) return &a;
  }
  return nullptr;
}

namespace {

struct Computation {
  StatementCache& db;
  const Plan& plan;
  Date a;
  const MetricsOptions& options;
  PlanMetrics out;
  std::map<std::string, AgencyCompliance> agencies;

  std::map<std::string, ManualStatus> manual(const char* kind) {
    std::map<std::string, ManualStatus> found;
    CachedStatement s(db,
        "SELECT item_id, status, reason, by_whom, date FROM manual_statuses WHERE plan_id = ? AND kind = ? AND date <= ? "
        "ORDER BY date, id");
    s.bind(1, plan.id);
    s.bind(2, kind);
    s.bind(3, iso(a));
    while (s.executeStep()) {
      found[s.getColumn(0).getString()] = ManualStatus{plan.id, kind, s.getColumn(0).getString(), s.getColumn(1).getString(),
                                                       s.getColumn(2).getString(), s.getColumn(3).getString(),
                                                       date_of(s.getColumn(4))};
    }
    return found;
  }

  AgencyCompliance& agency(const std::string& id) {
    auto [it, fresh] = agencies.try_emplace(id);
    if (fresh) {
      it->second.agency_id = id;
      if (const Agency* ag = plan.find_agency(id)) it->second.name = ag->name;
    }
    return it->second;
  }

  void targets() {
    std::map<std::string, std::vector<Obs>> obs;
    CachedStatement s(db,
        "SELECT target_id, date, value, numerator, denominator FROM observations WHERE plan_id = ? AND date <= ? "
        "ORDER BY target_id, date, id");
    s.bind(1, plan.id);
    s.bind(2, iso(a));
    while (s.executeStep()) {
      obs[s.getColumn(0).getString()].push_back(
          {date_of(s.getColumn(1)), s.getColumn(2).getDouble(), opt_real(s.getColumn(3)), opt_real(s.getColumn(4))});
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
    CachedStatement s(db,
        "SELECT task_id, date, new_status, new_progress, completed_on, occurrence FROM task_updates "
        "WHERE plan_id = ? AND date <= ? ORDER BY task_id, date, id");
    s.bind(1, plan.id);
    s.bind(2, iso(a));
    while (s.executeStep()) {
      updates[s.getColumn(0).getString()].push_back({date_of(s.getColumn(1)), code_of<TaskStatus>(s.getColumn(2)),
                                                     opt_real(s.getColumn(3)), opt_date(s.getColumn(4)),
                                                     opt_int(s.getColumn(5))});
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
          if (lead) {
            AgencyCompliance& ag = agency(*lead);
            ++ag.task_due;
            if (met) ++ag.task_met;
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
    std::map<std::tuple<std::string, std::string, std::string>, Date> first;
    CachedStatement s(db,
        "SELECT duty_id, reporter, period_start, min(submitted) FROM report_submissions "
        "WHERE plan_id = ? AND submitted <= ? GROUP BY duty_id, reporter, period_start, period_end");
    s.bind(1, plan.id);
    s.bind(2, iso(a));
    while (s.executeStep()) {
      first[{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString()}] = date_of(s.getColumn(3));
    }
    ReportingMetrics& r = out.reporting;
    for (const auto& e : expected_reports_of(plan)) {
      if (a < e.deadline) continue;
      ++r.expected;
      ReportStatus st{e.duty_id, e.reporter, e.period, e.deadline, std::nullopt, false};
      const auto it = first.find({e.duty_id, e.reporter, iso(e.period.start)});
      AgencyCompliance& ag = agency(e.reporter);
      ++ag.report_due;
      if (it == first.end()) {
        r.missing.push_back(st);
        continue;
      }
      ++r.received;
      st.submitted = it->second;
      st.on_time = on_time(e.rule, it->second, e.deadline);
      if (st.on_time) {
        ++r.on_time;
        ++ag.report_met;
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
    // The allocated amount of a slice as of A is its latest revision dated on or before A.
    CachedStatement alloc(db,
        "SELECT a.year, a.source_id, a.agency_id, a.task_id, a.amount FROM allocations a WHERE a.plan_id = ?1 AND a.dated <= ?2 "
        "AND a.id = (SELECT b.id FROM allocations b WHERE b.plan_id = a.plan_id AND b.year = a.year AND b.source_id = a.source_id "
        "AND b.agency_id = a.agency_id AND b.task_id IS a.task_id AND b.dated <= ?2 ORDER BY b.dated DESC, b.id DESC LIMIT 1)");
    alloc.bind(1, plan.id);
    alloc.bind(2, iso(a));
    std::map<std::string, Dong> by_source_alloc;
    while (alloc.executeStep()) {
      const Dong amount{alloc.getColumn(4).getInt64()};
      total.allocated += amount;
      slice(years, alloc.getColumn(0).getString()).allocated += amount;
      slice(sources, alloc.getColumn(1).getString()).allocated += amount;
      slice(agencies_, alloc.getColumn(2).getString()).allocated += amount;
      if (!alloc.getColumn(3).isNull()) slice(tasks_, alloc.getColumn(3).getString()).allocated += amount;
    }
    CachedStatement spent(db,
        "SELECT substr(date, 1, 4), source_id, agency_id, task_id, amount FROM expenditures WHERE plan_id = ? AND date <= ?");
    spent.bind(1, plan.id);
    spent.bind(2, iso(a));
    while (spent.executeStep()) {
      const Dong amount{spent.getColumn(4).getInt64()};
      total.spent += amount;
      slice(years, spent.getColumn(0).getString()).spent += amount;
      slice(sources, spent.getColumn(1).getString()).spent += amount;
      slice(agencies_, spent.getColumn(2).getString()).spent += amount;
      if (!spent.getColumn(3).isNull()) slice(tasks_, spent.getColumn(3).getString()).spent += amount;
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
    targets();
    tasks();
    reporting();
    budget();
    compliance();
    return std::move(out);
  }
};

void check_options(Date as_of, const MetricsOptions& options) {
  if (!(options.tau >= 0) || !std::isfinite(options.tau)) throw InvalidArgument("tau must be a finite number ≥ 0");
  if (!as_of.ok()) throw InvalidArgument("the as-of date is not a valid date");
}

}  // namespace

PlanMetrics Store::plan_metrics(std::string_view plan_id, Date as_of, const MetricsOptions& options) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  check_options(as_of, options);
  return guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot
    const Plan plan = impl_->load(plan_id, Store::Impl::Parts::metrics);
    PlanMetrics m = Computation{impl_->statements, plan, as_of, options, {}, {}}.run();
    tx.commit();
    return m;
  });
}

UnitMetrics Store::unit_metrics(std::string_view unit, Date as_of, const MetricsOptions& options) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  check_options(as_of, options);
  std::vector<PlanMetrics> plans;
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);  // every plan from one snapshot
    CachedStatement known(impl_->statements, "SELECT 1 FROM admin_units WHERE code = ?");
    known.bind(1, std::string(unit));
    if (!known.executeStep()) throw NotFound("unit '" + std::string(unit) + "' is not in the store");
    std::vector<std::string> ids;
    {
      CachedStatement s(impl_->statements,
          std::string(subtree_cte) + "SELECT id FROM plans WHERE unit IN (SELECT code FROM sub) ORDER BY id");
      s.bind(1, std::string(unit));
      while (s.executeStep()) ids.push_back(s.getColumn(0).getString());
    }
    for (const auto& id : ids) {
      const Plan plan = impl_->load(id, Store::Impl::Parts::metrics);
      plans.push_back(Computation{impl_->statements, plan, as_of, options, {}, {}}.run());
    }
    tx.commit();
  });
  UnitMetrics u;
  u.unit = unit;
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

ReportingRollup Store::reporting_rollup(std::string_view unit, Date as_of) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  if (!as_of.ok()) throw InvalidArgument("the as-of date is not a valid date");
  ReportingRollup r;
  r.unit = unit;
  r.as_of = as_of;
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot
    CachedStatement known(impl_->statements, "SELECT 1 FROM admin_units WHERE code = ?");
    known.bind(1, std::string(unit));
    if (!known.executeStep()) throw NotFound("unit '" + std::string(unit) + "' is not in the store");
    if (!expected_reports_current(impl_->db)) {
      throw IoError(impl_->path + ": the store's expected reports are not filled in (schema " +
                                          std::to_string(impl_->user_version()) + "); open it writable once to upgrade it");
    }
    // A report is expected once its deadline has come, received when its first
    // submission is on or before A, on time by its deadline's rule.
    CachedStatement s(impl_->statements,
        std::string(subtree_cte) +
        "SELECT p.unit, count(DISTINCT p.id), count(e.plan_id), count(e.first_submitted <= ?2 OR NULL), "
        "count((e.first_submitted <= ?2 AND (e.first_submitted < e.deadline OR (e.rule = 'by' AND e.first_submitted = e.deadline))) OR NULL) "
        "FROM sub JOIN plans p ON p.unit = sub.code LEFT JOIN expected_reports e ON e.plan_id = p.id AND e.deadline <= ?2 "
        "GROUP BY p.unit ORDER BY p.unit");
    s.bind(1, std::string(unit));
    s.bind(2, iso(as_of));
    while (s.executeStep()) {
      UnitReporting u{s.getColumn(0).getString(), s.getColumn(2).getInt64(), s.getColumn(3).getInt64(), s.getColumn(4).getInt64()};
      r.plans += s.getColumn(1).getInt64();
      r.expected += u.expected;
      r.received += u.received;
      r.on_time += u.on_time;
      r.units.push_back(std::move(u));
    }
    tx.commit();
  });
  r.reporting_rate = make_rate(r.received, r.expected);
  r.on_time_rate = make_rate(r.on_time, r.expected);
  return r;
}

void Store::set_manual_status(const ManualStatus& m) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
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
  if (!errors.empty()) throw ValidationError(std::move(errors));
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(impl_->db, m.kind == "target" ? "SELECT 1 FROM targets WHERE plan_id = ? AND id = ?"
                                                           : "SELECT 1 FROM tasks WHERE plan_id = ? AND id = ?");
    exists.bind(1, m.plan_id);
    exists.bind(2, m.item_id);
    if (!exists.executeStep()) throw ValidationError("/item_id", m.kind + " '" + m.item_id + "' is not in plan '" + m.plan_id + "'");
    SQLite::Statement s(impl_->db,
        "INSERT INTO manual_statuses (plan_id, kind, item_id, status, reason, by_whom, date) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, m.plan_id);
    s.bind(2, m.kind);
    s.bind(3, m.item_id);
    s.bind(4, m.status);
    s.bind(5, m.reason);
    s.bind(6, m.by);
    s.bind(7, iso(m.date));
    s.exec();
    tx.commit();
  });
}

// ---- JSON ----

namespace {

using ordered = nlohmann::ordered_json;

ordered opt(const std::optional<double>& v) { return v ? ordered(*v) : ordered(nullptr); }
ordered opt(const std::optional<Date>& d) { return d ? ordered(format_iso_date(*d)) : ordered(nullptr); }

ordered rate_json(const Rate& r) {
  return ordered{{"value", opt(r.value)}, {"unit", "percent"},
                 {"numerator", r.numerator.value ? ordered(*r.numerator.value) : ordered(nullptr)},
                 {"denominator", r.denominator.value ? ordered(*r.denominator.value) : ordered(nullptr)},
                 {"flags", r.value ? ordered::array() : ordered::array({"no_data"})}};
}

ordered manual_json(const std::optional<ManualStatus>& m) {
  if (!m) return nullptr;
  return ordered{{"status", m->status}, {"reason", m->reason}, {"by", m->by}, {"date", format_iso_date(m->date)}};
}

ordered money_slice(const BudgetSlice& s) {
  return ordered{{"key", s.key}, {"allocated", s.allocated.value()}, {"spent", s.spent.value()},
                 {"execution_rate", opt(s.execution_rate)}, {"unit", "percent"}};
}

ordered plan_json(const PlanMetrics& m) {
  ordered o;
  o["scope"] = ordered{{"plan", m.plan_id}};
  o["as_of"] = format_iso_date(m.as_of);
  ordered targets = ordered::array();
  for (const auto& t : m.targets) {
    ordered ms = ordered::array();
    for (const auto& r : t.milestones) {
      ms.push_back(ordered{{"date", format_iso_date(r.date)}, {"target", r.target}, {"observed", opt(r.observed)},
                           {"result", std::string(to_code(r.outcome))}});
    }
    targets.push_back(ordered{
        {"target", t.target_id}, {"item", t.code}, {"indicator", t.indicator}, {"unit", std::string(to_code(t.unit))},
        {"comparator", std::string(to_code(t.comparator))}, {"actual", opt(t.actual)}, {"actual_date", opt(t.actual_date)},
        {"numerator", opt(t.numerator)}, {"denominator", opt(t.denominator)}, {"expected", opt(t.expected)},
        {"status", std::string(to_code(t.status))}, {"manual_status", manual_json(t.manual)},
        {"attainment", opt(t.attainment)}, {"milestones", ms},
        {"flags", t.actual ? ordered::array() : ordered::array({"no_data"})}});
  }
  o["targets"] = targets;
  ordered items = ordered::array();
  for (const auto& i : m.items) items.push_back(ordered{{"item", i.code}, {"status", std::string(to_code(i.status))}, {"targets", i.targets}});
  o["items"] = items;
  const TaskMetrics& t = m.tasks;
  ordered overdue = ordered::array();
  for (const auto& x : t.overdue_list) {
    overdue.push_back(ordered{{"task", x.task_id}, {"year", x.year ? ordered(*x.year) : ordered(nullptr)}, {"due", opt(x.due)}});
  }
  ordered progress = ordered::array();
  for (const auto& p : t.progress) {
    progress.push_back(ordered{{"task", p.task_id}, {"section", p.section}, {"progress", opt(p.progress)},
                               {"status", std::string(to_code(p.status))}, {"manual_status", manual_json(p.manual)}});
  }
  o["tasks"] = ordered{{"occurrences", t.occurrences}, {"cancelled", t.cancelled}, {"due", t.due}, {"overdue", t.overdue},
                       {"completed", t.completed}, {"completed_on_time", t.completed_on_time},
                       {"completed_late", t.completed_late}, {"completion_rate", rate_json(t.completion_rate)},
                       {"on_time_rate", rate_json(t.on_time_rate)}, {"overdue_list", overdue}, {"progress", progress}};
  const ReportingMetrics& r = m.reporting;
  auto reports = [](const std::vector<ReportStatus>& list) {
    ordered arr = ordered::array();
    for (const auto& x : list) {
      arr.push_back(ordered{{"duty", x.duty_id}, {"agency", x.reporter},
                            {"period", ordered{{"start", format_iso_date(x.period.start)}, {"end", format_iso_date(x.period.end)}}},
                            {"deadline", format_iso_date(x.deadline)}, {"submitted", opt(x.submitted)}});
    }
    return arr;
  };
  o["reporting"] = ordered{{"expected", r.expected}, {"received", r.received}, {"on_time", r.on_time},
                           {"reporting_rate", rate_json(r.reporting_rate)}, {"on_time_rate", rate_json(r.on_time_rate)},
                           {"missing", reports(r.missing)}, {"late", reports(r.late)}};
  const BudgetMetrics& b = m.budget;
  auto slices = [](const std::vector<BudgetSlice>& list) {
    ordered arr = ordered::array();
    for (const auto& s : list) arr.push_back(money_slice(s));
    return arr;
  };
  ordered mix = ordered::array();
  for (const auto& s : b.source_mix) {
    mix.push_back(ordered{{"source", s.source_id}, {"kind", std::string(to_code(s.kind))}, {"allocated", s.allocated.value()},
                          {"share", opt(s.share)}, {"unit", "percent"}});
  }
  o["budget"] = ordered{{"currency", "VND"}, {"total", money_slice(b.total)}, {"by_year", slices(b.by_year)},
                        {"by_source", slices(b.by_source)}, {"by_agency", slices(b.by_agency)},
                        {"by_task", slices(b.by_task)}, {"source_mix", mix}};
  ordered agencies = ordered::array();
  for (const auto& a : m.agencies) {
    agencies.push_back(ordered{{"agency", a.agency_id}, {"name", a.name}, {"tasks", rate_json(a.tasks)},
                               {"reports", rate_json(a.reports)}, {"compliance", rate_json(a.compliance)}});
  }
  o["agencies"] = agencies;
  o["plan_compliance"] = rate_json(m.plan_compliance);
  return o;
}

}  // namespace

std::string write_metrics_json(const PlanMetrics& metrics) { return plan_json(metrics).dump(2, ' ', false); }

std::string write_metrics_json(const UnitMetrics& u) {
  ordered o;
  o["scope"] = ordered{{"unit", u.unit}};
  o["as_of"] = format_iso_date(u.as_of);
  o["tasks"] = ordered{{"due", u.task_due}, {"overdue", u.task_overdue}, {"on_time_rate", rate_json(u.on_time_rate)}};
  o["reporting"] = ordered{{"expected", u.reports_expected}, {"received", u.reports_received},
                           {"reporting_rate", rate_json(u.reporting_rate)}, {"on_time_rate", rate_json(u.report_on_time_rate)}};
  o["budget"] = ordered{{"currency", "VND"}, {"allocated", u.allocated.value()}, {"spent", u.spent.value()},
                        {"execution_rate", opt(u.execution_rate)}};
  o["compliance"] = rate_json(u.compliance);
  ordered plans = ordered::array();
  for (const auto& p : u.plans) plans.push_back(plan_json(p));
  o["plans"] = plans;
  return o.dump(2, ' ', false);
}

std::string write_metrics_json(const ReportingRollup& r) {
  ordered o;
  o["scope"] = ordered{{"unit", r.unit}};
  o["as_of"] = format_iso_date(r.as_of);
  o["plans"] = r.plans;
  o["reporting"] = ordered{{"expected", r.expected}, {"received", r.received}, {"on_time", r.on_time},
                           {"reporting_rate", rate_json(r.reporting_rate)}, {"on_time_rate", rate_json(r.on_time_rate)}};
  ordered units = ordered::array();
  for (const auto& u : r.units) {
    units.push_back(ordered{{"unit", u.unit}, {"expected", u.expected}, {"received", u.received}, {"on_time", u.on_time}});
  }
  o["units"] = units;
  return o.dump(2, ' ', false);
}

}  // namespace v1
}  // namespace kehoach
