// Writes a committed store fixture of an older schema version, holding seed
// plan 000 (and, from version 2 on, one observation of its first target). Run
// once when a schema version is released:
//   kehoach_make_fixture 1 examples/data/huong-khe-2021.plan.json tests/data/store/v1.kehoach
//   kehoach_make_fixture 2 examples/data/huong-khe-2021.plan.json tests/data/store/v2.kehoach

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
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
