// kehoach expenditures --plan ID [--history | --retract DATE --source ID
// --agency ID [--task ID] (--voucher NO | --amount DONG)]: a plan's
// expenditures, every version of them, or a retraction.

#include "cli.hpp"
#include "format.hpp"

#include <iostream>
#include <memory>

namespace kehoach_cli {

void add_expenditures(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, output, retract, source, agency, task, voucher;
    std::int64_t amount = -1;
    bool history = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("expenditures", "A plan's expenditures, as a records document (JSON)");
  sub->add_option("--plan", s->plan, "Plan id")->required();
  sub->add_option("-o,--output", s->output, "Output file (default: standard output)");
  auto* history = sub->add_flag("--history", s->history,
                                "Every version (corrected, retracted, holding) with when it was recorded and replaced, as JSON");
  auto* retract = sub->add_option("--retract", s->retract,
                                  "Retract the payment of this day (YYYY-MM-DD); it stays in the history")
                      ->excludes(history);
  auto* source = sub->add_option("--source", s->source, "Its funding source");
  auto* agency = sub->add_option("--agency", s->agency, "Its agency");
  auto* task = sub->add_option("--task", s->task, "Its task (none when absent)");
  auto* voucher = sub->add_option("--voucher", s->voucher, "Its voucher number (số chứng từ)");
  auto* amount = sub->add_option("--amount", s->amount, "Its amount in whole đồng, for a payment without a voucher")
                     ->check(CLI::NonNegativeNumber)
                     ->excludes(voucher);
  for (auto* option : {source, agency, task, voucher, amount}) option->needs(retract);
  retract->needs(source)->needs(agency);
  sub->footer("Examples: kehoach expenditures --plan cai-nhum-gbv-2026-2030\n"
              "          kehoach expenditures --plan cai-nhum-gbv-2026-2030 --history\n"
              "          kehoach expenditures --plan cai-nhum-gbv-2026-2030 --retract 2026-03-02 "
              "--source f-ngan-sach --agency phong-vhxh --voucher PC-0012");
  commands.push_back({sub, [&o, s] {
    auto store = open_store(o);
    if (s->history) {
      write_output(write_expenditure_history_json(store.expenditure_history(s->plan)), s->output);
      return int{ok};
    }
    if (!s->retract.empty()) {
      Expenditure key;
      key.plan_id = s->plan;
      key.date = parse_iso_date(s->retract);
      key.source_id = s->source;
      key.agency_id = s->agency;
      if (!s->task.empty()) key.task_id = s->task;
      if (!s->voucher.empty()) {
        key.voucher = s->voucher;
      } else if (s->amount < 0) {
        throw InvalidArgument("--retract: a payment without a voucher is named by its amount too (give --voucher or --amount)");
      } else {
        key.amount = Dong{s->amount};
      }
      store.retract_expenditure(key);
      std::cout << words(lang_of(o)).expenditure_retracted << ": " << s->plan << " "
                << format_vietnamese_date(key.date) << " " << s->source << " " << s->agency
                << (key.task_id ? " " + *key.task_id : std::string())
                << (key.voucher ? " " + *key.voucher : " " + std::to_string(key.amount.value())) << "\n";
      return int{ok};
    }
    RecordBatch batch;
    batch.expenditures = store.expenditures(s->plan);
    write_output(write_records_json(batch), s->output);
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
