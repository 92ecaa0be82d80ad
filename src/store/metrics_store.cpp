// The store's metrics calls: one read snapshot per call, the plan's records
// read through the storage port into the engine's value types
// (metrics/engine.hpp), and the engine computes. No SQL here: the SQLite
// adapter's repositories read the rows.

#include <kehoach/document.hpp>
#include <kehoach/store.hpp>

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include "metrics/engine.hpp"
#include "store/store_impl.hpp"

namespace kehoach {
inline namespace v1 {

using store_detail::guarded;
using store_port::Access;

namespace {

void require_unit(Store::Impl& impl, std::string_view unit) {
  if (!impl.port().units().exists(unit)) throw NotFound("unit '" + std::string(unit) + "' is not in the store");
}

// The expected reports kept at write time, which a reporting roll-up reads.
store_port::ExpectedReportRepository& kept_reports(Store::Impl& impl) {
  auto& expected = impl.port().expected_reports();
  if (!expected.current()) {
    throw IoError(impl.path + ": the store's expected reports are not filled in (schema " +
                  std::to_string(impl.user_version()) + "); open it writable once to upgrade it");
  }
  return expected;
}

// The plans that count in `unit` by the units of `day`, by id, each with the
// unit of the day that holds it. NotFound when `unit` has no version that day.
std::pair<std::vector<std::string>, std::vector<std::string>> plans_on(Store::Impl& impl, std::string_view unit, Date day) {
  const auto geography = store_detail::load_geography(impl, day);
  if (!geography.valid(unit)) {
    throw NotFound("unit '" + std::string(unit) + "' has no version valid on " + format_iso_date(day));
  }
  std::pair<std::vector<std::string>, std::vector<std::string>> out;
  for (auto& place : impl.port().plans().places()) {
    const auto at = geography.place(place.unit, place.at);
    if (at && geography.holds(unit, at->unit)) {
      out.first.push_back(std::move(place.id));
      out.second.push_back(at->unit);
    }
  }
  return out;
}

// The texts in force on `day` of the plans amended after it (decision 0026),
// among the revisions recorded by `known_at` when given (decision 0030), by
// plan id: every other plan's text in force is its latest, the plan tables.
std::map<std::string, std::string, std::less<>> earlier_texts(Store::Impl& impl, Date day,
                                                             const std::optional<std::string>& known_at,
                                                             std::optional<std::string_view> plan_id = std::nullopt) {
  std::map<std::string, std::string, std::less<>> out;
  for (auto& [id, document] : impl.port().plans().earlier_in_force(day, plan_id, known_at)) {
    out.emplace(std::move(id), std::move(document));
  }
  return out;
}

Plan text_of(const std::string& document) { return read_plan_json(document).plan; }

// Metrics as known at a time read the record times of schema 15 (decision 0030).
void require_known_at(Store::Impl& impl, const MetricsOptions& options) {
  if (options.known_at) impl.require_schema(15, "metrics as known at a time");
}

PlanMetrics metrics_of(Store::Impl& impl, std::string_view plan_id, Date as_of, const MetricsOptions& options) {
  const auto earlier = earlier_texts(impl, as_of, options.known_at, plan_id);
  const auto in_force = earlier.find(plan_id);
  const Plan plan = in_force != earlier.end() ? text_of(in_force->second) : impl.load(plan_id, store_port::PlanParts::metrics);
  auto records = impl.port().records().as_of(plan.id, as_of, options.known_at);
  auto successions = impl.port().plans().agency_successions(plan_id);
  if (auto it = successions.find(plan_id); it != successions.end()) records.agency_successions = std::move(it->second);
  return engine::plan_metrics(plan, records, as_of, options);
}

}  // namespace

PlanMetrics Store::plan_metrics(std::string_view plan_id, Date as_of, const MetricsOptions& options) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  engine::check_metrics_options(as_of, options);
  return guarded(*impl_, [&] {
    const auto tx = impl_->port().begin(Access::read);  // one snapshot
    require_known_at(*impl_, options);
    PlanMetrics m = metrics_of(*impl_, plan_id, as_of, options);
    tx->commit();
    return m;
  });
}

UnitMetrics Store::unit_metrics(std::string_view unit, Date as_of, const MetricsOptions& options) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  engine::check_metrics_options(as_of, options);
  std::vector<PlanMetrics> plans;
  guarded(*impl_, [&] {
    const auto tx = impl_->port().begin(Access::read);  // every plan from one snapshot
    require_known_at(*impl_, options);
    // The plans and their records a window at a time: an engine with round
    // trips reads a window with one statement per table (load_many).
    constexpr std::size_t window = 64;
    std::vector<std::string> ids;
    if (options.boundaries) {
      ids = plans_on(*impl_, unit, *options.boundaries).first;
    } else {
      require_unit(*impl_, unit);
      ids = impl_->port().plans().ids_in_subtree(unit);
    }
    plans.reserve(ids.size());
    // Every plan's agency successions at once: a small table.
    auto successions = impl_->port().plans().agency_successions(std::nullopt);
    // The plans amended after the day: their text in force then (decision 0026).
    const auto earlier = earlier_texts(*impl_, as_of, options.known_at);
    for (std::size_t at = 0; at < ids.size(); at += window) {
      const std::span<const std::string> part(ids.data() + at, std::min(window, ids.size() - at));
      const auto loaded = impl_->port().plans().load_many(part, store_port::PlanParts::metrics);
      auto records = impl_->port().records().as_of_many(part, as_of, options.known_at);
      for (std::size_t i = 0; i < part.size(); ++i) {
        if (auto it = successions.find(part[i]); it != successions.end()) records[i].agency_successions = it->second;
        const auto in_force = earlier.find(part[i]);
        plans.push_back(engine::plan_metrics(in_force != earlier.end() ? text_of(in_force->second) : loaded[i], records[i],
                                             as_of, options));
      }
    }
    tx->commit();
  });
  auto u = engine::unit_metrics(std::string(unit), as_of, std::move(plans));
  u.boundaries = options.boundaries;
  u.known_at = options.known_at;
  return u;
}

ReportingRollup Store::reporting_rollup(std::string_view unit, Date as_of, Date boundaries) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  if (!as_of.ok()) throw InvalidArgument("the as-of date is not a valid date");
  std::vector<engine::UnitReportingCount> units;
  guarded(*impl_, [&] {
    const auto tx = impl_->port().begin(Access::read);  // one snapshot
    auto& expected = kept_reports(*impl_);
    // Each plan's counts, summed by the unit of the day that holds it.
    const auto [ids, holders] = plans_on(*impl_, unit, boundaries);
    const auto per_plan = expected.counts_of_plans(ids, as_of, engine::on_time_table());
    std::map<std::string, engine::UnitReportingCount> by_unit;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto& u = by_unit[holders[i]];
      u.unit = holders[i];
      u.plans += 1;
      u.expected += per_plan[i].expected;
      u.received += per_plan[i].received;
      u.on_time += per_plan[i].on_time;
    }
    for (auto& [code, u] : by_unit) units.push_back(std::move(u));
    tx->commit();
  });
  auto r = engine::reporting_rollup(std::string(unit), as_of, units);
  r.boundaries = boundaries;
  return r;
}

ReportingRollup Store::reporting_rollup(std::string_view unit, Date as_of) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  if (!as_of.ok()) throw InvalidArgument("the as-of date is not a valid date");
  std::vector<engine::UnitReportingCount> units;
  guarded(*impl_, [&] {
    const auto tx = impl_->port().begin(Access::read);  // one snapshot
    require_unit(*impl_, unit);
    auto& expected = kept_reports(*impl_);
    // Per unit of the subtree with plans: its plans, its expected reports
    // whose deadline has come, those received by A, and those on time by the
    // engine's on-time rule.
    units = expected.counts(unit, as_of, engine::on_time_table());
    tx->commit();
  });
  return engine::reporting_rollup(std::string(unit), as_of, units);
}

void Store::set_manual_status(const ManualStatus& m) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  if (auto errors = engine::check_manual_status(m); !errors.empty()) throw ValidationError(std::move(errors));
  guarded(*impl_, [&] {
    const auto tx = impl_->port().begin(Access::write);
    auto& records = impl_->port().records();
    if (!records.has_item(m.plan_id, m.kind, m.item_id)) {
      throw ValidationError("/item_id", m.kind + " '" + m.item_id + "' is not in plan '" + m.plan_id + "'");
    }
    // The same status, reason, author and day again is a no-op (decision 0031).
    if (!records.has_manual_status(m)) records.add_manual_status(m);
    tx->commit();
  });
}

}  // namespace v1
}  // namespace kehoach
