// The PostgreSQL repository of plans: a plan document's rows in the plan tables.

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

// What a plan's amendment keeps while its rows are replaced (decision 0026):
// every row recorded under the plan, copied into a temporary table before
// the plan's rows are removed and written back after the amended plan's are
// inserted. The SQLite adapter keeps the same list (each adapter owns its SQL).
struct KeptTable {
  const char* table;
  const char* where;  ///< with `{id}` where the plan id goes
  int since;          ///< the schema version the table (or its column) came with
};

/// In the order they are written back: each after what it refers to.
constexpr KeptTable kept_tables[] = {
    {"agencies", "plan_id = {id} AND joined_by IS NOT NULL", 10},
    {"agency_aliases",
     "plan_id = {id} AND agency_id IN (SELECT id FROM agencies WHERE plan_id = {id} AND joined_by IS NOT NULL)", 10},
    {"agency_successions", "plan_id = {id}", 10},
    {"agency_handovers", "plan_id = {id}", 10},
    {"agency_handover_items", "plan_id = {id}", 10},
    {"observations", "plan_id = {id}", 1},
    {"task_updates", "plan_id = {id}", 1},
    {"allocations", "plan_id = {id}", 1},
    {"allocation_replacements", "plan_id = {id}", 15},
    {"expenditures", "plan_id = {id}", 1},
    {"expenditure_replacements", "plan_id = {id}", 16},
    {"report_submissions", "plan_id = {id}", 1},
    {"submission_retractions", "plan_id = {id}", 14},
    {"manual_statuses", "plan_id = {id}", 4},
    {"plan_revisions", "plan_id = {id}", 12},
};

/// The statements that copy the kept rows aside: `(sql, binds the plan id)`.
std::vector<std::pair<std::string, bool>> keep_statements(int version, std::string_view param) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& k : kept_tables) {
    if (version < k.since) continue;
    const std::string keep = std::string("kh_keep_") + k.table;
    std::string where = k.where;
    for (std::size_t at = where.find("{id}"); at != std::string::npos; at = where.find("{id}")) {
      where.replace(at, 4, param);
    }
    out.emplace_back("CREATE TEMP TABLE " + keep + " AS SELECT * FROM " + k.table + " WHERE 1 = 0", false);
    out.emplace_back("INSERT INTO " + keep + " SELECT * FROM " + k.table + " WHERE " + where, true);
  }
  return out;
}

/// The statements that write the kept rows back and drop the copies.
std::vector<std::string> restore_statements(int version) {
  std::vector<std::string> out;
  for (const auto& k : kept_tables) {
    if (version < k.since) continue;
    const std::string keep = std::string("kh_keep_") + k.table;
    out.push_back(std::string("INSERT INTO ") + k.table + " SELECT * FROM " + keep);
    out.push_back("DROP TABLE " + keep);
  }
  return out;
}


class PgPlans final : public store_port::PlanRepository {
 public:
  explicit PgPlans(Connection& c) : c_(c) {}

  bool exists(std::string_view plan_id) override {
    return c_.exec("SELECT 1 FROM plans WHERE id = $1", {p(plan_id)}).rows() > 0;
  }

  std::vector<std::string> ids() override {
    std::vector<std::string> out;
    each_row(c_.exec("SELECT id FROM plans ORDER BY id"), [&](const Row& r) { out.push_back(r.text(0)); });
    return out;
  }

  void insert(const Plan& plan) override {
    const std::string& id = plan.id;
    c_.queue("INSERT INTO plans (id, number, document_type, kind, title, summary, issuer, place, issue_date, "
            "issue_date_as_written, effective_date, status, level, unit, period_start, period_end, programme, "
            "general_objective, signatory) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
            "$16, $17, $18, $19)",
            {id, p(plan.number), p(plan.document_type), p(plan.kind), plan.title, p(plan.summary), plan.issuer,
             p(plan.place), p(plan.issue_date), p(plan.issue_date_as_written), p(plan.effective_date), p(plan.status),
             p(plan.level), plan.unit, p(plan.period.start), p(plan.period.end), p(plan.programme),
             p(plan.general_objective), p(plan.signatory)});
    for (auto [list, values] : {std::pair{"purposes", &plan.purposes}, std::pair{"requirements", &plan.requirements},
                                std::pair{"recipients", &plan.recipients}, std::pair{"notes", &plan.notes},
                                std::pair{"amends", &plan.amends}, std::pair{"supersedes", &plan.supersedes}}) {
      for (std::size_t i = 0; i < values->size(); ++i) {
        c_.queue("INSERT INTO plan_texts (plan_id, list, ord, value) VALUES ($1, $2, $3, $4)",
                {id, p(list), p(i), (*values)[i]});
      }
    }
    const bool as_written = units_as_written();
    for (std::size_t i = 0; i < plan.units.size(); ++i) {
      const auto& u = plan.units[i];
      if (as_written) {
        c_.queue("INSERT INTO plan_units (plan_id, ord, code, name, level, parent, valid_from, valid_to, successor) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                 {id, p(i), u.code, u.name, p(u.level), p(u.parent), p(u.valid_from), p(u.valid_to), p(u.successor)});
      } else {
        c_.queue("INSERT INTO plan_units (plan_id, ord, code) VALUES ($1, $2, $3)", {id, p(i), u.code});
      }
    }
    for (std::size_t i = 0; i < plan.legal_bases.size(); ++i) {
      const auto& b = plan.legal_bases[i];
      c_.queue("INSERT INTO legal_bases (plan_id, ord, kind, number, date, date_as_written, issuer, title, relation, "
              "parent_plan) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
              {id, p(i), p(b.kind), b.number, p(b.date), p(b.date_as_written), p(b.issuer), p(b.title), p(b.relation),
               p(b.parent_plan)});
    }
    for (std::size_t i = 0; i < plan.agencies.size(); ++i) {
      const auto& a = plan.agencies[i];
      auto row = agency_row(id, a);
      row.push_back(p(i));
      c_.queue("INSERT INTO agencies (plan_id, id, name, short_name, kind, level, unit, parent, valid_from, valid_to, ord) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              row);
      queue_aliases(id, a);
    }
    for (std::size_t i = 0; i < plan.funding_sources.size(); ++i) {
      const auto& f = plan.funding_sources[i];
      c_.queue("INSERT INTO funding_sources (plan_id, id, ord, kind, description) VALUES ($1, $2, $3, $4, $5)",
              {id, f.id, p(i), p(f.kind), p(f.description)});
    }
    for (std::size_t i = 0; i < plan.annual_funding.size(); ++i) {
      const auto& f = plan.annual_funding[i];
      c_.queue("INSERT INTO annual_funding (plan_id, ord, year, source, amount, ethnic_minority_mountainous, "
              "extreme_difficulty) VALUES ($1, $2, $3, $4, $5, $6, $7)",
              {id, p(i), p(f.year), f.source, p(f.amount), p(f.ethnic_minority_mountainous), p(f.extreme_difficulty)});
    }
    for (std::size_t i = 0; i < plan.targets.size(); ++i) {
      const auto& t = plan.targets[i];
      c_.queue("INSERT INTO targets (plan_id, id, ord, code, indicator, description, source_text, comparator, unit, "
              "baseline_value, baseline_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              {id, t.id, p(i), t.code, p(t.indicator), t.description, p(t.source_text), p(t.comparator), p(t.unit),
               t.baseline ? p(t.baseline->value) : Param{}, t.baseline ? p(t.baseline->date) : Param{}});
      for (std::size_t k = 0; k < t.milestones.size(); ++k) {
        const auto& m = t.milestones[k];
        c_.queue("INSERT INTO milestones (plan_id, target_id, ord, date, value, open_ended, as_written) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {id, t.id, p(k), p(m.date), p(m.value), flag(m.open_ended), p(m.as_written)});
      }
    }
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const auto& t = plan.tasks[i];
      const auto& rec = t.recurrence;
      c_.queue("INSERT INTO tasks (plan_id, id, ord, parent, section, title, text, lead, due, rec_month, rec_day, "
              "rec_from_year, rec_to_year, status, progress, completed_on, weight) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
              {id, t.id, p(i), p(t.parent), t.section, t.title, p(t.text), p(t.lead), p(t.due),
               rec ? p(static_cast<unsigned>(rec->due.month)) : Param{}, rec ? p(static_cast<unsigned>(rec->due.day)) : Param{},
               rec ? p(rec->from_year) : Param{}, rec ? p(rec->to_year) : Param{}, p(t.status), p(t.progress),
               p(t.completed_on), p(t.weight)});
      for (std::size_t k = 0; k < t.collaborators.size(); ++k) {
        c_.queue("INSERT INTO task_collaborators (plan_id, task_id, ord, agency_id) VALUES ($1, $2, $3, $4)",
                {id, t.id, p(k), t.collaborators[k]});
      }
    }
    for (std::size_t i = 0; i < plan.reporting_duties.size(); ++i) {
      const auto& d = plan.reporting_duties[i];
      const auto& dl = d.deadline;
      c_.queue("INSERT INTO reporting_duties (plan_id, id, ord, recipient, via, period, deadline_rule, deadline_day, "
              "deadline_month, deadline_year_offset, as_written) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              {id, d.id, p(i), d.recipient, p(d.via), p(d.period), dl ? p(dl->rule) : Param{},
               dl ? p(static_cast<unsigned>(dl->day_month.day)) : Param{},
               dl ? p(static_cast<unsigned>(dl->day_month.month)) : Param{}, dl ? p(dl->year_offset) : Param{},
               p(d.as_written)});
      for (std::size_t k = 0; k < d.reporters.size(); ++k) {
        c_.queue("INSERT INTO duty_reporters (plan_id, duty_id, ord, agency_id) VALUES ($1, $2, $3, $4)",
                {id, d.id, p(k), d.reporters[k]});
      }
      for (std::size_t k = 0; k < d.sub_periods.size(); ++k) {
        c_.queue("INSERT INTO duty_sub_periods (plan_id, duty_id, ord, idx) VALUES ($1, $2, $3, $4)",
                {id, d.id, p(k), p(d.sub_periods[k])});
      }
    }
    for (std::size_t i = 0; i < plan.events.size(); ++i) {
      const auto& e = plan.events[i];
      c_.queue("INSERT INTO events (plan_id, id, ord, name, start_day, start_month, end_day, end_month, from_year, "
              "to_year, as_written) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              {id, e.id, p(i), e.name, p(static_cast<unsigned>(e.start.day)), p(static_cast<unsigned>(e.start.month)),
               p(static_cast<unsigned>(e.end.day)), p(static_cast<unsigned>(e.end.month)), p(e.from_year), p(e.to_year),
               p(e.as_written)});
    }
  }

  Plan load(std::string_view plan_id, store_port::PlanParts parts) override {
    const std::string id(plan_id);
    return std::move(load_many(std::span<const std::string>(&id, 1), parts).front());
  }

  // One statement per table for all the plans (the plan id read first), all
  // sent in one round trip (Connection::prefetch).
  std::vector<Plan> load_many(std::span<const std::string> plan_ids, store_port::PlanParts parts) override {
    const bool all = parts == store_port::PlanParts::all;
    struct Building {
      Plan plan;
      bool found = false;
      std::map<std::string, std::size_t, std::less<>> agencies, targets, tasks, duties;
    };
    std::vector<Building> built(plan_ids.size());
    const PlanWindow window(plan_ids);
    using Reader = std::function<void(Building&, const Row&)>;
    std::vector<std::pair<const char*, Reader>> reads;
    reads.emplace_back(
        "SELECT id, id, number, document_type, kind, title, summary, issuer, place, issue_date, issue_date_as_written, "
        "effective_date, status, level, unit, period_start, period_end, programme, general_objective, signatory "
        "FROM plans WHERE id = ANY($1::text[])",
        [](Building& b, const Row& s) {
          Plan& plan = b.plan;
          b.found = true;
          plan.id = s.text(0);
          plan.number = s.opt_text(1);
          plan.document_type = s.code<DocumentKind>(2);
          plan.kind = s.code<PlanKind>(3);
          plan.title = s.text(4);
          plan.summary = s.opt_text(5);
          plan.issuer = s.text(6);
          plan.place = s.opt_text(7);
          plan.issue_date = s.opt_date(8);
          plan.issue_date_as_written = s.opt_text(9);
          plan.effective_date = s.opt_date(10);
          plan.status = s.code<PlanStatus>(11);
          plan.level = s.code<Level>(12);
          plan.unit = s.text(13);
          plan.period = Period{s.date(14), s.date(15)};
          plan.programme = s.opt_text(16);
          plan.general_objective = s.opt_text(17);
          plan.signatory = s.opt_text(18);
        });
    if (all) {
      reads.emplace_back("SELECT plan_id, list, value FROM plan_texts WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, list, ord",
                         [](Building& b, const Row& s) {
                           auto& plan = b.plan;
                           const std::pair<const char*, std::vector<std::string>*> lists[] = {
                               {"purposes", &plan.purposes}, {"requirements", &plan.requirements},
                               {"recipients", &plan.recipients}, {"notes", &plan.notes},
                               {"amends", &plan.amends},     {"supersedes", &plan.supersedes}};
                           for (const auto& [name, list] : lists) {
                             if (s.view(0) == name) {
                               list->push_back(s.text(1));
                               return;
                             }
                           }
                           throw CorruptStore("the store holds a plan text list '" + s.text(0) + "'");
                         });
      // From schema 9 a plan keeps its units as it names them (a row written
      // by a handle kept at version 8 has no name, and takes the store's row).
      reads.emplace_back(
          units_as_written()
              ? "SELECT pu.plan_id, pu.code, CASE WHEN pu.name IS NULL THEN u.name ELSE pu.name END, "
                "CASE WHEN pu.name IS NULL THEN u.level ELSE pu.level END, "
                "CASE WHEN pu.name IS NULL THEN u.parent ELSE pu.parent END, "
                "CASE WHEN pu.name IS NULL THEN u.valid_from ELSE pu.valid_from END, "
                "CASE WHEN pu.name IS NULL THEN u.valid_to ELSE pu.valid_to END, "
                "CASE WHEN pu.name IS NULL THEN u.successor ELSE pu.successor END FROM plan_units pu "
                "JOIN admin_units u ON u.code = pu.code WHERE pu.plan_id = ANY($1::text[]) ORDER BY pu.plan_id, pu.ord"
              : "SELECT pu.plan_id, u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to, u.successor FROM plan_units pu "
                "JOIN admin_units u ON u.code = pu.code WHERE pu.plan_id = ANY($1::text[]) ORDER BY pu.plan_id, pu.ord",
          [](Building& b, const Row& s) {
            b.plan.units.push_back({s.text(0), s.text(1), s.code<Level>(2), s.opt_text(3), s.opt_date(4), s.opt_date(5),
                                    s.opt_text(6)});
          });
      reads.emplace_back(
          "SELECT plan_id, kind, number, date, date_as_written, issuer, title, relation, parent_plan FROM legal_bases "
          "WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, ord",
          [](Building& b, const Row& s) {
            b.plan.legal_bases.push_back({s.code<DocumentKind>(0), s.text(1), s.opt_date(2), s.opt_text(3), s.opt_text(4),
                                          s.opt_text(5), s.code<LegalRelation>(6), s.opt_text(7)});
          });
    }
    // The plan document's own agencies: not those a succession brought in.
    const bool over_time = agencies_over_time();
    reads.emplace_back(
        over_time ? "SELECT plan_id, id, name, short_name, kind, level, unit, parent, valid_from, valid_to FROM agencies "
                    "WHERE plan_id = ANY($1::text[]) AND joined_by IS NULL ORDER BY plan_id, ord"
                  : "SELECT plan_id, id, name, short_name, kind, level, unit, parent, valid_from, valid_to FROM agencies "
                    "WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, ord",
        [](Building& b, const Row& s) {
          Agency a = agency_of(s, 0);
          b.agencies[a.id] = b.plan.agencies.size();
          b.plan.agencies.push_back(std::move(a));
        });
    if (all) {
      reads.emplace_back(
          over_time ? "SELECT l.plan_id, l.agency_id, l.alias FROM agency_aliases l JOIN agencies g ON g.plan_id = l.plan_id "
                      "AND g.id = l.agency_id WHERE l.plan_id = ANY($1::text[]) AND g.joined_by IS NULL "
                      "ORDER BY l.plan_id, l.agency_id, l.ord"
                    : "SELECT plan_id, agency_id, alias FROM agency_aliases WHERE plan_id = ANY($1::text[]) "
                      "ORDER BY plan_id, agency_id, ord",
          [](Building& b, const Row& s) { b.plan.agencies[index_of(b.agencies, s.view(0))].aliases.push_back(s.text(1)); });
    }
    reads.emplace_back("SELECT plan_id, id, kind, description FROM funding_sources WHERE plan_id = ANY($1::text[]) "
                       "ORDER BY plan_id, ord",
                       [](Building& b, const Row& s) {
                         b.plan.funding_sources.push_back({s.text(0), s.code<FundingKind>(1), s.opt_text(2)});
                       });
    if (all) {
      reads.emplace_back(
          "SELECT plan_id, year, source, amount, ethnic_minority_mountainous, extreme_difficulty FROM annual_funding "
          "WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, ord",
          [](Building& b, const Row& s) {
            b.plan.annual_funding.push_back({s.integer(0), s.text(1), s.money(2), s.opt_money(3), s.opt_money(4)});
          });
    }
    reads.emplace_back(
        "SELECT plan_id, id, code, indicator, description, source_text, comparator, unit, baseline_value, baseline_date "
        "FROM targets WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, ord",
        [](Building& b, const Row& s) {
          Target t;
          t.id = s.text(0);
          t.code = s.text(1);
          t.indicator = s.integer(2);
          t.description = s.text(3);
          t.source_text = s.opt_text(4);
          t.comparator = s.code<Comparator>(5);
          t.unit = s.code<TargetUnit>(6);
          if (!s.null(7)) t.baseline = Baseline{s.real(7), s.date(8)};
          b.targets[t.id] = b.plan.targets.size();
          b.plan.targets.push_back(std::move(t));
        });
    reads.emplace_back(
        "SELECT plan_id, target_id, date, value, open_ended, as_written FROM milestones WHERE plan_id = ANY($1::text[]) "
        "ORDER BY plan_id, target_id, ord",
        [](Building& b, const Row& s) {
          b.plan.targets[index_of(b.targets, s.view(0))].milestones.push_back({s.date(1), s.real(2), s.flag(3), s.opt_text(4)});
        });
    reads.emplace_back(
        "SELECT plan_id, id, parent, section, title, text, lead, due, rec_month, rec_day, rec_from_year, rec_to_year, "
        "status, progress, completed_on, weight FROM tasks WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, ord",
        [](Building& b, const Row& s) {
          Task t;
          t.id = s.text(0);
          t.parent = s.opt_text(1);
          t.section = s.text(2);
          t.title = s.text(3);
          t.text = s.opt_text(4);
          t.lead = s.opt_text(5);
          t.due = s.opt_date(6);
          if (!s.null(7)) {
            t.recurrence = YearlyRecurrence{
                DayMonth{static_cast<unsigned>(s.integer(8)), static_cast<unsigned>(s.integer(7))}, s.opt_int(9),
                s.opt_int(10)};
          }
          t.status = s.code<TaskStatus>(11);
          t.progress = s.opt_real(12);
          t.completed_on = s.opt_date(13);
          t.weight = s.opt_real(14);
          b.tasks[t.id] = b.plan.tasks.size();
          b.plan.tasks.push_back(std::move(t));
        });
    reads.emplace_back(
        "SELECT plan_id, task_id, agency_id FROM task_collaborators WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, task_id, ord",
        [](Building& b, const Row& s) { b.plan.tasks[index_of(b.tasks, s.view(0))].collaborators.push_back(s.text(1)); });
    reads.emplace_back(
        "SELECT plan_id, id, recipient, via, period, deadline_rule, deadline_day, deadline_month, deadline_year_offset, "
        "as_written FROM reporting_duties WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, ord",
        [](Building& b, const Row& s) {
          ReportingDuty d;
          d.id = s.text(0);
          d.recipient = s.text(1);
          d.via = s.opt_text(2);
          d.period = s.code<PeriodType>(3);
          if (!s.null(4)) {
            d.deadline = Deadline{s.code<DeadlineRule>(4),
                                  DayMonth{static_cast<unsigned>(s.integer(5)), static_cast<unsigned>(s.integer(6))},
                                  s.integer(7)};
          }
          d.as_written = s.opt_text(8);
          b.duties[d.id] = b.plan.reporting_duties.size();
          b.plan.reporting_duties.push_back(std::move(d));
        });
    reads.emplace_back(
        "SELECT plan_id, duty_id, agency_id FROM duty_reporters WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, duty_id, ord",
        [](Building& b, const Row& s) {
          b.plan.reporting_duties[index_of(b.duties, s.view(0))].reporters.push_back(s.text(1));
        });
    reads.emplace_back(
        "SELECT plan_id, duty_id, idx FROM duty_sub_periods WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, duty_id, ord",
        [](Building& b, const Row& s) {
          b.plan.reporting_duties[index_of(b.duties, s.view(0))].sub_periods.push_back(s.integer(1));
        });
    if (all) {
      reads.emplace_back(
          "SELECT plan_id, id, name, start_day, start_month, end_day, end_month, from_year, to_year, as_written FROM events "
          "WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, ord",
          [](Building& b, const Row& s) {
            b.plan.events.push_back({s.text(0), s.text(1),
                                     DayMonth{static_cast<unsigned>(s.integer(2)), static_cast<unsigned>(s.integer(3))},
                                     DayMonth{static_cast<unsigned>(s.integer(4)), static_cast<unsigned>(s.integer(5))},
                                     s.opt_int(6), s.opt_int(7), s.opt_text(8)});
          });
    }
    std::vector<const char*> sqls;
    sqls.reserve(reads.size());
    for (const auto& read : reads) sqls.push_back(read.first);
    window.read(c_, sqls, {text_array(plan_ids)}, "a row",
                [&](std::size_t k, std::size_t at, const Row& row) { reads[k].second(built[at], row); });
    std::vector<Plan> plans;
    plans.reserve(plan_ids.size());
    for (std::size_t i = 0; i < plan_ids.size(); ++i) {
      const std::size_t first = window.first_of(i);
      if (!built[first].found) throw NotFound("plan '" + plan_ids[i] + "' is not in the store");
      plans.push_back(first == i ? std::move(built[i].plan) : plans[first]);
    }
    return plans;
  }

  // Child rows first, each table once: a single cascade from `plans` would
  // check the references between its children (a duty's reporters name the
  // plan's agencies) before it had removed them all.
  bool remove(std::string_view plan_id) override {
    const Param id = p(plan_id);
    if (agencies_over_time()) {
      for (const char* sql : {"DELETE FROM agency_handover_items WHERE plan_id = $1", "DELETE FROM agency_handovers WHERE plan_id = $1",
                              "DELETE FROM agency_successions WHERE plan_id = $1"}) {
        c_.queue(sql, {id});
      }
    }
    for (const char* sql : {"DELETE FROM manual_statuses WHERE plan_id = $1", "DELETE FROM report_submissions WHERE plan_id = $1",
                            "DELETE FROM expenditures WHERE plan_id = $1", "DELETE FROM allocations WHERE plan_id = $1",
                            "DELETE FROM task_updates WHERE plan_id = $1", "DELETE FROM observations WHERE plan_id = $1",
                            "DELETE FROM expected_reports WHERE plan_id = $1",
                            "DELETE FROM task_collaborators WHERE plan_id = $1", "DELETE FROM duty_reporters WHERE plan_id = $1",
                            "DELETE FROM duty_sub_periods WHERE plan_id = $1", "DELETE FROM milestones WHERE plan_id = $1",
                            "DELETE FROM agency_aliases WHERE plan_id = $1", "DELETE FROM annual_funding WHERE plan_id = $1",
                            "DELETE FROM reporting_duties WHERE plan_id = $1", "DELETE FROM tasks WHERE plan_id = $1",
                            "DELETE FROM targets WHERE plan_id = $1", "DELETE FROM funding_sources WHERE plan_id = $1",
                            "DELETE FROM agencies WHERE plan_id = $1", "DELETE FROM legal_bases WHERE plan_id = $1",
                            "DELETE FROM plan_units WHERE plan_id = $1", "DELETE FROM plan_texts WHERE plan_id = $1",
                            "DELETE FROM events WHERE plan_id = $1"}) {
      c_.queue(sql, {id});
    }
    if (has_revisions()) c_.queue("DELETE FROM plan_revisions WHERE plan_id = $1", {id});
    return c_.exec("DELETE FROM plans WHERE id = $1 RETURNING 1", {id}).rows() > 0;
  }

  std::vector<std::string> ids_in_subtree(std::string_view unit) override {
    std::vector<std::string> ids;
    each_row(c_.exec(std::string(subtree_cte) + "SELECT id FROM plans WHERE unit IN (SELECT code FROM sub) ORDER BY id",
                     {p(unit)}),
             [&](const Row& r) { ids.push_back(r.text(0)); });
    return ids;
  }

  std::vector<store_port::PlanPlace> places() override {
    std::vector<store_port::PlanPlace> out;
    each_row(c_.exec("SELECT id, unit, coalesce(issue_date, period_start) FROM plans ORDER BY id"),
             [&](const Row& r) { out.push_back({r.text(0), r.text(1), r.date(2)}); });
    return out;
  }

  std::vector<std::pair<std::string, std::string>> parent_links() override {
    std::vector<std::pair<std::string, std::string>> out;
    each_row(c_.exec("SELECT DISTINCT plan_id, parent_plan FROM legal_bases WHERE parent_plan IS NOT NULL "
                     "ORDER BY plan_id, parent_plan"),
             [&](const Row& r) { out.emplace_back(r.text(0), r.text(1)); });
    return out;
  }

  std::vector<std::pair<std::string, std::string>> supersession_links() override {
    std::vector<std::pair<std::string, std::string>> out;
    each_row(c_.exec("SELECT DISTINCT plan_id, value FROM plan_texts WHERE list = 'supersedes' ORDER BY plan_id, value"),
             [&](const Row& r) { out.emplace_back(r.text(0), r.text(1)); });
    return out;
  }

  std::map<std::string, std::vector<AgencySuccession>, std::less<>> agency_successions(
      std::optional<std::string_view> plan_id) override {
    std::map<std::string, std::vector<AgencySuccession>, std::less<>> out;
    if (!agencies_over_time()) return out;
    // Each table whole or of one plan ($1 NULL for every plan); tiny tables.
    const Param which = plan_id ? p(*plan_id) : Param{};
    const std::string where = " WHERE ($1::text IS NULL OR plan_id = $1) ";
    each_row(c_.exec("SELECT plan_id, agency_id, date, basis FROM agency_successions" + where + "ORDER BY plan_id, seq", {which}),
             [&](const Row& r) {
               AgencySuccession a;
               a.plan_id = r.text(0);
               a.agency_id = r.text(1);
               a.date = r.date(2);
               a.basis = r.opt_text(3);
               out[a.plan_id].push_back(std::move(a));
             });
    if (out.empty()) return out;  // the usual case: no agency ended, nothing more to read
    std::map<std::pair<std::string, std::string>, AgencySuccession*> index;
    for (auto& [plan, list] : out) {
      for (auto& a : list) index[{plan, a.agency_id}] = &a;
    }
    auto find = [&](const Row& r) -> AgencySuccession& {
      const auto it = index.find({r.text(0), r.text(1)});
      if (it == index.end()) throw CorruptStore("an agency handover has no succession");
      return *it->second;
    };
    each_row(c_.exec("SELECT plan_id, agency_id, ord, to_agency FROM agency_handovers" + where + "ORDER BY plan_id, agency_id, ord",
                     {which}),
             [&](const Row& r) { find(r).to.push_back({r.text(3), {}, {}}); });
    each_row(c_.exec("SELECT plan_id, agency_id, ord, kind, item_id FROM agency_handover_items" + where +
                         "ORDER BY plan_id, agency_id, ord, kind, pos",
                     {which}),
             [&](const Row& r) {
               auto& to = find(r).to;
               const auto k = static_cast<std::size_t>(r.integer(2));
               if (k >= to.size()) throw CorruptStore("an agency handover item has no handover");
               (r.view(3) == "task" ? to[k].tasks : to[k].duties).push_back(r.text(4));
             });
    each_row(c_.exec("SELECT plan_id, joined_by, id, name, short_name, kind, level, unit, parent, valid_from, valid_to "
                     "FROM agencies" + where + "AND joined_by IS NOT NULL ORDER BY plan_id, ord",
                     {which}),
             [&](const Row& r) { find(r).joining.push_back(agency_of(r, 2)); });
    std::map<std::pair<std::string, std::string>, Agency*> joined;
    for (auto& [plan, list] : out) {
      for (auto& a : list) {
        for (auto& j : a.joining) joined[{plan, j.id}] = &j;
      }
    }
    if (!joined.empty()) {
      each_row(c_.exec("SELECT l.plan_id, l.agency_id, l.alias FROM agency_aliases l JOIN agencies g ON g.plan_id = l.plan_id "
                       "AND g.id = l.agency_id WHERE ($1::text IS NULL OR l.plan_id = $1) AND g.joined_by IS NOT NULL "
                       "ORDER BY l.plan_id, l.agency_id, l.ord",
                       {which}),
               [&](const Row& r) {
                 const auto it = joined.find({r.text(0), r.text(1)});
                 if (it != joined.end()) it->second->aliases.push_back(r.text(2));
               });
    }
    return out;
  }

  void insert_agency_succession(const AgencySuccession& a) override {
    const Param plan = p(a.plan_id), from = p(a.agency_id);
    c_.queue("INSERT INTO agency_successions (plan_id, agency_id, seq, date, basis) VALUES ($1, $2, "
             "(SELECT coalesce(max(seq), 0) + 1 FROM agency_successions WHERE plan_id = $1), $3, $4)",
             {plan, from, p(a.date), p(a.basis)});
    for (const auto& j : a.joining) {
      auto row = agency_row(plan, j);
      row.push_back(from);
      c_.queue("INSERT INTO agencies (plan_id, id, name, short_name, kind, level, unit, parent, valid_from, valid_to, "
               "joined_by, ord) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
               "(SELECT max(ord) + 1 FROM agencies WHERE plan_id = $1))",
               row);
      queue_aliases(plan, j);
    }
    for (std::size_t k = 0; k < a.to.size(); ++k) {
      const auto& h = a.to[k];
      c_.queue("INSERT INTO agency_handovers (plan_id, agency_id, ord, to_agency) VALUES ($1, $2, $3, $4)",
               {plan, from, p(k), p(h.agency_id)});
      for (const auto& [kind, list] : {std::pair{"task", &h.tasks}, std::pair{"duty", &h.duties}}) {
        for (std::size_t m = 0; m < list->size(); ++m) {
          c_.queue("INSERT INTO agency_handover_items (plan_id, agency_id, ord, kind, pos, item_id) "
                   "VALUES ($1, $2, $3, $4, $5, $6)",
                   {plan, from, p(k), p(std::string_view(kind)), p(m), p((*list)[m])});
        }
      }
    }
  }

 private:
  // A row of `agencies` (id, name, short_name, kind, level, unit, parent,
  // valid_from, valid_to from `at`).
  static Agency agency_of(const Row& s, int at) {
    Agency a;
    a.id = s.text(at);
    a.name = s.text(at + 1);
    a.short_name = s.opt_text(at + 2);
    a.kind = s.code<AgencyKind>(at + 3);
    a.level = s.code<Level>(at + 4);
    a.unit = s.opt_text(at + 5);
    a.parent = s.opt_text(at + 6);
    a.valid_from = s.opt_date(at + 7);
    a.valid_to = s.opt_date(at + 8);
    return a;
  }

  // The parameters of a row of `agencies` from plan_id to valid_to, in
  // that order: the plan's own and those a succession brings in.
  static std::vector<Param> agency_row(const Param& plan, const Agency& a) {
    return {plan, p(a.id), p(a.name), p(a.short_name), p(a.kind), p(a.level), p(a.unit), p(a.parent), p(a.valid_from),
            p(a.valid_to)};
  }

  void queue_aliases(const Param& plan, const Agency& a) {
    for (std::size_t k = 0; k < a.aliases.size(); ++k) {
      c_.queue("INSERT INTO agency_aliases (plan_id, agency_id, ord, alias) VALUES ($1, $2, $3, $4)",
               {plan, p(a.id), p(k), p(a.aliases[k])});
    }
  }

  std::vector<store_port::StoredRevision> revisions(std::string_view plan_id) override {
    std::vector<store_port::StoredRevision> out;
    if (!has_revisions()) return out;
    each_row(c_.exec("SELECT revision, in_force_from, amending_number, amending_date, amending_issuer, recorded_at, document "
                     "FROM plan_revisions WHERE plan_id = $1 ORDER BY revision",
                     {p(plan_id)}),
             [&](const Row& r) {
               store_port::StoredRevision v;
               v.revision.plan_id = std::string(plan_id);
               v.revision.revision = r.integer(0);
               v.revision.in_force_from = r.date(1);
               if (!r.null(2)) v.revision.amendment = Amendment{r.text(2), r.date(3), r.text(4), v.revision.in_force_from};
               v.recorded_at = r.text(5);
               v.document = r.text(6);
               out.push_back(std::move(v));
             });
    return out;
  }

  void insert_revision(const store_port::StoredRevision& r) override {
    const auto& a = r.revision.amendment;
    c_.exec("INSERT INTO plan_revisions (plan_id, revision, in_force_from, amending_number, amending_date, amending_issuer, "
            "recorded_at, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {p(r.revision.plan_id), p(r.revision.revision), p(r.revision.in_force_from),
             a ? p(a->number) : Param{}, a ? p(a->date) : Param{}, a ? p(a->issuer) : Param{}, p(r.recorded_at),
             p(r.document)});
  }

  std::vector<std::pair<std::string, std::string>> earlier_in_force(
      Date day, std::optional<std::string_view> plan_id, const std::optional<std::string>& known_at) override {
    std::vector<std::pair<std::string, std::string>> out;
    if (!has_revisions()) return out;
    // Per amended plan: the last revision in force on the day (1 before any)
    // among those recorded by $3 (when given), when not its last.
    each_row(c_.exec("WITH amended AS (SELECT plan_id, max(revision) AS last, coalesce(max(CASE WHEN in_force_from <= $1 "
                     "AND ($3::text IS NULL OR revision = 1 OR recorded_at <= $3) THEN revision END), 1) AS in_force "
                     "FROM plan_revisions WHERE $2::text IS NULL OR plan_id = $2 GROUP BY plan_id) "
                     "SELECT r.plan_id, r.document FROM amended a JOIN plan_revisions r ON r.plan_id = a.plan_id AND "
                     "r.revision = a.in_force WHERE a.in_force < a.last ORDER BY r.plan_id",
                     {p(day), plan_id ? p(*plan_id) : Param{}, known_at ? p(*known_at) : Param{}}),
             [&](const Row& r) { out.emplace_back(r.text(0), r.text(1)); });
    return out;
  }

  void replace(const Plan& plan) override {
    const int version = schema_version(c_);
    for (const auto& [sql, binds] : keep_statements(version, "$1")) {
      if (binds) c_.exec(sql, {p(plan.id)});
      else c_.exec(sql);
    }
    remove(plan.id);
    insert(plan);
    for (const auto& sql : restore_statements(version)) c_.exec(sql);
  }

  // Whether plans keep their revisions (schema 12), read once.
  bool has_revisions() {
    if (!revisions_) revisions_ = schema_version(c_) >= 12;
    return *revisions_;
  }

  // Whether agencies may have been brought in by a succession (schema 10);
  // read once, as units_as_written().
  bool agencies_over_time() {
    if (!over_time_) over_time_ = schema_version(c_) >= 10;
    return *over_time_;
  }

  static std::size_t index_of(const std::map<std::string, std::size_t, std::less<>>& index, std::string_view id) {
    const auto it = index.find(id);
    if (it == index.end()) throw CorruptStore("the store holds a row of '" + std::string(id) + "', which its plan lacks");
    return it->second;
  }

  // Whether plan_units keeps each unit as the plan names it (schema 9). Read
  // once: a handle's store is migrated when it opens, before any plan.
  bool units_as_written() {
    if (!as_written_) as_written_ = schema_version(c_) >= 9;
    return *as_written_;
  }

  Connection& c_;
  std::optional<bool> as_written_, over_time_, revisions_;
};

}  // namespace

std::unique_ptr<store_port::PlanRepository> make_plan_repository(Connection& c) { return std::make_unique<PgPlans>(c); }

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
