// The kehoach command-line tool: the main job on an embedded store. One file
// per command (cmd_<name>.cpp); this one parses, runs the command chosen, and
// turns failures into exit codes: 0 success, 1 data or validation error, 2
// usage error, 3 store error (the error table gives each code's exit).

#include "cli.hpp"
#include "format.hpp"

#include <iostream>

using namespace kehoach;
using namespace kehoach_cli;

namespace {

int run_guarded(const Command& command) {
  std::string file;
  try {
    if (command.file) file = command.file();
    return command.run();
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
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kehoach — kế hoạch phòng ngừa, ứng phó bạo lực trên cơ sở giới / plans to prevent and respond to GBV"};
  app.set_version_flag("--version", std::string(version()));
  app.require_subcommand(1);
  Options o;
  app.add_option("--db", o.db, "Store: a file, or a postgresql:// URI (default: $KEHOACH_DB, else ./kehoach.db)");
  app.add_option("--lang", o.lang, "Language of labels: vi (default) or en")->check(CLI::IsMember({"vi", "en"}));
  app.add_option("--audit-key-file", o.audit_key_file,
                 "File holding the portal's audit key (default: $KEHOACH_AUDIT_KEY_FILE): entries get MACs, verify checks them");

  Commands commands;
  for (auto add : {add_init, add_import, add_record, add_cases, add_plan, add_units, add_agencies, add_observations, add_task_updates, add_submissions, add_allocations, add_expenditures, add_manual_status,
                   add_status, add_reporting, add_export, add_package, add_audit, add_copy, add_validate, add_format}) {
    add(app, o, commands);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? ok : usage_error;
  }

  int result = usage_error;
  for (const auto& command : commands) {
    if (command.app->parsed()) {
      result = run_guarded(command);
      break;
    }
  }
  // Output that could not be written (a full disk, a closed pipe) is a failure too.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "kehoach: the output could not be written\n";
    return result == ok ? data_error : result;
  }
  return result;
}
