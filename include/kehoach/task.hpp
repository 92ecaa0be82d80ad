#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// A yearly obligation: due on `day`/`month` of every year from `from_year`
/// to `to_year` (each defaults to the plan period's first and last year).
struct YearlyRecurrence {
  DayMonth due;
  std::optional<int> from_year;
  std::optional<int> to_year;

  friend bool operator==(const YearlyRecurrence&, const YearlyRecurrence&) = default;
};

/// A node of a plan's task tree (*nhiệm vụ*): a numbered group or one of its
/// bullet items. The tree is flat and linked by `parent`; siblings keep the
/// order of the document.
struct Task {
  std::string id;
  std::optional<std::string> parent;
  std::string section;  ///< the path as printed: `III.1`, bullets `III.1.3`
  std::string title;
  std::optional<std::string> text;
  std::optional<std::string> lead;  ///< agency id; a leaf without one inherits its nearest ancestor's
  std::vector<std::string> collaborators;
  std::optional<Date> due;
  std::optional<YearlyRecurrence> recurrence;
  TaskStatus status = TaskStatus::planned;
  std::optional<double> progress;  ///< 0–100
  std::optional<Date> completed_on;
  std::optional<double> weight;  ///< weight among its siblings, default 1

  friend bool operator==(const Task&, const Task&) = default;
};

}  // namespace v1
}  // namespace kehoach
