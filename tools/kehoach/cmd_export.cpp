// kehoach export plan ID | metrics: a plan document, or metrics as JSON or CSV.

#include "cli.hpp"
#include "format.hpp"

#include <memory>

namespace kehoach_cli {

void add_export(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, output, as_of, known_at;
    bool csv = false;
  };
  auto s = std::make_shared<State>();
  auto* export_ = app.add_subcommand("export", "Export a plan document or metrics");
  export_->require_subcommand(1);
  auto* plan = export_->add_subcommand("plan", "The plan document as imported");
  plan->add_option("id", s->plan, "Plan id")->required();
  plan->add_option("-o,--output", s->output, "Output file");
  commands.push_back({plan, [&o, s] {
    auto store = open_store(o);
    write_output(store.export_plan_json(s->plan), s->output);
    return int{ok};
  }, {}});
  auto* metrics = export_->add_subcommand("metrics", "Metrics as JSON or CSV");
  metrics->add_option("--as-of", s->as_of, "Date (default: today)");
  metrics->add_option("--plan", s->plan, "One plan (default: all)");
  auto* known_at = metrics->add_option("--known-at", s->known_at, "As the records stood at this UTC time, 2026-03-01T09:00:00Z");
  metrics->add_flag("--csv", s->csv, "One row per target (CSV)");
  metrics->add_option("-o,--output", s->output, "Output file");
  export_->footer("Examples: kehoach export plan cai-nhum-gbv-2026-2030 -o plan.json\n"
                  "          kehoach export metrics --as-of 2025-12-31 --csv\n"
                  "          kehoach export metrics --as-of 2025-12-31 --known-at 2026-01-15T00:00:00Z");
  commands.push_back({metrics, [&o, s, known_at] {
    auto store = open_store(o);
    const std::vector<std::string> ids = s->plan.empty() ? store.plan_ids() : std::vector<std::string>{s->plan};
    const Date as_of = as_of_or_today(s->as_of);
    MetricsOptions options;
    if (known_at->count() > 0) options.known_at = s->known_at;  // "" too: the library refuses it
    std::vector<PlanMetrics> all;
    for (const auto& id : ids) all.push_back(store.plan_metrics(id, as_of, options));
    write_output(s->csv ? write_metrics_csv(all) : write_metrics_json(std::span<const PlanMetrics>(all)), s->output);
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
