// The store's metrics calls: one read snapshot per call, the plan's records
// read into the engine's value types (metrics/engine.hpp), and the engine
// computes. All SQL of the metrics is here.

#include <kehoach/store.hpp>

#include "metrics/engine.hpp"
#include "store/sqlite/expected_reports.hpp"
#include "store/store_impl.hpp"


namespace kehoach {
inline namespace v1 {

using namespace store_detail;

namespace {

// The records of one plan dated on or before `as_of`, each list in the order
// the engine expects (engine::PlanRecords).
engine::PlanRecords read_plan_records(StatementCache& db, const std::string& plan_id, Date as_of) {
  engine::PlanRecords r;
  const std::string a = iso(as_of);
  {
    CachedStatement s(db,
        "SELECT target_id, date, value, numerator, denominator FROM observations WHERE plan_id = ? AND date <= ? "
        "ORDER BY target_id, date, id");
    s.bind(1, plan_id);
    s.bind(2, a);
    while (s.executeStep()) {
      r.observations.push_back({s.getColumn(0).getString(), date_of(s.getColumn(1)), s.getColumn(2).getDouble(),
                                opt_real(s.getColumn(3)), opt_real(s.getColumn(4))});
    }
  }
  {
    CachedStatement s(db,
        "SELECT task_id, date, new_status, new_progress, completed_on, occurrence FROM task_updates "
        "WHERE plan_id = ? AND date <= ? ORDER BY task_id, date, id");
    s.bind(1, plan_id);
    s.bind(2, a);
    while (s.executeStep()) {
      r.task_updates.push_back({s.getColumn(0).getString(), date_of(s.getColumn(1)), code_of<TaskStatus>(s.getColumn(2)),
                                opt_real(s.getColumn(3)), opt_date(s.getColumn(4)), opt_int(s.getColumn(5))});
    }
  }
  {
    CachedStatement s(db,
        "SELECT kind, item_id, status, reason, by_whom, date FROM manual_statuses WHERE plan_id = ? AND date <= ? "
        "ORDER BY date, id");
    s.bind(1, plan_id);
    s.bind(2, a);
    while (s.executeStep()) {
      r.manual_statuses.push_back(ManualStatus{plan_id, s.getColumn(0).getString(), s.getColumn(1).getString(),
                                               s.getColumn(2).getString(), s.getColumn(3).getString(),
                                               s.getColumn(4).getString(), date_of(s.getColumn(5))});
    }
  }
  {
    CachedStatement s(db,
        "SELECT duty_id, reporter, period_start, submitted FROM report_submissions WHERE plan_id = ? AND submitted <= ?");
    s.bind(1, plan_id);
    s.bind(2, a);
    while (s.executeStep()) {
      r.submissions.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), date_of(s.getColumn(2)),
                               date_of(s.getColumn(3))});
    }
  }
  {
    CachedStatement s(db,
        "SELECT year, source_id, agency_id, task_id, dated, amount FROM allocations WHERE plan_id = ? AND dated <= ? "
        "ORDER BY dated, id");
    s.bind(1, plan_id);
    s.bind(2, a);
    while (s.executeStep()) {
      r.allocations.push_back({s.getColumn(0).getInt(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                               opt_text(s.getColumn(3)), date_of(s.getColumn(4)), Dong{s.getColumn(5).getInt64()}});
    }
  }
  {
    CachedStatement s(db,
        "SELECT date, source_id, agency_id, task_id, amount FROM expenditures WHERE plan_id = ? AND date <= ?");
    s.bind(1, plan_id);
    s.bind(2, a);
    while (s.executeStep()) {
      r.expenditures.push_back({date_of(s.getColumn(0)), s.getColumn(1).getString(), s.getColumn(2).getString(),
                                opt_text(s.getColumn(3)), Dong{s.getColumn(4).getInt64()}});
    }
  }
  return r;
}

void require_unit(StatementCache& db, std::string_view unit) {
  CachedStatement known(db, "SELECT 1 FROM admin_units WHERE code = ?");
  known.bind(1, std::string(unit));
  if (!known.executeStep()) throw NotFound("unit '" + std::string(unit) + "' is not in the store");
}

}  // namespace

PlanMetrics Store::plan_metrics(std::string_view plan_id, Date as_of, const MetricsOptions& options) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  engine::check_metrics_options(as_of, options);
  return guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot
    const Plan plan = impl_->load(plan_id, store_port::PlanParts::metrics);
    PlanMetrics m = engine::plan_metrics(plan, read_plan_records(impl_->statements, plan.id, as_of), as_of, options);
    tx.commit();
    return m;
  });
}

UnitMetrics Store::unit_metrics(std::string_view unit, Date as_of, const MetricsOptions& options) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  engine::check_metrics_options(as_of, options);
  std::vector<PlanMetrics> plans;
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);  // every plan from one snapshot
    require_unit(impl_->statements, unit);
    std::vector<std::string> ids;
    {
      CachedStatement s(impl_->statements,
          std::string(subtree_cte) + "SELECT id FROM plans WHERE unit IN (SELECT code FROM sub) ORDER BY id");
      s.bind(1, std::string(unit));
      while (s.executeStep()) ids.push_back(s.getColumn(0).getString());
    }
    for (const auto& id : ids) {
      const Plan plan = impl_->load(id, store_port::PlanParts::metrics);
      plans.push_back(engine::plan_metrics(plan, read_plan_records(impl_->statements, id, as_of), as_of, options));
    }
    tx.commit();
  });
  return engine::unit_metrics(std::string(unit), as_of, std::move(plans));
}

ReportingRollup Store::reporting_rollup(std::string_view unit, Date as_of) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  if (!as_of.ok()) throw InvalidArgument("the as-of date is not a valid date");
  std::vector<engine::UnitReportingCount> units;
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot
    require_unit(impl_->statements, unit);
    if (!expected_reports_current(impl_->db)) {
      throw IoError(impl_->path + ": the store's expected reports are not filled in (schema " +
                    std::to_string(impl_->user_version()) + "); open it writable once to upgrade it");
    }
    // Per unit of the subtree with plans: its plans, its expected reports
    // whose deadline has come, those received by A, and those on time — by
    // the engine's on-time rule, bound as a table indexed by rule and by how
    // the first submission compares with the deadline (?3 … ?8).
    CachedStatement s(impl_->statements, std::string(subtree_cte) +
        "SELECT p.unit, count(DISTINCT p.id), count(e.plan_id), count(e.first_submitted <= ?2 OR NULL), "
        "count((e.first_submitted <= ?2 AND CASE (e.first_submitted > e.deadline) - (e.first_submitted < e.deadline) "
        "+ 3 * (e.rule = 'by') WHEN -1 THEN ?3 WHEN 0 THEN ?4 WHEN 1 THEN ?5 WHEN 2 THEN ?6 WHEN 3 THEN ?7 ELSE ?8 END) OR NULL) "
        "FROM sub JOIN plans p ON p.unit = sub.code LEFT JOIN expected_reports e ON e.plan_id = p.id AND e.deadline <= ?2 "
        "GROUP BY p.unit ORDER BY p.unit");
    s.bind(1, std::string(unit));
    s.bind(2, iso(as_of));
    const auto table = engine::on_time_table();
    for (int k = 0; k < 6; ++k) s.bind(3 + k, table[static_cast<std::size_t>(k)] ? 1 : 0);
    while (s.executeStep()) {
      units.push_back({s.getColumn(0).getString(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64(),
                       s.getColumn(3).getInt64(), s.getColumn(4).getInt64()});
    }
    tx.commit();
  });
  return engine::reporting_rollup(std::string(unit), as_of, units);
}

void Store::set_manual_status(const ManualStatus& m) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  if (auto errors = engine::check_manual_status(m); !errors.empty()) throw ValidationError(std::move(errors));
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(impl_->db, m.kind == "target" ? "SELECT 1 FROM targets WHERE plan_id = ? AND id = ?"
                                                           : "SELECT 1 FROM tasks WHERE plan_id = ? AND id = ?");
    SQLite::bind(exists, m.plan_id, m.item_id);
    if (!exists.executeStep()) throw ValidationError("/item_id", m.kind + " '" + m.item_id + "' is not in plan '" + m.plan_id + "'");
    SQLite::Statement s(impl_->db,
        "INSERT INTO manual_statuses (plan_id, kind, item_id, status, reason, by_whom, date) VALUES (?, ?, ?, ?, ?, ?, ?)");
    SQLite::bind(s, m.plan_id, m.kind, m.item_id, m.status, m.reason, m.by, iso(m.date));
    s.exec();
    tx.commit();
  });
}

}  // namespace v1
}  // namespace kehoach
