#pragma once

#include <kehoach/export.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kehoach {
inline namespace v1 {

/// A calendar day: no time of day, no time zone.
using Date = std::chrono::year_month_day;

/// The years the library accepts in any date. Anything outside is rejected
/// as out of range rather than stored.
inline constexpr int min_year = 1900;
inline constexpr int max_year = 2199;

/// Parses a strict ISO 8601 calendar date, `YYYY-MM-DD`. Throws ParseError
/// (with an empty path) naming what is wrong: the shape, 31/02, a year out of
/// range.
KEHOACH_API Date parse_iso_date(std::string_view text);

/// `YYYY-MM-DD`.
KEHOACH_API std::string format_iso_date(Date date);

/// Parses a date as Vietnamese documents write it: `16/3/2021`,
/// `28/12/ 2020`, `16-3-2021`, `16.3.2021`, `ngày 16 tháng 3 năm 2021`, with
/// or without a leading "ngày", and ISO `2021-03-16`. A day and month without
/// a year (`20/11`) take `default_year` when one is given. Throws ParseError
/// when the text is not such a date or names a day that does not exist.
KEHOACH_API Date parse_vietnamese_date(std::string_view text,
                                       std::optional<int> default_year = std::nullopt);

/// `16/3/2021`, the short form Vietnamese documents use.
KEHOACH_API std::string format_vietnamese_date(Date date);

/// Today in Viet Nam (UTC+7), the date after which a date lies in the future.
KEHOACH_API Date today_in_vietnam();

/// True when `day`/`month` exists in at least one year (29/2 does; 31/4 does not).
KEHOACH_API bool is_valid_day_month(unsigned day, unsigned month) noexcept;

/// `to - from` in days.
KEHOACH_API long days_between(Date from, Date to) noexcept;

/// A day and month without a year, e.g. the start of the Action Month, 15/11.
struct DayMonth {
  unsigned day = 1;
  unsigned month = 1;
  friend bool operator==(const DayMonth&, const DayMonth&) = default;
};

/// The date of `day_month` in `year`. Throws ParseError when that day does not
/// exist in that year (29/2 of a common year).
KEHOACH_API Date on_year(DayMonth day_month, int year);

/// A closed range of days.
struct Period {
  Date start{};
  Date end{};
  friend bool operator==(const Period&, const Period&) = default;
  bool contains(Date d) const noexcept { return start <= d && d <= end; }
};

/// Parses a period: a year `2025`, a half-year `2025H1`/`2025H2`, a quarter
/// `2025Q3`, a month `2025-07`, or explicit days `2025-01-01/2025-03-31`.
KEHOACH_API Period parse_period(std::string_view text);

/// The kinds of reporting and plan periods.
enum class PeriodType { year, half_year, quarter, month };

/// The `index`-th (1-based) period of type `type` within `year`: half-year 1
/// is 1/1–30/6. Throws InvalidArgument when the index is out of range.
KEHOACH_API Period period_of(PeriodType type, int year, int index);

/// How many periods of `type` a year holds (1, 2, 4, 12).
KEHOACH_API int periods_per_year(PeriodType type) noexcept;

}  // namespace v1
}  // namespace kehoach
