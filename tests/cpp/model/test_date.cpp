#include <kehoach/date.hpp>
#include <kehoach/error.hpp>
#include <kehoach/event.hpp>
#include <kehoach/reporting.hpp>

#include <catch2/catch.hpp>

using namespace kehoach;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

namespace {
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }
}  // namespace

TEST_CASE("ISO dates are parsed strictly and formatted back", "[model][date]") {
  CHECK(parse_iso_date("2021-03-16") == ymd(2021, 3, 16));
  CHECK(format_iso_date(ymd(2021, 3, 16)) == "2021-03-16");
  CHECK(parse_iso_date("2024-02-29") == ymd(2024, 2, 29));
  CHECK_THROWS_WITH(parse_iso_date("2021-02-31"), Catch::Contains("day 31 does not exist in month 2"));
  CHECK_THROWS_WITH(parse_iso_date("2023-02-29"), Catch::Contains("does not exist"));
  CHECK_THROWS_WITH(parse_iso_date("2021-13-01"), Catch::Contains("month 13 does not exist"));
  CHECK_THROWS_WITH(parse_iso_date("1899-12-31"), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(parse_iso_date("2200-01-01"), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(parse_iso_date("16/3/2021"), Catch::Contains("expected YYYY-MM-DD"));
  CHECK_THROWS_AS(parse_iso_date("2021-3-16"), ParseError);
  CHECK_THROWS_AS(parse_iso_date(""), ParseError);
  CHECK_THROWS_AS(parse_iso_date("2021-03-16T00"), ParseError);
}

TEST_CASE("Vietnamese date forms from real documents are read", "[model][date]") {
  CHECK(parse_vietnamese_date("16/3/2021") == ymd(2021, 3, 16));
  CHECK(parse_vietnamese_date("28/12/ 2020") == ymd(2020, 12, 28));
  CHECK(parse_vietnamese_date("ngày 16 tháng 3 năm 2021") == ymd(2021, 3, 16));
  CHECK(parse_vietnamese_date("Ngày 06/4/2026") == ymd(2026, 4, 6));
  CHECK(parse_vietnamese_date("16-3-2021") == ymd(2021, 3, 16));
  CHECK(parse_vietnamese_date("16.3.2021") == ymd(2021, 3, 16));
  CHECK(parse_vietnamese_date("2021-03-16") == ymd(2021, 3, 16));
  SECTION("a day and month take the given year") {
    CHECK(parse_vietnamese_date("20/11", 2026) == ymd(2026, 11, 20));
    CHECK(parse_vietnamese_date("ngày 15 tháng 12", 2023) == ymd(2023, 12, 15));
    CHECK_THROWS_WITH(parse_vietnamese_date("20/11"), Catch::Contains("the year is missing"));
  }
  SECTION("invalid dates are rejected with a clear message") {
    CHECK_THROWS_WITH(parse_vietnamese_date("31/02/2021"), Catch::Contains("day 31 does not exist in month 2"));
    CHECK_THROWS_WITH(parse_vietnamese_date("ngày 30 tháng 2 năm 2024"), Catch::Contains("does not exist"));
    CHECK_THROWS_WITH(parse_vietnamese_date("1/13/2021"), Catch::Contains("month 13"));
    CHECK_THROWS_WITH(parse_vietnamese_date("hôm qua"), Catch::Contains("is not a valid date"));
    CHECK_THROWS_WITH(parse_vietnamese_date("16/3/2021 sáng"), Catch::Contains("unexpected text"));
    CHECK_THROWS_AS(parse_vietnamese_date("16/3/99999"), ParseError);
    CHECK_THROWS_AS(parse_vietnamese_date(""), ParseError);
  }
  CHECK(format_vietnamese_date(ymd(2021, 3, 16)) == "16/3/2021");
}

TEST_CASE("Periods: years, half-years, quarters, months and explicit ranges", "[model][date]") {
  CHECK(parse_period("2025") == Period{ymd(2025, 1, 1), ymd(2025, 12, 31)});
  CHECK(parse_period("2025H1") == Period{ymd(2025, 1, 1), ymd(2025, 6, 30)});
  CHECK(parse_period("2025H2") == Period{ymd(2025, 7, 1), ymd(2025, 12, 31)});
  CHECK(parse_period("2025Q3") == Period{ymd(2025, 7, 1), ymd(2025, 9, 30)});
  CHECK(parse_period("2024-02") == Period{ymd(2024, 2, 1), ymd(2024, 2, 29)});
  CHECK(parse_period("2025-01-01/2025-03-31") == Period{ymd(2025, 1, 1), ymd(2025, 3, 31)});
  CHECK_THROWS_AS(parse_period("2025H3"), ParseError);
  CHECK_THROWS_AS(parse_period("2025Q5"), ParseError);
  CHECK_THROWS_AS(parse_period("2025-13"), ParseError);
  CHECK_THROWS_WITH(parse_period("2025-03-31/2025-01-01"), Catch::Contains("ends before it starts"));
  CHECK_THROWS_AS(parse_period("abcd"), ParseError);
  CHECK(period_of(PeriodType::quarter, 2025, 4) == Period{ymd(2025, 10, 1), ymd(2025, 12, 31)});
  CHECK(periods_per_year(PeriodType::month) == 12);
  CHECK_THROWS_AS(period_of(PeriodType::half_year, 2025, 3), InvalidArgument);
  CHECK(Period{ymd(2025, 1, 1), ymd(2025, 6, 30)}.contains(ymd(2025, 6, 30)));
  CHECK_FALSE(Period{ymd(2025, 1, 1), ymd(2025, 6, 30)}.contains(ymd(2025, 7, 1)));
}

TEST_CASE("Deadlines: 'before' is strict, 'by' includes the day", "[model][date]") {
  const Deadline before_20_11{DeadlineRule::before, {20, 11}, 0};
  const Date due = deadline_date(before_20_11, parse_period("2026"));
  CHECK(due == ymd(2026, 11, 20));
  CHECK(on_time(DeadlineRule::before, ymd(2026, 11, 19), due));
  CHECK_FALSE(on_time(DeadlineRule::before, ymd(2026, 11, 20), due));
  CHECK(on_time(DeadlineRule::by, ymd(2026, 11, 20), due));
  CHECK_FALSE(on_time(DeadlineRule::by, ymd(2026, 11, 21), due));
  const Deadline next_year{DeadlineRule::by, {15, 1}, 1};
  CHECK(deadline_date(next_year, parse_period("2025H2")) == ymd(2026, 1, 15));
  CHECK_THROWS_AS(deadline_date(Deadline{DeadlineRule::by, {29, 2}, 0}, parse_period("2025")), ParseError);
}

TEST_CASE("Recurring events: the Action Month each year, and ranges that cross a year", "[model][date]") {
  const RecurringEvent action_month{"thang", "Tháng hành động", {15, 11}, {15, 12}, {}, {}, {}};
  CHECK(occurrence(action_month, 2023) == Period{ymd(2023, 11, 15), ymd(2023, 12, 15)});
  const RecurringEvent crossing{"tet", "Tết", {15, 12}, {15, 1}, {}, {}, {}};
  CHECK(occurrence(crossing, 2023) == Period{ymd(2023, 12, 15), ymd(2024, 1, 15)});
  CHECK(is_valid_day_month(29, 2));
  CHECK_FALSE(is_valid_day_month(31, 4));
  CHECK_FALSE(is_valid_day_month(1, 0));
  CHECK(days_between(ymd(2023, 12, 31), ymd(2024, 3, 1)) == 61);
}
