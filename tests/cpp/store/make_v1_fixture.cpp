// Writes the committed fixture tests/data/store/v1.kehoach: a store of schema
// version 1 holding seed plan 000. Run once when a schema version is released:
//   kehoach_make_v1_fixture examples/data/huong-khe-2021.plan.json tests/data/store/v1.kehoach

#include <kehoach/kehoach.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kehoach_make_v1_fixture PLAN.json OUT.kehoach\n";
    return 2;
  }
  try {
    auto store = kehoach::Store::open(argv[2], kehoach::StoreOptions{.schema_version = 1});
    store.import_plan(kehoach::read_plan_file(argv[1]).plan);
  } catch (const kehoach::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
