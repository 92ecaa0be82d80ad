// kehoach audit verify | integrity | trail: the audit trail of case data (an auditor).

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_audit(CLI::App& app, Options& o, Commands& commands) {
  auto as_json = std::make_shared<bool>(false);
  auto* audit = app.add_subcommand("audit", "The audit trail of case data (needs an auditor)");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Check the hash chain; report the first broken entry");
  principal_options(verify, o);
  commands.push_back({verify, [&o] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const auto v = store.verify_audit(principal_of(o));
    if (v.intact) {
      // The checkpoint to keep outside the store: entries and head hash.
      std::cout << w.audit_intact << " (" << v.entries << ")\n"
                << "head " << (v.head.empty() ? std::string(64, '0') : v.head) << "\n";
      return int{ok};
    }
    std::cout << w.audit_broken << " " << *v.first_broken << ": " << v.reason << "\n";
    return int{data_error};
  }, {}});
  auto* integrity = audit->add_subcommand(
      "integrity", "Check cases against their audited content and case cells against a rebuild; one line per problem");
  principal_options(integrity, o);
  integrity->add_flag("--json", *as_json, "Print the report as JSON");
  commands.push_back({integrity, [&o, as_json] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const auto r = store.check_integrity(principal_of(o));
    if (*as_json) {
      std::cout << write_integrity_json(r) << "\n";
    } else {
      for (const auto& p : r.problems) std::cout << p.kind << (p.record.empty() ? "" : " " + p.record) << ": " << p.detail << "\n";
      std::cout << (r.intact ? w.integrity_intact : w.integrity_broken) << " (" << r.cases_checked << " " << w.cases << ", "
                << r.cells_checked << " " << w.cells << ")\n";
    }
    return int{r.intact ? ok : data_error};
  }, {}});
  auto* trail = audit->add_subcommand("trail", "The audit trail, one entry per line (or --json); audited");
  trail->add_flag("--json", *as_json, "A JSON array of entries");
  principal_options(trail, o);
  audit->footer("Examples: kehoach audit verify --user kt-01 --role auditor --unit 86\n"
                "          kehoach audit integrity --user kt-01 --role auditor --unit 86");
  commands.push_back({trail, [&o, as_json] {
    auto store = open_store(o);
    const auto entries = store.audit_trail(principal_of(o));
    if (*as_json) {
      std::cout << write_audit_trail_json(entries) << "\n";
      return int{ok};
    }
    for (const auto& e : entries) {
      std::cout << e.seq << "\t" << e.at << "\t" << e.principal << "\t" << to_code(e.role) << "\t" << e.action << "\t"
                << e.detail << "\n";
    }
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
