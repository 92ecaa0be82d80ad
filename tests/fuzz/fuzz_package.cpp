// Aggregate report package import, into a store with a small tree.
#include <kehoach/store.hpp>

#include "fuzz_support.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kehoach::Store store = [] {
    auto s = kehoach::Store::open(":memory:");
    const std::vector<kehoach::AdministrativeUnit> units{
        {"86", "Tỉnh", kehoach::Level::province, {}, {}, {}, {}},
        {"00001", "Xã", kehoach::Level::commune, "86", {}, {}, {}}};
    s.import_units(units);
    return s;
  }();
  static const kehoach::Principal officer{"fuzz", kehoach::Role::officer, "86", false};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  kehoach::fuzz::expect_no_surprise([&] { store.import_package(officer, text); });
  kehoach::fuzz::expect_no_surprise([&] {
    (void)store.rolled_up_packages(officer, "86", kehoach::parse_period("2025"));
  });
  return 0;
}
