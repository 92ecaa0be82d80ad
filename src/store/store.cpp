// The SQLite store: opening, schema migrations, and the repositories of plans
// and records. Every SQL text is a constant; values are always bound to
// prepared statements.

#include <kehoach/text.hpp>
#include <kehoach/validation.hpp>
#include <kehoach/version.hpp>

#include "store/migrations.hpp"
#include "store/case_cells.hpp"
#include "model/record_checks.hpp"
#include "store/expected_reports.hpp"
#include "store/store_impl.hpp"

#include <sys/statvfs.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

namespace kehoach {
inline namespace v1 {

using namespace store_detail;

// ---- plans ----

void Store::Impl::upsert_units(const Plan& p) {
    SQLite::Statement find(db, "SELECT name, level, parent, valid_from, valid_to, successor FROM admin_units WHERE code = ?");
    SQLite::Statement insert(db, "INSERT INTO admin_units (code, name, level, parent, valid_from, valid_to, successor) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.units.size(); ++i) {
      const auto& u = p.units[i];
      find.reset();
      find.bind(1, u.code);
      if (find.executeStep()) {
        const AdministrativeUnit stored{u.code, find.getColumn(0).getString(), code_of<Level>(find.getColumn(1)),
                                        opt_text(find.getColumn(2)), opt_date(find.getColumn(3)),
                                        opt_date(find.getColumn(4)), opt_text(find.getColumn(5))};
        if (!(stored == u)) {
          throw Conflict("/units/" + std::to_string(i) + ": unit '" + u.code +
                         "' is already in the store with different data (name '" + stored.name + "')");
        }
        continue;
      }
      insert.reset();
      insert.bind(1, u.code);
      insert.bind(2, u.name);
      bind_code(insert, 3, u.level);
      bind_opt(insert, 4, u.parent);
      bind_opt(insert, 5, u.valid_from);
      bind_opt(insert, 6, u.valid_to);
      bind_opt(insert, 7, u.successor);
      insert.exec();
    }
}

void Store::Impl::insert_plan(const Plan& p) {
    check(p);
    {
      SQLite::Statement exists(db, "SELECT 1 FROM plans WHERE id = ?");
      exists.bind(1, p.id);
      if (exists.executeStep()) throw Conflict("/id: plan '" + p.id + "' is already in the store");
    }
    upsert_units(p);
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
    SQLite::Statement unit(db, "INSERT INTO plan_units (plan_id, ord, code) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < p.units.size(); ++i) {
      unit.reset();
      unit.bind(1, p.id);
      unit.bind(2, static_cast<int64_t>(i));
      unit.bind(3, p.units[i].code);
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
      agency.bind(4, a.name);
      bind_opt(agency, 5, a.short_name);
      bind_code(agency, 6, a.kind);
      bind_code(agency, 7, a.level);
      bind_opt(agency, 8, a.unit);
      bind_opt(agency, 9, a.parent);
      bind_opt(agency, 10, a.valid_from);
      bind_opt(agency, 11, a.valid_to);
      agency.exec();
      for (std::size_t k = 0; k < a.aliases.size(); ++k) {
        alias.reset();
        alias.bind(1, p.id);
        alias.bind(2, a.id);
        alias.bind(3, static_cast<int64_t>(k));
        alias.bind(4, a.aliases[k]);
        alias.exec();
      }
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
    if (store_detail::expected_reports_current(db)) store_detail::insert_expected_reports(db, p);
    else store_detail::forget_expected_reports(db);
}

Plan Store::Impl::load(std::string_view plan_id, Parts parts) {
    Plan p;
    const bool all = parts == Parts::all;
    {
      store_detail::CachedStatement s(statements,
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
      each("SELECT u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to, u.successor FROM plan_units pu "
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
    each("SELECT id, name, short_name, kind, level, unit, parent, valid_from, valid_to FROM agencies "
         "WHERE plan_id = ? ORDER BY ord",
         plan_id, [&](auto& s) {
           Agency a;
           a.id = s.getColumn(0).getString();
           a.name = s.getColumn(1).getString();
           a.short_name = opt_text(s.getColumn(2));
           a.kind = code_of<AgencyKind>(s.getColumn(3));
           a.level = code_of<Level>(s.getColumn(4));
           a.unit = opt_text(s.getColumn(5));
           a.parent = opt_text(s.getColumn(6));
           a.valid_from = opt_date(s.getColumn(7));
           a.valid_to = opt_date(s.getColumn(8));
           agency_index[a.id] = p.agencies.size();
           p.agencies.push_back(std::move(a));
         });
    if (all) {
      each("SELECT agency_id, alias FROM agency_aliases WHERE plan_id = ? ORDER BY agency_id, ord", plan_id,
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


// ---- what records may refer to: one plan's ids, loaded once per call ----

namespace {

using record_checks::PlanFacts;
using record_checks::max_errors;
using record_checks::field;

class Facts {
 public:
  explicit Facts(SQLite::Database& db) : db_(db) {}

  // The facts of `plan_id`, or a ValidationError naming `path`.
  PlanFacts& of(const std::string& plan_id, const std::string& path) {
    if (auto it = cache_.find(plan_id); it != cache_.end()) return it->second;
    SQLite::Statement plan(db_, "SELECT period_start, period_end FROM plans WHERE id = ?");
    plan.bind(1, plan_id);
    if (!plan.executeStep()) throw ValidationError(path, "plan '" + plan_id + "' is not in the store");
    PlanFacts f;
    f.period = Period{date_of(plan.getColumn(0)), date_of(plan.getColumn(1))};
    auto rows = [&](const char* sql, auto row) {
      SQLite::Statement s(db_, sql);
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
    return cache_.emplace(plan_id, std::move(f)).first->second;
  }

 private:
  SQLite::Database& db_;
  std::map<std::string, PlanFacts> cache_;
};

void finish(std::vector<Diagnostic>& errors) {
  if (!errors.empty()) throw ValidationError(std::move(errors));
}


}  // namespace

// ---- Store ----

namespace {

// Whether `path` (an existing file) lies on a file system mounted read-only.
bool on_read_only_medium(const std::string& path) {
  struct statvfs st {};
  return statvfs(path.c_str(), &st) == 0 && (st.f_flag & ST_RDONLY) != 0;
}

// A SQLite URI for `path` with `query`: the path percent-encoded where a URI
// would read it otherwise.
std::string sqlite_uri(const std::string& path, const std::string& query) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file:";
  for (const unsigned char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20) {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "?" + query;
}

}  // namespace

int latest_schema_version() noexcept { return static_cast<int>(store::migrations().size()); }

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& path, const StoreOptions& options) {
  // An empty path used to open a throw-away store in memory without a word:
  // a portal whose configuration lost its path would lose every write.
  if (path.empty()) throw InvalidArgument("a store path is required (\":memory:\" for a store in memory)");
  const bool memory = path == ":memory:";
  const int target = options.schema_version == 0 ? latest_schema_version() : options.schema_version;
  if (target < 1 || target > latest_schema_version()) {
    throw InvalidArgument("schema version " + std::to_string(options.schema_version) + " does not exist");
  }
  if (options.busy_timeout_ms < 0) throw InvalidArgument("the busy timeout cannot be negative");
  if (!memory && !options.create && !std::filesystem::exists(path)) {
    throw IoError(path + ": no such store (create it with kehoach init)");
  }
  // A store on a read-only medium (a CD, a read-only mount, a snapshot) is
  // opened read-only whatever was asked: it can be read, and every write
  // fails with a message that says why. Without its write-ahead log files
  // SQLite could not open it at all; with no log there is nothing beyond the
  // main file to read, so it is opened immutable.
  std::string read_only_reason;
  bool read_only = options.read_only;
  if (!memory && std::filesystem::exists(path) && on_read_only_medium(path)) {
    read_only = true;
    read_only_reason = "it is on a read-only file system";
  }
  int flags = read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
  if (!read_only && options.create) flags |= SQLite::OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;
  return guarded(path, [&] {
    auto impl = std::make_unique<Impl>(memory ? ":memory:" : path, flags, read_only);
    if (!read_only_reason.empty()) {
      impl->read_only_reason = read_only_reason;
      // A store in WAL mode cannot be read where its WAL index cannot be
      // made. Only then, and only without a write-ahead log to read, it is
      // opened immutable: SQLite then takes no locks, so the file must not
      // change while open — true of a read-only medium, not of a read-only
      // view (a bind mount) of a file written elsewhere, which opens normally
      // above whenever it can.
      try {
        impl->db.execAndGet("PRAGMA application_id");
      } catch (const SQLite::Exception& e) {
        if ((e.getErrorCode() & 0xff) != SQLITE_CANTOPEN || std::filesystem::exists(path + "-wal")) throw;
        impl = std::make_unique<Impl>(path, sqlite_uri(path, "immutable=1"), flags | SQLITE_OPEN_URI, true);
        impl->read_only_reason = read_only_reason;
      }
    }
    auto& db = impl->db;
    db.setBusyTimeout(options.busy_timeout_ms);
    // Reading the header is the first thing that fails on a file that is not a database.
    const int app = db.execAndGet("PRAGMA application_id").getInt();
    const int version = impl->user_version();
    const bool empty = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0;
    if (app != application_id && !(app == 0 && version == 0 && empty)) {
      throw CorruptStore(path + ": the file is a SQLite database but not a kehoach store");
    }
    if (version > latest_schema_version()) {
      throw VersionError(path + ": the store has schema version " + std::to_string(version) +
                         ", newer than this library understands (" + std::to_string(latest_schema_version()) +
                         "); upgrade kehoach. The file was left untouched.");
    }
    // 16 KiB pages for a new store: bulk case imports ran 10% faster than with
    // 4 KiB (shallower B-trees, fewer page splits), queries no slower.
    if (empty && !read_only) db.exec("PRAGMA page_size = 16384");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA cache_size = -32768");  // 32 MiB of page cache: bulk writes touch large indexes
    if (!memory && !read_only) {
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
    }
    if (version < target) {
      if (read_only) {
        throw VersionError(path + ": the store has schema version " + std::to_string(version) +
                           " and needs upgrading, which a read-only store cannot do" +
                           (read_only_reason.empty() ? "" : " (" + read_only_reason + ")"));
      }
      for (const auto& m : store::migrations()) {
        if (m.version <= version || m.version > target) continue;
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        // Another process may have migrated while we waited for the lock.
        if (impl->user_version() >= m.version) continue;
        db.exec(m.sql);
        if (m.version == 8) store_detail::baseline_case_digests(*impl);
        db.exec("PRAGMA application_id = " + std::to_string(application_id));
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        for (auto [k, v] : {std::pair<std::string, std::string>{"app_id", app_name},
                            {"min_compatible_version", "1"},
                            {"created_by", std::string("kehoach ") + KEHOACH_VERSION_STRING}}) {
          if (k == "created_by" && m.version != 1) continue;
          store_detail::write_meta(db, k, v);
        }
        tx.commit();
      }
    }
    // The case aggregates (schema 5, with events from 7) are derived data:
    // made for a store that had cases before version 7, and remade when this
    // library counts into another layout than the one they were written with.
    // A store kept at version 5 or 6 (StoreOptions::schema_version) has none
    // in use: its case indicators read the case tables.
    if (impl->user_version() >= 7 && !read_only && !store_detail::cells_current(db)) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      if (!store_detail::cells_current(db)) store_detail::rebuild_cells(db);
      tx.commit();
    }
    // Likewise the expected reports (schema 6) of plans imported before version 6.
    if (impl->user_version() >= 6 && !read_only && !store_detail::expected_reports_current(db)) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      if (!store_detail::expected_reports_current(db)) {
        db.exec("DELETE FROM expected_reports");
        std::vector<std::string> ids;
        SQLite::Statement s(db, "SELECT id FROM plans ORDER BY id");
        while (s.executeStep()) ids.push_back(s.getColumn(0).getString());
        for (const auto& id : ids) store_detail::insert_expected_reports(db, impl->load(id));
        store_detail::mark_expected_reports_current(db);
      }
      tx.commit();
    }
    return Store(std::move(impl));
  });
}

bool Store::read_only() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return impl_->read_only;
}

int Store::schema_version() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] { return impl_->user_version(); });
}

const std::string& Store::path() const noexcept { return impl_->path; }

void Store::import_plan(const Plan& plan) { import_plans(std::span<const Plan>(&plan, 1)); }

PlanDocument Store::import_plan_json(std::string_view json) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  PlanDocument doc = read_plan_json(json);
  import_plan(doc.plan);
  return doc;
}

void Store::import_plans(std::span<const Plan> plans) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    for (std::size_t i = 0; i < plans.size(); ++i) {
      try {
        impl_->insert_plan(plans[i]);
      } catch (const ValidationError& e) {
        if (plans.size() == 1) throw;
        auto errors = e.errors();
        for (auto& d : errors) d.path = "/" + std::to_string(i) + d.path;
        throw ValidationError(std::move(errors));
      }
    }
    tx.commit();
  });
}

bool Store::has_plan(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    SQLite::Statement s(impl_->db, "SELECT 1 FROM plans WHERE id = ?");
    s.bind(1, std::string(plan_id));
    return s.executeStep();
  });
}

Plan Store::load_plan(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    // One read transaction, so the parts come from one snapshot.
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::DEFERRED);
    Plan p = impl_->load(plan_id);
    tx.commit();
    return p;
  });
}

std::string Store::export_plan_json(std::string_view plan_id) const { return write_plan_json(load_plan(plan_id)); }

std::vector<std::string> Store::plan_ids() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<std::string> out;
    SQLite::Statement s(impl_->db, "SELECT id FROM plans ORDER BY id");
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  });
}

void Store::remove_plan(std::string_view plan_id) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::string id(plan_id);
    for (const char* sql : {"DELETE FROM manual_statuses WHERE plan_id = ?", "DELETE FROM report_submissions WHERE plan_id = ?", "DELETE FROM expenditures WHERE plan_id = ?",
                            "DELETE FROM allocations WHERE plan_id = ?", "DELETE FROM task_updates WHERE plan_id = ?",
                            "DELETE FROM observations WHERE plan_id = ?", "DELETE FROM task_collaborators WHERE plan_id = ?",
                            "DELETE FROM duty_reporters WHERE plan_id = ?", "DELETE FROM duty_sub_periods WHERE plan_id = ?",
                            "DELETE FROM milestones WHERE plan_id = ?", "DELETE FROM agency_aliases WHERE plan_id = ?",
                            "DELETE FROM annual_funding WHERE plan_id = ?", "DELETE FROM reporting_duties WHERE plan_id = ?",
                            "DELETE FROM tasks WHERE plan_id = ?", "DELETE FROM targets WHERE plan_id = ?",
                            "DELETE FROM funding_sources WHERE plan_id = ?", "DELETE FROM agencies WHERE plan_id = ?",
                            "DELETE FROM legal_bases WHERE plan_id = ?", "DELETE FROM plan_units WHERE plan_id = ?",
                            "DELETE FROM plan_texts WHERE plan_id = ?"}) {
      SQLite::Statement s(impl_->db, sql);
      s.bind(1, id);
      s.exec();
    }
    SQLite::Statement s(impl_->db, "DELETE FROM plans WHERE id = ?");
    s.bind(1, id);
    if (s.exec() == 0) throw NotFound("plan '" + id + "' is not in the store");
    tx.commit();
  });
}

std::vector<AdministrativeUnit> Store::units() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<AdministrativeUnit> out;
    SQLite::Statement s(impl_->db,
                        "SELECT code, name, level, parent, valid_from, valid_to, successor FROM admin_units ORDER BY code");
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), code_of<Level>(s.getColumn(2)),
                     opt_text(s.getColumn(3)), opt_date(s.getColumn(4)), opt_date(s.getColumn(5)), opt_text(s.getColumn(6))});
    }
    return out;
  });
}

// ---- observations ----

static void record_observations_in(Store::Impl& impl, Facts& facts, std::span<const Observation> rows, const std::string& prefix) {
    std::vector<Diagnostic> errors;
    // The checks build no string unless a row fails: this loop runs per row of bulk writes.
    const std::string* last_plan = nullptr;
    PlanFacts* f = nullptr;
    for (std::size_t i = 0; i < rows.size() && errors.size() < max_errors; ++i) {
      const auto& o = rows[i];
      if (!last_plan || *last_plan != o.plan_id) {
        f = &facts.of(o.plan_id, prefix + field(i, "plan_id"));
        last_plan = &o.plan_id;
      }
      record_checks::check_observation(*f, o, i, prefix, errors);
    }
    finish(errors);
    SQLite::Statement insert(impl.db,
        "INSERT INTO observations (plan_id, target_id, date, value, numerator, denominator) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& o : rows) {
      insert.reset();
      // The rows outlive each exec(): no copies of the ids.
      insert.bindNoCopy(1, o.plan_id);
      insert.bindNoCopy(2, o.target_id);
      insert.bind(3, iso(o.date));
      insert.bind(4, o.value);
      bind_opt(insert, 5, o.numerator);
      bind_opt(insert, 6, o.denominator);
      insert.exec();
    }
}

std::vector<Observation> Store::observations(std::string_view plan_id, std::string_view target_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<Observation> out;
    SQLite::Statement s(impl_->db,
        "SELECT date, value, numerator, denominator FROM observations WHERE plan_id = ? AND target_id = ? ORDER BY date, id");
    s.bind(1, std::string(plan_id));
    s.bind(2, std::string(target_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), std::string(target_id), date_of(s.getColumn(0)), s.getColumn(1).getDouble(),
                     opt_real(s.getColumn(2)), opt_real(s.getColumn(3))});
    }
    return out;
  });
}

std::size_t Store::observation_count() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    return static_cast<std::size_t>(impl_->db.execAndGet("SELECT count(*) FROM observations").getInt64());
  });
}

// ---- task updates ----

static void record_task_updates_in(Store::Impl& impl, Facts& facts, std::span<const TaskUpdate> rows, const std::string& prefix) {
    std::vector<Diagnostic> errors;
    SQLite::Statement insert(impl.db,
        "INSERT INTO task_updates (plan_id, task_id, date, by_whom, old_status, new_status, old_progress, new_progress, "
        "completed_on, note, occurrence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement last_of_occurrence(impl.db,
        "SELECT new_status, new_progress FROM task_updates WHERE plan_id = ? AND task_id = ? AND occurrence = ? "
        "ORDER BY id DESC LIMIT 1");
    std::map<std::pair<std::string, int>, std::pair<TaskStatus, std::optional<double>>> occurrence_state;
    for (std::size_t i = 0; i < rows.size() && errors.size() < max_errors; ++i) {
      const auto& u = rows[i];
      auto& f = facts.of(u.plan_id, prefix + field(i, "plan_id"));
      const std::size_t before_row = errors.size();
      record_checks::check_task_update(f, u, i, prefix, errors);
      if (errors.size() != before_row) continue;
      const auto task = f.tasks.find(u.task_id);
      if (!errors.empty()) continue;
      // The state this update replaces: of the same occurrence, for a yearly task.
      std::pair<TaskStatus, std::optional<double>> before = task->second;
      if (u.occurrence) {
        const auto key = std::make_pair(u.plan_id + "\n" + u.task_id, *u.occurrence);
        if (auto it = occurrence_state.find(key); it != occurrence_state.end()) {
          before = it->second;
        } else {
          last_of_occurrence.reset();
          last_of_occurrence.bind(1, u.plan_id);
          last_of_occurrence.bind(2, u.task_id);
          last_of_occurrence.bind(3, *u.occurrence);
          before = last_of_occurrence.executeStep()
                       ? std::make_pair(code_of<TaskStatus>(last_of_occurrence.getColumn(0)), opt_real(last_of_occurrence.getColumn(1)))
                       : std::make_pair(TaskStatus::planned, std::optional<double>{});
        }
      }
      const auto [old_status, old_progress] = before;
      const std::optional<double> new_progress = u.status == TaskStatus::done ? std::optional<double>(100) : u.progress;
      insert.reset();
      insert.bind(1, u.plan_id);
      insert.bind(2, u.task_id);
      insert.bind(3, iso(u.date));
      insert.bind(4, u.by);
      bind_code(insert, 5, old_status);
      bind_code(insert, 6, u.status);
      bind_opt(insert, 7, old_progress);
      bind_opt(insert, 8, new_progress);
      bind_opt(insert, 9, u.completed_on);
      bind_opt(insert, 10, u.note);
      bind_opt(insert, 11, u.occurrence);
      insert.exec();
      if (u.occurrence) {
        occurrence_state[std::make_pair(u.plan_id + "\n" + u.task_id, *u.occurrence)] = {u.status, new_progress};
      } else {
        task->second = {u.status, new_progress};
      }
    }
    finish(errors);
}

std::vector<TaskChange> Store::task_history(std::string_view plan_id, std::string_view task_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<TaskChange> out;
    SQLite::Statement s(impl_->db,
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
  });
}

// ---- budget ----


static void record_allocations_in(Store::Impl& impl, Facts& facts, std::span<const Allocation> rows, const std::string& prefix) {
    std::vector<Diagnostic> errors;
    for (std::size_t i = 0; i < rows.size() && errors.size() < max_errors; ++i) {
      const auto& a = rows[i];
      record_checks::check_allocation(facts.of(a.plan_id, prefix + field(i, "plan_id")), a, i, prefix, errors);
    }
    finish(errors);
    SQLite::Statement insert(impl.db,
        "INSERT INTO allocations (plan_id, year, source_id, agency_id, task_id, dated, amount) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& a : rows) {
      insert.reset();
      insert.bind(1, a.plan_id);
      insert.bind(2, a.year);
      insert.bind(3, a.source_id);
      insert.bind(4, a.agency_id);
      bind_opt(insert, 5, a.task_id);
      insert.bind(6, iso(a.dated));
      insert.bind(7, static_cast<int64_t>(a.amount.value()));
      insert.exec();
    }
}

std::vector<Allocation> Store::allocations(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<Allocation> out;
    SQLite::Statement s(impl_->db,
        "SELECT year, source_id, agency_id, task_id, dated, amount FROM allocations WHERE plan_id = ? ORDER BY id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), s.getColumn(0).getInt(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                     opt_text(s.getColumn(3)), date_of(s.getColumn(4)), Dong{s.getColumn(5).getInt64()}});
    }
    return out;
  });
}

static void record_expenditures_in(Store::Impl& impl, Facts& facts, std::span<const Expenditure> rows, const std::string& prefix) {
    std::vector<Diagnostic> errors;
    for (std::size_t i = 0; i < rows.size() && errors.size() < max_errors; ++i) {
      const auto& e = rows[i];
      record_checks::check_expenditure(facts.of(e.plan_id, prefix + field(i, "plan_id")), e, i, prefix, errors);
    }
    finish(errors);
    SQLite::Statement insert(impl.db,
        "INSERT INTO expenditures (plan_id, date, source_id, agency_id, task_id, amount) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& e : rows) {
      insert.reset();
      insert.bind(1, e.plan_id);
      insert.bind(2, iso(e.date));
      insert.bind(3, e.source_id);
      insert.bind(4, e.agency_id);
      bind_opt(insert, 5, e.task_id);
      insert.bind(6, static_cast<int64_t>(e.amount.value()));
      insert.exec();
    }
}

std::vector<Expenditure> Store::expenditures(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<Expenditure> out;
    SQLite::Statement s(impl_->db,
        "SELECT date, source_id, agency_id, task_id, amount FROM expenditures WHERE plan_id = ? ORDER BY date, id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), date_of(s.getColumn(0)), s.getColumn(1).getString(), s.getColumn(2).getString(),
                     opt_text(s.getColumn(3)), Dong{s.getColumn(4).getInt64()}});
    }
    return out;
  });
}

// ---- report submissions ----

static void record_submissions_in(Store::Impl& impl, Facts& facts, std::span<const ReportSubmission> rows, const std::string& prefix) {
    std::vector<Diagnostic> errors;
    for (std::size_t i = 0; i < rows.size() && errors.size() < max_errors; ++i) {
      const auto& r = rows[i];
      record_checks::check_submission(facts.of(r.plan_id, prefix + field(i, "plan_id")), r, i, prefix, errors);
    }
    finish(errors);
    SQLite::Statement insert(impl.db,
        "INSERT INTO report_submissions (plan_id, duty_id, reporter, period_start, period_end, submitted) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& r : rows) {
      insert.reset();
      SQLite::bind(insert, r.plan_id, r.duty_id, r.reporter, iso(r.period.start), iso(r.period.end), iso(r.submitted));
      insert.exec();
    }
    if (expected_reports_current(impl.db)) note_submissions(impl.db, rows);
    else forget_expected_reports(impl.db);
}

std::vector<ReportSubmission> Store::submissions(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<ReportSubmission> out;
    SQLite::Statement s(impl_->db,
        "SELECT duty_id, reporter, period_start, period_end, submitted FROM report_submissions WHERE plan_id = ? ORDER BY id");
    s.bind(1, std::string(plan_id));
    while (s.executeStep()) {
      out.push_back({std::string(plan_id), s.getColumn(0).getString(), s.getColumn(1).getString(),
                     Period{date_of(s.getColumn(2)), date_of(s.getColumn(3))}, date_of(s.getColumn(4))});
    }
    return out;
  });
}

void Store::record_observations(std::span<const Observation> rows) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    Facts facts(impl_->db);
    record_observations_in(*impl_, facts, rows, "");
    tx.commit();
  });
}

void Store::record_task_updates(std::span<const TaskUpdate> rows) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    Facts facts(impl_->db);
    record_task_updates_in(*impl_, facts, rows, "");
    tx.commit();
  });
}

void Store::record_allocations(std::span<const Allocation> rows) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    Facts facts(impl_->db);
    record_allocations_in(*impl_, facts, rows, "");
    tx.commit();
  });
}

void Store::record_expenditures(std::span<const Expenditure> rows) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    Facts facts(impl_->db);
    record_expenditures_in(*impl_, facts, rows, "");
    tx.commit();
  });
}

void Store::record_submissions(std::span<const ReportSubmission> rows) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    Facts facts(impl_->db);
    record_submissions_in(*impl_, facts, rows, "");
    tx.commit();
  });
}

void Store::record(const RecordBatch& batch) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(impl_->path, [&] {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    Facts facts(impl_->db);
    record_observations_in(*impl_, facts, batch.observations, "/observations");
    record_task_updates_in(*impl_, facts, batch.task_updates, "/task_updates");
    record_allocations_in(*impl_, facts, batch.allocations, "/allocations");
    record_expenditures_in(*impl_, facts, batch.expenditures, "/expenditures");
    record_submissions_in(*impl_, facts, batch.submissions, "/submissions");
    tx.commit();
  });
}

std::vector<std::string> Store::check_integrity() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(impl_->path, [&] {
    std::vector<std::string> problems;
    SQLite::Statement integrity(impl_->db, "PRAGMA integrity_check");
    while (integrity.executeStep()) {
      const std::string line = integrity.getColumn(0).getString();
      if (line != "ok") problems.push_back(line);
    }
    SQLite::Statement fk(impl_->db, "PRAGMA foreign_key_check");
    while (fk.executeStep()) {
      problems.push_back("foreign key violation in " + fk.getColumn(0).getString() + " row " + fk.getColumn(1).getString());
    }
    return problems;
  });
}

}  // namespace v1
}  // namespace kehoach
