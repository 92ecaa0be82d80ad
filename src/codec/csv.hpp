#pragma once

// Private: RFC 4180 CSV reading and writing shared by the case and record codecs.

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/error.hpp>
#include <kehoach/text.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>

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


// The columns of a CSV file, by name, checked against the ones a format allows.
struct Header {
  std::map<std::string, std::size_t> index;
  std::size_t width = 0;
};

inline Header read_header(const std::vector<std::string>& names, std::span<const std::string_view> allowed,
                          std::string_view unknown_hint) {
  Header h;
  h.width = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string name = collapse_whitespace(names[i]);
    if (std::find(allowed.begin(), allowed.end(), std::string_view(name)) == allowed.end()) {
      throw ParseError("line 1, column " + name, "unknown column '" + name + "'" + std::string(unknown_hint));
    }
    if (!h.index.emplace(name, i).second) throw ParseError("line 1, column " + name, "the column appears twice");
  }
  return h;
}

// One row read by column name; every error names the line and the column.
class Row {
 public:
  Row(std::size_t line, const std::vector<std::string>& cells, const Header& header)
      : line_(line), cells_(cells), header_(header) {
    if (cells.size() > header.width) fail("", "more fields than the header has columns");
  }

  [[noreturn]] void fail(std::string_view column, const std::string& message) const {
    throw ParseError("line " + std::to_string(line_) + ", column " + std::string(column), message);
  }
  std::string text(std::string_view column) const {
    auto it = header_.index.find(std::string(column));
    if (it == header_.index.end() || it->second >= cells_.size()) return "";
    return collapse_whitespace(cells_[it->second]);
  }
  std::string required(std::string_view column) const {
    std::string s = text(column);
    if (s.empty()) fail(column, "a value is required");
    try {
      return to_nfc(s);
    } catch (const ParseError&) {
      fail(column, "text is not valid UTF-8");
    }
  }
  std::optional<std::string> optional_text(std::string_view column) const {
    return text(column).empty() ? std::nullopt : std::optional<std::string>(required(column));
  }
  Date date(std::string_view column) const {
    try {
      return parse_vietnamese_date(required(column));
    } catch (const ParseError& e) {
      fail(column, e.what());
    }
  }
  std::optional<Date> optional_date(std::string_view column) const {
    return text(column).empty() ? std::nullopt : std::optional<Date>(date(column));
  }
  Period period(std::string_view column) const {
    try {
      return parse_period(required(column));
    } catch (const ParseError& e) {
      fail(column, e.what());
    }
  }
  double number(std::string_view column) const {
    const std::string s = required(column);
    try {
      std::size_t used = 0;
      const double v = std::stod(s, &used);
      if (used == s.size()) return v;
    } catch (const std::logic_error&) {
    }
    fail(column, "'" + s + "' is not a number");
  }
  std::optional<double> optional_number(std::string_view column) const {
    return text(column).empty() ? std::nullopt : std::optional<double>(number(column));
  }
  std::int64_t whole(std::string_view column) const {
    const std::string s = required(column);
    if (s.find_first_not_of("-0123456789") == std::string::npos) {
      try {
        std::size_t used = 0;
        const long long v = std::stoll(s, &used);
        if (used == s.size()) return v;
      } catch (const std::out_of_range&) {
        fail(column, "'" + s + "' does not fit in 64 bits");
      } catch (const std::invalid_argument&) {
      }
    }
    fail(column, "'" + s + "' is not a whole number");
  }
  std::optional<bool> optional_flag(std::string_view column) const {
    const std::string s = text(column);
    if (s.empty()) return std::nullopt;
    if (s == "1" || s == "true" || s == "yes" || s == "có") return true;
    if (s == "0" || s == "false" || s == "no" || s == "không") return false;
    fail(column, "'" + s + "' is not 1/0, true/false or yes/no");
  }
  bool flag(std::string_view column, bool fallback) const { return optional_flag(column).value_or(fallback); }
  template <class E>
  E choice(std::string_view column) const {
    const std::string s = required(column);
    if (auto e = from_code<E>(s)) return *e;
    std::string expected;
    for (E x : all_values<E>()) expected += (expected.empty() ? "" : ", ") + std::string(to_code(x));
    fail(column, "unknown code '" + s + "' (expected one of: " + expected + ")");
  }
  template <class E>
  E choice(std::string_view column, E fallback) const {
    return text(column).empty() ? fallback : choice<E>(column);
  }

 private:
  std::size_t line_;
  const std::vector<std::string>& cells_;
  const Header& header_;
};

}  // namespace csv
}  // namespace v1
}  // namespace kehoach
