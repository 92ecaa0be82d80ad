#include <kehoach/error.hpp>
#include <kehoach/money.hpp>

#include <catch2/catch.hpp>

#include <limits>

using namespace kehoach;

TEST_CASE("Money is whole đồng with overflow detected", "[model][money]") {
  const auto max = std::numeric_limits<std::int64_t>::max();
  const auto min = std::numeric_limits<std::int64_t>::min();
  CHECK((Dong{1'000'000} + Dong{500}).value() == 1'000'500);
  CHECK((Dong{5} - Dong{7}).value() == -2);
  CHECK_THROWS_AS(Dong{max} + Dong{1}, InvalidArgument);
  CHECK_THROWS_WITH(Dong{max} + Dong{1}, Catch::Contains("overflow"));
  CHECK_THROWS_AS(Dong{min} - Dong{1}, InvalidArgument);
  Dong total{max - 1};
  total += Dong{1};
  CHECK(total.value() == max);
  CHECK(Dong{1} < Dong{2});
}
