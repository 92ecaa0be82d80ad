// kehoach submissions --plan ID --duty ID [--history | --retract DATE
// --reporter ID --period PERIOD]: the reports submitted under a duty, every
// one of them with its life, or a retraction.

#include "cli.hpp"
#include "format.hpp"

#include <algorithm>
#include <iostream>
#include <memory>

namespace kehoach_cli {

void add_submissions(CLI::App& app, Options& o, Commands& commands) {
  struct State {
    std::string plan, duty, output, retract, reporter, period;
    bool history = false;
  };
  auto s = std::make_shared<State>();
  auto* sub = app.add_subcommand("submissions", "The reports submitted under a duty, as a records document (JSON)");
  sub->add_option("--plan", s->plan, "Plan id")->required();
  sub->add_option("--duty", s->duty, "Reporting duty id")->required();
  sub->add_option("-o,--output", s->output, "Output file (default: standard output)");
  auto* history = sub->add_flag("--history", s->history,
                                "Every submission (held and retracted) with when it was recorded and retracted, as JSON");
  auto* retract = sub->add_option("--retract", s->retract,
                                  "Retract the submission of this day (YYYY-MM-DD); it stays in the history")
                      ->excludes(history);
  auto* reporter = sub->add_option("--reporter", s->reporter, "The reporting agency of the submission to retract");
  auto* period = sub->add_option("--period", s->period, "The period of the submission to retract (2026, 2026H1, …)");
  reporter->needs(retract);
  period->needs(retract);
  retract->needs(reporter)->needs(period);
  sub->footer("Examples: kehoach submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam\n"
              "          kehoach submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam --history\n"
              "          kehoach submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam "
              "--retract 2026-11-18 --reporter phong-nganh-xa --period 2026");
  commands.push_back({sub, [&o, s] {
    auto store = open_store(o);
    if (!s->retract.empty()) {
      const Date date = parse_iso_date(s->retract);
      store.retract_submission(ReportSubmission{s->plan, s->duty, s->reporter, parse_period(s->period), date});
      std::cout << words(lang_of(o)).submission_retracted << ": " << s->plan << " " << s->duty << " " << s->reporter
                << " " << s->period << " " << format_vietnamese_date(date) << "\n";
      return int{ok};
    }
    const auto all = store.submission_history(s->plan, s->duty);
    if (s->history) {
      write_output(write_submission_history_json(all), s->output);
      return int{ok};
    }
    RecordBatch batch;
    for (const auto& v : all) {
      if (!v.retracted_at) batch.submissions.push_back(v.submission);
    }
    write_output(write_records_json(batch), s->output);
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
