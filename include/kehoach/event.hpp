#pragma once

#include <kehoach/date.hpp>

#include <optional>
#include <string>

namespace kehoach {
inline namespace v1 {

/// A yearly event a plan organises, such as the Action Month for gender
/// equality and GBV, 15/11–15/12. Years default to the plan period.
struct RecurringEvent {
  std::string id;
  std::string name;
  DayMonth start;
  DayMonth end;
  std::optional<int> from_year;
  std::optional<int> to_year;
  std::optional<std::string> as_written;

  friend bool operator==(const RecurringEvent&, const RecurringEvent&) = default;
};

/// The days the event covers in `year`; an event whose end precedes its start
/// (e.g. 15/12–15/1) ends in the following year.
KEHOACH_API Period occurrence(const RecurringEvent& event, int year);

}  // namespace v1
}  // namespace kehoach
