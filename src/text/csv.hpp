#pragma once

// Private: RFC 4180 CSV reading and writing shared by the case and record codecs.

#include <kehoach/error.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace csv {

// Splits CSV text into rows of fields. Throws ParseError naming the line.
inline std::vector<std::pair<std::size_t, std::vector<std::string>>> parse_csv(std::string_view text) {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
  std::vector<std::string> row;
  std::string cell;
  std::size_t line = 1, row_line = 1;
  bool quoted = false, any = false;
  auto end_cell = [&] {
    row.push_back(std::move(cell));
    cell.clear();
  };
  auto end_row = [&] {
    end_cell();
    if (!(row.size() == 1 && row[0].empty())) rows.emplace_back(row_line, std::move(row));
    row.clear();
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!cell.empty()) throw ParseError("", "line " + std::to_string(line) + ": a quote inside an unquoted field");
      quoted = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
      row_line = line;
    } else {
      cell.push_back(c);
    }
  }
  if (quoted) throw ParseError("", "line " + std::to_string(row_line) + ": a quoted field is not closed");
  if (any) end_row();
  return rows;
}

inline std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}


}  // namespace csv
}  // namespace v1
}  // namespace kehoach
