// The case tally (cases/tally.hpp): the layout of the counters, how one case
// counts, and the encoding of the cells the store keeps. Both paths of the
// store (cells summed, cases read) count into the same Tally, laid out once,
// and one function turns a Tally into CaseIndicators, so the two cannot
// disagree on what is counted where; tests/cpp/cases compares them on random
// data.

#include "cases/tally.hpp"

#include "cases/release.hpp"

#include <kehoach/error.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <tuple>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace case_tally {

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

}  // namespace

long day_number(Date d) { return static_cast<long>(std::chrono::sys_days{d}.time_since_epoch().count()); }

std::size_t days_index() { return layout().size; }

const std::string& layout_signature() { return layout().signature; }

Tally::Tally() : n(layout().size, 0) {}

void Tally::event(Date d, std::size_t index, long value) {
  if (!last_event || *last_event < d) last_event = d;
  events.push_back({day_number(d), index, value});
}

void Tally::merge(const Tally& o) {
  for (std::size_t i = 0; i < n.size(); ++i) n[i] += o.n[i];
  for (auto [d, k] : o.days) days[d] += k;
  if (o.last_event && (!last_event || *last_event < *o.last_event)) last_event = o.last_event;
  events.insert(events.end(), o.events.begin(), o.events.end());
}

void Tally::retract(const Event& e) {
  if (e.index == days_index()) {
    if (--days[e.days] == 0) days.erase(e.days);  // below zero stays, and is refused as damage
  } else {
    --n[e.index];
  }
}

void Tally::add(const CaseRecord& c) {
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

namespace {

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

}  // namespace

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

// ---- cells: encoding ----

namespace {

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
void each_encoded_event(std::string_view events, long month_first_day, F f) {
  const auto* p = reinterpret_cast<const unsigned char*>(events.data());
  Reader r{p, p + events.size()};
  while (r.p != r.end) {
    const auto offset = static_cast<long>(r.varint(max_days));
    Event e{month_first_day + offset, static_cast<std::size_t>(r.varint(days_index())), 0};
    if (e.index == days_index()) e.days = static_cast<long>(r.days());
    f(e);
  }
}

}  // namespace

void add_counts(Tally& t, const EncodedCell& cell) {
  const auto* c = reinterpret_cast<const unsigned char*>(cell.counts.data());
  Reader r{c, c + cell.counts.size()};
  for (auto& v : t.n) v += static_cast<std::int64_t>(r.varint(max_count));
  if (r.p != r.end) damaged("an unexpected size");
  const auto* d = reinterpret_cast<const unsigned char*>(cell.days.data());
  Reader q{d, d + cell.days.size()};
  while (q.p != q.end) {
    const auto day = q.days();
    const auto k = q.varint(max_count);
    if (k == 0) damaged("an empty entry");
    t.days[day] += static_cast<std::int64_t>(k);
  }
}

Date month_start(const std::string& month) { return parse_iso_date(month + "-01"); }

Date month_end(Date start) {
  const std::chrono::year_month_day_last last{start.year(), std::chrono::month_day_last{start.month()}};
  return Date{last};
}

std::string month_of(Date d) { return format_iso_date(d).substr(0, 7); }

bool whole_months(const Period& p) {
  return p.start.day() == std::chrono::day{1} && !(p.end < p.start) && month_end(Date{p.end.year() / p.end.month() / 1}) == p.end;
}

EncodedCell encode(const std::string& month, const Tally& t) {
  return EncodedCell{month, t.last_event, encode_counts(t), encode_days(t), encode_events(t, day_number(month_start(month)))};
}

void each_event(const EncodedCell& cell, const std::function<void(const Event&)>& f) {
  each_encoded_event(cell.events, day_number(month_start(cell.month)), f);
}

std::string canonical(const EncodedCell& cell) {
  std::vector<std::tuple<long, std::size_t, long>> all;
  each_event(cell, [&](const Event& e) { all.emplace_back(e.day, e.index, e.days); });
  std::sort(all.begin(), all.end());
  // Each blob by its length and bytes: compared, never shown.
  auto bytes = [](std::string_view b) { return std::to_string(b.size()) + ":" + std::string(b); };
  std::string out = bytes(cell.counts) + bytes(cell.days) + (cell.last_event ? bytes(format_iso_date(*cell.last_event)) : std::string("-"));
  for (const auto& [d, index, n] : all) out += std::to_string(d) + "/" + std::to_string(index) + "/" + std::to_string(n) + ",";
  return out;
}

}  // namespace case_tally
}  // namespace v1
}  // namespace kehoach
