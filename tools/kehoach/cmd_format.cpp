// kehoach format FILE: a plan document in canonical form.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_format(CLI::App& app, Options&, Commands& commands) {
  auto file = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("format", "Print a plan document in canonical form");
  sub->add_option("file", *file, "Plan document (JSON)")->required()->check(CLI::ExistingFile);
  sub->footer("Example: kehoach format plan.json > canonical.json");
  commands.push_back({sub, [file] {
    std::cout << write_plan_json(read_plan_input(*file).plan) << "\n";
    return int{ok};
  }, [file] { return *file; }});
}

}  // namespace kehoach_cli
