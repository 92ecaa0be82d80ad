#include <kehoach/cases.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/metrics.hpp>

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

KEHOACH_VOCABULARY(ReceivingBody,
  {ReceivingBody::commune_committee, "commune_committee", "Ủy ban nhân dân cấp xã", "Commune People's Committee"},
  {ReceivingBody::police, "police", "Công an", "Police"},
  {ReceivingBody::border_post, "border_post", "Đồn biên phòng", "Border post"},
  {ReceivingBody::school, "school", "Cơ sở giáo dục", "School"},
  {ReceivingBody::village_head, "village_head", "Trưởng thôn, tổ trưởng tổ dân phố", "Village head"},
  {ReceivingBody::mass_organisation, "mass_organisation", "Người đứng đầu tổ chức chính trị - xã hội cấp xã", "Commune mass organisation"},
  {ReceivingBody::hotline, "hotline", "Tổng đài điện thoại quốc gia", "National hotline"},
  {ReceivingBody::health_facility, "health_facility", "Cơ sở y tế", "Health facility"},
  {ReceivingBody::trusted_address, "trusted_address", "Địa chỉ tin cậy", "Trusted address"},
  {ReceivingBody::social_work, "social_work", "Cơ sở trợ giúp xã hội", "Social work facility"},
  {ReceivingBody::other, "other", "Nơi khác", "Other"})

KEHOACH_VOCABULARY(IntakeChannel,
  {IntakeChannel::call_or_text, "call_or_text", "Gọi điện, nhắn tin", "Call or text"},
  {IntakeChannel::letter, "letter", "Văn bản, thư", "Letter"},
  {IntakeChannel::in_person, "in_person", "Trực tiếp", "In person"},
  {IntakeChannel::online, "online", "Trực tuyến", "Online"})

KEHOACH_VOCABULARY(CaseStatus,
  {CaseStatus::open, "open", "Đang xử lý", "Open"},
  {CaseStatus::closed, "closed", "Đã kết thúc", "Closed"})

KEHOACH_VOCABULARY(ViolenceType,
  {ViolenceType::form_physical, "form_physical", "Bạo lực thể chất", "Physical violence"},
  {ViolenceType::form_psychological, "form_psychological", "Bạo lực tinh thần", "Psychological violence"},
  {ViolenceType::form_sexual, "form_sexual", "Bạo lực tình dục", "Sexual violence"},
  {ViolenceType::form_economic, "form_economic", "Bạo lực kinh tế", "Economic violence"},
  {ViolenceType::act_a, "act_a", "Hành hạ, ngược đãi, đánh đập, đe dọa", "Beating, ill-treatment, threats"},
  {ViolenceType::act_b, "act_b", "Lăng mạ, chì chiết, xúc phạm danh dự", "Insults, humiliation"},
  {ViolenceType::act_c, "act_c", "Cưỡng ép chứng kiến bạo lực", "Forced witnessing of violence"},
  {ViolenceType::act_d, "act_d", "Bỏ mặc, không quan tâm", "Neglect of dependants"},
  {ViolenceType::act_dd, "act_dd", "Kỳ thị, phân biệt đối xử", "Discrimination"},
  {ViolenceType::act_e, "act_e", "Cô lập, giam hãm về tinh thần", "Isolation"},
  {ViolenceType::act_g, "act_g", "Ngăn cản quan hệ gia đình", "Obstructing family relations"},
  {ViolenceType::act_h, "act_h", "Tiết lộ, phát tán thông tin đời tư", "Disclosing private life"},
  {ViolenceType::act_i, "act_i", "Cưỡng ép quan hệ tình dục", "Forced sex with a spouse"},
  {ViolenceType::act_k, "act_k", "Cưỡng ép xem, nghe văn hóa phẩm khiêu dâm", "Forced pornography"},
  {ViolenceType::act_l, "act_l", "Cưỡng ép tảo hôn, kết hôn, ly hôn", "Forced or child marriage or divorce"},
  {ViolenceType::act_m, "act_m", "Cưỡng ép mang thai, phá thai", "Forced pregnancy or abortion"},
  {ViolenceType::act_n, "act_n", "Chiếm đoạt, hủy hoại tài sản", "Destroying property"},
  {ViolenceType::act_o, "act_o", "Cưỡng ép lao động quá sức, kiểm soát thu nhập", "Forced labour, financial control"},
  {ViolenceType::act_p, "act_p", "Cô lập, giam cầm", "Confinement"},
  {ViolenceType::act_q, "act_q", "Cưỡng ép ra khỏi chỗ ở hợp pháp", "Eviction"},
  {ViolenceType::gbv_rape, "gbv_rape", "Hiếp dâm", "Rape"},
  {ViolenceType::gbv_sexual_assault, "gbv_sexual_assault", "Tấn công tình dục", "Sexual assault"},
  {ViolenceType::gbv_physical_assault, "gbv_physical_assault", "Tấn công thể chất", "Physical assault"},
  {ViolenceType::gbv_forced_marriage, "gbv_forced_marriage", "Cưỡng ép kết hôn", "Forced marriage"},
  {ViolenceType::gbv_denial_of_resources, "gbv_denial_of_resources", "Từ chối nguồn lực, cơ hội, dịch vụ", "Denial of resources"},
  {ViolenceType::gbv_psychological_abuse, "gbv_psychological_abuse", "Bạo hành tâm lý", "Psychological abuse"},
  {ViolenceType::gbv_online, "gbv_online", "Bạo lực trên không gian mạng", "Online violence"})

KEHOACH_VOCABULARY(Sex,
  {Sex::female, "female", "Nữ", "Female"},
  {Sex::male, "male", "Nam", "Male"},
  {Sex::other, "other", "Khác", "Other"})

KEHOACH_VOCABULARY(AgeGroup,
  {AgeGroup::under_16, "under_16", "Dưới 16 tuổi", "Under 16"},
  {AgeGroup::age_0_5, "0_5", "0–5 tuổi", "0–5"},
  {AgeGroup::age_6_10, "6_10", "6–10 tuổi", "6–10"},
  {AgeGroup::age_11_15, "11_15", "11–15 tuổi", "11–15"},
  {AgeGroup::age_16_59, "16_59", "16–59 tuổi", "16–59"},
  {AgeGroup::age_16_17, "16_17", "16–17 tuổi", "16–17"},
  {AgeGroup::age_18_24, "18_24", "18–24 tuổi", "18–24"},
  {AgeGroup::age_25_39, "25_39", "25–39 tuổi", "25–39"},
  {AgeGroup::age_40_59, "40_59", "40–59 tuổi", "40–59"},
  {AgeGroup::age_60_plus, "60_plus", "Từ 60 tuổi trở lên", "60 or over"},
  {AgeGroup::age_60_69, "60_69", "60–69 tuổi", "60–69"},
  {AgeGroup::age_70_plus, "70_plus", "Từ 70 tuổi trở lên", "70 or over"})

KEHOACH_VOCABULARY(Relationship,
  {Relationship::spouse, "spouse", "Vợ, chồng", "Spouse"},
  {Relationship::former_spouse, "former_spouse", "Vợ, chồng cũ", "Former spouse"},
  {Relationship::intimate_partner, "intimate_partner", "Người yêu, bạn tình", "Intimate partner"},
  {Relationship::parent, "parent", "Cha, mẹ", "Parent"},
  {Relationship::child, "child", "Con", "Child"},
  {Relationship::sibling, "sibling", "Anh chị em", "Sibling"},
  {Relationship::other_family, "other_family", "Thành viên gia đình khác", "Other family member"},
  {Relationship::acquaintance, "acquaintance", "Người quen", "Acquaintance"},
  {Relationship::colleague, "colleague", "Đồng nghiệp, người sử dụng lao động", "Colleague or employer"},
  {Relationship::teacher, "teacher", "Giáo viên, người chăm sóc", "Teacher or carer"},
  {Relationship::stranger, "stranger", "Người lạ", "Stranger"},
  {Relationship::unknown, "unknown", "Không rõ", "Unknown"})

KEHOACH_VOCABULARY(MeasureKind,
  {MeasureKind::stop_order, "stop_order", "Buộc chấm dứt hành vi bạo lực", "Order to stop"},
  {MeasureKind::summons, "summons", "Triệu tập người có hành vi bạo lực", "Summons to the commune police"},
  {MeasureKind::no_contact_order, "no_contact_order", "Cấm tiếp xúc", "No-contact order"},
  {MeasureKind::shelter_essential_needs, "shelter_essential_needs", "Bố trí nơi tạm lánh, hỗ trợ nhu cầu thiết yếu", "Shelter and essential needs"},
  {MeasureKind::care_treatment, "care_treatment", "Chăm sóc, điều trị", "Care and treatment"},
  {MeasureKind::legal_aid_counselling, "legal_aid_counselling", "Trợ giúp pháp lý, tư vấn", "Legal aid and counselling"},
  {MeasureKind::behaviour_change_education, "behaviour_change_education", "Giáo dục, hỗ trợ chuyển đổi hành vi", "Behaviour-change education"},
  {MeasureKind::community_criticism, "community_criticism", "Góp ý, phê bình trong cộng đồng", "Community criticism"},
  {MeasureKind::community_service, "community_service", "Thực hiện công việc phục vụ cộng đồng", "Community service"},
  {MeasureKind::administrative_measures, "administrative_measures", "Biện pháp xử lý hành chính", "Administrative measures"},
  {MeasureKind::criminal_procedure_measures, "criminal_procedure_measures", "Biện pháp theo tố tụng hình sự", "Criminal-procedure measures"})

KEHOACH_VOCABULARY(MeasureAuthority,
  {MeasureAuthority::commune_chair, "commune_chair", "Chủ tịch UBND cấp xã", "Commune chairperson"},
  {MeasureAuthority::court, "court", "Tòa án", "Court"},
  {MeasureAuthority::police, "police", "Công an", "Police"},
  {MeasureAuthority::other, "other", "Cơ quan khác", "Other"})

KEHOACH_VOCABULARY(ServiceType,
  {ServiceType::medical, "medical", "Y tế", "Medical care"},
  {ServiceType::psychosocial, "psychosocial", "Tư vấn tâm lý", "Psychosocial support"},
  {ServiceType::legal_aid, "legal_aid", "Trợ giúp pháp lý", "Legal aid"},
  {ServiceType::safe_shelter, "safe_shelter", "Nơi tạm lánh", "Safe shelter"},
  {ServiceType::police_protection, "police_protection", "Bảo vệ của công an", "Police protection"},
  {ServiceType::social_work, "social_work", "Công tác xã hội", "Social work"},
  {ServiceType::livelihoods, "livelihoods", "Sinh kế", "Livelihoods"},
  {ServiceType::child_protection, "child_protection", "Bảo vệ trẻ em", "Child protection"})

KEHOACH_VOCABULARY(ServiceOutcome,
  {ServiceOutcome::provided, "provided", "Đã cung cấp", "Provided"},
  {ServiceOutcome::referred, "referred", "Đã chuyển tuyến", "Referred"},
  {ServiceOutcome::declined, "declined", "Người bị bạo lực từ chối", "Declined by the survivor"},
  {ServiceOutcome::unavailable, "unavailable", "Không có dịch vụ", "Service unavailable"})

KEHOACH_VOCABULARY(ReferralStatus,
  {ReferralStatus::in_progress, "in_progress", "Đang chuyển", "In progress"},
  {ReferralStatus::accepted, "accepted", "Đã tiếp nhận", "Accepted"},
  {ReferralStatus::rejected, "rejected", "Bị từ chối", "Rejected"},
  {ReferralStatus::done, "done", "Hoàn thành", "Done"},
  {ReferralStatus::revoked, "revoked", "Đã hủy", "Revoked"})

KEHOACH_VOCABULARY(TargetStatus,
  {TargetStatus::no_data, "no_data", "Chưa có số liệu", "No data"},
  {TargetStatus::missed, "missed", "Không đạt", "Missed"},
  {TargetStatus::off_track, "off_track", "Chậm tiến độ", "Off track"},
  {TargetStatus::at_risk, "at_risk", "Có nguy cơ không đạt", "At risk"},
  {TargetStatus::on_track, "on_track", "Đúng tiến độ", "On track"},
  {TargetStatus::achieved, "achieved", "Đã đạt", "Achieved"})

KEHOACH_VOCABULARY(MilestoneOutcome,
  {MilestoneOutcome::met, "met", "Đạt", "Met"},
  {MilestoneOutcome::missed, "missed", "Không đạt", "Missed"},
  {MilestoneOutcome::no_data, "no_data", "Chưa có số liệu", "No data"})

KEHOACH_VOCABULARY(Role,
  {Role::case_worker, "case_worker", "Cán bộ quản lý ca", "Case worker"},
  {Role::officer, "officer", "Cán bộ theo dõi, tổng hợp", "Officer"},
  {Role::auditor, "auditor", "Kiểm toán, thanh tra", "Auditor"})

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

// Every enumeration, once: instantiated here and named by label_of.
#define KEHOACH_ENUMERATIONS(X) \
  X(Lang) \
  X(Level) \
  X(DocumentKind) \
  X(PlanKind) \
  X(PlanStatus) \
  X(LegalRelation) \
  X(AgencyKind) \
  X(FundingKind) \
  X(Comparator) \
  X(TargetUnit) \
  X(TaskStatus) \
  X(DeadlineRule) \
  X(PeriodType) \
  X(ReceivingBody) \
  X(IntakeChannel) \
  X(CaseStatus) \
  X(ViolenceType) \
  X(Sex) \
  X(AgeGroup) \
  X(Relationship) \
  X(MeasureKind) \
  X(MeasureAuthority) \
  X(ServiceType) \
  X(ServiceOutcome) \
  X(ReferralStatus) \
  X(Role) \
  X(TargetStatus) \
  X(MilestoneOutcome)

KEHOACH_ENUMERATIONS(KEHOACH_INSTANTIATE_ENUM)

#undef KEHOACH_INSTANTIATE_ENUM

namespace {
template <class E>
std::optional<std::string_view> label_by_code(std::string_view code, Lang lang) {
  if (const auto value = from_code<E>(code)) return label(*value, lang);
  return std::nullopt;
}
}  // namespace

std::optional<std::string_view> label_of(std::string_view enumeration, std::string_view code, Lang lang) {
#define KEHOACH_LABEL_OF(E) \
  if (enumeration == #E) return label_by_code<E>(code, lang);
  KEHOACH_ENUMERATIONS(KEHOACH_LABEL_OF)
#undef KEHOACH_LABEL_OF
  return std::nullopt;
}

std::span<const std::string_view> enumeration_names() {
#define KEHOACH_NAME_OF(E) std::string_view(#E),
  static constexpr std::string_view names[] = {KEHOACH_ENUMERATIONS(KEHOACH_NAME_OF)};
#undef KEHOACH_NAME_OF
  return names;
}

#undef KEHOACH_ENUMERATIONS

}  // namespace v1
}  // namespace kehoach
