#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// A point on a target's path: "đến năm 2023 tối thiểu 40%" is dated
/// 31/12/2023 with value 40. An open-ended last milestone ("từ năm 2025 trở
/// đi") holds for every date after it.
struct Milestone {
  Date date{};
  double value = 0;
  bool open_ended = false;
  std::optional<std::string> as_written;

  friend bool operator==(const Milestone&, const Milestone&) = default;
};

/// Where a target starts from.
struct Baseline {
  double value = 0;
  Date date{};

  friend bool operator==(const Baseline&, const Baseline&) = default;
};

/// One measurable indicator of a plan (*chỉ tiêu*). A printed item that holds
/// two indicators (seed 001, item d) is two Targets with the same `code` and
/// `indicator` 1 and 2.
struct Target {
  std::string id;
  std::string code;  ///< the item as printed: `1`, `a`, `đ`
  int indicator = 1;
  std::string description;
  std::optional<std::string> source_text;  ///< the sentence as printed, slips kept
  Comparator comparator = Comparator::at_least;
  TargetUnit unit = TargetUnit::percent;
  std::optional<Baseline> baseline;
  std::vector<Milestone> milestones;  ///< strictly increasing dates; the last is the final target

  friend bool operator==(const Target&, const Target&) = default;
};

/// True when `x` meets `v` under `comparator` (x >= v for at least, x <= v for at most).
KEHOACH_API bool meets(Comparator comparator, double x, double v) noexcept;

}  // namespace v1
}  // namespace kehoach
