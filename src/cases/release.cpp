// The release family of case indicators: tables of counts for the disclosure
// engine, and the marking of released indicators (decision 0011).

#include "cases/release.hpp"

#include <kehoach/error.hpp>

#include <algorithm>
#include <map>

namespace kehoach {
inline namespace v1 {
namespace disclosure {

std::string_view channel_category(ReceivingBody body, IntakeChannel channel) {
  if (channel == IntakeChannel::online) return "online";
  switch (body) {
    case ReceivingBody::hotline: return "hotline";
    case ReceivingBody::police:
    case ReceivingBody::border_post: return "police";
    case ReceivingBody::health_facility: return "health_facility";
    case ReceivingBody::trusted_address: return "trusted_address";
    case ReceivingBody::school: return "school";
    default: return "other";
  }
}

namespace {

// Tables of the cases mass, in this order.
enum : int { t_sex, t_age, t_ethnic, t_disability, t_migrant, t_channel, t_service, t_violence0 };
constexpr int states = 12 * 4 + 1;  // served in month m with delay bucket b (m*4+b), or not within the year
constexpr int not_served = 48;
constexpr int later = 12;           // a month index: after the year

const std::vector<std::string> channels{"hotline", "police", "health_facility", "trusted_address", "online", "school", "other"};
const std::vector<std::string> age_groups{"under_16", "16_59", "60_plus"};
const std::vector<std::string> yes_no{"yes", "no", "unknown"};

int violence_count() { return static_cast<int>(all_values<ViolenceType>().size()); }
int service_type_table(int type) { return t_violence0 + violence_count() + type; }

int flag(std::optional<bool> v) { return !v ? 2 : *v ? 0 : 1; }
int bucket(long days) { return days <= 3 ? 0 : days <= 14 ? 1 : days <= 30 ? 2 : 3; }
int index_of(const std::vector<std::string>& codes, std::string_view code) {
  const auto it = std::find(codes.begin(), codes.end(), code);
  return it == codes.end() ? -1 : static_cast<int>(it - codes.begin());
}
int month_in(Date d, int year) {
  if (static_cast<int>(d.year()) > year) return later;
  return static_cast<int>(static_cast<unsigned>(d.month())) - 1;
}

}  // namespace

Protection release_family(const std::vector<FamilyUnit>& units, const std::vector<CaseRecord>& cases, int year, int k) {
  Frame frame;
  std::map<std::string, int> index;
  for (const auto& u : units) {
    index.emplace(u.code, static_cast<int>(frame.parent.size()));
    frame.parent.push_back(u.parent);
    frame.extra_parents.push_back(u.extra_parents);
  }
  const int positions = frame.positions();
  Mass people{"cases", {}, {}};
  auto table = [&](Mass& m, std::string name, int cats) {
    m.tables.push_back(TableSpec{std::move(name), cats});
    m.counts.emplace_back(static_cast<std::size_t>(positions * cats), 0);
  };
  table(people, "sex", static_cast<int>(all_values<Sex>().size()));
  table(people, "age_group", 3);
  table(people, "ethnic_minority", 3);
  table(people, "disability", 3);
  table(people, "migrant_worker", 3);
  table(people, "intake_channel", static_cast<int>(channels.size()));
  table(people, "service", 2 * states);
  for (ViolenceType v : all_values<ViolenceType>()) table(people, "violence_type:" + std::string(to_code(v)), 2);
  for (ServiceType s : all_values<ServiceType>()) table(people, "service_type:" + std::string(to_code(s)), later + 1);
  Mass referrals{"referrals", {}, {}};
  table(referrals, "referral", 2 * (later + 1));

  auto bump = [&](Mass& m, int t, int p, int c) {
    const int cats = m.tables[static_cast<std::size_t>(t)].categories;
    ++m.counts[static_cast<std::size_t>(t)][static_cast<std::size_t>(p * cats + c)];
  };
  for (const auto& c : cases) {
    if (c.first_received_as || static_cast<int>(c.intake_date.year()) != year) continue;
    const auto unit = index.find(c.unit);
    if (unit == index.end()) continue;
    const int p = Frame::position(unit->second, static_cast<int>(static_cast<unsigned>(c.intake_date.month())) - 1);
    bump(people, t_sex, p, static_cast<int>(c.survivor.sex));
    bump(people, t_age, p, index_of(age_groups, to_code(coarse_age_group(c.survivor.age_group))));
    bump(people, t_ethnic, p, flag(c.survivor.ethnic_minority));
    bump(people, t_disability, p, flag(c.survivor.disability));
    bump(people, t_migrant, p, flag(c.survivor.migrant_worker));
    bump(people, t_channel, p, index_of(channels, channel_category(c.receiving_body, c.channel)));
    std::uint64_t types = 0;
    for (ViolenceType t : c.violence) types |= std::uint64_t{1} << static_cast<unsigned>(t);
    for (ViolenceType t : all_values<ViolenceType>()) {
      bump(people, t_violence0 + static_cast<int>(t), p, (types >> static_cast<unsigned>(t) & 1) ? 0 : 1);
    }
    std::optional<Date> first;
    std::vector<std::optional<Date>> first_of(all_values<ServiceType>().size());
    for (const auto& s : c.services) {
      if (s.outcome != ServiceOutcome::provided) continue;
      if (!first || s.date < *first) first = s.date;
      auto& f = first_of[static_cast<std::size_t>(s.type)];
      if (!f || s.date < *f) f = s.date;
    }
    int state = not_served;
    if (first && month_in(*first, year) != later) state = month_in(*first, year) * 4 + bucket(days_between(c.intake_date, *first));
    bump(people, t_service, p, (c.needs_help ? states : 0) + state);
    for (std::size_t t = 0; t < first_of.size(); ++t) {
      bump(people, service_type_table(static_cast<int>(t)), p, first_of[t] ? month_in(*first_of[t], year) : later);
    }
    for (const auto& r : c.referrals) {
      if (r.status == ReferralStatus::revoked) continue;
      bump(referrals, 0, p, (r.status == ReferralStatus::done ? later + 1 : 0) + month_in(r.date, year));
    }
  }
  return Protection(std::move(frame), {std::move(people), std::move(referrals)}, k);
}

namespace {

struct Marker {
  const Protection& family;
  int unit;
  int first;
  int last;
  const std::vector<int>& positions;  // empty: the unit's subtree × [first, last]

  Query query(int mass, int table, std::vector<int> cats) const {
    return Query{mass, table, std::move(cats), unit, first, last, positions};
  }
  // Served by the end of the period, with delay bucket `only` (or any), by need (-1 either).
  std::vector<int> served(int need, int only = -1) const {
    std::vector<int> out;
    for (int nh = 0; nh < 2; ++nh) {
      if (need >= 0 && nh != need) continue;
      for (int m = 0; m <= last; ++m) {
        for (int b = 0; b < 4; ++b) {
          if (only < 0 || b == only) out.push_back(nh * states + m * 4 + b);
        }
      }
    }
    return out;
  }
  std::vector<int> months_to_end(int offset = 0) const {
    std::vector<int> out;
    for (int m = 0; m <= last; ++m) out.push_back(offset + m);
    return out;
  }
  void mark(Count& c, const Query& q, const char* what) const {
    const auto v = family.value(q);
    if (!c.value || *c.value != v) {
      throw InternalError(std::string("disclosure control: the indicators' ") + what +
                                           " differ from the release family's (" + std::to_string(v) + ")");
    }
    if (family.withheld(q)) {
      c.value.reset();
      c.suppressed = true;
    }
  }
  void mark(Rate& r, const Query& num, const Query& den, const char* what) const {
    mark(r.numerator, num, what);
    mark(r.denominator, den, what);
    if (r.numerator.suppressed || r.denominator.suppressed) {
      r.value.reset();
      r.suppressed = true;
    }
  }
};

}  // namespace

namespace {

void control_over(const Protection& family, CaseIndicators& x, int unit_index, const std::vector<int>& positions) {
  const int year = static_cast<int>(x.period.start.year());
  if (static_cast<int>(x.period.end.year()) != year) throw InternalError("disclosure control: a period across years");
  const Marker mk{family, unit_index, static_cast<int>(static_cast<unsigned>(x.period.start.month())) - 1,
                  static_cast<int>(static_cast<unsigned>(x.period.end.month())) - 1, positions};
  for (int p : positions) {
    if (p % Frame::months < mk.first || p % Frame::months > mk.last) {
      throw InternalError("disclosure control: a position outside the period's months");
    }
  }
  const Query cases = mk.query(0, -1, {});
  const Query served = mk.query(0, t_service, mk.served(-1));
  mk.mark(x.cases, cases, "cases");
  mk.mark(x.cases_with_service, served, "cases with a service");
  mk.mark(x.service_access, served, cases, "service access");
  std::vector<int> needing;
  for (int s = 0; s < states; ++s) needing.push_back(states + s);
  mk.mark(x.help, mk.query(0, t_service, mk.served(1)), mk.query(0, t_service, needing), "help rate");
  std::vector<int> made = mk.months_to_end(0);
  for (int c : mk.months_to_end(later + 1)) made.push_back(c);
  mk.mark(x.referral_completion, mk.query(1, 0, mk.months_to_end(later + 1)), mk.query(1, 0, made), "referral completion");
  // A median or percentile speaks of single survivors: only over k or more.
  if (x.cases_with_service.suppressed || x.cases_with_service.value.value_or(0) < family.k()) {
    x.median_days_to_first_service.reset();
    x.p90_days_to_first_service.reset();
  }
  for (auto& d : x.disaggregations) {
    const bool of_served = d.name == "service_type" || d.name == "days_to_first_service";
    mk.mark(d.total, of_served ? served : cases, "disaggregation total");
    for (auto& cell : d.cells) {
      std::optional<Query> q;
      if (d.name == "violence_type") {
        if (const auto v = from_code<ViolenceType>(cell.category)) q = mk.query(0, t_violence0 + static_cast<int>(*v), {0});
      } else if (d.name == "service_type") {
        if (const auto s = from_code<ServiceType>(cell.category)) q = mk.query(0, service_type_table(static_cast<int>(*s)), mk.months_to_end());
      } else if (d.name == "days_to_first_service") {
        const int b = index_of({"0_3", "4_14", "15_30", "over_30"}, cell.category);
        if (b >= 0) q = mk.query(0, t_service, mk.served(-1, b));
      } else if (d.name == "sex") {
        if (const auto s = from_code<Sex>(cell.category)) q = mk.query(0, t_sex, {static_cast<int>(*s)});
      } else {
        static const std::map<std::string, std::pair<int, const std::vector<std::string>*>> tables{
            {"age_group", {t_age, &age_groups}},         {"ethnic_minority", {t_ethnic, &yes_no}},
            {"disability", {t_disability, &yes_no}},     {"migrant_worker", {t_migrant, &yes_no}},
            {"intake_channel", {t_channel, &channels}}};
        const auto it = tables.find(d.name);
        if (it != tables.end()) {
          const int c = index_of(*it->second.second, cell.category);
          if (c >= 0) q = mk.query(0, it->second.first, {c});
        }
      }
      if (!q) throw InternalError("disclosure control: no table for " + d.name + "/" + cell.category);
      mk.mark(cell.count, *q, "disaggregation cell");
    }
  }
  x.k = family.k();
  x.disclosure_controlled = true;
}

}  // namespace

void control(const Protection& family, CaseIndicators& x, int unit_index) { control_over(family, x, unit_index, {}); }

void control(const Protection& family, CaseIndicators& x, const std::vector<int>& positions) {
  if (positions.empty()) throw InternalError("disclosure control: no positions");
  control_over(family, x, 0, positions);
}

std::map<int, case_tally::Tally> family_tallies(const std::vector<FamilyUnit>& units, const std::vector<CaseRecord>& cases,
                                                int year) {
  std::map<std::string_view, int> index;
  for (std::size_t i = 0; i < units.size(); ++i) index.emplace(units[i].code, static_cast<int>(i));
  std::map<int, case_tally::Tally> out;
  for (const auto& c : cases) {
    if (c.first_received_as || static_cast<int>(c.intake_date.year()) != year) continue;
    const auto unit = index.find(c.unit);
    if (unit == index.end()) continue;
    out[Frame::position(unit->second, static_cast<int>(static_cast<unsigned>(c.intake_date.month())) - 1)].add(c);
  }
  return out;
}

std::vector<int> positions_of(const Protection& family, int unit_index, const Period& period) {
  const int first = static_cast<int>(static_cast<unsigned>(period.start.month())) - 1;
  const int last = static_cast<int>(static_cast<unsigned>(period.end.month())) - 1;
  std::vector<int> out;
  for (int u : family.subtree(unit_index)) {
    for (int m = first; m <= last; ++m) out.push_back(Frame::position(u, m));
  }
  return out;
}

CaseIndicators sealed_indicators(const std::map<int, case_tally::Tally>& tallies, const std::vector<int>& positions,
                                 std::string_view unit, const Period& period) {
  case_tally::Tally total;
  for (int p : distinct_positions(positions)) {
    if (const auto it = tallies.find(p); it != tallies.end()) total.merge(it->second);
  }
  // As of the period's end: what was provided or referred after it is taken back.
  const long end_day = case_tally::day_number(period.end);
  for (const auto& e : total.events) {
    if (e.day > end_day) total.retract(e);
  }
  return case_tally::indicators_of(total, unit, period, period.end);
}

CaseIndicators sealed_indicators(const Protection& family, const std::vector<FamilyUnit>& units,
                                 const std::map<int, case_tally::Tally>& tallies, int unit_index, const Period& period) {
  return sealed_indicators(tallies, positions_of(family, unit_index, period), units.at(static_cast<std::size_t>(unit_index)).code,
                           period);
}

std::vector<FamilyUnit> family_units(std::string_view root, const std::vector<UnitLinks>& links) {
  std::map<std::string, const UnitLinks*> rows;
  for (const auto& l : links) rows.emplace(l.code, &l);
  std::map<std::string, std::vector<std::string>> children;
  auto in = [&](const std::optional<std::string>& c) { return c && rows.count(*c) != 0; };
  for (const auto& [code, r] : rows) {
    if (code == root) continue;
    const auto& tree = in(r->successor) ? r->successor : r->parent;
    if (tree && (rows.count(*tree) != 0)) children[*tree].push_back(code);
  }
  std::vector<FamilyUnit> out;
  std::map<std::string, int> index;
  std::vector<std::string> queue{std::string(root)};
  out.push_back({std::string(root), -1, {}});
  index[std::string(root)] = 0;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    for (const auto& child : children[queue[i]]) {
      if (index.count(child)) continue;
      index[child] = static_cast<int>(out.size());
      out.push_back({child, index[queue[i]], {}});
      queue.push_back(child);
    }
  }
  for (auto& u : out) {
    if (u.parent < 0) continue;
    const UnitLinks& r = *rows.at(u.code);
    for (const auto& other : {r.parent, r.successor}) {
      if (other && index.count(*other) && index[*other] != u.parent) u.extra_parents.push_back(index[*other]);
    }
  }
  return out;
}

}  // namespace disclosure
}  // namespace v1
}  // namespace kehoach
