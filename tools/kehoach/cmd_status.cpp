// kehoach status: where the plans stand as of a date.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_status(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string as_of, plan, scope_unit, agency, boundaries, known_at;
    bool json = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("status", "Where the plans stand as of a date");
  sub->add_option("--as-of", s->as_of, "Date (default: today); 31/12/2025 or 2025-12-31");
  sub->add_option("--plan", s->plan, "One plan");
  sub->add_option("--scope-unit", s->scope_unit, "The plans of a unit and its subtree");
  sub->add_option("--boundaries", s->boundaries,
                  "Roll up by the units as they were on this date (default: the tree as recorded); with --user, the "
                  "case indicators too");
  auto* known_at = sub->add_option("--known-at", s->known_at,
                  "As the records stood at this UTC time, 2026-03-01T09:00:00Z (the recorded_at of --history): later "
                  "corrections, retractions and amendments not applied");
  sub->add_option("--agency", s->agency, "Only this agency's compliance");
  sub->add_flag("--json", s->json, "The metrics JSON of the metrics engine, unchanged");
  principal_options(sub, o);
  sub->footer("Examples: kehoach status --as-of 31/12/2025\n"
              "          kehoach --lang en status --plan huong-khe-48-kh-ubnd-2021 --json\n"
              "          kehoach status --scope-unit 86 --boundaries 31/12/2024\n"
              "          kehoach status --plan huong-khe-48-kh-ubnd-2021 --as-of 31/12/2025 --known-at 2026-01-15T00:00:00Z\n"
              "          kehoach status --user off-1 --role officer --unit 86   (adds case indicators)\n"
              "          kehoach status --user off-1 --role officer --unit 86 --scope-unit 80 --boundaries 31/12/2024");
  commands.push_back({sub, [&o, s, known_at] {
    std::optional<Principal> p;
    if (!o.user.empty() || !o.role.empty()) p = principal_of(o);
    if (!s->boundaries.empty() && s->scope_unit.empty() && !p) throw UsageFailure{"--boundaries needs --scope-unit or --user"};
    auto store = open_store(o);
    StatusRequest request{as_of_or_today(s->as_of), s->plan, s->scope_unit, s->agency, s->json, p};
    if (!s->boundaries.empty()) request.boundaries = parse_vietnamese_date(s->boundaries);
    if (known_at->count() > 0) request.known_at = s->known_at;  // "" too: the library refuses it
    return print_status(store, request, lang_of(o));
  }, {}});
}

}  // namespace kehoach_cli
