// kehoach task-updates --plan ID --task ID [--history]: a task's updates as a
// records document, or every update with the state it replaced.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_task_updates(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, task, output;
    bool history = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("task-updates", "A task's updates, as a records document (JSON)");
  sub->add_option("--plan", s->plan, "Plan id")->required();
  sub->add_option("--task", s->task, "Task id")->required();
  sub->add_option("-o,--output", s->output, "Output file (default: standard output)");
  sub->add_flag("--history", s->history, "Every update in the order recorded, with the status and progress it replaced, as JSON");
  sub->footer("Examples: kehoach task-updates --plan cai-nhum-gbv-2026-2030 --task t-iii-1-1\n"
              "          kehoach task-updates --plan cai-nhum-gbv-2026-2030 --task t-iii-1-1 --history");
  commands.push_back({sub, [&o, s] {
    auto store = open_store(o);
    const auto history = store.task_history(s->plan, s->task);
    if (s->history) {
      write_output(write_task_history_json(history), s->output);
      return int{ok};
    }
    RecordBatch batch;
    for (const auto& c : history) batch.task_updates.push_back(c.update);
    write_output(write_records_json(batch), s->output);
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
