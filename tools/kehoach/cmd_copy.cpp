// kehoach copy --from STORE --to STORE: a whole store into an empty one (an
// auditor), checked equal; a commune's file into a provincial PostgreSQL
// database, or back.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_copy(CLI::App& app, Options& o, Commands& commands) {
  auto to = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand(
      "copy", "Copy the whole store into an empty one (a file or a postgresql:// URI), checked equal (needs an auditor)");
  sub->add_option("--from", o.db, "The store to copy (default: --db, $KEHOACH_DB)");
  sub->add_option("--to", *to, "The empty store to copy into: a file (made when missing) or a PostgreSQL URI")->required();
  sub->add_flag("--json", *as_json, "Print the report as JSON");
  principal_options(sub, o);
  sub->footer("Example: kehoach copy --from xa-mot.db --to postgresql://kehoach@db.tinh/kehoach --user kt-01 "
              "--role auditor --unit 86\n"
              "The copy is written to the source's audit trail first; a source whose trail does not verify is not copied.");
  commands.push_back({sub, [&o, to, as_json] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const auto r = store.copy_to(principal_of(o), *to);
    if (*as_json) {
      std::cout << write_copy_report_json(r) << "\n";
      return int{ok};
    }
    std::cout << w.copied << " " << r.destination << ": " << r.units << " " << w.units_lower << ", " << r.plans << " "
              << w.plans << ", " << r.records << " " << w.records_lower << ", " << r.cases << " " << w.cases << ", "
              << r.audit_entries << " " << w.audit_entries << ", " << r.packages << " " << w.packages << "; "
              << w.read_back_equal << "\n";
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
