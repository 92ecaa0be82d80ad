// kehoach validate FILE…: read and validate plan documents, without a store.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_validate(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::vector<std::string> files;
    bool quiet = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("validate", "Read and validate plan documents; print a summary and the warnings");
  sub->add_option("files", s->files, "Plan documents (JSON)")->required()->check(CLI::ExistingFile);
  sub->add_flag("-q,--quiet", s->quiet, "Do not list warnings");
  sub->footer("Example: kehoach validate examples/data/*.plan.json");
  commands.push_back({sub, [&o, s] { return validate_files(s->files, lang_of(o), s->quiet); }, {}});
}

}  // namespace kehoach_cli
