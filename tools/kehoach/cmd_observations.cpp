// kehoach observations --plan ID --target ID: a target's observations.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_observations(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, target, output;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("observations", "A target's observations, as a records document (JSON)");
  sub->add_option("--plan", s->plan, "Plan id")->required();
  sub->add_option("--target", s->target, "Target id")->required();
  sub->add_option("-o,--output", s->output, "Output file (default: standard output)");
  sub->footer("Example: kehoach observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1");
  commands.push_back({sub, [&o, s] {
    auto store = open_store(o);
    RecordBatch batch;
    batch.observations = store.observations(s->plan, s->target);
    write_output(write_records_json(batch), s->output);
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
