#pragma once

// GBV case records (Law 13/2022/QH15 on domestic violence prevention; GBVIMS).
// Case records are pseudonymous: a case code, an administrative unit and only
// the fields the indicators need. There is no field for a name, a phone
// number, an address or a narrative, and there must never be one.

#include <kehoach/access.hpp>
#include <kehoach/date.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/error.hpp>
#include <kehoach/export.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// Who received the report (Article 19 of Law 13/2022/QH15), plus the service
/// points the indicators count.
enum class ReceivingBody {
  commune_committee, police, border_post, school, village_head, mass_organisation, hotline,
  health_facility, trusted_address, social_work, other
};

/// How the report arrived.
enum class IntakeChannel { call_or_text, letter, in_person, online };

enum class CaseStatus { open, closed };

/// What happened. One list of codes holds three classifications (a case may
/// carry several of each): the four forms of harm of the law, its sixteen acts
/// a–q (Article 3), and the GBVIMS core types plus online violence, for GBV
/// the law does not cover. docs/cases.md maps one onto the other.
enum class ViolenceType {
  form_physical, form_psychological, form_sexual, form_economic,
  act_a, act_b, act_c, act_d, act_dd, act_e, act_g, act_h, act_i, act_k, act_l, act_m, act_n,
  act_o, act_p, act_q,
  gbv_rape, gbv_sexual_assault, gbv_physical_assault, gbv_forced_marriage,
  gbv_denial_of_resources, gbv_psychological_abuse, gbv_online
};

/// The form of harm an act of Article 3 belongs to; nothing for a code that is
/// not an act.
KEHOACH_API std::optional<ViolenceType> form_of_act(ViolenceType act) noexcept;

enum class Sex { female, male, other };

/// Age groups: the three of the national reporting (under 16, 16–59, 60 or
/// over) and finer groups that nest inside them.
enum class AgeGroup {
  under_16, age_0_5, age_6_10, age_11_15,
  age_16_59, age_16_17, age_18_24, age_25_39, age_40_59,
  age_60_plus, age_60_69, age_70_plus
};

/// The national group (under_16, age_16_59, age_60_plus) a group nests in.
KEHOACH_API AgeGroup coarse_age_group(AgeGroup group) noexcept;

enum class Relationship {
  spouse, former_spouse, intimate_partner, parent, child, sibling, other_family, acquaintance,
  colleague, teacher, stranger, unknown
};

/// The eleven measures of the law.
enum class MeasureKind {
  stop_order, summons, no_contact_order, shelter_essential_needs, care_treatment,
  legal_aid_counselling, behaviour_change_education, community_criticism, community_service,
  administrative_measures, criminal_procedure_measures
};

/// Who decided a measure; the limits of a no-contact order depend on it.
enum class MeasureAuthority { commune_chair, court, police, other };

enum class ServiceType {
  medical, psychosocial, legal_aid, safe_shelter, police_protection, social_work, livelihoods,
  child_protection
};

enum class ServiceOutcome { provided, referred, declined, unavailable };

enum class ReferralStatus { in_progress, accepted, rejected, done, revoked };

/// The survivor, only as far as the indicators need.
struct Survivor {
  Sex sex = Sex::female;
  AgeGroup age_group = AgeGroup::age_25_39;
  std::optional<bool> ethnic_minority;
  std::optional<bool> disability;
  std::optional<bool> migrant_worker;
  friend bool operator==(const Survivor&, const Survivor&) = default;
};

/// A measure taken on a case, dated. A no-contact order by the commune
/// chairperson lasts at most 3 days (`end` − `start` ≤ 3) and needs the
/// survivor's consent unless life is threatened; a court's lasts at most 4
/// months.
struct Measure {
  MeasureKind kind = MeasureKind::stop_order;
  Date start{};
  std::optional<Date> end;
  std::optional<MeasureAuthority> authority;
  std::optional<bool> survivor_consent;
  bool life_threatened = false;
  friend bool operator==(const Measure&, const Measure&) = default;
};

/// A support service given or offered.
struct Service {
  ServiceType type = ServiceType::medical;
  std::string provider;  ///< the providing agency's code, never a person
  Date date{};
  ServiceOutcome outcome = ServiceOutcome::provided;
  friend bool operator==(const Service&, const Service&) = default;
};

/// Who overrode the absence of consent, and why (recorded with the referral).
struct ConsentOverride {
  std::string by;  ///< principal id
  std::string reason;
  friend bool operator==(const ConsentOverride&, const ConsentOverride&) = default;
};

/// A referral from one provider to another.
struct Referral {
  std::string from;
  std::string to;
  Date date{};
  ReferralStatus status = ReferralStatus::in_progress;
  std::optional<ConsentOverride> consent_override;
  friend bool operator==(const Referral&, const Referral&) = default;
};

/// One case. `first_received_as` links a record made by a second unit (a
/// referral, a transfer) to the case code in the unit that first received
/// it, so that the case counts once.
struct CaseRecord {
  std::string code;  ///< pseudonymous: letters, digits, '-', '_', '.', '/'; never a name
  std::string unit;  ///< administrative unit code
  Date intake_date{};
  std::optional<Date> incident_date;
  ReceivingBody receiving_body = ReceivingBody::commune_committee;
  IntakeChannel channel = IntakeChannel::in_person;
  bool domestic_violence = true;
  CaseStatus status = CaseStatus::open;
  std::optional<Date> closed_on;
  std::vector<ViolenceType> violence;
  Survivor survivor;
  Relationship perpetrator = Relationship::unknown;
  bool needs_help = true;
  bool consent_services = false;
  bool consent_sharing = false;
  std::vector<Measure> measures;
  std::vector<Service> services;
  std::vector<Referral> referrals;
  std::optional<std::string> first_received_as;
  friend bool operator==(const CaseRecord&, const CaseRecord&) = default;
};

/// The version of a case: the SHA-256 (hex) of its canonical content, the
/// hash the audit trail keeps of each write. A caller that read a case gives
/// back its version with an update, close or reopen; the store refuses the
/// change (Conflict) when the case has changed since (docs/cases.md).
KEHOACH_API std::string case_version(const CaseRecord& c);

/// Which cases Store::list_cases lists, a page at a time.
struct CaseQuery {
  std::optional<Period> intake;       ///< intake date in this period (any date when absent)
  std::optional<CaseStatus> status;   ///< open or closed (both when absent)
  std::string after;                  ///< the `next` of the page before; empty for the first page
  std::size_t limit = 100;            ///< cases per page: 1 to 1000
  friend bool operator==(const CaseQuery&, const CaseQuery&) = default;
};

/// One listed case: what finds it and tells its state, no more. No version:
/// a hash of the whole case beside what the summary shows could be matched
/// against guesses of the rest (decision 0025); load the case to change it.
struct CaseSummary {
  std::string unit;
  std::string code;
  Date intake_date{};
  CaseStatus status = CaseStatus::open;
  std::optional<Date> closed_on;
  friend bool operator==(const CaseSummary&, const CaseSummary&) = default;
};

/// A page of Store::list_cases, by intake date, unit and code.
struct CasePage {
  std::vector<CaseSummary> cases;
  /// Where the next page starts (CaseQuery::after); empty on the last page.
  /// Opaque: pass it back as it is.
  std::string next;
  friend bool operator==(const CasePage&, const CasePage&) = default;
};

/// A page as JSON: `{"cases": [{"unit", "code", "intake_date", "status",
/// "closed_on"}], "next": "…" or null}`.
KEHOACH_API std::string write_case_page_json(const CasePage& page);

/// Checks a case against the rules of the model (`today` is the latest
/// acceptable date: no date may lie in the future). Paths are JSON pointers
/// within the case (`/services/0/date`).
KEHOACH_API std::vector<Diagnostic> validate_case(const CaseRecord& c, Date today);

/// The cases as a JSON document `{"format": "kehoach-cases", "format_version": 1, "cases": […]}`.
KEHOACH_API std::string write_cases_json(const std::vector<CaseRecord>& cases);
/// Reads a cases document. Errors name the case by index: `/cases/3/survivor/age_group`.
KEHOACH_API std::vector<CaseRecord> read_cases_json(std::string_view json);

/// The cases as CSV (UTF-8, header row). One row per case, service, measure
/// and referral, told apart by the `record` column (docs/cases.md).
KEHOACH_API std::string write_cases_csv(const std::vector<CaseRecord>& cases);
/// Reads cases CSV. Errors name the line and column: `line 7, column age_group`.
KEHOACH_API std::vector<CaseRecord> read_cases_csv(std::string_view csv);

#define KEHOACH_DECLARE_CASE_ENUM(E)                                              \
  extern template KEHOACH_API std::string_view to_code<E>(E);                      \
  extern template KEHOACH_API std::optional<E> from_code<E>(std::string_view);     \
  extern template KEHOACH_API std::string_view label<E>(E, Lang);                  \
  extern template KEHOACH_API std::span<const E> all_values<E>();

KEHOACH_DECLARE_CASE_ENUM(ReceivingBody)
KEHOACH_DECLARE_CASE_ENUM(IntakeChannel)
KEHOACH_DECLARE_CASE_ENUM(CaseStatus)
KEHOACH_DECLARE_CASE_ENUM(ViolenceType)
KEHOACH_DECLARE_CASE_ENUM(Sex)
KEHOACH_DECLARE_CASE_ENUM(AgeGroup)
KEHOACH_DECLARE_CASE_ENUM(Relationship)
KEHOACH_DECLARE_CASE_ENUM(MeasureKind)
KEHOACH_DECLARE_CASE_ENUM(MeasureAuthority)
KEHOACH_DECLARE_CASE_ENUM(ServiceType)
KEHOACH_DECLARE_CASE_ENUM(ServiceOutcome)
KEHOACH_DECLARE_CASE_ENUM(ReferralStatus)
KEHOACH_DECLARE_CASE_ENUM(Role)

#undef KEHOACH_DECLARE_CASE_ENUM

}  // namespace v1
}  // namespace kehoach
