// kehoach plan list | remove ID.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_plan(CLI::App& app, Options& o, Commands& commands) {
  auto id = std::make_shared<std::string>();
  auto* plan = app.add_subcommand("plan", "List or remove the plans in the store");
  plan->require_subcommand(1);
  auto* list = plan->add_subcommand("list", "Every plan id, one per line");
  list->footer("Example: kehoach plan list");
  commands.push_back({list, [&o] {
    auto store = open_store(o);
    for (const auto& p : store.plan_ids()) std::cout << p << "\n";
    return int{ok};
  }, {}});
  auto* remove = plan->add_subcommand("remove", "Remove a plan and everything recorded against it");
  remove->add_option("id", *id, "Plan id")->required();
  remove->footer("Example: kehoach plan remove thuong-quang-bdg-2023");
  commands.push_back({remove, [&o, id] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    store.remove_plan(*id);
    std::cout << w.plan_removed << ": " << *id << "\n";
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
