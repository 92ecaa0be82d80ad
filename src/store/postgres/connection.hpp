#pragma once

// The PostgreSQL adapter's connection (libpq): opening a store from a
// `postgresql://` URI, running parameterised statements, and turning the
// server's errors into the library's classes by SQLSTATE. Private to
// src/store/postgres/.

#include <kehoach/error.hpp>

#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace postgres {

/// Whether `location` names a PostgreSQL store (`postgresql://…` or
/// `postgres://…`) rather than a file.
bool is_uri(std::string_view location) noexcept;

/// `uri` with its password, if any, replaced by `***`: what messages show.
std::string redacted(std::string_view uri);

/// A statement's parameter: text, or NULL.
using Param = std::optional<std::string>;

/// One result of a statement. Values are read as text (libpq's text format).
class Result {
 public:
  explicit Result(PGresult* r) noexcept : r_(r) {}
  int rows() const noexcept { return PQntuples(r_.get()); }
  bool is_null(int row, int col) const noexcept { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view text(int row, int col) const noexcept {
    return {PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
  }
  std::optional<std::string> opt_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return std::string(text(row, col));
  }
  /// The value as an integer (CorruptStore when it is not one).
  std::int64_t integer(int row, int col) const;

 private:
  struct Clear {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> r_;
};

/// One connection to a PostgreSQL database. Not shared between threads
/// without the Store's lock (libpq connections are not).
class Connection {
 public:
  /// Connects; IoError naming the cause (unreachable server, refused
  /// credentials, no such database) or InvalidArgument for a URI that is not
  /// one. `busy_timeout_ms` becomes the server's lock_timeout.
  Connection(const std::string& uri, int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one statement with parameters ($1, $2, …); throws the library's
  /// error for the server's. The statement is prepared on its first use on
  /// this connection and kept (the repositories' SQL texts are fixed).
  Result exec(const std::string& sql, std::initializer_list<Param> params = {});
  Result exec(const std::string& sql, const std::vector<Param>& params);
  /// Runs a script of several statements without parameters.
  void exec_script(const std::string& sql);
  /// Runs one statement without parameters and returns its command tag
  /// (`COMMIT`, or `ROLLBACK` for a COMMIT of a failed transaction).
  std::string command(const std::string& sql);

  /// The URI without its password, for messages.
  const std::string& name() const noexcept { return name_; }

 private:
  [[noreturn]] void fail(PGresult* r, std::string_view what);
  PGconn* conn_ = nullptr;
  std::string name_;
  /// The name of each statement prepared on this connection, by SQL text.
  std::unordered_map<std::string, std::string> prepared_;
};

/// `bytes` as a bytea parameter in libpq's text format (`\\x` and hex).
std::string bytea_param(std::string_view bytes);
/// The bytes of a bytea value read in text format (`\\x` and hex);
/// CorruptStore when it is not one.
void bytea_value(std::string_view text, std::string& out);

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
