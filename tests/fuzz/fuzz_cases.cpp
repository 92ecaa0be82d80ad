// Case import, JSON and CSV (the first byte chooses). Property: accepted cases
// survive the round trip through the same format.
#include <kehoach/cases.hpp>

#include "fuzz_support.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool csv = data[0] & 1;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  kehoach::fuzz::expect_no_surprise([&] {
    const auto cases = csv ? kehoach::read_cases_csv(text) : kehoach::read_cases_json(text);
    for (const auto& c : cases) (void)kehoach::validate_case(c, kehoach::parse_iso_date("2026-11-25"));
    const auto again = csv ? kehoach::read_cases_csv(kehoach::write_cases_csv(cases))
                           : kehoach::read_cases_json(kehoach::write_cases_json(cases));
    kehoach::fuzz::require(again == cases, "cases survive the round trip");
  });
  return 0;
}
