#pragma once

// Case indicators (METRICS.md §6) and the aggregates the store keeps at write
// time to answer them without reading every case (schema version 5,
// docs/decisions/0009-case-aggregates-at-write-time.md).
//
// A cell holds, for one unit and one month of intake, the counters of every
// indicator and disaggregation and the distribution of days to first service
// as they stand after all the events of its cases, the date of the latest
// event, and the events themselves (first service, first service of each type,
// referrals) with their dates. For an as-of date before the latest event, the
// events after it are taken back, so a cell is exact for any as-of date on or
// after the end of its month. Indicators for a period of whole months as of its
// end or later are summed from cells; anything else is computed from the case
// tables, by the same counting function.

#include <kehoach/cases.hpp>
#include <kehoach/indicators.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <span>
#include <string>
#include <string_view>

namespace kehoach {
inline namespace v1 {
namespace store_detail {

enum class CellUse {
  when_exact,  ///< sum cells where they are exact for the question, read cases elsewhere
  never,       ///< read the case tables only (the reference the cells are tested against)
};

CaseIndicators compute_indicators(SQLite::Database& db, std::string_view unit, const Period& period, Date as_of,
                                  CellUse use = CellUse::when_exact);

// Adds newly written cases (not yet counted in any cell) to their cells.
void add_to_cells(SQLite::Database& db, std::span<const CaseRecord> cases);

// Recomputes the cell of `unit` and the month of `day` from the case tables.
void refresh_cell(SQLite::Database& db, const std::string& unit, Date day);

// Whether the store's cells were made with this library's layout of counters.
bool cells_current(SQLite::Database& db);

// Keeps the cells true after cases were written: adds `written` (new cases)
// when the cells are current; otherwise forgets their layout, so that no
// library reads cells that lack these cases and the next writable open
// rebuilds them.
void after_cases_written(SQLite::Database& db, std::span<const CaseRecord> written);

// A cell's content in a form that does not depend on the order in which its
// events were written (Store::check_integrity compares cells with it).
std::string canonical_cell(const std::string& month, const SQLite::Column& counts, const SQLite::Column& days,
                           const SQLite::Column& events, const SQLite::Column& last_event);

// Recomputes every cell from the case tables and records the layout; in the
// caller's transaction.
void rebuild_cells(SQLite::Database& db);

}  // namespace store_detail
}  // namespace v1
}  // namespace kehoach
