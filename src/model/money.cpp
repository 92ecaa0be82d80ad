#include <kehoach/error.hpp>
#include <kehoach/money.hpp>

namespace kehoach {
inline namespace v1 {

Dong& Dong::operator+=(Dong other) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(amount_, other.amount_, &r)) {
    throw InvalidArgument("amount overflow: " + std::to_string(amount_) + " + " +
                          std::to_string(other.amount_) + " đồng does not fit in 64 bits");
  }
  amount_ = r;
  return *this;
}

Dong& Dong::operator-=(Dong other) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(amount_, other.amount_, &r)) {
    throw InvalidArgument("amount overflow: " + std::to_string(amount_) + " - " +
                          std::to_string(other.amount_) + " đồng does not fit in 64 bits");
  }
  amount_ = r;
  return *this;
}

}  // namespace v1
}  // namespace kehoach
