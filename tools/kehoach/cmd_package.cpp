// kehoach package export | import | rollup: aggregate report packages (needs a principal).

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_package(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string period, as_of, output, file, of_unit, boundaries;
    bool json = false;
  };
  auto s = std::make_shared<State>();
  auto* package = app.add_subcommand("package", "Aggregate report packages (needs --user, --role, --unit)");
  package->require_subcommand(1);
  auto* export_ = package->add_subcommand("export", "Export the unit's indicators for a period");
  export_->add_option("--period", s->period, "Period")->required();
  export_->add_option("--as-of", s->as_of, "Date (default: today)");
  export_->add_option("-o,--output", s->output, "Output file");
  principal_options(export_, o);
  commands.push_back({export_, [&o, s] {
    auto store = open_store(o);
    const Principal p = principal_of(o);
    write_output(store.export_package(p, p.unit, parse_period(s->period), as_of_or_today(s->as_of)), s->output);
    return int{ok};
  }, {}});
  auto* import = package->add_subcommand("import", "Import a package from a unit below");
  import->add_option("file", s->file, "Package (JSON)")->required()->check(CLI::ExistingFile);
  principal_options(import, o);
  auto* rollup = package->add_subcommand("rollup", "The imported packages of the units below, rolled up for a period");
  rollup->add_option("--period", s->period, "Period")->required();
  rollup->add_option("--of", s->of_unit, "The unit whose subtree is rolled up (default: the principal's)");
  rollup->add_option("--boundaries", s->boundaries,
                     "Roll up by the units as they were on this day (DD/MM/YYYY or YYYY-MM-DD; decision 0021)");
  rollup->add_flag("--json", s->json, "The indicators JSON, unchanged");
  principal_options(rollup, o);
  commands.push_back({rollup, [&o, s] {
    auto store = open_store(o);
    const Principal p = principal_of(o);
    const std::string unit = s->of_unit.empty() ? p.unit : s->of_unit;
    const CaseIndicators x =
        s->boundaries.empty()
            ? store.rolled_up_packages(p, unit, parse_period(s->period))
            : store.rolled_up_packages(p, unit, parse_period(s->period), parse_vietnamese_date(s->boundaries));
    if (s->json) std::cout << write_indicators_json(x) << "\n";
    else print_cases(std::cout, x, lang_of(o));
    return int{ok};
  }, {}});
  package->footer("Examples: kehoach package export --user cb-01 --role case_worker --unit 86 --period 2025\n"
                  "          kehoach package rollup --user off-1 --role officer --unit 86 --period 2025\n"
                  "          kehoach package rollup --user off-1 --role officer --unit 86 --of 80 --period 2025 "
                  "--boundaries 31/12/2024");
  commands.push_back({import, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    store.import_package(principal_of(o), read_file(s->file));
    std::cout << w.package_imported << "\n";
    return int{ok};
  }, [s] { return s->file; }});
}

}  // namespace kehoach_cli
