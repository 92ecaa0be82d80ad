#include <kehoach/error.hpp>
#include <kehoach/text.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace kehoach;

TEST_CASE("UTF-8 is checked and text is normalised to NFC", "[model][text]") {
  const std::string composed = "Vi\xe1\xbb\x87t";       // "Việt", U+1EC7
  const std::string decomposed = "Vie\xcc\xa3\xcc\x82t";  // e + dot below + circumflex
  CHECK(is_valid_utf8(composed));
  CHECK(is_valid_utf8(decomposed));
  CHECK(to_nfc(decomposed) == composed);
  CHECK(is_nfc(composed));
  CHECK_FALSE(is_nfc(decomposed));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc3"));                // truncated sequence
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));            // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));        // a UTF-16 surrogate
  CHECK_THROWS_AS(to_nfc("b\xe1\xbb"), ParseError);
  CHECK(to_nfc("") == "");
}

TEST_CASE("White space is collapsed and trimmed", "[model][text]") {
  CHECK(collapse_whitespace("  28/12/ \t2020\n ") == "28/12/ 2020");
  CHECK(collapse_whitespace("") == "");
}

TEST_CASE("Lettered items follow the Vietnamese alphabet", "[model][text]") {
  std::vector<std::string> codes{"đ", "b", "e", "a", "d", "2", "10", "1", "g"};
  std::sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return item_code_less(a, b); });
  CHECK(codes == std::vector<std::string>{"1", "2", "10", "a", "b", "d", "đ", "e", "g"});
  CHECK(is_item_code("đ"));
  CHECK(is_item_code("q"));
  CHECK(is_item_code("12"));
  CHECK_FALSE(is_item_code("f"));
  CHECK_FALSE(is_item_code("j"));
  CHECK_FALSE(is_item_code("w"));
  CHECK_FALSE(is_item_code("0"));
  CHECK_FALSE(is_item_code("ab"));
  CHECK_FALSE(is_item_code(""));
  CHECK(vietnamese_letter_index("đ") == vietnamese_letter_index("d") + 1);
}

TEST_CASE("Known slips are found, never rewritten", "[model][text]") {
  const auto slips = find_slips("đến năm 2025 tối tiểu 50% người bị bạo lực");
  REQUIRE(slips.size() == 1);
  CHECK(slips[0].written == "tối tiểu");
  CHECK(slips[0].meant == "tối thiểu");
  CHECK(find_slips("đến năm 2023 tối thiểu 40%").empty());
}

TEST_CASE("Unicode spaces from word processors collapse like ASCII ones", "[model][text]") {
  CHECK(collapse_whitespace("a\xc2\xa0\xc2\xa0" "b") == "a b");         // no-break spaces
  CHECK(collapse_whitespace("a\xe2\x80\xaf" "b\xe3\x80\x80") == "a b");  // narrow NBSP, ideographic
  CHECK(collapse_whitespace("\xc3\xa0") == "\xc3\xa0");                  // "à" is not a space
}
