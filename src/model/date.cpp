#include <kehoach/date.hpp>
#include <kehoach/error.hpp>
#include <kehoach/reporting.hpp>
#include <kehoach/event.hpp>


#include <cctype>
#include <sstream>
#include <string>

namespace kehoach {
inline namespace v1 {
namespace {

using namespace std::string_literals;

[[noreturn]] void bad_date(std::string_view text, const std::string& why) {
  throw ParseError("", "'" + std::string(text) + "' is not a valid date: " + why);
}

Date make_date(std::string_view text, long y, long m, long d) {
  if (y < min_year || y > max_year) {
    bad_date(text, "year " + std::to_string(y) + " is out of range " + std::to_string(min_year) +
                       "–" + std::to_string(max_year));
  }
  if (m < 1 || m > 12) bad_date(text, "month " + std::to_string(m) + " does not exist");
  Date date{std::chrono::year{static_cast<int>(y)}, std::chrono::month{static_cast<unsigned>(m)},
            std::chrono::day{static_cast<unsigned>(d < 0 || d > 99 ? 99 : d)}};
  if (!date.ok()) {
    bad_date(text, "day " + std::to_string(d) + " does not exist in month " + std::to_string(m) +
                       " of " + std::to_string(y));
  }
  return date;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A tiny scanner over ASCII digits, separators and the Vietnamese words of the long form.
struct Scanner {
  std::string_view s;
  std::size_t i = 0;

  void skip_spaces() {
    while (i < s.size() && is_space(s[i])) ++i;
  }
  bool at_end() {
    skip_spaces();
    return i >= s.size();
  }
  bool word(std::string_view w) {
    skip_spaces();
    if (s.substr(i, w.size()) == w) {
      i += w.size();
      return true;
    }
    return false;
  }
  std::optional<long> number() {
    skip_spaces();
    std::size_t start = i;
    long v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 5) {
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == start || (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))) {
      i = start;
      return std::nullopt;
    }
    return v;
  }
  bool separator() {
    skip_spaces();
    if (i < s.size() && (s[i] == '/' || s[i] == '-' || s[i] == '.')) {
      ++i;
      return true;
    }
    return false;
  }
};

}  // namespace

Date parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    bad_date(text, "expected YYYY-MM-DD");
  }
  for (std::size_t k : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[k]))) bad_date(text, "expected YYYY-MM-DD");
  }
  // Hot when reading stores: the digits are checked above, so the fields are
  // read by hand; make_date refuses impossible days and says which part is wrong.
  const auto field = [&](std::size_t pos, std::size_t len) {
    long v = 0;
    for (std::size_t k = pos; k < pos + len; ++k) v = v * 10 + (text[k] - '0');
    return v;
  };
  const Date checked = make_date(text, field(0, 4), field(5, 2), field(8, 2));
  return checked;
}

std::string format_iso_date(Date d) {
  // Hot in bulk writes: formatted by hand rather than through a stream.
  const int y = static_cast<int>(d.year());
  const unsigned m = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
  if (y < 0 || y > 9999 || !d.ok()) {
    throw InvalidArgument("cannot format an invalid date as YYYY-MM-DD");
  }
  std::string out(10, '-');
  out[0] = static_cast<char>('0' + y / 1000);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

Date parse_vietnamese_date(std::string_view text, std::optional<int> default_year) {
  Scanner sc{text};
  if (!sc.word("ngày")) sc.word("Ngày");
  auto first = sc.number();
  if (!first) bad_date(text, "expected a day such as 16/3/2021 or ngày 16 tháng 3 năm 2021");
  // ISO form.
  if (*first >= 1000) {
    if (!sc.separator()) bad_date(text, "expected YYYY-MM-DD");
    auto m = sc.number();
    if (!m || !sc.separator()) bad_date(text, "expected YYYY-MM-DD");
    auto d = sc.number();
    if (!d || !sc.at_end()) bad_date(text, "expected YYYY-MM-DD");
    return make_date(text, *first, *m, *d);
  }
  long day = *first;
  std::optional<long> month;
  std::optional<long> year;
  if (sc.word("tháng")) {
    month = sc.number();
    if (!month) bad_date(text, "expected a month after 'tháng'");
    if (sc.word("năm")) {
      year = sc.number();
      if (!year) bad_date(text, "expected a year after 'năm'");
    }
  } else {
    if (!sc.separator()) bad_date(text, "expected day/month/year");
    month = sc.number();
    if (!month) bad_date(text, "expected a month after the day");
    if (sc.separator()) {
      year = sc.number();
      if (!year) bad_date(text, "expected a year after the month");
    }
  }
  if (!sc.at_end()) bad_date(text, "unexpected text after the date");
  if (!year) {
    if (!default_year) bad_date(text, "the year is missing");
    year = *default_year;
  }
  return make_date(text, *year, *month, day);
}

std::string format_vietnamese_date(Date d) {
  return std::to_string(static_cast<unsigned>(d.day())) + "/" +
         std::to_string(static_cast<unsigned>(d.month())) + "/" +
         std::to_string(static_cast<int>(d.year()));
}

Date today_in_vietnam() {
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours{7})};
}

bool is_valid_day_month(unsigned day, unsigned month) noexcept {
  // 2000 is a leap year, so 29/2 counts as existing.
  return month >= 1 && month <= 12 &&
         Date{std::chrono::year{2000}, std::chrono::month{month}, std::chrono::day{day}}.ok();
}

long days_between(Date from, Date to) noexcept {
  return static_cast<long>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

Date on_year(DayMonth dm, int year) {
  Date d{std::chrono::year{year}, std::chrono::month{dm.month}, std::chrono::day{dm.day}};
  if (!d.ok() || year < min_year || year > max_year) {
    throw ParseError("", std::to_string(dm.day) + "/" + std::to_string(dm.month) +
                             " does not exist in " + std::to_string(year));
  }
  return d;
}

int periods_per_year(PeriodType type) noexcept {
  switch (type) {
    case PeriodType::year: return 1;
    case PeriodType::half_year: return 2;
    case PeriodType::quarter: return 4;
    case PeriodType::month: return 12;
  }
  return 1;
}

Period period_of(PeriodType type, int year, int index) {
  const int n = periods_per_year(type);
  if (index < 1 || index > n) {
    throw InvalidArgument("period index " + std::to_string(index) + " is out of range 1–" +
                          std::to_string(n));
  }
  if (year < min_year || year > max_year) {
    throw InvalidArgument("year " + std::to_string(year) + " is out of range");
  }
  const unsigned months = static_cast<unsigned>(12 / n);
  const unsigned first = static_cast<unsigned>(index - 1) * months + 1;
  const std::chrono::year y{year};
  const Date start{y, std::chrono::month{first}, std::chrono::day{1}};
  const Date end{std::chrono::year_month_day_last{
      y, std::chrono::month_day_last{std::chrono::month{first + months - 1}}}};
  return {start, end};
}

Period parse_period(std::string_view text) {
  auto bad = [&](const std::string& why) -> Period {
    throw ParseError("", "'" + std::string(text) + "' is not a valid period: " + why);
  };
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    Period p{parse_iso_date(text.substr(0, slash)), parse_iso_date(text.substr(slash + 1))};
    if (p.end < p.start) return bad("it ends before it starts");
    return p;
  }
  if (text.size() < 4) return bad("expected 2025, 2025H1, 2025Q3, 2025-07 or start/end");
  for (std::size_t k = 0; k < 4; ++k) {
    if (!std::isdigit(static_cast<unsigned char>(text[k]))) return bad("expected a year first");
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  if (year < min_year || year > max_year) return bad("the year is out of range");
  const auto rest = text.substr(4);
  if (rest.empty()) return period_of(PeriodType::year, year, 1);
  if (rest.size() == 2 && (rest[0] == 'H' || rest[0] == 'Q') &&
      std::isdigit(static_cast<unsigned char>(rest[1]))) {
    const PeriodType t = rest[0] == 'H' ? PeriodType::half_year : PeriodType::quarter;
    const int index = rest[1] - '0';
    if (index < 1 || index > periods_per_year(t)) return bad("no such half-year or quarter");
    return period_of(t, year, index);
  }
  if (rest.size() == 3 && rest[0] == '-' && std::isdigit(static_cast<unsigned char>(rest[1])) &&
      std::isdigit(static_cast<unsigned char>(rest[2]))) {
    const int month = (rest[1] - '0') * 10 + (rest[2] - '0');
    if (month < 1 || month > 12) return bad("no such month");
    return period_of(PeriodType::month, year, month);
  }
  return bad("expected 2025, 2025H1, 2025Q3, 2025-07 or start/end");
}

Date deadline_date(const Deadline& deadline, const Period& period) {
  return on_year(deadline.day_month, static_cast<int>(period.start.year()) + deadline.year_offset);
}

bool on_time(DeadlineRule rule, Date submitted, Date due) noexcept {
  return rule == DeadlineRule::before ? submitted < due : submitted <= due;
}

Period occurrence(const RecurringEvent& event, int year) {
  const Date start = on_year(event.start, year);
  Date end = on_year(event.end, year);
  if (end < start) end = on_year(event.end, year + 1);
  return {start, end};
}

}  // namespace v1
}  // namespace kehoach
