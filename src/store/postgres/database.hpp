#pragma once

// Opening a PostgreSQL store and keeping its schema: the checks every open
// makes (a kehoach database, of a version this library reads) and the
// migrations, one transaction per version under an advisory lock, so that
// several processes opening one database migrate it once. The repositories
// of the storage port come in the next slices of issue 16; until then a
// PostgreSQL store is reached only through these functions (and the tests).

#include <kehoach/store.hpp>

#include "store/postgres/connection.hpp"

#include <functional>
#include <memory>
#include <string>

namespace kehoach {
inline namespace v1 {
namespace postgres {

/// The first schema version of a PostgreSQL store (decision 0017).
inline constexpr int first_version = 8;
/// The schema version this library writes to a PostgreSQL store.
int latest_version() noexcept;

/// Connects to `uri` and checks the database: empty (a new store), or a
/// kehoach store of a version this library reads. CorruptStore for a
/// database of another application, VersionError for a newer store (left
/// untouched). Does not migrate.
std::unique_ptr<Connection> open_database(const std::string& uri, const StoreOptions& options);

/// The store's schema version (0: an empty database).
int schema_version(Connection& c);

/// Migrates forward to `target` (≥ first_version), one transaction per
/// version; `after_step(version)` runs inside each version's transaction.
void migrate(Connection& c, int target, const std::function<void(int version)>& after_step);

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
