// kehoach cases import | export | show | update: GBV case records (needs a
// principal: --user, --role, --unit).

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_cases(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string file, format, period, output, code, case_unit;
  };
  auto s = std::make_shared<State>();
  auto* cases = app.add_subcommand("cases", "GBV case records (needs --user, --role, --unit)");
  cases->require_subcommand(1);

  auto* import = cases->add_subcommand("import", "Import cases from JSON or CSV, all or none");
  import->add_option("file", s->file, "Cases file")->required()->check(CLI::ExistingFile);
  import->add_option("--format", s->format, "json or csv (default: from the file name)");
  principal_options(import, o);
  import->footer("Example: kehoach cases import --user cb-01 --role case_worker --unit 86 cases.csv");
  commands.push_back({import, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const CaseFormat f = s->format == "csv" || (s->format.empty() && ends_with(s->file, ".csv")) ? CaseFormat::csv : CaseFormat::json;
    const std::size_t n = store.import_cases(principal_of(o), read_file(s->file), f);
    std::cout << w.recorded << ": " << n << " " << w.cases << "\n";
    return int{ok};
  }, [s] { return s->file; }});

  auto* export_ = cases->add_subcommand("export", "Export the cases of a unit and period");
  export_->add_option("--period", s->period, "2025, 2025H1, 2025Q3, 2025-07 or start/end")->required();
  export_->add_option("--format", s->format, "json (default) or csv");
  export_->add_option("-o,--output", s->output, "Output file (default: standard output)");
  principal_options(export_, o);
  export_->footer("Example: kehoach cases export --user cb-01 --role case_worker --unit 86 --period 2025 --format csv");
  commands.push_back({export_, [&o, s] {
    auto store = open_store(o);
    const Principal p = principal_of(o);
    write_output(store.export_cases(p, p.unit, parse_period(s->period), s->format == "csv" ? CaseFormat::csv : CaseFormat::json),
                 s->output);
    return int{ok};
  }, {}});

  auto* show = cases->add_subcommand("show", "One case of the principal's subtree, as a cases document (JSON); audited");
  show->add_option("code", s->code, "Case code")->required();
  show->add_option("--case-unit", s->case_unit, "The case's unit, when two units of the subtree use the code");
  show->add_option("-o,--output", s->output, "Output file (default: standard output)");
  principal_options(show, o);
  show->footer("Example: kehoach cases show --user cb-01 --role case_worker --unit 86 VL-0001");
  commands.push_back({show, [&o, s] {
    auto store = open_store(o);
    const Principal p = principal_of(o);
    const CaseRecord c = s->case_unit.empty() ? store.load_case(p, s->code) : store.load_case(p, s->case_unit, s->code);
    write_output(write_cases_json({c}), s->output);
    return int{ok};
  }, {}});

  auto* update = cases->add_subcommand("update", "Replace a recorded case: a cases document (JSON) holding exactly that case");
  update->add_option("file", s->file, "Cases document with one case")->required()->check(CLI::ExistingFile);
  principal_options(update, o);
  update->footer("Example: kehoach cases show ... VL-0001 -o c.json; (edit c.json); kehoach cases update ... c.json");
  commands.push_back({update, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const Principal p = principal_of(o);
    const CaseRecord updated = store.update_case_json(p, read_file(s->file));
    std::cout << w.case_updated << ": " << updated.unit << ":" << updated.code << "\n";
    return int{ok};
  }, [s] { return s->file; }});
}

}  // namespace kehoach_cli
