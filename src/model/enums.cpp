#include <kehoach/enums.hpp>

#include <array>

namespace kehoach {
inline namespace v1 {
namespace {

template <class E>
struct Entry {
  E value;
  std::string_view code;
  std::string_view vi;
  std::string_view en;
};

template <class E>
struct Vocabulary;

#define KEHOACH_VOCABULARY(E, ...)                                   \
  template <>                                                        \
  struct Vocabulary<E> {                                             \
    static constexpr Entry<E> entries[] = {__VA_ARGS__};             \
  };

KEHOACH_VOCABULARY(Lang,
  {Lang::vi, "vi", "Tiếng Việt", "Vietnamese"},
  {Lang::en, "en", "Tiếng Anh", "English"})

KEHOACH_VOCABULARY(Level,
  {Level::national, "national", "Trung ương", "National"},
  {Level::province, "province", "Tỉnh", "Province"},
  {Level::district, "district", "Huyện", "District"},
  {Level::commune, "commune", "Xã", "Commune"},
  {Level::village, "village", "Thôn, ấp, tổ dân phố", "Village"})

KEHOACH_VOCABULARY(DocumentKind,
  {DocumentKind::law, "law", "Luật", "Law"},
  {DocumentKind::resolution, "resolution", "Nghị quyết", "Resolution"},
  {DocumentKind::decree, "decree", "Nghị định", "Decree"},
  {DocumentKind::decision, "decision", "Quyết định", "Decision"},
  {DocumentKind::directive, "directive", "Chỉ thị", "Directive"},
  {DocumentKind::circular, "circular", "Thông tư", "Circular"},
  {DocumentKind::plan, "plan", "Kế hoạch", "Plan"},
  {DocumentKind::programme, "programme", "Chương trình", "Programme"},
  {DocumentKind::strategy, "strategy", "Chiến lược", "Strategy"},
  {DocumentKind::official_letter, "official_letter", "Công văn", "Official letter"},
  {DocumentKind::other, "other", "Văn bản khác", "Other document"})

KEHOACH_VOCABULARY(PlanKind,
  {PlanKind::programme_implementation, "programme_implementation",
   "Kế hoạch thực hiện chương trình", "Programme implementation plan"},
  {PlanKind::strategy_implementation, "strategy_implementation",
   "Kế hoạch thực hiện chiến lược", "Strategy implementation plan"},
  {PlanKind::annual, "annual", "Kế hoạch năm", "Annual plan"},
  {PlanKind::thematic, "thematic", "Kế hoạch chuyên đề", "Thematic plan"},
  {PlanKind::other, "other", "Kế hoạch khác", "Other plan"})

KEHOACH_VOCABULARY(PlanStatus,
  {PlanStatus::draft, "draft", "Dự thảo", "Draft"},
  {PlanStatus::in_force, "in_force", "Còn hiệu lực", "In force"},
  {PlanStatus::amended, "amended", "Đã được sửa đổi", "Amended"},
  {PlanStatus::superseded, "superseded", "Đã được thay thế", "Superseded"},
  {PlanStatus::expired, "expired", "Hết hiệu lực", "Expired"},
  {PlanStatus::repealed, "repealed", "Đã bãi bỏ", "Repealed"})

KEHOACH_VOCABULARY(LegalRelation,
  {LegalRelation::basis, "basis", "Căn cứ", "Legal basis"},
  {LegalRelation::implements, "implements", "Thực hiện", "Implements"})

KEHOACH_VOCABULARY(AgencyKind,
  {AgencyKind::people_committee, "people_committee", "Ủy ban nhân dân", "People's Committee"},
  {AgencyKind::people_council, "people_council", "Hội đồng nhân dân", "People's Council"},
  {AgencyKind::party_committee, "party_committee", "Cấp ủy Đảng", "Party committee"},
  {AgencyKind::department, "department", "Sở", "Provincial department"},
  {AgencyKind::office, "office", "Phòng, văn phòng, công chức chuyên môn", "Specialised office"},
  {AgencyKind::police, "police", "Công an", "Police"},
  {AgencyKind::military, "military", "Quân sự", "Military"},
  {AgencyKind::border_guard, "border_guard", "Biên phòng", "Border guard"},
  {AgencyKind::court, "court", "Tòa án", "Court"},
  {AgencyKind::procuracy, "procuracy", "Viện kiểm sát", "Procuracy"},
  {AgencyKind::health, "health", "Cơ sở y tế", "Health facility"},
  {AgencyKind::education, "education", "Cơ sở giáo dục", "School"},
  {AgencyKind::media, "media", "Cơ quan truyền thông", "Media"},
  {AgencyKind::fatherland_front, "fatherland_front", "Mặt trận Tổ quốc", "Fatherland Front"},
  {AgencyKind::mass_organisation, "mass_organisation", "Tổ chức chính trị - xã hội",
   "Mass organisation"},
  {AgencyKind::trade_union, "trade_union", "Công đoàn", "Trade union"},
  {AgencyKind::village, "village", "Thôn, ấp", "Village"},
  {AgencyKind::enterprise, "enterprise", "Doanh nghiệp", "Enterprise"},
  {AgencyKind::group, "group", "Nhóm cơ quan, đơn vị", "Group of bodies"},
  {AgencyKind::other, "other", "Cơ quan khác", "Other body"})

KEHOACH_VOCABULARY(FundingKind,
  {FundingKind::state_budget, "state_budget", "Ngân sách nhà nước", "State budget"},
  {FundingKind::integration, "integration", "Lồng ghép chương trình, đề án",
   "Integration into other programmes"},
  {FundingKind::sponsorship_aid, "sponsorship_aid", "Tài trợ, viện trợ",
   "Sponsorship and aid"},
  {FundingKind::mobilised, "mobilised", "Xã hội hóa, nguồn hợp pháp khác",
   "Mobilised lawful sources"},
  {FundingKind::other, "other", "Nguồn khác", "Other source"})

KEHOACH_VOCABULARY(Comparator,
  {Comparator::at_least, "at_least", "Tối thiểu", "At least"},
  {Comparator::at_most, "at_most", "Tối đa", "At most"})

KEHOACH_VOCABULARY(TargetUnit,
  {TargetUnit::percent, "percent", "Tỷ lệ (%)", "Percent"},
  {TargetUnit::count, "count", "Số lượng", "Count"},
  {TargetUnit::yes_no, "yes_no", "Có/không", "Yes/no"},
  {TargetUnit::ratio_times, "ratio_times", "Tỷ số (lần)", "Ratio (times)"})

KEHOACH_VOCABULARY(TaskStatus,
  {TaskStatus::planned, "planned", "Chưa triển khai", "Planned"},
  {TaskStatus::in_progress, "in_progress", "Đang thực hiện", "In progress"},
  {TaskStatus::done, "done", "Hoàn thành", "Done"},
  {TaskStatus::cancelled, "cancelled", "Hủy bỏ", "Cancelled"})

KEHOACH_VOCABULARY(DeadlineRule,
  {DeadlineRule::before, "before", "Trước ngày", "Before"},
  {DeadlineRule::by, "by", "Chậm nhất ngày", "By"})

KEHOACH_VOCABULARY(PeriodType,
  {PeriodType::year, "year", "Năm", "Year"},
  {PeriodType::half_year, "half_year", "6 tháng", "Half-year"},
  {PeriodType::quarter, "quarter", "Quý", "Quarter"},
  {PeriodType::month, "month", "Tháng", "Month"})

#undef KEHOACH_VOCABULARY

template <class E>
constexpr const Entry<E>& entry_of(E value) {
  for (const auto& e : Vocabulary<E>::entries) {
    if (e.value == value) return e;
  }
  // Every enumerator has an entry (checked by the tests); an out-of-range
  // value cast from an integer falls back to the first.
  return Vocabulary<E>::entries[0];
}

template <class E>
constexpr auto values_of() {
  constexpr auto n = std::size(Vocabulary<E>::entries);
  std::array<E, n> out{};
  for (std::size_t i = 0; i < n; ++i) out[i] = Vocabulary<E>::entries[i].value;
  return out;
}

template <class E>
constexpr auto all = values_of<E>();

}  // namespace

template <class E>
std::string_view to_code(E value) {
  return entry_of(value).code;
}

template <class E>
std::optional<E> from_code(std::string_view code) {
  for (const auto& e : Vocabulary<E>::entries) {
    if (e.code == code) return e.value;
  }
  return std::nullopt;
}

template <class E>
std::string_view label(E value, Lang lang) {
  const auto& e = entry_of(value);
  return lang == Lang::en ? e.en : e.vi;
}

template <class E>
std::span<const E> all_values() {
  return {all<E>.data(), all<E>.size()};
}

#define KEHOACH_INSTANTIATE_ENUM(E)                                              \
  template KEHOACH_API std::string_view to_code<E>(E);                            \
  template KEHOACH_API std::optional<E> from_code<E>(std::string_view);           \
  template KEHOACH_API std::string_view label<E>(E, Lang);                        \
  template KEHOACH_API std::span<const E> all_values<E>();

KEHOACH_INSTANTIATE_ENUM(Lang)
KEHOACH_INSTANTIATE_ENUM(Level)
KEHOACH_INSTANTIATE_ENUM(DocumentKind)
KEHOACH_INSTANTIATE_ENUM(PlanKind)
KEHOACH_INSTANTIATE_ENUM(PlanStatus)
KEHOACH_INSTANTIATE_ENUM(LegalRelation)
KEHOACH_INSTANTIATE_ENUM(AgencyKind)
KEHOACH_INSTANTIATE_ENUM(FundingKind)
KEHOACH_INSTANTIATE_ENUM(Comparator)
KEHOACH_INSTANTIATE_ENUM(TargetUnit)
KEHOACH_INSTANTIATE_ENUM(TaskStatus)
KEHOACH_INSTANTIATE_ENUM(DeadlineRule)
KEHOACH_INSTANTIATE_ENUM(PeriodType)

#undef KEHOACH_INSTANTIATE_ENUM

}  // namespace v1
}  // namespace kehoach
