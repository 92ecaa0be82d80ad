// Case indicators from the case tables or from the cells kept at write time
// (see case_cells.hpp). Both paths count with the engine's tally
// (cases/tally.hpp); the rows are read and written through the storage port.

#include "store/case_cells.hpp"

#include "cases/tally.hpp"

#include <cstdio>
#include <map>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace store_detail {

using case_tally::Tally;
using case_tally::month_end;
using case_tally::month_of;
using case_tally::month_start;

namespace {

using CellKey = std::pair<std::string, std::string>;  // unit, YYYY-MM of intake

constexpr Date far_future{std::chrono::year{9999}, std::chrono::month{12}, std::chrono::day{31}};

// Counts the cases of `unit` (of its subtree when `subtree`) with intake from
// `from` to `to` as of `as_of` into one Tally per cell, by Tally::add, the
// function that counts new cases into their cells at write time.
std::map<CellKey, Tally> scan_cells(store_port::Storage& storage, const std::string& unit, bool subtree, Date from, Date to,
                                    Date as_of) {
  std::map<CellKey, Tally> out;
  storage.cases().each_counted(unit, subtree, from, to, as_of, [&](const CaseRecord& c) {
    out[CellKey{c.unit, month_of(c.intake_date)}].add(c);
  });
  return out;
}

void write_cell(store_port::Storage& storage, const CellKey& key, const Tally& t) {
  storage.cells().put(key.first, case_tally::encode(key.second, t));
}

}  // namespace

CaseIndicators compute_indicators(store_port::Storage& storage, std::string_view unit, const Period& period, Date as_of,
                                  CellUse use) {
  const std::string root(unit);
  Tally total;
  if (use == CellUse::when_exact && case_tally::whole_months(period) && !(as_of < period.end) && cells_current(storage)) {
    // Each cell holds its state after all its events; a cell with events after
    // A is taken back to A by retracting them.
    const long a_day = case_tally::day_number(as_of);
    storage.cells().each(root, true, month_of(period.start), month_of(period.end), [&](const case_tally::EncodedCell& cell) {
      case_tally::add_counts(total, cell);
      if (!cell.last_event || !(as_of < *cell.last_event)) return;
      case_tally::each_event(cell, [&](const case_tally::Event& e) {
        if (e.day > a_day) total.retract(e);
      });
    });
  } else {
    storage.cases().each_counted(root, true, period.start, period.end, as_of, [&](const CaseRecord& c) { total.add(c); });
  }
  return case_tally::indicators_of(total, unit, period, as_of);
}

void add_to_cells(store_port::Storage& storage, std::span<const CaseRecord> batch) {
  // By unit, then month (year × 12 + month − 1): a batch holds many cases of
  // few units, and each unit's stored cells are read with one query.
  std::map<std::string_view, std::map<int, Tally>> cells;
  for (const auto& c : batch) {
    if (c.first_received_as) continue;
    const int month = static_cast<int>(c.intake_date.year()) * 12 + static_cast<int>(static_cast<unsigned>(c.intake_date.month())) - 1;
    cells[c.unit][month].add(c);
  }
  auto month_text = [](int m) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", m / 12, m % 12 + 1);
    return std::string(buffer);
  };
  for (auto& entry : cells) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const std::string unit(entry.first);
    auto& months = entry.second;
    storage.cells().each(unit, false, month_text(months.begin()->first), month_text(months.rbegin()->first),
                         [&](const case_tally::EncodedCell& cell) {
                           const Date first = month_start(cell.month);
                           const int key = static_cast<int>(first.year()) * 12 +
                                           static_cast<int>(static_cast<unsigned>(first.month())) - 1;
                           const auto it = months.find(key);
                           if (it == months.end()) return;  // a stored month this batch does not touch
                           Tally& t = it->second;
                           case_tally::add_counts(t, cell);
                           if (cell.last_event && (!t.last_event || *t.last_event < *cell.last_event)) t.last_event = cell.last_event;
                           case_tally::each_event(cell, [&t](const case_tally::Event& e) { t.events.push_back(e); });
                         });
    for (const auto& [month, t] : months) write_cell(storage, CellKey{unit, month_text(month)}, t);
  }
}

void refresh_cell(store_port::Storage& storage, const std::string& unit, Date day) {
  const std::string month = month_of(day);
  const Date from = month_start(month);
  auto found = scan_cells(storage, unit, false, from, month_end(from), far_future);
  const auto it = found.find(CellKey{unit, month});
  if (it == found.end()) {
    storage.cells().remove(unit, month);
    return;
  }
  write_cell(storage, it->first, it->second);
}

bool cells_current(store_port::Storage& storage) { return storage.cells().layout() == case_tally::layout_signature(); }

void after_cases_written(store_port::Storage& storage, std::span<const CaseRecord> written) {
  if (cells_current(storage)) {
    add_to_cells(storage, written);
    return;
  }
  storage.cells().forget_layout();
}

std::map<std::string, std::string> canonical_cells(store_port::Storage& storage) {
  std::map<std::string, std::string> out;
  storage.cells().each([&](const std::string& unit, const case_tally::EncodedCell& cell) {
    out[unit + "/" + cell.month] = case_tally::canonical(cell);
  });
  return out;
}

void rebuild_cells(store_port::Storage& storage) {
  storage.cells().clear();
  const Date from{std::chrono::year{1}, std::chrono::month{1}, std::chrono::day{1}};
  for (const auto& unit : storage.cases().units()) {
    for (const auto& [key, t] : scan_cells(storage, unit, false, from, far_future, far_future)) write_cell(storage, key, t);
  }
  storage.cells().set_layout(case_tally::layout_signature());
}

}  // namespace store_detail
}  // namespace v1
}  // namespace kehoach
