#pragma once

#include <kehoach/enums.hpp>
#include <kehoach/money.hpp>

#include <optional>
#include <string>

namespace kehoach {
inline namespace v1 {

/// A source of money named by a plan (*Kinh phí*).
struct FundingSource {
  std::string id;
  FundingKind kind = FundingKind::state_budget;
  std::optional<std::string> description;

  friend bool operator==(const FundingSource&, const FundingSource&) = default;
};

/// One year's funding from one source, as the national domestic-violence
/// database records it (Nghị định 110/2025/NĐ-CP): the amount and, within it,
/// the amounts for ethnic-minority and mountainous areas and for areas in
/// extreme difficulty.
struct AnnualFunding {
  int year = 0;
  std::string source;  ///< funding source id
  Dong amount;
  std::optional<Dong> ethnic_minority_mountainous;
  std::optional<Dong> extreme_difficulty;

  friend bool operator==(const AnnualFunding&, const AnnualFunding&) = default;
};

}  // namespace v1
}  // namespace kehoach
