#pragma once

#include <kehoach/export.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
KEHOACH_API bool is_valid_utf8(std::string_view text) noexcept;

/// `text` made fit to quote in a message: valid UTF-8, with every byte that
/// is not part of a well-formed character, every control character but tab
/// and newline (C0, DEL, C1) and the bidirectional controls shown as `\xNN`;
/// at most `max_bytes` of output, cut at a character boundary, then the
/// number of input bytes left out. Every message of the library's errors
/// passes through it (capped at 1,000 bytes).
KEHOACH_API std::string printable_excerpt(std::string_view text, std::size_t max_bytes = 200);

/// Returns `text` in Unicode Normalization Form C, so composed and decomposed
/// diacritics compare equal. Throws ParseError when `text` is not valid UTF-8.
KEHOACH_API std::string to_nfc(std::string_view text);

/// True when `text` is valid UTF-8 and already in NFC.
KEHOACH_API bool is_nfc(std::string_view text);

/// Collapses runs of white space (ASCII, and Unicode spaces such as the
/// no-break space U+00A0) to one ASCII space and trims both ends.
KEHOACH_API std::string collapse_whitespace(std::string_view text);

/// The position of a letter in the Vietnamese alphabet used for lettered
/// items (a b c d đ e g h i k l m n o p q r s t u v x y: no f, j, w, z), from
/// 0; -1 when `letter` is not such a letter. Accepts NFC UTF-8.
KEHOACH_API int vietnamese_letter_index(std::string_view letter) noexcept;

/// True when `code` is an item code a plan may use: a number (`1`, `12`) or
/// one letter of the Vietnamese item alphabet (`a`, `đ`).
KEHOACH_API bool is_item_code(std::string_view code) noexcept;

/// Orders item codes as Vietnamese documents do: numbers numerically, letters
/// in the Vietnamese alphabet (d before đ before e), numbers before letters.
KEHOACH_API bool item_code_less(std::string_view a, std::string_view b) noexcept;

/// A known slip found in source text: what was written and what was meant.
struct Slip {
  std::string written;
  std::string meant;
};

/// The known slips (e.g. "tối tiểu" for "tối thiểu") that occur in `text`.
/// Text is never rewritten: the caller reports them as warnings.
KEHOACH_API std::vector<Slip> find_slips(std::string_view text);

}  // namespace v1
}  // namespace kehoach
