// kehoach plan list | remove ID | cascade ID.

#include "cli.hpp"
#include "format.hpp"

#include <functional>
#include <memory>
#include <set>

namespace kehoach_cli {

void add_plan(CLI::App& app, Options& o, Commands& commands) {
  auto id = std::make_shared<std::string>();
  auto* plan = app.add_subcommand("plan", "List the plans in the store, walk their cascade, or remove one");
  plan->require_subcommand(1);
  auto* list = plan->add_subcommand("list", "Every plan id, one per line");
  list->footer("Example: kehoach plan list");
  commands.push_back({list, [&o] {
    auto store = open_store(o);
    for (const auto& p : store.plan_ids()) std::cout << p << "\n";
    return int{ok};
  }, {}});
  auto json = std::make_shared<bool>(false);
  auto* cascade = plan->add_subcommand("cascade", "A plan's place in the cascade: the plans above it and below it");
  cascade->add_option("id", *id, "Plan id")->required();
  cascade->add_flag("--json", *json, "The plan's parents and children as JSON (one level)");
  cascade->footer("Example: kehoach plan cascade cai-nhum-gbv-2026-2030");
  commands.push_back({cascade, [&o, id, json] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const PlanCascade top = store.plan_cascade(*id);
    if (*json) {
      std::cout << write_plan_cascade_json(top) << "\n";
      return int{ok};
    }
    std::cout << w.plan << " " << top.plan_id << "\n";
    // Walked a level at a time; `seen` stops a cycle an older store might hold.
    std::set<std::string> seen{top.plan_id};
    std::cout << w.plans_above << ":";
    if (top.parents.empty() && top.parents_elsewhere.empty()) std::cout << " " << w.none;
    std::cout << "\n";
    std::function<void(const PlanCascade&, int)> up = [&](const PlanCascade& c, int depth) {
      for (const auto& p : c.parents) {
        std::cout << std::string(2 * static_cast<std::size_t>(depth), ' ') << p << "\n";
        if (seen.insert(p).second) up(store.plan_cascade(p), depth + 1);
      }
      for (const auto& p : c.parents_elsewhere) {
        std::cout << std::string(2 * static_cast<std::size_t>(depth), ' ') << p << " (" << w.not_in_store << ")\n";
      }
    };
    up(top, 1);
    std::cout << w.plans_below << ":" << (top.children.empty() ? std::string(" ") + w.none : std::string()) << "\n";
    std::function<void(const PlanCascade&, int)> down = [&](const PlanCascade& c, int depth) {
      for (const auto& child : c.children) {
        std::cout << std::string(2 * static_cast<std::size_t>(depth), ' ') << child << "\n";
        if (seen.insert(child).second) down(store.plan_cascade(child), depth + 1);
      }
    };
    down(top, 1);
    return int{ok};
  }, {}});
  auto* remove = plan->add_subcommand("remove", "Remove a plan while nothing was recorded under it");
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
