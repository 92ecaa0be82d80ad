// The date, period and document-number parsers.
#include <kehoach/date.hpp>
#include <kehoach/document_number.hpp>

#include "fuzz_support.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  using kehoach::fuzz::expect_no_surprise;
  expect_no_surprise([&] {
    const auto d = kehoach::parse_vietnamese_date(text, 2025);
    kehoach::fuzz::require(d.ok(), "a parsed date exists");
    kehoach::fuzz::require(kehoach::parse_iso_date(kehoach::format_iso_date(d)) == d, "ISO round trip");
  });
  expect_no_surprise([&] { (void)kehoach::parse_iso_date(text); });
  expect_no_surprise([&] {
    const auto p = kehoach::parse_period(text);
    kehoach::fuzz::require(!(p.end < p.start), "a period does not end before it starts");
  });
  expect_no_surprise([&] { (void)kehoach::parse_document_number(text); });
  return 0;
}
