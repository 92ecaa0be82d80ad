#include <kehoach/error.hpp>
#include <kehoach/text.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>

namespace kehoach {
inline namespace v1 {
namespace {

// The letters Vietnamese documents use for lettered items, in order.
constexpr std::array<std::string_view, 23> item_letters = {
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};

// Slips seen in real plan documents: what was written, what was meant. They
// are reported, never rewritten.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> known_slips = {{
    {"tối tiểu", "tối thiểu"},
    {"triên khai", "triển khai"},
    {"triển khải", "triển khai"},
    {"bình đằng giới", "bình đẳng giới"},
    {"đồng bảo dân tộc", "đồng bào dân tộc"},
}};

bool is_number(std::string_view s) noexcept {
  if (s.empty() || s.size() > 3) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return s[0] != '0';
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0 || cp < 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::string printable_excerpt(std::string_view text, std::size_t max_bytes) {
  static const char* hex = "0123456789ABCDEF";
  // Control characters (C0 but tab and newline, DEL, C1) and the bidi
  // controls that could make a message read otherwise than it is.
  auto hidden = [](utf8proc_int32_t cp) {
    return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
  };
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 32);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t i = 0;
  // The output, not the input, is bounded: an escaped byte takes four.
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    const bool bad = n <= 0 || cp < 0;
    const auto len = bad ? std::size_t{1} : static_cast<std::size_t>(n);
    if (bad || hidden(cp)) {
      if (out.size() + 4 * len > max_bytes) break;
      for (std::size_t k = 0; k < len; ++k) {
        const auto byte = static_cast<unsigned char>(text[i + k]);
        out += "\\x";
        out.push_back(hex[byte >> 4]);
        out.push_back(hex[byte & 0xf]);
      }
    } else {
      if (out.size() + len > max_bytes) break;  // never half a character
      out.append(text.substr(i, len));
    }
    i += len;
  }
  if (i < text.size()) out += "… (" + std::to_string(text.size() - i) + " more bytes)";
  return out;
}

std::string to_nfc(std::string_view text) {
  if (!is_valid_utf8(text)) throw ParseError("", "text is not valid UTF-8");
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                          static_cast<utf8proc_ssize_t>(text.size()), &out,
                                          static_cast<utf8proc_option_t>(UTF8PROC_STABLE |
                                                                         UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
  if (n < 0) throw ParseError("", std::string("text cannot be normalised: ") + utf8proc_errmsg(n));
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

bool is_nfc(std::string_view text) {
  return is_valid_utf8(text) && to_nfc(text) == text;
}

std::string collapse_whitespace(std::string_view text) {
  // ASCII white space, and the Unicode spaces word processors leave in copied
  // text: no-break space U+00A0, U+2000–U+200A, U+202F, U+3000.
  auto space_length = [&](std::size_t i) -> std::size_t {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = b(i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (c == 0xC2 && i + 1 < text.size() && b(i + 1) == 0xA0) return 2;
    if (c == 0xE2 && i + 2 < text.size() && b(i + 1) == 0x80 &&
        ((b(i + 2) >= 0x80 && b(i + 2) <= 0x8A) || b(i + 2) == 0xAF)) {
      return 3;
    }
    if (c == 0xE3 && i + 2 < text.size() && b(i + 1) == 0x80 && b(i + 2) == 0x80) return 3;
    return 0;
  };
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t n = space_length(i)) {
      pending_space = !out.empty();
      i += n;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(text[i++]);
  }
  return out;
}

int vietnamese_letter_index(std::string_view letter) noexcept {
  for (std::size_t i = 0; i < item_letters.size(); ++i) {
    if (item_letters[i] == letter) return static_cast<int>(i);
  }
  return -1;
}

bool is_item_code(std::string_view code) noexcept {
  return is_number(code) || vietnamese_letter_index(code) >= 0;
}

bool item_code_less(std::string_view a, std::string_view b) noexcept {
  const bool an = is_number(a), bn = is_number(b);
  if (an && bn) return a.size() != b.size() ? a.size() < b.size() : a < b;
  if (an != bn) return an;
  const int ai = vietnamese_letter_index(a), bi = vietnamese_letter_index(b);
  if (ai >= 0 && bi >= 0) return ai < bi;
  if ((ai >= 0) != (bi >= 0)) return ai >= 0;
  return a < b;
}

std::vector<Slip> find_slips(std::string_view text) {
  std::vector<Slip> found;
  for (const auto& [written, meant] : known_slips) {
    if (text.find(written) != std::string_view::npos) {
      found.push_back({std::string(written), std::string(meant)});
    }
  }
  return found;
}

}  // namespace v1
}  // namespace kehoach
