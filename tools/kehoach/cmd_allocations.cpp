// kehoach allocations --plan ID [--history | --retract DATED --year Y
// --source ID --agency ID [--task ID]]: a plan's allocations, every version of
// them, or a retraction.

#include "cli.hpp"
#include "format.hpp"

#include <iostream>
#include <memory>

namespace kehoach_cli {

void add_allocations(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, output, retract, source, agency, task;
    int year = 0;
    bool history = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("allocations", "A plan's allocations, as a records document (JSON)");
  sub->add_option("--plan", s->plan, "Plan id")->required();
  sub->add_option("-o,--output", s->output, "Output file (default: standard output)");
  auto* history = sub->add_flag("--history", s->history,
                                "Every version (corrected, retracted, holding) with when it was recorded and replaced, as JSON");
  auto* retract = sub->add_option("--retract", s->retract,
                                  "Retract the allocation of the slice dated this day (YYYY-MM-DD); it stays in the history")
                      ->excludes(history);
  auto* year = sub->add_option("--year", s->year, "The fiscal year of the allocation to retract");
  auto* source = sub->add_option("--source", s->source, "Its funding source");
  auto* agency = sub->add_option("--agency", s->agency, "Its agency");
  auto* task = sub->add_option("--task", s->task, "Its task (none when absent)");
  for (auto* option : {year, source, agency, task}) option->needs(retract);
  retract->needs(year)->needs(source)->needs(agency);
  sub->footer("Examples: kehoach allocations --plan cai-nhum-gbv-2026-2030\n"
              "          kehoach allocations --plan cai-nhum-gbv-2026-2030 --history\n"
              "          kehoach allocations --plan cai-nhum-gbv-2026-2030 --retract 2026-01-15 --year 2026 "
              "--source f-ngan-sach --agency phong-vhxh");
  commands.push_back({sub, [&o, s] {
    auto store = open_store(o);
    if (s->history) {
      write_output(write_allocation_history_json(store.allocation_history(s->plan)), s->output);
      return int{ok};
    }
    if (!s->retract.empty()) {
      Allocation key;
      key.plan_id = s->plan;
      key.year = s->year;
      key.source_id = s->source;
      key.agency_id = s->agency;
      if (!s->task.empty()) key.task_id = s->task;
      key.dated = parse_iso_date(s->retract);
      store.retract_allocation(key);
      std::cout << words(lang_of(o)).allocation_retracted << ": " << s->plan << " " << s->year << " " << s->source << " "
                << s->agency << (key.task_id ? " " + *key.task_id : std::string()) << " "
                << format_vietnamese_date(key.dated) << "\n";
      return int{ok};
    }
    RecordBatch batch;
    batch.allocations = store.allocations(s->plan);
    write_output(write_records_json(batch), s->output);
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
