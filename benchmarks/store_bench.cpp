// Store benchmarks (Google Benchmark). Run with scripts/bench.sh.
//   BM_RecordObservations/N  bulk insert of N observations in one call, into a
//                            file store (WAL, synchronous=NORMAL): items/s = rows/s
//   BM_ImportPlan            import of seed plan 004 (70 tasks) into a file store

#include <kehoach/kehoach.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

namespace {

std::filesystem::path fresh_file(const char* name) {
  const auto path = std::filesystem::temp_directory_path() / name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path;
}

void BM_RecordObservations(benchmark::State& state) {
  const auto path = fresh_file("kehoach-bench-observations.db");
  auto store = kehoach::Store::open(path.string());
  const auto doc = kehoach::read_plan_file(std::filesystem::path(KEHOACH_EXAMPLES_DIR) / "huong-khe-2021.plan.json");
  store.import_plan(doc.plan);
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<kehoach::Observation> rows;
  rows.reserve(n);
  std::mt19937 random(1);
  for (std::size_t i = 0; i < n; ++i) {
    rows.push_back({doc.plan.id, doc.plan.targets[i % 2].id,
                    kehoach::Date{std::chrono::year{2021 + static_cast<int>(i % 5)}, std::chrono::month{1 + static_cast<unsigned>(i % 12)},
                                  std::chrono::day{1 + static_cast<unsigned>(i % 28)}},
                    static_cast<double>(random() % 101), std::nullopt, std::nullopt});
  }
  for (auto _ : state) store.record_observations(rows);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_RecordObservations)->Arg(200000)->Arg(20000)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_ImportPlan(benchmark::State& state) {
  const auto path = fresh_file("kehoach-bench-plans.db");
  auto store = kehoach::Store::open(path.string());
  auto plan = kehoach::read_plan_file(std::filesystem::path(KEHOACH_EXAMPLES_DIR) / "thuong-quang-2023.plan.json").plan;
  const std::string base = plan.id;
  int i = 0;
  for (auto _ : state) {
    plan.id = base + "-" + std::to_string(i++);
    store.import_plan(plan);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ImportPlan)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
