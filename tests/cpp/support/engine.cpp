// The storage engine of the engine-parameterised tests (engine.hpp).

#include "support/engine.hpp"

#include "store/postgres/storage.hpp"
#include "store/sqlite/storage.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <unistd.h>

namespace kehoach::test {

namespace {

// Runs `sql` (one or more statements) on PostgreSQL; the first value of its
// last result, or throws.
std::string pg_run(const std::string& uri, const std::string& sql) {
  PGconn* c = PQconnectdb(uri.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test database: " + why);
  }
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  PGresult* r = PQexec(c, sql.c_str());
  const auto status = PQresultStatus(r);
  const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  const std::string why = PQerrorMessage(c);
  std::string value = ok && status == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("SQL failed on the test database: " + why + " (" + sql + ")");
  return value;
}

}  // namespace

bool on_postgres() {
  const char* engine = std::getenv("KEHOACH_TEST_ENGINE");
  return engine && std::string_view(engine) == "postgres";
}

std::string fresh_store(const std::string& sqlite_location) {
  if (!on_postgres()) return sqlite_location;
  const char* base = std::getenv("KEHOACH_TEST_POSTGRES_URI");
  if (!base || !*base) throw std::runtime_error("KEHOACH_TEST_ENGINE=postgres needs KEHOACH_TEST_POSTGRES_URI");
  static std::atomic<int> counter{0};
  const std::string schema = "kh_t" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  pg_run(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
  const std::string uri = base;
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

void tamper(const std::string& location, const std::string& sqlite_sql, const std::string& postgres_sql) {
  if (postgres::is_uri(location)) {
    pg_run(location, postgres_sql.empty() ? sqlite_sql : postgres_sql);
    return;
  }
  SQLite::Database db(location, SQLite::OPEN_READWRITE);
  db.exec(sqlite_sql);
}

std::string raw_value(const std::string& location, const std::string& sql) {
  if (postgres::is_uri(location)) return pg_run(location, sql);
  SQLite::Database db(location, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getString();
}

void lift_append_only(const std::string& location, const std::string& table) {
  tamper(location, "DROP TRIGGER " + table + "_no_update; DROP TRIGGER " + table + "_no_delete",
         "ALTER TABLE " + table + " DISABLE TRIGGER USER");
}

std::unique_ptr<store_port::Storage> open_storage(const std::string& location) {
  StoreOptions read_only;
  read_only.read_only = true;
  if (postgres::is_uri(location)) return postgres::PgStorage::open(location, read_only);
  return sqlite::SqliteStorage::open(location, read_only);
}

}  // namespace kehoach::test
