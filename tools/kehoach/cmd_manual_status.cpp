// kehoach manual-status: a status set by hand on a target or task.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_manual_status(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, kind = "target", item, status, reason, by, date;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("manual-status", "Record a status set by hand on a target or task, with who and why");
  sub->add_option("--plan", s->plan, "Plan id")->required();
  sub->add_option("--kind", s->kind, "target (default) or task")->check(CLI::IsMember({"target", "task"}));
  sub->add_option("--item", s->item, "Target or task id")->required();
  sub->add_option("--status", s->status, "A target status (achieved, on_track, …) or a task status")->required();
  sub->add_option("--reason", s->reason, "Why")->required();
  sub->add_option("--by", s->by, "Who set it")->required();
  sub->add_option("--date", s->date, "When (default: today); 31/12/2025 or 2025-12-31");
  sub->footer("Example: kehoach manual-status --plan cai-nhum-gbv-2026-2030 --item tg-a-1 --status on_track "
              "--reason \"Báo cáo quý III\" --by cb-01");
  commands.push_back({sub, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    store.set_manual_status(ManualStatus{s->plan, s->kind, s->item, s->status, s->reason, s->by, as_of_or_today(s->date)});
    std::cout << w.manual_status_set << ": " << s->plan << " " << s->kind << " " << s->item << " → " << s->status << "\n";
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
