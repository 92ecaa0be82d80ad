#pragma once

// The reports a plan's duties expect (METRICS.md §3), kept in the store at
// write time (schema version 6, decision 0010): one row per duty, reporter and
// period, with its deadline and the date of its first submission. A unit's
// reporting as of any date is then a count over its plans' rows, equal to the
// sums of the plans' own reporting metrics, which expand the same list.

#include <kehoach/plan.hpp>
#include <kehoach/records.hpp>

#include "metrics/engine.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <span>
#include <string_view>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace store_detail {

// The expansion is the engine's rule; the store keeps its result.
using engine::ExpectedReport;
using engine::expected_reports_of;

// Writes a plan's expected reports, with first submissions already stored.
void insert_expected_reports(SQLite::Database& db, std::string_view plan_id, std::span<const ExpectedReport> reports);

// Notes new submissions on the reports they answer.
void note_submissions(SQLite::Database& db, std::span<const ReportSubmission> rows);

// Whether the table was filled for this store's plans (meta key), and its filling.
bool expected_reports_current(SQLite::Database& db);
void mark_expected_reports_current(SQLite::Database& db);
// Forgets the filling (another library's expansion wrote it): the table is
// not read, and the next writable open refills it.
void forget_expected_reports(SQLite::Database& db);

}  // namespace store_detail
}  // namespace v1
}  // namespace kehoach
