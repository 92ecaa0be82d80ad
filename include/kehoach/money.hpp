#pragma once

#include <kehoach/export.hpp>

#include <compare>
#include <cstdint>

namespace kehoach {
inline namespace v1 {

/// An amount of money in whole đồng. Arithmetic is checked: an overflow
/// throws InvalidArgument instead of wrapping.
class KEHOACH_API Dong {
 public:
  constexpr Dong() noexcept = default;
  constexpr explicit Dong(std::int64_t amount) noexcept : amount_(amount) {}
  constexpr std::int64_t value() const noexcept { return amount_; }

  Dong& operator+=(Dong other);
  Dong& operator-=(Dong other);
  friend Dong operator+(Dong a, Dong b) { return a += b; }
  friend Dong operator-(Dong a, Dong b) { return a -= b; }
  friend constexpr auto operator<=>(Dong, Dong) noexcept = default;

 private:
  std::int64_t amount_ = 0;
};

}  // namespace v1
}  // namespace kehoach
