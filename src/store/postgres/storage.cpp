// The PostgreSQL adapter: opening a store, its transactions and the writer lock.

#include "store/postgres/storage.hpp"

#include "store/postgres/database.hpp"

#include <utility>

namespace kehoach {
inline namespace v1 {
namespace postgres {

namespace {

// The writer lock: an advisory lock of the store's schema ("KHCI"), held to
// the end of the transaction. lock_timeout (the busy timeout) bounds the wait.
constexpr const char* writer_lock = "SELECT pg_advisory_xact_lock(1262037833, hashtext(current_schema()))";

class PgTransaction final : public store_port::Transaction {
 public:
  PgTransaction(Connection& c, store_port::Access access) : c_(c) {
    c_.exec_script(access == store_port::Access::write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ");
    if (access == store_port::Access::write) {
      try {
        c_.exec(writer_lock);
      } catch (...) {
        rollback();
        throw;
      }
    }
  }
  ~PgTransaction() override {
    if (!done_) rollback();
  }
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  void commit() override {
    c_.flush();  // the queued writes: a failure leaves the transaction to the destructor's rollback
    done_ = true;
    // The server answers a COMMIT of a failed transaction with ROLLBACK, not
    // an error: nothing of it was written, and the caller must know.
    if (c_.command("COMMIT") != "COMMIT") {
      throw InternalError(c_.name() + ": the server rolled the transaction back; nothing of it was written");
    }
  }

 private:
  void rollback() noexcept {
    done_ = true;
    c_.discard();  // queued writes and kept reads are not the next transaction's
    try {
      c_.exec_script("ROLLBACK");
    } catch (...) {
      // The connection is gone: the server has rolled the transaction back.
    }
  }
  Connection& c_;
  bool done_ = false;
};

}  // namespace

PgStorage::PgStorage(std::unique_ptr<Connection> connection, bool ro, std::string why)
    : connection_(std::move(connection)),
      read_only_(ro),
      why_read_only_(std::move(why)),
      plans_(make_plan_repository(*connection_)),
      units_(make_unit_repository(*connection_)),
      records_(make_record_repository(*connection_)),
      expected_reports_(make_expected_report_repository(*connection_)),
      cases_(make_case_repository(*connection_)),
      cells_(make_cell_repository(*connection_)),
      audit_(make_audit_repository(*connection_)),
      packages_(make_package_repository(*connection_)) {}

PgStorage::~PgStorage() = default;

std::unique_ptr<PgStorage> PgStorage::open(const std::string& uri, const StoreOptions& options) {
  auto c = open_database(uri, options);
  bool read_only = options.read_only;
  std::string why;
  // A standby (a read replica) takes no writes: the store opens read-only and says why.
  if (!read_only && c->exec("SELECT pg_is_in_recovery()").text(0, 0) == "t") {
    read_only = true;
    why = "the server is a standby (a read-only replica)";
    c->exec_script("SET default_transaction_read_only = on");
  }
  return std::make_unique<PgStorage>(std::move(c), read_only, std::move(why));
}

void PgStorage::migrate(int target, const std::function<void(int version)>& after_step) {
  const int version = schema_version();
  if (version >= target) return;
  if (read_only_) {
    throw VersionError(path() + (version == 0 ? ": the database holds no kehoach store yet"
                                              : ": the store has schema version " + std::to_string(version) +
                                                    " and needs upgrading") +
                       ", which a read-only store cannot do" + (why_read_only_.empty() ? "" : " (" + why_read_only_ + ")"));
  }
  postgres::migrate(*connection_, target, after_step);
}

std::unique_ptr<store_port::Transaction> PgStorage::begin(store_port::Access access) {
  return std::make_unique<PgTransaction>(*connection_, access);
}

int PgStorage::schema_version() { return postgres::schema_version(*connection_); }

std::vector<std::string> PgStorage::check_integrity() {
  // The server keeps its own files consistent (checksums, WAL) and enforces
  // every key and reference at commit; what is left to check here is that
  // the store's tables are all there.
  std::vector<std::string> problems;
  for (const char* table : {"plans", "admin_units", "cases", "case_cells", "audit_log", "case_digests", "expected_reports"}) {
    const auto r = connection_->exec("SELECT to_regclass($1) IS NULL", {std::string(table)});
    if (r.text(0, 0) == "t") problems.push_back("table " + std::string(table) + " is missing");
  }
  return problems;
}

void PgStorage::rethrow(const std::string& context) {
  // The connection throws the library's own classes: nothing of libpq's
  // leaves it. Anything else is passed on unchanged.
  (void)context;
  throw;
}

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
