// National-scale benchmark of the C++ library (issue 9; docs/performance.md).
//
//   kehoach_bench_national generate --db PATH [--provinces P] [--communes N] [--cases C] [--runs R]
//       makes the seeded synthetic data (benchmarks/synthetic.hpp), loads it
//       into a new store through the public API R times and reports import
//       throughput;
//   kehoach_bench_national measure --db PATH [--runs R]
//       on such a store: all metrics for all communes rolled up to the
//       provinces and the nation, the case indicators of every province and
//       the nation, one commune's dashboard;
//   kehoach_bench_national all ...   both, in one process (the smoke test).
//
// PATH may be a PostgreSQL URI whose search_path names one schema (as
// benchmarks/run --engine postgres passes): each load then drops that schema
// and makes it again, as a file store is deleted.
//
// Prints one JSON document (also written to --out PATH when given). Each
// timing is the median of R runs with min and max; peak memory is the
// process's maximum resident set.

#include "synthetic.hpp"

#include <libpq-fe.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>

using namespace kehoach;
using Clock = std::chrono::steady_clock;
using nlohmann::ordered_json;

namespace {

struct Stat {
  double median, min, max;
};

Stat measure(int runs, const std::function<void()>& f) {
  std::vector<double> seconds;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    f();
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return {seconds[seconds.size() / 2], seconds.front(), seconds.back()};
}

ordered_json stat_json(const Stat& s, const char* unit, double scale = 1.0) {
  return {{"median", s.median * scale}, {"min", s.min * scale}, {"max", s.max * scale}, {"unit", unit}};
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Rate statistics (per second) from the seconds of each run.
ordered_json rate_json(std::vector<double> seconds, double count, const char* unit) {
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  return {{"median", count / median}, {"min", count / seconds.back()}, {"max", count / seconds.front()}, {"unit", unit},
          {"seconds_median", median}};
}

bool is_uri(const std::string& db) { return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0; }

// Empties the store at `db`: deletes a file store; drops and makes again the
// schema a PostgreSQL URI's search_path names.
void reset(const std::string& db) {
  if (!is_uri(db)) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
    return;
  }
  PGconn* c = PQconnectdb(db.c_str());
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);  // "drop cascades to …"
  auto run = [&](const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    std::string value = ok && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    const std::string why = PQerrorMessage(c);
    PQclear(r);
    if (!ok) {
      PQfinish(c);
      throw std::runtime_error("cannot empty the benchmark's schema: " + why);
    }
    return value;
  };
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to the benchmark's database: " + why);
  }
  const std::string schema = run("SELECT current_setting('search_path')");
  if (schema.empty() || schema.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    PQfinish(c);
    throw std::runtime_error("the benchmark's URI must set search_path to one schema (options=-csearch_path%3Dbench)");
  }
  run("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  run("CREATE SCHEMA " + schema);
  PQfinish(c);
}

// Loads the generated data into a new store `runs` times (the store of the
// last run is kept for `measure`) and reports each throughput as the median
// of the runs, with min and max.
void generate(const bench::Scale& scale, const std::string& db, int runs, ordered_json& out) {
  auto g = bench::generate(scale);
  out["scale"] = {{"provinces", scale.provinces}, {"communes", scale.communes}, {"cases", scale.cases},
                  {"plans", g.plans.size()}, {"seed", scale.seed}};
  const std::size_t record_rows = g.records.observations.size() + g.records.submissions.size() +
                                  g.records.allocations.size() + g.records.expenditures.size();
  // A case is one row of `cases` and one per violence type, measure, service and referral.
  std::size_t cases = 0, rows = 0;
  for (const auto& batch : g.cases_by_province) {
    for (const auto& c : batch) rows += 1 + c.violence.size() + c.measures.size() + c.services.size() + c.referrals.size();
    cases += batch.size();
  }
  std::vector<double> plan_s, record_s, case_s;
  for (int run = 0; run < runs; ++run) {
    reset(db);
    auto store = Store::open(db);
    store.import_units(g.units);
    // Plans: all in one transaction.
    auto t = Clock::now();
    store.import_plans(g.plans);
    plan_s.push_back(seconds_since(t));
    // Observations, report submissions, allocations and expenditures: one call.
    t = Clock::now();
    store.record(g.records);
    record_s.push_back(seconds_since(t));
    // Cases: one batch per province, by a case worker of the province.
    t = Clock::now();
    for (std::size_t p = 0; p < g.cases_by_province.size(); ++p) {
      const Principal worker{"bench", Role::case_worker, g.province_codes[p], false};
      store.record_cases(worker, g.cases_by_province[p]);
    }
    case_s.push_back(seconds_since(t));
  }
  out["plan_import"] = {{"plans", g.plans.size()}, {"plans_per_second", rate_json(plan_s, static_cast<double>(g.plans.size()), "plans/s")}};
  out["records_import"] = {{"rows", record_rows}, {"rows_per_second", rate_json(record_s, static_cast<double>(record_rows), "rows/s")}};
  out["case_import"] = {{"cases", cases}, {"rows", rows},
                        {"cases_per_second", rate_json(case_s, static_cast<double>(cases), "cases/s")},
                        {"rows_per_second", rate_json(case_s, static_cast<double>(rows), "rows/s")}};
}

void measure_store(const std::string& db, int runs, ordered_json& out) {
  auto store = Store::open(db, StoreOptions{.create = false});
  std::vector<std::string> provinces;
  for (const auto& u : store.units()) {
    if (u.level == Level::province) provinces.push_back(u.code);
  }
  const auto ids = store.plan_ids();
  if (provinces.empty() || ids.empty()) throw std::runtime_error(db + ": not a benchmark store (no provinces or plans)");
  const Date as_of = bench::day(2025, 12, 31);
  const Period year = period_of(PeriodType::year, 2025, 1);
  out["store"] = {{"provinces", provinces.size()}, {"plans", ids.size()}, {"as_of", format_iso_date(as_of)}};

  // Every plan's metrics (targets, tasks, reporting, budget, compliance) for
  // every commune, summed per province and over the provinces for the nation.
  std::int64_t expected = 0, received = 0, on_time = 0, cases = 0, served = 0;
  auto plan_metrics = [&] {
    expected = received = on_time = 0;
    for (const auto& p : provinces) {
      const auto u = store.unit_metrics(p, as_of);
      expected += u.reports_expected;
      received += u.reports_received;
      on_time += u.reports_on_time;
    }
  };
  // Case indicators of each province as its officers get them (disclosure
  // controlled), and the nation's as the sum of the provinces.
  auto case_indicators = [&] {
    cases = served = 0;
    for (const auto& p : provinces) {
      const Principal officer{"bench-officer", Role::officer, p, false};
      const auto x = store.case_indicators(officer, p, year, as_of);
      cases += x.cases.value.value_or(0);
      served += x.cases_with_service.value.value_or(0);
    }
  };
  out["national_metrics"] = stat_json(measure(runs, [&] {
    plan_metrics();
    case_indicators();
  }), "s");
  out["national_plan_metrics"] = stat_json(measure(runs, plan_metrics), "s");
  out["national_case_indicators"] = stat_json(measure(runs, case_indicators), "s");
  // The reporting of every province from the expected reports kept at write
  // time: what a portal's reporting roll-up asks, without the other metrics.
  std::int64_t rolled = 0;
  out["national_reporting_rollup"] = stat_json(measure(runs, [&] {
    rolled = 0;
    for (const auto& p : provinces) rolled += store.reporting_rollup(p, as_of).received;
  }), "s");
  if (rolled != received) throw std::runtime_error("the reporting roll-up disagrees with the plans' metrics");
  out["nation"] = {{"reports_expected", expected}, {"reports_received", received}, {"reports_on_time", on_time},
                   {"cases_2025", cases}, {"cases_2025_with_service", served}};

  // One commune's dashboard: its plan's metrics and its case indicators over
  // the plan's five years, as its case workers see them.
  const Plan plan = store.load_plan(ids.front());
  const Principal worker{"bench", Role::case_worker, plan.unit, false};
  std::int64_t check = 0;
  out["commune_dashboard"] = stat_json(measure(std::max(runs, 5), [&] {
    check += store.plan_metrics(plan.id, as_of).reporting.expected;
    check += store.case_indicators(worker, plan.unit, plan.period, as_of).cases.value.value_or(0);
  }), "ms", 1000.0);
  out["commune_dashboard"]["unit"] = "ms";
  out["commune_dashboard"]["commune"] = plan.unit;
  out["checksum"] = check;
}

int usage() {
  std::cerr << "usage: kehoach_bench_national generate|measure|all --db PATH [--provinces P] [--communes N] [--cases C] "
               "[--runs R] [--out FILE]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string mode = argv[1];
  if (mode != "generate" && mode != "measure" && mode != "all") return usage();
  bench::Scale scale;
  int runs = 3;
  std::string db, out_file;
  for (int i = 2; i < argc; i += 2) {
    const std::string k = argv[i];
    if (i + 1 >= argc) return usage();
    const char* v = argv[i + 1];
    if (k == "--communes") scale.communes = std::atoi(v);
    else if (k == "--provinces") scale.provinces = std::atoi(v);
    else if (k == "--cases") scale.cases = std::atoi(v);
    else if (k == "--runs") runs = std::atoi(v);
    else if (k == "--db") db = v;
    else if (k == "--out") out_file = v;
    else return usage();
  }
  if (db.empty() || runs < 1 || scale.provinces < 1 || scale.communes < scale.provinces || scale.cases < 0) return usage();
  ordered_json out;
  try {
    if (mode != "measure") generate(scale, db, runs, out);
    if (mode != "generate") measure_store(db, runs, out);
  } catch (const std::exception& e) {
    std::cerr << "kehoach_bench_national: " << e.what() << "\n";
    return 1;
  }
  out["engine"] = is_uri(db) ? "postgresql" : "sqlite";
  out["runs"] = runs;
  out["peak_memory_mib"] = peak_mib();
  const std::string text = out.dump(2);
  std::cout << text << "\n";
  if (!out_file.empty()) std::ofstream(out_file) << text << "\n";
  return 0;
}
