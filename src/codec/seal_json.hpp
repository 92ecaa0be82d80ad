#pragma once

// Private: a sealed release family (decision 0023) as the store keeps it.
// Its units: {"format": "kehoach-release-units", "format_version": 1,
// "units": [{"code", "parent", "extra_parents"}]}, parents first. Its cases:
// {"format": "kehoach-release-cases", "format_version": 1, "cases": [[unit,
// intake, needs_help, sex, age_group, ethnic_minority, disability,
// migrant_worker, receiving_body, channel, [violence…], [[service type,
// date]…], [[referral status, date]…]]…]}: only what a release counts (the
// provided services, the referrals), never a case code.

#include <kehoach/cases.hpp>

#include "cases/release.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace seal_json {

std::string write_units(const std::vector<disclosure::FamilyUnit>& units);
/// CorruptStore when the text is not such a document or its tree is not one
/// (a parent after its child, a second root, a link to no unit).
std::vector<disclosure::FamilyUnit> read_units(std::string_view text);


/// The counted facts of `cases` (as CaseRepository::each_counted gives them).
std::string write_cases(const std::vector<CaseRecord>& cases);
/// CorruptStore when the text is not such a document.
std::vector<CaseRecord> read_cases(std::string_view text);

}  // namespace seal_json
}  // namespace v1
}  // namespace kehoach
