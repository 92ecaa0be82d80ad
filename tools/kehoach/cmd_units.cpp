// kehoach units [--json]: the administrative units the store knows.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_units(CLI::App& app, Options& o, Commands& commands) {
  auto as_json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("units", "Every administrative unit the store knows: code, level, name, parent");
  sub->add_flag("--json", *as_json, "A JSON array of units (the shape of a plan document's units)");
  sub->footer("Example: kehoach units --json");
  commands.push_back({sub, [&o, as_json] {
    auto store = open_store(o);
    const auto all = store.units();
    if (*as_json) {
      std::cout << write_units_json(all) << "\n";
      return int{ok};
    }
    const Lang lang = lang_of(o);
    for (const auto& u : all) {
      std::cout << u.code << "\t" << label(u.level, lang) << "\t" << u.name << "\t" << u.parent.value_or("") << "\n";
    }
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
