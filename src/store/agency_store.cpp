// Agencies over time in the store (docs/data-model.md, "Agencies over time";
// decision 0022): successions recorded after the fact beside their plan,
// checked by the engine's rules (metrics/lifetimes.hpp), and the reports
// that passed to a successor kept answered by its submissions.

#include "metrics/lifetimes.hpp"
#include "store/store_impl.hpp"

#include <map>
#include <set>

namespace kehoach {
inline namespace v1 {

using store_port::Access;
using store_port::PlanParts;
using store_detail::guarded;

namespace store_detail {

record_checks::PlanFacts::Passed passed_reports_of(store_port::Storage& storage, std::string_view plan_id) {
  auto all = storage.plans().agency_successions(plan_id);
  const auto it = all.find(plan_id);
  if (it == all.end() || it->second.empty()) return {};
  const Plan plan = storage.plans().load(plan_id, PlanParts::metrics);
  const engine::Lifetimes lifetimes(plan, it->second);
  return engine::passed_reports(lifetimes, engine::expected_reports_of(plan));
}

void note_passed_submissions(store_port::Storage& storage, std::string_view plan_id,
                             const record_checks::PlanFacts::Passed& passed, std::span<const ReportSubmission> submissions) {
  if (passed.empty()) return;
  std::vector<ReportSubmission> answered;
  for (const auto& s : submissions) {
    if (s.plan_id != plan_id) continue;
    const auto it = passed.find({s.duty_id, s.reporter, s.period.start});
    if (it == passed.end()) continue;
    for (const auto& original : it->second) {
      ReportSubmission row = s;
      row.reporter = original;
      answered.push_back(std::move(row));
    }
  }
  if (!answered.empty()) storage.expected_reports().note(answered);
}

}  // namespace store_detail

namespace {

void require_agency_schema(Store::Impl& impl) {
  impl.require_schema(10, "agency successions");
}

}  // namespace

void Store::record_agency_successions(std::span<const AgencySuccession> successions) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(*impl_, [&] {
    require_agency_schema(*impl_);
    auto& port = impl_->port();
    const auto tx = port.begin(Access::write);
    struct Work {
      Plan plan;
      std::vector<AgencySuccession> known;  // stored, then those of this call accepted so far
    };
    std::map<std::string, Work, std::less<>> plans;
    std::vector<Diagnostic> errors;
    for (std::size_t i = 0; i < successions.size() && errors.size() < record_checks::max_errors; ++i) {
      const AgencySuccession& s = successions[i];
      const std::string path = "/successions/" + std::to_string(i);
      auto it = plans.find(s.plan_id);
      if (it == plans.end()) {
        if (!port.plans().exists(s.plan_id)) {
          errors.push_back({Severity::error, path + "/plan_id", "plan '" + s.plan_id + "' is not in the store"});
          continue;
        }
        Work w{port.plans().load(s.plan_id, PlanParts::metrics), {}};
        auto stored = port.plans().agency_successions(s.plan_id);
        if (auto found = stored.find(s.plan_id); found != stored.end()) w.known = std::move(found->second);
        it = plans.emplace(s.plan_id, std::move(w)).first;
      }
      Work& w = it->second;
      const std::size_t before = errors.size();
      try {
        engine::check_agency_successions(w.plan, w.known, std::span(&s, 1), "/successions", i);
      } catch (const ValidationError& e) {
        errors.insert(errors.end(), e.errors().begin(), e.errors().end());
      }
      for (std::size_t k = 0; k < s.joining.size(); ++k) {
        const auto& unit = s.joining[k].unit;
        if (unit && !port.units().exists(*unit)) {
          errors.push_back({Severity::error, path + "/joining/" + std::to_string(k) + "/unit",
                            "unit '" + *unit + "' is not in the store"});
        }
      }
      if (errors.size() == before) w.known.push_back(s);
    }
    if (!errors.empty()) throw ValidationError(std::move(errors));
    for (const auto& s : successions) port.plans().insert_agency_succession(s);
    // Submissions already stored may answer reports that now passed to them
    // (a store whose kept reports are stale refills them on its next writable open).
    for (const auto& [id, w] : plans) {
      if (!port.expected_reports().current()) break;
      const engine::Lifetimes lifetimes(w.plan, w.known);
      const auto passed = engine::passed_reports(lifetimes, engine::expected_reports_of(w.plan));
      store_detail::note_passed_submissions(port, id, passed, port.records().submissions(id));
    }
    tx->commit();
  });
}

std::vector<AgencySuccession> Store::record_agency_successions_json(std::string_view json) {
  auto successions = read_agency_successions_json(json);
  record_agency_successions(successions);
  return successions;
}

std::vector<AgencySuccession> Store::agency_successions(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] {
    const auto tx = impl_->port().begin(Access::read);
    if (!impl_->port().plans().exists(plan_id)) throw NotFound("plan '" + std::string(plan_id) + "' is not in the store");
    auto all = impl_->port().plans().agency_successions(plan_id);
    tx->commit();
    const auto it = all.find(plan_id);
    return it == all.end() ? std::vector<AgencySuccession>{} : std::move(it->second);
  });
}

}  // namespace v1
}  // namespace kehoach
