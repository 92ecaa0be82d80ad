// Writes a committed store fixture of an older schema version, holding seed
// plan 000 (and, from version 2 on, one observation of its first target; from
// version 4 on, twelve synthetic case records). Run once when a schema version
// is released:
//   kehoach_make_fixture 1 examples/data/huong-khe-2021.plan.json tests/data/store/v1.kehoach
//   kehoach_make_fixture 2 examples/data/huong-khe-2021.plan.json tests/data/store/v2.kehoach
//   kehoach_make_fixture 4 examples/data/huong-khe-2021.plan.json tests/data/store/v4.kehoach

#include <kehoach/kehoach.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: kehoach_make_fixture VERSION PLAN.json OUT.kehoach\n";
    return 2;
  }
  try {
    const int version = std::stoi(argv[1]);
    auto store = kehoach::Store::open(argv[3], kehoach::StoreOptions{.schema_version = version});
    const auto plan = kehoach::read_plan_file(argv[2]).plan;
    store.import_plan(plan);
    if (version >= 2) {
      const std::vector<kehoach::Observation> rows{
          {plan.id, plan.targets.at(0).id, kehoach::parse_iso_date("2023-12-31"), 38, std::nullopt, std::nullopt}};
      store.record_observations(rows);
    }
    if (version >= 4) {
      std::vector<kehoach::CaseRecord> cases;
      for (int i = 0; i < 12; ++i) {
        kehoach::CaseRecord c;
        c.code = "HT-2024-" + std::to_string(100 + i);
        c.unit = i % 3 ? "444" : "42";
        c.intake_date = kehoach::parse_iso_date("2024-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10));
        c.receiving_body = i % 2 ? kehoach::ReceivingBody::hotline : kehoach::ReceivingBody::police;
        c.channel = kehoach::IntakeChannel::call_or_text;
        c.violence = {i % 2 ? kehoach::ViolenceType::form_physical : kehoach::ViolenceType::form_psychological};
        c.survivor = kehoach::Survivor{kehoach::Sex::female, kehoach::AgeGroup::age_25_39, i % 4 == 0, std::nullopt, false};
        c.perpetrator = kehoach::Relationship::spouse;
        c.needs_help = true;
        c.consent_services = true;
        if (i % 3 != 2) {
          c.services = {kehoach::Service{kehoach::ServiceType::medical, "tram-y-te",
                                         kehoach::Date{std::chrono::sys_days{c.intake_date} + std::chrono::days{i}},
                                         kehoach::ServiceOutcome::provided}};
        }
        cases.push_back(c);
      }
      store.record_cases(kehoach::Principal{"fixture", kehoach::Role::case_worker, "42", false}, cases);
    }
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
