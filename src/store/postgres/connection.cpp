// The PostgreSQL adapter's connection: libpq, with the server's errors turned
// into the library's classes by SQLSTATE (docs/store.md lists them).

#include "store/postgres/connection.hpp"

#include <kehoach/text.hpp>

#include <charconv>
#include <cstring>

namespace kehoach {
inline namespace v1 {
namespace postgres {

bool is_uri(std::string_view location) noexcept {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string redacted(std::string_view uri) {
  // scheme://[user[:password]@]host…: the password is between the first ':'
  // after the scheme and the '@' that ends the user part.
  const auto scheme = uri.find("://");
  if (scheme == std::string_view::npos) return std::string(uri);
  const auto start = scheme + 3;
  const auto at = uri.find('@', start);
  const auto slash = uri.find('/', start);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) return std::string(uri);
  const auto colon = uri.find(':', start);
  if (colon == std::string_view::npos || colon > at) return std::string(uri);
  return std::string(uri.substr(0, colon + 1)) + "***" + std::string(uri.substr(at));
}

std::int64_t Result::integer(int row, int col) const {
  const auto t = text(row, col);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) {
    throw CorruptStore("the store holds '" + printable_excerpt(t, 40) + "' where a whole number belongs");
  }
  return v;
}

namespace {

// The first line of a libpq message, without its trailing newline.
std::string first_line(const char* message) {
  std::string m = message ? message : "";
  if (const auto nl = m.find('\n'); nl != std::string::npos) m.erase(nl);
  if (m.rfind("FATAL:  ", 0) == 0) m.erase(0, 8);
  if (m.rfind("ERROR:  ", 0) == 0) m.erase(0, 8);
  return m;
}

}  // namespace

Connection::Connection(const std::string& uri, int busy_timeout_ms) : name_(redacted(uri)) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &parse_error);
  if (!options) {
    std::string why = parse_error ? first_line(parse_error) : "libpq could not read it";
    PQfreemem(parse_error);
    throw InvalidArgument(name_ + ": not a PostgreSQL connection URI (" + why + ")");
  }
  PQconninfoFree(options);
  conn_ = PQconnectdb(uri.c_str());
  if (!conn_) throw IoError(name_ + ": cannot connect (out of memory in libpq)");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = first_line(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    if (why.find("for connection option") != std::string::npos) {
      throw InvalidArgument(name_ + ": not a valid PostgreSQL connection URI (" + printable_excerpt(why, 300) + ")");
    }
    // The server's part of the message is in its own language (lc_messages,
    // which only a superuser may set): causes are told from libpq's English
    // and the server's default; the message itself always follows.
    std::string cause;
    if (why.find("password authentication failed") != std::string::npos ||
        why.find("no password supplied") != std::string::npos) {
      cause = "the server refused the credentials";
    } else if (why.find("does not exist") != std::string::npos) {
      cause = "no such database or role";
    } else if (why.find("Connection refused") != std::string::npos || why.find("could not translate host") != std::string::npos ||
               why.find("timeout expired") != std::string::npos || why.find("No such file or directory") != std::string::npos) {
      cause = "the server cannot be reached";
    } else {
      cause = "cannot connect";
    }
    throw IoError(name_ + ": " + cause + " (" + printable_excerpt(why, 300) + ")");
  }
  // The server's notices (NOTICE, WARNING) are not the library's to print:
  // libpq's default writes them to the portal's stderr.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  // Text in UTF-8; dates as ISO text; a lock held elsewhere waits at most the
  // busy timeout, then fails as Busy. No JIT compilation: the library's
  // statements are short, and the planner, which cannot estimate a unit's
  // recursive subtree, spent 50 ms compiling for a query of 3 ms.
  exec_script("SET client_encoding = 'UTF8'; SET DateStyle = 'ISO'; SET jit = off;"
              " SET lock_timeout = " + std::to_string(busy_timeout_ms > 0 ? busy_timeout_ms : 1) + ";");
  // (lock_timeout = 0 would wait for ever: a timeout of 0, "fail at once",
  // waits one millisecond.)
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

Result Connection::exec(const std::string& sql, std::initializer_list<Param> params) {
  return exec(sql, std::vector<Param>(params));
}

const std::string& Connection::statement(const std::string& sql, int params, bool pipelined) {
  if (const auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
  const std::string name = "kh" + std::to_string(++statements_made_);
  if (pipelined) {
    if (!PQsendPrepare(conn_, name.c_str(), sql.c_str(), params, nullptr)) fail(nullptr, sql);
    pending_.push_back(Pending{true, sql, {}, -1});
  } else {
    PGresult* made = PQprepare(conn_, name.c_str(), sql.c_str(), params, nullptr);
    if (!made || PQresultStatus(made) != PGRES_COMMAND_OK) fail(made, sql);
    PQclear(made);
  }
  return prepared_.emplace(sql, name).first->second;
}

namespace {

std::vector<const char*> values_of(const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}

}  // namespace

Result Connection::exec(const std::string& sql, const std::vector<Param>& params) {
  flush();
  if (!kept_.empty()) {
    if (kept_.front().sql == sql && kept_.front().params == params) {
      Result r = std::move(kept_.front().result);
      kept_.pop_front();
      return r;
    }
    kept_.clear();
  }
  const auto values = values_of(params);
  const std::string& name = statement(sql, static_cast<int>(values.size()), false);
  PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
  return Result(r);
}

void Connection::enter_pipeline() {
  if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) return;
  if (!PQenterPipelineMode(conn_)) fail(nullptr, "pipeline mode");
}

void Connection::queue(const std::string& sql, const std::vector<Param>& params, int tag) {
  kept_.clear();
  enter_pipeline();
  const auto values = values_of(params);
  const std::string& name = statement(sql, static_cast<int>(values.size()), true);
  if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0)) {
    discard();
    fail(nullptr, sql);
  }
  pending_.push_back(Pending{false, {}, {}, tag});
  if (pending_.size() >= queue_limit) flush();
}

PGresult* Connection::drain(bool keep, bool quiet) noexcept {
  PGresult* failed = nullptr;
  bool lost = PQpipelineSync(conn_) == 0;
  bool aborted = false;
  std::optional<int> empty;
  try {
    for (auto& item : pending_) {
      PGresult* r = lost ? nullptr : PQgetResult(conn_);
      if (!r) {
        lost = true;
        if (item.prepare) prepared_.erase(item.sql);
        continue;
      }
      const auto status = PQresultStatus(r);
      const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
      if (!ok) {
        if (item.prepare) prepared_.erase(item.sql);  // never made: made again on its next use
        if (!failed && !quiet && status != PGRES_PIPELINE_ABORTED) {
          failed = r;
          r = nullptr;
        }
        aborted = true;
      } else if (!item.prepare && item.tag >= 0 && PQntuples(r) == 0 && !aborted && !empty) {
        empty = item.tag;
      }
      if (r && ok && keep && !item.prepare && !aborted) {
        kept_.push_back(Kept{std::move(item.sql), std::move(item.params), Result(r)});
        r = nullptr;
      }
      if (r) PQclear(r);
      // Each statement's results end with a null.
      while (PGresult* more = PQgetResult(conn_)) PQclear(more);
      if (PQstatus(conn_) == CONNECTION_BAD) lost = true;
    }
    if (!lost) {
      PGresult* sync = PQgetResult(conn_);
      if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) lost = true;
      if (sync) PQclear(sync);
    }
    if (!lost) PQexitPipelineMode(conn_);
  } catch (...) {  // out of memory keeping a result: the results are dropped
    kept_.clear();
    aborted = true;
  }
  pending_.clear();
  if (empty && !empty_tag_) empty_tag_ = empty;
  if (aborted || lost) kept_.clear();
  if (lost && !failed && !quiet) failed = PQmakeEmptyPGresult(conn_, PGRES_FATAL_ERROR);
  if (empty && failed) {
    // A tagged statement found its row taken before the failure: the caller
    // reports that and rolls back; the failure is what followed from it.
    PQclear(failed);
    failed = nullptr;
  }
  return failed;
}

void Connection::flush() {
  if (pending_.empty()) return;
  if (PGresult* failed = drain(false, false)) fail(failed, "a queued statement");
}

std::optional<int> Connection::take_empty_tag() noexcept {
  auto t = empty_tag_;
  empty_tag_.reset();
  return t;
}

void Connection::discard() noexcept {
  kept_.clear();
  empty_tag_.reset();
  if (!pending_.empty()) drain(false, true);
}

void Connection::prefetch(const std::vector<Statement>& statements) {
  if (statements.empty()) return;
  flush();
  if (!kept_.empty() && kept_.front().sql == statements.front().sql && kept_.front().params == statements.front().params) {
    return;
  }
  kept_.clear();
  enter_pipeline();
  for (const auto& s : statements) {
    const auto values = values_of(s.params);
    const std::string& name = statement(s.sql, static_cast<int>(values.size()), true);
    if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0)) {
      discard();
      fail(nullptr, s.sql);
    }
    pending_.push_back(Pending{false, s.sql, s.params, -1});
  }
  if (PGresult* failed = drain(true, false)) fail(failed, "a prefetched statement");
}

void Connection::exec_script(const std::string& sql) {
  flush();
  kept_.clear();
  PGresult* r = PQexec(conn_, sql.c_str());
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, "a script");
  PQclear(r);
}

std::string Connection::command(const std::string& sql) {
  flush();
  kept_.clear();
  PGresult* r = PQexec(conn_, sql.c_str());
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
  std::string tag = PQcmdStatus(r);
  PQclear(r);
  return tag;
}

std::string bytea_param(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + 2 * bytes.size());
  for (const unsigned char c : bytes) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 0xf]);
  }
  return out;
}

void bytea_value(std::string_view text, std::string& out) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
    throw CorruptStore("the store holds a binary value that is not in hex format");
  }
  out.clear();
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i < text.size(); i += 2) {
    const int hi = digit(text[i]), lo = digit(text[i + 1]);
    if (hi < 0 || lo < 0) throw CorruptStore("the store holds a binary value that is not in hex format");
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
}

void Connection::fail(PGresult* r, std::string_view /*what*/) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  const std::string message = name_ + ": " + printable_excerpt(first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_)), 300);
  if (r) PQclear(r);
  const bool gone = PQstatus(conn_) != CONNECTION_OK;
  // SQLSTATE classes: 40 (serialization failure, deadlock) and 55P03 (lock
  // not available) are retryable; 23 is a constraint; 08, 53, 57 and 58 are
  // the connection, resources, an operator's intervention and the system;
  // 28 and 42501 are permissions.
  if (gone || code.rfind("08", 0) == 0 || code.rfind("57", 0) == 0 || code.rfind("53", 0) == 0 || code.rfind("58", 0) == 0) {
    throw IoError(message + (gone ? " (the connection to the server was lost)" : ""));
  }
  if (code.rfind("40", 0) == 0 || code == "55P03") throw Busy(message);
  if (code.rfind("23", 0) == 0) throw Conflict(message);
  if (code.rfind("28", 0) == 0 || code == "42501") throw IoError(message + " (the database role lacks a privilege)");
  throw InternalError(message + (code.empty() ? "" : " (SQLSTATE " + code + ")"));
}

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
