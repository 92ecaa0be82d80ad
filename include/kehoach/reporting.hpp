#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// When a report for a period is due: "trước ngày 20/11" is rule `before`,
/// day 20, month 11, in the period's year (`year_offset` 0); a report due in
/// the following year has `year_offset` 1.
struct Deadline {
  DeadlineRule rule = DeadlineRule::before;
  DayMonth day_month;
  int year_offset = 0;

  friend bool operator==(const Deadline&, const Deadline&) = default;
};

/// Who reports to whom, for which periods, by when (*Chế độ báo cáo*).
struct ReportingDuty {
  std::string id;
  std::vector<std::string> reporters;  ///< agency ids
  std::string recipient;               ///< agency id
  std::optional<std::string> via;      ///< agency id that collects (*thông qua*)
  PeriodType period = PeriodType::year;
  std::vector<int> sub_periods;  ///< which halves/quarters/months are due; empty = all
  std::optional<Deadline> deadline;  ///< none when the document says only "theo quy định"
  std::optional<std::string> as_written;

  friend bool operator==(const ReportingDuty&, const ReportingDuty&) = default;
};

/// The day a report for `period` is due under `deadline`. Throws ParseError
/// when that day does not exist in that year.
KEHOACH_API Date deadline_date(const Deadline& deadline, const Period& period);

/// True when a report submitted on `submitted` meets `deadline` due on `due`.
KEHOACH_API bool on_time(DeadlineRule rule, Date submitted, Date due) noexcept;

}  // namespace v1
}  // namespace kehoach
