// The plan document reader. Property: what it accepts survives the round trip
// (read, write, read, write gives equal plans and equal text).
#include <kehoach/document.hpp>

#include "fuzz_support.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  kehoach::fuzz::expect_no_surprise([&] {
    const auto first = kehoach::read_plan_json(text);
    const std::string written = kehoach::write_plan_json(first.plan);
    const auto second = kehoach::read_plan_json(written);
    kehoach::fuzz::require(second.plan == first.plan, "read(write(plan)) == plan");
    kehoach::fuzz::require(kehoach::write_plan_json(second.plan) == written, "write is canonical");
  });
  return 0;
}
