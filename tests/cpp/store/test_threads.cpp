// One store handle shared by many threads (decision 0012): reads, writes,
// cases, metrics and packages at once, then everything adds up and the audit
// trail verifies. Run also under ThreadSanitizer (the tsan preset).

#include <kehoach/kehoach.hpp>

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

CaseRecord threaded_case(std::string code, std::string unit, int month) {
  CaseRecord c;
  c.code = std::move(code);
  c.unit = std::move(unit);
  c.intake_date = Date{std::chrono::year{2025}, std::chrono::month{static_cast<unsigned>(month)}, std::chrono::day{10}};
  c.violence = {ViolenceType::form_physical};
  c.survivor = Survivor{Sex::female, AgeGroup::age_25_39, false, false, false};
  c.consent_services = true;
  if (month % 2 == 0) c.services = {Service{ServiceType::medical, "tram-y-te", c.intake_date, ServiceOutcome::provided}};
  return c;
}

}  // namespace

TEST_CASE("One store handle shared by 8 threads: reads, writes, cases, metrics, packages", "[threads]") {
  test::TempDir dir;
  auto store = Store::open(dir.file("shared.kehoach"));
  const auto document = read_plan_file(std::string(KEHOACH_EXAMPLES_DIR) + "/cai-nhum-2026.plan.json");
  store.import_plan(document.plan);
  const std::string plan_id = document.plan.id;
  const Principal officer{"off-86", Role::officer, "86", false};
  const Principal auditor{"aud-86", Role::auditor, "86", false};
  constexpr int threads = 8, rounds = 12;
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const Principal worker{"cw-" + std::to_string(t), Role::case_worker, "x-cai-nhum", false};
      try {
        for (int r = 0; r < rounds; ++r) {
          switch ((t + r) % 6) {
            case 0:
            case 1: {
              std::vector<CaseRecord> batch;
              for (int i = 0; i < 3; ++i) {
                batch.push_back(threaded_case("T" + std::to_string(t) + "-" + std::to_string(r) + "-" + std::to_string(i),
                                              "x-cai-nhum", 1 + (r + i) % 12));
              }
              store.record_cases(worker, batch);
              break;
            }
            case 2: (void)store.case_indicators(worker, "x-cai-nhum", parse_period("2025"), day("2025-12-31")); break;
            case 3: (void)store.case_indicators(officer, "86", parse_period("2025Q1"), day("2025-12-31")); break;
            case 4: (void)store.plan_metrics(plan_id, day("2026-06-30")); (void)store.units(); break;
            default: (void)store.export_package(officer, "86", parse_period("2025"), day("2025-12-31")); break;
          }
        }
      } catch (const std::exception& e) {
        UNSCOPED_INFO("thread " << t << ": " << e.what());
        ++failures;
      }
    });
  }
  for (auto& th : pool) th.join();
  CHECK(failures == 0);
  const Principal province_worker{"cw-p", Role::case_worker, "86", false};
  std::int64_t expected = 0;
  for (int t = 0; t < threads; ++t) {
    for (int r = 0; r < rounds; ++r) expected += (t + r) % 6 <= 1 ? 3 : 0;
  }
  CHECK(store.cases(province_worker, "86", parse_period("2025")).size() == static_cast<std::size_t>(expected));
  const auto check = store.verify_audit(auditor);
  CHECK(check.intact);
  CHECK(store.check_integrity().empty());
}
