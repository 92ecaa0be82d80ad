// Several processes on one store file: SIGKILL in the middle of imports, and
// concurrent writers and readers. POSIX only.

#include <kehoach/kehoach.hpp>

#include "support/documents.hpp"
#include "store/mixed_writes.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

using namespace kehoach;

namespace {

const std::string stress = KEHOACH_STORE_STRESS;

pid_t spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(stress.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    execv(stress.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

TEST_CASE("SIGKILL during imports leaves every plan wholly present or wholly absent", "[store][process][crash]") {
  test::TempDir dir;
  const std::string db = test::fresh_store(dir.file("crash.db"));
  const std::string doc_path = (test::examples_dir() / "thuong-quang-2023.plan.json").string();
  const Plan original = read_plan_file(doc_path).plan;
  { auto store = Store::open(db); }
  std::mt19937 random(20261125);
  int killed = 0;
  // 12 rounds at least; on a loaded machine (sanitizers, a parallel build) a
  // child may not commit anything in the time given, so rounds go on, each
  // waiting longer, until some plan has landed (at most 40 rounds).
  int extra_ms = 0;
  for (int round = 0; round < 40; ++round) {
    const pid_t pid = spawn({"import", db, doc_path, std::to_string(round * 1000), "1000"});
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + random() % 120 + extra_ms));
    kill(pid, SIGKILL);
    if (wait_for(pid) == -SIGKILL) ++killed;
    if (round >= 11 && killed > 0 && !Store::open(db, StoreOptions{.read_only = true}).plan_ids().empty()) break;
    if (round >= 11) extra_ms += 100;
  }
  CHECK(killed > 0);
  auto store = Store::open(db);
  CHECK(store.check_integrity().empty());
  const auto ids = store.plan_ids();
  INFO(ids.size() << " plans survived " << killed << " kills");
  CHECK_FALSE(ids.empty());
  for (const auto& id : ids) {
    Plan expected = original;
    expected.id = id;
    CHECK(store.load_plan(id) == expected);
  }
}

TEST_CASE("Two writers and several readers share a store without errors or lost writes", "[store][process][concurrency]") {
  test::TempDir dir;
  const std::string db = test::fresh_store(dir.file("shared.db"));
  const Plan plan = read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json").plan;
  {
    auto store = Store::open(db);
    store.import_plan(plan);
  }
  const std::string target = plan.targets[0].id;
  const pid_t a = spawn({"observe", db, plan.id, target, "3000", "7", "2000-01-01"});
  const pid_t b = spawn({"observe", db, plan.id, target, "3000", "11", "2010-01-01"});
  std::atomic<bool> done{false};
  std::atomic<int> reader_errors{0};
  std::atomic<long> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      try {
        auto store = Store::open(db, StoreOptions{.read_only = true});
        std::size_t last = 0;
        while (!done) {
          const std::size_t n = store.observation_count();
          if (n < last) ++reader_errors;  // a committed write never disappears
          last = n;
          ++reads;
        }
      } catch (const std::exception& e) {
        UNSCOPED_INFO(e.what());
        ++reader_errors;
      }
    });
  }
  const int status_a = wait_for(a);
  const int status_b = wait_for(b);
  done = true;
  for (auto& t : readers) t.join();
  CHECK(status_a == 0);
  CHECK(status_b == 0);
  CHECK(reader_errors == 0);
  CHECK(reads > 0);
  CHECK(Store::open(db).observation_count() == 6000);
}

TEST_CASE("A full file system gives a clear store error and loses nothing", "[store][process][fault][sqlite]") {
  test::TempDir dir;
  const std::string db = dir.file("full.db");
  const std::string doc_path = (test::examples_dir() / "thuong-quang-2023.plan.json").string();
  const Plan original = read_plan_file(doc_path).plan;
  { auto store = Store::open(db); }
  // The limit lets the store grow a little, then every write fails.
  const pid_t pid = spawn({"fill", db, doc_path, std::to_string(600 * 1024)});
  CHECK(wait_for(pid) == 3);
  auto store = Store::open(db);
  CHECK(store.check_integrity().empty());
  const auto ids = store.plan_ids();
  CHECK_FALSE(ids.empty());
  for (const auto& id : ids) {
    Plan expected = original;
    expected.id = id;
    CHECK(store.load_plan(id) == expected);
  }
  // The store still takes writes once there is room again.
  Plan more = original;
  more.id = "after-the-disk-was-freed";
  store.import_plan(more);
  CHECK(store.has_plan("after-the-disk-was-freed"));
}

TEST_CASE("Eight processes writing plans, records and cases lose nothing and equal the same writes made serially",
          "[store][process][concurrency]") {
  test::TempDir dir;
  const std::string doc_path = (test::examples_dir() / "huong-khe-2021.plan.json").string();
  const Plan base = read_plan_file(doc_path).plan;
  const int workers = 8, rounds = 4;
  const std::string shared = test::fresh_store(dir.file("mixed.db"));
  {
    auto store = Store::open(shared);
    store.import_units(test::mixed_units());
  }
  std::vector<pid_t> children;
  for (int w = 0; w < workers; ++w) children.push_back(spawn({"mixed", shared, doc_path, std::to_string(w), std::to_string(rounds)}));
  for (const pid_t pid : children) CHECK(wait_for(pid) == 0);

  const std::string serial_location = test::fresh_store(dir.file("serial.db"));
  auto serial = Store::open(serial_location);
  serial.import_units(test::mixed_units());
  for (int w = 0; w < workers; ++w) {
    for (int r = 0; r < rounds; ++r) test::mixed_round(serial, base, w, r);
  }
  auto store = Store::open(shared);
  const Principal auditor{"aud", Role::auditor, "86", false};
  const Principal province{"cw-p", Role::case_worker, "86", false};
  // Every write is there.
  CHECK(store.plan_ids().size() == static_cast<std::size_t>(workers * rounds));
  CHECK(store.plan_ids() == serial.plan_ids());
  CHECK(store.observation_count() == static_cast<std::size_t>(workers * rounds * 5));
  CHECK(store.cases(province, "86", parse_period("2025")).size() == static_cast<std::size_t>(workers * rounds * 3));
  // The audit chain verifies, with an entry for every case write, and the derived data is a rebuild's.
  const auto audit = store.verify_audit(auditor);
  CHECK(audit.intact);
  const auto integrity = store.check_integrity(auditor);
  for (const auto& p : integrity.problems) UNSCOPED_INFO(p.kind << " " << p.record << ": " << p.detail);
  CHECK(integrity.intact);
  std::size_t case_writes = 0;
  for (const auto& e : store.audit_trail(auditor)) case_writes += e.action == "case.write";
  CHECK(case_writes == static_cast<std::size_t>(workers * rounds));
  // The metrics equal those of the serial writes.
  const Date as_of = parse_iso_date("2025-12-31");
  CHECK(store.case_indicators(province, "86", parse_period("2025"), as_of) ==
        serial.case_indicators(province, "86", parse_period("2025"), as_of));
  for (const char* unit : {"00001", "00002"}) {
    const Principal commune{"cw-c", Role::case_worker, unit, false};
    CHECK(store.case_indicators(commune, unit, parse_period("2025Q2"), as_of) ==
          serial.case_indicators(commune, unit, parse_period("2025Q2"), as_of));
  }
  for (const auto& id : serial.plan_ids()) {
    CHECK(store.plan_metrics(id, as_of) == serial.plan_metrics(id, as_of));
  }
}
