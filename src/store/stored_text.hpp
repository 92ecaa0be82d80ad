// The store's text encodings that both adapters read back the same way
// (src/store/sqlite/, src/store/postgres/): a stored code, a list of parts
// joined by commas (group_concat, string_agg), and a "code date" event.
#pragma once

#include <kehoach/enums.hpp>
#include <kehoach/error.hpp>
#include <kehoach/text.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace kehoach {
inline namespace v1 {
namespace store_text {

/// The value of a stored code; an unknown one is a CorruptStore.
template <class E>
E code(std::string_view text) {
  if (auto e = from_code<E>(text)) return *e;
  throw CorruptStore("the store holds an unknown value '" + printable_excerpt(text, 40) + "'");
}

/// Calls `f` with each part of "a,b,c" (nothing for an empty text).
template <class F>
void each_part(std::string_view text, F&& f) {
  while (!text.empty()) {
    const auto comma = text.find(',');
    f(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
}

/// "type date" → type, date.
inline std::pair<std::string_view, std::string_view> split_event(std::string_view item) {
  const auto space = item.find(' ');
  if (space == std::string_view::npos) throw CorruptStore("a case event has no date");
  return {item.substr(0, space), item.substr(space + 1)};
}

}  // namespace store_text
}  // namespace v1
}  // namespace kehoach
