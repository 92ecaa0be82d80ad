#pragma once

// The SQLite adapter of the storage port (store/port.hpp): one store file, its
// schema and migrations (schema/NNNN_<what>.sql), and the repositories of
// plans, units, records, expected reports, cases, case cells, the audit trail
// and report packages. Every SQL text of those lives
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

  void migrate(int target, const std::function<void(int version)>& after_step) override;
  const std::string& path() const override { return path_; }
  bool read_only() const override { return read_only_; }
  const std::string& why_read_only() const override { return why_read_only_; }

  std::unique_ptr<store_port::Transaction> begin(store_port::Access access) override;
  store_port::PlanRepository& plans() override { return *plans_; }
  store_port::UnitRepository& units() override { return *units_; }
  store_port::RecordRepository& records() override { return *records_; }
  store_port::ExpectedReportRepository& expected_reports() override { return *expected_reports_; }
  store_port::CaseRepository& cases() override { return *cases_; }
  store_port::CellRepository& cells() override { return *cells_; }
  store_port::AuditRepository& audit() override { return *audit_; }
  store_port::PackageRepository& packages() override { return *packages_; }
  int schema_version() override;
  std::vector<std::string> check_integrity() override;
  [[noreturn]] void rethrow(const std::string& context) override;

  SqliteStorage(const std::string& path, const std::string& open_name, int flags, bool read_only);
  ~SqliteStorage() override;
  SqliteStorage(const SqliteStorage&) = delete;
  SqliteStorage& operator=(const SqliteStorage&) = delete;

  std::string path_;
  SQLite::Database db;
  store_detail::FinalizeBeforeClose finalize_before_close{db};
  store_detail::StatementCache statements{db};  // after db: destroyed before it
  bool read_only_;
  std::string why_read_only_;

 private:
  std::unique_ptr<store_port::PlanRepository> plans_;
  std::unique_ptr<store_port::UnitRepository> units_;
  std::unique_ptr<store_port::RecordRepository> records_;
  std::unique_ptr<store_port::ExpectedReportRepository> expected_reports_;
  std::unique_ptr<store_port::CaseRepository> cases_;
  std::unique_ptr<store_port::CellRepository> cells_;
  std::unique_ptr<store_port::AuditRepository> audit_;
  std::unique_ptr<store_port::PackageRepository> packages_;
};

// The repositories (plans.cpp, units.cpp, records.cpp, expected_reports.cpp,
// cases.cpp, audit.cpp).
std::unique_ptr<store_port::PlanRepository> make_plan_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::UnitRepository> make_unit_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::RecordRepository> make_record_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::ExpectedReportRepository> make_expected_report_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::CaseRepository> make_case_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::CellRepository> make_cell_repository(SQLite::Database& db, store_detail::StatementCache& statements);
std::unique_ptr<store_port::AuditRepository> make_audit_repository(SQLite::Database& db);
std::unique_ptr<store_port::PackageRepository> make_package_repository(SQLite::Database& db);

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
