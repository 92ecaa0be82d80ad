// The reports a plan's duties expect, kept at write time (expected_reports.hpp).

#include "store/sqlite/expected_reports.hpp"

#include "store/sqlite/storage.hpp"

#include <algorithm>

namespace kehoach {
inline namespace v1 {
namespace store_detail {

void insert_expected_reports(SQLite::Database& db, std::string_view plan_id, std::span<const ExpectedReport> reports) {
  const std::string id(plan_id);
  SQLite::Statement insert(db,
      "INSERT OR REPLACE INTO expected_reports (plan_id, duty_id, reporter, period_start, period_end, deadline, rule, "
      "first_submitted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT min(submitted) FROM report_submissions "
      "WHERE plan_id = ?1 AND duty_id = ?2 AND reporter = ?3 AND period_start = ?4))");
  for (const auto& e : reports) {
    insert.reset();
    insert.bind(1, id);
    insert.bind(2, e.duty_id);
    insert.bind(3, e.reporter);
    insert.bind(4, iso(e.period.start));
    insert.bind(5, iso(e.period.end));
    insert.bind(6, iso(e.deadline));
    bind_code(insert, 7, e.rule);
    insert.exec();
  }
}

void note_submissions(SQLite::Database& db, std::span<const ReportSubmission> rows) {
  // The first submission is the earliest: a later-recorded earlier one replaces it.
  SQLite::Statement update(db,
      "UPDATE expected_reports SET first_submitted = ?5 WHERE plan_id = ?1 AND duty_id = ?2 AND reporter = ?3 "
      "AND period_start = ?4 AND (first_submitted IS NULL OR first_submitted > ?5)");
  for (const auto& r : rows) {
    update.reset();
    SQLite::bind(update, r.plan_id, r.duty_id, r.reporter, iso(r.period.start), iso(r.submitted));
    update.exec();
  }
}

namespace {
constexpr const char* key = "expected_reports";
// Bump when expected_reports_of changes: stores refill the table on their next writable open.
constexpr const char* version = "1";
}  // namespace

bool expected_reports_current(SQLite::Database& db) { return read_meta(db, key) == version; }

void forget_expected_reports(SQLite::Database& db) { erase_meta(db, key); }

void mark_expected_reports_current(SQLite::Database& db) { write_meta(db, key, version); }

}  // namespace store_detail

namespace sqlite {

using namespace store_detail;

namespace {

class SqliteExpectedReports final : public store_port::ExpectedReportRepository {
 public:
  SqliteExpectedReports(SQLite::Database& d, StatementCache& c) : db(d), statements(c) {}
  bool current() override { return store_detail::expected_reports_current(db); }
  void mark_current() override { store_detail::mark_expected_reports_current(db); }
  void forget() override { store_detail::forget_expected_reports(db); }
  void clear() override { db.exec("DELETE FROM expected_reports"); }
  void add(std::string_view plan_id, std::span<const engine::ExpectedReport> reports) override {
    store_detail::insert_expected_reports(db, plan_id, reports);
  }
  void note(std::span<const ReportSubmission> rows) override { store_detail::note_submissions(db, rows); }

  std::vector<engine::UnitReportingCount> counts(std::string_view unit, Date as_of,
                                                 const std::array<bool, 6>& on_time) override {
    // On time by the engine's rule, bound as a table indexed by rule and by
    // how the first submission compares with the deadline (?3 … ?8).
    CachedStatement s(statements, std::string(subtree_cte) +
        "SELECT p.unit, count(DISTINCT p.id), count(e.plan_id), count(e.first_submitted <= ?2 OR NULL), "
        "count((e.first_submitted <= ?2 AND CASE (e.first_submitted > e.deadline) - (e.first_submitted < e.deadline) "
        "+ 3 * (e.rule = 'by') WHEN -1 THEN ?3 WHEN 0 THEN ?4 WHEN 1 THEN ?5 WHEN 2 THEN ?6 WHEN 3 THEN ?7 ELSE ?8 END) OR NULL) "
        "FROM sub JOIN plans p ON p.unit = sub.code LEFT JOIN expected_reports e ON e.plan_id = p.id AND e.deadline <= ?2 "
        "GROUP BY p.unit ORDER BY p.unit");
    s.bind(1, std::string(unit));
    s.bind(2, iso(as_of));
    for (int k = 0; k < 6; ++k) s.bind(3 + k, on_time[static_cast<std::size_t>(k)] ? 1 : 0);
    std::vector<engine::UnitReportingCount> units;
    while (s.executeStep()) {
      units.push_back({s.getColumn(0).getString(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64(),
                       s.getColumn(3).getInt64(), s.getColumn(4).getInt64()});
    }
    return units;
  }

 private:
  SQLite::Database& db;
  StatementCache& statements;
};

}  // namespace

std::unique_ptr<store_port::ExpectedReportRepository> make_expected_report_repository(SQLite::Database& db, StatementCache& statements) {
  return std::make_unique<SqliteExpectedReports>(db, statements);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
