// kehoach cases import | export | show | version | list | update | close |
// reopen: GBV case records (needs a principal: --user, --role, --unit).

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_cases(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string file, format, period, output, code, case_unit, expect, on, of_unit, status, after;
    std::size_t limit = 100;
    bool json = false;
  };
  auto s = std::make_shared<State>();
  // --expect "" is refused: an empty version is never taken for "unchecked".
  const CLI::Validator a_version(
      [](std::string& v) { return v.empty() ? std::string("an empty version: leave --expect out to change unchecked") : std::string(); },
      "VERSION");
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

  auto* version = cases->add_subcommand("version", "The version of the one case of a cases document (for --expect)");
  version->add_option("file", s->file, "Cases document with one case")->required()->check(CLI::ExistingFile);
  version->footer("Example: kehoach cases version c.json");
  commands.push_back({version, [s] {
    const auto found = read_cases_json(read_file(s->file));
    if (found.size() != 1) {
      throw InvalidArgument("/cases: a case version is of exactly one case (this document holds " +
                            std::to_string(found.size()) + ")");
    }
    std::cout << case_version(found.front()) << "\n";
    return int{ok};
  }, [s] { return s->file; }});

  auto* list = cases->add_subcommand("list", "A page of the cases of a unit's subtree, by intake date; audited");
  list->add_option("--of", s->of_unit, "The unit whose subtree is listed (default: the principal's)");
  list->add_option("--period", s->period, "Intake in this period (2025, 2025H1, 2025Q3, 2025-07 or start/end)");
  list->add_option("--status", s->status, "open or closed")->check(CLI::IsMember({"open", "closed"}));
  list->add_option("--after", s->after, "Where the page starts: the 'next' the page before printed");
  list->add_option("--limit", s->limit, "Cases per page (1 to 1000)")->check(CLI::Range(1, 1000));
  list->add_flag("--json", s->json, "The page as JSON");
  principal_options(list, o);
  list->footer("Example: kehoach cases list --user cb-01 --role case_worker --unit 86 --status open --limit 50");
  commands.push_back({list, [&o, s] {
    auto store = open_store(o);
    const Principal p = principal_of(o);
    CaseQuery q;
    if (!s->period.empty()) q.intake = parse_period(s->period);
    if (!s->status.empty()) q.status = from_code<CaseStatus>(s->status);
    q.after = s->after;
    q.limit = s->limit;
    const CasePage page = store.list_cases(p, s->of_unit.empty() ? p.unit : s->of_unit, q);
    if (s->json) std::cout << write_case_page_json(page) << "\n";
    else print_case_page(std::cout, page, lang_of(o));
    return int{ok};
  }, {}});

  auto* update = cases->add_subcommand("update", "Replace a recorded case: a cases document (JSON) holding exactly that case");
  update->add_option("file", s->file, "Cases document with one case")->required()->check(CLI::ExistingFile);
  update->add_option("--expect", s->expect, "The version read (kehoach cases version): refused if the case changed since")->check(a_version);
  principal_options(update, o);
  update->footer("Example: kehoach cases show ... VL-0001 -o c.json; V=$(kehoach cases version c.json); (edit c.json);\n"
                 "         kehoach cases update ... --expect \"$V\" c.json");
  commands.push_back({update, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const Principal p = principal_of(o);
    const auto found = read_cases_json(read_file(s->file));
    if (found.size() != 1) {
      throw InvalidArgument("/cases: a case update holds exactly one case (this document holds " +
                            std::to_string(found.size()) + ")");
    }
    const std::string v = store.update_case(p, found.front(), s->expect);
    std::cout << w.case_updated << ": " << found.front().unit << ":" << found.front().code << "\n"
              << w.version << ": " << v << "\n";
    return int{ok};
  }, [s] { return s->file; }});

  auto* close = cases->add_subcommand("close", "Close an open case on a day; audited");
  close->add_option("code", s->code, "Case code")->required();
  close->add_option("--on", s->on, "The closing day (DD/MM/YYYY or YYYY-MM-DD)")->required();
  close->add_option("--case-unit", s->case_unit, "The case's unit, when two units of the subtree use the code");
  close->add_option("--expect", s->expect, "The version read: refused if the case changed since")->check(a_version);
  principal_options(close, o);
  close->footer("Example: kehoach cases close --user cb-01 --role case_worker --unit 86 VL-0001 --on 30/11/2026");
  commands.push_back({close, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const std::string v = store.close_case(principal_of(o), s->case_unit, s->code, parse_vietnamese_date(s->on), s->expect);
    std::cout << w.case_closed << ": " << s->code << "\n" << w.version << ": " << v << "\n";
    return int{ok};
  }, {}});

  auto* reopen = cases->add_subcommand("reopen", "Reopen a closed case; audited");
  reopen->add_option("code", s->code, "Case code")->required();
  reopen->add_option("--case-unit", s->case_unit, "The case's unit, when two units of the subtree use the code");
  reopen->add_option("--expect", s->expect, "The version read: refused if the case changed since")->check(a_version);
  principal_options(reopen, o);
  reopen->footer("Example: kehoach cases reopen --user cb-01 --role case_worker --unit 86 VL-0001");
  commands.push_back({reopen, [&o, s] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const std::string v = store.reopen_case(principal_of(o), s->case_unit, s->code, s->expect);
    std::cout << w.case_reopened << ": " << s->code << "\n" << w.version << ": " << v << "\n";
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
