#pragma once

// The PostgreSQL adapter's connection (libpq): opening a store from a
// `postgresql://` URI, running parameterised statements, and turning the
// server's errors into the library's classes by SQLSTATE. Private to
// src/store/postgres/.

#include <kehoach/error.hpp>

#include <libpq-fe.h>

#include <cstdint>
#include <deque>
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

/// A statement and its parameters, for prefetch().
struct Statement {
  std::string sql;
  std::vector<Param> params;
};

/// One connection to a PostgreSQL database. Not shared between threads
/// without the Store's lock (libpq connections are not).
///
/// Round trips are what a PostgreSQL store spends its time on (one costs
/// about as much as executing a small statement), so the connection offers
/// libpq's pipeline mode in two forms that leave the repositories' code
/// sequential: queue() sends writes without waiting for their outcome, and
/// prefetch() fetches reads that are about to be asked for in one round trip.
/// Both are invisible to what a statement sees: queued writes are flushed
/// before any other statement runs, and a kept result is used only by the
/// very statement, with the very parameters, that comes next.
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
  /// Queues a statement whose rows are not read (an INSERT, UPDATE or
  /// DELETE): sent at once in pipeline mode, its outcome read with the
  /// others' at the next flush — before any other statement runs, after
  /// `queue_limit` queued statements, or at flush(). A failure is thrown
  /// there, as exec() would have thrown it, and leaves the transaction
  /// failed (the caller rolls back). A `tag` of 0 or more marks a statement
  /// expected to return a row (`… RETURNING 1`): the tag of the first such
  /// statement that returned none is kept for take_empty_tag().
  void queue(const std::string& sql, const std::vector<Param>& params, int tag = -1);
  /// Reads the outcome of every queued statement; throws the first failure
  /// (unless a tagged statement before it returned no row: see queue()).
  void flush();
  /// The tag of the first tagged queued statement that returned no row, once
  /// flushed; reading it forgets it.
  std::optional<int> take_empty_tag() noexcept;
  /// Forgets queued statements and kept results without throwing: what a
  /// rollback does first.
  void discard() noexcept;
  /// Runs `statements` in one round trip and keeps their results: the exec()
  /// calls that follow, when they are the same statements with the same
  /// parameters in the same order, return them without a round trip; any
  /// other statement first forgets what is kept. Nothing happens when the
  /// first of them is already kept.
  void prefetch(const std::vector<Statement>& statements);

  /// Statements queued before they are flushed on their own (their results
  /// are small: the server never waits on the client to read them).
  static constexpr std::size_t queue_limit = 512;

  /// Runs a script of several statements without parameters.
  void exec_script(const std::string& sql);
  /// Runs one statement without parameters and returns its command tag
  /// (`COMMIT`, or `ROLLBACK` for a COMMIT of a failed transaction).
  std::string command(const std::string& sql);

  /// The URI without its password, for messages.
  const std::string& name() const noexcept { return name_; }

 private:
  [[noreturn]] void fail(PGresult* r, std::string_view what);
  /// The prepared statement of `sql`, prepared now when it is not (queued
  /// in the pipeline when `pipelined`).
  const std::string& statement(const std::string& sql, int params, bool pipelined);
  void enter_pipeline();
  /// Sends the sync and reads every pending result: kept when `keep`, the
  /// first failure returned (or freed when `quiet`).
  PGresult* drain(bool keep, bool quiet) noexcept;

  PGconn* conn_ = nullptr;
  std::string name_;
  /// The name of each statement prepared on this connection, by SQL text.
  std::unordered_map<std::string, std::string> prepared_;
  std::size_t statements_made_ = 0;  ///< names are never reused (a failed one may be made again)
  /// What the pipeline holds, in order: a statement being prepared (its
  /// SQL), or one being run (its tag, and for prefetch() what to keep).
  struct Pending {
    bool prepare = false;
    std::string sql;
    std::vector<Param> params;
    int tag = -1;
  };
  std::vector<Pending> pending_;
  struct Kept {
    std::string sql;
    std::vector<Param> params;
    Result result;
  };
  std::deque<Kept> kept_;
  std::optional<int> empty_tag_;
};

/// `bytes` as a bytea parameter in libpq's text format (`\\x` and hex).
std::string bytea_param(std::string_view bytes);
/// The bytes of a bytea value read in text format (`\\x` and hex);
/// CorruptStore when it is not one.
void bytea_value(std::string_view text, std::string& out);

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
