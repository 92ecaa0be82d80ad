// kehoach units [--json]: the administrative units the store knows.
// kehoach units import VERSIONS.csv [--successions FILE.csv]: the register.
// kehoach units show CODE [--json]: one code's versions and successions.

#include "cli.hpp"
#include "format.hpp"

#include <memory>
#include <sstream>

namespace kehoach_cli {

namespace {

std::string day_or(const std::optional<Date>& d, const char* absent) { return d ? format_iso_date(*d) : std::string(absent); }

std::string share_text(const std::optional<double>& share) {
  if (!share) return "";
  std::ostringstream out;
  out << " (" << *share * 100 << "%)";
  return out.str();
}

// One line per unit (an AdministrativeUnit or a UnitVersion): code, level,
// name, parent.
template <class Unit>
void print_rows(const std::vector<Unit>& units, Lang lang) {
  for (const auto& u : units) {
    std::cout << u.code << "\t" << label(u.level, lang) << "\t" << u.name << "\t" << u.parent.value_or("") << "\n";
  }
}

}  // namespace

void add_units(CLI::App& app, Options& o, Commands& commands) {
  auto as_json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("units", "The administrative units the store knows, and their register");
  sub->add_flag("--json", *as_json, "A JSON array of units (the shape of a plan document's units)");
  sub->footer("Example: kehoach units --json");

  auto versions = std::make_shared<std::string>();
  auto successions = std::make_shared<std::string>();
  auto* import = sub->add_subcommand("import", "Record unit versions and successions from CSV, all or none");
  import->add_option("versions", *versions, "CSV: code, name, level, parent, valid_from, valid_to")->required();
  import->add_option("--successions", *successions, "CSV: old_code, new_code, date, share");
  import->footer("Example: kehoach units import units.csv --successions successions.csv");
  commands.push_back({import, [&o, versions, successions] {
    const Words& w = words(lang_of(o));
    const auto reg = read_unit_register_csv(read_file(*versions), successions->empty() ? std::string() : read_file(*successions));
    auto store = open_store(o);
    store.import_register(reg);
    std::cout << w.register_recorded << ": " << reg.versions.size() << " " << w.unit_versions << ", "
              << reg.successions.size() << " " << w.successions << "\n";
    return int{ok};
  }, {}});

  auto code = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  auto* show = sub->add_subcommand("show", "One unit code's versions and the successions into and out of it");
  show->add_option("code", *code, "Unit code")->required();
  show->add_flag("--json", *show_json, "The history as JSON");
  show->footer("Example: kehoach units show 00001");
  commands.push_back({show, [&o, code, show_json] {
    auto store = open_store(o);
    const auto h = store.unit_history(*code);
    if (*show_json) {
      std::cout << write_unit_history_json(h) << "\n";
      return int{ok};
    }
    const Lang lang = lang_of(o);
    const Words& w = words(lang);
    std::cout << h.code << "\n";
    for (const auto& v : h.versions) {
      std::cout << "  " << v.name << "\t" << label(v.level, lang) << "\t" << w.from_day << " "
                << day_or(v.valid_from, "…") << " " << w.to_day << " " << day_or(v.valid_to, "…") << "\t"
                << v.parent.value_or("") << "\n";
    }
    for (const auto& e : h.predecessors) {
      std::cout << "  " << w.took_over_from << " " << e.from << " " << format_iso_date(e.date) << share_text(e.share) << "\n";
    }
    for (const auto& e : h.successors) {
      std::cout << "  " << w.passed_to << " " << e.to << " " << format_iso_date(e.date) << share_text(e.share) << "\n";
    }
    return int{ok};
  }, {}});

  auto day = std::make_shared<std::string>();
  auto on_json = std::make_shared<bool>(false);
  auto* on = sub->add_subcommand("on", "The units as they were on a date: every version valid on it");
  on->add_option("date", *day, "31/12/2024 or 2024-12-31")->required();
  on->add_flag("--json", *on_json, "A JSON array of versions");
  on->footer("Example: kehoach units on 31/12/2024");
  commands.push_back({on, [&o, day, on_json] {
    auto store = open_store(o);
    const auto all = store.units_on(parse_vietnamese_date(*day));
    if (*on_json) {
      std::cout << write_unit_versions_json(all) << "\n";
      return int{ok};
    }
    print_rows(all, lang_of(o));
    return int{ok};
  }, {}});

  commands.push_back({sub, [&o, as_json] {
    auto store = open_store(o);
    const auto all = store.units();
    if (*as_json) {
      std::cout << write_units_json(all) << "\n";
      return int{ok};
    }
    print_rows(all, lang_of(o));
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
