// The SQLite repository of plans: a plan document's rows in the plan tables.

#include "store/sqlite/storage.hpp"

#include <map>

namespace kehoach {
inline namespace v1 {
namespace sqlite {

using namespace store_detail;

namespace {

// What a plan's amendment keeps while its rows are replaced (decision 0026):
// every row recorded under the plan, copied into a temporary table before
// the plan's rows are removed and written back after the amended plan's are
// inserted. The PostgreSQL adapter keeps the same list (each adapter owns its SQL).
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


// A plan's units as it names them (schema 9; a row written by a handle kept
// at an older version has no name, and takes the store's row of its unit).
constexpr const char* plan_units_v9 =
    "SELECT pu.code, CASE WHEN pu.name IS NULL THEN u.name ELSE pu.name END, "
    "CASE WHEN pu.name IS NULL THEN u.level ELSE pu.level END, CASE WHEN pu.name IS NULL THEN u.parent ELSE pu.parent END, "
    "CASE WHEN pu.name IS NULL THEN u.valid_from ELSE pu.valid_from END, "
    "CASE WHEN pu.name IS NULL THEN u.valid_to ELSE pu.valid_to END, "
    "CASE WHEN pu.name IS NULL THEN u.successor ELSE pu.successor END "
    "FROM plan_units pu JOIN admin_units u ON u.code = pu.code WHERE pu.plan_id = ? ORDER BY pu.ord";

// Whether plan_units keeps each unit as the plan names it (schema 9).
bool units_as_written(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt() >= 9; }
// Whether agencies may have been brought in by a succession (schema 10).
bool agencies_over_time(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt() >= 10; }
// Whether plans keep their revisions (schema 12).
bool has_revisions(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt() >= 12; }

// A row of `agencies` (id, name, short_name, kind, level, unit, parent, valid_from, valid_to from `at`).
template <class Statement>
Agency agency_of(Statement& s, int at) {
  Agency a;
  a.id = s.getColumn(at).getString();
  a.name = s.getColumn(at + 1).getString();
  a.short_name = opt_text(s.getColumn(at + 2));
  a.kind = code_of<AgencyKind>(s.getColumn(at + 3));
  a.level = code_of<Level>(s.getColumn(at + 4));
  a.unit = opt_text(s.getColumn(at + 5));
  a.parent = opt_text(s.getColumn(at + 6));
  a.valid_from = opt_date(s.getColumn(at + 7));
  a.valid_to = opt_date(s.getColumn(at + 8));
  return a;
}

// Runs `agency`, reset and with its other parameters bound, after binding
// the fields of `a` from name to valid_to from parameter `at`; then inserts
// a's aliases through `alias`. The plan's own agencies and those a
// succession brings in.
void insert_agency(SQLite::Statement& agency, int at, SQLite::Statement& alias, const std::string& plan_id,
                   const Agency& a) {
  agency.bind(at, a.name);
  bind_opt(agency, at + 1, a.short_name);
  bind_code(agency, at + 2, a.kind);
  bind_code(agency, at + 3, a.level);
  bind_opt(agency, at + 4, a.unit);
  bind_opt(agency, at + 5, a.parent);
  bind_opt(agency, at + 6, a.valid_from);
  bind_opt(agency, at + 7, a.valid_to);
  agency.exec();
  for (std::size_t k = 0; k < a.aliases.size(); ++k) {
    alias.reset();
    SQLite::bind(alias, plan_id, a.id, static_cast<int64_t>(k), a.aliases[k]);
    alias.exec();
  }
}

class SqlitePlans final : public store_port::PlanRepository {
 public:
  SqlitePlans(SQLite::Database& d, StatementCache& c) : db(d), statements(c) {}

  bool exists(std::string_view plan_id) override {
    CachedStatement s(statements, "SELECT 1 FROM plans WHERE id = ?");
    s.bind(1, std::string(plan_id));
    return s.executeStep();
  }

  std::vector<std::string> ids() override {
    std::vector<std::string> out;
    SQLite::Statement s(db, "SELECT id FROM plans ORDER BY id");
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  }

  void insert(const Plan& p) override {
    SQLite::Statement plan(db,
        "INSERT INTO plans (id, number, document_type, kind, title, summary, issuer, place, issue_date, "
        "issue_date_as_written, effective_date, status, level, unit, period_start, period_end, programme, "
        "general_objective, signatory) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    plan.bind(1, p.id);
    bind_opt(plan, 2, p.number);
    bind_code(plan, 3, p.document_type);
    bind_code(plan, 4, p.kind);
    plan.bind(5, p.title);
    bind_opt(plan, 6, p.summary);
    plan.bind(7, p.issuer);
    bind_opt(plan, 8, p.place);
    bind_opt(plan, 9, p.issue_date);
    bind_opt(plan, 10, p.issue_date_as_written);
    bind_opt(plan, 11, p.effective_date);
    bind_code(plan, 12, p.status);
    bind_code(plan, 13, p.level);
    plan.bind(14, p.unit);
    plan.bind(15, iso(p.period.start));
    plan.bind(16, iso(p.period.end));
    bind_opt(plan, 17, p.programme);
    bind_opt(plan, 18, p.general_objective);
    bind_opt(plan, 19, p.signatory);
    plan.exec();

    SQLite::Statement text(db, "INSERT INTO plan_texts (plan_id, list, ord, value) VALUES (?, ?, ?, ?)");
    for (auto [list, values] : {std::pair{"purposes", &p.purposes}, std::pair{"requirements", &p.requirements},
                                std::pair{"recipients", &p.recipients}, std::pair{"notes", &p.notes},
                                std::pair{"amends", &p.amends}, std::pair{"supersedes", &p.supersedes}}) {
      for (std::size_t i = 0; i < values->size(); ++i) {
        text.reset();
        text.bind(1, p.id);
        text.bind(2, list);
        text.bind(3, static_cast<int64_t>(i));
        text.bind(4, (*values)[i]);
        text.exec();
      }
    }
    const bool as_written = units_as_written(db);
    SQLite::Statement unit(db, as_written ? "INSERT INTO plan_units (plan_id, ord, code, name, level, parent, valid_from, "
                                            "valid_to, successor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                          : "INSERT INTO plan_units (plan_id, ord, code) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < p.units.size(); ++i) {
      const auto& u = p.units[i];
      unit.reset();
      unit.bind(1, p.id);
      unit.bind(2, static_cast<int64_t>(i));
      unit.bind(3, u.code);
      if (as_written) {
        unit.bind(4, u.name);
        bind_code(unit, 5, u.level);
        bind_opt(unit, 6, u.parent);
        bind_opt(unit, 7, u.valid_from);
        bind_opt(unit, 8, u.valid_to);
        bind_opt(unit, 9, u.successor);
      }
      unit.exec();
    }
    SQLite::Statement basis(db,
        "INSERT INTO legal_bases (plan_id, ord, kind, number, date, date_as_written, issuer, title, relation, "
        "parent_plan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.legal_bases.size(); ++i) {
      const auto& b = p.legal_bases[i];
      basis.reset();
      basis.bind(1, p.id);
      basis.bind(2, static_cast<int64_t>(i));
      bind_code(basis, 3, b.kind);
      basis.bind(4, b.number);
      bind_opt(basis, 5, b.date);
      bind_opt(basis, 6, b.date_as_written);
      bind_opt(basis, 7, b.issuer);
      bind_opt(basis, 8, b.title);
      bind_code(basis, 9, b.relation);
      bind_opt(basis, 10, b.parent_plan);
      basis.exec();
    }
    SQLite::Statement agency(db,
        "INSERT INTO agencies (plan_id, id, ord, name, short_name, kind, level, unit, parent, valid_from, valid_to) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement alias(db, "INSERT INTO agency_aliases (plan_id, agency_id, ord, alias) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.agencies.size(); ++i) {
      const auto& a = p.agencies[i];
      agency.reset();
      agency.bind(1, p.id);
      agency.bind(2, a.id);
      agency.bind(3, static_cast<int64_t>(i));
      insert_agency(agency, 4, alias, p.id, a);
    }
    SQLite::Statement source(db, "INSERT INTO funding_sources (plan_id, id, ord, kind, description) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.funding_sources.size(); ++i) {
      const auto& f = p.funding_sources[i];
      source.reset();
      source.bind(1, p.id);
      source.bind(2, f.id);
      source.bind(3, static_cast<int64_t>(i));
      bind_code(source, 4, f.kind);
      bind_opt(source, 5, f.description);
      source.exec();
    }
    SQLite::Statement funding(db,
        "INSERT INTO annual_funding (plan_id, ord, year, source, amount, ethnic_minority_mountainous, "
        "extreme_difficulty) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.annual_funding.size(); ++i) {
      const auto& f = p.annual_funding[i];
      funding.reset();
      funding.bind(1, p.id);
      funding.bind(2, static_cast<int64_t>(i));
      funding.bind(3, f.year);
      funding.bind(4, f.source);
      funding.bind(5, static_cast<int64_t>(f.amount.value()));
      bind_opt(funding, 6, f.ethnic_minority_mountainous);
      bind_opt(funding, 7, f.extreme_difficulty);
      funding.exec();
    }
    SQLite::Statement target(db,
        "INSERT INTO targets (plan_id, id, ord, code, indicator, description, source_text, comparator, unit, "
        "baseline_value, baseline_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement milestone(db,
        "INSERT INTO milestones (plan_id, target_id, ord, date, value, open_ended, as_written) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.targets.size(); ++i) {
      const auto& t = p.targets[i];
      target.reset();
      target.bind(1, p.id);
      target.bind(2, t.id);
      target.bind(3, static_cast<int64_t>(i));
      target.bind(4, t.code);
      target.bind(5, t.indicator);
      target.bind(6, t.description);
      bind_opt(target, 7, t.source_text);
      bind_code(target, 8, t.comparator);
      bind_code(target, 9, t.unit);
      bind_opt(target, 10, t.baseline ? std::optional<double>(t.baseline->value) : std::nullopt);
      bind_opt(target, 11, t.baseline ? std::optional<Date>(t.baseline->date) : std::nullopt);
      target.exec();
      for (std::size_t k = 0; k < t.milestones.size(); ++k) {
        const auto& m = t.milestones[k];
        milestone.reset();
        milestone.bind(1, p.id);
        milestone.bind(2, t.id);
        milestone.bind(3, static_cast<int64_t>(k));
        milestone.bind(4, iso(m.date));
        milestone.bind(5, m.value);
        milestone.bind(6, m.open_ended ? 1 : 0);
        bind_opt(milestone, 7, m.as_written);
        milestone.exec();
      }
    }
    SQLite::Statement task(db,
        "INSERT INTO tasks (plan_id, id, ord, parent, section, title, text, lead, due, rec_month, rec_day, "
        "rec_from_year, rec_to_year, status, progress, completed_on, weight) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement collaborator(db,
        "INSERT INTO task_collaborators (plan_id, task_id, ord, agency_id) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.tasks.size(); ++i) {
      const auto& t = p.tasks[i];
      task.reset();
      task.bind(1, p.id);
      task.bind(2, t.id);
      task.bind(3, static_cast<int64_t>(i));
      bind_opt(task, 4, t.parent);
      task.bind(5, t.section);
      task.bind(6, t.title);
      bind_opt(task, 7, t.text);
      bind_opt(task, 8, t.lead);
      bind_opt(task, 9, t.due);
      if (t.recurrence) {
        task.bind(10, static_cast<int>(t.recurrence->due.month));
        task.bind(11, static_cast<int>(t.recurrence->due.day));
        bind_opt(task, 12, t.recurrence->from_year);
        bind_opt(task, 13, t.recurrence->to_year);
      } else {
        for (int k = 10; k <= 13; ++k) task.bind(k);
      }
      bind_code(task, 14, t.status);
      bind_opt(task, 15, t.progress);
      bind_opt(task, 16, t.completed_on);
      bind_opt(task, 17, t.weight);
      task.exec();
      for (std::size_t k = 0; k < t.collaborators.size(); ++k) {
        collaborator.reset();
        collaborator.bind(1, p.id);
        collaborator.bind(2, t.id);
        collaborator.bind(3, static_cast<int64_t>(k));
        collaborator.bind(4, t.collaborators[k]);
        collaborator.exec();
      }
    }
    SQLite::Statement duty(db,
        "INSERT INTO reporting_duties (plan_id, id, ord, recipient, via, period, deadline_rule, deadline_day, "
        "deadline_month, deadline_year_offset, as_written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement reporter(db, "INSERT INTO duty_reporters (plan_id, duty_id, ord, agency_id) VALUES (?, ?, ?, ?)");
    SQLite::Statement sub(db, "INSERT INTO duty_sub_periods (plan_id, duty_id, ord, idx) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.reporting_duties.size(); ++i) {
      const auto& d = p.reporting_duties[i];
      duty.reset();
      duty.bind(1, p.id);
      duty.bind(2, d.id);
      duty.bind(3, static_cast<int64_t>(i));
      duty.bind(4, d.recipient);
      bind_opt(duty, 5, d.via);
      bind_code(duty, 6, d.period);
      if (d.deadline) {
        bind_code(duty, 7, d.deadline->rule);
        duty.bind(8, static_cast<int>(d.deadline->day_month.day));
        duty.bind(9, static_cast<int>(d.deadline->day_month.month));
        duty.bind(10, d.deadline->year_offset);
      } else {
        for (int k = 7; k <= 10; ++k) duty.bind(k);
      }
      bind_opt(duty, 11, d.as_written);
      duty.exec();
      for (std::size_t k = 0; k < d.reporters.size(); ++k) {
        reporter.reset();
        reporter.bind(1, p.id);
        reporter.bind(2, d.id);
        reporter.bind(3, static_cast<int64_t>(k));
        reporter.bind(4, d.reporters[k]);
        reporter.exec();
      }
      for (std::size_t k = 0; k < d.sub_periods.size(); ++k) {
        sub.reset();
        sub.bind(1, p.id);
        sub.bind(2, d.id);
        sub.bind(3, static_cast<int64_t>(k));
        sub.bind(4, d.sub_periods[k]);
        sub.exec();
      }
    }
    SQLite::Statement event(db,
        "INSERT INTO events (plan_id, id, ord, name, start_day, start_month, end_day, end_month, from_year, "
        "to_year, as_written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.events.size(); ++i) {
      const auto& e = p.events[i];
      event.reset();
      event.bind(1, p.id);
      event.bind(2, e.id);
      event.bind(3, static_cast<int64_t>(i));
      event.bind(4, e.name);
      event.bind(5, static_cast<int>(e.start.day));
      event.bind(6, static_cast<int>(e.start.month));
      event.bind(7, static_cast<int>(e.end.day));
      event.bind(8, static_cast<int>(e.end.month));
      bind_opt(event, 9, e.from_year);
      bind_opt(event, 10, e.to_year);
      bind_opt(event, 11, e.as_written);
      event.exec();
    }
  }

  Plan load(std::string_view plan_id, store_port::PlanParts parts) override {
    Plan p;
    const bool all = parts == store_port::PlanParts::all;
    {
      CachedStatement s(statements,
          "SELECT id, number, document_type, kind, title, summary, issuer, place, issue_date, issue_date_as_written, "
          "effective_date, status, level, unit, period_start, period_end, programme, general_objective, signatory "
          "FROM plans WHERE id = ?");
      s.bind(1, std::string(plan_id));
      if (!s.executeStep()) throw NotFound("plan '" + std::string(plan_id) + "' is not in the store");
      p.id = s.getColumn(0).getString();
      p.number = opt_text(s.getColumn(1));
      p.document_type = code_of<DocumentKind>(s.getColumn(2));
      p.kind = code_of<PlanKind>(s.getColumn(3));
      p.title = s.getColumn(4).getString();
      p.summary = opt_text(s.getColumn(5));
      p.issuer = s.getColumn(6).getString();
      p.place = opt_text(s.getColumn(7));
      p.issue_date = opt_date(s.getColumn(8));
      p.issue_date_as_written = opt_text(s.getColumn(9));
      p.effective_date = opt_date(s.getColumn(10));
      p.status = code_of<PlanStatus>(s.getColumn(11));
      p.level = code_of<Level>(s.getColumn(12));
      p.unit = s.getColumn(13).getString();
      p.period = Period{date_of(s.getColumn(14)), date_of(s.getColumn(15))};
      p.programme = opt_text(s.getColumn(16));
      p.general_objective = opt_text(s.getColumn(17));
      p.signatory = opt_text(s.getColumn(18));
    }
    if (all) {
      const std::map<std::string, std::vector<std::string>*> lists = {
          {"purposes", &p.purposes}, {"requirements", &p.requirements}, {"recipients", &p.recipients},
          {"notes", &p.notes},       {"amends", &p.amends},             {"supersedes", &p.supersedes}};
      each("SELECT list, value FROM plan_texts WHERE plan_id = ? ORDER BY list, ord", plan_id, [&](auto& s) {
        lists.at(s.getColumn(0).getString())->push_back(s.getColumn(1).getString());
      });
      // From schema 9 a plan keeps its units as it names them; before, the
      // store's one row of each unit was the plan's.
      each(units_as_written(db) ? plan_units_v9
                                : "SELECT u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to, u.successor FROM plan_units pu "
                                  "JOIN admin_units u ON u.code = pu.code WHERE pu.plan_id = ? ORDER BY pu.ord",
           plan_id, [&](auto& s) {
             p.units.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), code_of<Level>(s.getColumn(2)),
                                opt_text(s.getColumn(3)), opt_date(s.getColumn(4)), opt_date(s.getColumn(5)),
                                opt_text(s.getColumn(6))});
           });
      each("SELECT kind, number, date, date_as_written, issuer, title, relation, parent_plan FROM legal_bases "
           "WHERE plan_id = ? ORDER BY ord",
           plan_id, [&](auto& s) {
             p.legal_bases.push_back({code_of<DocumentKind>(s.getColumn(0)), s.getColumn(1).getString(),
                                      opt_date(s.getColumn(2)), opt_text(s.getColumn(3)), opt_text(s.getColumn(4)),
                                      opt_text(s.getColumn(5)), code_of<LegalRelation>(s.getColumn(6)),
                                      opt_text(s.getColumn(7))});
           });
    }
    std::map<std::string, std::size_t> agency_index;
    // The plan document's own agencies: not those a succession brought in.
    const bool over_time = agencies_over_time(db);
    each(over_time ? "SELECT id, name, short_name, kind, level, unit, parent, valid_from, valid_to FROM agencies "
                     "WHERE plan_id = ? AND joined_by IS NULL ORDER BY ord"
                   : "SELECT id, name, short_name, kind, level, unit, parent, valid_from, valid_to FROM agencies "
                     "WHERE plan_id = ? ORDER BY ord",
         plan_id, [&](auto& s) {
           Agency a = agency_of(s, 0);
           agency_index[a.id] = p.agencies.size();
           p.agencies.push_back(std::move(a));
         });
    if (all) {
      each(over_time ? "SELECT l.agency_id, l.alias FROM agency_aliases l JOIN agencies g ON g.plan_id = l.plan_id "
                       "AND g.id = l.agency_id WHERE l.plan_id = ? AND g.joined_by IS NULL ORDER BY l.agency_id, l.ord"
                     : "SELECT agency_id, alias FROM agency_aliases WHERE plan_id = ? ORDER BY agency_id, ord",
           plan_id,
           [&](auto& s) { p.agencies[agency_index.at(s.getColumn(0).getString())].aliases.push_back(s.getColumn(1).getString()); });
    }
    each("SELECT id, kind, description FROM funding_sources WHERE plan_id = ? ORDER BY ord", plan_id, [&](auto& s) {
      p.funding_sources.push_back({s.getColumn(0).getString(), code_of<FundingKind>(s.getColumn(1)), opt_text(s.getColumn(2))});
    });
    if (all) {
      each("SELECT year, source, amount, ethnic_minority_mountainous, extreme_difficulty FROM annual_funding "
           "WHERE plan_id = ? ORDER BY ord",
           plan_id, [&](auto& s) {
             p.annual_funding.push_back({s.getColumn(0).getInt(), s.getColumn(1).getString(), Dong{s.getColumn(2).getInt64()},
                                         opt_money(s.getColumn(3)), opt_money(s.getColumn(4))});
           });
    }
    std::map<std::string, std::size_t> target_index;
    each("SELECT id, code, indicator, description, source_text, comparator, unit, baseline_value, baseline_date "
         "FROM targets WHERE plan_id = ? ORDER BY ord",
         plan_id, [&](auto& s) {
           Target t;
           t.id = s.getColumn(0).getString();
           t.code = s.getColumn(1).getString();
           t.indicator = s.getColumn(2).getInt();
           t.description = s.getColumn(3).getString();
           t.source_text = opt_text(s.getColumn(4));
           t.comparator = code_of<Comparator>(s.getColumn(5));
           t.unit = code_of<TargetUnit>(s.getColumn(6));
           if (!s.getColumn(7).isNull()) t.baseline = Baseline{s.getColumn(7).getDouble(), date_of(s.getColumn(8))};
           target_index[t.id] = p.targets.size();
           p.targets.push_back(std::move(t));
         });
    each("SELECT target_id, date, value, open_ended, as_written FROM milestones WHERE plan_id = ? "
         "ORDER BY target_id, ord",
         plan_id, [&](auto& s) {
           p.targets[target_index.at(s.getColumn(0).getString())].milestones.push_back(
               {date_of(s.getColumn(1)), s.getColumn(2).getDouble(), s.getColumn(3).getInt() != 0, opt_text(s.getColumn(4))});
         });
    std::map<std::string, std::size_t> task_index;
    each("SELECT id, parent, section, title, text, lead, due, rec_month, rec_day, rec_from_year, rec_to_year, "
         "status, progress, completed_on, weight FROM tasks WHERE plan_id = ? ORDER BY ord",
         plan_id, [&](auto& s) {
           Task t;
           t.id = s.getColumn(0).getString();
           t.parent = opt_text(s.getColumn(1));
           t.section = s.getColumn(2).getString();
           t.title = s.getColumn(3).getString();
           t.text = opt_text(s.getColumn(4));
           t.lead = opt_text(s.getColumn(5));
           t.due = opt_date(s.getColumn(6));
           if (!s.getColumn(7).isNull()) {
             t.recurrence = YearlyRecurrence{
                 DayMonth{static_cast<unsigned>(s.getColumn(8).getInt()), static_cast<unsigned>(s.getColumn(7).getInt())},
                 opt_int(s.getColumn(9)), opt_int(s.getColumn(10))};
           }
           t.status = code_of<TaskStatus>(s.getColumn(11));
           t.progress = opt_real(s.getColumn(12));
           t.completed_on = opt_date(s.getColumn(13));
           t.weight = opt_real(s.getColumn(14));
           task_index[t.id] = p.tasks.size();
           p.tasks.push_back(std::move(t));
         });
    each("SELECT task_id, agency_id FROM task_collaborators WHERE plan_id = ? ORDER BY task_id, ord", plan_id,
         [&](auto& s) { p.tasks[task_index.at(s.getColumn(0).getString())].collaborators.push_back(s.getColumn(1).getString()); });
    std::map<std::string, std::size_t> duty_index;
    each("SELECT id, recipient, via, period, deadline_rule, deadline_day, deadline_month, deadline_year_offset, "
         "as_written FROM reporting_duties WHERE plan_id = ? ORDER BY ord",
         plan_id, [&](auto& s) {
           ReportingDuty d;
           d.id = s.getColumn(0).getString();
           d.recipient = s.getColumn(1).getString();
           d.via = opt_text(s.getColumn(2));
           d.period = code_of<PeriodType>(s.getColumn(3));
           if (!s.getColumn(4).isNull()) {
             d.deadline = Deadline{code_of<DeadlineRule>(s.getColumn(4)),
                                   DayMonth{static_cast<unsigned>(s.getColumn(5).getInt()),
                                            static_cast<unsigned>(s.getColumn(6).getInt())},
                                   s.getColumn(7).getInt()};
           }
           d.as_written = opt_text(s.getColumn(8));
           duty_index[d.id] = p.reporting_duties.size();
           p.reporting_duties.push_back(std::move(d));
         });
    each("SELECT duty_id, agency_id FROM duty_reporters WHERE plan_id = ? ORDER BY duty_id, ord", plan_id,
         [&](auto& s) { p.reporting_duties[duty_index.at(s.getColumn(0).getString())].reporters.push_back(s.getColumn(1).getString()); });
    each("SELECT duty_id, idx FROM duty_sub_periods WHERE plan_id = ? ORDER BY duty_id, ord", plan_id,
         [&](auto& s) { p.reporting_duties[duty_index.at(s.getColumn(0).getString())].sub_periods.push_back(s.getColumn(1).getInt()); });
    if (all) {
      each("SELECT id, name, start_day, start_month, end_day, end_month, from_year, to_year, as_written FROM events "
           "WHERE plan_id = ? ORDER BY ord",
           plan_id, [&](auto& s) {
             p.events.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                                 DayMonth{static_cast<unsigned>(s.getColumn(2).getInt()), static_cast<unsigned>(s.getColumn(3).getInt())},
                                 DayMonth{static_cast<unsigned>(s.getColumn(4).getInt()), static_cast<unsigned>(s.getColumn(5).getInt())},
                                 opt_int(s.getColumn(6)), opt_int(s.getColumn(7)), opt_text(s.getColumn(8))});
           });
    }
    return p;
  }

  bool remove(std::string_view plan_id) override {
    const std::string id(plan_id);
    if (agencies_over_time(db)) {
      for (const char* sql : {"DELETE FROM agency_handover_items WHERE plan_id = ?", "DELETE FROM agency_handovers WHERE plan_id = ?",
                              "DELETE FROM agency_successions WHERE plan_id = ?"}) {
        SQLite::Statement s(db, sql);
        s.bind(1, id);
        s.exec();
      }
    }
    for (const char* sql : {"DELETE FROM manual_statuses WHERE plan_id = ?", "DELETE FROM report_submissions WHERE plan_id = ?",
                            "DELETE FROM expenditures WHERE plan_id = ?", "DELETE FROM allocations WHERE plan_id = ?",
                            "DELETE FROM task_updates WHERE plan_id = ?", "DELETE FROM observations WHERE plan_id = ?",
                            "DELETE FROM task_collaborators WHERE plan_id = ?", "DELETE FROM duty_reporters WHERE plan_id = ?",
                            "DELETE FROM duty_sub_periods WHERE plan_id = ?", "DELETE FROM milestones WHERE plan_id = ?",
                            "DELETE FROM agency_aliases WHERE plan_id = ?", "DELETE FROM annual_funding WHERE plan_id = ?",
                            "DELETE FROM reporting_duties WHERE plan_id = ?", "DELETE FROM tasks WHERE plan_id = ?",
                            "DELETE FROM targets WHERE plan_id = ?", "DELETE FROM funding_sources WHERE plan_id = ?",
                            "DELETE FROM agencies WHERE plan_id = ?", "DELETE FROM legal_bases WHERE plan_id = ?",
                            "DELETE FROM plan_units WHERE plan_id = ?", "DELETE FROM plan_texts WHERE plan_id = ?"}) {
      SQLite::Statement s(db, sql);
      s.bind(1, id);
      s.exec();
    }
    if (has_revisions(db)) {
      SQLite::Statement s(db, "DELETE FROM plan_revisions WHERE plan_id = ?");
      s.bind(1, id);
      s.exec();
    }
    SQLite::Statement s(db, "DELETE FROM plans WHERE id = ?");
    s.bind(1, id);
    return s.exec() != 0;
  }

  std::vector<std::string> ids_in_subtree(std::string_view unit) override {
    std::vector<std::string> ids;
    CachedStatement s(statements,
        std::string(subtree_cte) + "SELECT id FROM plans WHERE unit IN (SELECT code FROM sub) ORDER BY id");
    s.bind(1, std::string(unit));
    while (s.executeStep()) ids.push_back(s.getColumn(0).getString());
    return ids;
  }

  std::vector<store_port::PlanPlace> places() override {
    std::vector<store_port::PlanPlace> out;
    CachedStatement s(statements, "SELECT id, unit, coalesce(issue_date, period_start) FROM plans ORDER BY id");
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                     parse_iso_date(s.getColumn(2).getString())});
    }
    return out;
  }

  std::vector<std::pair<std::string, std::string>> parent_links() override {
    std::vector<std::pair<std::string, std::string>> out;
    CachedStatement s(statements, "SELECT DISTINCT plan_id, parent_plan FROM legal_bases WHERE parent_plan IS NOT NULL "
                                  "ORDER BY plan_id, parent_plan");
    while (s.executeStep()) out.emplace_back(s.getColumn(0).getString(), s.getColumn(1).getString());
    return out;
  }

  std::vector<std::pair<std::string, std::string>> supersession_links() override {
    std::vector<std::pair<std::string, std::string>> out;
    CachedStatement s(statements, "SELECT DISTINCT plan_id, value FROM plan_texts WHERE list = 'supersedes' "
                                  "ORDER BY plan_id, value");
    while (s.executeStep()) out.emplace_back(s.getColumn(0).getString(), s.getColumn(1).getString());
    return out;
  }

  std::map<std::string, std::vector<AgencySuccession>, std::less<>> agency_successions(
      std::optional<std::string_view> plan_id) override {
    std::map<std::string, std::vector<AgencySuccession>, std::less<>> out;
    if (!agencies_over_time(db)) return out;
    // Each table whole or of one plan (?1 NULL for every plan); tiny tables.
    const std::string where = " WHERE (?1 IS NULL OR plan_id = ?1) ";
    auto rows = [&](const std::string& sql, const auto& row) {
      SQLite::Statement s(db, sql);
      if (plan_id) s.bind(1, std::string(*plan_id));
      while (s.executeStep()) row(s);
    };
    std::map<std::pair<std::string, std::string>, AgencySuccession*> index;
    rows("SELECT plan_id, agency_id, date, basis FROM agency_successions" + where + "ORDER BY plan_id, seq", [&](auto& s) {
      AgencySuccession a;
      a.plan_id = s.getColumn(0).getString();
      a.agency_id = s.getColumn(1).getString();
      a.date = date_of(s.getColumn(2));
      a.basis = opt_text(s.getColumn(3));
      out[a.plan_id].push_back(std::move(a));
    });
    if (out.empty()) return out;  // the usual case: no agency ended, nothing more to read
    for (auto& [plan, list] : out) {
      for (auto& a : list) index[{plan, a.agency_id}] = &a;
    }
    auto find = [&](auto& s) -> AgencySuccession& {
      const auto it = index.find({s.getColumn(0).getString(), s.getColumn(1).getString()});
      if (it == index.end()) throw CorruptStore("an agency handover has no succession");
      return *it->second;
    };
    rows("SELECT plan_id, agency_id, ord, to_agency FROM agency_handovers" + where + "ORDER BY plan_id, agency_id, ord",
         [&](auto& s) { find(s).to.push_back({s.getColumn(3).getString(), {}, {}}); });
    rows("SELECT plan_id, agency_id, ord, kind, item_id FROM agency_handover_items" + where +
             "ORDER BY plan_id, agency_id, ord, kind, pos",
         [&](auto& s) {
           auto& to = find(s).to;
           const auto k = static_cast<std::size_t>(s.getColumn(2).getInt64());
           if (k >= to.size()) throw CorruptStore("an agency handover item has no handover");
           (s.getColumn(3).getString() == "task" ? to[k].tasks : to[k].duties).push_back(s.getColumn(4).getString());
         });
    std::map<std::pair<std::string, std::string>, Agency*> joined;
    rows("SELECT plan_id, joined_by, id, name, short_name, kind, level, unit, parent, valid_from, valid_to FROM agencies" +
             where + "AND joined_by IS NOT NULL ORDER BY plan_id, ord",
         [&](auto& s) { find(s).joining.push_back(agency_of(s, 2)); });
    for (auto& [plan, list] : out) {
      for (auto& a : list) {
        for (auto& j : a.joining) joined[{plan, j.id}] = &j;
      }
    }
    if (!joined.empty()) {
      rows("SELECT l.plan_id, l.agency_id, l.alias FROM agency_aliases l JOIN agencies g ON g.plan_id = l.plan_id AND "
           "g.id = l.agency_id WHERE (?1 IS NULL OR l.plan_id = ?1) AND g.joined_by IS NOT NULL "
           "ORDER BY l.plan_id, l.agency_id, l.ord",
           [&](auto& s) {
             const auto it = joined.find({s.getColumn(0).getString(), s.getColumn(1).getString()});
             if (it != joined.end()) it->second->aliases.push_back(s.getColumn(2).getString());
           });
    }
    return out;
  }

  void insert_agency_succession(const AgencySuccession& a) override {
    {
      SQLite::Statement s(db, "INSERT INTO agency_successions (plan_id, agency_id, seq, date, basis) VALUES (?1, ?2, "
                              "(SELECT coalesce(max(seq), 0) + 1 FROM agency_successions WHERE plan_id = ?1), ?3, ?4)");
      s.bind(1, a.plan_id);
      s.bind(2, a.agency_id);
      s.bind(3, iso(a.date));
      bind_opt(s, 4, a.basis);
      s.exec();
    }
    SQLite::Statement agency(db,
        "INSERT INTO agencies (plan_id, id, ord, name, short_name, kind, level, unit, parent, valid_from, valid_to, "
        "joined_by) VALUES (?1, ?2, (SELECT max(ord) + 1 FROM agencies WHERE plan_id = ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11)");
    SQLite::Statement alias(db, "INSERT INTO agency_aliases (plan_id, agency_id, ord, alias) VALUES (?, ?, ?, ?)");
    for (const auto& j : a.joining) {
      agency.reset();
      agency.bind(1, a.plan_id);
      agency.bind(2, j.id);
      agency.bind(11, a.agency_id);
      insert_agency(agency, 3, alias, a.plan_id, j);
    }
    SQLite::Statement handover(db, "INSERT INTO agency_handovers (plan_id, agency_id, ord, to_agency) VALUES (?, ?, ?, ?)");
    SQLite::Statement item(db,
        "INSERT INTO agency_handover_items (plan_id, agency_id, ord, kind, pos, item_id) VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t k = 0; k < a.to.size(); ++k) {
      const auto& h = a.to[k];
      handover.reset();
      SQLite::bind(handover, a.plan_id, a.agency_id, static_cast<int64_t>(k), h.agency_id);
      handover.exec();
      for (const auto& [kind, list] : {std::pair{"task", &h.tasks}, std::pair{"duty", &h.duties}}) {
        for (std::size_t m = 0; m < list->size(); ++m) {
          item.reset();
          SQLite::bind(item, a.plan_id, a.agency_id, static_cast<int64_t>(k), kind, static_cast<int64_t>(m), (*list)[m]);
          item.exec();
        }
      }
    }
  }

  std::vector<store_port::StoredRevision> revisions(std::string_view plan_id) override {
    std::vector<store_port::StoredRevision> out;
    if (!has_revisions(db)) return out;
    SQLite::Statement s(db, "SELECT revision, in_force_from, amending_number, amending_date, amending_issuer, recorded_at, "
                            "document FROM plan_revisions WHERE plan_id = ? ORDER BY revision");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      store_port::StoredRevision r;
      r.revision.plan_id = std::string(plan_id);
      r.revision.revision = s.getColumn(0).getInt();
      r.revision.in_force_from = parse_iso_date(s.getColumn(1).getString());
      if (!s.getColumn(2).isNull()) {
        r.revision.amendment = Amendment{s.getColumn(2).getString(), parse_iso_date(s.getColumn(3).getString()),
                                         s.getColumn(4).getString(), r.revision.in_force_from};
      }
      r.recorded_at = s.getColumn(5).getString();
      r.document = s.getColumn(6).getString();
      out.push_back(std::move(r));
    }
    return out;
  }

  void insert_revision(const store_port::StoredRevision& r) override {
    SQLite::Statement s(db, "INSERT INTO plan_revisions (plan_id, revision, in_force_from, amending_number, amending_date, "
                            "amending_issuer, recorded_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, r.revision.plan_id);
    s.bind(2, r.revision.revision);
    s.bind(3, iso(r.revision.in_force_from));
    if (r.revision.amendment) {
      s.bind(4, r.revision.amendment->number);
      s.bind(5, iso(r.revision.amendment->date));
      s.bind(6, r.revision.amendment->issuer);
    }
    s.bind(7, r.recorded_at);
    s.bind(8, r.document);
    s.exec();
  }

  std::vector<std::pair<std::string, std::string>> earlier_in_force(
      Date day, std::optional<std::string_view> plan_id, const std::optional<std::string>& known_at) override {
    std::vector<std::pair<std::string, std::string>> out;
    if (!has_revisions(db)) return out;
    // Per amended plan: the last revision in force on the day (1 before any)
    // among those recorded by ?3 (when given), when not its last.
    CachedStatement s(statements,
        "WITH amended AS (SELECT plan_id, max(revision) AS last, coalesce(max(CASE WHEN in_force_from <= ?1 "
        "AND (?3 IS NULL OR revision = 1 OR recorded_at <= ?3) THEN revision END), 1) AS in_force "
        "FROM plan_revisions WHERE ?2 IS NULL OR plan_id = ?2 GROUP BY plan_id) "
        "SELECT r.plan_id, r.document FROM amended a JOIN plan_revisions r ON r.plan_id = a.plan_id AND "
        "r.revision = a.in_force WHERE a.in_force < a.last ORDER BY r.plan_id");
    s.bind(1, iso(day));
    if (plan_id) s.bind(2, std::string(*plan_id));
    else s.bind(2);
    if (known_at) s.bind(3, *known_at);
    else s.bind(3);
    while (s.executeStep()) out.emplace_back(s.getColumn(0).getString(), s.getColumn(1).getString());
    return out;
  }

  void replace(const Plan& plan) override {
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    for (const auto& [sql, binds] : keep_statements(version, "?1")) {
      SQLite::Statement s(db, sql);
      if (binds) s.bind(1, plan.id);
      s.exec();
    }
    remove(plan.id);
    insert(plan);
    for (const auto& sql : restore_statements(version)) db.exec(sql);
  }

 private:
  // Rows of `sql` (one `?` for the plan id, ordered by ord) through `row`.
  template <class F>
  void each(const char* sql, std::string_view plan_id, F row) {
    CachedStatement s(statements, sql);
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) row(s);
  }

  SQLite::Database& db;
  StatementCache& statements;
};

}  // namespace

std::unique_ptr<store_port::PlanRepository> make_plan_repository(SQLite::Database& db, StatementCache& statements) {
  return std::make_unique<SqlitePlans>(db, statements);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
