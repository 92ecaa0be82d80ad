// The JSON and CSV codec of the metrics (PlanMetrics, UnitMetrics,
// ReportingRollup), with the names of METRICS.md.

#include <kehoach/metrics.hpp>
#include <kehoach/text.hpp>

#include "codec/csv.hpp"
#include "codec/rate_json.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <sstream>

namespace kehoach {
inline namespace v1 {

// ---- JSON ----

namespace {

using ordered = nlohmann::ordered_json;

ordered opt(const std::optional<double>& v) { return v ? ordered(*v) : ordered(nullptr); }
ordered opt(const std::optional<Date>& d) { return d ? ordered(format_iso_date(*d)) : ordered(nullptr); }

ordered rate_json(const Rate& r) { return rate_codec::write_rate(r); }

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
  if (m.known_at) o["known_at"] = *m.known_at;
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
                            {"deadline", format_iso_date(x.deadline)}, {"submitted", opt(x.submitted)},
                            {"responsible", x.responsible ? ordered(*x.responsible) : ordered(nullptr)}});
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
                               {"reports", rate_json(a.reports)}, {"compliance", rate_json(a.compliance)},
                               {"inherited", ordered{{"tasks", a.task_inherited}, {"reports", a.report_inherited}}},
                               {"ended", opt(a.ended)}});
  }
  o["agencies"] = agencies;
  o["plan_compliance"] = rate_json(m.plan_compliance);
  ordered orphaned = ordered::array();
  for (const auto& x : m.orphaned) {
    ordered period = x.period ? ordered{{"start", format_iso_date(x.period->start)}, {"end", format_iso_date(x.period->end)}}
                              : ordered(nullptr);
    orphaned.push_back(ordered{{"kind", x.kind}, {"item", x.item_id}, {"agency", x.agency_id}, {"due", format_iso_date(x.due)},
                               {"year", x.year ? ordered(*x.year) : ordered(nullptr)}, {"period", period}});
  }
  o["orphaned"] = orphaned;
  return o;
}

}  // namespace

std::string write_metrics_json(const PlanMetrics& metrics) { return plan_json(metrics).dump(2, ' ', false); }

std::string write_metrics_json(std::span<const PlanMetrics> metrics) {
  ordered list = ordered::array();
  for (const auto& m : metrics) list.push_back(plan_json(m));
  return list.dump(2, ' ', false);
}

std::string write_metrics_csv(std::span<const PlanMetrics> metrics) {
  std::ostringstream out;
  out << "plan,as_of,target,item,indicator,actual,expected,status,attainment\n";
  auto number = [](std::optional<double> v) {
    if (!v) return std::string();
    std::ostringstream s;
    s << std::setprecision(17) << *v;
    return s.str();
  };
  for (const auto& m : metrics) {
    for (const auto& t : m.targets) {
      out << csv::csv_cell(m.plan_id) << "," << format_iso_date(m.as_of) << "," << csv::csv_cell(t.target_id) << "," << csv::csv_cell(t.code)
          << "," << t.indicator << "," << number(t.actual) << "," << number(t.expected) << "," << to_code(t.status) << ","
          << number(t.attainment) << "\n";
    }
  }
  return out.str();
}

std::string write_metrics_json(const UnitMetrics& u) {
  ordered o;
  o["scope"] = ordered{{"unit", u.unit}};
  if (u.boundaries) o["scope"]["boundaries"] = format_iso_date(*u.boundaries);
  o["as_of"] = format_iso_date(u.as_of);
  if (u.known_at) o["known_at"] = *u.known_at;
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
  if (r.boundaries) o["scope"]["boundaries"] = format_iso_date(*r.boundaries);
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

