#pragma once

// Private to the SQLite adapter: the helpers every SQLite repository uses
// (error mapping, binding, reading columns, the meta table, the statement
// cache).

#include <kehoach/error.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/plan.hpp>

#include "store/stored_text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>

#include <mutex>
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace store_detail {

inline constexpr int application_id = 0x4B484348;  // "KHCH"
inline constexpr const char* app_name = "kehoach";

// ---- error mapping ----

[[noreturn]] inline void rethrow_sqlite(const SQLite::Exception& e, const std::string& context) {
  const int code = e.getErrorCode() & 0xff;
  const std::string message = context + ": " + e.what();
  switch (code) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw CorruptStore(context + ": the file is not a kehoach store or is damaged (" + e.what() + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Busy(context + ": the store is busy with another writer (" + e.what() + ")");
    case SQLITE_CONSTRAINT:
      throw Conflict(message);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      throw IoError(message);
    default:
      throw InternalError(message);
  }
}

// Runs `f`, turning SQLite's exceptions into the library's.
template <class F>
decltype(auto) guarded(const std::string& context, F&& f) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, context);
  }
}

// ---- units ----

// The subtree of unit ?1 under the current tree: its descendants, and units
// merged into any of them (their records count toward the successor). The
// start of a query that then reads `sub(code)`.
inline constexpr const char* subtree_cte =
    "WITH RECURSIVE sub(code) AS (SELECT code FROM admin_units WHERE code = ?1 "
    "UNION SELECT u.code FROM admin_units u JOIN sub ON u.parent = sub.code OR u.successor = sub.code) ";

// ---- binding and reading helpers ----

inline std::string iso(Date d) { return format_iso_date(d); }

inline void bind_opt(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
  if (v) s.bind(i, *v);
  else s.bind(i);
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<Date>& v) {
  if (v) s.bind(i, iso(*v));
  else s.bind(i);
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<double>& v) {
  if (v) s.bind(i, *v);
  else s.bind(i);
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<int>& v) {
  if (v) s.bind(i, *v);
  else s.bind(i);
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<Dong>& v) {
  if (v) s.bind(i, static_cast<int64_t>(v->value()));
  else s.bind(i);
}
// The code of an enum value as a string that lives as long as the program,
// so that it is bound without a copy: bulk writes bind several per row.
template <class E>
const std::string& code_string(E e) {
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t;
    for (E v : all_values<E>()) {
      const auto k = static_cast<std::size_t>(v);
      if (t.size() <= k) t.resize(k + 1);
      t[k] = std::string(to_code(v));
    }
    return t;
  }();
  const auto k = static_cast<std::size_t>(e);
  // A value outside the enumeration (cast from an integer) has the code to_code gives it.
  return k < table.size() && !table[k].empty() ? table[k] : table[static_cast<std::size_t>(all_values<E>()[0])];
}

template <class E>
inline void bind_code(SQLite::Statement& s, int i, E e) {
  s.bindNoCopy(i, code_string(e));
}

inline std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}
inline std::optional<Date> opt_date(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return parse_iso_date(c.getString());
}
inline std::optional<double> opt_real(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getDouble();
}
inline std::optional<int> opt_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt();
}
inline std::optional<Dong> opt_money(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return Dong{c.getInt64()};
}
inline Date date_of(const SQLite::Column& c) { return parse_iso_date(c.getString()); }
template <class E>
E code_of(std::string_view code) {
  return store_text::code<E>(code);
}
template <class E>
E code_of(const SQLite::Column& c) {
  return code_of<E>(std::string_view(c.getText(""), static_cast<std::size_t>(c.getBytes())));
}

// ---- the meta table: what the store says of itself ----

inline std::optional<std::string> read_meta(SQLite::Database& db, const char* key) {
  SQLite::Statement s(db, "SELECT value FROM meta WHERE key = ?");
  s.bind(1, key);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getString();
}
inline void write_meta(SQLite::Database& db, const std::string& key, const std::string& value) {
  SQLite::Statement s(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  s.bind(1, key);
  s.bind(2, value);
  s.exec();
}
inline void erase_meta(SQLite::Database& db, const char* key) {
  SQLite::Statement s(db, "DELETE FROM meta WHERE key = ?");
  s.bind(1, key);
  s.exec();
}


// ---- prepared statements ----

// Prepared statements kept for reuse: preparing (parsing and planning SQL)
// was a third of the time of a plan's metrics when every call prepared its
// statements afresh. A statement is leased while in use, so nested uses of
// the same SQL get statements of their own; a returned statement is reset
// and its bindings cleared. The cache belongs to one Store (one thread).
class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  std::unique_ptr<SQLite::Statement> take(std::string_view sql) {
    if (auto it = free_.find(sql); it != free_.end() && !it->second.empty()) {
      auto s = std::move(it->second.back());
      it->second.pop_back();
      return s;
    }
    return std::make_unique<SQLite::Statement>(db_, std::string(sql));
  }

  void give_back(std::unique_ptr<SQLite::Statement> s) noexcept {
    s->tryReset();
    try {
      s->clearBindings();
      auto& list = free_[s->getQuery()];
      if (list.size() < 4) list.push_back(std::move(s));
    } catch (...) {
      // Not kept: the statement is finalized here; the next use prepares anew.
    }
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const noexcept { return std::hash<std::string_view>{}(v); }
  };
  SQLite::Database& db_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>, Hash, std::equal_to<>> free_;
};

// A statement leased from the cache for one scope, used like SQLite::Statement.
class CachedStatement {
 public:
  CachedStatement(StatementCache& cache, std::string_view sql) : cache_(cache), s_(cache.take(sql)) {}
  ~CachedStatement() { cache_.give_back(std::move(s_)); }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;

  template <class... A>
  void bind(A&&... a) {
    s_->bind(std::forward<A>(a)...);
  }
  bool executeStep() { return s_->executeStep(); }
  int exec() { return s_->exec(); }
  void reset() { s_->reset(); }
  SQLite::Column getColumn(int i) { return s_->getColumn(i); }
  SQLite::Statement& statement() { return *s_; }

 private:
  StatementCache& cache_;
  std::unique_ptr<SQLite::Statement> s_;
};

}  // namespace store_detail

namespace store_detail {
// Debian's libSQLiteCpp.a is built with assert() on: SQLite::Database's
// destructor asserts that sqlite3_close succeeded, and aborts the process
// when a statement is left unfinalized. Declared right after the database, so
// destroyed after everything else that holds statements and before the
// database: it finalizes what is left, so the close cannot fail and the
// dependency's assert can never fire in a portal.
struct FinalizeBeforeClose {
  SQLite::Database& db;
  FinalizeBeforeClose(const FinalizeBeforeClose&) = delete;
  FinalizeBeforeClose& operator=(const FinalizeBeforeClose&) = delete;
  explicit FinalizeBeforeClose(SQLite::Database& d) : db(d) {}
  ~FinalizeBeforeClose() {
    sqlite3* handle = db.getHandle();
    while (sqlite3_stmt* left = sqlite3_next_stmt(handle, nullptr)) sqlite3_finalize(left);
  }
};
}  // namespace store_detail

}  // namespace v1
}  // namespace kehoach
