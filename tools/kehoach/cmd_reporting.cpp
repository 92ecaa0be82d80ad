// kehoach reporting --scope-unit U [--as-of D] [--boundaries D] [--json]: the reporting
// roll-up of a unit's subtree, from the expected reports the store keeps.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_reporting(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string unit, as_of, boundaries;
    bool json = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("reporting", "Reports expected, received and on time in a unit's subtree, by unit");
  sub->add_option("--scope-unit", s->unit, "The unit whose subtree is rolled up")->required();
  sub->add_option("--as-of", s->as_of, "Date (default: today); 31/12/2025 or 2025-12-31");
  sub->add_option("--boundaries", s->boundaries,
                  "Place each plan in the units as they were on this date (default: the tree as recorded)");
  sub->add_flag("--json", s->json, "The roll-up JSON of the metrics engine, unchanged");
  sub->footer("Examples: kehoach reporting --scope-unit 42 --as-of 31/12/2025\n"
              "          kehoach reporting --scope-unit 86 --boundaries 31/12/2024");
  commands.push_back({sub, [&o, s] {
    auto store = open_store(o);
    const Date as_of = as_of_or_today(s->as_of);
    const ReportingRollup r = s->boundaries.empty()
                                  ? store.reporting_rollup(s->unit, as_of)
                                  : store.reporting_rollup(s->unit, as_of, parse_vietnamese_date(s->boundaries));
    if (s->json) std::cout << write_metrics_json(r) << "\n";
    else print_reporting(std::cout, r, lang_of(o));
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
