#pragma once

// Private to the JSON layer: strict reading of JSON objects (every field
// accounted for, every error with its JSON pointer) shared by the document
// readers.

#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/error.hpp>
#include <kehoach/money.hpp>
#include <kehoach/text.hpp>

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace json_detail {

// Documents are read into nlohmann::json (std::map objects: logarithmic lookups,
// so a document with many keys cannot make reading quadratic).
using json = nlohmann::json;

inline std::string pointer_escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

inline std::string type_name(const json& j) {
  if (j.is_number_integer()) return "an integer";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_array()) return "an array";
  if (j.is_object()) return "an object";
  return "null";
}

// Reads the fields of one JSON object and remembers which were read, so that
// any field left over is reported as unknown.
class Fields {
 public:
  Fields(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) throw ParseError(path_, "expected an object, found " + type_name(j_));
  }

  std::string at(std::string_view key) const { return path_ + "/" + pointer_escape(key); }

  // The value of `key`, or nullptr when absent or null.
  const json* get(std::string_view key) {
    used_.insert(std::string(key));
    auto it = j_.find(std::string(key));
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  const json& need(std::string_view key) {
    const json* v = get(key);
    if (!v) throw ParseError(at(key), "required field is missing");
    return *v;
  }

  std::string str(std::string_view key) { return as_string(need(key), at(key)); }
  std::optional<std::string> opt_str(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    return as_string(*v, at(key));
  }
  std::vector<std::string> strs(std::string_view key) {
    std::vector<std::string> out;
    const json* v = get(key);
    if (!v) return out;
    if (!v->is_array()) throw ParseError(at(key), "expected an array of strings, found " + type_name(*v));
    for (std::size_t i = 0; i < v->size(); ++i) out.push_back(as_string((*v)[i], at(key) + "/" + std::to_string(i)));
    return out;
  }

  Date date(std::string_view key) { return as_date(need(key), at(key)); }
  std::optional<Date> opt_date(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    return as_date(*v, at(key));
  }

  double number(std::string_view key) { return as_number(need(key), at(key)); }
  std::optional<double> opt_number(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    return as_number(*v, at(key));
  }

  int integer(std::string_view key) { return as_int(need(key), at(key)); }
  std::optional<int> opt_integer(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    return as_int(*v, at(key));
  }
  std::vector<int> integers(std::string_view key) {
    std::vector<int> out;
    const json* v = get(key);
    if (!v) return out;
    if (!v->is_array()) throw ParseError(at(key), "expected an array of integers, found " + type_name(*v));
    for (std::size_t i = 0; i < v->size(); ++i) out.push_back(as_int((*v)[i], at(key) + "/" + std::to_string(i)));
    return out;
  }

  Dong money(std::string_view key) { return as_money(need(key), at(key)); }
  std::optional<Dong> opt_money(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    return as_money(*v, at(key));
  }

  bool flag(std::string_view key, bool fallback) {
    const json* v = get(key);
    if (!v) return fallback;
    if (!v->is_boolean()) throw ParseError(at(key), "expected true or false, found " + type_name(*v));
    return v->get<bool>();
  }

  template <class E>
  E choice(std::string_view key) { return as_enum<E>(need(key), at(key)); }
  template <class E>
  E choice(std::string_view key, E fallback) {
    const json* v = get(key);
    return v ? as_enum<E>(*v, at(key)) : fallback;
  }

  // Reads each element of the array `key` with `read(element, path)`.
  template <class T, class F>
  std::vector<T> list(std::string_view key, F read, bool required = false) {
    std::vector<T> out;
    const json* v = required ? &need(key) : get(key);
    if (!v) return out;
    if (!v->is_array()) throw ParseError(at(key), "expected an array, found " + type_name(*v));
    out.reserve(v->size());
    for (std::size_t i = 0; i < v->size(); ++i) out.push_back(read((*v)[i], at(key) + "/" + std::to_string(i)));
    return out;
  }

  Fields object(std::string_view key) { return Fields(need(key), at(key)); }

  void done() const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (!used_.count(it.key())) {
        throw ParseError(at(it.key()), "unknown field '" + it.key() + "'");
      }
    }
  }

  static std::string as_string(const json& v, const std::string& path) {
    if (!v.is_string()) throw ParseError(path, "expected a string, found " + type_name(v));
    try {
      return to_nfc(v.get_ref<const std::string&>());
    } catch (const ParseError& e) {
      throw ParseError(path, e.what());
    }
  }
  static Date as_date(const json& v, const std::string& path) {
    if (!v.is_string()) throw ParseError(path, "expected a date YYYY-MM-DD, found " + type_name(v));
    try {
      return parse_iso_date(v.get_ref<const std::string&>());
    } catch (const ParseError& e) {
      throw ParseError(path, e.what());
    }
  }
  static double as_number(const json& v, const std::string& path) {
    if (!v.is_number()) throw ParseError(path, "expected a number, found " + type_name(v));
    return v.get<double>();
  }
  static int as_int(const json& v, const std::string& path) {
    if (v.is_number_unsigned()) {
      if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
        throw ParseError(path, "integer " + v.dump() + " is too large");
      }
      return static_cast<int>(v.get<std::uint64_t>());
    }
    if (v.is_number_integer()) {
      const auto x = v.get<std::int64_t>();
      if (x < std::numeric_limits<int>::min()) throw ParseError(path, "integer " + v.dump() + " is too small");
      return static_cast<int>(x);
    }
    throw ParseError(path, "expected an integer, found " + type_name(v));
  }
  static Dong as_money(const json& v, const std::string& path) {
    if (v.is_number_unsigned()) {
      if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw ParseError(path, "amount " + v.dump() + " đồng does not fit in 64 bits");
      }
      return Dong{static_cast<std::int64_t>(v.get<std::uint64_t>())};
    }
    if (v.is_number_integer()) return Dong{v.get<std::int64_t>()};
    if (v.is_number_float()) throw ParseError(path, "amounts are whole đồng, not " + v.dump());
    throw ParseError(path, "expected an amount in whole đồng, found " + type_name(v));
  }
  template <class E>
  static E as_enum(const json& v, const std::string& path) {
    if (!v.is_string()) throw ParseError(path, "expected a string, found " + type_name(v));
    const auto& s = v.get_ref<const std::string&>();
    if (auto e = from_code<E>(s)) return *e;
    std::string expected;
    for (E x : all_values<E>()) expected += (expected.empty() ? "" : ", ") + std::string(to_code(x));
    throw ParseError(path, "unknown value '" + s + "' (expected one of: " + expected + ")");
  }

 private:
  const json& j_;
  std::string path_;
  std::set<std::string> used_;
};

// Builds the document and rejects a key that appears twice in one object,
// which nlohmann would otherwise resolve silently by keeping the last. A SAX
// handler over nlohmann's own DOM builder: its parser callback (the obvious
// way to see keys) rescans the enclosing array at the end of every object,
// which made a batch of n records take time in n².
class StrictDom : public nlohmann::detail::json_sax_dom_parser<json> {
  using base = nlohmann::detail::json_sax_dom_parser<json>;

 public:
  explicit StrictDom(json& document) : base(document, /*allow_exceptions=*/true) {}
  bool start_object(std::size_t n) {
    keys_.emplace_back();
    return base::start_object(n);
  }
  bool end_object() {
    keys_.pop_back();
    return base::end_object();
  }
  bool key(json::string_t& k) {
    if (!keys_.back().insert(k).second) {
      throw ParseError("", "malformed JSON: the key '" + printable_excerpt(k) + "' appears twice in one object");
    }
    return base::key(k);
  }

 private:
  std::vector<std::set<std::string>> keys_;
};

// Parses `text` as JSON, rejecting duplicate keys; malformed input is a
// ParseError. Linear in the size of the text.
inline json parse_strict(std::string_view text) {
  try {
    json root;
    StrictDom sax(root);
    json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, /*strict=*/true,
                    /*ignore_comments=*/false);
    return root;
  } catch (const json::parse_error& e) {
    // nlohmann's message names the byte offset and what it expected.
    std::string what = e.what();
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    throw ParseError("", "malformed JSON: " + what);
  } catch (const json::exception& e) {
    throw ParseError("", std::string("malformed JSON: ") + e.what());
  }
}

}  // namespace json_detail
}  // namespace v1
}  // namespace kehoach
