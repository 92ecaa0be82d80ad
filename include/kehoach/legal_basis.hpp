#pragma once

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>

#include <optional>
#include <string>

namespace kehoach {
inline namespace v1 {

/// A document a plan cites (*Căn cứ …*, *Thực hiện …*): `2232/QĐ-TTg` of
/// 28/12/2020 by the Prime Minister. `parent_plan` links to a cited plan that
/// may live in the same store.
struct LegalBasis {
  DocumentKind kind = DocumentKind::other;
  std::string number;
  std::optional<Date> date;
  std::optional<std::string> date_as_written;
  std::optional<std::string> issuer;
  std::optional<std::string> title;
  LegalRelation relation = LegalRelation::basis;
  std::optional<std::string> parent_plan;

  friend bool operator==(const LegalBasis&, const LegalBasis&) = default;
};

}  // namespace v1
}  // namespace kehoach
