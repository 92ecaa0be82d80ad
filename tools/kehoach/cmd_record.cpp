// kehoach record FILE: a records document, or one kind of record from CSV.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_record(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string file, kind;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("record", "Record observations, task updates, allocations, expenditures, submissions");
  sub->add_option("file", s->file, "A records document (.json) or a CSV file of one kind")->required()->check(CLI::ExistingFile);
  sub->add_option("--kind", s->kind, "For CSV: observations, task_updates, allocations, expenditures or submissions");
  sub->footer("Examples: kehoach record examples/data/demo/records.json\n"
              "          kehoach record --kind observations observations.csv");
  commands.push_back({sub, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const std::string text = read_file(s->file);
    RecordBatch batch;
    if (ends_with(s->file, ".csv")) {
      if (s->kind.empty()) throw UsageFailure{"a CSV file needs --kind (observations, task_updates, allocations, expenditures, submissions)"};
      batch = read_records_csv(s->kind, text);
    } else {
      batch = read_records_json(text);
    }
    store.record(batch);
    std::cout << w.recorded << ": " << batch.observations.size() << " " << w.observations << ", " << batch.task_updates.size()
              << " " << w.task_updates << ", " << batch.allocations.size() << " " << w.allocations << ", "
              << batch.expenditures.size() << " " << w.expenditures << ", " << batch.submissions.size() << " "
              << w.submissions << "\n";
    return int{ok};
  }, [s] { return s->file; }});
}

}  // namespace kehoach_cli
