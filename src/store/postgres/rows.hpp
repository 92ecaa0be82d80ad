#pragma once

// Private to the PostgreSQL adapter: the helpers every repository uses to
// pass values as statement parameters and read them back from results (both
// in libpq's text format), and the SQL of a unit's subtree.

#include <kehoach/enums.hpp>
#include <kehoach/error.hpp>
#include <kehoach/plan.hpp>
#include <kehoach/text.hpp>

#include "store/postgres/connection.hpp"
#include "store/stored_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace postgres {

// The subtree of unit $1 under the current tree: its descendants, and units
// merged into any of them. The start of a query that then reads `sub(code)`
// (the SQLite adapter's, in PostgreSQL's parameter syntax).
inline constexpr const char* subtree_cte =
    "WITH RECURSIVE sub(code) AS (SELECT code FROM admin_units WHERE code = $1 "
    "UNION SELECT u.code FROM admin_units u JOIN sub ON u.parent = sub.code OR u.successor = sub.code) ";

// ---- parameters ----

inline std::string iso(Date d) { return format_iso_date(d); }

inline Param p(const std::string& v) { return v; }
inline Param p(std::string_view v) { return std::string(v); }
inline Param p(const char* v) { return std::string(v); }
inline Param p(Date d) { return iso(d); }
inline Param p(Dong d) { return std::to_string(d.value()); }
inline Param p(double v) {
  if (std::isnan(v)) return std::string("NaN");
  if (std::isinf(v)) return std::string(v > 0 ? "Infinity" : "-Infinity");
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // the shortest text that reads back as v
  return std::string(buf, r.ptr);
}
template <class I>
  requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
Param p(I v) {
  return std::to_string(v);
}
template <class E>
  requires std::is_enum_v<E>
Param p(E e) {
  return std::string(to_code(e));
}
template <class T>
Param p(const std::optional<T>& v) {
  if (!v) return std::nullopt;
  return p(*v);
}
/// A flag column (0/1).
inline Param flag(bool v) { return std::string(v ? "1" : "0"); }
inline Param flag(const std::optional<bool>& v) {
  if (!v) return std::nullopt;
  return flag(*v);
}

// ---- reading a result's values ----

/// One row of a result, read column by column; column 0 is the result's
/// column `first` (a query of several plans reads the plan id first).
class Row {
 public:
  Row(const Result& r, int row, int first = 0) noexcept : r_(r), row_(row), first_(first) {}
  bool null(int c) const noexcept { return r_.is_null(row_, c + first_); }
  std::string_view view(int c) const noexcept { return r_.text(row_, c + first_); }
  std::string text(int c) const { return std::string(r_.text(row_, c + first_)); }
  std::optional<std::string> opt_text(int c) const { return r_.opt_text(row_, c + first_); }
  std::int64_t int64(int c) const { return r_.integer(row_, c + first_); }
  int integer(int c) const {
    const auto v = r_.integer(row_, c + first_);
    if (v < INT32_MIN || v > INT32_MAX) throw CorruptStore("the store holds a number out of range: " + std::to_string(v));
    return static_cast<int>(v);
  }
  std::optional<int> opt_int(int c) const {
    if (null(c)) return std::nullopt;
    return integer(c);
  }
  bool flag(int c) const { return int64(c) != 0; }
  std::optional<bool> opt_flag(int c) const {
    if (null(c)) return std::nullopt;
    return flag(c);
  }
  double real(int c) const {
    const auto t = view(c);
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size()) {
      if (t == "NaN") return std::nan("");
      if (t == "Infinity") return HUGE_VAL;
      if (t == "-Infinity") return -HUGE_VAL;
      throw CorruptStore("the store holds '" + printable_excerpt(t, 40) + "' where a number belongs");
    }
    return v;
  }
  std::optional<double> opt_real(int c) const {
    if (null(c)) return std::nullopt;
    return real(c);
  }
  Dong money(int c) const { return Dong{int64(c)}; }
  std::optional<Dong> opt_money(int c) const {
    if (null(c)) return std::nullopt;
    return money(c);
  }
  Date date(int c) const { return parse_iso_date(view(c)); }
  std::optional<Date> opt_date(int c) const {
    if (null(c)) return std::nullopt;
    return date(c);
  }
  template <class E>
  E code(int c) const {
    return store_text::code<E>(view(c));
  }

 private:
  const Result& r_;
  int row_;
  int first_;
};

/// A text[] parameter in libpq's text format: `{"a","b"}`, each element
/// quoted with its quotes and backslashes escaped.
inline Param text_array(std::span<const std::string> values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    out.push_back('"');
    for (const char ch : values[i]) {
      if (ch == '"' || ch == '\\') out.push_back('\\');
      out.push_back(ch);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

/// Calls `f(Row)` with each row of `r`.
template <class F>
void each_row(const Result& r, F&& f) {
  const int n = r.rows();
  for (int i = 0; i < n; ++i) f(Row(r, i));
}

/// The plans of one window read (PlanRepository::load_many,
/// RecordRepository::as_of_many): each statement takes the window's ids as
/// `$1::text[]` and reads the plan id first; all are sent in one round trip.
/// An id may be asked twice: its rows go to its first position, and
/// first_of() says where that is for each position.
class PlanWindow {
 public:
  explicit PlanWindow(std::span<const std::string> ids) : ids_(ids) {
    for (std::size_t i = 0; i < ids.size(); ++i) first_.emplace(ids[i], i);
  }
  std::size_t first_of(std::size_t i) const { return first_.find(ids_[i])->second; }

  /// Runs each of `sqls` with `args` (the ids' array first), then calls
  /// `each(k, position, Row)` for every row of statement k, the row's
  /// columns counted after the plan id. A row of a plan not asked for is a
  /// CorruptStore naming `what`.
  template <class Each>
  void read(Connection& c, std::span<const char* const> sqls, const std::vector<Param>& args, const char* what,
            Each&& each) const {
    std::vector<Statement> statements;
    statements.reserve(sqls.size());
    for (const char* sql : sqls) statements.push_back(Statement{sql, args});
    c.prefetch(statements);
    for (std::size_t k = 0; k < sqls.size(); ++k) {
      const auto r = c.exec(sqls[k], args);
      for (int i = 0; i < r.rows(); ++i) {
        const auto at = first_.find(r.text(i, 0));
        if (at == first_.end()) {
          throw CorruptStore("the store returned " + std::string(what) + " of plan '" + std::string(r.text(i, 0)) +
                             "', not asked for");
        }
        each(k, at->second, Row(r, i, 1));
      }
    }
  }

 private:
  std::span<const std::string> ids_;
  std::map<std::string, std::size_t, std::less<>> first_;
};

/// The meta table: what the store says of itself.
inline std::optional<std::string> read_meta(Connection& c, const char* key) {
  const auto r = c.exec("SELECT value FROM meta WHERE key = $1", {std::string(key)});
  if (r.rows() == 0) return std::nullopt;
  return std::string(r.text(0, 0));
}
inline void write_meta(Connection& c, const std::string& key, const std::string& value) {
  c.exec("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
         {key, value});
}
inline void erase_meta(Connection& c, const char* key) { c.exec("DELETE FROM meta WHERE key = $1", {std::string(key)}); }

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
