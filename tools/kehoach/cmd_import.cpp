// kehoach import FILE…: plan documents, all in one transaction.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_import(CLI::App& app, Options& o, Commands& commands) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto* sub = app.add_subcommand("import", "Import plan documents (JSON), all in one transaction");
  sub->add_option("files", *files, "Plan documents")->required()->check(CLI::ExistingFile);
  sub->footer("Example: kehoach import examples/data/*.plan.json");
  commands.push_back({sub, [&o, files] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    std::vector<Plan> plans;
    Progress progress(w.importing, files->size());
    std::size_t warnings = 0;
    for (std::size_t i = 0; i < files->size(); ++i) {
      progress.step(i, (*files)[i]);
      auto doc = read_plan_input((*files)[i]);
      warnings += doc.warnings.size();
      plans.push_back(std::move(doc.plan));
    }
    store.import_plans(plans);
    progress.step(files->size(), "");
    std::cout << w.imported << ": " << plans.size() << " " << w.plans << " (" << warnings << " " << w.warnings_lower << ")\n";
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
