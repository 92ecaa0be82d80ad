// The metrics' public types (PlanMetrics look-ups). The computation is the
// engine's (engine.hpp); their JSON and CSV are src/codec/metrics_json.cpp.

#include <kehoach/metrics.hpp>

namespace kehoach {
inline namespace v1 {

const TargetProgress* PlanMetrics::target(std::string_view id) const noexcept {
  for (const auto& t : targets) {
    if (t.target_id == id) return &t;
  }
  return nullptr;
}

const AgencyCompliance* PlanMetrics::agency(std::string_view id) const noexcept {
  for (const auto& a : agencies) {
    if (a.agency_id == id) return &a;
  }
  return nullptr;
}

}  // namespace v1
}  // namespace kehoach
