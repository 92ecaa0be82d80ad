// kehoach observations --plan ID --target ID [--history | --retract DATE]:
// a target's observations, every version of them, or a retraction.

#include "cli.hpp"
#include "format.hpp"

#include <iostream>
#include <memory>

namespace kehoach_cli {

void add_observations(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, target, output, retract;
    bool history = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("observations", "A target's observations, as a records document (JSON)");
  sub->add_option("--plan", s->plan, "Plan id")->required();
  sub->add_option("--target", s->target, "Target id")->required();
  sub->add_option("-o,--output", s->output, "Output file (default: standard output)");
  auto* history = sub->add_flag("--history", s->history,
                                "Every version (corrected, retracted, holding) with when it was recorded and replaced, as JSON");
  sub->add_option("--retract", s->retract, "Retract the observation of this date (YYYY-MM-DD); it stays in the history")
      ->excludes(history);
  sub->footer("Examples: kehoach observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1\n"
              "          kehoach observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --history\n"
              "          kehoach observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --retract 2026-09-30");
  commands.push_back({sub, [&o, s] {
    auto store = open_store(o);
    if (s->history) {
      write_output(write_observation_history_json(store.observation_history(s->plan, s->target)), s->output);
      return int{ok};
    }
    if (!s->retract.empty()) {
      const Date date = parse_iso_date(s->retract);
      store.retract_observation(s->plan, s->target, date);
      std::cout << words(lang_of(o)).observation_retracted << ": " << s->plan << " " << s->target << " "
                << format_vietnamese_date(date) << "\n";
      return int{ok};
    }
    RecordBatch batch;
    batch.observations = store.observations(s->plan, s->target);
    write_output(write_records_json(batch), s->output);
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
