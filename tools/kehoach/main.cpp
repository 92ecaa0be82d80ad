// The kehoach command-line tool. Exit codes: 0 success, 1 data or validation
// error, 2 usage error, 3 store error (see docs/cli.md).

#include <kehoach/kehoach.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

using kehoach::Lang;

enum Exit { ok = 0, data_error = 1, usage_error = 2, store_error = 3 };

struct Words {
  const char* issuer;
  const char* issued;
  const char* not_stated;
  const char* period;
  const char* targets;
  const char* milestones;
  const char* tasks;
  const char* agencies;
  const char* duties;
  const char* events;
  const char* warnings;
  const char* valid;
  const char* invalid;
};

constexpr Words vi{"Cơ quan ban hành", "Ngày ban hành", "không ghi", "Thời gian thực hiện",
                   "Chỉ tiêu", "mốc", "Nhiệm vụ", "Cơ quan", "Chế độ báo cáo", "Sự kiện",
                   "Cảnh báo", "hợp lệ", "không hợp lệ"};
constexpr Words en{"Issuer", "Issued", "not stated", "Period", "Targets", "milestones", "Tasks",
                   "Agencies", "Reporting duties", "Events", "Warnings", "valid", "invalid"};

int validate_files(const std::vector<std::string>& files, Lang lang, bool quiet) {
  const Words& w = lang == Lang::en ? en : vi;
  int status = ok;
  for (const auto& file : files) {
    try {
      const auto doc = kehoach::read_plan_file(file);
      const auto& p = doc.plan;
      std::size_t milestones = 0;
      for (const auto& t : p.targets) milestones += t.milestones.size();
      const auto* issuer = p.find_agency(p.issuer);
      std::cout << file << ": " << w.valid << "\n"
                << "  " << p.number.value_or("(" + std::string(w.not_stated) + ")") << " — " << p.title
                << "\n"
                << "  " << w.issuer << ": " << (issuer ? issuer->name : p.issuer) << " · " << w.issued
                << ": "
                << (p.issue_date ? kehoach::format_vietnamese_date(*p.issue_date) : w.not_stated)
                << " · " << w.period << ": " << kehoach::format_vietnamese_date(p.period.start)
                << "–" << kehoach::format_vietnamese_date(p.period.end) << "\n"
                << "  " << w.targets << ": " << p.targets.size() << " (" << milestones << " "
                << w.milestones << ") · " << w.tasks << ": " << p.tasks.size() << " · "
                << w.agencies << ": " << p.agencies.size() << " · " << w.duties << ": "
                << p.reporting_duties.size() << " · " << w.events << ": " << p.events.size()
                << "\n";
      if (!quiet && !doc.warnings.empty()) {
        std::cout << "  " << w.warnings << " (" << doc.warnings.size() << "):\n";
        for (const auto& d : doc.warnings) std::cout << "    " << kehoach::to_string(d) << "\n";
      }
    } catch (const kehoach::ValidationError& e) {
      std::cerr << file << ": " << w.invalid << "\n";
      for (const auto& d : e.errors()) std::cerr << "  " << kehoach::to_string(d) << "\n";
      status = data_error;
    } catch (const kehoach::Error& e) {
      std::cerr << "kehoach: " << e.what() << "\n";
      status = data_error;
    }
  }
  return status;
}

int format_file(const std::string& file) {
  try {
    std::cout << kehoach::write_plan_json(kehoach::read_plan_file(file).plan) << "\n";
    return ok;
  } catch (const kehoach::ValidationError& e) {
    for (const auto& d : e.errors()) std::cerr << file << ": " << kehoach::to_string(d) << "\n";
  } catch (const kehoach::Error& e) {
    std::cerr << "kehoach: " << e.what() << "\n";
  }
  return data_error;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kehoach — plans to prevent and respond to gender-based violence"};
  app.set_version_flag("--version", std::string(kehoach::version()));
  app.require_subcommand(1);

  std::string lang_code = "vi";
  app.add_option("--lang", lang_code, "Language of labels: vi (default) or en")
      ->check(CLI::IsMember({"vi", "en"}));

  std::vector<std::string> files;
  bool quiet = false;
  auto* validate = app.add_subcommand(
      "validate", "Read and validate plan documents; print a summary and the warnings of each");
  validate->add_option("files", files, "Plan documents (JSON)")->required()->check(CLI::ExistingFile);
  validate->add_flag("-q,--quiet", quiet, "Do not list warnings");
  validate->footer("Example: kehoach validate examples/data/*.plan.json");

  std::string file;
  auto* format = app.add_subcommand(
      "format", "Print a plan document in canonical form (validated, NFC, empty fields left out)");
  format->add_option("file", file, "Plan document (JSON)")->required()->check(CLI::ExistingFile);
  format->footer("Example: kehoach format examples/data/huong-khe-2021.plan.json > out.json");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? ok : usage_error;
  }
  const Lang lang = lang_code == "en" ? Lang::en : Lang::vi;
  try {
    if (*validate) return validate_files(files, lang, quiet);
    if (*format) return format_file(file);
  } catch (const std::exception& e) {
    std::cerr << "kehoach: internal error: " << e.what() << "\n";
    return data_error;
  }
  return usage_error;
}
