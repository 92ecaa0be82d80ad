#pragma once

// What every command of the kehoach tool shares: exit codes, the failures the
// tool tells apart, the global options, opening the store, reading input and
// writing output, and the list of commands (one file each: cmd_<name>.cpp).

#include <kehoach/kehoach.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <iostream>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kehoach_cli {

using namespace kehoach;

// 0, 2 and the exit of a store that cannot be opened are the CLI's own; every
// other failure exits with its code's `cli_exit` in the error table.
enum Exit { ok = 0, data_error = 1, usage_error = 2, store_error = 3 };

// An input file that cannot be read or an output that cannot be written is
// the user's data (exit 1), unlike I/O on the store (IoError, exit 3).
struct InputFailure {
  std::string message;
};


// A failure to open the store (missing, not a store, newer, unreadable): exit 3,
// even for the kinds of error that mean "bad data" elsewhere.
struct StoreFailure {
  std::string message;
};

// A command used the wrong way: exit 2.
struct UsageFailure {
  std::string message;
};


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


std::string read_file(const std::string& path);
bool ends_with(const std::string& s, std::string_view suffix);
Lang lang_of(const Options& o);
std::string store_path(const Options& o);
// Opens the store named by --db or $KEHOACH_DB, with the audit key file if
// any; any failure is a StoreFailure (exit 3).
Store open_store(const Options& o);
Principal principal_of(const Options& o);
void write_output(const std::string& text, const std::string& path);
PlanDocument read_plan_input(const std::string& path);
// --user, --role, --unit, --override-right on a subcommand.
void principal_options(CLI::App* sub, Options& o);
// --as-of: the date given, or today in Viet Nam.
Date as_of_or_today(const std::string& text);

// A command: its subcommand, what it runs once parsed, and the input file it
// reads (named in its error messages; may be empty).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
  std::function<std::string()> file;
};

// Each adds its subcommand(s) to `app` and to `commands`; `o` holds the global
// options, read when the command runs.
using Commands = std::vector<Command>;
void add_init(CLI::App& app, Options& o, Commands& commands);
void add_import(CLI::App& app, Options& o, Commands& commands);
void add_record(CLI::App& app, Options& o, Commands& commands);
void add_cases(CLI::App& app, Options& o, Commands& commands);
void add_plan(CLI::App& app, Options& o, Commands& commands);
void add_units(CLI::App& app, Options& o, Commands& commands);
void add_agencies(CLI::App& app, Options& o, Commands& commands);
void add_observations(CLI::App& app, Options& o, Commands& commands);
void add_task_updates(CLI::App& app, Options& o, Commands& commands);
void add_submissions(CLI::App& app, Options& o, Commands& commands);
void add_allocations(CLI::App& app, Options& o, Commands& commands);
void add_expenditures(CLI::App& app, Options& o, Commands& commands);
void add_manual_status(CLI::App& app, Options& o, Commands& commands);
void add_status(CLI::App& app, Options& o, Commands& commands);
void add_reporting(CLI::App& app, Options& o, Commands& commands);
void add_export(CLI::App& app, Options& o, Commands& commands);
void add_package(CLI::App& app, Options& o, Commands& commands);
void add_audit(CLI::App& app, Options& o, Commands& commands);
void add_copy(CLI::App& app, Options& o, Commands& commands);
void add_validate(CLI::App& app, Options& o, Commands& commands);
void add_format(CLI::App& app, Options& o, Commands& commands);

}  // namespace kehoach_cli
