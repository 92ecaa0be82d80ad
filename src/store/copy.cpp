// Store::copy_to's engine-neutral part (store/copy.hpp).

#include "store/copy.hpp"

#include "metrics/lifetimes.hpp"
#include "store/store_impl.hpp"

#include <kehoach/enums.hpp>
#include <kehoach/error.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace store_copy {

namespace {

using store_port::Storage;

// Everything of one plan: the document and its records, each list in the
// order the port reads it (the order the destination must keep).
struct PlanContents {
  Plan plan;
  std::vector<ObservationVersion> observations;  // every version, by target, in the plan's order
  std::vector<TaskChange> task_changes;   // by task, in the plan's order
  std::vector<AllocationVersion> allocations;  // every version (allocation_history's order)
  std::vector<ExpenditureVersion> expenditures;  // every version (expenditure_history's order)
  std::vector<SubmissionVersion> submissions;  // held and retracted (submission_history's order)
  std::vector<ManualStatus> manual_statuses;
  std::vector<AgencySuccession> agency_successions;  // in the order recorded
  std::vector<store_port::StoredRevision> revisions;  // by revision (schema 12)
  friend bool operator==(const PlanContents&, const PlanContents&) = default;
};

struct Cell {
  std::string unit;
  case_tally::EncodedCell cell;
  friend bool operator==(const Cell& a, const Cell& b) {
    return a.unit == b.unit && a.cell.month == b.cell.month && a.cell.last_event == b.cell.last_event &&
           a.cell.counts == b.cell.counts && a.cell.days == b.cell.days && a.cell.events == b.cell.events;
  }
};

struct Entry {
  audit_chain::StoredEntry e;
  friend bool operator==(const Entry& a, const Entry& b) {
    return a.e.entry == b.e.entry && a.e.role == b.e.role && a.e.mac == b.e.mac;
  }
};

struct Contents {
  std::vector<AdministrativeUnit> units;
  std::vector<unit_register::StoredVersion> versions;
  std::vector<Succession> successions;
  std::vector<PlanContents> plans;
  bool expected_current = false;
  std::vector<CaseRecord> cases;
  std::optional<std::string> layout;
  std::vector<Cell> cells;
  std::vector<Entry> audit;
  std::map<std::int64_t, std::string> digests;
  std::vector<store_port::StoredPackage> packages;
  std::vector<store_port::ReleaseSeal> seals;  ///< sealed release families (schema 11)
};

using store_detail::last_day;

Contents read(Storage& s) {
  Contents c;
  c.units = s.units().all();
  if (s.schema_version() >= 9) {
    c.versions = s.units().all_versions();
    c.successions = s.units().all_successions();
  } else {
    // Before schema 9 each unit was its one version (as the migration makes it).
    for (const auto& u : c.units) c.versions.push_back({1, {u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to}});
  }
  for (const auto& id : s.plans().ids()) {
    PlanContents p;
    p.plan = s.plans().load(id, store_port::PlanParts::all);
    auto& records = s.records();
    for (const auto& t : p.plan.targets) {
      auto history = records.observation_history(id, t.id);
      // A source kept below schema 13 may hold one date twice, all of it
      // holding: as the upgrade does, the row recorded last holds.
      for (std::size_t k = 0; k + 1 < history.size(); ++k) {
        auto& v = history[k];
        if (!v.replaced_at && history[k + 1].observation.date == v.observation.date) v.replaced_at = store_detail::utc_now();
      }
      for (auto& o : history) p.observations.push_back(std::move(o));
    }
    for (const auto& t : p.plan.tasks) {
      for (auto& u : records.task_history(id, t.id)) p.task_changes.push_back(std::move(u));
    }
    if (s.schema_version() >= 15) {
      p.allocations = records.allocation_history(id);
    } else {
      // A source kept below schema 15 may hold one key twice, all of it
      // holding: as the upgrade does, the row recorded last holds.
      // allocations() comes in the history's order: by key, then as recorded.
      const auto rows = records.allocations(id);
      const auto key = [](const Allocation& a) { return std::tie(a.year, a.source_id, a.agency_id, a.task_id, a.dated); };
      const std::string now = store_detail::utc_now();
      for (std::size_t k = 0; k < rows.size(); ++k) {
        AllocationVersion v{rows[k], "", std::nullopt, false};
        if (k + 1 < rows.size() && key(rows[k + 1]) == key(rows[k])) v.replaced_at = now;
        p.allocations.push_back(std::move(v));
      }
    }
    if (s.schema_version() >= 16) {
      p.expenditures = records.expenditure_history(id);
    } else {
      // A source kept below schema 16 may hold one payment twice, all of it
      // counting: as the upgrade does, the later ones get a voucher of their
      // own (`kehoach-upgrade-N`, N the row's place in the plan's list).
      std::set<std::tuple<Date, std::string, std::string, std::optional<std::string>, std::int64_t>> seen;
      const auto rows = records.expenditures(id);
      for (std::size_t k = 0; k < rows.size(); ++k) {
        ExpenditureVersion v{rows[k], "", std::nullopt, false};
        const auto& e = rows[k];
        if (!seen.insert({e.date, e.source_id, e.agency_id, e.task_id, e.amount.value()}).second) {
          v.expenditure.voucher = "kehoach-upgrade-" + std::to_string(k + 1);
        }
        p.expenditures.push_back(std::move(v));
      }
      // In the history's order, which the copy reads back.
      const auto key = [](const ExpenditureVersion& v) {
        const auto& e = v.expenditure;
        return std::make_tuple(e.date, std::string_view(e.source_id), std::string_view(e.agency_id),
                               e.task_id ? std::string_view(*e.task_id) : std::string_view(),
                               e.voucher ? std::string_view(*e.voucher) : std::string_view(),
                               e.voucher ? std::int64_t{-1} : e.amount.value());
      };
      std::stable_sort(p.expenditures.begin(), p.expenditures.end(),
                       [&](const ExpenditureVersion& a, const ExpenditureVersion& b) { return key(a) < key(b); });
    }
    if (s.schema_version() >= 14) {
      p.submissions = records.submission_history(id);
    } else {
      // A source kept below schema 14 may hold one submission twice: as the
      // upgrade does, it is kept once. submissions() comes in the history's
      // order (duty, period, reporter, day).
      std::set<std::tuple<std::string, std::string, Date, Date>> seen;
      for (auto& r : records.submissions(id)) {
        if (!seen.insert({r.duty_id, r.reporter, r.period.start, r.submitted}).second) continue;
        p.submissions.push_back(SubmissionVersion{std::move(r), "", std::nullopt});
      }
    }
    p.manual_statuses = records.as_of(id, last_day, std::nullopt).manual_statuses;
    auto successions = s.plans().agency_successions(id);
    if (auto it = successions.find(id); it != successions.end()) p.agency_successions = std::move(it->second);
    p.revisions = s.plans().revisions(id);
    c.plans.push_back(std::move(p));
  }
  c.expected_current = s.expected_reports().current();
  c.cases = s.cases().all();
  c.layout = s.cells().layout();
  s.cells().each([&](const std::string& unit, const case_tally::EncodedCell& cell) { c.cells.push_back({unit, cell}); });
  s.audit().each([&](audit_chain::StoredEntry&& e) {
    c.audit.push_back({std::move(e)});
    return true;
  });
  c.digests = s.audit().digests();
  c.packages = s.packages().all();
  if (s.schema_version() >= 11) c.seals = s.packages().seals();
  return c;
}

// The units with each one's parent and successor before it (both references).
std::vector<const AdministrativeUnit*> in_reference_order(const std::vector<AdministrativeUnit>& units) {
  std::set<std::string, std::less<>> known, placed;
  for (const auto& u : units) known.insert(u.code);
  std::vector<const AdministrativeUnit*> order;
  auto ready = [&](const std::optional<std::string>& ref) { return !ref || !known.count(*ref) || placed.count(*ref); };
  while (order.size() < units.size()) {
    const std::size_t before = order.size();
    for (const auto& u : units) {
      if (placed.count(u.code) || !ready(u.parent) || !ready(u.successor)) continue;
      order.push_back(&u);
      placed.insert(u.code);
    }
    if (order.size() == before) throw CorruptStore("the source's units refer to each other in a cycle");
  }
  return order;
}

void write(Storage& to, const Contents& c) {
  for (const auto* u : in_reference_order(c.units)) to.units().insert(*u);
  for (const auto& v : c.versions) to.units().insert_version(v);
  for (const auto& e : c.successions) to.units().insert_succession(e);
  auto& records = to.records();
  for (const auto& p : c.plans) {
    to.plans().insert(p.plan);
    // Before the records: a successor brought in may have filed reports.
    for (const auto& a : p.agency_successions) to.plans().insert_agency_succession(a);
    records.add_observation_versions(p.observations);
    for (const auto& u : p.task_changes) records.add_task_change(u);
    records.add_allocation_versions(p.allocations);
    records.add_expenditure_versions(p.expenditures);
    records.add_submission_versions(p.submissions);
    for (const auto& m : p.manual_statuses) records.add_manual_status(m);
    for (const auto& r : p.revisions) to.plans().insert_revision(r);
  }
  // The expected reports are derived (decision 0010): made again from the
  // plans, with their first submissions from the records just written.
  auto& expected = to.expected_reports();
  expected.clear();
  if (c.expected_current) {
    for (const auto& p : c.plans) {
      const auto reports = engine::expected_reports_of(p.plan);
      expected.add(p.plan.id, reports);
      if (!p.agency_successions.empty()) {
        const engine::Lifetimes lifetimes(p.plan, p.agency_successions);
        std::vector<ReportSubmission> held;
        for (const auto& v : p.submissions) {
          if (!v.retracted_at) held.push_back(v.submission);
        }
        store_detail::note_passed_submissions(to, p.plan.id, engine::passed_reports(lifetimes, reports), held);
      }
    }
    expected.mark_current();
  } else {
    expected.forget();
  }
  if (const auto taken = to.cases().insert(c.cases)) {
    throw CorruptStore("the source holds case '" + c.cases[*taken].code + "' of unit '" + c.cases[*taken].unit + "' twice");
  }
  // The cells are copied as they are (made with the source's layout), not
  // made again: the copy must read back what the source reads.
  to.cells().clear();
  if (c.layout) to.cells().set_layout(*c.layout);
  else to.cells().forget_layout();
  for (const auto& cell : c.cells) to.cells().put(cell.unit, cell.cell);
  for (const auto& e : c.audit) {
    // The port reads the role as stored text (StoredEntry::role); the chain
    // verified, so it is one this library knows.
    AuditEntry entry = e.e.entry;
    const auto role = from_code<Role>(e.e.role);
    if (!role) throw CorruptStore("audit entry " + std::to_string(entry.seq) + " holds an unknown role");
    entry.role = *role;
    to.audit().append(entry, e.e.mac);
  }
  for (const auto& [seq, hashes] : c.digests) to.audit().add_digests(seq, hashes);
  for (const auto& p : c.packages) to.packages().insert(p.digest, p.unit, p.period, p.as_of, p.document);
  for (const auto& seal : c.seals) to.packages().insert_seal(seal);
}

// The first part in which `a` and `b` differ, or empty.
std::string first_difference(const Contents& a, const Contents& b) {
  if (a.units != b.units) return "the units";
  if (a.versions != b.versions) return "the units' versions";
  if (a.successions != b.successions) return "the units' successions";
  if (a.plans.size() != b.plans.size()) return "the number of plans";
  for (std::size_t i = 0; i < a.plans.size(); ++i) {
    if (!(a.plans[i] == b.plans[i])) return "plan '" + a.plans[i].plan.id + "' or its records";
  }
  if (a.expected_current != b.expected_current) return "the expected reports' state";
  if (a.cases != b.cases) return "the cases";
  if (a.layout != b.layout || a.cells != b.cells) return "the case cells";
  if (a.audit != b.audit) {
    for (std::size_t i = 0; i < std::min(a.audit.size(), b.audit.size()); ++i) {
      if (!(a.audit[i] == b.audit[i])) return "audit entry " + std::to_string(a.audit[i].e.entry.seq);
    }
    return "the number of audit entries";
  }
  if (a.digests != b.digests) return "the content hashes of audited case writes";
  if (a.packages != b.packages) return "the report packages";
  if (a.seals != b.seals) return "the sealed release families";
  return {};
}

}  // namespace

bool empty(Storage& s) {
  return s.units().count() == 0 && s.plans().ids().empty() && !s.cases().any() && !s.audit().last() &&
         s.packages().all().empty();
}

Counts copy(Storage& from, Storage& to) {
  const Contents source = read(from);
  // A broken chain is not moved on: the copy would carry it as if intact.
  audit_chain::Verifier verifier{std::string()};
  for (const auto& e : source.audit) {
    if (!verifier.add(e.e)) break;
  }
  if (const auto v = verifier.finish(); !v.intact) {
    throw CorruptStore(from.path() + ": the audit trail does not verify (entry " +
                       (v.first_broken ? std::to_string(*v.first_broken) : std::string("?")) + ": " + v.reason +
                       "); a store with a broken trail is not copied");
  }
  write(to, source);
  const Contents copied = read(to);
  if (const auto what = first_difference(source, copied); !what.empty()) {
    throw CorruptStore(to.path() + ": the copy does not read back equal to " + from.path() + " (" + what +
                       " differ); nothing was written");
  }
  Counts n;
  n.units = static_cast<std::int64_t>(copied.units.size());
  n.plans = static_cast<std::int64_t>(copied.plans.size());
  for (const auto& p : copied.plans) {
    n.records += static_cast<std::int64_t>(p.observations.size() + p.task_changes.size() + p.allocations.size() +
                                           p.expenditures.size() + p.submissions.size() + p.manual_statuses.size());
  }
  n.cases = static_cast<std::int64_t>(copied.cases.size());
  n.audit_entries = static_cast<std::int64_t>(copied.audit.size());
  n.packages = static_cast<std::int64_t>(copied.packages.size());
  return n;
}

}  // namespace store_copy
}  // namespace v1
}  // namespace kehoach
