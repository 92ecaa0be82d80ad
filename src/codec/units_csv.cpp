// The unit register as CSV: versions (code, name, level, parent, valid_from,
// valid_to) and successions (old_code, new_code, date, share).

#include <kehoach/document.hpp>
#include <kehoach/text.hpp>

#include "codec/csv.hpp"

#include <array>

namespace kehoach {
inline namespace v1 {
namespace {

constexpr std::array<std::string_view, 6> version_columns{"code", "name", "level", "parent", "valid_from", "valid_to"};
constexpr std::array<std::string_view, 4> succession_columns{"old_code", "new_code", "date", "share"};

// Reads `text` as the CSV file `file`: each row passed to `read`; an error
// names the file before its line and column.
template <class F>
void read_file(std::string_view file, std::string_view text, std::span<const std::string_view> columns,
               std::initializer_list<const char*> required, F&& read) {
  try {
    if (!is_valid_utf8(text)) throw ParseError("", "the CSV is not valid UTF-8");
    const auto rows = csv::parse_csv(text);
    if (rows.empty()) throw ParseError("line 1", "the header row is missing");
    const auto header = csv::read_header(rows.front().second, columns, "");
    for (const char* needed : required) {
      if (!header.index.count(needed)) throw ParseError("line 1", std::string("the column '") + needed + "' is missing");
    }
    for (std::size_t r = 1; r < rows.size(); ++r) read(csv::Row(rows[r].first, rows[r].second, header));
  } catch (const ParseError& e) {
    std::string message = e.what();
    if (!e.path().empty() && message.rfind(e.path() + ": ", 0) == 0) message.erase(0, e.path().size() + 2);
    throw ParseError(std::string(file) + (e.path().empty() ? "" : " " + e.path()), message);
  }
}

}  // namespace

UnitRegister read_unit_register_csv(std::string_view versions_csv, std::string_view successions_csv) {
  UnitRegister reg;
  read_file("versions", versions_csv, version_columns, {"code", "name", "level"}, [&](const csv::Row& row) {
    reg.versions.push_back(UnitVersion{row.required("code"), row.required("name"), row.choice<Level>("level"),
                                       row.optional_text("parent"), row.optional_date("valid_from"),
                                       row.optional_date("valid_to")});
  });
  if (!successions_csv.empty()) {
    read_file("successions", successions_csv, succession_columns, {"old_code", "new_code", "date"},
              [&](const csv::Row& row) {
                reg.successions.push_back(Succession{row.required("old_code"), row.required("new_code"), row.date("date"),
                                                     row.optional_number("share")});
              });
  }
  return reg;
}

}  // namespace v1
}  // namespace kehoach
