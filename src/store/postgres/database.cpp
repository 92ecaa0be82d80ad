// Opening a PostgreSQL store: the database checks and the schema migrations.

#include "store/postgres/database.hpp"

#include "store/postgres/migrations.hpp"
#include <kehoach/version.hpp>

namespace kehoach {
inline namespace v1 {
namespace postgres {

namespace {

// The advisory lock that serialises migrations of the store's schema ("KHCH").
constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(1262037832, hashtext(current_schema()))";

bool has_meta(Connection& c) {
  return c.exec("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'meta'").rows() > 0;
}

// The store's own tables in the current schema (not those of extensions).
std::int64_t table_count(Connection& c) {
  return c.exec("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()").integer(0, 0);
}

// Whether the schema has a table 'meta', and how many tables it holds, read
// in one statement: one snapshot. Two statements could see an empty schema
// and then the tables another process's first migration has just committed,
// and take a store being born for another application's database.
struct Tables {
  bool meta = false;
  std::int64_t count = 0;
};

Tables tables(Connection& c) {
  const auto r = c.exec(
      "SELECT count(*), count(*) FILTER (WHERE tablename = 'meta') FROM pg_catalog.pg_tables "
      "WHERE schemaname = current_schema()");
  return Tables{r.integer(0, 1) > 0, r.integer(0, 0)};
}

}  // namespace

int latest_version() noexcept {
  const auto all = postgres_schema::migrations();
  return all.empty() ? 0 : all.back().version;
}

int schema_version(Connection& c) {
  if (!has_meta(c)) return 0;
  const auto r = c.exec("SELECT value FROM meta WHERE key = 'schema_version'");
  if (r.rows() == 0) return 0;
  return static_cast<int>(r.integer(0, 0));
}

std::unique_ptr<Connection> open_database(const std::string& uri, const StoreOptions& options) {
  if (options.busy_timeout_ms < 0) throw InvalidArgument("the busy timeout cannot be negative");
  auto c = std::make_unique<Connection>(uri, options.busy_timeout_ms);
  if (options.read_only) c->exec_script("SET default_transaction_read_only = on");
  const auto found = tables(*c);
  if (found.meta) {
    const auto app = c->exec("SELECT value FROM meta WHERE key = 'app_id'");
    if (app.rows() == 0 || app.text(0, 0) != "kehoach") {
      throw CorruptStore(c->name() + ": the database has a table 'meta' but is not a kehoach store");
    }
    const int version = schema_version(*c);
    if (version > latest_version()) {
      throw VersionError(c->name() + ": the store has schema version " + std::to_string(version) +
                         ", newer than this library understands (" + std::to_string(latest_version()) +
                         "); upgrade kehoach. The database was left untouched.");
    }
  } else if (found.count > 0) {
    throw CorruptStore(c->name() + ": the database holds " + std::to_string(found.count) +
                       " tables of another application; a kehoach store needs an empty database (or schema) of its own");
  }
  return c;
}

void migrate(Connection& c, int target, const std::function<void(int version)>& after_step) {
  if (target < first_version) {
    throw VersionError(c.name() + ": a PostgreSQL store starts at schema version " + std::to_string(first_version) +
                       ", not " + std::to_string(target));
  }
  for (const auto& m : postgres_schema::migrations()) {
    if (m.version > target) break;
    c.exec_script("BEGIN");
    try {
      c.exec(migration_lock);
      // Another process may have migrated while we waited for the lock; one
      // may also have made the tables of another application meanwhile.
      const int version = schema_version(c);
      if (version >= m.version) {
        c.exec_script("ROLLBACK");
        continue;
      }
      if (version == 0 && table_count(c) > 0) {
        throw CorruptStore(c.name() + ": the database holds tables of another application");
      }
      c.exec_script(m.sql);
      after_step(m.version);
      c.exec("INSERT INTO meta (key, value) VALUES ('schema_version', $1) "
             "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
             {std::to_string(m.version)});
      if (m.version == first_version) {
        c.exec("INSERT INTO meta (key, value) VALUES ('app_id', 'kehoach'), ('min_compatible_version', '1'), "
               "('created_by', $1)",
               {std::string("kehoach ") + KEHOACH_VERSION_STRING});
      }
      c.exec_script("COMMIT");
    } catch (...) {
      try {
        c.exec_script("ROLLBACK");
      } catch (const Error&) {
        // The connection is gone: the server rolled the transaction back.
      }
      throw;
    }
  }
}

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
