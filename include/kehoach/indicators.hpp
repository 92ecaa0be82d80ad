#pragma once

// Case indicators (METRICS.md §5) with disclosure control (§7), and the
// aggregate report packages that carry them upward (§6).

#include <kehoach/date.hpp>
#include <kehoach/export.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// A count; withheld (value empty, `suppressed`) when disclosure control says so.
struct Count {
  std::optional<std::int64_t> value;
  bool suppressed = false;
  friend bool operator==(const Count&, const Count&) = default;
};

/// A rate in percent (0–100) with its numerator and denominator. A
/// denominator of 0 gives no value (not 0).
struct Rate {
  Count numerator;
  Count denominator;
  std::optional<double> value;
  bool suppressed = false;
  friend bool operator==(const Rate&, const Rate&) = default;
};

struct Cell {
  std::string category;  ///< a code: `female`, `under_16`, `hotline`, `0_3`, …
  Count count;
  friend bool operator==(const Cell&, const Cell&) = default;
};

/// One breakdown of the cases. For multi-valued breakdowns (violence type,
/// service type) the cells need not add up to the total.
struct Disaggregation {
  std::string name;  ///< `violence_type`, `sex`, `age_group`, …
  std::vector<Cell> cells;
  Count total;
  friend bool operator==(const Disaggregation&, const Disaggregation&) = default;
};

/// The case indicators of a unit's subtree for cases whose intake date lies in
/// `period`, as of `as_of`.
struct KEHOACH_API CaseIndicators {
  std::string unit;
  Period period;
  Date as_of{};
  bool disclosure_controlled = false;  ///< primary and secondary suppression applied
  int k = 5;                           ///< the threshold used
  bool incomplete = false;             ///< rolled up from packages with withheld cells
  /// The day whose units `unit` is one of (decision 0021); none: the tree as
  /// recorded. Packages are never by boundaries.
  std::optional<Date> boundaries;
  Count cases;
  Rate service_access;       ///< cases with a service delivered on or before as_of / cases
  Rate help;                 ///< needing help with a service / needing help
  Rate referral_completion;  ///< referrals done / referrals made (revoked ones left out)
  Count cases_with_service;
  std::optional<double> median_days_to_first_service;
  std::optional<double> p90_days_to_first_service;
  std::vector<Disaggregation> disaggregations;
  friend bool operator==(const CaseIndicators&, const CaseIndicators&) = default;

  const Disaggregation* find(std::string_view name) const noexcept;
};

/// The smallest threshold the store applies to anything released outside a
/// unit's case workers: a caller may ask for a larger k, never a smaller one.
inline constexpr int minimum_disclosure_k = 5;

/// `numerator` as a percent of `denominator`; nothing when the denominator is
/// not above 0 (a ratio with denominator 0 has no value, not 0).
KEHOACH_API std::optional<double> percent_of(double numerator, double denominator) noexcept;

/// A rate from two counts, its value by percent_of.
KEHOACH_API Rate make_rate(std::int64_t numerator, std::int64_t denominator);

/// Disclosure control settings (METRICS.md §7).
struct DisclosureOptions {
  int k = 5;  ///< counts 1..k-1 are withheld; released output raises a smaller k to minimum_disclosure_k and refuses a larger one (decision 0014)
};

/// Applies primary and secondary suppression to `indicators` in place.
KEHOACH_API void apply_disclosure_control(CaseIndicators& indicators, const DisclosureOptions& options = {});

/// The indicators as JSON (the names of METRICS.md), and back.
KEHOACH_API std::string write_indicators_json(const CaseIndicators& indicators);

}  // namespace v1
}  // namespace kehoach
