// Disclosure control of case indicators (METRICS.md §7). Their JSON is
// src/codec/indicators_json.cpp.

#include <kehoach/indicators.hpp>


#include <algorithm>

namespace kehoach {
inline namespace v1 {

std::optional<double> percent_of(double numerator, double denominator) noexcept {
  if (!(denominator > 0)) return std::nullopt;
  return 100.0 * numerator / denominator;
}

Rate make_rate(std::int64_t numerator, std::int64_t denominator) {
  Rate r;
  r.numerator.value = numerator;
  r.denominator.value = denominator;
  r.value = percent_of(static_cast<double>(numerator), static_cast<double>(denominator));
  return r;
}

const Disaggregation* CaseIndicators::find(std::string_view name) const noexcept {
  for (const auto& d : disaggregations) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

namespace {

void primary(Count& c, int k) {
  if (c.value && *c.value > 0 && *c.value < k) {
    c.value.reset();
    c.suppressed = true;
  }
}

void rate(Rate& r, int k) {
  primary(r.numerator, k);
  primary(r.denominator, k);
  if (r.numerator.suppressed || r.denominator.suppressed) {
    r.value.reset();
    r.suppressed = true;
  }
}

}  // namespace

void apply_disclosure_control(CaseIndicators& x, const DisclosureOptions& options) {
  const int k = options.k;
  x.k = k;
  x.disclosure_controlled = true;
  primary(x.cases, k);
  primary(x.cases_with_service, k);
  rate(x.service_access, k);
  rate(x.help, k);
  rate(x.referral_completion, k);
  if (x.cases_with_service.suppressed || !x.cases_with_service.value) {
    x.median_days_to_first_service.reset();
    x.p90_days_to_first_service.reset();
  }
  for (auto& d : x.disaggregations) {
    primary(d.total, k);
    for (auto& cell : d.cells) primary(cell.count, k);
    // Secondary suppression: one withheld cell beside a shown total could be
    // recovered by subtraction, so the smallest other non-zero cell goes too.
    if (d.total.suppressed) continue;
    const auto withheld = std::count_if(d.cells.begin(), d.cells.end(), [](const Cell& c) { return c.count.suppressed; });
    if (withheld != 1) continue;
    Cell* smallest = nullptr;
    for (auto& cell : d.cells) {
      if (cell.count.suppressed || !cell.count.value || *cell.count.value == 0) continue;
      if (!smallest || *cell.count.value < *smallest->count.value) smallest = &cell;
    }
    if (smallest) {
      smallest->count.value.reset();
      smallest->count.suppressed = true;
    }
  }
}

}  // namespace v1
}  // namespace kehoach
