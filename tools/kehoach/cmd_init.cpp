// kehoach init: create the store (idempotent).

#include "cli.hpp"
#include "format.hpp"

namespace kehoach_cli {

void add_init(CLI::App& app, Options& o, Commands& commands) {
  auto* sub = app.add_subcommand("init", "Create the store (idempotent)");
  sub->footer("Example: kehoach --db kehoach.db init");
  commands.push_back({sub, [&o] {
    const Words& w = words(lang_of(o));
    auto store = Store::open(store_path(o));
    std::cout << w.store_ready << ": " << store.path() << " (schema " << store.schema_version() << ")\n";
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
