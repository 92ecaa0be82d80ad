#pragma once

// The SQLite adapter of the storage port (store/port.hpp): one store file, its
// schema and migrations (schema/NNNN_<what>.sql), and the repositories of
// plans, units, records and expected reports. Every SQL text of those lives
// in this folder; SQLite-only constructs (WITHOUT ROWID, RAISE() triggers,
// INSERT OR REPLACE, `IS`, the meta table) stay here.

#include <kehoach/store.hpp>

#include "store/port.hpp"
#include "store/sqlite/connection.hpp"

#include <functional>
#include <memory>
#include <string>

namespace kehoach {
inline namespace v1 {
namespace sqlite {

class SqliteStorage final : public store_port::Storage {
 public:
  /// Opens (or creates) the store at `path` (":memory:" for one in memory):
  /// checks that it is a kehoach store of a version this library reads, and
  /// sets the connection up. Does not migrate.
  static std::unique_ptr<SqliteStorage> open(const std::string& path, const StoreOptions& options);

  /// The schema version this library writes (its last migration).
  static int latest_version() noexcept;

  /// Migrates forward to `target`, one transaction per version;
  /// `after_step(version)` runs inside each version's transaction after its
  /// SQL (the Store adds what a migration needs beyond SQL).
  void migrate(int target, const std::function<void(int version)>& after_step);

  std::unique_ptr<store_port::Transaction> begin(store_port::Access access) override;
  store_port::PlanRepository& plans() override { return *plans_; }
  store_port::UnitRepository& units() override { return *units_; }
  store_port::RecordRepository& records() override { return *records_; }
  store_port::ExpectedReportRepository& expected_reports() override { return *expected_reports_; }
  int schema_version() override;
  std::vector<std::string> check_integrity() override;
  [[noreturn]] void rethrow(const std::string& context) override;

  SqliteStorage(const std::string& path, const std::string& open_name, int flags, bool read_only);
  ~SqliteStorage() override;
  SqliteStorage(const SqliteStorage&) = delete;
  SqliteStorage& operator=(const SqliteStorage&) = delete;

  std::string path;
  SQLite::Database db;
  store_detail::FinalizeBeforeClose finalize_before_close{db};
  store_detail::StatementCache statements{db};  // after db: destroyed before it
  bool read_only;
  std::string read_only_reason;

 private:
  std::unique_ptr<store_port::PlanRepository> plans_;
  std::unique_ptr<store_port::UnitRepository> units_;
  std::unique_ptr<store_port::RecordRepository> records_;
  std::unique_ptr<store_port::ExpectedReportRepository> expected_reports_;
};

// The repositories (plans.cpp, units.cpp, records.cpp, expected_reports.cpp).
std::unique_ptr<store_port::PlanRepository> make_plan_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::UnitRepository> make_unit_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::RecordRepository> make_record_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::ExpectedReportRepository> make_expected_report_repository(SQLite::Database& db, store_detail::StatementCache& statements);

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
