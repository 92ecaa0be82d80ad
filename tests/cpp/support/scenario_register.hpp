#pragma once

// The register of the boundary scenarios (issue 17, decision 0021), shared by
// the plan roll-ups (store/test_boundaries.cpp) and the case releases
// (cases/test_case_boundaries.cpp).

#include <kehoach/kehoach.hpp>

namespace kehoach::test {

// The register of the scenario. Before 1 July 2025: province 80 (district 800:
// communes 08001 and 08002) and province 86 (district 860: commune 08601). On
// that day 80 and 86 became the larger 86; 08002 was divided between 08001
// and 08601, which kept their codes with the province as parent.
inline UnitRegister scenario_register() {
  const auto end = parse_iso_date("2025-06-30"), start = parse_iso_date("2025-07-01");
  return UnitRegister{
      {UnitVersion{"80", "Tỉnh Cũ", Level::province, std::nullopt, std::nullopt, end},
       UnitVersion{"86", "Tỉnh Sông", Level::province, std::nullopt, std::nullopt, end},
       UnitVersion{"86", "Tỉnh Sông Lớn", Level::province, std::nullopt, start, std::nullopt},
       UnitVersion{"800", "Huyện Đông", Level::district, "80", std::nullopt, end},
       UnitVersion{"860", "Huyện Tây", Level::district, "86", std::nullopt, end},
       UnitVersion{"08001", "Xã Một", Level::commune, "800", std::nullopt, end},
       UnitVersion{"08002", "Xã Hai", Level::commune, "800", std::nullopt, end},
       UnitVersion{"08601", "Xã Ba", Level::commune, "860", std::nullopt, end},
       UnitVersion{"08001", "Xã Một Hai", Level::commune, "86", start, std::nullopt},
       UnitVersion{"08601", "Xã Ba Hai", Level::commune, "86", start, std::nullopt}},
      {{"80", "86", start, std::nullopt},
       {"86", "86", start, std::nullopt},
       {"08001", "08001", start, std::nullopt},
       {"08002", "08001", start, std::nullopt},
       {"08002", "08601", start, std::nullopt},
       {"08601", "08601", start, std::nullopt}}};
}

}  // namespace kehoach::test
