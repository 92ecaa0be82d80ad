#pragma once

// The PostgreSQL adapter of the storage port (store/port.hpp): one database
// (or schema: the connection's search_path), its schema and migrations
// (schema/NNNN_<what>.sql, from version 8), and the repositories of plans,
// units, records, expected reports, cases, case cells, the audit trail and
// report packages. Every SQL text of those lives in this folder.
//
// Transactions: a write transaction takes the store's writer lock (an
// advisory lock of the store's schema) as its first statement, so writers
// from any number of processes and machines take turns as they do on a
// SQLite file, the audit chain's order is decided by the database, and
// derived tables are written by one writer at a time; a writer that waits
// longer than the busy timeout fails as Busy (retryable). A read transaction
// is REPEATABLE READ: one snapshot for everything it reads.

#include <kehoach/store.hpp>

#include "store/port.hpp"
#include "store/postgres/connection.hpp"

#include <functional>
#include <memory>
#include <string>

namespace kehoach {
inline namespace v1 {
namespace postgres {

class PgStorage final : public store_port::Storage {
 public:
  /// Connects to the store at `uri` and checks it (database.hpp's
  /// open_database). Does not migrate.
  static std::unique_ptr<PgStorage> open(const std::string& uri, const StoreOptions& options);

  void migrate(int target, const std::function<void(int version)>& after_step) override;
  const std::string& path() const override { return connection_->name(); }
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

  PgStorage(std::unique_ptr<Connection> connection, bool read_only, std::string why_read_only);
  ~PgStorage() override;
  PgStorage(const PgStorage&) = delete;
  PgStorage& operator=(const PgStorage&) = delete;

 private:
  std::unique_ptr<Connection> connection_;
  bool read_only_;
  std::string why_read_only_;
  std::unique_ptr<store_port::PlanRepository> plans_;
  std::unique_ptr<store_port::UnitRepository> units_;
  std::unique_ptr<store_port::RecordRepository> records_;
  std::unique_ptr<store_port::ExpectedReportRepository> expected_reports_;
  std::unique_ptr<store_port::CaseRepository> cases_;
  std::unique_ptr<store_port::CellRepository> cells_;
  std::unique_ptr<store_port::AuditRepository> audit_;
  std::unique_ptr<store_port::PackageRepository> packages_;
};

// The repositories (plans.cpp, units.cpp, records.cpp, cases.cpp, audit.cpp).
std::unique_ptr<store_port::PlanRepository> make_plan_repository(Connection& c);
std::unique_ptr<store_port::UnitRepository> make_unit_repository(Connection& c);
std::unique_ptr<store_port::RecordRepository> make_record_repository(Connection& c);
std::unique_ptr<store_port::ExpectedReportRepository> make_expected_report_repository(Connection& c);
std::unique_ptr<store_port::CaseRepository> make_case_repository(Connection& c);
std::unique_ptr<store_port::CellRepository> make_cell_repository(Connection& c);
std::unique_ptr<store_port::AuditRepository> make_audit_repository(Connection& c);
std::unique_ptr<store_port::PackageRepository> make_package_repository(Connection& c);

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
