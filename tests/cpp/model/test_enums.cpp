#include <kehoach/enums.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace kehoach;

namespace {
template <class E>
void check_vocabulary(std::size_t expected_count) {
  const auto values = all_values<E>();
  CHECK(values.size() == expected_count);
  std::set<std::string_view> codes;
  for (E v : values) {
    const auto code = to_code(v);
    CHECK_FALSE(code.empty());
    CHECK(codes.insert(code).second);
    CHECK(from_code<E>(code) == v);
    CHECK_FALSE(label(v, Lang::vi).empty());
    CHECK_FALSE(label(v, Lang::en).empty());
  }
  CHECK_FALSE(from_code<E>("no-such-code").has_value());
}
}  // namespace

TEST_CASE("Every enumeration has distinct codes and Vietnamese and English labels", "[model][enums]") {
  check_vocabulary<Lang>(2);
  check_vocabulary<Level>(5);
  check_vocabulary<DocumentKind>(11);
  check_vocabulary<PlanKind>(5);
  check_vocabulary<PlanStatus>(6);
  check_vocabulary<LegalRelation>(2);
  check_vocabulary<AgencyKind>(20);
  check_vocabulary<FundingKind>(5);
  check_vocabulary<Comparator>(2);
  check_vocabulary<TargetUnit>(4);
  check_vocabulary<TaskStatus>(4);
  check_vocabulary<DeadlineRule>(2);
  check_vocabulary<PeriodType>(4);
  CHECK(label(Comparator::at_least) == "Tối thiểu");
  CHECK(label(Comparator::at_least, Lang::en) == "At least");
  CHECK(label(FundingKind::state_budget) == "Ngân sách nhà nước");
}

TEST_CASE("A label is found by enumeration name and code, for faces that hold codes", "[model][enums]") {
  CHECK(label_of("Comparator", "at_least") == std::optional<std::string_view>("Tối thiểu"));
  CHECK(label_of("Comparator", "at_least", Lang::en) == std::optional<std::string_view>("At least"));
  CHECK(label_of("ViolenceType", "form_physical", Lang::en) == std::optional<std::string_view>("Physical violence"));
  CHECK_FALSE(label_of("Comparator", "no-such-code").has_value());
  CHECK_FALSE(label_of("NoSuchEnumeration", "at_least").has_value());
  // Every named enumeration answers for its first value; the labels are NUL-terminated literals.
  CHECK(enumeration_names().size() == 28);
  std::set<std::string_view> names(enumeration_names().begin(), enumeration_names().end());
  CHECK(names.size() == enumeration_names().size());
  CHECK(names.count("TargetStatus") == 1);
  const auto level = label_of("Level", to_code(Level::commune), Lang::vi);
  REQUIRE(level);
  CHECK(level->data()[level->size()] == '\0');
}
