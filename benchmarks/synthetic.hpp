#pragma once

// A deterministic (seeded) generator of national-scale synthetic data, made
// through the public API only: the current two-tier tree (provinces and
// communes) plus merged former communes, one plan per commune with its
// targets, tasks, agencies and reporting duties, five years of observations,
// report submissions with realistic lateness, allocations and expenditures,
// and GBV case records with services and referrals. None of it is real.

#include <kehoach/kehoach.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace kehoach::bench {

struct Scale {
  int provinces = 34;
  int communes = 3321;         ///< spread over the provinces
  int merged_per_province = 3;  ///< former communes merged into a current one on 1/7/2025
  int cases = 1'000'000;
  std::uint32_t seed = 2026;
};

struct Generated {
  std::vector<AdministrativeUnit> units;
  std::vector<Plan> plans;
  RecordBatch records;
  std::vector<std::vector<CaseRecord>> cases_by_province;  ///< index = province
  std::vector<std::string> province_codes;
};

inline unsigned pick(std::mt19937& rng, std::size_t n) { return static_cast<unsigned>(rng() % n); }

inline std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(static_cast<std::size_t>(width) - std::min<std::size_t>(s.size(), static_cast<std::size_t>(width)), '0') + s;
}

inline Date day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

inline Date plus_days(Date d, int n) { return Date{std::chrono::sys_days{d} + std::chrono::days{n}}; }

inline Plan commune_plan(const AdministrativeUnit& province, const AdministrativeUnit& commune, std::mt19937& rng) {
  Plan p;
  p.id = "plan-" + commune.code;
  p.number = std::to_string(10 + pick(rng, 200)) + "/KH-UBND";
  p.title = "Kế hoạch phòng ngừa và ứng phó với bạo lực trên cơ sở giới " + commune.name;
  p.issuer = "ubnd";
  p.issue_date = day(2021, 3, 1 + pick(rng, 28));
  p.level = Level::commune;
  p.unit = commune.code;
  p.period = Period{day(2021, 1, 1), day(2025, 12, 31)};
  p.units = {province, commune};
  const char* names[] = {"Ủy ban nhân dân xã", "Phòng Văn hóa – Xã hội", "Công an xã", "Trạm Y tế", "Hội Liên hiệp Phụ nữ",
                         "Đoàn Thanh niên", "Trường Tiểu học", "Trường THCS", "Ủy ban MTTQ", "Văn phòng HĐND và UBND"};
  const char* ids[] = {"ubnd", "vhxh", "cong-an", "tram-y-te", "hoi-phu-nu", "doan-tn", "truong-th", "truong-thcs", "mttq", "van-phong"};
  for (int i = 0; i < 10; ++i) {
    p.agencies.push_back(Agency{ids[i], names[i], {}, {}, i == 0 ? AgencyKind::people_committee : AgencyKind::office,
                                Level::commune, commune.code, {}, {}, {}});
  }
  p.funding_sources = {FundingSource{"nsnn", FundingKind::state_budget, {}},
                       FundingSource{"xhh", FundingKind::mobilised, {}}};
  const char* codes[] = {"a", "b", "c", "d", "đ", "e", "g", "h"};
  for (int i = 0; i < 8; ++i) {
    Target t;
    t.id = "t" + std::to_string(i);
    t.code = codes[i];
    t.description = "Chỉ tiêu " + std::string(codes[i]);
    t.comparator = Comparator::at_least;
    t.unit = TargetUnit::percent;
    const double first = 40 + static_cast<double>(pick(rng, 40));
    t.milestones = {Milestone{day(2023, 12, 31), first, false, {}}, Milestone{day(2025, 12, 31), std::min(100.0, first + 15), false, {}}};
    p.targets.push_back(t);
  }
  for (int g = 0; g < 3; ++g) {
    Task group;
    group.id = "g" + std::to_string(g);
    group.section = "III." + std::to_string(g + 1);
    group.title = "Nhóm nhiệm vụ " + std::to_string(g + 1);
    group.lead = ids[1 + g];
    p.tasks.push_back(group);
    for (int k = 0; k < 9; ++k) {
      Task t;
      t.id = group.id + "-" + std::to_string(k);
      t.parent = group.id;
      t.section = group.section + "." + std::to_string(k + 1);
      t.title = "Nhiệm vụ " + t.section;
      if (k % 3 == 0) t.recurrence = YearlyRecurrence{DayMonth{15, 12}, {}, {}};
      else t.due = day(2021 + static_cast<int>(pick(rng, 5)), 1 + pick(rng, 12), 1 + pick(rng, 28));
      if (k % 4 == 1) t.collaborators = {ids[5 + g]};
      p.tasks.push_back(t);
    }
  }
  p.reporting_duties = {
      ReportingDuty{"bc-6-thang", {"vhxh", "cong-an"}, "ubnd", {}, PeriodType::half_year, {1},
                    Deadline{DeadlineRule::before, DayMonth{10, 6}, 0}, {}},
      ReportingDuty{"bc-nam", {"vhxh", "cong-an"}, "ubnd", {}, PeriodType::year, {},
                    Deadline{DeadlineRule::by, DayMonth{20, 11}, 0}, {}}};
  return p;
}

inline Generated generate(const Scale& scale) {
  std::mt19937 rng(scale.seed);
  Generated g;
  std::vector<std::vector<AdministrativeUnit>> communes(static_cast<std::size_t>(scale.provinces));
  int next_commune = 1;
  for (int p = 0; p < scale.provinces; ++p) {
    AdministrativeUnit province{pad(p + 1, 2), "Tỉnh " + std::to_string(p + 1), Level::province, {}, {}, {}, {}};
    g.units.push_back(province);
    g.province_codes.push_back(province.code);
    const int count = scale.communes / scale.provinces + (p < scale.communes % scale.provinces ? 1 : 0);
    for (int c = 0; c < count; ++c) {
      AdministrativeUnit commune{pad(next_commune++, 5), "Xã " + std::to_string(next_commune), Level::commune, province.code, {}, {}, {}};
      communes[static_cast<std::size_t>(p)].push_back(commune);
      g.units.push_back(commune);
      g.plans.push_back(commune_plan(province, commune, rng));
    }
    for (int m = 0; m < scale.merged_per_province && !communes[static_cast<std::size_t>(p)].empty(); ++m) {
      const auto& successor = communes[static_cast<std::size_t>(p)][static_cast<std::size_t>(m) % communes[static_cast<std::size_t>(p)].size()];
      g.units.push_back(AdministrativeUnit{pad(90000 + p * 10 + m, 5), "Xã cũ " + std::to_string(m), Level::commune, province.code,
                                           {}, day(2025, 6, 30), successor.code});
    }
  }
  for (const auto& plan : g.plans) {
    for (const auto& t : plan.targets) {
      for (int y = 2021; y <= 2025; ++y) {
        g.records.observations.push_back({plan.id, t.id, day(y, 12, 31), static_cast<double>(20 + pick(rng, 81)), {}, {}});
      }
    }
    for (const auto& d : plan.reporting_duties) {
      for (int y = 2021; y <= 2025; ++y) {
        const Period period = d.period == PeriodType::year ? period_of(PeriodType::year, y, 1) : period_of(PeriodType::half_year, y, 1);
        const Date deadline = deadline_date(*d.deadline, period);
        for (const auto& reporter : d.reporters) {
          const unsigned r = pick(rng, 100);
          if (r < 8) continue;  // missing
          const int offset = r < 70 ? -static_cast<int>(1 + pick(rng, 20)) : static_cast<int>(pick(rng, 30));  // 30% late
          g.records.submissions.push_back({plan.id, d.id, reporter, period, plus_days(deadline, offset)});
        }
      }
    }
    for (int y = 2021; y <= 2025; ++y) {
      const std::int64_t amount = 50'000'000 + static_cast<std::int64_t>(pick(rng, 100)) * 1'000'000;
      g.records.allocations.push_back({plan.id, y, "nsnn", "vhxh", {}, day(y, 1, 15), Dong{amount}});
      g.records.expenditures.push_back({plan.id, day(y, 10, 1), "nsnn", "vhxh", {}, Dong{amount * static_cast<std::int64_t>(50 + pick(rng, 50)) / 100}, {}});
    }
  }
  g.cases_by_province.resize(static_cast<std::size_t>(scale.provinces));
  const ViolenceType kinds[] = {ViolenceType::form_physical, ViolenceType::form_psychological, ViolenceType::form_sexual,
                                ViolenceType::form_economic, ViolenceType::gbv_online};
  const ServiceType services[] = {ServiceType::medical, ServiceType::psychosocial, ServiceType::legal_aid, ServiceType::safe_shelter};
  for (int i = 0; i < scale.cases; ++i) {
    const auto p = static_cast<std::size_t>(pick(rng, static_cast<unsigned>(scale.provinces)));
    const auto& list = communes[p];
    if (list.empty()) continue;
    CaseRecord c;
    // Codes are issued by the province that receives the case, as real case
    // registers do ("VL-2025-0001"): a province's batch extends its own range.
    c.code = "BM-" + g.province_codes[p] + "-" + pad(i, 7);
    c.unit = list[pick(rng, list.size())].code;
    c.intake_date = plus_days(day(2021, 1, 1), static_cast<int>(pick(rng, 1826)));
    c.receiving_body = static_cast<ReceivingBody>(pick(rng, 11));
    c.channel = static_cast<IntakeChannel>(pick(rng, 4));
    c.violence = {kinds[pick(rng, 5)]};
    c.survivor = Survivor{pick(rng, 10) < 9 ? Sex::female : Sex::male, static_cast<AgeGroup>(pick(rng, 12)),
                          pick(rng, 5) == 0, pick(rng, 20) == 0, pick(rng, 10) == 0};
    c.needs_help = pick(rng, 5) != 0;
    c.consent_services = true;
    if (pick(rng, 10) < 8) {
      c.services.push_back(Service{services[pick(rng, 4)], "tram-y-te", plus_days(c.intake_date, static_cast<int>(pick(rng, 20))),
                                   ServiceOutcome::provided});
    }
    if (pick(rng, 10) == 0) {
      c.referrals.push_back(Referral{"tram-y-te", "ttyt", plus_days(c.intake_date, 1), pick(rng, 2) ? ReferralStatus::done : ReferralStatus::accepted, {}});
    }
    g.cases_by_province[p].push_back(std::move(c));
  }
  return g;
}

}  // namespace kehoach::bench
