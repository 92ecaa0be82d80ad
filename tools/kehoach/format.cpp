#include "format.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <iomanip>
#include <sstream>

namespace kehoach_cli {

using namespace kehoach;

namespace {

constexpr Words vi_words{
    "Kho dữ liệu sẵn sàng", "Đang nhập", "Đã nhập", "kế hoạch", "cảnh báo", "Đã ghi", "số liệu chỉ tiêu",
    "cập nhật nhiệm vụ", "dự toán", "khoản chi", "báo cáo", "vụ việc", "Đã nhập gói báo cáo",
    "Nhật ký truy cập nguyên vẹn", "Nhật ký truy cập bị sửa từ mục", "Cơ quan ban hành", "Ngày ban hành",
    "không ghi", "Thời gian thực hiện", "Chỉ tiêu", "mốc", "Nhiệm vụ", "Cơ quan", "Chế độ báo cáo", "Sự kiện",
    "Cảnh báo", "hợp lệ", "không hợp lệ", "Tính đến ngày", "Kế hoạch", "Mục", "Chỉ số", "Thực tế", "Kỳ vọng",
    "Trạng thái", "Mức đạt", "Đánh giá thủ công", "Đến hạn", "Quá hạn", "Hoàn thành", "Đúng hạn", "Báo cáo",
    "Đã nhận", "Chưa nộp", "Nộp muộn", "Kinh phí", "Phân bổ", "Đã chi", "Tỷ lệ giải ngân", "Nguồn", "Tuân thủ",
    "Cơ quan", "không có", "Chỉ số về vụ việc", "Đơn vị", "Tiếp cận dịch vụ", "Được trợ giúp",
    "Chuyển tuyến hoàn thành", "Số ngày đến dịch vụ đầu tiên (trung vị)", "ẩn", "Hạn", "Đơn vị báo cáo", "Tổng", "Số vụ việc",
    "Dữ liệu vụ việc nguyên vẹn", "Dữ liệu vụ việc có sai lệch", "ô tổng hợp",
    "Đã xoá kế hoạch", "Đã cập nhật vụ việc", "Đã ghi đánh giá thủ công",
    "Đã sao chép kho dữ liệu sang", "đơn vị hành chính", "bản ghi", "mục nhật ký truy cập", "gói báo cáo",
    "đọc lại trùng khớp",
    "Đã ghi sổ đơn vị hành chính", "phiên bản", "lần kế thừa", "Tiếp nhận từ", "Chuyển cho", "từ", "đến",
    "theo địa giới hành chính ngày",
    "Đã ghi chuyển giao nhiệm vụ của cơ quan", "kết thúc", "phần còn lại", "Căn cứ",
    "Nghĩa vụ không còn cơ quan chịu trách nhiệm",
    "Đã kết thúc vụ việc", "Đã mở lại vụ việc", "Phiên bản", "Ngày tiếp nhận", "Ngày kết thúc",
    "Trang sau (--after)", "Không có vụ việc", "Mã",
    "Kế hoạch cấp trên", "Kế hoạch cấp dưới", "không có trong kho",
    "Đã ghi văn bản sửa đổi, bổ sung", "Bản", "Hiệu lực từ", "Văn bản sửa đổi, bổ sung", "bản ban hành lần đầu",
    "thêm", "bỏ", "sửa", "Không có thay đổi",
    "Thay thế kế hoạch", "Được thay thế bởi",
    "Đã rút lại số liệu", "Đã rút lại báo cáo", "Đã rút lại dự toán",
    "theo dữ liệu đã ghi đến", "Đã rút lại khoản chi"};
constexpr Words en_words{
    "Store ready", "Importing", "Imported", "plans", "warnings", "Recorded", "observations", "task updates",
    "allocations", "expenditures", "submissions", "cases", "Package imported", "Audit trail intact",
    "Audit trail broken at entry", "Issuer", "Issued", "not stated", "Period", "Targets", "milestones", "Tasks",
    "Agencies", "Reporting duties", "Events", "Warnings", "valid", "invalid", "As of", "Plan", "Item",
    "Indicator", "Actual", "Expected", "Status", "Attainment", "Manual status", "Due", "Overdue", "Completed",
    "On time", "Reports", "Received", "Missing", "Late", "Budget", "Allocated", "Spent", "Execution", "Source",
    "Compliance", "Agency", "none", "Case indicators", "Unit", "Service access", "Helped", "Referrals completed",
    "Days to first service (median)", "suppressed", "Deadline", "Reporter", "Total", "Cases",
    "Case data intact", "Case data differs", "cells",
    "Plan removed", "Case updated", "Manual status recorded",
    "Store copied to", "units", "records", "audit entries", "packages", "read back equal",
    "Register recorded", "versions", "successions", "Took over from", "Passed to", "from", "to",
    "by the units of",
    "Agency successions recorded", "ended", "the rest", "Basis",
    "Obligations with no agency left to answer",
    "Case closed", "Case reopened", "Version", "Intake", "Closed on",
    "Next page (--after)", "No cases", "Code",
    "Plans above", "Plans below", "not in the store",
    "Amendment recorded", "Revision", "In force from", "Amending document", "as first issued",
    "added", "removed", "changed", "No changes",
    "Replaces", "Replaced by",
    "Observation retracted", "Submission retracted", "Allocation retracted",
    "as recorded by", "Expenditure retracted"};

// Display width of UTF-8 text: one column per code point (text is NFC).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, std::size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }

void table(std::ostream& out, const std::vector<std::vector<std::string>>& rows, const std::string& indent = "  ") {
  std::vector<std::size_t> widths;
  for (const auto& r : rows) {
    widths.resize(std::max(widths.size(), r.size()));
    for (std::size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], width(r[i]));
  }
  for (const auto& r : rows) {
    std::string line = indent;
    for (std::size_t i = 0; i < r.size(); ++i) line += (i + 1 < r.size() ? pad(r[i], widths[i] + 2) : r[i]);
    out << line << "\n";
  }
}

// The language of numbers in labels; set once by the report being printed.
Lang number_lang = Lang::vi;

// A number for people: one decimal unless whole, with a decimal comma in Vietnamese.
std::string number(std::optional<double> v, int decimals = 1) {
  if (!v) return "—";
  std::ostringstream s;
  const double rounded = std::round(*v * std::pow(10, decimals)) / std::pow(10, decimals);
  s << std::fixed << std::setprecision(std::abs(rounded - std::round(rounded)) < 1e-9 ? 0 : decimals) << rounded;
  std::string out = s.str();
  if (number_lang == Lang::vi) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

std::string percent(const Rate& r, const Words& w) {
  if (r.suppressed) return std::string("(") + w.suppressed + ")";
  std::string out = r.value ? number(r.value) + "%" : "—";
  if (r.numerator.value && r.denominator.value) out += " (" + std::to_string(*r.numerator.value) + "/" + std::to_string(*r.denominator.value) + ")";
  return out;
}

std::string count(const Count& c, const Words& w) {
  if (c.suppressed) return std::string("(") + w.suppressed + ")";
  return c.value ? std::to_string(*c.value) : "—";
}

std::string money(Dong d, Lang lang) {
  std::string digits = std::to_string(d.value() < 0 ? -d.value() : d.value());
  std::string out;
  const char sep = lang == Lang::vi ? '.' : ',';
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return (d.value() < 0 ? "-" : "") + out + (lang == Lang::vi ? " đ" : " VND");
}

std::string date_text(Date d) { return format_vietnamese_date(d); }

std::string agency_name(const Plan& plan, const std::string& id) {
  const Agency* a = plan.find_agency(id);
  return a ? (a->short_name ? *a->short_name : a->name) : id;
}

void print_plan(std::ostream& out, const Plan& plan, const PlanMetrics& m, const std::string& agency_filter, Lang lang) {
  const Words& w = words(lang);
  out << w.plan << " " << plan.number.value_or("(" + std::string(w.not_stated) + ")") << " — " << plan.title << "\n";
  out << "  " << w.period << ": " << date_text(plan.period.start) << "–" << date_text(plan.period.end) << "\n";
  if (!m.targets.empty()) {
    out << w.targets << "\n";
    std::vector<std::vector<std::string>> rows{{w.item, w.indicator, w.actual, w.expected, w.status, w.attainment}};
    for (const auto& t : m.targets) {
      std::string status = std::string(label(t.status, lang));
      if (t.manual) status += " [" + std::string(w.manual) + ": " + t.manual->status + "]";
      rows.push_back({t.code, std::to_string(t.indicator), number(t.actual), number(t.expected), status,
                      t.attainment ? number(t.attainment) + "%" : "—"});
    }
    table(out, rows);
    for (const auto& t : m.targets) {
      for (const auto& ms : t.milestones) {
        out << "    " << t.code << "." << t.indicator << " " << w.milestones << " " << date_text(ms.date) << " (" << number(ms.target)
            << "): " << label(ms.outcome, lang) << "\n";
      }
    }
  }
  const TaskMetrics& t = m.tasks;
  out << w.tasks << ": " << w.due << " " << t.due << " · " << w.overdue << " " << t.overdue << " · " << w.completed << " "
      << percent(t.completion_rate, w) << " · " << w.on_time << " " << percent(t.on_time_rate, w) << "\n";
  const ReportingMetrics& r = m.reporting;
  out << w.reports << ": " << w.received << " " << percent(r.reporting_rate, w) << " · " << w.on_time << " "
      << percent(r.on_time_rate, w) << "\n";
  auto report_rows = [&](const char* title, const std::vector<ReportStatus>& list) {
    if (list.empty()) return;
    out << "  " << title << ":\n";
    std::vector<std::vector<std::string>> rows{{w.reporter, w.period, w.deadline}};
    for (const auto& x : list) {
      std::string who = agency_name(plan, x.reporter);
      if (!x.responsible) {
        who += " (" + std::string(w.orphaned) + ")";
      } else if (*x.responsible != x.reporter) {
        who += " → " + agency_name(plan, *x.responsible);
      }
      rows.push_back({who, date_text(x.period.start) + "–" + date_text(x.period.end), date_text(x.deadline)});
    }
    table(out, rows, "    ");
  };
  report_rows(w.missing, r.missing);
  report_rows(w.late, r.late);
  const BudgetMetrics& b = m.budget;
  out << w.budget << ": " << w.allocated << " " << money(b.total.allocated, lang) << " · " << w.spent << " "
      << money(b.total.spent, lang) << " · " << w.execution << " " << (b.total.execution_rate ? number(b.total.execution_rate) + "%" : "—") << "\n";
  if (!b.by_source.empty()) {
    std::vector<std::vector<std::string>> rows{{w.source, w.allocated, w.spent, w.execution}};
    for (const auto& s : b.by_source) {
      std::string name = s.key;
      for (const auto& f : plan.funding_sources) {
        if (f.id == s.key) name = std::string(label(f.kind, lang));
      }
      rows.push_back({name, money(s.allocated, lang), money(s.spent, lang), s.execution_rate ? number(s.execution_rate) + "%" : "—"});
    }
    table(out, rows);
  }
  out << w.compliance << ": " << percent(m.plan_compliance, w) << "\n";
  std::vector<std::vector<std::string>> rows{{w.agency, w.tasks, w.reports, w.compliance}};
  for (const auto& a : m.agencies) {
    if (!agency_filter.empty() && a.agency_id != agency_filter) continue;
    if (!a.compliance.denominator.value || *a.compliance.denominator.value == 0) continue;
    std::string name = plan.find_agency(a.agency_id) ? agency_name(plan, a.agency_id) : a.name;
    if (a.ended) name += " (" + std::string(w.ended) + " " + date_text(*a.ended) + ")";
    rows.push_back({name, percent(a.tasks, w), percent(a.reports, w), percent(a.compliance, w)});
  }
  if (rows.size() > 1) table(out, rows);
  if (!m.orphaned.empty() && agency_filter.empty()) {
    out << w.orphaned << ": " << m.orphaned.size() << "\n";
    std::vector<std::vector<std::string>> orphan_rows{{w.item, w.agency, w.deadline}};
    for (const auto& x : m.orphaned) {
      orphan_rows.push_back({(x.kind == "task" ? std::string(w.tasks) : std::string(w.reports)) + " " + x.item_id,
                             agency_name(plan, x.agency_id), date_text(x.due)});
    }
    table(out, orphan_rows, "    ");
  }
}

}  // namespace

const Words& words(Lang lang) { return lang == Lang::en ? en_words : vi_words; }

void print_case_page(std::ostream& out, const CasePage& page, Lang lang) {
  const Words& w = words(lang);
  if (page.cases.empty()) {
    out << w.no_cases << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{{w.unit, w.code, w.intake, w.status, w.closed_on}};
  for (const auto& c : page.cases) {
    rows.push_back({c.unit, c.code, date_text(c.intake_date), std::string(label(c.status, lang)),
                    c.closed_on ? date_text(*c.closed_on) : ""});
  }
  table(out, rows, "");
  if (!page.next.empty()) out << w.next_page << ": " << page.next << "\n";
}

void print_cases(std::ostream& out, const CaseIndicators& x, Lang lang) {
  const Words& w = words(lang);
  out << w.case_indicators << " — " << w.unit << " " << x.unit << ", " << date_text(x.period.start) << "–"
      << date_text(x.period.end) << (x.disclosure_controlled ? " (k = " + std::to_string(x.k) + ")" : "");
  if (x.boundaries) out << " (" << w.by_units_of << " " << format_vietnamese_date(*x.boundaries) << ")";
  out << "\n";
  std::vector<std::vector<std::string>> rows{{w.case_count, count(x.cases, w)},
                                             {w.service_access, percent(x.service_access, w)},
                                             {w.help, percent(x.help, w)},
                                             {w.referrals, percent(x.referral_completion, w)},
                                             {w.median_days, number(x.median_days_to_first_service)}};
  table(out, rows);
  for (const char* name : {"sex", "age_group", "intake_channel", "days_to_first_service"}) {
    const Disaggregation* d = x.find(name);
    if (!d) continue;
    std::string line = std::string("  ") + name + ":";
    for (const auto& c : d->cells) line += " " + c.category + " " + count(c.count, w) + ";";
    out << line << "\n";
  }
}


void print_reporting(std::ostream& out, const ReportingRollup& r, Lang lang) {
  const Words& w = words(lang);
  number_lang = lang;
  out << w.reports << " — " << w.unit << " " << r.unit << ", " << w.as_of << " " << format_vietnamese_date(r.as_of);
  if (r.boundaries) out << " (" << w.by_units_of << " " << format_vietnamese_date(*r.boundaries) << ")";
  out << "\n";
  std::vector<std::vector<std::string>> rows{{w.unit, w.expected, w.received, w.on_time}};
  for (const auto& u : r.units) {
    rows.push_back({u.unit, std::to_string(u.expected), std::to_string(u.received), std::to_string(u.on_time)});
  }
  rows.push_back({w.total, std::to_string(r.expected), std::to_string(r.received), std::to_string(r.on_time)});
  table(out, rows);
  out << w.received << " " << percent(r.reporting_rate, w) << " · " << w.on_time << " " << percent(r.on_time_rate, w) << "\n";
}

int validate_files(const std::vector<std::string>& files, Lang lang, bool quiet) {
  const Words& w = words(lang);
  int status = 0;
  for (const auto& file : files) {
    try {
      const auto doc = read_plan_file(file);
      const auto& p = doc.plan;
      std::size_t milestones = 0;
      for (const auto& t : p.targets) milestones += t.milestones.size();
      const auto* issuer = p.find_agency(p.issuer);
      std::cout << file << ": " << w.valid << "\n"
                << "  " << p.number.value_or("(" + std::string(w.not_stated) + ")") << " — " << p.title << "\n"
                << "  " << w.issuer << ": " << (issuer ? issuer->name : p.issuer) << " · " << w.issued << ": "
                << (p.issue_date ? format_vietnamese_date(*p.issue_date) : w.not_stated) << " · " << w.period << ": "
                << format_vietnamese_date(p.period.start) << "–" << format_vietnamese_date(p.period.end) << "\n"
                << "  " << w.targets << ": " << p.targets.size() << " (" << milestones << " " << w.milestones << ") · "
                << w.tasks << ": " << p.tasks.size() << " · " << w.agencies << ": " << p.agencies.size() << " · "
                << w.duties << ": " << p.reporting_duties.size() << " · " << w.events << ": " << p.events.size() << "\n";
      if (!quiet && !doc.warnings.empty()) {
        std::cout << "  " << w.warnings << " (" << doc.warnings.size() << "):\n";
        for (const auto& d : doc.warnings) std::cout << "    " << to_string(d) << "\n";
      }
    } catch (const ValidationError& e) {
      std::cerr << file << ": " << w.invalid << "\n";
      for (const auto& d : e.errors()) std::cerr << "  " << to_string(d) << "\n";
      status = 1;
    } catch (const Error& e) {
      std::cerr << "kehoach: " << e.what() << "\n";
      status = 1;
    }
  }
  return status;
}

int print_status(Store& store, const StatusRequest& request, Lang lang) {
  const Words& w = words(lang);
  number_lang = lang;
  if (!request.unit.empty()) {
    MetricsOptions options;
    options.boundaries = request.boundaries;
    options.known_at = request.known_at;
    const UnitMetrics u = store.unit_metrics(request.unit, request.as_of, options);
    if (request.json) {
      std::cout << write_metrics_json(u) << "\n";
      return 0;
    }
    std::cout << w.as_of << " " << format_vietnamese_date(request.as_of) << " — " << w.unit << " " << request.unit;
    if (request.boundaries) std::cout << " (" << w.by_units_of << " " << format_vietnamese_date(*request.boundaries) << ")";
    if (request.known_at) std::cout << " (" << w.as_recorded_by << " " << *request.known_at << ")";
    std::cout << "\n\n";
    for (const auto& m : u.plans) {
      print_plan(std::cout, store.load_plan(m.plan_id), m, request.agency_id, lang);
      std::cout << "\n";
    }
    std::cout << w.total << ": " << w.tasks << " " << percent(u.on_time_rate, w) << " · " << w.reports << " "
              << percent(u.reporting_rate, w) << " · " << w.compliance << " " << percent(u.compliance, w) << "\n";
  } else {
    const std::vector<std::string> ids = request.plan_id.empty() ? store.plan_ids() : std::vector<std::string>{request.plan_id};
    std::vector<PlanMetrics> all;
    MetricsOptions options;
    options.known_at = request.known_at;
    for (const auto& id : ids) all.push_back(store.plan_metrics(id, request.as_of, options));
    if (request.json) {
      std::cout << (all.size() == 1 ? write_metrics_json(all.front()) : write_metrics_json(std::span<const PlanMetrics>(all))) << "\n";
      return 0;
    }
    std::cout << w.as_of << " " << format_vietnamese_date(request.as_of);
    if (request.known_at) std::cout << " (" << w.as_recorded_by << " " << *request.known_at << ")";
    std::cout << "\n\n";
    for (const auto& m : all) {
      print_plan(std::cout, store.load_plan(m.plan_id), m, request.agency_id, lang);
      std::cout << "\n";
    }
  }
  if (request.principal && request.principal->role != Role::auditor) {
    const std::string unit = request.unit.empty() ? request.principal->unit : request.unit;
    // A case worker sees the year so far; anyone else only years that have
    // closed (the store refuses others, decision 0023): the last year ended
    // before the as-of date.
    // By another day's units (--boundaries) every principal is given
    // released numbers, so a closed year too.
    const int year = static_cast<int>(request.as_of.year());
    const bool plain = request.principal->role == Role::case_worker && !request.boundaries;
    const Period period = period_of(PeriodType::year, plain ? year : year - 1, 1);
    print_cases(std::cout,
                request.boundaries ? store.case_indicators(*request.principal, unit, period, request.as_of, *request.boundaries)
                                   : store.case_indicators(*request.principal, unit, period, request.as_of),
                lang);
  }
  return 0;
}

}  // namespace kehoach_cli
