// The helpers every command shares (cli.hpp).

#include "cli.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace kehoach_cli {

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

Lang lang_of(const Options& o) { return o.lang == "en" ? Lang::en : Lang::vi; }

std::string store_path(const Options& o) {
  if (!o.db.empty()) return o.db;
  if (const char* env = std::getenv("KEHOACH_DB"); env && *env) return env;
  return "kehoach.db";
}

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

void principal_options(CLI::App* sub, Options& o) {
  sub->add_option("--user", o.user, "Acting user id (pseudonymous)");
  sub->add_option("--role", o.role, "case_worker, officer or auditor")->check(CLI::IsMember({"case_worker", "officer", "auditor"}));
  sub->add_option("--unit", o.unit, "Administrative unit code of the acting user");
  sub->add_flag("--override-right", o.override_right, "The user may override missing consent to referrals");
}

Date as_of_or_today(const std::string& text) { return text.empty() ? today_in_vietnam() : parse_vietnamese_date(text); }

}  // namespace kehoach_cli
