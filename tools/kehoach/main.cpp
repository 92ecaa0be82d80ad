// The kehoach command-line tool: the main job on an embedded store.
// Exit codes: 0 success, 1 data or validation error, 2 usage error, 3 store error.

#include <kehoach/kehoach.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "format.hpp"

namespace {

using namespace kehoach;
using namespace kehoach_cli;

// 0, 2 and the exit of a store that cannot be opened are the CLI's own; every
// other failure exits with its code's `cli_exit` in the error table.
enum Exit { ok = 0, data_error = 1, usage_error = 2, store_error = 3 };

// An input file that cannot be read or an output that cannot be written is
// the user's data (exit 1), unlike I/O on the store (IoError, exit 3).
struct InputFailure {
  std::string message;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputFailure{path + ": cannot open the file for reading"};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}


// A progress line on stderr for work that takes longer than a second, only
// when stderr is a terminal; nothing otherwise.
class Progress {
 public:
  Progress(std::string what, std::size_t total)
      : what_(std::move(what)), total_(total), start_(std::chrono::steady_clock::now()), tty_(isatty(2) == 1) {}
  ~Progress() {
    if (shown_) std::cerr << "\n";
  }
  void step(std::size_t done, const std::string& item) {
    if (!tty_ || std::chrono::steady_clock::now() - start_ < std::chrono::seconds{1}) return;
    shown_ = true;
    const int width = 30;
    const int filled = total_ ? static_cast<int>(width * done / total_) : width;
    std::cerr << "\r" << what_ << " [" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << done << "/" << total_ << " "
              << item.substr(0, 40) << "\033[K" << std::flush;
  }

 private:
  std::string what_;
  std::size_t total_;
  std::chrono::steady_clock::time_point start_;
  bool tty_;
  bool shown_ = false;
};

struct Options {
  std::string db;
  std::string lang = "vi";
  std::string user, role, unit;
  bool override_right = false;
  std::string audit_key_file;
};

Lang lang_of(const Options& o) { return o.lang == "en" ? Lang::en : Lang::vi; }

std::string store_path(const Options& o) {
  if (!o.db.empty()) return o.db;
  if (const char* env = std::getenv("KEHOACH_DB"); env && *env) return env;
  return "kehoach.db";
}

// A failure to open the store (missing, not a store, newer, unreadable): exit 3,
// even for the kinds of error that mean "bad data" elsewhere.
struct StoreFailure {
  std::string message;
};

// A command used the wrong way: exit 2.
struct UsageFailure {
  std::string message;
};

Store open_store(const Options& o) {
  try {
    auto store = Store::open(store_path(o), StoreOptions{.create = false});
    std::string key_file = o.audit_key_file;
    if (key_file.empty()) {
      if (const char* env = std::getenv("KEHOACH_AUDIT_KEY_FILE"); env && *env) key_file = env;
    }
    if (!key_file.empty()) {
      std::ifstream in(key_file, std::ios::binary);
      if (!in) throw IoError(key_file + ": cannot read the audit key file");
      std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
      store.set_audit_key(key);
    }
    return store;
  } catch (const Error& e) {
    throw StoreFailure{e.what()};
  }
}

Principal principal_of(const Options& o) {
  if (o.user.empty() || o.role.empty() || o.unit.empty()) {
    throw UsageFailure{"case data needs --user, --role (case_worker, officer, auditor) and --unit"};
  }
  const auto role = from_code<Role>(o.role);
  if (!role) throw UsageFailure{"unknown role '" + o.role + "' (expected case_worker, officer or auditor)"};
  return Principal{o.user, *role, o.unit, o.override_right};
}

void write_output(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    if (!text.empty() && text.back() != '\n') std::cout << "\n";
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!text.empty() && text.back() != '\n') out << "\n";
  if (!out) throw InputFailure{path + ": cannot write the file"};
}

PlanDocument read_plan_input(const std::string& path) {
  try {
    return read_plan_file(path);
  } catch (const IoError& e) {
    throw InputFailure{e.what()};
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kehoach — kế hoạch phòng ngừa, ứng phó bạo lực trên cơ sở giới / plans to prevent and respond to GBV"};
  app.set_version_flag("--version", std::string(version()));
  app.require_subcommand(1);
  Options o;
  app.add_option("--db", o.db, "Store file (default: $KEHOACH_DB, else ./kehoach.db)");
  app.add_option("--lang", o.lang, "Language of labels: vi (default) or en")->check(CLI::IsMember({"vi", "en"}));
  app.add_option("--audit-key-file", o.audit_key_file,
                 "File holding the portal's audit key (default: $KEHOACH_AUDIT_KEY_FILE): entries get MACs, verify checks them");
  auto principal_options = [&](CLI::App* sub) {
    sub->add_option("--user", o.user, "Acting user id (pseudonymous)");
    sub->add_option("--role", o.role, "case_worker, officer or auditor")->check(CLI::IsMember({"case_worker", "officer", "auditor"}));
    sub->add_option("--unit", o.unit, "Administrative unit code of the acting user");
    sub->add_flag("--override-right", o.override_right, "The user may override missing consent to referrals");
  };

  auto* init = app.add_subcommand("init", "Create the store (idempotent)");
  init->footer("Example: kehoach --db kehoach.db init");

  std::vector<std::string> files;
  auto* import = app.add_subcommand("import", "Import plan documents (JSON), all in one transaction");
  import->add_option("files", files, "Plan documents")->required()->check(CLI::ExistingFile);
  import->footer("Example: kehoach import examples/data/*.plan.json");

  std::string file, kind;
  auto* record = app.add_subcommand("record", "Record observations, task updates, allocations, expenditures, submissions");
  record->add_option("file", file, "A records document (.json) or a CSV file of one kind")->required()->check(CLI::ExistingFile);
  record->add_option("--kind", kind, "For CSV: observations, task_updates, allocations, expenditures or submissions");
  record->footer("Examples: kehoach record examples/data/demo/records.json\n"
                 "          kehoach record --kind observations observations.csv");

  auto* cases = app.add_subcommand("cases", "GBV case records (needs --user, --role, --unit)");
  cases->require_subcommand(1);
  std::string case_format;
  auto* cases_import = cases->add_subcommand("import", "Import cases from JSON or CSV, all or none");
  cases_import->add_option("file", file, "Cases file")->required()->check(CLI::ExistingFile);
  cases_import->add_option("--format", case_format, "json or csv (default: from the file name)");
  principal_options(cases_import);
  cases_import->footer("Example: kehoach cases import --user cb-01 --role case_worker --unit 86 cases.csv");
  std::string period_text, output;
  auto* cases_export = cases->add_subcommand("export", "Export the cases of a unit and period");
  cases_export->add_option("--period", period_text, "2025, 2025H1, 2025Q3, 2025-07 or start/end")->required();
  cases_export->add_option("--format", case_format, "json (default) or csv");
  cases_export->add_option("-o,--output", output, "Output file (default: standard output)");
  principal_options(cases_export);
  cases_export->footer("Example: kehoach cases export --user cb-01 --role case_worker --unit 86 --period 2025 --format csv");

  std::string as_of_text, plan_id, agency_id, scope_unit;
  bool as_json = false;
  std::string case_code, case_unit;
  auto* cases_show = cases->add_subcommand("show", "One case of the principal's subtree, as a cases document (JSON); audited");
  cases_show->add_option("code", case_code, "Case code")->required();
  cases_show->add_option("--case-unit", case_unit, "The case's unit, when two units of the subtree use the code");
  cases_show->add_option("-o,--output", output, "Output file (default: standard output)");
  principal_options(cases_show);
  cases_show->footer("Example: kehoach cases show --user cb-01 --role case_worker --unit 86 VL-0001");
  auto* cases_update = cases->add_subcommand("update", "Replace a recorded case: a cases document (JSON) holding exactly that case");
  cases_update->add_option("file", file, "Cases document with one case")->required()->check(CLI::ExistingFile);
  principal_options(cases_update);
  cases_update->footer("Example: kehoach cases show ... VL-0001 -o c.json; (edit c.json); kehoach cases update ... c.json");

  auto* plan_cmd = app.add_subcommand("plan", "List or remove the plans in the store");
  plan_cmd->require_subcommand(1);
  auto* plan_list = plan_cmd->add_subcommand("list", "Every plan id, one per line");
  plan_list->footer("Example: kehoach plan list");
  auto* plan_remove = plan_cmd->add_subcommand("remove", "Remove a plan and everything recorded against it");
  plan_remove->add_option("id", plan_id, "Plan id")->required();
  plan_remove->footer("Example: kehoach plan remove thuong-quang-bdg-2023");

  bool units_json = false;
  auto* units_cmd = app.add_subcommand("units", "Every administrative unit the store knows: code, level, name, parent");
  units_cmd->add_flag("--json", units_json, "A JSON array of units (the shape of a plan document's units)");
  units_cmd->footer("Example: kehoach units --json");

  std::string target_id;
  auto* observations_cmd = app.add_subcommand("observations", "A target's observations, as a records document (JSON)");
  observations_cmd->add_option("--plan", plan_id, "Plan id")->required();
  observations_cmd->add_option("--target", target_id, "Target id")->required();
  observations_cmd->add_option("-o,--output", output, "Output file (default: standard output)");
  observations_cmd->footer("Example: kehoach observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1");

  std::string manual_kind = "target", manual_item, manual_status, manual_reason, manual_by, manual_date;
  auto* manual_cmd = app.add_subcommand("manual-status", "Record a status set by hand on a target or task, with who and why");
  manual_cmd->add_option("--plan", plan_id, "Plan id")->required();
  manual_cmd->add_option("--kind", manual_kind, "target (default) or task")->check(CLI::IsMember({"target", "task"}));
  manual_cmd->add_option("--item", manual_item, "Target or task id")->required();
  manual_cmd->add_option("--status", manual_status, "A target status (achieved, on_track, …) or a task status")->required();
  manual_cmd->add_option("--reason", manual_reason, "Why")->required();
  manual_cmd->add_option("--by", manual_by, "Who set it")->required();
  manual_cmd->add_option("--date", manual_date, "When (default: today); 31/12/2025 or 2025-12-31");
  manual_cmd->footer("Example: kehoach manual-status --plan cai-nhum-gbv-2026-2030 --item tg-a-1 --status on_track "
                     "--reason \"Báo cáo quý III\" --by cb-01");

  auto* status = app.add_subcommand("status", "Where the plans stand as of a date");
  status->add_option("--as-of", as_of_text, "Date (default: today); 31/12/2025 or 2025-12-31");
  status->add_option("--plan", plan_id, "One plan");
  status->add_option("--scope-unit", scope_unit, "The plans of a unit and its subtree");
  status->add_option("--agency", agency_id, "Only this agency's compliance");
  status->add_flag("--json", as_json, "The metrics JSON of the metrics engine, unchanged");
  principal_options(status);
  status->footer("Examples: kehoach status --as-of 31/12/2025\n"
                 "          kehoach --lang en status --plan huong-khe-48-kh-ubnd-2021 --json\n"
                 "          kehoach status --user off-1 --role officer --unit 86   (adds case indicators)");

  auto* export_ = app.add_subcommand("export", "Export a plan document or metrics");
  export_->require_subcommand(1);
  auto* export_plan = export_->add_subcommand("plan", "The plan document as imported");
  export_plan->add_option("id", plan_id, "Plan id")->required();
  export_plan->add_option("-o,--output", output, "Output file");
  bool as_csv = false;
  auto* export_metrics = export_->add_subcommand("metrics", "Metrics as JSON or CSV");
  export_metrics->add_option("--as-of", as_of_text, "Date (default: today)");
  export_metrics->add_option("--plan", plan_id, "One plan (default: all)");
  export_metrics->add_flag("--csv", as_csv, "One row per target (CSV)");
  export_metrics->add_option("-o,--output", output, "Output file");
  export_->footer("Examples: kehoach export plan cai-nhum-gbv-2026-2030 -o plan.json\n"
                  "          kehoach export metrics --as-of 2025-12-31 --csv");

  auto* package = app.add_subcommand("package", "Aggregate report packages (needs --user, --role, --unit)");
  package->require_subcommand(1);
  auto* package_export = package->add_subcommand("export", "Export the unit's indicators for a period");
  package_export->add_option("--period", period_text, "Period")->required();
  package_export->add_option("--as-of", as_of_text, "Date (default: today)");
  package_export->add_option("-o,--output", output, "Output file");
  principal_options(package_export);
  auto* package_import = package->add_subcommand("import", "Import a package from a unit below");
  package_import->add_option("file", file, "Package (JSON)")->required()->check(CLI::ExistingFile);
  principal_options(package_import);
  package->footer("Example: kehoach package export --user cb-01 --role case_worker --unit 86 --period 2025");

  auto* audit = app.add_subcommand("audit", "The audit trail of case data (needs an auditor)");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the hash chain; report the first broken entry");
  principal_options(audit_verify);
  auto* audit_integrity = audit->add_subcommand(
      "integrity", "Check cases against their audited content and case cells against a rebuild; one line per problem");
  principal_options(audit_integrity);
  bool integrity_json = false;
  bool trail_json = false;
  auto* audit_trail = audit->add_subcommand("trail", "The audit trail, one entry per line (or --json); audited");
  audit_trail->add_flag("--json", trail_json, "A JSON array of entries");
  principal_options(audit_trail);
  audit_integrity->add_flag("--json", integrity_json, "Print the report as JSON");
  audit->footer("Examples: kehoach audit verify --user kt-01 --role auditor --unit 86\n"
                "          kehoach audit integrity --user kt-01 --role auditor --unit 86");

  bool quiet = false;
  auto* validate = app.add_subcommand("validate", "Read and validate plan documents; print a summary and the warnings");
  validate->add_option("files", files, "Plan documents (JSON)")->required()->check(CLI::ExistingFile);
  validate->add_flag("-q,--quiet", quiet, "Do not list warnings");
  validate->footer("Example: kehoach validate examples/data/*.plan.json");

  auto* format = app.add_subcommand("format", "Print a plan document in canonical form");
  format->add_option("file", file, "Plan document (JSON)")->required()->check(CLI::ExistingFile);
  format->footer("Example: kehoach format plan.json > canonical.json");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? ok : usage_error;
  }

  const Lang lang = lang_of(o);
  const Words& w = words(lang);
  auto as_of = [&] { return as_of_text.empty() ? today_in_vietnam() : parse_vietnamese_date(as_of_text); };
  auto run_command = [&]() -> int {
  try {
    if (*init) {
      auto store = Store::open(store_path(o));
      std::cout << w.store_ready << ": " << store.path() << " (schema " << store.schema_version() << ")\n";
      return ok;
    }
    if (*validate) return validate_files(files, lang, quiet);
    if (*format) {
      std::cout << write_plan_json(read_plan_input(file).plan) << "\n";
      return ok;
    }
    if (*import) {
      auto store = open_store(o);
      std::vector<Plan> plans;
      Progress progress(w.importing, files.size());
      std::size_t warnings = 0;
      for (std::size_t i = 0; i < files.size(); ++i) {
        progress.step(i, files[i]);
        auto doc = read_plan_input(files[i]);
        warnings += doc.warnings.size();
        plans.push_back(std::move(doc.plan));
      }
      store.import_plans(plans);
      progress.step(files.size(), "");
      std::cout << w.imported << ": " << plans.size() << " " << w.plans << " (" << warnings << " " << w.warnings_lower << ")\n";
      return ok;
    }
    if (*record) {
      auto store = open_store(o);
      const std::string text = read_file(file);
      RecordBatch batch;
      if (ends_with(file, ".csv")) {
        if (kind.empty()) throw UsageFailure{"a CSV file needs --kind (observations, task_updates, allocations, expenditures, submissions)"};
        batch = read_records_csv(kind, text);
      } else {
        batch = read_records_json(text);
      }
      store.record(batch);
      std::cout << w.recorded << ": " << batch.observations.size() << " " << w.observations << ", " << batch.task_updates.size()
                << " " << w.task_updates << ", " << batch.allocations.size() << " " << w.allocations << ", "
                << batch.expenditures.size() << " " << w.expenditures << ", " << batch.submissions.size() << " "
                << w.submissions << "\n";
      return ok;
    }
    if (*cases_import) {
      auto store = open_store(o);
      const CaseFormat f = case_format == "csv" || (case_format.empty() && ends_with(file, ".csv")) ? CaseFormat::csv : CaseFormat::json;
      const std::size_t n = store.import_cases(principal_of(o), read_file(file), f);
      std::cout << w.recorded << ": " << n << " " << w.cases << "\n";
      return ok;
    }
    if (*cases_export) {
      auto store = open_store(o);
      const Principal p = principal_of(o);
      write_output(store.export_cases(p, p.unit, parse_period(period_text), case_format == "csv" ? CaseFormat::csv : CaseFormat::json),
                   output);
      return ok;
    }
    if (*cases_show) {
      auto store = open_store(o);
      const Principal p = principal_of(o);
      const CaseRecord c = case_unit.empty() ? store.load_case(p, case_code) : store.load_case(p, case_unit, case_code);
      write_output(write_cases_json({c}), output);
      return ok;
    }
    if (*cases_update) {
      auto store = open_store(o);
      const Principal p = principal_of(o);
      const auto updated = read_cases_json(read_file(file));
      if (updated.size() != 1) {
        throw InvalidArgument("/cases: a case update holds exactly one case (this document holds " +
                              std::to_string(updated.size()) + ")");
      }
      store.update_case(p, updated.front());
      std::cout << w.case_updated << ": " << updated.front().unit << ":" << updated.front().code << "\n";
      return ok;
    }
    if (*plan_list) {
      auto store = open_store(o);
      for (const auto& id : store.plan_ids()) std::cout << id << "\n";
      return ok;
    }
    if (*plan_remove) {
      auto store = open_store(o);
      store.remove_plan(plan_id);
      std::cout << w.plan_removed << ": " << plan_id << "\n";
      return ok;
    }
    if (*units_cmd) {
      auto store = open_store(o);
      const auto all = store.units();
      if (units_json) {
        std::cout << write_units_json(all) << "\n";
        return ok;
      }
      for (const auto& u : all) {
        std::cout << u.code << "\t" << label(u.level, lang) << "\t" << u.name << "\t" << u.parent.value_or("") << "\n";
      }
      return ok;
    }
    if (*observations_cmd) {
      auto store = open_store(o);
      RecordBatch batch;
      batch.observations = store.observations(plan_id, target_id);
      write_output(write_records_json(batch), output);
      return ok;
    }
    if (*manual_cmd) {
      auto store = open_store(o);
      const Date date = manual_date.empty() ? today_in_vietnam() : parse_vietnamese_date(manual_date);
      store.set_manual_status(ManualStatus{plan_id, manual_kind, manual_item, manual_status, manual_reason, manual_by, date});
      std::cout << w.manual_status_set << ": " << plan_id << " " << manual_kind << " " << manual_item << " → " << manual_status
                << "\n";
      return ok;
    }
    if (*audit_trail) {
      auto store = open_store(o);
      const auto entries = store.audit_trail(principal_of(o));
      if (trail_json) {
        std::cout << write_audit_trail_json(entries) << "\n";
        return ok;
      }
      for (const auto& e : entries) {
        std::cout << e.seq << "\t" << e.at << "\t" << e.principal << "\t" << to_code(e.role) << "\t" << e.action << "\t"
                  << e.detail << "\n";
      }
      return ok;
    }
    if (*status) {
      auto store = open_store(o);
      std::optional<Principal> p;
      if (!o.user.empty() || !o.role.empty()) p = principal_of(o);
      return print_status(store, StatusRequest{as_of(), plan_id, scope_unit, agency_id, as_json, p}, lang);
    }
    if (*export_plan) {
      auto store = open_store(o);
      write_output(store.export_plan_json(plan_id), output);
      return ok;
    }
    if (*export_metrics) {
      auto store = open_store(o);
      const std::vector<std::string> ids = plan_id.empty() ? store.plan_ids() : std::vector<std::string>{plan_id};
      std::vector<PlanMetrics> all;
      for (const auto& id : ids) all.push_back(store.plan_metrics(id, as_of()));
      write_output(as_csv ? metrics_csv(all) : metrics_json_list(all), output);
      return ok;
    }
    if (*package_export) {
      auto store = open_store(o);
      const Principal p = principal_of(o);
      write_output(store.export_package(p, p.unit, parse_period(period_text), as_of()), output);
      return ok;
    }
    if (*package_import) {
      auto store = open_store(o);
      store.import_package(principal_of(o), read_file(file));
      std::cout << w.package_imported << "\n";
      return ok;
    }
    if (*audit_verify) {
      auto store = open_store(o);
      const auto v = store.verify_audit(principal_of(o));
      if (v.intact) {
        // The checkpoint to keep outside the store: entries and head hash.
        std::cout << w.audit_intact << " (" << v.entries << ")\n"
                  << "head " << (v.head.empty() ? std::string(64, '0') : v.head) << "\n";
        return ok;
      }
      std::cout << w.audit_broken << " " << *v.first_broken << ": " << v.reason << "\n";
      return data_error;
    }
    if (*audit_integrity) {
      auto store = open_store(o);
      const auto r = store.check_integrity(principal_of(o));
      if (integrity_json) {
        std::cout << write_integrity_json(r) << "\n";
      } else {
        for (const auto& p : r.problems) std::cout << p.kind << (p.record.empty() ? "" : " " + p.record) << ": " << p.detail << "\n";
        std::cout << (r.intact ? w.integrity_intact : w.integrity_broken) << " (" << r.cases_checked << " " << w.cases << ", "
                  << r.cells_checked << " " << w.cells << ")\n";
      }
      return r.intact ? ok : data_error;
    }
  } catch (const UsageFailure& e) {
    std::cerr << "kehoach: " << e.message << "\nRun with --help for more information.\n";
    return usage_error;
  } catch (const StoreFailure& e) {
    std::cerr << "kehoach: " << e.message << "\n";
    return store_error;
  } catch (const InputFailure& e) {
    std::cerr << "kehoach: " << e.message << "\n";
    return data_error;
  } catch (const ValidationError& e) {
    for (const auto& d : e.errors()) std::cerr << "kehoach: " << (file.empty() ? "" : file + ": ") << to_string(d) << "\n";
    return error_info(e.code()).cli_exit;
  } catch (const StoreError& e) {
    // Failures of the store itself (I/O, a corrupt file, busy) name no input file.
    std::cerr << "kehoach: " << e.what() << "\n";
    return error_info(e.code()).cli_exit;
  } catch (const Error& e) {
    std::cerr << "kehoach: " << (file.empty() ? "" : file + ": ") << e.what() << "\n";
    return error_info(e.code()).cli_exit;
  } catch (const std::bad_alloc&) {
    std::cerr << "kehoach: out of memory\n";
    return error_info(ErrorCode::no_memory).cli_exit;
  } catch (const std::exception& e) {
    std::cerr << "kehoach: internal error: " << e.what() << "\n";
    return error_info(ErrorCode::internal).cli_exit;
  }
  return usage_error;
  };
  const int result = run_command();
  // Output that could not be written (a full disk, a closed pipe) is a failure too.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "kehoach: the output could not be written\n";
    return result == ok ? data_error : result;
  }
  return result;
}
