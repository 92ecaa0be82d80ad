#pragma once

// The storage engine the engine-parameterised tests ([engine]) run against.
// By default SQLite; with KEHOACH_TEST_ENGINE=postgres and
// KEHOACH_TEST_POSTGRES_URI (ctest's test cpp.on_postgres sets both, against
// the throwaway cluster of scripts/postgres.sh) a PostgreSQL store, each one
// in a schema of its own in the test database.

#include <memory>
#include <string>

namespace kehoach {
inline namespace v1 {
namespace store_port {
class Storage;
}
}  // namespace v1
}  // namespace kehoach

namespace kehoach::test {

/// Whether the tests run against PostgreSQL.
bool on_postgres();

/// Where to open a fresh, empty store: `sqlite_location` (a path, or
/// ":memory:") on SQLite; on PostgreSQL the URI of a new, empty schema. The
/// same location opens the same store again.
std::string fresh_store(const std::string& sqlite_location = ":memory:");

/// Runs SQL on the store at `location` behind the library's back, as a
/// tamperer or a careless administrator would: `sqlite_sql` on SQLite,
/// `postgres_sql` (when given; `sqlite_sql` otherwise) on PostgreSQL.
void tamper(const std::string& location, const std::string& sqlite_sql, const std::string& postgres_sql = {});

/// The first value of the first row of `sql` on the store at `location`, as text.
std::string raw_value(const std::string& location, const std::string& sql);

/// Lifts the append-only guard of `table` (audit_log, case_digests) behind
/// the library's back: drops SQLite's triggers, disables PostgreSQL's.
void lift_append_only(const std::string& location, const std::string& table);

/// The storage engine of the store at `location`, opened read-only, for
/// tests of the layers behind the Store.
std::unique_ptr<store_port::Storage> open_storage(const std::string& location);

}  // namespace kehoach::test
