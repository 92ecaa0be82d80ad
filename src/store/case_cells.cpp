// Case indicators from the case tables or from the cells kept at write time
// (see case_cells.hpp). Both paths count with the engine's tally
// (cases/tally.hpp); this file only reads and writes the rows.

#include "store/case_cells.hpp"

#include "cases/tally.hpp"

#include "store/store_impl.hpp"

#include <cstdio>
#include <map>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace store_detail {

using case_tally::Tally;

namespace {

using CellKey = std::pair<std::string, std::string>;  // unit, YYYY-MM of intake

// Splits "a,b,c" (a group_concat) into its parts.
std::vector<std::string_view> parts(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}


// Counts the cases matching `where` (over `cases c`, parameters ?1 unit,
// ?2/?3 intake from/to, ?4 as-of) into one Tally per cell, or into the one
// cell {"", ""} when `by_cell` is false. Each case is read once, with what the
// indicators need of its violence types, its provided services and its
// referrals on or before the as-of date, and counted by Tally::add, the
// function that counts new cases into their cells at write time.
std::map<CellKey, Tally> scan(StatementCache& statements, const std::string& where, const std::string& unit, Date from, Date to,
                              Date as_of, bool by_cell) {
  CachedStatement s(statements, std::string(subtree_cte) +
      "SELECT c.unit, c.intake_date, c.needs_help, c.sex, c.age_group, c.ethnic_minority, c.disability, "
      "c.migrant_worker, c.receiving_body, c.channel, "
      "(SELECT group_concat(v.type) FROM case_violence v WHERE v.case_unit = c.unit AND v.case_code = c.code), "
      "(SELECT group_concat(v.type || ' ' || v.date) FROM case_services v WHERE v.case_unit = c.unit AND v.case_code = c.code "
      "AND v.outcome = 'provided' AND v.date <= ?4), "
      "(SELECT group_concat(r.status || ' ' || r.date) FROM case_referrals r WHERE r.case_unit = c.unit AND r.case_code = c.code AND r.date <= ?4) "
      "FROM cases c WHERE " + where + " AND c.intake_date BETWEEN ?2 AND ?3 AND c.intake_date <= ?4 "
      "AND c.first_received_as IS NULL");
  s.bind(1, unit);
  s.bind(2, iso(from));
  s.bind(3, iso(to));
  s.bind(4, iso(as_of));
  auto flag = [](const SQLite::Column& c) -> std::optional<bool> {
    if (c.isNull()) return std::nullopt;
    return c.getInt() != 0;
  };
  std::map<CellKey, Tally> out;
  CaseRecord c;
  while (s.executeStep()) {
    c.unit = s.getColumn(0).getString();
    c.intake_date = date_of(s.getColumn(1));
    c.needs_help = s.getColumn(2).getInt() != 0;
    c.survivor = Survivor{code_of<Sex>(s.getColumn(3)), code_of<AgeGroup>(s.getColumn(4)), flag(s.getColumn(5)),
                          flag(s.getColumn(6)), flag(s.getColumn(7))};
    c.receiving_body = code_of<ReceivingBody>(s.getColumn(8));
    c.channel = code_of<IntakeChannel>(s.getColumn(9));
    c.violence.clear();
    c.services.clear();
    c.referrals.clear();
    for (auto type : parts(s.getColumn(10).getText(""))) c.violence.push_back(code_of<ViolenceType>(type));
    for (auto item : parts(s.getColumn(11).getText(""))) {
      const auto space = item.find(' ');
      c.services.push_back(Service{code_of<ServiceType>(item.substr(0, space)), {},
                                   parse_iso_date(item.substr(space + 1)), ServiceOutcome::provided});
    }
    for (auto item : parts(s.getColumn(12).getText(""))) {
      const auto space = item.find(' ');
      Referral r;
      r.status = code_of<ReferralStatus>(item.substr(0, space));
      r.date = parse_iso_date(item.substr(space + 1));
      c.referrals.push_back(std::move(r));
    }
    out[by_cell ? CellKey{c.unit, iso(c.intake_date).substr(0, 7)} : CellKey{}].add(c);
  }
  return out;
}
constexpr const char* layout_key = "case_cells_layout";

using case_tally::month_end;
using case_tally::month_of;
using case_tally::month_start;

// Reads a stored cell's row (month, last_event, counts, days, events from
// column `first` on) into `cell`, the engine's encoded cell. Reading into the
// same cell row after row reuses its buffers: summing cells reads thousands.
void read_cell(SQLite::Statement& s, int first, case_tally::EncodedCell& cell) {
  auto blob = [&](int i, std::string& out) {
    const SQLite::Column c = s.getColumn(i);
    out.assign(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
  };
  cell.month = s.getColumn(first).getText("");
  try {
    cell.last_event = opt_date(s.getColumn(first + 1));
  } catch (const Error&) {
    throw CorruptStore("a case aggregate cell is damaged (its last event is not a date); reopen the store writable to rebuild it");
  }
  blob(first + 2, cell.counts);
  blob(first + 3, cell.days);
  blob(first + 4, cell.events);
}

void write_cell(SQLite::Statement& upsert, const CellKey& key, const Tally& t) {
  const auto cell = case_tally::encode(key.second, t);
  upsert.reset();
  upsert.bind(1, key.first);
  upsert.bind(2, key.second);
  bind_opt(upsert, 3, cell.last_event);
  upsert.bind(4, cell.counts.data(), static_cast<int>(cell.counts.size()));
  upsert.bind(5, cell.days.data(), static_cast<int>(cell.days.size()));
  upsert.bind(6, cell.events.data(), static_cast<int>(cell.events.size()));
  upsert.exec();
}

constexpr const char* upsert_sql =
    "INSERT OR REPLACE INTO case_cells (unit, month, last_event, counts, days, events) VALUES (?, ?, ?, ?, ?, ?)";

constexpr Date far_future{std::chrono::year{9999}, std::chrono::month{12}, std::chrono::day{31}};

}  // namespace

CaseIndicators compute_indicators(SQLite::Database& db, std::string_view unit, const Period& period, Date as_of, CellUse use) {
  const std::string root(unit);
  StatementCache statements(db);  // the same reads repeat for every cell read from the cases
  Tally total;
  if (use == CellUse::when_exact && case_tally::whole_months(period) && !(as_of < period.end) && cells_current(db)) {
    // Each cell holds its state after all its events; a cell with events after
    // A is taken back to A by retracting them.
    CachedStatement s(statements, std::string(subtree_cte) +
        "SELECT month, last_event, counts, days, events FROM case_cells WHERE unit IN (SELECT code FROM sub) "
        "AND month BETWEEN ?2 AND ?3");
    s.bind(1, root);
    s.bind(2, month_of(period.start));
    s.bind(3, month_of(period.end));
    const long a_day = case_tally::day_number(as_of);
    case_tally::EncodedCell cell;
    while (s.executeStep()) {
      read_cell(s.statement(), 0, cell);
      case_tally::add_counts(total, cell);
      if (!cell.last_event || !(as_of < *cell.last_event)) continue;
      case_tally::each_event(cell, [&](const case_tally::Event& e) {
        if (e.day > a_day) total.retract(e);
      });
    }
  } else {
    for (auto& [key, t] : scan(statements, "c.unit IN (SELECT code FROM sub)", root, period.start, period.end, as_of, false)) {
      total.merge(t);
    }
  }
  return case_tally::indicators_of(total, unit, period, as_of);
}

void add_to_cells(SQLite::Database& db, std::span<const CaseRecord> batch) {
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
  SQLite::Statement read(db,
      "SELECT month, last_event, counts, days, events FROM case_cells WHERE unit = ? AND month BETWEEN ? AND ?");
  SQLite::Statement upsert(db, upsert_sql);
  for (auto& [unit_view, months] : cells) {
    const std::string unit(unit_view);
    read.reset();
    read.bind(1, unit);
    read.bind(2, month_text(months.begin()->first));
    read.bind(3, month_text(months.rbegin()->first));
    case_tally::EncodedCell cell;
    while (read.executeStep()) {
      read_cell(read, 0, cell);
      const Date first = month_start(cell.month);
      const int key = static_cast<int>(first.year()) * 12 + static_cast<int>(static_cast<unsigned>(first.month())) - 1;
      const auto it = months.find(key);
      if (it == months.end()) continue;  // a stored month this batch does not touch
      Tally& t = it->second;
      case_tally::add_counts(t, cell);
      if (cell.last_event && (!t.last_event || *t.last_event < *cell.last_event)) t.last_event = cell.last_event;
      case_tally::each_event(cell, [&t](const case_tally::Event& e) { t.events.push_back(e); });
    }
    read.reset();
    for (const auto& [month, t] : months) write_cell(upsert, CellKey{unit, month_text(month)}, t);
  }
}

void refresh_cell(SQLite::Database& db, const std::string& unit, Date day) {
  const std::string month = month_of(day);
  const Date from = month_start(month);
  StatementCache statements(db);
  auto found = scan(statements, "c.unit = ?1", unit, from, month_end(from), far_future, true);
  const auto it = found.find(CellKey{unit, month});
  if (it == found.end()) {
    SQLite::Statement del(db, "DELETE FROM case_cells WHERE unit = ? AND month = ?");
    del.bind(1, unit);
    del.bind(2, month);
    del.exec();
    return;
  }
  SQLite::Statement upsert(db, upsert_sql);
  write_cell(upsert, it->first, it->second);
}

bool cells_current(SQLite::Database& db) { return read_meta(db, layout_key) == case_tally::layout_signature(); }

void after_cases_written(SQLite::Database& db, std::span<const CaseRecord> written) {
  if (cells_current(db)) {
    add_to_cells(db, written);
    return;
  }
  erase_meta(db, layout_key);
}

std::map<std::string, std::string> canonical_cells(SQLite::Database& db) {
  std::map<std::string, std::string> out;
  SQLite::Statement c(db, "SELECT unit, month, last_event, counts, days, events FROM case_cells");
  case_tally::EncodedCell cell;
  while (c.executeStep()) {
    read_cell(c, 1, cell);
    out[c.getColumn(0).getString() + "/" + cell.month] = case_tally::canonical(cell);
  }
  return out;
}

void rebuild_cells(SQLite::Database& db) {
  db.exec("DELETE FROM case_cells");
  std::vector<std::string> units;
  {
    SQLite::Statement s(db, "SELECT DISTINCT unit FROM cases ORDER BY unit");
    while (s.executeStep()) units.push_back(s.getColumn(0).getString());
  }
  SQLite::Statement upsert(db, upsert_sql);
  StatementCache statements(db);
  const Date from{std::chrono::year{1}, std::chrono::month{1}, std::chrono::day{1}};
  for (const auto& unit : units) {
    for (const auto& [key, t] : scan(statements, "c.unit = ?1", unit, from, far_future, far_future, true)) write_cell(upsert, key, t);
  }
  write_meta(db, layout_key, case_tally::layout_signature());
}

}  // namespace store_detail
}  // namespace v1
}  // namespace kehoach
