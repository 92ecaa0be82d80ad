// Case indicators from the case tables or from the cells kept at write time
// (see case_cells.hpp). Both paths count into the same Tally, laid out once,
// and one function turns a Tally into CaseIndicators, so the two cannot
// disagree on what is counted where; tests/cpp/cases compares them on random
// data.

#include "store/case_cells.hpp"

#include "cases/release.hpp"

#include "store/store_impl.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace store_detail {

namespace {

// ---- the layout of the counters ----

enum Scalar : std::size_t { cases, needing, with_service, needing_served, referrals_done, referrals_made, scalar_count };

struct Group {
  std::string name;
  std::vector<std::string> categories;
  std::size_t offset = 0;
  bool of_served = false;  ///< its total is the cases with a service, not all cases
};


struct Layout {
  enum G : std::size_t { violence, sex, age, ethnic, disability, migrant, channel, service, days, group_count };
  std::vector<Group> groups;
  std::size_t size = scalar_count;
  std::string signature;
  std::vector<std::size_t> age_index;                   ///< by AgeGroup
  std::vector<std::vector<std::size_t>> channel_index;  ///< by ReceivingBody, IntakeChannel

  template <class E>
  static std::vector<std::string> codes() {
    std::vector<std::string> out;
    for (E e : all_values<E>()) out.emplace_back(to_code(e));
    return out;
  }

  // The counters of an enumeration are indexed by its values: its codes must
  // be listed in declaration order (checked once, here).
  template <class E>
  static void in_declared_order(const char* name) {
    const auto values = all_values<E>();
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (static_cast<std::size_t>(values[i]) != i) {
        throw InternalError(std::string("the codes of ") + name + " are not in declaration order");
      }
    }
  }

  Layout() {
    in_declared_order<ViolenceType>("ViolenceType");
    in_declared_order<Sex>("Sex");
    in_declared_order<AgeGroup>("AgeGroup");
    in_declared_order<ReceivingBody>("ReceivingBody");
    in_declared_order<IntakeChannel>("IntakeChannel");
    in_declared_order<ServiceType>("ServiceType");
    const std::vector<std::string> yes_no{"yes", "no", "unknown"};
    groups = {{"violence_type", codes<ViolenceType>()},
              {"sex", codes<Sex>()},
              {"age_group", {"under_16", "16_59", "60_plus"}},
              {"ethnic_minority", yes_no},
              {"disability", yes_no},
              {"migrant_worker", yes_no},
              {"intake_channel", {"hotline", "police", "health_facility", "trusted_address", "online", "school", "other"}},
              {"service_type", codes<ServiceType>(), 0, true},
              {"days_to_first_service", {"0_3", "4_14", "15_30", "over_30"}, 0, true}};
    signature = "3;cases,needing,with_service,needing_served,referrals_done,referrals_made";
    for (auto& g : groups) {
      g.offset = size;
      size += g.categories.size();
      signature += ";" + g.name + ":";
      for (const auto& c : g.categories) signature += c + ",";
    }
    for (AgeGroup a : all_values<AgeGroup>()) age_index.push_back(at(age, to_code(coarse_age_group(a))));
    for (ReceivingBody b : all_values<ReceivingBody>()) {
      channel_index.emplace_back();
      for (IntakeChannel c : all_values<IntakeChannel>()) channel_index.back().push_back(at(channel, std::string(disclosure::channel_category(b, c))));
    }
  }

  std::size_t at(G g, std::string_view category) const {
    const auto& cs = groups[g].categories;
    const auto it = std::find(cs.begin(), cs.end(), category);
    if (it == cs.end()) throw InternalError("no category '" + std::string(category) + "' in " + groups[g].name);
    return groups[g].offset + static_cast<std::size_t>(it - cs.begin());
  }
  template <class E>
  std::size_t of(G g, E e) const {
    return groups[g].offset + static_cast<std::size_t>(e);
  }
  std::size_t flag(G g, std::optional<bool> v) const { return groups[g].offset + (!v ? 2 : *v ? 0 : 1); }
  std::size_t bucket(long d) const { return groups[days].offset + (d <= 3 ? 0 : d <= 14 ? 1 : d <= 30 ? 2 : 3); }
};

const Layout& layout() {
  static const Layout l;
  return l;
}

// ---- counting ----

static_assert(static_cast<unsigned>(ViolenceType::gbv_online) < 64 && static_cast<unsigned>(ServiceType::child_protection) < 64,
              "Tally::add keeps a case's violence types in a 64-bit mask and service types in an array of 64");

long day_number(Date d) { return static_cast<long>(std::chrono::sys_days{d}.time_since_epoch().count()); }

// A change of the counters on a date after intake: counter `index` grows by
// one, or, when `index` is days_index(), the distribution of days to first
// service gains one case at `days`. Counters are the state after every event;
// the events let a cell be taken back to any earlier as-of date.
struct Event {
  long day;  ///< days since 1970-01-01
  std::size_t index;
  long days = 0;
};

std::size_t days_index() { return layout().size; }

struct Tally {
  std::vector<std::int64_t> n = std::vector<std::int64_t>(layout().size, 0);
  std::map<std::int64_t, std::int64_t> days;  ///< days from intake to first service → cases
  std::optional<Date> last_event;             ///< latest provided service or referral
  std::vector<Event> events;

  void event(Date d, std::size_t index, long value = 0) {
    if (!last_event || *last_event < d) last_event = d;
    events.push_back({day_number(d), index, value});
  }
  void merge(const Tally& o) {
    for (std::size_t i = 0; i < n.size(); ++i) n[i] += o.n[i];
    for (auto [d, k] : o.days) days[d] += k;
    if (o.last_event && (!last_event || *last_event < *o.last_event)) last_event = o.last_event;
    events.insert(events.end(), o.events.begin(), o.events.end());
  }
  // Takes back one event: the state before it.
  void retract(const Event& e) {
    if (e.index == days_index()) {
      if (--days[e.days] == 0) days.erase(e.days);  // below zero stays, and is refused as damage
    } else {
      --n[e.index];
    }
  }
  // One case's part, as of any date after its last event.
  void add(const CaseRecord& c) {
    const Layout& l = layout();
    if (c.first_received_as) return;  // counted where it was first received
    ++n[cases];
    n[needing] += c.needs_help ? 1 : 0;
    // Each type counts a case once (a bit per enumerator; both enums are far below 64).
    std::uint64_t types = 0;
    for (ViolenceType t : c.violence) types |= std::uint64_t{1} << static_cast<unsigned>(t);
    for (ViolenceType t : all_values<ViolenceType>()) {
      if (types >> static_cast<unsigned>(t) & 1) ++n[l.of(Layout::violence, t)];
    }
    ++n[l.of(Layout::sex, c.survivor.sex)];
    ++n[l.age_index[static_cast<std::size_t>(c.survivor.age_group)]];
    ++n[l.flag(Layout::ethnic, c.survivor.ethnic_minority)];
    ++n[l.flag(Layout::disability, c.survivor.disability)];
    ++n[l.flag(Layout::migrant, c.survivor.migrant_worker)];
    ++n[l.channel_index[static_cast<std::size_t>(c.receiving_body)][static_cast<std::size_t>(c.channel)]];
    // The first provided service, and the first of each type: each counts from its date.
    std::optional<Date> first;
    std::array<std::optional<Date>, 64> first_of_type{};
    for (const auto& s : c.services) {
      if (s.outcome != ServiceOutcome::provided) continue;
      if (!first || s.date < *first) first = s.date;
      auto& f = first_of_type[static_cast<std::size_t>(s.type)];
      if (!f || s.date < *f) f = s.date;
    }
    if (first) {
      const long d = days_between(c.intake_date, *first);
      ++n[with_service];
      event(*first, with_service);
      if (c.needs_help) {
        ++n[needing_served];
        event(*first, needing_served);
      }
      ++days[d];
      event(*first, days_index(), d);
      ++n[l.bucket(d)];
      event(*first, l.bucket(d));
    }
    for (ServiceType t : all_values<ServiceType>()) {
      if (const auto& f = first_of_type[static_cast<std::size_t>(t)]) {
        ++n[l.of(Layout::service, t)];
        event(*f, l.of(Layout::service, t));
      }
    }
    for (const auto& r : c.referrals) {
      if (r.status == ReferralStatus::done) {
        ++n[referrals_done];
        event(r.date, referrals_done);
      }
      if (r.status != ReferralStatus::revoked) {
        ++n[referrals_made];
        event(r.date, referrals_made);
      }
    }
  }
};

// The q-quantile of a distribution given as value → count, by linear
// interpolation between closest ranks (the common default, R type 7), read
// from cumulative counts rather than from the expanded list.
double percentile(const std::map<std::int64_t, std::int64_t>& counts, std::int64_t total, double q) {
  const double pos = q * static_cast<double>(total - 1);
  const auto lo = static_cast<std::int64_t>(std::floor(pos));
  const auto hi = static_cast<std::int64_t>(std::ceil(pos));
  auto at = [&](std::int64_t rank) {
    std::int64_t seen = 0;
    for (auto [value, k] : counts) {
      seen += k;
      if (rank < seen) return static_cast<double>(value);
    }
    return static_cast<double>(counts.rbegin()->first);
  };
  const double a = at(lo), b = at(hi);
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

CaseIndicators indicators_of(const Tally& t, std::string_view unit, const Period& period, Date as_of) {
  const Layout& l = layout();
  CaseIndicators x;
  x.unit = unit;
  x.period = period;
  x.as_of = as_of;
  x.cases = Count{t.n[cases], false};
  x.cases_with_service = Count{t.n[with_service], false};
  x.service_access = make_rate(t.n[with_service], t.n[cases]);
  x.help = make_rate(t.n[needing_served], t.n[needing]);
  x.referral_completion = make_rate(t.n[referrals_done], t.n[referrals_made]);
  std::int64_t served = 0;
  for (auto [d, k] : t.days) {
    if (k <= 0) throw CorruptStore("the case aggregates do not add up (a negative count); reopen the store writable to rebuild them");
    served += k;
  }
  for (auto v : t.n) {
    if (v < 0) throw CorruptStore("the case aggregates do not add up (a negative count); reopen the store writable to rebuild them");
  }
  if (served > 0) {
    x.median_days_to_first_service = percentile(t.days, served, 0.5);
    x.p90_days_to_first_service = percentile(t.days, served, 0.9);
  }
  for (const auto& g : l.groups) {
    Disaggregation d{g.name, {}, Count{g.of_served ? t.n[with_service] : t.n[cases], false}};
    for (std::size_t i = 0; i < g.categories.size(); ++i) d.cells.push_back({g.categories[i], Count{t.n[g.offset + i], false}});
    x.disaggregations.push_back(std::move(d));
  }
  return x;
}

// ---- reading the case tables ----

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

// ---- cells: encoding ----

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

[[noreturn]] void damaged(const char* what) {
  throw CorruptStore(std::string("a case aggregate cell is damaged (") + what + "); reopen the store writable to rebuild it");
}

// Bounds of decoded values: far above any real count or day span, far below
// anything that could overflow when summed over every cell of a store.
constexpr std::uint64_t max_count = std::uint64_t{1} << 40;
constexpr std::uint64_t max_days = std::uint64_t{1} << 24;  // about 46,000 years

struct Reader {
  const unsigned char* p;
  const unsigned char* end;
  std::uint64_t varint(std::uint64_t max) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p == end) break;
      const unsigned char b = *p++;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        if (v > max) damaged("a value out of range");
        return v;
      }
    }
    damaged("a truncated number");
  }
  // Days may in principle be negative (a record older than today's validation): zigzag.
  std::int64_t days() {
    const std::uint64_t z = varint(2 * max_days);
    return static_cast<std::int64_t>(z >> 1) * ((z & 1) ? -1 : 1) - ((z & 1) ? 1 : 0);
  }
};

std::uint64_t zigzag(std::int64_t v) {
  return v < 0 ? (static_cast<std::uint64_t>(-(v + 1)) << 1) | 1 : static_cast<std::uint64_t>(v) << 1;
}

// Counters as unsigned LEB128 varints, days zigzag-encoded: a cell of a few
// cases takes a few dozen bytes.
std::string encode_counts(const Tally& t) {
  std::string out;
  for (auto v : t.n) put_varint(out, static_cast<std::uint64_t>(v));
  return out;
}
std::string encode_days(const Tally& t) {
  std::string out;
  for (auto [d, k] : t.days) {
    put_varint(out, zigzag(d));
    put_varint(out, static_cast<std::uint64_t>(k));
  }
  return out;
}

// Events as (day since the month's first day, index[, days]) varints. An
// event is never before its case's intake, so never before the month began.
std::string encode_events(const Tally& t, long month_first_day) {
  std::string out;
  for (const auto& e : t.events) {
    put_varint(out, static_cast<std::uint64_t>(std::max(e.day - month_first_day, 0L)));
    put_varint(out, e.index);
    if (e.index == days_index()) put_varint(out, zigzag(e.days));
  }
  return out;
}

// Calls f(event) for each event of a cell's blob.
template <class F>
void each_event(const SQLite::Column& events, long month_first_day, F f) {
  const auto* p = static_cast<const unsigned char*>(events.getBlob());
  Reader r{p, p + events.getBytes()};
  while (r.p != r.end) {
    const auto offset = static_cast<long>(r.varint(max_days));
    Event e{month_first_day + offset, static_cast<std::size_t>(r.varint(days_index())), 0};
    if (e.index == days_index()) e.days = static_cast<long>(r.days());
    f(e);
  }
}

void add_encoded(Tally& t, const SQLite::Column& counts, const SQLite::Column& days) {
  const auto* c = static_cast<const unsigned char*>(counts.getBlob());
  Reader r{c, c + counts.getBytes()};
  for (auto& v : t.n) v += static_cast<std::int64_t>(r.varint(max_count));
  if (r.p != r.end) damaged("an unexpected size");
  const auto* d = static_cast<const unsigned char*>(days.getBlob());
  Reader q{d, d + days.getBytes()};
  while (q.p != q.end) {
    const auto day = q.days();
    const auto k = q.varint(max_count);
    if (k == 0) damaged("an empty entry");
    t.days[day] += static_cast<std::int64_t>(k);
  }
}

constexpr const char* layout_key = "case_cells_layout";

Date month_start(const std::string& month) { return parse_iso_date(month + "-01"); }

void write_cell(SQLite::Statement& upsert, const CellKey& key, const Tally& t) {
  upsert.reset();
  upsert.bind(1, key.first);
  upsert.bind(2, key.second);
  if (t.last_event) upsert.bind(3, iso(*t.last_event));
  else upsert.bind(3);
  const std::string counts = encode_counts(t), days = encode_days(t);
  const std::string events = encode_events(t, day_number(month_start(key.second)));
  upsert.bind(4, counts.data(), static_cast<int>(counts.size()));
  upsert.bind(5, days.data(), static_cast<int>(days.size()));
  upsert.bind(6, events.data(), static_cast<int>(events.size()));
  upsert.exec();
}

constexpr const char* upsert_sql =
    "INSERT OR REPLACE INTO case_cells (unit, month, last_event, counts, days, events) VALUES (?, ?, ?, ?, ?, ?)";
Date month_end(Date start) {
  const std::chrono::year_month_day_last last{start.year(), std::chrono::month_day_last{start.month()}};
  return Date{last};
}
std::string month_of(Date d) { return iso(d).substr(0, 7); }

bool whole_months(const Period& p) {
  return p.start.day() == std::chrono::day{1} && !(p.end < p.start) && month_end(Date{p.end.year() / p.end.month() / 1}) == p.end;
}

constexpr Date far_future{std::chrono::year{9999}, std::chrono::month{12}, std::chrono::day{31}};

}  // namespace

CaseIndicators compute_indicators(SQLite::Database& db, std::string_view unit, const Period& period, Date as_of, CellUse use) {
  const std::string root(unit);
  StatementCache statements(db);  // the same reads repeat for every cell read from the cases
  Tally total;
  if (use == CellUse::when_exact && whole_months(period) && !(as_of < period.end) && cells_current(db)) {
    // Each cell holds its state after all its events; a cell with events after
    // A is taken back to A by retracting them.
    CachedStatement s(statements, std::string(subtree_cte) +
        "SELECT month, last_event, counts, days, events FROM case_cells WHERE unit IN (SELECT code FROM sub) "
        "AND month BETWEEN ?2 AND ?3");
    s.bind(1, root);
    s.bind(2, month_of(period.start));
    s.bind(3, month_of(period.end));
    const std::string a = iso(as_of);
    const long a_day = day_number(as_of);
    while (s.executeStep()) {
      add_encoded(total, s.getColumn(2), s.getColumn(3));
      if (s.getColumn(1).isNull() || s.getColumn(1).getString() <= a) continue;
      each_event(s.getColumn(4), day_number(month_start(s.getColumn(0).getString())), [&](const Event& e) {
        if (e.day > a_day) total.retract(e);
      });
    }
  } else {
    for (auto& [key, t] : scan(statements, "c.unit IN (SELECT code FROM sub)", root, period.start, period.end, as_of, false)) {
      total.merge(t);
    }
  }
  return indicators_of(total, unit, period, as_of);
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
      "SELECT month, counts, days, last_event, events FROM case_cells WHERE unit = ? AND month BETWEEN ? AND ?");
  SQLite::Statement upsert(db, upsert_sql);
  for (auto& [unit_view, months] : cells) {
    const std::string unit(unit_view);
    read.reset();
    read.bind(1, unit);
    read.bind(2, month_text(months.begin()->first));
    read.bind(3, month_text(months.rbegin()->first));
    while (read.executeStep()) {
      const std::string month = read.getColumn(0).getString();
      const Date first = month_start(month);
      const int key = static_cast<int>(first.year()) * 12 + static_cast<int>(static_cast<unsigned>(first.month())) - 1;
      const auto it = months.find(key);
      if (it == months.end()) continue;  // a stored month this batch does not touch
      Tally& t = it->second;
      add_encoded(t, read.getColumn(1), read.getColumn(2));
      if (!read.getColumn(3).isNull()) {
        const Date last = date_of(read.getColumn(3));
        if (!t.last_event || *t.last_event < last) t.last_event = last;
      }
      each_event(read.getColumn(4), day_number(first), [&t](const Event& e) { t.events.push_back(e); });
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

bool cells_current(SQLite::Database& db) { return read_meta(db, layout_key) == layout().signature; }

void after_cases_written(SQLite::Database& db, std::span<const CaseRecord> written) {
  if (cells_current(db)) {
    add_to_cells(db, written);
    return;
  }
  erase_meta(db, layout_key);
}

std::string canonical_cell(const std::string& month, const SQLite::Column& counts, const SQLite::Column& days,
                           const SQLite::Column& events, const SQLite::Column& last_event) {
  std::vector<std::tuple<long, std::size_t, long>> all;
  each_event(events, day_number(month_start(month)), [&](const Event& e) { all.emplace_back(e.day, e.index, e.days); });
  std::sort(all.begin(), all.end());
  // Each blob by its length and bytes: compared, never shown.
  auto bytes = [](const SQLite::Column& c) {
    return std::to_string(c.getBytes()) + ":" +
           std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
  };
  std::string out = bytes(counts) + bytes(days) + (last_event.isNull() ? std::string("-") : bytes(last_event));
  for (const auto& [d, index, n] : all) out += std::to_string(d) + "/" + std::to_string(index) + "/" + std::to_string(n) + ",";
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
  write_meta(db, layout_key, layout().signature);
}

}  // namespace store_detail
}  // namespace v1
}  // namespace kehoach
