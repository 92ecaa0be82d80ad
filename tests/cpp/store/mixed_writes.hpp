#pragma once

// The writes of one worker of the mixed concurrency test: plans, records and
// cases, all decided by (worker, round), so that the same writes can be
// applied again serially to compare the stores. Used by kehoach_store_stress
// (`mixed`) and by test_processes.cpp.

#include <kehoach/kehoach.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace kehoach::test {

inline const std::vector<AdministrativeUnit>& mixed_units() {
  static const std::vector<AdministrativeUnit> units = {
      {"86", "Vĩnh Long", Level::province, {}, {}, {}, {}},
      {"00001", "Xã Một", Level::commune, "86", {}, {}, {}},
      {"00002", "Xã Hai", Level::commune, "86", {}, {}, {}},
  };
  return units;
}

inline Principal mixed_worker(int worker) {
  return Principal{"cw-" + std::to_string(worker), Role::case_worker, worker % 2 ? "00001" : "00002", false};
}

/// Runs `f` again while the store is busy (the retryable status), as a portal would.
template <class F>
void retrying(F&& f) {
  for (int attempt = 0;; ++attempt) {
    try {
      f();
      return;
    } catch (const Busy&) {
      if (attempt >= 100) throw;
    }
  }
}

/// Round `round` of worker `worker`: a copy of `base` under its own id, a
/// batch of observations on it, and three cases in the worker's commune.
inline void mixed_round(Store& store, const Plan& base, int worker, int round) {
  Plan plan = base;
  plan.id = base.id + "-w" + std::to_string(worker) + "-r" + std::to_string(round);
  retrying([&] { store.import_plan(plan); });
  std::vector<Observation> rows;
  for (int k = 0; k < 5; ++k) {
    rows.push_back({plan.id, plan.targets[0].id, parse_iso_date("2023-0" + std::to_string(1 + k) + "-15"),
                    static_cast<double>((worker * 7 + round * 3 + k) % 100), std::nullopt, std::nullopt});
  }
  retrying([&] { store.record_observations(rows); });
  const Principal who = mixed_worker(worker);
  std::vector<CaseRecord> cases;
  for (int k = 0; k < 3; ++k) {
    CaseRecord c;
    c.code = "W" + std::to_string(worker) + "-R" + std::to_string(round) + "-" + std::to_string(k);
    c.unit = who.unit;
    const int month = 1 + (worker + round + k) % 12;
    c.intake_date = parse_iso_date("2025-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-10");
    c.receiving_body = ReceivingBody::commune_committee;
    c.channel = IntakeChannel::in_person;
    c.violence = {k % 2 ? ViolenceType::form_physical : ViolenceType::form_psychological};
    c.survivor = Survivor{k == 2 ? Sex::male : Sex::female, AgeGroup::age_25_39, false, false, false};
    c.perpetrator = Relationship::spouse;
    c.needs_help = true;
    c.consent_services = true;
    if (k == 0) c.services = {Service{ServiceType::medical, "tram-y-te", Date{std::chrono::sys_days{c.intake_date} + std::chrono::days{2}}, ServiceOutcome::provided}};
    cases.push_back(std::move(c));
  }
  retrying([&] { store.record_cases(who, cases); });
}

}  // namespace kehoach::test
