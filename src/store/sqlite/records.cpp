// The SQLite repository of records: observations, task updates, allocations,
// expenditures and report submissions, and what a plan's records may refer to.

#include "store/sqlite/storage.hpp"

namespace kehoach {
inline namespace v1 {
namespace sqlite {

using namespace store_detail;

namespace {

class SqliteRecords final : public store_port::RecordRepository {
 public:
  SqliteRecords(SQLite::Database& d, StatementCache& c) : db(d), statements(c) {}

  // Whether the store's observations are keyed and versioned (schema 13); a
  // store kept older holds every row it was given, all of which count.
  bool versioned() { return schema() >= 13; }
  // Whether submissions are keyed and their retractions kept (schema 14).
  bool keyed_submissions() { return schema() >= 14; }
  // Whether allocations are keyed and their versions kept (schema 15).
  bool keyed_allocations() { return schema() >= 15; }
  // Whether expenditures are keyed and their versions kept (schema 16).
  bool keyed_expenditures() { return schema() >= 16; }
  int schema() {
    CachedStatement s(statements, "PRAGMA user_version");
    return s.executeStep() ? s.getColumn(0).getInt() : 0;
  }

  std::optional<record_checks::PlanFacts> facts(const std::string& plan_id) override {
    SQLite::Statement plan(db, "SELECT period_start, period_end FROM plans WHERE id = ?");
    plan.bind(1, plan_id);
    if (!plan.executeStep()) return std::nullopt;
    record_checks::PlanFacts f;
    f.period = Period{date_of(plan.getColumn(0)), date_of(plan.getColumn(1))};
    auto rows = [&](const char* sql, auto row) {
      SQLite::Statement s(db, sql);
      s.bind(1, plan_id);
      while (s.executeStep()) row(s);
    };
    rows("SELECT id, unit FROM targets WHERE plan_id = ?",
         [&](auto& s) { f.targets[s.getColumn(0).getString()] = code_of<TargetUnit>(s.getColumn(1)); });
    rows("SELECT id FROM agencies WHERE plan_id = ?", [&](auto& s) { f.agencies.insert(s.getColumn(0).getString()); });
    rows("SELECT id FROM funding_sources WHERE plan_id = ?", [&](auto& s) { f.sources.insert(s.getColumn(0).getString()); });
    rows("SELECT t.id, coalesce(u.new_status, t.status), CASE WHEN u.id IS NULL THEN t.progress ELSE u.new_progress END "
         "FROM tasks t LEFT JOIN task_updates u ON u.id = (SELECT max(id) FROM task_updates "
         "WHERE plan_id = t.plan_id AND task_id = t.id AND occurrence IS NULL) WHERE t.plan_id = ?",
         [&](auto& s) {
           f.tasks[s.getColumn(0).getString()] = {code_of<TaskStatus>(s.getColumn(1)), opt_real(s.getColumn(2))};
         });
    rows("SELECT id, coalesce(rec_from_year, 0), coalesce(rec_to_year, 0) FROM tasks WHERE plan_id = ? AND rec_month IS NOT NULL",
         [&](auto& s) {
           const int from = s.getColumn(1).getInt(), to = s.getColumn(2).getInt();
           f.recurring[s.getColumn(0).getString()] = {from ? from : static_cast<int>(f.period.start.year()),
                                                      to ? to : static_cast<int>(f.period.end.year())};
         });
    rows("SELECT id, period FROM reporting_duties WHERE plan_id = ?",
         [&](auto& s) { f.duties[s.getColumn(0).getString()].period = code_of<PeriodType>(s.getColumn(1)); });
    rows("SELECT duty_id, agency_id FROM duty_reporters WHERE plan_id = ?",
         [&](auto& s) { f.duties[s.getColumn(0).getString()].reporters.insert(s.getColumn(1).getString()); });
    rows("SELECT duty_id, idx FROM duty_sub_periods WHERE plan_id = ?",
         [&](auto& s) { f.duties[s.getColumn(0).getString()].sub_periods.insert(s.getColumn(1).getInt()); });
    return f;
  }

  std::optional<store_port::TaskState> occurrence_state(const std::string& plan_id, const std::string& task_id,
                                                        int occurrence) override {
    if (!last_of_occurrence) {
      last_of_occurrence = std::make_unique<SQLite::Statement>(db,
          "SELECT new_status, new_progress FROM task_updates WHERE plan_id = ? AND task_id = ? AND occurrence = ? "
          "ORDER BY id DESC LIMIT 1");
    }
    auto& s = *last_of_occurrence;
    s.reset();
    SQLite::bind(s, plan_id, task_id, occurrence);
    std::optional<store_port::TaskState> state;
    if (s.executeStep()) state = store_port::TaskState{code_of<TaskStatus>(s.getColumn(0)), opt_real(s.getColumn(1))};
    s.reset();  // no statement is left running past the call
    return state;
  }

  void add_observations(std::span<const Observation> rows, const std::string& recorded_at) override {
    const bool timed = versioned();  // a store kept below schema 13 keeps no time
    SQLite::Statement insert(db, timed ? "INSERT INTO observations (plan_id, target_id, date, value, numerator, denominator, "
                                         "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                       : "INSERT INTO observations (plan_id, target_id, date, value, numerator, denominator) "
                                         "VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& o : rows) {
      insert.reset();
      // The rows outlive each exec(): no copies of the ids.
      insert.bindNoCopy(1, o.plan_id);
      insert.bindNoCopy(2, o.target_id);
      insert.bind(3, iso(o.date));
      insert.bind(4, o.value);
      bind_opt(insert, 5, o.numerator);
      bind_opt(insert, 6, o.denominator);
      if (timed) insert.bindNoCopy(7, recorded_at);
      insert.exec();
    }
  }

  void add_observation_versions(std::span<const ObservationVersion> rows) override {
    SQLite::Statement insert(db,
        "INSERT INTO observations (plan_id, target_id, date, value, numerator, denominator, recorded_at, replaced_at, "
        "retracted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& v : rows) {
      const auto& o = v.observation;
      insert.reset();
      insert.bind(1, o.plan_id);
      insert.bind(2, o.target_id);
      insert.bind(3, iso(o.date));
      insert.bind(4, o.value);
      bind_opt(insert, 5, o.numerator);
      bind_opt(insert, 6, o.denominator);
      if (v.recorded_at.empty()) insert.bind(7); else insert.bind(7, v.recorded_at);
      bind_opt(insert, 8, v.replaced_at);
      insert.bind(9, v.retracted ? 1 : 0);
      insert.exec();
    }
  }

  std::vector<std::pair<std::int64_t, Observation>> holding_observations(std::span<const Observation> keys) override {
    std::vector<std::pair<std::int64_t, Observation>> out;
    CachedStatement s(statements, versioned() ? "SELECT id, value, numerator, denominator FROM observations "
                                                "WHERE plan_id = ? AND target_id = ? AND date = ? AND replaced_at IS NULL"
                                              : "SELECT id, value, numerator, denominator FROM observations "
                                                "WHERE plan_id = ? AND target_id = ? AND date = ? ORDER BY id");
    for (const auto& k : keys) {
      s.reset();
      s.bind(1, k.plan_id);
      s.bind(2, k.target_id);
      s.bind(3, iso(k.date));
      while (s.executeStep()) {
        out.push_back({s.getColumn(0).getInt64(), Observation{k.plan_id, k.target_id, k.date, s.getColumn(1).getDouble(),
                                                              opt_real(s.getColumn(2)), opt_real(s.getColumn(3))}});
      }
    }
    return out;
  }

  std::map<std::string, std::int64_t> observation_rows(const std::string& plan_id) override {
    std::map<std::string, std::int64_t> out;
    CachedStatement s(statements, "SELECT target_id, count(*) FROM observations WHERE plan_id = ? GROUP BY target_id");
    s.bind(1, plan_id);
    while (s.executeStep()) out[s.getColumn(0).getString()] = s.getColumn(1).getInt64();
    return out;
  }

  void replace_observation(std::int64_t id, const std::string& at, bool retracted) override {
    CachedStatement s(statements, "UPDATE observations SET replaced_at = ?, retracted = ? WHERE id = ?");
    s.bind(1, at);
    s.bind(2, retracted ? 1 : 0);
    s.bind(3, id);
    s.exec();
  }

  std::vector<ObservationVersion> observation_history(std::string_view plan_id, std::string_view target_id) override {
    std::vector<ObservationVersion> out;
    SQLite::Statement s(db, std::string("SELECT date, value, numerator, denominator, ") +
                                (versioned() ? "recorded_at, replaced_at, retracted" : "NULL, NULL, 0") +
                                " FROM observations WHERE plan_id = ? AND target_id = ? ORDER BY date, id");
    s.bind(1, std::string(plan_id));
    s.bind(2, std::string(target_id));
    while (s.executeStep()) {
      ObservationVersion v;
      v.observation = {std::string(plan_id), std::string(target_id), date_of(s.getColumn(0)), s.getColumn(1).getDouble(),
                       opt_real(s.getColumn(2)), opt_real(s.getColumn(3))};
      if (!s.getColumn(4).isNull()) v.recorded_at = s.getColumn(4).getString();
      if (!s.getColumn(5).isNull()) v.replaced_at = s.getColumn(5).getString();
      v.retracted = s.getColumn(6).getInt() != 0;
      out.push_back(std::move(v));
    }
    return out;
  }

  void add_task_change(const TaskChange& c) override {
    if (!insert_task_update) {
      insert_task_update = std::make_unique<SQLite::Statement>(db,
          "INSERT INTO task_updates (plan_id, task_id, date, by_whom, old_status, new_status, old_progress, new_progress, "
          "completed_on, note, occurrence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    auto& insert = *insert_task_update;
    const auto& u = c.update;
    insert.reset();
    insert.bind(1, u.plan_id);
    insert.bind(2, u.task_id);
    insert.bind(3, iso(u.date));
    insert.bind(4, u.by);
    bind_code(insert, 5, c.old_status);
    bind_code(insert, 6, u.status);
    bind_opt(insert, 7, c.old_progress);
    bind_opt(insert, 8, u.progress);
    bind_opt(insert, 9, u.completed_on);
    bind_opt(insert, 10, u.note);
    bind_opt(insert, 11, u.occurrence);
    insert.exec();
  }

  std::vector<std::size_t> held_task_updates(std::span<const TaskUpdate> rows) override {
    std::vector<std::size_t> out;
    CachedStatement s(statements,
        "SELECT 1 FROM task_updates WHERE plan_id = ? AND task_id = ? AND date = ? AND occurrence IS ? AND by_whom = ? "
        "AND new_status = ? AND new_progress IS ? AND completed_on IS ? AND note IS ? LIMIT 1");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& u = rows[i];
      s.reset();
      auto& q = s.statement();
      q.bind(1, u.plan_id);
      q.bind(2, u.task_id);
      q.bind(3, iso(u.date));
      bind_opt(q, 4, u.occurrence);
      q.bind(5, u.by);
      bind_code(q, 6, u.status);
      bind_opt(q, 7, u.progress);
      bind_opt(q, 8, u.completed_on);
      bind_opt(q, 9, u.note);
      if (s.executeStep()) out.push_back(i);
    }
    return out;
  }

  bool has_manual_status(const ManualStatus& m) override {
    CachedStatement s(statements,
        "SELECT 1 FROM manual_statuses WHERE plan_id = ? AND kind = ? AND item_id = ? AND date = ? AND status = ? "
        "AND reason = ? AND by_whom = ? LIMIT 1");
    SQLite::bind(s.statement(), m.plan_id, m.kind, m.item_id, iso(m.date), m.status, m.reason, m.by);
    return s.executeStep();
  }

  void add_allocations(std::span<const Allocation> rows, const std::string& recorded_at) override {
    const bool timed = keyed_allocations();  // a store kept below schema 15 keeps no time
    SQLite::Statement insert(db, timed ? "INSERT INTO allocations (plan_id, year, source_id, agency_id, task_id, dated, "
                                         "amount, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                       : "INSERT INTO allocations (plan_id, year, source_id, agency_id, task_id, dated, "
                                         "amount) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& a : rows) {
      insert.reset();
      bind_allocation(insert, a);
      if (timed) insert.bindNoCopy(8, recorded_at);
      insert.exec();
    }
  }

  void add_allocation_versions(std::span<const AllocationVersion> rows) override {
    SQLite::Statement held(db,
        "INSERT INTO allocations (plan_id, year, source_id, agency_id, task_id, dated, amount, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement replaced(db,
        "INSERT INTO allocation_replacements (plan_id, year, source_id, agency_id, task_id, dated, amount, recorded_at, "
        "replaced_at, retracted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& v : rows) {
      auto& insert = v.replaced_at ? replaced : held;
      insert.reset();
      bind_allocation(insert, v.allocation);
      if (v.recorded_at.empty()) insert.bind(8); else insert.bind(8, v.recorded_at);
      if (v.replaced_at) {
        insert.bind(9, *v.replaced_at);
        insert.bind(10, v.retracted ? 1 : 0);
      }
      insert.exec();
    }
  }

  std::vector<std::pair<std::int64_t, Allocation>> holding_allocations(std::span<const Allocation> keys) override {
    std::vector<std::pair<std::int64_t, Allocation>> out;
    CachedStatement s(statements, "SELECT id, amount FROM allocations WHERE plan_id = ? AND year = ? AND source_id = ? "
                                  "AND agency_id = ? AND task_id IS ? AND dated = ?");
    for (const auto& k : keys) {
      s.reset();
      s.bind(1, k.plan_id);
      s.bind(2, k.year);
      s.bind(3, k.source_id);
      s.bind(4, k.agency_id);
      bind_opt(s.statement(), 5, k.task_id);
      s.bind(6, iso(k.dated));
      while (s.executeStep()) {
        Allocation a = k;
        a.amount = Dong{s.getColumn(1).getInt64()};
        out.push_back({s.getColumn(0).getInt64(), std::move(a)});
      }
    }
    return out;
  }

  void replace_allocation(std::int64_t id, const std::string& at, bool retracted) override {
    SQLite::Statement move(db,
        "INSERT INTO allocation_replacements (plan_id, year, source_id, agency_id, task_id, dated, amount, recorded_at, "
        "replaced_at, retracted) SELECT plan_id, year, source_id, agency_id, task_id, dated, amount, recorded_at, ?, ? "
        "FROM allocations WHERE id = ?");
    move.bind(1, at);
    move.bind(2, retracted ? 1 : 0);
    move.bind(3, id);
    move.exec();
    SQLite::Statement remove(db, "DELETE FROM allocations WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
  }

  std::vector<AllocationVersion> allocation_history(std::string_view plan_id) override {
    std::vector<AllocationVersion> out;
    SQLite::Statement s(db,
        "SELECT year, source_id, agency_id, task_id, dated, amount, recorded_at, replaced_at, retracted FROM ("
        "SELECT year, source_id, agency_id, task_id, dated, amount, recorded_at, NULL AS replaced_at, 0 AS retracted, "
        "1 AS part, id FROM allocations WHERE plan_id = ?1 UNION ALL "
        "SELECT year, source_id, agency_id, task_id, dated, amount, recorded_at, replaced_at, retracted, 0, id "
        "FROM allocation_replacements WHERE plan_id = ?1) "
        "ORDER BY year, source_id, agency_id, ifnull(task_id, ''), dated, part, id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      AllocationVersion v;
      v.allocation = {std::string(plan_id), s.getColumn(0).getInt(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                      opt_text(s.getColumn(3)), date_of(s.getColumn(4)), Dong{s.getColumn(5).getInt64()}};
      if (!s.getColumn(6).isNull()) v.recorded_at = s.getColumn(6).getString();
      if (!s.getColumn(7).isNull()) v.replaced_at = s.getColumn(7).getString();
      v.retracted = s.getColumn(8).getInt() != 0;
      out.push_back(std::move(v));
    }
    return out;
  }

  static void bind_expenditure(SQLite::Statement& s, const Expenditure& e) {
    s.bind(1, e.plan_id);
    s.bind(2, iso(e.date));
    s.bind(3, e.source_id);
    s.bind(4, e.agency_id);
    bind_opt(s, 5, e.task_id);
    s.bind(6, static_cast<int64_t>(e.amount.value()));
  }

  void add_expenditures(std::span<const Expenditure> rows, const std::string& recorded_at) override {
    const bool timed = keyed_expenditures();  // a store kept below schema 16 keeps no time nor voucher
    SQLite::Statement insert(db, timed ? "INSERT INTO expenditures (plan_id, date, source_id, agency_id, task_id, amount, "
                                         "voucher, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                       : "INSERT INTO expenditures (plan_id, date, source_id, agency_id, task_id, amount) "
                                         "VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& e : rows) {
      insert.reset();
      bind_expenditure(insert, e);
      if (timed) {
        bind_opt(insert, 7, e.voucher);
        insert.bindNoCopy(8, recorded_at);
      }
      insert.exec();
    }
  }

  void add_expenditure_versions(std::span<const ExpenditureVersion> rows) override {
    SQLite::Statement held(db,
        "INSERT INTO expenditures (plan_id, date, source_id, agency_id, task_id, amount, voucher, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement replaced(db,
        "INSERT INTO expenditure_replacements (plan_id, date, source_id, agency_id, task_id, amount, voucher, "
        "recorded_at, replaced_at, retracted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& v : rows) {
      auto& insert = v.replaced_at ? replaced : held;
      insert.reset();
      bind_expenditure(insert, v.expenditure);
      bind_opt(insert, 7, v.expenditure.voucher);
      if (v.recorded_at.empty()) insert.bind(8); else insert.bind(8, v.recorded_at);
      if (v.replaced_at) {
        insert.bind(9, *v.replaced_at);
        insert.bind(10, v.retracted ? 1 : 0);
      }
      insert.exec();
    }
  }

  std::vector<std::pair<std::int64_t, Expenditure>> holding_expenditures(std::span<const Expenditure> keys) override {
    std::vector<std::pair<std::int64_t, Expenditure>> out;
    CachedStatement s(statements, "SELECT id, amount FROM expenditures WHERE plan_id = ? AND date = ? AND source_id = ? "
                                  "AND agency_id = ? AND task_id IS ? AND voucher IS ?7 AND (?7 IS NOT NULL OR amount = ?6)");
    for (const auto& k : keys) {
      s.reset();
      bind_expenditure(s.statement(), k);
      bind_opt(s.statement(), 7, k.voucher);
      while (s.executeStep()) {
        Expenditure e = k;
        e.amount = Dong{s.getColumn(1).getInt64()};
        out.push_back({s.getColumn(0).getInt64(), std::move(e)});
      }
    }
    return out;
  }

  void replace_expenditure(std::int64_t id, const std::string& at, bool retracted) override {
    SQLite::Statement move(db,
        "INSERT INTO expenditure_replacements (plan_id, date, source_id, agency_id, task_id, amount, voucher, recorded_at, "
        "replaced_at, retracted) SELECT plan_id, date, source_id, agency_id, task_id, amount, voucher, recorded_at, ?, ? "
        "FROM expenditures WHERE id = ?");
    move.bind(1, at);
    move.bind(2, retracted ? 1 : 0);
    move.bind(3, id);
    move.exec();
    SQLite::Statement remove(db, "DELETE FROM expenditures WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
  }

  std::vector<ExpenditureVersion> expenditure_history(std::string_view plan_id) override {
    std::vector<ExpenditureVersion> out;
    SQLite::Statement s(db,
        "SELECT date, source_id, agency_id, task_id, amount, voucher, recorded_at, replaced_at, retracted FROM ("
        "SELECT date, source_id, agency_id, task_id, amount, voucher, recorded_at, NULL AS replaced_at, 0 AS retracted, "
        "1 AS part, id FROM expenditures WHERE plan_id = ?1 UNION ALL "
        "SELECT date, source_id, agency_id, task_id, amount, voucher, recorded_at, replaced_at, retracted, 0, id "
        "FROM expenditure_replacements WHERE plan_id = ?1) "
        "ORDER BY date, source_id, agency_id, ifnull(task_id, ''), ifnull(voucher, ''), "
        "CASE WHEN voucher IS NULL THEN amount ELSE -1 END, part, id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      ExpenditureVersion v;
      v.expenditure = {std::string(plan_id), date_of(s.getColumn(0)), s.getColumn(1).getString(),
                       s.getColumn(2).getString(), opt_text(s.getColumn(3)), Dong{s.getColumn(4).getInt64()},
                       opt_text(s.getColumn(5))};
      if (!s.getColumn(6).isNull()) v.recorded_at = s.getColumn(6).getString();
      if (!s.getColumn(7).isNull()) v.replaced_at = s.getColumn(7).getString();
      v.retracted = s.getColumn(8).getInt() != 0;
      out.push_back(std::move(v));
    }
    return out;
  }

  void add_submissions(std::span<const ReportSubmission> rows, const std::string& recorded_at) override {
    const bool timed = keyed_submissions();  // a store kept below schema 14 keeps no time
    SQLite::Statement insert(db, timed ? "INSERT INTO report_submissions (plan_id, duty_id, reporter, period_start, period_end, "
                                         "submitted, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                       : "INSERT INTO report_submissions (plan_id, duty_id, reporter, period_start, period_end, "
                                         "submitted) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& r : rows) {
      insert.reset();
      SQLite::bind(insert, r.plan_id, r.duty_id, r.reporter, iso(r.period.start), iso(r.period.end), iso(r.submitted));
      if (timed) insert.bindNoCopy(7, recorded_at);
      insert.exec();
    }
  }

  void add_submission_versions(std::span<const SubmissionVersion> rows) override {
    SQLite::Statement held(db,
        "INSERT INTO report_submissions (plan_id, duty_id, reporter, period_start, period_end, submitted, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement retracted(db,
        "INSERT INTO submission_retractions (plan_id, duty_id, reporter, period_start, period_end, submitted, recorded_at, "
        "retracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& v : rows) {
      const auto& r = v.submission;
      auto& insert = v.retracted_at ? retracted : held;
      insert.reset();
      SQLite::bind(insert, r.plan_id, r.duty_id, r.reporter, iso(r.period.start), iso(r.period.end), iso(r.submitted));
      if (v.recorded_at.empty()) insert.bind(7); else insert.bind(7, v.recorded_at);
      if (v.retracted_at) insert.bind(8, *v.retracted_at);
      insert.exec();
    }
  }

  std::vector<std::size_t> held_submissions(std::span<const ReportSubmission> keys) override {
    std::vector<std::size_t> out;
    CachedStatement s(statements, "SELECT 1 FROM report_submissions WHERE plan_id = ? AND duty_id = ? AND reporter = ? "
                                  "AND period_start = ? AND submitted = ?");
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const auto& k = keys[i];
      s.reset();
      SQLite::bind(s.statement(), k.plan_id, k.duty_id, k.reporter, iso(k.period.start), iso(k.submitted));
      if (s.executeStep()) out.push_back(i);
    }
    return out;
  }

  bool retract_submission(const ReportSubmission& k, const std::string& at) override {
    SQLite::Statement find(db, "SELECT id FROM report_submissions WHERE plan_id = ? AND duty_id = ? "
                               "AND reporter = ? AND period_start = ? AND submitted = ?");
    SQLite::bind(find, k.plan_id, k.duty_id, k.reporter, iso(k.period.start), iso(k.submitted));
    if (!find.executeStep()) return false;
    const std::int64_t id = find.getColumn(0).getInt64();
    SQLite::Statement move(db,
        "INSERT INTO submission_retractions (plan_id, duty_id, reporter, period_start, period_end, submitted, recorded_at, "
        "retracted_at) SELECT plan_id, duty_id, reporter, period_start, period_end, submitted, recorded_at, ? "
        "FROM report_submissions WHERE id = ?");
    move.bind(1, at);
    move.bind(2, id);
    move.exec();
    SQLite::Statement remove(db, "DELETE FROM report_submissions WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
    return true;
  }

  std::vector<SubmissionVersion> submission_history(std::string_view plan_id) override {
    std::vector<SubmissionVersion> out;
    SQLite::Statement s(db,
        "SELECT duty_id, reporter, period_start, period_end, submitted, recorded_at, retracted_at FROM ("
        "SELECT duty_id, reporter, period_start, period_end, submitted, recorded_at, NULL AS retracted_at, 1 AS part, id "
        "FROM report_submissions WHERE plan_id = ?1 UNION ALL "
        "SELECT duty_id, reporter, period_start, period_end, submitted, recorded_at, retracted_at, 0, id "
        "FROM submission_retractions WHERE plan_id = ?1) "
        "ORDER BY duty_id, period_start, reporter, submitted, coalesce(recorded_at, ''), part, id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      SubmissionVersion v;
      v.submission = {std::string(plan_id), s.getColumn(0).getString(), s.getColumn(1).getString(),
                      Period{date_of(s.getColumn(2)), date_of(s.getColumn(3))}, date_of(s.getColumn(4))};
      if (!s.getColumn(5).isNull()) v.recorded_at = s.getColumn(5).getString();
      if (!s.getColumn(6).isNull()) v.retracted_at = s.getColumn(6).getString();
      out.push_back(std::move(v));
    }
    return out;
  }

  std::vector<Observation> observations(std::string_view plan_id, std::string_view target_id) override {
    std::vector<Observation> out;
    SQLite::Statement s(db, versioned() ? "SELECT date, value, numerator, denominator FROM observations WHERE plan_id = ? "
                                          "AND target_id = ? AND replaced_at IS NULL ORDER BY date, id"
                                        : "SELECT date, value, numerator, denominator FROM observations WHERE plan_id = ? "
                                          "AND target_id = ? ORDER BY date, id");
    s.bind(1, std::string(plan_id));
    s.bind(2, std::string(target_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), std::string(target_id), date_of(s.getColumn(0)), s.getColumn(1).getDouble(),
                     opt_real(s.getColumn(2)), opt_real(s.getColumn(3))});
    }
    return out;
  }

  std::size_t observation_count() override {
    return static_cast<std::size_t>(db.execAndGet(versioned() ? "SELECT count(*) FROM observations WHERE replaced_at IS NULL"
                                                                : "SELECT count(*) FROM observations").getInt64());
  }

  std::vector<TaskChange> task_history(std::string_view plan_id, std::string_view task_id) override {
    std::vector<TaskChange> out;
    SQLite::Statement s(db,
        "SELECT date, by_whom, old_status, new_status, old_progress, new_progress, completed_on, note, occurrence "
        "FROM task_updates WHERE plan_id = ? AND task_id = ? ORDER BY id");
    s.bind(1, std::string(plan_id));
    s.bind(2, std::string(task_id));
    while (s.executeStep()) {
      TaskChange c;
      c.update = TaskUpdate{std::string(plan_id), std::string(task_id), date_of(s.getColumn(0)), s.getColumn(1).getString(),
                            code_of<TaskStatus>(s.getColumn(3)), opt_real(s.getColumn(5)), opt_date(s.getColumn(6)),
                            opt_text(s.getColumn(7)), opt_int(s.getColumn(8))};
      c.old_status = code_of<TaskStatus>(s.getColumn(2));
      c.old_progress = opt_real(s.getColumn(4));
      out.push_back(std::move(c));
    }
    return out;
  }

  std::vector<Allocation> allocations(std::string_view plan_id) override {
    std::vector<Allocation> out;
    SQLite::Statement s(db,
        "SELECT year, source_id, agency_id, task_id, dated, amount FROM allocations WHERE plan_id = ? "
        "ORDER BY year, source_id, agency_id, ifnull(task_id, ''), dated, id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), s.getColumn(0).getInt(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                     opt_text(s.getColumn(3)), date_of(s.getColumn(4)), Dong{s.getColumn(5).getInt64()}});
    }
    return out;
  }

  std::vector<Expenditure> expenditures(std::string_view plan_id) override {
    std::vector<Expenditure> out;
    SQLite::Statement s(db, keyed_expenditures()
        ? "SELECT date, source_id, agency_id, task_id, amount, voucher FROM expenditures WHERE plan_id = ? "
          "ORDER BY date, source_id, agency_id, ifnull(task_id, ''), ifnull(voucher, ''), "
          "CASE WHEN voucher IS NULL THEN amount ELSE -1 END, id"
        : "SELECT date, source_id, agency_id, task_id, amount, NULL FROM expenditures WHERE plan_id = ? "
          "ORDER BY date, id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), date_of(s.getColumn(0)), s.getColumn(1).getString(), s.getColumn(2).getString(),
                     opt_text(s.getColumn(3)), Dong{s.getColumn(4).getInt64()}, opt_text(s.getColumn(5))});
    }
    return out;
  }

  std::vector<ReportSubmission> submissions(std::string_view plan_id) override {
    std::vector<ReportSubmission> out;
    SQLite::Statement s(db,
        "SELECT duty_id, reporter, period_start, period_end, submitted FROM report_submissions WHERE plan_id = ? "
        "ORDER BY duty_id, period_start, reporter, submitted, id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), s.getColumn(0).getString(), s.getColumn(1).getString(),
                     Period{date_of(s.getColumn(2)), date_of(s.getColumn(3))}, date_of(s.getColumn(4))});
    }
    return out;
  }

  // The records of one plan dated on or before `as_of`, each list in the order
  // the engine expects (engine::PlanRecords); with `known_at` (schema 15, the
  // caller checked), the observations, submissions and allocations that held
  // at that time (?3): recorded by then, or before the schema kept a time,
  // and not replaced or retracted by then.
  engine::PlanRecords as_of(const std::string& plan_id, Date as_of, const std::optional<std::string>& known_at) override {
    engine::PlanRecords r;
    const std::string a = iso(as_of);
    const auto bind_known = [&](auto& s) {
      if (known_at) s.bind(3, *known_at);
    };
    {
      CachedStatement s(statements, known_at
          ? "SELECT target_id, date, value, numerator, denominator FROM observations WHERE plan_id = ?1 AND date <= ?2 "
            "AND (recorded_at IS NULL OR recorded_at <= ?3) AND (replaced_at IS NULL OR replaced_at > ?3) "
            "ORDER BY target_id, date, id"
          : versioned()
          ? "SELECT target_id, date, value, numerator, denominator FROM observations WHERE plan_id = ? AND date <= ? "
            "AND replaced_at IS NULL ORDER BY target_id, date, id"
          : "SELECT target_id, date, value, numerator, denominator FROM observations WHERE plan_id = ? AND date <= ? "
            "ORDER BY target_id, date, id");
      s.bind(1, plan_id);
      s.bind(2, a);
      bind_known(s);
      while (s.executeStep()) {
        r.observations.push_back({s.getColumn(0).getString(), date_of(s.getColumn(1)), s.getColumn(2).getDouble(),
                                  opt_real(s.getColumn(3)), opt_real(s.getColumn(4))});
      }
    }
    {
      CachedStatement s(statements,
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
      CachedStatement s(statements,
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
      CachedStatement s(statements, known_at
          ? "SELECT duty_id, reporter, period_start, submitted FROM report_submissions WHERE plan_id = ?1 "
            "AND submitted <= ?2 AND (recorded_at IS NULL OR recorded_at <= ?3) UNION ALL "
            "SELECT duty_id, reporter, period_start, submitted FROM submission_retractions WHERE plan_id = ?1 "
            "AND submitted <= ?2 AND (recorded_at IS NULL OR recorded_at <= ?3) AND retracted_at > ?3"
          : "SELECT duty_id, reporter, period_start, submitted FROM report_submissions WHERE plan_id = ? AND submitted <= ?");
      s.bind(1, plan_id);
      s.bind(2, a);
      bind_known(s);
      while (s.executeStep()) {
        r.submissions.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), date_of(s.getColumn(2)),
                                 date_of(s.getColumn(3))});
      }
    }
    {
      // Known at a time: a replaced row before a held one of the same day,
      // as the upgrade to 15 kept the last recorded of a key holding.
      CachedStatement s(statements, known_at
          ? "SELECT year, source_id, agency_id, task_id, dated, amount FROM (SELECT year, source_id, agency_id, task_id, "
            "dated, amount, 1 AS held, id FROM allocations WHERE plan_id = ?1 AND dated <= ?2 "
            "AND (recorded_at IS NULL OR recorded_at <= ?3) UNION ALL SELECT year, source_id, agency_id, task_id, "
            "dated, amount, 0, id FROM allocation_replacements WHERE plan_id = ?1 AND dated <= ?2 "
            "AND (recorded_at IS NULL OR recorded_at <= ?3) AND replaced_at > ?3) ORDER BY dated, held, id"
          : "SELECT year, source_id, agency_id, task_id, dated, amount FROM allocations WHERE plan_id = ? AND dated <= ? "
            "ORDER BY dated, id");
      s.bind(1, plan_id);
      s.bind(2, a);
      bind_known(s);
      while (s.executeStep()) {
        r.allocations.push_back({s.getColumn(0).getInt(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                                 opt_text(s.getColumn(3)), date_of(s.getColumn(4)), Dong{s.getColumn(5).getInt64()}});
      }
    }
    {
      // Known at a time (schema 16; a store kept at 15 has no record times
      // for expenditures, and all of them count).
      const bool timed = known_at && keyed_expenditures();
      CachedStatement s(statements, timed
          ? "SELECT date, source_id, agency_id, task_id, amount FROM expenditures WHERE plan_id = ?1 AND date <= ?2 "
            "AND (recorded_at IS NULL OR recorded_at <= ?3) UNION ALL SELECT date, source_id, agency_id, task_id, "
            "amount FROM expenditure_replacements WHERE plan_id = ?1 AND date <= ?2 "
            "AND (recorded_at IS NULL OR recorded_at <= ?3) AND replaced_at > ?3"
          : "SELECT date, source_id, agency_id, task_id, amount FROM expenditures WHERE plan_id = ? AND date <= ?");
      s.bind(1, plan_id);
      s.bind(2, a);
      if (timed) s.bind(3, *known_at);
      while (s.executeStep()) {
        r.expenditures.push_back({date_of(s.getColumn(0)), s.getColumn(1).getString(), s.getColumn(2).getString(),
                                  opt_text(s.getColumn(3)), Dong{s.getColumn(4).getInt64()}});
      }
    }
    return r;
  }

  bool has_item(const std::string& plan_id, const std::string& kind, const std::string& item_id) override {
    CachedStatement s(statements, kind == "target" ? "SELECT 1 FROM targets WHERE plan_id = ? AND id = ?"
                                                   : "SELECT 1 FROM tasks WHERE plan_id = ? AND id = ?");
    s.bind(1, plan_id);
    s.bind(2, item_id);
    return s.executeStep();
  }

  void add_manual_status(const ManualStatus& m) override {
    SQLite::Statement s(db,
        "INSERT INTO manual_statuses (plan_id, kind, item_id, status, reason, by_whom, date) VALUES (?, ?, ?, ?, ?, ?, ?)");
    SQLite::bind(s, m.plan_id, m.kind, m.item_id, m.status, m.reason, m.by, iso(m.date));
    s.exec();
  }

 private:
  // Binds an allocation's plan, year, source, agency, task, dated and amount as ?1 … ?7.
  static void bind_allocation(SQLite::Statement& insert, const Allocation& a) {
    insert.bind(1, a.plan_id);
    insert.bind(2, a.year);
    insert.bind(3, a.source_id);
    insert.bind(4, a.agency_id);
    bind_opt(insert, 5, a.task_id);
    insert.bind(6, iso(a.dated));
    insert.bind(7, static_cast<int64_t>(a.amount.value()));
  }

  SQLite::Database& db;
  StatementCache& statements;
  // Prepared once per repository and reused across rows of bulk writes.
  std::unique_ptr<SQLite::Statement> insert_task_update;
  std::unique_ptr<SQLite::Statement> last_of_occurrence;
};

}  // namespace

std::unique_ptr<store_port::RecordRepository> make_record_repository(SQLite::Database& db, StatementCache& statements) {
  return std::make_unique<SqliteRecords>(db, statements);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
