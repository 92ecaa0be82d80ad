// National-scale benchmark: generates synthetic data (benchmarks/synthetic.hpp),
// loads it through the public API, and measures import throughput, all
// metrics for all communes with roll-ups to provinces, one commune's
// dashboard, and peak memory. Prints one JSON document. Each measurement is
// the median of several runs, with min and max.
//   kehoach_bench_national [--communes N] [--provinces P] [--cases C] [--runs R] [--db PATH]

#include "synthetic.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>

using namespace kehoach;
using Clock = std::chrono::steady_clock;

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

nlohmann::ordered_json stat_json(const Stat& s, const char* unit, double scale = 1.0) {
  return {{"median", s.median * scale}, {"min", s.min * scale}, {"max", s.max * scale}, {"unit", unit}};
}

}  // namespace

int main(int argc, char** argv) {
  bench::Scale scale;
  int runs = 3;
  std::string db = (std::filesystem::temp_directory_path() / "kehoach-national.db").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (k == "--communes") scale.communes = v;
    else if (k == "--provinces") scale.provinces = v;
    else if (k == "--cases") scale.cases = v;
    else if (k == "--runs") runs = v;
    else if (k == "--db") db = argv[i + 1];
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  auto g = bench::generate(scale);
  auto store = Store::open(db);
  store.import_units(g.units);

  nlohmann::ordered_json out;
  out["scale"] = {{"provinces", scale.provinces}, {"communes", scale.communes}, {"cases", scale.cases},
                  {"plans", g.plans.size()}, {"runs", runs}};
  // Plan import: all plans in one transaction, once (the store keeps them).
  const auto t0 = Clock::now();
  store.import_plans(g.plans);
  const double plan_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  out["plan_import"] = {{"plans_per_second", static_cast<double>(g.plans.size()) / plan_seconds}, {"seconds", plan_seconds}};
  const auto t1 = Clock::now();
  store.record(g.records);
  const double record_seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  const std::size_t record_rows = g.records.observations.size() + g.records.submissions.size() +
                                  g.records.allocations.size() + g.records.expenditures.size();
  out["records_import"] = {{"rows_per_second", static_cast<double>(record_rows) / record_seconds}, {"rows", record_rows}};
  const auto t2 = Clock::now();
  std::size_t cases = 0;
  for (std::size_t p = 0; p < g.cases_by_province.size(); ++p) {
    const Principal worker{"bench", Role::case_worker, g.province_codes[p], false};
    store.record_cases(worker, g.cases_by_province[p]);
    cases += g.cases_by_province[p].size();
  }
  const double case_seconds = std::chrono::duration<double>(Clock::now() - t2).count();
  out["case_import"] = {{"cases_per_second", static_cast<double>(cases) / case_seconds}, {"cases", cases}};

  const Date as_of = bench::day(2025, 12, 31);
  const Period years = Period{bench::day(2021, 1, 1), bench::day(2025, 12, 31)};
  std::int64_t check = 0;
  const Stat national = measure(runs, [&] {
    for (const auto& province : g.province_codes) {
      const auto u = store.unit_metrics(province, as_of);
      check += u.reports_received;
    }
  });
  out["national_plan_metrics"] = stat_json(national, "s");
  const Stat case_indicators = measure(runs, [&] {
    for (const auto& province : g.province_codes) {
      const Principal officer{"bench-officer", Role::officer, province, false};
      check += store.case_indicators(officer, province, period_of(PeriodType::year, 2025, 1), as_of).cases.value.value_or(0);
    }
  });
  out["national_case_indicators_by_province"] = stat_json(case_indicators, "s");
  const std::string commune = g.plans.front().unit;
  const Stat dashboard = measure(std::max(runs, 5), [&] {
    check += store.plan_metrics(g.plans.front().id, as_of).reporting.expected;
    const Principal worker{"bench", Role::case_worker, commune, false};
    check += store.case_indicators(worker, commune, years, as_of).cases.value.value_or(0);
  });
  out["commune_dashboard"] = stat_json(dashboard, "ms", 1000.0);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  out["peak_memory_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  out["checksum"] = check;
  std::cout << out.dump(2) << "\n";
  return 0;
}
