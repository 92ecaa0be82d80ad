#pragma once

// Case indicators (METRICS.md §6) from the case tables or from the cells the
// store keeps at write time to answer them without reading every case
// (schema version 5, docs/decisions/0009-case-aggregates-at-write-time.md).
// What a cell holds and how cases are counted is the engine's
// (cases/tally.hpp); these functions read and write them through the storage
// port (store/port.hpp), in the caller's transaction. Indicators for a
// period of whole months as of its end or later are summed from cells;
// anything else is computed from the case tables, by the same tally.

#include <kehoach/cases.hpp>
#include <kehoach/indicators.hpp>

#include "store/port.hpp"

#include <map>
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

CaseIndicators compute_indicators(store_port::Storage& storage, std::string_view unit, const Period& period, Date as_of,
                                  CellUse use = CellUse::when_exact);

// Adds newly written cases (not yet counted in any cell) to their cells.
void add_to_cells(store_port::Storage& storage, std::span<const CaseRecord> cases);

// Recomputes the cell of `unit` and the month of `day` from the case tables.
void refresh_cell(store_port::Storage& storage, const std::string& unit, Date day);

// Whether the store's cells were made with this library's layout of counters.
bool cells_current(store_port::Storage& storage);

// Keeps the cells true after cases were written: adds `written` (new cases)
// when the cells are current; otherwise forgets their layout, so that no
// library reads cells that lack these cases and the next writable open
// rebuilds them.
void after_cases_written(store_port::Storage& storage, std::span<const CaseRecord> written);

// Every stored cell, by "unit/month", in a form that does not depend on the
// order in which its events were written (Store::check_integrity compares
// the cells with a rebuild by it).
std::map<std::string, std::string> canonical_cells(store_port::Storage& storage);

// Recomputes every cell from the case tables and records the layout; in the
// caller's transaction.
void rebuild_cells(store_port::Storage& storage);

}  // namespace store_detail
}  // namespace v1
}  // namespace kehoach
