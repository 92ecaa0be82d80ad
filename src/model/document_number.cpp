#include <kehoach/document_number.hpp>
#include <kehoach/error.hpp>
#include <kehoach/text.hpp>

namespace kehoach {
inline namespace v1 {

DocumentNumber parse_document_number(std::string_view text) {
  const std::string s = collapse_whitespace(text);
  auto bad = [&](const char* why) -> DocumentNumber {
    throw ParseError("", "'" + std::string(text) + "' is not a document number: " + why);
  };
  const auto slash = s.find('/');
  if (slash == std::string::npos) return bad("expected N/SYMBOL, e.g. 48/KH-UBND");
  DocumentNumber out;
  out.number = collapse_whitespace(s.substr(0, slash));
  if (out.number.empty() || out.number.size() > 6 ||
      out.number.find_first_not_of("0123456789") != std::string::npos) {
    return bad("the number before '/' is not a whole number");
  }
  std::string rest = collapse_whitespace(s.substr(slash + 1));
  const auto second = rest.find('/');
  if (second != std::string::npos) {
    const std::string year = collapse_whitespace(rest.substr(0, second));
    if (year.size() != 4 || year.find_first_not_of("0123456789") != std::string::npos) {
      return bad("the middle part is not a year");
    }
    out.year = std::stoi(year);
    rest = collapse_whitespace(rest.substr(second + 1));
  }
  if (rest.empty() || rest.find('/') != std::string::npos) return bad("the symbol is missing or malformed");
  out.symbol = rest;
  return out;
}

}  // namespace v1
}  // namespace kehoach
