// A helper process for the crash and concurrency tests:
//   kehoach_store_stress import DB PLAN.json FIRST COUNT   imports COUNT copies of the plan, ids PLAN-id-FIRST…
//   kehoach_store_stress fill DB PLAN.json MAX_BYTES    imports copies until the file system is "full":
//                                                           files may not grow beyond MAX_BYTES (RLIMIT_FSIZE);
//                                                           exits 3 on the expected store error
//   kehoach_store_stress observe DB PLAN_ID TARGET_ID COUNT BATCH FIRST
//                                                           records COUNT observations in batches of BATCH,
//                                                           one a day from the date FIRST (each its own key)
//   kehoach_store_stress mixed DB PLAN.json WORKER ROUNDS  the writes of one worker of the mixed
//                                                           concurrency test (mixed_writes.hpp)
// Exit code 0 on success; any error is printed and exits 1.

#include <kehoach/kehoach.hpp>

#include "mixed_writes.hpp"

#include <sys/resource.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 5 && args[0] == "import") {
      auto store = kehoach::Store::open(args[1]);
      kehoach::Plan plan = kehoach::read_plan_file(args[2]).plan;
      const std::string base = plan.id;
      const int first = std::stoi(args[3]), count = std::stoi(args[4]);
      for (int i = first; i < first + count; ++i) {
        plan.id = base + "-" + std::to_string(i);
        store.import_plan(plan);
      }
      return 0;
    }
    if (args.size() == 4 && args[0] == "fill") {
      auto store = kehoach::Store::open(args[1]);
      kehoach::Plan plan = kehoach::read_plan_file(args[2]).plan;
      // A full disk, as the process sees it: writes past the limit fail with EFBIG.
      std::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{static_cast<rlim_t>(std::stoll(args[3])), static_cast<rlim_t>(std::stoll(args[3]))};
      setrlimit(RLIMIT_FSIZE, &limit);
      const std::string base = plan.id;
      for (int i = 0; i < 100000; ++i) {
        plan.id = base + "-" + std::to_string(i);
        try {
          store.import_plan(plan);
        } catch (const kehoach::StoreError& e) {
          std::cout << "store error after " << i << " plans: " << e.what() << "\n";
          return e.code() == kehoach::ErrorCode::io ? 3 : 4;
        }
      }
      return 0;
    }
    if (args.size() == 5 && args[0] == "mixed") {
      auto store = kehoach::Store::open(args[1]);
      const kehoach::Plan base = kehoach::read_plan_file(args[2]).plan;
      const int worker = std::stoi(args[3]), rounds = std::stoi(args[4]);
      for (int r = 0; r < rounds; ++r) kehoach::test::mixed_round(store, base, worker, r);
      return 0;
    }
    if (args.size() == 7 && args[0] == "observe") {
      auto store = kehoach::Store::open(args[1]);
      const int count = std::stoi(args[4]), batch = std::stoi(args[5]);
      std::vector<kehoach::Observation> rows;
      for (int i = 0; i < count; ++i) {
        const kehoach::Date date{std::chrono::sys_days{kehoach::parse_iso_date(args[6])} + std::chrono::days{i}};
        rows.push_back({args[2], args[3], date, static_cast<double>(i % 100), std::nullopt, std::nullopt});
        if (static_cast<int>(rows.size()) == batch || i + 1 == count) {
          store.record_observations(rows);
          rows.clear();
        }
      }
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "kehoach_store_stress: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: see the comment at the top of stress_main.cpp\n";
  return 2;
}
