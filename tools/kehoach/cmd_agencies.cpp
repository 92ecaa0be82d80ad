// kehoach agencies succeed FILE.json: record agency successions.
// kehoach agencies show PLAN [--json]: a plan's agency successions.

#include "cli.hpp"
#include "format.hpp"

#include <chrono>
#include <memory>

namespace kehoach_cli {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : ", ") + x;
  return out;
}

}  // namespace

void add_agencies(CLI::App& app, Options& o, Commands& commands) {
  auto* sub = app.add_subcommand("agencies", "Agencies of a plan that ended, and who took over their duties");
  sub->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  auto* succeed = sub->add_subcommand("succeed", "Record agency successions from a document, all or none");
  succeed->add_option("file", *file, "An agency succession document (kehoach-agency-successions)")->required();
  succeed->footer("Example: kehoach agencies succeed successions.json");
  commands.push_back({succeed, [&o, file] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const auto recorded = store.record_agency_successions_json(read_file(*file));
    std::cout << w.agency_successions_recorded << ": " << recorded.size() << "\n";
    return int{ok};
  }, {}});

  auto plan_id = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto* show = sub->add_subcommand("show", "A plan's agency successions, in the order recorded");
  show->add_option("plan", *plan_id, "Plan id")->required();
  show->add_flag("--json", *as_json, "The successions as a kehoach-agency-successions document");
  show->footer("Example: kehoach agencies show cai-nhum-gbv-2026-2030");
  commands.push_back({show, [&o, plan_id, as_json] {
    auto store = open_store(o);
    const auto all = store.agency_successions(*plan_id);
    if (*as_json) {
      std::cout << write_agency_successions_json(all) << "\n";
      return int{ok};
    }
    const Words& w = words(lang_of(o));
    for (const auto& e : all) {
      std::cout << e.agency_id << "\t" << w.ended << " " << format_vietnamese_date(Date{std::chrono::sys_days{e.date} - std::chrono::days{1}});
      if (e.basis) std::cout << "\t" << w.basis << ": " << *e.basis;
      std::cout << "\n";
      if (e.to.empty()) std::cout << "  " << w.orphaned << "\n";
      for (const auto& h : e.to) {
        std::cout << "  " << w.passed_to << " " << h.agency_id << ": ";
        if (h.tasks.empty() && h.duties.empty()) {
          std::cout << w.takes_the_rest;
        } else {
          std::cout << joined(h.tasks) << (h.tasks.empty() || h.duties.empty() ? "" : "; ") << joined(h.duties);
        }
        std::cout << "\n";
      }
    }
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
