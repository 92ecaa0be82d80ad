#pragma once

#include <kehoach/export.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kehoach {
inline namespace v1 {

/// A document number split as the national database records it (Nghị định
/// 30/2020/NĐ-CP): `48/KH-UBND` is number `48`, symbol `KH-UBND`;
/// `13/2022/QH15` is number `13`, year 2022, symbol `QH15`. Normative legal
/// documents carry their year; individual decisions and plans do not.
struct DocumentNumber {
  std::string number;
  std::optional<int> year;
  std::string symbol;
  friend bool operator==(const DocumentNumber&, const DocumentNumber&) = default;
};

/// Splits a document number. Throws ParseError when `text` is not of the form
/// `N/SYMBOL` or `N/YYYY/SYMBOL` (white space around the parts is allowed).
KEHOACH_API DocumentNumber parse_document_number(std::string_view text);

}  // namespace v1
}  // namespace kehoach
