// The reports a plan's duties expect (METRICS.md §3), kept at write time
// (schema version 6, decision 0010): one row per duty, reporter and period,
// with its deadline and the date of its first submission. A unit's reporting
// as of any date is then a count over its plans' rows, equal to the sums of
// the plans' own reporting metrics, which expand the same list (the engine's
// expected_reports_of; this repository only keeps its result).

#include "store/sqlite/storage.hpp"

#include <algorithm>
#include <map>

namespace kehoach {
inline namespace v1 {
namespace sqlite {

using namespace store_detail;

namespace {

// The meta key that says the table was filled by this library's expansion.
constexpr const char* meta_key = "expected_reports";
// Bump when expected_reports_of changes: stores refill the table on their next writable open.
constexpr const char* meta_version = "1";

// The counts of the expected reports joined as `e` to plans `p`: those due by
// ?2, received by then, and on time by the engine's rule bound as a table
// indexed by rule and by how the first submission compares with the deadline
// (?3 … ?8); then the join itself.
constexpr const char* report_counts =
    "count(e.plan_id), count(e.first_submitted <= ?2 OR NULL), "
    "count((e.first_submitted <= ?2 AND CASE (e.first_submitted > e.deadline) - (e.first_submitted < e.deadline) "
    "+ 3 * (e.rule = 'by') WHEN -1 THEN ?3 WHEN 0 THEN ?4 WHEN 1 THEN ?5 WHEN 2 THEN ?6 WHEN 3 THEN ?7 ELSE ?8 END) OR NULL) ";
constexpr const char* reports_of_plans = "LEFT JOIN expected_reports e ON e.plan_id = p.id AND e.deadline <= ?2 ";

template <class Statement>
void bind_counts(Statement& s, Date as_of, const std::array<bool, 6>& on_time) {
  s.bind(2, iso(as_of));
  for (int k = 0; k < 6; ++k) s.bind(3 + k, on_time[static_cast<std::size_t>(k)] ? 1 : 0);
}

class SqliteExpectedReports final : public store_port::ExpectedReportRepository {
 public:
  SqliteExpectedReports(SQLite::Database& d, StatementCache& c) : db(d), statements(c) {}
  bool current() override { return read_meta(db, meta_key) == meta_version; }
  void mark_current() override { write_meta(db, meta_key, meta_version); }
  void forget() override { erase_meta(db, meta_key); }
  void clear() override { db.exec("DELETE FROM expected_reports"); }

  void add(std::string_view plan_id, std::span<const engine::ExpectedReport> reports) override {
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

  void note(std::span<const ReportSubmission> rows) override {
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

  std::vector<engine::UnitReportingCount> counts(std::string_view unit, Date as_of,
                                                 const std::array<bool, 6>& on_time) override {
    CachedStatement s(statements, std::string(subtree_cte) + "SELECT p.unit, count(DISTINCT p.id), " + report_counts +
                                      "FROM sub JOIN plans p ON p.unit = sub.code " + reports_of_plans +
                                      "GROUP BY p.unit ORDER BY p.unit");
    s.bind(1, std::string(unit));
    bind_counts(s, as_of, on_time);
    std::vector<engine::UnitReportingCount> units;
    while (s.executeStep()) {
      units.push_back({s.getColumn(0).getString(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64(),
                       s.getColumn(3).getInt64(), s.getColumn(4).getInt64()});
    }
    return units;
  }

  std::vector<engine::UnitReportingCount> counts_of_plans(std::span<const std::string> plan_ids, Date as_of,
                                                          const std::array<bool, 6>& on_time) override {
    // The ids a window at a time, bound as ?9, ?10, ….
    constexpr std::size_t window = 256;
    std::map<std::string, engine::UnitReportingCount, std::less<>> by_id;
    for (std::size_t at = 0; at < plan_ids.size(); at += window) {
      const std::size_t n = std::min(window, plan_ids.size() - at);
      std::string marks;
      for (std::size_t i = 0; i < n; ++i) marks += (i ? ",?" : "?");
      SQLite::Statement s(db, std::string("SELECT p.id, ") + report_counts + "FROM plans p " + reports_of_plans +
                                  "WHERE p.id IN (" + marks + ") GROUP BY p.id");
      bind_counts(s, as_of, on_time);
      for (std::size_t i = 0; i < n; ++i) s.bind(static_cast<int>(9 + i), plan_ids[at + i]);
      while (s.executeStep()) {
        auto id = s.getColumn(0).getString();
        by_id[id] = {id, 1, s.getColumn(1).getInt64(), s.getColumn(2).getInt64(), s.getColumn(3).getInt64()};
      }
    }
    return store_port::in_order(plan_ids, by_id);
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
