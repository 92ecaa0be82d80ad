// The SQLite adapter: opening a store file, its migrations, transactions and
// the integrity check.

#include "store/sqlite/storage.hpp"

#include <kehoach/version.hpp>

#include "store/sqlite/migrations.hpp"

#include <sys/statvfs.h>

#include <filesystem>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace sqlite {

using namespace store_detail;

namespace {

// Whether `path` (an existing file) lies on a file system mounted read-only.
bool on_read_only_medium(const std::string& path) {
  struct statvfs st {};
  return statvfs(path.c_str(), &st) == 0 && (st.f_flag & ST_RDONLY) != 0;
}

// A SQLite URI for `path` with `query`: the path percent-encoded where a URI
// would read it otherwise.
std::string sqlite_uri(const std::string& path, const std::string& query) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file:";
  for (const unsigned char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20) {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "?" + query;
}

class SqliteTransaction final : public store_port::Transaction {
 public:
  SqliteTransaction(SQLite::Database& db, store_port::Access access)
      : tx_(db, access == store_port::Access::write ? SQLite::TransactionBehavior::IMMEDIATE
                                                    : SQLite::TransactionBehavior::DEFERRED) {}
  void commit() override { tx_.commit(); }

 private:
  SQLite::Transaction tx_;
};

}  // namespace

SqliteStorage::SqliteStorage(const std::string& p, const std::string& open_name, int flags, bool ro)
    : path_(p),
      db(open_name, flags),
      read_only_(ro),
      plans_(make_plan_repository(db, statements)),
      units_(make_unit_repository(db, statements)),
      records_(make_record_repository(db, statements)),
      expected_reports_(make_expected_report_repository(db, statements)),
      cases_(make_case_repository(db, statements)),
      cells_(make_cell_repository(db, statements)),
      audit_(make_audit_repository(db)),
      packages_(make_package_repository(db)) {}

SqliteStorage::~SqliteStorage() = default;

std::unique_ptr<SqliteStorage> SqliteStorage::open(const std::string& path, const StoreOptions& options) {
  // SQLite's exceptions leave as the library's, naming the path.
  return guarded(path, [&] {
    const bool memory = path == ":memory:";
    // A store on a read-only medium (a CD, a read-only mount, a snapshot) is
    // opened read-only whatever was asked: it can be read, and every write
    // fails with a message that says why. Without its write-ahead log files
    // SQLite could not open it at all; with no log there is nothing beyond the
    // main file to read, so it is opened immutable.
    std::string read_only_reason;
    bool read_only = options.read_only;
    if (!memory && std::filesystem::exists(path) && on_read_only_medium(path)) {
      read_only = true;
      read_only_reason = "it is on a read-only file system";
    }
    int flags = read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
    if (!read_only && options.create) flags |= SQLite::OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;
    auto storage = std::make_unique<SqliteStorage>(path, path, flags, read_only);
    if (!read_only_reason.empty()) {
      storage->why_read_only_ = read_only_reason;
      // A store in WAL mode cannot be read where its WAL index cannot be
      // made. Only then, and only without a write-ahead log to read, it is
      // opened immutable: SQLite then takes no locks, so the file must not
      // change while open — true of a read-only medium, not of a read-only
      // view (a bind mount) of a file written elsewhere, which opens normally
      // above whenever it can.
      try {
        storage->db.execAndGet("PRAGMA application_id");
      } catch (const SQLite::Exception& e) {
        if ((e.getErrorCode() & 0xff) != SQLITE_CANTOPEN || std::filesystem::exists(path + "-wal")) throw;
        storage = std::make_unique<SqliteStorage>(path, sqlite_uri(path, "immutable=1"), flags | SQLITE_OPEN_URI, true);
        storage->why_read_only_ = read_only_reason;
      }
    }
    auto& db = storage->db;
    db.setBusyTimeout(options.busy_timeout_ms);
    // Reading the header is the first thing that fails on a file that is not a database.
    const int app = db.execAndGet("PRAGMA application_id").getInt();
    const int version = storage->schema_version();
    const bool empty = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0;
    if (app != application_id && !(app == 0 && version == 0 && empty)) {
      throw CorruptStore(path + ": the file is a SQLite database but not a kehoach store");
    }
    const int latest = latest_version();
    if (version > latest) {
      throw VersionError(path + ": the store has schema version " + std::to_string(version) +
                         ", newer than this library understands (" + std::to_string(latest) +
                         "); upgrade kehoach. The file was left untouched.");
    }
    // 16 KiB pages for a new store: bulk case imports ran 10% faster than with
    // 4 KiB (shallower B-trees, fewer page splits), queries no slower.
    if (empty && !storage->read_only_) db.exec("PRAGMA page_size = 16384");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA cache_size = -32768");  // 32 MiB of page cache: bulk writes touch large indexes
    if (!memory && !storage->read_only_) {
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
    }
    return storage;
  });
}

void SqliteStorage::migrate(int target, const std::function<void(int version)>& after_step) {
  const int version = schema_version();
  if (version >= target) return;
  if (read_only_) {
    throw VersionError(path_ + ": the store has schema version " + std::to_string(version) +
                       " and needs upgrading, which a read-only store cannot do" +
                       (why_read_only_.empty() ? "" : " (" + why_read_only_ + ")"));
  }
  for (const auto& m : store::migrations()) {
    if (m.version <= version || m.version > target) continue;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated while we waited for the lock.
    if (schema_version() >= m.version) continue;
    db.exec(m.sql);
    after_step(m.version);
    db.exec("PRAGMA application_id = " + std::to_string(application_id));
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    for (auto [k, v] : {std::pair<std::string, std::string>{"app_id", app_name},
                        {"min_compatible_version", "1"},
                        {"created_by", std::string("kehoach ") + KEHOACH_VERSION_STRING}}) {
      if (k == "created_by" && m.version != 1) continue;
      write_meta(db, k, v);
    }
    tx.commit();
  }
}

std::unique_ptr<store_port::Transaction> SqliteStorage::begin(store_port::Access access) {
  return std::make_unique<SqliteTransaction>(db, access);
}

int SqliteStorage::schema_version() { return db.execAndGet("PRAGMA user_version").getInt(); }

std::vector<std::string> SqliteStorage::check_integrity() {
  std::vector<std::string> problems;
  SQLite::Statement integrity(db, "PRAGMA integrity_check");
  while (integrity.executeStep()) {
    const std::string line = integrity.getColumn(0).getString();
    if (line != "ok") problems.push_back(line);
  }
  SQLite::Statement fk(db, "PRAGMA foreign_key_check");
  while (fk.executeStep()) {
    problems.push_back("foreign key violation in " + fk.getColumn(0).getString() + " row " + fk.getColumn(1).getString());
  }
  return problems;
}

void SqliteStorage::rethrow(const std::string& context) {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, context);
  }
}

int SqliteStorage::latest_version() noexcept { return static_cast<int>(store::migrations().size()); }

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
