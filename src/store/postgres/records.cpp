// The PostgreSQL repositories of records (observations, task updates,
// allocations, expenditures, report submissions, manual statuses, and what a
// plan's records may refer to) and of the expected reports kept for the
// reporting roll-up (decision 0010).

#include "store/postgres/database.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/storage.hpp"

#include <functional>
#include <map>
#include <span>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace postgres {

namespace {

class PgRecords final : public store_port::RecordRepository {
 public:
  explicit PgRecords(Connection& c) : c_(c) {}

  // Whether the store's observations are keyed and versioned (schema 13); a
  // store kept older holds every row it was given, all of which count.
  bool versioned() { return schema_version(c_) >= 13; }
  // Whether submissions are keyed and their retractions kept (schema 14).
  bool keyed_submissions() { return schema_version(c_) >= 14; }
  // Whether allocations are keyed and their versions kept (schema 15).
  bool keyed_allocations() { return schema_version(c_) >= 15; }
  // Whether expenditures are keyed and their versions kept (schema 16).
  bool keyed_expenditures() { return schema_version(c_) >= 16; }

  std::optional<record_checks::PlanFacts> facts(const std::string& plan_id) override {
    const auto plan = c_.exec("SELECT period_start, period_end FROM plans WHERE id = $1", {plan_id});
    if (plan.rows() == 0) return std::nullopt;
    record_checks::PlanFacts f;
    f.period = Period{Row(plan, 0).date(0), Row(plan, 0).date(1)};
    auto rows = [&](const char* sql, auto row) { each_row(c_.exec(sql, {plan_id}), row); };
    rows("SELECT id, unit FROM targets WHERE plan_id = $1", [&](const Row& s) { f.targets[s.text(0)] = s.code<TargetUnit>(1); });
    rows("SELECT id FROM agencies WHERE plan_id = $1", [&](const Row& s) { f.agencies.insert(s.text(0)); });
    rows("SELECT id FROM funding_sources WHERE plan_id = $1", [&](const Row& s) { f.sources.insert(s.text(0)); });
    rows("SELECT t.id, coalesce(u.new_status, t.status), CASE WHEN u.id IS NULL THEN t.progress ELSE u.new_progress END "
         "FROM tasks t LEFT JOIN task_updates u ON u.id = (SELECT max(id) FROM task_updates "
         "WHERE plan_id = t.plan_id AND task_id = t.id AND occurrence IS NULL) WHERE t.plan_id = $1",
         [&](const Row& s) { f.tasks[s.text(0)] = {s.code<TaskStatus>(1), s.opt_real(2)}; });
    rows("SELECT id, coalesce(rec_from_year, 0), coalesce(rec_to_year, 0) FROM tasks WHERE plan_id = $1 AND rec_month IS NOT NULL",
         [&](const Row& s) {
           const int from = s.integer(1), to = s.integer(2);
           f.recurring[s.text(0)] = {from ? from : static_cast<int>(f.period.start.year()),
                                     to ? to : static_cast<int>(f.period.end.year())};
         });
    rows("SELECT id, period FROM reporting_duties WHERE plan_id = $1",
         [&](const Row& s) { f.duties[s.text(0)].period = s.code<PeriodType>(1); });
    rows("SELECT duty_id, agency_id FROM duty_reporters WHERE plan_id = $1",
         [&](const Row& s) { f.duties[s.text(0)].reporters.insert(s.text(1)); });
    rows("SELECT duty_id, idx FROM duty_sub_periods WHERE plan_id = $1",
         [&](const Row& s) { f.duties[s.text(0)].sub_periods.insert(s.integer(1)); });
    return f;
  }

  std::optional<store_port::TaskState> occurrence_state(const std::string& plan_id, const std::string& task_id,
                                                        int occurrence) override {
    const auto r = c_.exec("SELECT new_status, new_progress FROM task_updates WHERE plan_id = $1 AND task_id = $2 "
                           "AND occurrence = $3 ORDER BY id DESC LIMIT 1",
                           {plan_id, task_id, p(occurrence)});
    if (r.rows() == 0) return std::nullopt;
    const Row s(r, 0);
    return store_port::TaskState{s.code<TaskStatus>(0), s.opt_real(1)};
  }

  void add_observations(std::span<const Observation> rows, const std::string& recorded_at) override {
    const bool timed = !rows.empty() && versioned();  // a store kept below schema 13 keeps no time
    for (const auto& o : rows) {
      if (timed) {
        c_.queue("INSERT INTO observations (plan_id, target_id, date, value, numerator, denominator, recorded_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {o.plan_id, o.target_id, p(o.date), p(o.value), p(o.numerator), p(o.denominator), recorded_at});
      } else {
        c_.queue("INSERT INTO observations (plan_id, target_id, date, value, numerator, denominator) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                {o.plan_id, o.target_id, p(o.date), p(o.value), p(o.numerator), p(o.denominator)});
      }
    }
  }

  void add_observation_versions(std::span<const ObservationVersion> rows) override {
    for (const auto& v : rows) {
      const auto& o = v.observation;
      c_.queue("INSERT INTO observations (plan_id, target_id, date, value, numerator, denominator, recorded_at, "
              "replaced_at, retracted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
              {o.plan_id, o.target_id, p(o.date), p(o.value), p(o.numerator), p(o.denominator),
               v.recorded_at.empty() ? Param{} : Param{v.recorded_at}, p(v.replaced_at), flag(v.retracted)});
    }
  }

  // One statement for every key (arrays joined on the key's index).
  std::vector<std::pair<std::int64_t, Observation>> holding_observations(std::span<const Observation> keys) override {
    std::vector<std::pair<std::int64_t, Observation>> out;
    if (keys.empty()) return out;
    std::vector<std::string> plans, targets, dates;
    for (const auto& k : keys) {
      plans.push_back(k.plan_id);
      targets.push_back(k.target_id);
      dates.push_back(iso(k.date));
    }
    each_row(c_.exec(std::string("SELECT o.id, o.plan_id, o.target_id, o.date, o.value, o.numerator, o.denominator "
                                 "FROM unnest($1::text[], $2::text[], $3::text[]) AS k(plan_id, target_id, date) "
                                 "JOIN observations o ON o.plan_id = k.plan_id AND o.target_id = k.target_id "
                                 "AND o.date = k.date") +
                         (versioned() ? " WHERE o.replaced_at IS NULL" : "") + " ORDER BY o.id",
                     {text_array(plans), text_array(targets), text_array(dates)}),
             [&](const Row& s) {
               out.push_back({s.int64(0), Observation{s.text(1), s.text(2), s.date(3), s.real(4), s.opt_real(5), s.opt_real(6)}});
             });
    return out;
  }

  std::map<std::string, std::int64_t> observation_rows(const std::string& plan_id) override {
    std::map<std::string, std::int64_t> out;
    each_row(c_.exec("SELECT target_id, count(*) FROM observations WHERE plan_id = $1 GROUP BY target_id", {plan_id}),
             [&](const Row& s) { out[s.text(0)] = s.int64(1); });
    return out;
  }

  void replace_observation(std::int64_t id, const std::string& at, bool retracted) override {
    c_.queue("UPDATE observations SET replaced_at = $1, retracted = $2 WHERE id = $3", {at, flag(retracted), p(id)});
  }

  std::vector<ObservationVersion> observation_history(std::string_view plan_id, std::string_view target_id) override {
    std::vector<ObservationVersion> out;
    each_row(c_.exec(std::string("SELECT date, value, numerator, denominator, ") +
                         (versioned() ? "recorded_at, replaced_at, retracted" : "NULL, NULL, 0") +
                         " FROM observations WHERE plan_id = $1 AND target_id = $2 ORDER BY date, id",
                     {p(plan_id), p(target_id)}),
             [&](const Row& s) {
               ObservationVersion v;
               v.observation = {std::string(plan_id), std::string(target_id), s.date(0), s.real(1), s.opt_real(2),
                                s.opt_real(3)};
               v.recorded_at = s.opt_text(4).value_or("");
               v.replaced_at = s.opt_text(5);
               v.retracted = s.flag(6);
               out.push_back(std::move(v));
             });
    return out;
  }

  void add_task_change(const TaskChange& c) override {
    const auto& u = c.update;
    c_.queue("INSERT INTO task_updates (plan_id, task_id, date, by_whom, old_status, new_status, old_progress, new_progress, "
            "completed_on, note, occurrence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            {u.plan_id, u.task_id, p(u.date), u.by, p(c.old_status), p(u.status), p(c.old_progress), p(u.progress),
             p(u.completed_on), p(u.note), p(u.occurrence)});
  }

  // One statement over the rows as arrays. An optional field travels tagged
  // ("N" for none, "V" and the value otherwise), so that a none and an empty
  // text stay apart in a text array.
  std::vector<std::size_t> held_task_updates(std::span<const TaskUpdate> rows) override {
    std::vector<std::size_t> out;
    if (rows.empty()) return out;
    const auto tagged = [](const Param& v) { return v ? "V" + *v : std::string("N"); };
    std::vector<std::string> plans, tasks, dates, occurrences, bys, statuses, progresses, completions, notes;
    for (const auto& u : rows) {
      plans.push_back(u.plan_id);
      tasks.push_back(u.task_id);
      dates.push_back(iso(u.date));
      occurrences.push_back(tagged(p(u.occurrence)));
      bys.push_back(u.by);
      statuses.push_back(*p(u.status));
      progresses.push_back(tagged(p(u.progress)));
      completions.push_back(tagged(p(u.completed_on)));
      notes.push_back(tagged(p(u.note)));
    }
    const auto same = [](const char* column, const char* key, const char* type) {
      return std::string("(CASE WHEN k.") + key + " = 'N' THEN t." + column + " IS NULL ELSE t." + column +
             " = substr(k." + key + ", 2)" + type + " END)";
    };
    const std::string sql =
        "SELECT k.i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
        "$8::text[], $9::text[]) WITH ORDINALITY AS k(plan_id, task_id, date, occurrence, by_whom, status, progress, "
        "completed_on, note, i) WHERE EXISTS (SELECT 1 FROM task_updates t WHERE t.plan_id = k.plan_id "
        "AND t.task_id = k.task_id AND t.date = k.date AND t.by_whom = k.by_whom AND t.new_status = k.status AND " +
        same("occurrence", "occurrence", "::bigint") + " AND " + same("new_progress", "progress", "::float8") + " AND " +
        same("completed_on", "completed_on", "") + " AND " + same("note", "note", "") + ") ORDER BY k.i";
    each_row(c_.exec(sql, {text_array(plans), text_array(tasks), text_array(dates), text_array(occurrences),
                           text_array(bys), text_array(statuses), text_array(progresses), text_array(completions),
                           text_array(notes)}),
             [&](const Row& s) { out.push_back(static_cast<std::size_t>(s.int64(0) - 1)); });
    return out;
  }

  bool has_manual_status(const ManualStatus& m) override {
    return c_.exec("SELECT 1 FROM manual_statuses WHERE plan_id = $1 AND kind = $2 AND item_id = $3 AND date = $4 "
                   "AND status = $5 AND reason = $6 AND by_whom = $7 LIMIT 1",
                   {m.plan_id, m.kind, m.item_id, p(m.date), m.status, m.reason, m.by})
               .rows() > 0;
  }

  void add_allocations(std::span<const Allocation> rows, const std::string& recorded_at) override {
    const bool timed = !rows.empty() && keyed_allocations();  // a store kept below schema 15 keeps no time
    for (const auto& a : rows) {
      if (timed) {
        c_.queue("INSERT INTO allocations (plan_id, year, source_id, agency_id, task_id, dated, amount, recorded_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {a.plan_id, p(a.year), a.source_id, a.agency_id, p(a.task_id), p(a.dated), p(a.amount), recorded_at});
      } else {
        c_.queue("INSERT INTO allocations (plan_id, year, source_id, agency_id, task_id, dated, amount) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {a.plan_id, p(a.year), a.source_id, a.agency_id, p(a.task_id), p(a.dated), p(a.amount)});
      }
    }
  }

  void add_allocation_versions(std::span<const AllocationVersion> rows) override {
    for (const auto& v : rows) {
      const auto& a = v.allocation;
      const Param recorded = v.recorded_at.empty() ? Param{} : Param{v.recorded_at};
      if (v.replaced_at) {
        c_.queue("INSERT INTO allocation_replacements (plan_id, year, source_id, agency_id, task_id, dated, amount, "
                "recorded_at, replaced_at, retracted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                {a.plan_id, p(a.year), a.source_id, a.agency_id, p(a.task_id), p(a.dated), p(a.amount), recorded,
                 *v.replaced_at, flag(v.retracted)});
      } else {
        c_.queue("INSERT INTO allocations (plan_id, year, source_id, agency_id, task_id, dated, amount, recorded_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {a.plan_id, p(a.year), a.source_id, a.agency_id, p(a.task_id), p(a.dated), p(a.amount), recorded});
      }
    }
  }

  // One statement for every key (arrays joined on the key's index; a task
  // of NULL matches no task).
  std::vector<std::pair<std::int64_t, Allocation>> holding_allocations(std::span<const Allocation> keys) override {
    std::vector<std::pair<std::int64_t, Allocation>> out;
    if (keys.empty()) return out;
    std::vector<std::string> plans, years, sources, agencies, tasks, dated;
    for (const auto& k : keys) {
      plans.push_back(k.plan_id);
      years.push_back(std::to_string(k.year));
      sources.push_back(k.source_id);
      agencies.push_back(k.agency_id);
      tasks.push_back(k.task_id.value_or(""));
      dated.push_back(iso(k.dated));
    }
    each_row(c_.exec("SELECT k.i, a.id, a.amount FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], "
                     "$6::text[]) WITH ORDINALITY AS k(plan_id, year, source_id, agency_id, task_id, dated, i) "
                     "JOIN allocations a ON a.plan_id = k.plan_id AND a.year = k.year AND a.source_id = k.source_id "
                     "AND a.agency_id = k.agency_id AND coalesce(a.task_id, '') = k.task_id AND a.dated = k.dated "
                     "ORDER BY k.i",
                     {text_array(plans), text_array(years), text_array(sources), text_array(agencies), text_array(tasks),
                      text_array(dated)}),
             [&](const Row& s) {
               Allocation a = keys[static_cast<std::size_t>(s.int64(0) - 1)];
               a.amount = s.money(2);
               out.push_back({s.int64(1), std::move(a)});
             });
    return out;
  }

  void replace_allocation(std::int64_t id, const std::string& at, bool retracted) override {
    c_.queue("WITH moved AS (DELETE FROM allocations WHERE id = $1 RETURNING plan_id, year, source_id, agency_id, task_id, "
            "dated, amount, recorded_at) INSERT INTO allocation_replacements (plan_id, year, source_id, agency_id, task_id, "
            "dated, amount, recorded_at, replaced_at, retracted) SELECT plan_id, year, source_id, agency_id, task_id, dated, "
            "amount, recorded_at, $2, $3 FROM moved",
            {p(id), at, flag(retracted)});
  }

  std::vector<AllocationVersion> allocation_history(std::string_view plan_id) override {
    std::vector<AllocationVersion> out;
    each_row(c_.exec("SELECT year, source_id, agency_id, task_id, dated, amount, recorded_at, replaced_at, retracted FROM ("
                     "SELECT year, source_id, agency_id, task_id, dated, amount, recorded_at, NULL AS replaced_at, "
                     "0 AS retracted, 1 AS part, id FROM allocations WHERE plan_id = $1 UNION ALL "
                     "SELECT year, source_id, agency_id, task_id, dated, amount, recorded_at, replaced_at, retracted, 0, id "
                     "FROM allocation_replacements WHERE plan_id = $1) AS v "
                     "ORDER BY year, source_id, agency_id, coalesce(task_id, ''), dated, part, id",
                     {p(plan_id)}),
             [&](const Row& s) {
               AllocationVersion v;
               v.allocation = {std::string(plan_id), s.integer(0), s.text(1), s.text(2), s.opt_text(3), s.date(4),
                               s.money(5)};
               v.recorded_at = s.opt_text(6).value_or("");
               v.replaced_at = s.opt_text(7);
               v.retracted = s.flag(8);
               out.push_back(std::move(v));
             });
    return out;
  }

  void add_expenditures(std::span<const Expenditure> rows, const std::string& recorded_at) override {
    const bool timed = !rows.empty() && keyed_expenditures();  // a store kept below schema 16 keeps no time nor voucher
    for (const auto& e : rows) {
      if (timed) {
        c_.queue("INSERT INTO expenditures (plan_id, date, source_id, agency_id, task_id, amount, voucher, recorded_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {e.plan_id, p(e.date), e.source_id, e.agency_id, p(e.task_id), p(e.amount), p(e.voucher), recorded_at});
      } else {
        c_.queue("INSERT INTO expenditures (plan_id, date, source_id, agency_id, task_id, amount) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                {e.plan_id, p(e.date), e.source_id, e.agency_id, p(e.task_id), p(e.amount)});
      }
    }
  }

  void add_expenditure_versions(std::span<const ExpenditureVersion> rows) override {
    for (const auto& v : rows) {
      const auto& e = v.expenditure;
      const Param recorded = v.recorded_at.empty() ? Param{} : Param{v.recorded_at};
      if (v.replaced_at) {
        c_.queue("INSERT INTO expenditure_replacements (plan_id, date, source_id, agency_id, task_id, amount, voucher, "
                "recorded_at, replaced_at, retracted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                {e.plan_id, p(e.date), e.source_id, e.agency_id, p(e.task_id), p(e.amount), p(e.voucher), recorded,
                 *v.replaced_at, flag(v.retracted)});
      } else {
        c_.queue("INSERT INTO expenditures (plan_id, date, source_id, agency_id, task_id, amount, voucher, recorded_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {e.plan_id, p(e.date), e.source_id, e.agency_id, p(e.task_id), p(e.amount), p(e.voucher), recorded});
      }
    }
  }

  // One statement for every key (arrays joined on the key's index; a task or
  // voucher of '' matches none: neither may be empty).
  std::vector<std::pair<std::int64_t, Expenditure>> holding_expenditures(std::span<const Expenditure> keys) override {
    std::vector<std::pair<std::int64_t, Expenditure>> out;
    if (keys.empty()) return out;
    std::vector<std::string> plans, dates, sources, agencies, tasks, amounts, vouchers;
    for (const auto& k : keys) {
      plans.push_back(k.plan_id);
      dates.push_back(iso(k.date));
      sources.push_back(k.source_id);
      agencies.push_back(k.agency_id);
      tasks.push_back(k.task_id.value_or(""));
      amounts.push_back(std::to_string(k.amount.value()));
      vouchers.push_back(k.voucher.value_or(""));
    }
    each_row(c_.exec("SELECT k.i, e.id, e.amount FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
                     "$6::bigint[], $7::text[]) WITH ORDINALITY AS k(plan_id, date, source_id, agency_id, task_id, amount, "
                     "voucher, i) JOIN expenditures e ON e.plan_id = k.plan_id AND e.date = k.date "
                     "AND e.source_id = k.source_id AND e.agency_id = k.agency_id AND coalesce(e.task_id, '') = k.task_id "
                     "AND coalesce(e.voucher, '') = k.voucher AND (k.voucher <> '' OR e.amount = k.amount) ORDER BY k.i",
                     {text_array(plans), text_array(dates), text_array(sources), text_array(agencies), text_array(tasks),
                      text_array(amounts), text_array(vouchers)}),
             [&](const Row& s) {
               Expenditure e = keys[static_cast<std::size_t>(s.int64(0) - 1)];
               e.amount = s.money(2);
               out.push_back({s.int64(1), std::move(e)});
             });
    return out;
  }

  void replace_expenditure(std::int64_t id, const std::string& at, bool retracted) override {
    c_.queue("WITH moved AS (DELETE FROM expenditures WHERE id = $1 RETURNING plan_id, date, source_id, agency_id, task_id, "
            "amount, voucher, recorded_at) INSERT INTO expenditure_replacements (plan_id, date, source_id, agency_id, "
            "task_id, amount, voucher, recorded_at, replaced_at, retracted) SELECT plan_id, date, source_id, agency_id, "
            "task_id, amount, voucher, recorded_at, $2, $3 FROM moved",
            {p(id), at, flag(retracted)});
  }

  std::vector<ExpenditureVersion> expenditure_history(std::string_view plan_id) override {
    std::vector<ExpenditureVersion> out;
    each_row(c_.exec("SELECT date, source_id, agency_id, task_id, amount, voucher, recorded_at, replaced_at, retracted FROM ("
                     "SELECT date, source_id, agency_id, task_id, amount, voucher, recorded_at, NULL AS replaced_at, "
                     "0 AS retracted, 1 AS part, id FROM expenditures WHERE plan_id = $1 UNION ALL "
                     "SELECT date, source_id, agency_id, task_id, amount, voucher, recorded_at, replaced_at, retracted, 0, id "
                     "FROM expenditure_replacements WHERE plan_id = $1) AS v "
                     "ORDER BY date, source_id, agency_id, coalesce(task_id, ''), coalesce(voucher, ''), "
                     "CASE WHEN voucher IS NULL THEN amount ELSE -1 END, part, id",
                     {p(plan_id)}),
             [&](const Row& s) {
               ExpenditureVersion v;
               v.expenditure = {std::string(plan_id), s.date(0), s.text(1), s.text(2), s.opt_text(3), s.money(4),
                                s.opt_text(5)};
               v.recorded_at = s.opt_text(6).value_or("");
               v.replaced_at = s.opt_text(7);
               v.retracted = s.flag(8);
               out.push_back(std::move(v));
             });
    return out;
  }

  void add_submissions(std::span<const ReportSubmission> rows, const std::string& recorded_at) override {
    const bool timed = !rows.empty() && keyed_submissions();  // a store kept below schema 14 keeps no time
    for (const auto& r : rows) {
      if (timed) {
        c_.queue("INSERT INTO report_submissions (plan_id, duty_id, reporter, period_start, period_end, submitted, recorded_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {r.plan_id, r.duty_id, r.reporter, p(r.period.start), p(r.period.end), p(r.submitted), recorded_at});
      } else {
        c_.queue("INSERT INTO report_submissions (plan_id, duty_id, reporter, period_start, period_end, submitted) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                {r.plan_id, r.duty_id, r.reporter, p(r.period.start), p(r.period.end), p(r.submitted)});
      }
    }
  }

  void add_submission_versions(std::span<const SubmissionVersion> rows) override {
    for (const auto& v : rows) {
      const auto& r = v.submission;
      const Param recorded = v.recorded_at.empty() ? Param{} : Param{v.recorded_at};
      if (v.retracted_at) {
        c_.queue("INSERT INTO submission_retractions (plan_id, duty_id, reporter, period_start, period_end, submitted, "
                "recorded_at, retracted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {r.plan_id, r.duty_id, r.reporter, p(r.period.start), p(r.period.end), p(r.submitted), recorded,
                 *v.retracted_at});
      } else {
        c_.queue("INSERT INTO report_submissions (plan_id, duty_id, reporter, period_start, period_end, submitted, "
                "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {r.plan_id, r.duty_id, r.reporter, p(r.period.start), p(r.period.end), p(r.submitted), recorded});
      }
    }
  }

  // One statement for every key (arrays joined on the key's index).
  std::vector<std::size_t> held_submissions(std::span<const ReportSubmission> keys) override {
    std::vector<std::size_t> out;
    if (keys.empty()) return out;
    std::vector<std::string> plans, duties, reporters, starts, days;
    for (const auto& k : keys) {
      plans.push_back(k.plan_id);
      duties.push_back(k.duty_id);
      reporters.push_back(k.reporter);
      starts.push_back(iso(k.period.start));
      days.push_back(iso(k.submitted));
    }
    each_row(c_.exec("SELECT k.i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY "
                     "AS k(plan_id, duty_id, reporter, period_start, submitted, i) WHERE EXISTS (SELECT 1 FROM "
                     "report_submissions s WHERE s.plan_id = k.plan_id AND s.duty_id = k.duty_id AND s.reporter = k.reporter "
                     "AND s.period_start = k.period_start AND s.submitted = k.submitted) ORDER BY k.i",
                     {text_array(plans), text_array(duties), text_array(reporters), text_array(starts), text_array(days)}),
             [&](const Row& s) { out.push_back(static_cast<std::size_t>(s.int64(0) - 1)); });
    return out;
  }

  bool retract_submission(const ReportSubmission& k, const std::string& at) override {
    return c_.exec("WITH moved AS (DELETE FROM report_submissions WHERE plan_id = $1 AND duty_id = $2 AND reporter = $3 "
                   "AND period_start = $4 AND submitted = $5 RETURNING plan_id, duty_id, reporter, period_start, period_end, "
                   "submitted, recorded_at) INSERT INTO submission_retractions (plan_id, duty_id, reporter, period_start, "
                   "period_end, submitted, recorded_at, retracted_at) SELECT plan_id, duty_id, reporter, period_start, "
                   "period_end, submitted, recorded_at, $6 FROM moved RETURNING 1",
                   {k.plan_id, k.duty_id, k.reporter, p(k.period.start), p(k.submitted), at})
               .rows() > 0;
  }

  std::vector<SubmissionVersion> submission_history(std::string_view plan_id) override {
    std::vector<SubmissionVersion> out;
    each_row(c_.exec("SELECT duty_id, reporter, period_start, period_end, submitted, recorded_at, retracted_at FROM ("
                     "SELECT duty_id, reporter, period_start, period_end, submitted, recorded_at, NULL AS retracted_at, "
                     "1 AS part, id FROM report_submissions WHERE plan_id = $1 UNION ALL "
                     "SELECT duty_id, reporter, period_start, period_end, submitted, recorded_at, retracted_at, 0, id "
                     "FROM submission_retractions WHERE plan_id = $1) AS v "
                     "ORDER BY duty_id, period_start, reporter, submitted, coalesce(recorded_at, ''), part, id",
                     {p(plan_id)}),
             [&](const Row& s) {
               SubmissionVersion v;
               v.submission = {std::string(plan_id), s.text(0), s.text(1), Period{s.date(2), s.date(3)}, s.date(4)};
               v.recorded_at = s.opt_text(5).value_or("");
               v.retracted_at = s.opt_text(6);
               out.push_back(std::move(v));
             });
    return out;
  }

  std::vector<Observation> observations(std::string_view plan_id, std::string_view target_id) override {
    std::vector<Observation> out;
    each_row(c_.exec(std::string("SELECT date, value, numerator, denominator FROM observations WHERE plan_id = $1 "
                                 "AND target_id = $2 ") +
                         (versioned() ? "AND replaced_at IS NULL " : "") + "ORDER BY date, id",
                     {p(plan_id), p(target_id)}),
             [&](const Row& s) {
               out.push_back({std::string(plan_id), std::string(target_id), s.date(0), s.real(1), s.opt_real(2), s.opt_real(3)});
             });
    return out;
  }

  std::size_t observation_count() override {
    return static_cast<std::size_t>(c_.exec(versioned() ? "SELECT count(*) FROM observations WHERE replaced_at IS NULL"
                                                        : "SELECT count(*) FROM observations").integer(0, 0));
  }

  std::vector<TaskChange> task_history(std::string_view plan_id, std::string_view task_id) override {
    std::vector<TaskChange> out;
    each_row(c_.exec("SELECT date, by_whom, old_status, new_status, old_progress, new_progress, completed_on, note, occurrence "
                     "FROM task_updates WHERE plan_id = $1 AND task_id = $2 ORDER BY id",
                     {p(plan_id), p(task_id)}),
             [&](const Row& s) {
               TaskChange c;
               c.update = TaskUpdate{std::string(plan_id), std::string(task_id), s.date(0), s.text(1),
                                     s.code<TaskStatus>(3), s.opt_real(5), s.opt_date(6), s.opt_text(7), s.opt_int(8)};
               c.old_status = s.code<TaskStatus>(2);
               c.old_progress = s.opt_real(4);
               out.push_back(std::move(c));
             });
    return out;
  }

  std::vector<Allocation> allocations(std::string_view plan_id) override {
    std::vector<Allocation> out;
    each_row(c_.exec("SELECT year, source_id, agency_id, task_id, dated, amount FROM allocations WHERE plan_id = $1 "
        "ORDER BY year, source_id, agency_id, coalesce(task_id, ''), dated, id",
                     {p(plan_id)}),
             [&](const Row& s) {
               out.push_back({std::string(plan_id), s.integer(0), s.text(1), s.text(2), s.opt_text(3), s.date(4), s.money(5)});
             });
    return out;
  }

  std::vector<Expenditure> expenditures(std::string_view plan_id) override {
    std::vector<Expenditure> out;
    each_row(c_.exec(keyed_expenditures()
                         ? "SELECT date, source_id, agency_id, task_id, amount, voucher FROM expenditures WHERE plan_id = $1 "
                           "ORDER BY date, source_id, agency_id, coalesce(task_id, ''), coalesce(voucher, ''), "
                           "CASE WHEN voucher IS NULL THEN amount ELSE -1 END, id"
                         : "SELECT date, source_id, agency_id, task_id, amount, NULL::text FROM expenditures "
                           "WHERE plan_id = $1 ORDER BY date, id",
                     {p(plan_id)}),
             [&](const Row& s) {
               out.push_back({std::string(plan_id), s.date(0), s.text(1), s.text(2), s.opt_text(3), s.money(4),
                              s.opt_text(5)});
             });
    return out;
  }

  std::vector<ReportSubmission> submissions(std::string_view plan_id) override {
    std::vector<ReportSubmission> out;
    each_row(c_.exec("SELECT duty_id, reporter, period_start, period_end, submitted FROM report_submissions "
                     "WHERE plan_id = $1 ORDER BY duty_id, period_start, reporter, submitted, id",
                     {p(plan_id)}),
             [&](const Row& s) {
               out.push_back({std::string(plan_id), s.text(0), s.text(1), Period{s.date(2), s.date(3)}, s.date(4)});
             });
    return out;
  }

  engine::PlanRecords as_of(const std::string& plan_id, Date as_of, const std::optional<std::string>& known_at) override {
    return std::move(as_of_many(std::span<const std::string>(&plan_id, 1), as_of, known_at).front());
  }

  // One statement per table for all the plans (the plan id read first), all
  // sent in one round trip (Connection::prefetch). With `known_at` (schema
  // 15, the caller checked), the observations, submissions and allocations
  // that held at that time ($3): recorded by then, or before the schema kept
  // a time, and not replaced or retracted by then.
  std::vector<engine::PlanRecords> as_of_many(std::span<const std::string> plan_ids, Date as_of,
                                              const std::optional<std::string>& known_at) override {
    std::vector<engine::PlanRecords> out(plan_ids.size());
    const PlanWindow window(plan_ids);
    using Reader = std::function<void(const std::string& plan_id, engine::PlanRecords&, const Row&)>;
    const bool versioned = this->versioned();
    const bool known = known_at.has_value();
    // Every statement gets the same parameters, and PostgreSQL cannot type
    // one a statement never names: the tables that keep no record time name
    // $3 in a condition that always holds.
    const std::string untimed = known ? " AND $3::text IS NOT NULL" : "";
    const std::string task_updates = "SELECT plan_id, task_id, date, new_status, new_progress, completed_on, occurrence "
                                     "FROM task_updates WHERE plan_id = ANY($1::text[]) AND date <= $2" + untimed +
                                     " ORDER BY plan_id, task_id, date, id";
    const std::string manual_statuses = "SELECT plan_id, kind, item_id, status, reason, by_whom, date FROM manual_statuses "
                                        "WHERE plan_id = ANY($1::text[]) AND date <= $2" + untimed +
                                        " ORDER BY plan_id, date, id";
    // Expenditures known at a time from schema 16 (a store kept at 15 has
    // no record times for them, and all of them count).
    const std::string expenditures =
        known && keyed_expenditures()
            ? "SELECT plan_id, date, source_id, agency_id, task_id, amount FROM expenditures "
              "WHERE plan_id = ANY($1::text[]) AND date <= $2 AND (recorded_at IS NULL OR recorded_at <= $3) "
              "UNION ALL SELECT plan_id, date, source_id, agency_id, task_id, amount FROM expenditure_replacements "
              "WHERE plan_id = ANY($1::text[]) AND date <= $2 AND (recorded_at IS NULL OR recorded_at <= $3) "
              "AND replaced_at > $3 ORDER BY 1"
            : "SELECT plan_id, date, source_id, agency_id, task_id, amount FROM expenditures "
              "WHERE plan_id = ANY($1::text[]) AND date <= $2" + untimed + " ORDER BY plan_id, id";
    const std::pair<const char*, Reader> reads[] = {
        {known ? "SELECT plan_id, target_id, date, value, numerator, denominator FROM observations "
                 "WHERE plan_id = ANY($1::text[]) AND date <= $2 AND (recorded_at IS NULL OR recorded_at <= $3) "
                 "AND (replaced_at IS NULL OR replaced_at > $3) ORDER BY plan_id, target_id, date, id"
         : versioned ? "SELECT plan_id, target_id, date, value, numerator, denominator FROM observations "
                     "WHERE plan_id = ANY($1::text[]) AND date <= $2 AND replaced_at IS NULL ORDER BY plan_id, target_id, date, id"
                   : "SELECT plan_id, target_id, date, value, numerator, denominator FROM observations "
                     "WHERE plan_id = ANY($1::text[]) AND date <= $2 ORDER BY plan_id, target_id, date, id",
         [](const std::string&, engine::PlanRecords& r, const Row& s) {
           r.observations.push_back({s.text(0), s.date(1), s.real(2), s.opt_real(3), s.opt_real(4)});
         }},
        {task_updates.c_str(),
         [](const std::string&, engine::PlanRecords& r, const Row& s) {
           r.task_updates.push_back({s.text(0), s.date(1), s.code<TaskStatus>(2), s.opt_real(3), s.opt_date(4), s.opt_int(5)});
         }},
        {manual_statuses.c_str(),
         [](const std::string& plan_id, engine::PlanRecords& r, const Row& s) {
           r.manual_statuses.push_back(ManualStatus{plan_id, s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.date(5)});
         }},
        {known ? "SELECT plan_id, duty_id, reporter, period_start, submitted FROM report_submissions "
                 "WHERE plan_id = ANY($1::text[]) AND submitted <= $2 AND (recorded_at IS NULL OR recorded_at <= $3) "
                 "UNION ALL SELECT plan_id, duty_id, reporter, period_start, submitted FROM submission_retractions "
                 "WHERE plan_id = ANY($1::text[]) AND submitted <= $2 AND (recorded_at IS NULL OR recorded_at <= $3) "
                 "AND retracted_at > $3 ORDER BY 1"
               : "SELECT plan_id, duty_id, reporter, period_start, submitted FROM report_submissions "
                 "WHERE plan_id = ANY($1::text[]) AND submitted <= $2 ORDER BY plan_id, id",
         [](const std::string&, engine::PlanRecords& r, const Row& s) {
           r.submissions.push_back({s.text(0), s.text(1), s.date(2), s.date(3)});
         }},
        // Known at a time: a replaced row before a held one of the same day,
        // as the upgrade to 15 kept the last recorded of a key holding.
        {known ? "SELECT plan_id, year, source_id, agency_id, task_id, dated, amount FROM (SELECT plan_id, year, "
                 "source_id, agency_id, task_id, dated, amount, 1 AS held, id FROM allocations "
                 "WHERE plan_id = ANY($1::text[]) AND dated <= $2 AND (recorded_at IS NULL OR recorded_at <= $3) "
                 "UNION ALL SELECT plan_id, year, source_id, agency_id, task_id, dated, amount, 0, id "
                 "FROM allocation_replacements WHERE plan_id = ANY($1::text[]) AND dated <= $2 "
                 "AND (recorded_at IS NULL OR recorded_at <= $3) AND replaced_at > $3) x ORDER BY plan_id, dated, held, id"
               : "SELECT plan_id, year, source_id, agency_id, task_id, dated, amount FROM allocations "
                 "WHERE plan_id = ANY($1::text[]) AND dated <= $2 ORDER BY plan_id, dated, id",
         [](const std::string&, engine::PlanRecords& r, const Row& s) {
           r.allocations.push_back({s.integer(0), s.text(1), s.text(2), s.opt_text(3), s.date(4), s.money(5)});
         }},
        {expenditures.c_str(),
         [](const std::string&, engine::PlanRecords& r, const Row& s) {
           r.expenditures.push_back({s.date(0), s.text(1), s.text(2), s.opt_text(3), s.money(4)});
         }},
    };
    std::vector<const char*> sqls;
    for (const auto& read : reads) sqls.push_back(read.first);
    std::vector<Param> args{text_array(plan_ids), p(as_of)};
    if (known) args.push_back(p(*known_at));
    window.read(c_, sqls, args, "a record",
                [&](std::size_t k, std::size_t at, const Row& row) { reads[k].second(plan_ids[at], out[at], row); });
    for (std::size_t i = 0; i < plan_ids.size(); ++i) {
      const std::size_t first = window.first_of(i);
      if (first != i) out[i] = out[first];
    }
    return out;
  }

  bool has_item(const std::string& plan_id, const std::string& kind, const std::string& item_id) override {
    return c_.exec(kind == "target" ? "SELECT 1 FROM targets WHERE plan_id = $1 AND id = $2"
                                    : "SELECT 1 FROM tasks WHERE plan_id = $1 AND id = $2",
                   {plan_id, item_id})
               .rows() > 0;
  }

  void add_manual_status(const ManualStatus& m) override {
    c_.queue("INSERT INTO manual_statuses (plan_id, kind, item_id, status, reason, by_whom, date) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {m.plan_id, m.kind, m.item_id, m.status, m.reason, m.by, p(m.date)});
  }

 private:
  Connection& c_;
};

// The meta key that says the table was filled by this library's expansion,
// and its version (the SQLite adapter's: bump both when expected_reports_of changes).
constexpr const char* meta_key = "expected_reports";
constexpr const char* meta_version = "1";

// One plan's (m.id) kept reports due by $2, those received by then, and
// those on time by the engine's rule passed as $3 … $8 (indexed by rule and by
// how the first submission compares with the deadline).
const std::string plan_counts =
    "CROSS JOIN LATERAL (SELECT count(*) AS expected, "
    "count(*) FILTER (WHERE e.first_submitted <= $2) AS received, "
    "count(*) FILTER (WHERE e.first_submitted <= $2 AND CASE "
    "(CASE WHEN e.first_submitted > e.deadline THEN 1 WHEN e.first_submitted < e.deadline THEN -1 ELSE 0 END) "
    "+ (CASE WHEN e.rule = 'by' THEN 3 ELSE 0 END) "
    "WHEN -1 THEN $3::boolean WHEN 0 THEN $4::boolean WHEN 1 THEN $5::boolean WHEN 2 THEN $6::boolean "
    "WHEN 3 THEN $7::boolean ELSE $8::boolean END) AS on_time "
    "FROM expected_reports e WHERE e.plan_id = m.id AND e.deadline <= $2) x ";

class PgExpectedReports final : public store_port::ExpectedReportRepository {
 public:
  explicit PgExpectedReports(Connection& c) : c_(c) {}
  bool current() override { return read_meta(c_, meta_key) == meta_version; }
  void mark_current() override { write_meta(c_, meta_key, meta_version); }
  void forget() override { erase_meta(c_, meta_key); }
  void clear() override { c_.exec("DELETE FROM expected_reports"); }

  void add(std::string_view plan_id, std::span<const engine::ExpectedReport> reports) override {
    const Param id = p(plan_id);
    for (const auto& e : reports) {
      c_.queue("INSERT INTO expected_reports (plan_id, duty_id, reporter, period_start, period_end, deadline, rule, "
              "first_submitted) VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT min(submitted) FROM report_submissions "
              "WHERE plan_id = $1 AND duty_id = $2 AND reporter = $3 AND period_start = $4)) "
              "ON CONFLICT (plan_id, duty_id, reporter, period_start) DO UPDATE SET period_end = EXCLUDED.period_end, "
              "deadline = EXCLUDED.deadline, rule = EXCLUDED.rule, first_submitted = EXCLUDED.first_submitted",
              {id, e.duty_id, e.reporter, p(e.period.start), p(e.period.end), p(e.deadline), p(e.rule)});
    }
  }

  void note(std::span<const ReportSubmission> rows) override {
    // The first submission is the earliest: a later-recorded earlier one replaces it.
    for (const auto& r : rows) {
      c_.queue("UPDATE expected_reports SET first_submitted = $5 WHERE plan_id = $1 AND duty_id = $2 AND reporter = $3 "
              "AND period_start = $4 AND (first_submitted IS NULL OR first_submitted > $5)",
              {r.plan_id, r.duty_id, r.reporter, p(r.period.start), p(r.submitted)});
    }
  }

  std::vector<engine::UnitReportingCount> counts(std::string_view unit, Date as_of,
                                                 const std::array<bool, 6>& on_time) override {
    // On time by the engine's rule, passed as a table indexed by rule and by
    // how the first submission compares with the deadline ($3 … $8).
    std::vector<Param> args{p(unit), p(as_of)};
    for (const bool b : on_time) args.emplace_back(b ? "true" : "false");
    std::vector<engine::UnitReportingCount> units;
    // The subtree's plans first (MATERIALIZED), then each plan's expected
    // reports through its key: the planner cannot estimate the recursive
    // subtree, and joined the whole table before filtering (80 ms a province
    // on the national benchmark, against 3 ms this way).
    each_row(c_.exec(std::string(subtree_cte) +
                         ", mine AS MATERIALIZED (SELECT p.id, p.unit FROM plans p WHERE p.unit IN (SELECT code FROM sub)) "
                         "SELECT m.unit, count(*), sum(x.expected), sum(x.received), sum(x.on_time) FROM mine m " +
                         plan_counts + "GROUP BY m.unit ORDER BY m.unit",
                     args),
             [&](const Row& s) { units.push_back({s.text(0), s.int64(1), s.int64(2), s.int64(3), s.int64(4)}); });
    return units;
  }

  std::vector<engine::UnitReportingCount> counts_of_plans(std::span<const std::string> plan_ids, Date as_of,
                                                          const std::array<bool, 6>& on_time) override {
    std::vector<Param> args{text_array(plan_ids), p(as_of)};
    for (const bool b : on_time) args.emplace_back(b ? "true" : "false");
    std::map<std::string, engine::UnitReportingCount, std::less<>> by_id;
    each_row(c_.exec("SELECT m.id, x.expected, x.received, x.on_time FROM plans m " + plan_counts +
                         "WHERE m.id = ANY($1::text[])",
                     args),
             [&](const Row& s) {
               auto id = s.text(0);
               by_id[id] = {id, 1, s.int64(1), s.int64(2), s.int64(3)};
             });
    return store_port::in_order(plan_ids, by_id);
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<store_port::RecordRepository> make_record_repository(Connection& c) { return std::make_unique<PgRecords>(c); }

std::unique_ptr<store_port::ExpectedReportRepository> make_expected_report_repository(Connection& c) {
  return std::make_unique<PgExpectedReports>(c);
}

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
