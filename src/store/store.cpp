// The Store: opening, and the plans, units and records, orchestrated over the
// storage port (store/port.hpp): access → validation (the engine's rules) →
// transaction → repositories → derived data. No SQL here: the SQLite adapter
// (src/store/sqlite/) holds it.

#include <kehoach/text.hpp>
#include <kehoach/validation.hpp>

#include "metrics/lifetimes.hpp"
#include "model/record_checks.hpp"
#include "store/case_cells.hpp"
#include "store/postgres/connection.hpp"  // the composition root: the one file that names the adapters
#include "store/postgres/database.hpp"
#include "store/postgres/storage.hpp"
#include "store/sqlite/storage.hpp"
#include "store/store_impl.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <tuple>
#include <map>
#include <set>

namespace kehoach {
inline namespace v1 {

using namespace store_detail;
using store_port::Access;

// ---- plans ----

void Store::Impl::upsert_units(std::span<const AdministrativeUnit> units) {
  auto& repository = storage->units();
  if (user_version() < 9) {
    for (std::size_t i = 0; i < units.size(); ++i) {
      const auto& u = units[i];
      if (const auto stored = repository.find(u.code)) {
        if (!(*stored == u)) {
          throw Conflict("/units/" + std::to_string(i) + ": unit '" + u.code + "' is already in the store with different " +
                         "data (name '" + stored->name + "'); recording a unit's changes needs schema version 9");
        }
        continue;
      }
      repository.insert(u);
    }
    return;
  }
  // Most plans name units the register holds as they are: one read a unit.
  const auto versions = unit_register::versions_of({units.begin(), units.end()});
  bool all_stored = true;
  for (std::size_t i = 0; i < units.size() && all_stored; ++i) {
    const auto stored = repository.versions(units[i].code);
    all_stored = std::any_of(stored.begin(), stored.end(), [&](const auto& s) { return s.version == versions[i]; });
    // A successor the plan names must be the store's too (or be written).
    if (all_stored && units[i].successor) {
      const auto current = repository.find(units[i].code);
      all_stored = current && current->successor == units[i].successor;
    }
  }
  if (all_stored) return;
  std::map<std::string, std::string> successors;
  for (const auto& u : units) {
    if (u.successor) successors.emplace(u.code, *u.successor);
  }
  apply_register(UnitRegister{versions, {}}, "/units", successors);
}

unit_register::Changes Store::Impl::apply_register(const UnitRegister& incoming, const std::string& versions_path,
                                                   const std::map<std::string, std::string>& successors) {
  auto& repository = storage->units();
  unit_register::Known known;
  std::set<std::tuple<std::string, Date, std::string>> seen;
  auto add = [&](Succession&& e) {
    if (seen.emplace(e.from, e.date, e.to).second) known.successions.push_back(std::move(e));
  };
  for (const auto& code : unit_register::touched_codes(incoming)) {
    if (auto stored = repository.versions(code); !stored.empty()) known.versions.emplace(code, std::move(stored));
    if (auto current = repository.find(code)) known.current.emplace(code, std::move(*current));
    for (auto& e : repository.successions_of(code)) add(std::move(e));
  }
  for (const Date d : unit_register::succession_days(incoming)) {
    for (auto& e : repository.successions_on(d)) add(std::move(e));
  }
  auto changes = unit_register::merge(known, incoming, versions_path);
  // One family per set of cases (decision 0024): a change of the tree must
  // not bring recorded cases under a unit whose packages the store imports.
  const bool has_packages = !storage->packages().units().empty();
  const auto overlapping_before = has_packages ? store_detail::overlapping_package_units(*storage) : std::set<std::string>{};
  // A plan document's successor for a unit no succession decides.
  for (const auto& named : successors) {
    const std::string& code = named.first;
    const std::string& successor = named.second;
    auto row = std::find_if(changes.current.begin(), changes.current.end(), [&](const auto& r) { return r.code == code; });
    if (row == changes.current.end()) {
      const auto stored = known.current.find(code);
      if (stored == known.current.end() || stored->second.successor) continue;
      changes.current.push_back(stored->second);
      row = std::prev(changes.current.end());
    }
    // An ended unit's, or a code new to the store (as plans always wrote it).
    if (!row->successor && (row->valid_to || changes.new_codes.count(code))) row->successor = successor;
  }
  for (const auto& row : changes.current) {
    if (changes.new_codes.count(row.code)) repository.insert(row);
  }
  for (const auto& v : changes.inserted) repository.insert_version(v);
  for (const auto& v : changes.updated) repository.update_version(v);
  for (const auto& row : changes.current) {
    if (!changes.new_codes.count(row.code)) repository.update(row);
  }
  for (const auto& e : changes.successions) repository.insert_succession(e);
  if (has_packages) {
    for (const auto& u : store_detail::overlapping_package_units(*storage)) {
      if (overlapping_before.count(u)) continue;  // a store made before the rule: check_integrity reports it
      throw Conflict(versions_path + ": this change would bring case records the store holds under unit '" + u +
                     "', whose report packages it imports; releases of the same cases from two families could be "
                     "subtracted (decision 0024)");
    }
  }
  return changes;
}

namespace {

// The cascade of plans (Store::import_plan): `p`'s stored parents are of its
// unit or above it, its stored children within it, and no plan becomes its
// own ancestor. Run once `p`'s units are in the store.
void check_cascade(store_port::Storage& storage, const Plan& p) {
  std::map<std::string, std::string> unit_of;
  for (auto& place : storage.plans().places()) unit_of.emplace(std::move(place.id), std::move(place.unit));
  const auto links = storage.plans().parent_links();
  std::map<std::string, std::vector<std::string>> parents_of;
  for (const auto& [child, parent] : links) parents_of[child].push_back(parent);
  for (std::size_t i = 0; i < p.legal_bases.size(); ++i) {
    const auto& parent = p.legal_bases[i].parent_plan;
    if (!parent) continue;
    const auto it = unit_of.find(*parent);
    if (it == unit_of.end()) continue;  // kept elsewhere, or not imported yet
    const std::string path = "/legal_bases/" + std::to_string(i) + "/parent_plan";
    if (!storage.units().in_subtree(it->second, p.unit)) {
      throw ValidationError(path, "plan '" + *parent + "' is a plan of unit '" + it->second + "', which is neither unit '" +
                                      p.unit + "' of this plan nor above it: a parent plan is of the same unit or a unit above");
    }
    // Up from the parent: this plan must not be met (a child imported first naming it).
    std::set<std::string> seen;
    std::vector<std::string> up{*parent};
    while (!up.empty()) {
      const std::string at = up.back();
      up.pop_back();
      if (at == p.id) {
        throw ValidationError(path, "plan '" + *parent + "' descends from this plan through parent_plan: a plan cannot "
                                    "be its own ancestor");
      }
      if (!seen.insert(at).second) continue;
      for (const auto& next : parents_of[at]) up.push_back(next);
    }
  }
  for (const auto& [child, parent] : links) {
    if (parent != p.id) continue;
    const auto it = unit_of.find(child);
    if (it != unit_of.end() && !storage.units().in_subtree(p.unit, it->second)) {
      throw ValidationError("/id", "plan '" + child + "' of unit '" + it->second + "' names this plan as its parent_plan, "
                                   "but unit '" + it->second + "' is not within unit '" + p.unit + "' of this plan");
    }
  }
}

}  // namespace

namespace {

// Supersession (Store::import_plan): a stored plan `p` names in `supersedes`
// is earlier, and a stored plan naming `p` there is later — the next plan
// replaces the previous one, never the other way round. Earlier: it begins
// before, or on the same day and was issued before (a plan re-issued for the
// same period, "thay thế Kế hoạch số …").
bool earlier(const Plan& a, const Plan& b) {
  if (a.period.start != b.period.start) return a.period.start < b.period.start;
  return a.issue_date && b.issue_date && *a.issue_date < *b.issue_date;
}

std::string when(const Plan& p) {
  return "begins " + format_iso_date(p.period.start) +
         (p.issue_date ? ", issued " + format_iso_date(*p.issue_date) : std::string(", no issue date"));
}

void check_supersession(store_port::Storage& storage, const Plan& p) {
  const auto stored = [&](const std::string& id) { return storage.plans().load(id, store_port::PlanParts::metrics); };
  for (std::size_t i = 0; i < p.supersedes.size(); ++i) {
    const std::string& old = p.supersedes[i];
    if (!storage.plans().exists(old) || old == p.id) continue;
    if (const Plan o = stored(old); !earlier(o, p)) {
      throw ValidationError("/supersedes/" + std::to_string(i),
                            "plan '" + old + "' (" + when(o) + ") is not before this plan (" + when(p) +
                                "): a plan supersedes an earlier one");
    }
  }
  for (const auto& [later, old] : storage.plans().supersession_links()) {
    if (old != p.id || later == p.id) continue;
    if (const Plan l = stored(later); !earlier(p, l)) {
      throw ValidationError("/id", "plan '" + later + "' (" + when(l) + ") supersedes this plan (" + when(p) +
                                       ") but is not after it");
    }
  }
}

}  // namespace

void Store::Impl::insert_plan(const Plan& p) {
  check(p);
  if (storage->plans().exists(p.id)) {
    throw Conflict("/id: plan '" + p.id + "' is already in the store (a changed text of it is recorded as a revision: "
                   "amend_plan, `kehoach plan amend`)");
  }
  upsert_units(p.units);
  check_cascade(*storage, p);
  check_supersession(*storage, p);
  storage->plans().insert(p);
  // Derived data: the expected reports of the plan's duties, when the store keeps them current.
  auto& expected = storage->expected_reports();
  if (expected.current()) expected.add(p.id, engine::expected_reports_of(p));
  else expected.forget();
}

// ---- what records may refer to: one plan's ids, loaded once per call ----

namespace {

using record_checks::PlanFacts;
using record_checks::max_errors;
using record_checks::field;

class Facts {
 public:
  explicit Facts(store_port::Storage& storage) : storage_(storage) {}

  // The facts of `plan_id`, or a ValidationError naming `path`.
  PlanFacts& of(const std::string& plan_id, const std::string& path) {
    if (auto it = cache_.find(plan_id); it != cache_.end()) return it->second;
    auto f = storage_.records().facts(plan_id);
    if (!f) throw ValidationError(path, "plan '" + plan_id + "' is not in the store");
    return cache_.emplace(plan_id, std::move(*f)).first->second;
  }

  // As `of`, with the reports that passed to a successor (PlanFacts::passed):
  // read only for submissions, once per plan.
  PlanFacts& of_reports(const std::string& plan_id, const std::string& path) {
    PlanFacts& f = of(plan_id, path);
    if (with_passed_.insert(plan_id).second) f.passed = store_detail::passed_reports_of(storage_, plan_id);
    return f;
  }

 private:
  store_port::Storage& storage_;
  std::map<std::string, PlanFacts> cache_;
  std::set<std::string> with_passed_;
};

void finish(std::vector<Diagnostic>& errors) {
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

// Runs `f` in a transaction of the store, committed when `f` returns.
template <class F>
decltype(auto) in_transaction(Store::Impl& impl, Access access, F&& f) {
  return guarded(impl, [&]() -> decltype(auto) {
    const auto tx = impl.port().begin(access);
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      tx->commit();
    } else {
      auto result = f();
      tx->commit();
      return result;
    }
  });
}

// ---- the records of each kind: checked by the engine's rules, then written ----

// Runs `check(facts, row, i, prefix, errors)` on each row, the facts of its
// plan read once per plan; throws every error found (at most max_errors).
// No string is built unless a row fails or its plan changes: this loop runs
// per row of bulk writes.
template <class Row, class Check>
void check_rows(Facts& facts, std::span<const Row> rows, const std::string& prefix, Check check,
                PlanFacts& (Facts::*facts_of)(const std::string&, const std::string&) = &Facts::of) {
  std::vector<Diagnostic> errors;
  const std::string* last_plan = nullptr;
  PlanFacts* f = nullptr;
  for (std::size_t i = 0; i < rows.size() && errors.size() < max_errors; ++i) {
    const auto& row = rows[i];
    if (!last_plan || *last_plan != row.plan_id) {
      f = &(facts.*facts_of)(row.plan_id, prefix + field(i, "plan_id"));
      last_plan = &row.plan_id;
    }
    check(*f, row, i, prefix, errors);
  }
  finish(errors);
}

constexpr int observation_versions_schema = 13;

void require_observation_versions(Store::Impl& impl) {
  impl.require_schema(observation_versions_schema, "observation corrections");
}

// NotFound unless the plan is stored and has the target (`kind` "target")
// or task ("task") `item_id`.
void require_item(Store::Impl& impl, std::string_view plan_id, const std::string& kind, std::string_view item_id) {
  if (!impl.port().plans().exists(std::string(plan_id))) {
    throw NotFound("plan '" + std::string(plan_id) + "' is not in the store");
  }
  if (!impl.port().records().has_item(std::string(plan_id), kind, std::string(item_id))) {
    throw NotFound(kind + " '" + std::string(item_id) + "' is not in plan '" + std::string(plan_id) + "'");
  }
}

// Observations by natural key (plan, target, date; decision 0027): a key that
// holds the same values is skipped, one that holds other values is replaced
// (a correction), a new key is added.
void record_observations_in(Store::Impl& impl, Facts& facts, std::span<const Observation> rows, const std::string& prefix) {
  check_rows(facts, rows, prefix, record_checks::check_observation);
  if (rows.empty()) return;
  auto& records = impl.port().records();
  if (impl.user_version() < observation_versions_schema) {  // a store kept older keeps every row it is given
    records.add_observations(rows, "");
    return;
  }
  using Key = std::tuple<std::string_view, std::string_view, Date>;
  struct Held {
    std::int64_t id;  // 0: given earlier in this batch
    const Observation* value;
    std::size_t row;
  };
  std::map<Key, Held> held;
  // What holds for the batch's keys, read once (an index probe per key).
  const auto holding = records.holding_observations(rows);
  for (const auto& [id, v] : holding) held[Key{v.plan_id, v.target_id, v.date}] = Held{id, &v, 0};
  std::vector<Diagnostic> errors;
  std::vector<Observation> added;
  std::vector<std::int64_t> replaced;
  const auto same = [](const Observation& a, const Observation& b) {
    return a.value == b.value && a.numerator == b.numerator && a.denominator == b.denominator;
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& o = rows[i];
    const Key key{o.plan_id, o.target_id, o.date};
    const auto it = held.find(key);
    if (it == held.end()) {
      held[key] = Held{0, &o, i};
      added.push_back(o);
      continue;
    }
    if (same(*it->second.value, o)) {  // recorded already: nothing changes
      if (it->second.id != 0) it->second = Held{0, &o, i};  // but this batch gave the key: it may not change it
      continue;
    }
    if (it->second.id == 0) {
      errors.push_back({Severity::error, prefix + "/" + std::to_string(i),
                        "target '" + o.target_id + "' on " + iso(o.date) + " is given twice with different values (also " +
                            prefix + "/" + std::to_string(it->second.row) + ")"});
      if (errors.size() >= max_errors) break;
      continue;
    }
    replaced.push_back(it->second.id);  // a correction
    it->second = Held{0, &o, i};
    added.push_back(o);
  }
  finish(errors);
  const std::string now = utc_now();
  for (const auto id : replaced) records.replace_observation(id, now, false);
  records.add_observations(added, now);
}

// A task update as it is stored: a done task is at 100.
TaskUpdate as_stored(TaskUpdate u) {
  if (u.status == TaskStatus::done) u.progress = 100;
  return u;
}

// Every field of a task update, for finding one given twice in a batch.
using TaskUpdateFields = std::tuple<std::string, std::string, Date, std::optional<int>, std::string, TaskStatus,
                                    std::optional<double>, std::optional<Date>, std::optional<std::string>>;

TaskUpdateFields fields_of(const TaskUpdate& u) {
  return {u.plan_id, u.task_id, u.date, u.occurrence, u.by, u.status, u.progress, u.completed_on, u.note};
}

void record_task_updates_in(Store::Impl& impl, Facts& facts, std::span<const TaskUpdate> rows, const std::string& prefix) {
  auto& records = impl.port().records();
  std::vector<Diagnostic> errors;
  std::map<std::pair<std::string, int>, store_port::TaskState> occurrence_state;
  // An update the store holds already, or given before in this batch, equal
  // in every field, is a no-op: a file recorded again adds nothing (decision 0031).
  std::vector<TaskUpdate> stored;
  stored.reserve(rows.size());
  for (const auto& u : rows) stored.push_back(as_stored(u));
  std::vector<bool> held(rows.size(), false);
  for (const auto i : records.held_task_updates(stored)) held[i] = true;
  std::set<TaskUpdateFields> seen;
  for (std::size_t i = 0; i < rows.size() && errors.size() < max_errors; ++i) {
    const auto& u = rows[i];
    auto& f = facts.of(u.plan_id, prefix + field(i, "plan_id"));
    const std::size_t before_row = errors.size();
    record_checks::check_task_update(f, u, i, prefix, errors);
    if (errors.size() != before_row) continue;
    const auto task = f.tasks.find(u.task_id);
    if (!errors.empty()) continue;
    if (held[i] || !seen.insert(fields_of(stored[i])).second) continue;
    // The state this update replaces: of the same occurrence, for a yearly task.
    store_port::TaskState before = task->second;
    if (u.occurrence) {
      const auto key = std::make_pair(u.plan_id + "\n" + u.task_id, *u.occurrence);
      if (auto it = occurrence_state.find(key); it != occurrence_state.end()) {
        before = it->second;
      } else {
        before = records.occurrence_state(u.plan_id, u.task_id, *u.occurrence)
                     .value_or(store_port::TaskState{TaskStatus::planned, std::nullopt});
      }
    }
    TaskChange change;
    change.update = stored[i];
    change.old_status = before.first;
    change.old_progress = before.second;
    records.add_task_change(change);
    const store_port::TaskState after{u.status, change.update.progress};
    if (u.occurrence) {
      occurrence_state[std::make_pair(u.plan_id + "\n" + u.task_id, *u.occurrence)] = after;
    } else {
      task->second = after;
    }
  }
  finish(errors);
}

constexpr int allocation_versions_schema = 15;

void require_allocation_versions(Store::Impl& impl) {
  impl.require_schema(allocation_versions_schema, "allocation corrections");
}

// "the allocation of 2026 from 'nsnn' to 'phong-a' (task 't1') dated 2026-01-15"
std::string allocation_text(const Allocation& a) {
  return "the allocation of " + std::to_string(a.year) + " from '" + a.source_id + "' to '" + a.agency_id + "'" +
         (a.task_id ? " (task '" + *a.task_id + "')" : std::string()) + " dated " + iso(a.dated);
}

// Allocations by natural key (plan, year, source, agency, task, dated;
// decision 0029): a key that holds the same amount is skipped, one that holds
// another amount is replaced (a correction), a new key is added.
void record_allocations_in(Store::Impl& impl, Facts& facts, std::span<const Allocation> rows, const std::string& prefix) {
  check_rows(facts, rows, prefix, record_checks::check_allocation);
  if (rows.empty()) return;
  auto& records = impl.port().records();
  if (impl.user_version() < allocation_versions_schema) {  // a store kept older keeps every row it is given
    records.add_allocations(rows, "");
    return;
  }
  using Key = std::tuple<std::string_view, int, std::string_view, std::string_view, std::optional<std::string_view>, Date>;
  const auto key_of = [](const Allocation& a) {
    return Key{a.plan_id, a.year, a.source_id, a.agency_id,
               a.task_id ? std::optional<std::string_view>(*a.task_id) : std::nullopt, a.dated};
  };
  struct Held {
    std::int64_t id;  // 0: given earlier in this batch
    Dong amount;
    std::size_t row;
  };
  std::map<Key, Held> held;
  // What holds for the batch's keys, read once (an index probe per key).
  const auto holding = records.holding_allocations(rows);
  for (const auto& [id, a] : holding) held[key_of(a)] = Held{id, a.amount, 0};
  std::vector<Diagnostic> errors;
  std::vector<Allocation> added;
  std::vector<std::int64_t> replaced;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& a = rows[i];
    const Key key = key_of(a);
    const auto it = held.find(key);
    if (it == held.end()) {
      held[key] = Held{0, a.amount, i};
      added.push_back(a);
      continue;
    }
    if (it->second.amount == a.amount) {  // recorded already: nothing changes
      if (it->second.id != 0) it->second = Held{0, a.amount, i};  // but this batch gave the key: it may not change it
      continue;
    }
    if (it->second.id == 0) {
      std::string text = allocation_text(a);
      text[0] = 'T';
      errors.push_back({Severity::error, prefix + "/" + std::to_string(i),
                        text + " is given twice with different amounts (also " + prefix + "/" +
                            std::to_string(it->second.row) + ")"});
      if (errors.size() >= max_errors) break;
      continue;
    }
    replaced.push_back(it->second.id);  // a correction
    it->second = Held{0, a.amount, i};
    added.push_back(a);
  }
  finish(errors);
  const std::string now = utc_now();
  for (const auto id : replaced) records.replace_allocation(id, now, false);
  records.add_allocations(added, now);
}

constexpr int expenditure_versions_schema = 16;

void require_expenditure_versions(Store::Impl& impl, const char* what = "expenditure corrections") {
  impl.require_schema(expenditure_versions_schema, what);
}

// "the payment of 2026-03-02 from 'nsnn' by 'phong-a' (task 't1') with voucher 'PC-12'"
// (without a voucher: "of 5000000 đồng" in its place).
std::string expenditure_text(const Expenditure& e) {
  return "the payment of " + iso(e.date) + " from '" + e.source_id + "' by '" + e.agency_id + "'" +
         (e.task_id ? " (task '" + *e.task_id + "')" : std::string()) +
         (e.voucher ? " with voucher '" + *e.voucher + "'" : " of " + std::to_string(e.amount.value()) + " đồng");
}

// Expenditures by natural key (decision 0032): plan, date, source, agency,
// task and voucher, and the amount when there is no voucher. A key that
// holds the same amount is skipped, one with a voucher that holds another
// amount is replaced (a correction), a new key is added. One batch giving a
// key twice is refused: two equal payments without a voucher cannot be told
// apart, and a voucher with two amounts is a contradiction.
void record_expenditures_in(Store::Impl& impl, Facts& facts, std::span<const Expenditure> rows, const std::string& prefix) {
  check_rows(facts, rows, prefix, record_checks::check_expenditure);
  if (rows.empty()) return;
  auto& records = impl.port().records();
  if (impl.user_version() < expenditure_versions_schema) {  // a store kept older keeps every row it is given
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].voucher) {
        try {
          require_expenditure_versions(impl, "voucher numbers");
        } catch (const VersionError& e) {
          throw VersionError(prefix + "/" + std::to_string(i) + "/voucher: " + e.what());
        }
      }
    }
    records.add_expenditures(rows, "");
    return;
  }
  using Key = std::tuple<std::string_view, Date, std::string_view, std::string_view, std::optional<std::string_view>,
                         std::optional<std::string_view>, std::int64_t>;
  const auto key_of = [](const Expenditure& e) {
    return Key{e.plan_id, e.date, e.source_id, e.agency_id,
               e.task_id ? std::optional<std::string_view>(*e.task_id) : std::nullopt,
               e.voucher ? std::optional<std::string_view>(*e.voucher) : std::nullopt,
               e.voucher ? -1 : e.amount.value()};
  };
  struct Held {
    std::int64_t id;  // 0: given earlier in this batch
    Dong amount;
    std::size_t row;
  };
  std::map<Key, Held> held;
  // What holds for the batch's keys, read once (the keys view into it: keep it alive).
  const auto holding = records.holding_expenditures(rows);
  for (const auto& [id, e] : holding) held[key_of(e)] = Held{id, e.amount, 0};
  std::vector<Diagnostic> errors;
  std::vector<Expenditure> added;
  std::vector<std::int64_t> replaced;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& e = rows[i];
    const Key key = key_of(e);
    const auto it = held.find(key);
    if (it == held.end()) {
      held[key] = Held{0, e.amount, i};
      added.push_back(e);
      continue;
    }
    if (it->second.id == 0) {  // this batch gave the key already
      if (e.voucher && it->second.amount == e.amount) continue;  // one payment, given twice with its voucher
      std::string text = expenditure_text(e);
      text[0] = 'T';
      errors.push_back({Severity::error, prefix + "/" + std::to_string(i),
                        text + (e.voucher ? " is given twice with different amounts"
                                          : " is given twice (two payments with nothing to tell them apart: give each "
                                            "its voucher number, or one row with their sum)") +
                            " (also " + prefix + "/" + std::to_string(it->second.row) + ")"});
      if (errors.size() >= max_errors) break;
      continue;
    }
    if (it->second.amount == e.amount) {  // recorded already: nothing changes
      it->second = Held{0, e.amount, i};  // but this batch gave the key: it may not change it
      continue;
    }
    replaced.push_back(it->second.id);  // a correction (only a payment with a voucher gets here)
    it->second = Held{0, e.amount, i};
    added.push_back(e);
  }
  finish(errors);
  const std::string now = utc_now();
  for (const auto id : replaced) records.replace_expenditure(id, now, false);
  records.add_expenditures(added, now);
}

constexpr int submission_versions_schema = 14;

void require_submission_versions(Store::Impl& impl) {
  impl.require_schema(submission_versions_schema, "submission retractions");
}

// NotFound unless the store holds the plan and its reporting duty.
void require_duty(Store::Impl& impl, std::string_view plan_id, std::string_view duty_id) {
  const auto facts = impl.port().records().facts(std::string(plan_id));
  if (!facts) throw NotFound("plan '" + std::string(plan_id) + "' is not in the store");
  if (!facts->duties.count(std::string(duty_id))) {
    throw NotFound("reporting duty '" + std::string(duty_id) + "' is not in plan '" + std::string(plan_id) + "'");
  }
}

// Submissions by natural key (plan, duty, reporter, period, day submitted;
// decision 0028): one held already, or given earlier in the batch, is
// skipped; any other is added (a report sent again is another submission).
void record_submissions_in(Store::Impl& impl, Facts& facts, std::span<const ReportSubmission> rows, const std::string& prefix) {
  check_rows(facts, rows, prefix, record_checks::check_submission, &Facts::of_reports);
  if (rows.empty()) return;
  auto& records = impl.port().records();
  std::vector<ReportSubmission> added;
  std::string now;
  if (impl.user_version() < submission_versions_schema) {  // a store kept older keeps every row it is given
    added.assign(rows.begin(), rows.end());
  } else {
    std::vector<bool> skip(rows.size(), false);
    for (const auto i : records.held_submissions(rows)) skip[i] = true;
    using Key = std::tuple<std::string_view, std::string_view, std::string_view, Date, Date>;
    std::set<Key> seen;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      if (!seen.insert(Key{r.plan_id, r.duty_id, r.reporter, r.period.start, r.submitted}).second || skip[i]) continue;
      added.push_back(r);
    }
    now = utc_now();
  }
  if (added.empty()) return;
  records.add_submissions(added, now);
  // Derived data: the first submission of each expected report.
  auto& expected = impl.port().expected_reports();
  if (expected.current()) {
    expected.note(added);
    // A successor's submission also answers the report it took over.
    std::set<std::string> plans;
    for (const auto& r : added) plans.insert(r.plan_id);
    for (const auto& id : plans) {
      store_detail::note_passed_submissions(impl.port(), id, facts.of_reports(id, prefix).passed, added);
    }
  } else {
    expected.forget();
  }
}

}  // namespace

// ---- Store ----

int latest_schema_version() noexcept { return sqlite::SqliteStorage::latest_version(); }

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& path, const StoreOptions& options) {
  // An empty path used to open a throw-away store in memory without a word:
  // a portal whose configuration lost its path would lose every write.
  if (path.empty()) throw InvalidArgument("a store path is required (\":memory:\" for a store in memory)");
  const bool memory = path == ":memory:";
  const int target = options.schema_version == 0 ? latest_schema_version() : options.schema_version;
  if (target < 1 || target > latest_schema_version()) {
    throw InvalidArgument("schema version " + std::to_string(options.schema_version) + " does not exist");
  }
  if (options.busy_timeout_ms < 0) throw InvalidArgument("the busy timeout cannot be negative");
  // A `postgresql://` URI names a PostgreSQL store (src/store/postgres/);
  // anything else is a SQLite file.
  const bool postgres = postgres::is_uri(path);
  std::unique_ptr<store_port::Storage> storage;
  if (postgres) {
    if (options.schema_version != 0 && options.schema_version < postgres::first_version) {
      throw InvalidArgument("a PostgreSQL store starts at schema version " + std::to_string(postgres::first_version) +
                            "; version " + std::to_string(options.schema_version) + " exists only in SQLite files");
    }
    storage = postgres::PgStorage::open(path, options);
    if (!options.create && storage->schema_version() == 0) {
      throw IoError(storage->path() + ": the database holds no kehoach store (create it with kehoach init)");
    }
  } else {
    if (!memory && !options.create && !std::filesystem::exists(path)) {
      throw IoError(path + ": no such store (create it with kehoach init)");
    }
    storage = sqlite::SqliteStorage::open(path, options);
  }
  auto impl = std::make_unique<Impl>(std::move(storage));
  Impl& opened = *impl;
  return guarded(opened, [&] {
    impl->storage->migrate(target, [&](int version) {
      if (version == 8) store_detail::baseline_case_digests(*impl);
    });
    auto& port = impl->port();
    // The case aggregates (schema 5, with events from 7) are derived data:
    // made for a store that had cases before version 7, and remade when this
    // library counts into another layout than the one they were written with.
    // A store kept at version 5 or 6 (StoreOptions::schema_version) has none
    // in use: its case indicators read the case tables.
    if (impl->user_version() >= 7 && !impl->read_only && !store_detail::cells_current(impl->port())) {
      const auto tx = port.begin(Access::write);
      if (!store_detail::cells_current(impl->port())) store_detail::rebuild_cells(impl->port());
      tx->commit();
    }
    // Likewise the expected reports (schema 6) of plans imported before version 6.
    auto& expected = port.expected_reports();
    if (impl->user_version() >= 6 && !impl->read_only && !expected.current()) {
      const auto tx = port.begin(Access::write);
      if (!expected.current()) {
        expected.clear();
        for (const auto& id : port.plans().ids()) {
          expected.add(id, engine::expected_reports_of(impl->load(id)));
          store_detail::note_passed_submissions(port, id, store_detail::passed_reports_of(port, id),
                                                port.records().submissions(id));
        }
        expected.mark_current();
      }
      tx->commit();
    }
    return Store(std::move(impl));
  });
}

bool Store::read_only() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return impl_->read_only;
}

int Store::schema_version() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->user_version(); });
}

const std::string& Store::path() const noexcept { return impl_->path; }

void Store::import_plan(const Plan& plan) { import_plans(std::span<const Plan>(&plan, 1)); }

PlanDocument Store::import_plan_json(std::string_view json) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  PlanDocument doc = read_plan_json(json);
  import_plan(doc.plan);
  return doc;
}

namespace {

// Imports `count` plans (`plan(i)` the i-th) in one transaction, all or none;
// the errors of plan i are named from `/i` when `by_index`.
template <class PlanAt>
void import_all(Store::Impl& impl, std::size_t count, PlanAt plan, bool by_index) {
  impl.require_writable();
  in_transaction(impl, Access::write, [&] {
    for (std::size_t i = 0; i < count; ++i) {
      try {
        impl.insert_plan(plan(i));
      } catch (const ValidationError& e) {
        if (!by_index) throw;
        rethrow_under("/" + std::to_string(i), e);
      }
    }
  });
}

}  // namespace

void Store::import_plans(std::span<const Plan> plans) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  import_all(*impl_, plans.size(), [&](std::size_t i) -> const Plan& { return plans[i]; }, plans.size() > 1);
}

std::vector<PlanDocument> Store::import_plans_json(std::span<const std::string_view> documents) {
  std::vector<PlanDocument> read;
  read.reserve(documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const std::string at = "/" + std::to_string(i);
    try {
      read.push_back(read_plan_json(documents[i]));
    } catch (const ParseError& e) {
      // The message without the document's own path, which it had in front.
      std::string message = e.what();
      if (!e.path().empty() && message.rfind(e.path() + ": ", 0) == 0) message.erase(0, e.path().size() + 2);
      throw ParseError(at + e.path(), message);
    } catch (const ValidationError& e) {
      rethrow_under(at, e);
    }
    for (auto& w : read.back().warnings) w.path = at + w.path;
  }
  // Every document is named by its index, one alone too (unlike import_plans of one plan).
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  import_all(*impl_, read.size(), [&](std::size_t i) -> const Plan& { return read[i].plan; }, true);
  return read;
}

bool Store::has_plan(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().plans().exists(plan_id); });
}

Plan Store::load_plan(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  // One read transaction, so the parts come from one snapshot.
  return in_transaction(*impl_, Access::read, [&] { return impl_->load(plan_id); });
}

std::string Store::export_plan_json(std::string_view plan_id) const { return write_plan_json(load_plan(plan_id)); }

std::vector<std::string> Store::plan_ids() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().plans().ids(); });
}

void Store::remove_plan(std::string_view plan_id) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  in_transaction(*impl_, Access::write, [&] {
    auto& storage = impl_->port();
    const std::string id(plan_id);
    if (!storage.plans().exists(id)) throw NotFound("plan '" + id + "' is not in the store");
    // Everything recorded under the plan, of any date.
    const auto r = storage.records().as_of(id, store_detail::last_day, std::nullopt);
    std::string held;
    const auto count = [&](std::size_t n, const char* what) {
      if (n > 0) held += (held.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    std::int64_t observations = 0;  // every version: corrected and retracted ones are records too
    for (const auto& [target, rows] : storage.records().observation_rows(id)) observations += rows;
    count(static_cast<std::size_t>(observations), "observations");
    count(r.task_updates.size(), "task updates");
    // Every version: corrected and retracted allocations are records too.
    count(storage.schema_version() >= allocation_versions_schema ? storage.records().allocation_history(id).size()
                                                                  : r.allocations.size(),
          "allocations");
    // Every version: corrected and retracted expenditures are records too.
    count(storage.schema_version() >= expenditure_versions_schema ? storage.records().expenditure_history(id).size()
                                                                   : r.expenditures.size(),
          "expenditures");
    // Every submission: retracted ones are records too.
    count(storage.schema_version() >= submission_versions_schema ? storage.records().submission_history(id).size()
                                                                  : r.submissions.size(),
          "submissions");
    count(r.manual_statuses.size(), "statuses set by hand");
    const auto successions = storage.plans().agency_successions(id);
    count(successions.count(id) ? successions.at(id).size() : 0, "agency successions");
    if (!held.empty()) {
      throw Conflict("/id: plan '" + id + "' has records (" + held + "); a plan is removed only while nothing was "
                     "recorded under it, so that what was reported under it stays readable");
    }
    if (!storage.plans().remove(id)) throw NotFound("plan '" + id + "' is not in the store");
  });
}

PlanCascade Store::plan_cascade(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return in_transaction(*impl_, Access::read, [&] {
    auto& storage = impl_->port();
    PlanCascade out;
    out.plan_id = std::string(plan_id);
    if (!storage.plans().exists(plan_id)) throw NotFound("plan '" + out.plan_id + "' is not in the store");
    for (const auto& [child, parent] : storage.plans().parent_links()) {
      if (child == plan_id) (storage.plans().exists(parent) ? out.parents : out.parents_elsewhere).push_back(parent);
      if (parent == plan_id) out.children.push_back(child);
    }
    for (const auto& [later, old] : storage.plans().supersession_links()) {
      if (later == plan_id) (storage.plans().exists(old) ? out.replaces : out.replaces_elsewhere).push_back(old);
      if (old == plan_id) out.replaced_by.push_back(later);
    }
    return out;
  });
}

// ---- revisions (decision 0026) ----

namespace {

void require_revision_schema(Store::Impl& impl) {
  impl.require_schema(12, "plan revisions");
}

// Revision 1 of a plan never amended: the plan tables, in force from its issue date.
store_port::StoredRevision first_revision(const Plan& plan) {
  store_port::StoredRevision r;
  r.revision = {plan.id, 1, plan.issue_date.value_or(plan.period.start), std::nullopt};
  r.recorded_at = utc_now();
  r.document = write_plan_json(plan);
  return r;
}

void check_amendment(const Amendment& a) {
  std::vector<Diagnostic> errors;
  const auto blank = [](const std::string& t) { return t.find_first_not_of(" \t\r\n") == std::string::npos; };
  if (blank(a.number)) errors.push_back({Severity::error, "/amendment/number", "the amending document's number is empty"});
  if (blank(a.issuer)) errors.push_back({Severity::error, "/amendment/issuer", "the amending document's issuer is empty"});
  if (!a.date.ok()) errors.push_back({Severity::error, "/amendment/date", "the amending document's date is not a valid date"});
  if (a.in_force_from && !a.in_force_from->ok()) {
    errors.push_back({Severity::error, "/amendment/in_force_from", "the day the amended text takes force is not a valid date"});
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

// What the stored records of plan `p.id` refer to that `p` no longer has:
// "target 'ct-2' (observations)", each item once with what refers to it.
// Every record of any date, read once.
std::vector<std::string> dropped_references(store_port::Storage& storage, const Plan& p,
                                            const std::vector<AgencySuccession>& successions) {
  std::map<std::pair<std::string, std::string>, std::set<std::string>> refs;  // (kind, id) -> what refers
  const auto records = storage.records().as_of(p.id, store_detail::last_day, std::nullopt);
  // Every version: a corrected or retracted observation is kept with its target.
  for (const auto& [target, rows] : storage.records().observation_rows(p.id)) refs[{"target", target}].insert("observations");
  for (const auto& u : records.task_updates) refs[{"task", u.task_id}].insert("task updates");
  // The agencies successions brought in stay with the plan whatever its text:
  // what refers to them is kept, what they refer to (a parent) must stay.
  std::set<std::string> joined;
  for (const auto& a : successions) {
    for (const auto& j : a.joining) joined.insert(j.id);
  }
  const auto money = [&](const auto& rows, const char* what) {
    for (const auto& r : rows) {
      refs[{"funding source", r.source_id}].insert(what);
      if (!joined.count(r.agency_id)) refs[{"agency", r.agency_id}].insert(what);
      if (r.task_id) refs[{"task", *r.task_id}].insert(what);
    }
  };
  // Every version: a corrected or retracted allocation is kept with its slice.
  if (storage.schema_version() >= allocation_versions_schema) {
    std::vector<Allocation> all;
    for (auto& v : storage.records().allocation_history(p.id)) all.push_back(std::move(v.allocation));
    money(all, "allocations");
  } else {
    money(records.allocations, "allocations");
  }
  // Every version: a corrected or retracted expenditure keeps its source, agency and task.
  if (storage.schema_version() >= expenditure_versions_schema) {
    std::vector<Expenditure> all;
    for (auto& v : storage.records().expenditure_history(p.id)) all.push_back(std::move(v.expenditure));
    money(all, "expenditures");
  } else {
    money(records.expenditures, "expenditures");
  }
  // Every submission: a retracted one is kept with its duty and reporter.
  const auto submitted = [&](const auto& r) {
    refs[{"duty", r.duty_id}].insert("submissions");
    if (!joined.count(r.reporter)) refs[{"agency", r.reporter}].insert("submissions");
  };
  if (storage.schema_version() >= submission_versions_schema) {
    for (const auto& v : storage.records().submission_history(p.id)) submitted(v.submission);
  } else {
    for (const auto& r : records.submissions) submitted(r);
  }
  for (const auto& m : records.manual_statuses) refs[{m.kind, m.item_id}].insert("statuses set by hand");
  for (const auto& a : successions) {
    if (!joined.count(a.agency_id)) refs[{"agency", a.agency_id}].insert("agency successions");
    for (const auto& j : a.joining) {
      if (j.parent && !joined.count(*j.parent)) refs[{"agency", *j.parent}].insert("agency successions");
    }
    for (const auto& h : a.to) {
      if (!joined.count(h.agency_id)) refs[{"agency", h.agency_id}].insert("agency successions");
      for (const auto& t : h.tasks) refs[{"task", t}].insert("agency successions");
      for (const auto& d : h.duties) refs[{"duty", d}].insert("agency successions");
    }
  }
  const auto has = [&](const std::string& kind, const std::string& item) {
    if (kind == "target") return p.find_target(item) != nullptr;
    if (kind == "task") return p.find_task(item) != nullptr;
    if (kind == "agency") return p.find_agency(item) != nullptr;
    if (kind == "duty") {
      return std::any_of(p.reporting_duties.begin(), p.reporting_duties.end(), [&](const auto& d) { return d.id == item; });
    }
    return std::any_of(p.funding_sources.begin(), p.funding_sources.end(), [&](const auto& f) { return f.id == item; });
  };
  std::vector<std::string> out;
  for (const auto& [key, what] : refs) {
    if (has(key.first, key.second)) continue;
    std::string text = key.first + " '" + key.second + "' (";
    bool first = true;
    for (const auto& w : what) {
      text += (first ? "" : ", ") + w;
      first = false;
    }
    out.push_back(text + ")");
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

}  // namespace

PlanRevision Store::amend_plan(const Plan& plan, const Amendment& amendment) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  check_amendment(amendment);
  return in_transaction(*impl_, Access::write, [&] {
    require_revision_schema(*impl_);
    auto& storage = impl_->port();
    if (!storage.plans().exists(plan.id)) {
      throw NotFound("plan '" + plan.id + "' is not in the store (a plan is amended once imported)");
    }
    const Plan current = impl_->load(plan.id);
    auto stored = storage.plans().revisions(plan.id);
    const Date in_force = amendment.in_force_from.value_or(amendment.date);
    const Amendment recorded{amendment.number, amendment.date, amendment.issuer, in_force};
    // An amendment recorded already, with the same text: nothing changes (a script run again).
    if (!stored.empty()) {
      const std::string text = write_plan_json(plan);
      for (const auto& r : stored) {
        if (r.revision.amendment == recorded && r.document == text) return r.revision;
      }
    }
    if (current == plan) {
      throw Conflict("/id: the text of plan '" + plan.id + "' is unchanged: it is already its revision " +
                     std::to_string(stored.empty() ? 1 : stored.back().revision.revision) +
                     ", so amending document '" + amendment.number + "' changes nothing in it");
    }
    if (plan.unit != current.unit) {
      throw Conflict("/unit: an amendment of plan '" + plan.id + "' keeps its unit '" + current.unit + "' (the text names '" +
                     plan.unit + "'); a plan of another unit is another plan");
    }
    check(plan);
    if (stored.empty()) stored.push_back(first_revision(current));
    const auto& last = stored.back().revision;
    for (const auto& r : stored) {
      if (r.revision.amendment && r.revision.amendment->number == amendment.number) {
        throw Conflict("/amendment/number: document '" + amendment.number + "' already amended plan '" + plan.id +
                       "' (revision " + std::to_string(r.revision.revision) + ")");
      }
    }
    if (!(in_force > last.in_force_from)) {
      throw ValidationError("/amendment/in_force_from",
                            "the amended text takes force on " + format_iso_date(in_force) + ", not after revision " +
                                std::to_string(last.revision) + " of plan '" + plan.id + "', in force from " +
                                format_iso_date(last.in_force_from) + ": revisions take force one after another");
    }
    auto successions_by_plan = storage.plans().agency_successions(plan.id);
    const auto successions = successions_by_plan.count(plan.id) ? successions_by_plan[plan.id] : std::vector<AgencySuccession>{};
    for (const auto& a : successions) {
      for (const auto& j : a.joining) {
        if (plan.find_agency(j.id)) {
          throw Conflict("/agencies: agency '" + j.id + "' of the amended text of plan '" + plan.id +
                         "' has the id of the agency the succession of '" + a.agency_id +
                         "' brought into the plan; give the text's agency another id");
        }
      }
    }
    if (const auto dropped = dropped_references(storage, plan, successions); !dropped.empty()) {
      throw Conflict("/id: the amended text of plan '" + plan.id + "' drops what was recorded against: " + join(dropped) +
                     "; an amendment keeps every item that records refer to");
    }
    // The stored agency successions must still fit the text (an ended agency's last day, its duties).
    for (std::size_t k = 0; k < successions.size(); ++k) {
      try {
        engine::check_agency_successions(plan, std::span(successions.data(), k), std::span(&successions[k], 1),
                                         "/successions", k);
      } catch (const ValidationError& e) {
        throw Conflict("/id: the amended text of plan '" + plan.id + "' no longer fits its recorded agency succession of '" +
                       successions[k].agency_id + "' (" + e.what() + "); an amendment keeps what successions rely on");
      }
    }
    impl_->upsert_units(plan.units);
    check_cascade(storage, plan);
    check_supersession(storage, plan);
    storage.plans().replace(plan);
    if (stored.size() == 1 && storage.plans().revisions(plan.id).empty()) storage.plans().insert_revision(stored.front());
    store_port::StoredRevision next;
    next.revision = {plan.id, last.revision + 1, in_force, recorded};
    next.recorded_at = utc_now();
    next.document = write_plan_json(plan);
    storage.plans().insert_revision(next);
    // Derived data: the expected reports of the latest text, with their first submissions.
    auto& expected = storage.expected_reports();
    if (expected.current()) {
      expected.add(plan.id, engine::expected_reports_of(plan));
      note_passed_submissions(storage, plan.id, passed_reports_of(storage, plan.id), storage.records().submissions(plan.id));
    } else {
      expected.forget();
    }
    return next.revision;
  });
}

PlanRevision Store::amend_plan_json(std::string_view json, const Amendment& amendment) {
  const PlanDocument doc = read_plan_json(json);
  return amend_plan(doc.plan, amendment);
}

namespace {

std::vector<store_port::StoredRevision> stored_revisions(Store::Impl& impl, std::string_view plan_id) {
  auto& storage = impl.port();
  if (!storage.plans().exists(plan_id)) throw NotFound("plan '" + std::string(plan_id) + "' is not in the store");
  auto stored = storage.plans().revisions(plan_id);
  if (stored.empty()) stored.push_back(first_revision(impl.load(plan_id)));
  return stored;
}

Plan revision_text(Store::Impl& impl, std::string_view plan_id, int revision) {
  for (const auto& r : stored_revisions(impl, plan_id)) {
    if (r.revision.revision == revision) return read_plan_json(r.document).plan;
  }
  throw NotFound("plan '" + std::string(plan_id) + "' has no revision " + std::to_string(revision));
}

}  // namespace

std::vector<PlanRevision> Store::plan_history(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return in_transaction(*impl_, Access::read, [&] {
    std::vector<PlanRevision> out;
    for (auto& r : stored_revisions(*impl_, plan_id)) out.push_back(std::move(r.revision));
    return out;
  });
}

Plan Store::plan_revision(std::string_view plan_id, int revision) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return in_transaction(*impl_, Access::read, [&] { return revision_text(*impl_, plan_id, revision); });
}

PlanDiff Store::plan_diff(std::string_view plan_id, int from, int to) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return in_transaction(*impl_, Access::read, [&] {
    PlanDiff d;
    d.plan_id = std::string(plan_id);
    d.from = from;
    d.to = to;
    d.changes = diff_plans(revision_text(*impl_, plan_id, from), revision_text(*impl_, plan_id, to));
    return d;
  });
}

std::vector<AdministrativeUnit> Store::units() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().units().all(); });
}

namespace {
void require_register_schema(Store::Impl& impl) {
  impl.require_schema(9, "unit versions and successions");
}
}  // namespace

void Store::import_register(const UnitRegister& units) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  guarded(*impl_, [&] {
    require_register_schema(*impl_);
    auto tx = impl_->port().begin(Access::write);
    impl_->apply_register(units, "/versions");
    tx->commit();
  });
}

UnitHistory Store::unit_history(std::string_view code) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] {
    require_register_schema(*impl_);
    const auto tx = impl_->port().begin(Access::read);
    auto& units = impl_->port().units();
    UnitHistory h;
    h.code = std::string(code);
    for (auto& v : units.versions(code)) h.versions.push_back(std::move(v.version));
    if (h.versions.empty()) throw NotFound("unit '" + h.code + "' is not in the store");
    unit_register::sort_by_date(h.versions);
    for (auto& e : units.successions_of(code)) {
      if (e.to == h.code) h.predecessors.push_back(e);
      if (e.from == h.code) h.successors.push_back(std::move(e));
    }
    tx->commit();
    return h;
  });
}

namespace store_detail {
std::set<std::string> overlapping_package_units(store_port::Storage& storage) {
  std::set<std::string> out;
  for (auto& u : storage.packages().units()) {
    if (storage.cases().any_in_subtree(u)) out.insert(std::move(u));
  }
  return out;
}

boundaries::Geography load_geography(Store::Impl& impl, Date day) {
  if (!day.ok()) throw InvalidArgument("the boundaries date is not a valid date");
  require_register_schema(impl);
  auto& units = impl.port().units();
  std::vector<UnitVersion> versions;
  for (auto& v : units.all_versions()) versions.push_back(std::move(v.version));
  std::map<std::string, std::string, std::less<>> legacy;
  for (auto& u : units.all()) {
    if (u.successor) legacy.emplace(u.code, *u.successor);
  }
  return boundaries::Geography(std::move(versions), units.all_successions(), std::move(legacy), day);
}
}  // namespace store_detail

std::vector<UnitVersion> Store::units_on(Date day) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] {
    const auto tx = impl_->port().begin(Access::read);
    auto out = store_detail::load_geography(*impl_, day).units();
    tx->commit();
    return out;
  });
}

std::vector<Succession> Store::successions() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] {
    require_register_schema(*impl_);
    return impl_->port().units().all_successions();
  });
}

std::vector<ObservationVersion> Store::observation_history(std::string_view plan_id, std::string_view target_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] {
    auto& records = impl_->port().records();
    require_item(*impl_, plan_id, "target", target_id);
    require_observation_versions(*impl_);
    return records.observation_history(plan_id, target_id);
  });
}

void Store::retract_observation(std::string_view plan_id, std::string_view target_id, Date date) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  in_transaction(*impl_, Access::write, [&] {
    auto& records = impl_->port().records();
    require_item(*impl_, plan_id, "target", target_id);
    require_observation_versions(*impl_);
    const Observation key{std::string(plan_id), std::string(target_id), date, 0, std::nullopt, std::nullopt};
    for (const auto& [id, o] : records.holding_observations(std::span(&key, 1))) {
      records.replace_observation(id, utc_now(), true);
      return;
    }
    throw NotFound("observation of target '" + std::string(target_id) + "' of plan '" + std::string(plan_id) + "' on " +
                   iso(date) + " is not in the store (nothing holds to retract)");
  });
}

std::vector<Observation> Store::observations(std::string_view plan_id, std::string_view target_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().records().observations(plan_id, target_id); });
}

std::size_t Store::observation_count() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().records().observation_count(); });
}

std::vector<TaskChange> Store::task_history(std::string_view plan_id, std::string_view task_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] {
    require_item(*impl_, plan_id, "task", task_id);
    return impl_->port().records().task_history(plan_id, task_id);
  });
}

std::vector<Allocation> Store::allocations(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().records().allocations(plan_id); });
}

std::vector<AllocationVersion> Store::allocation_history(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return in_transaction(*impl_, Access::read, [&] {
    if (!impl_->port().plans().exists(std::string(plan_id))) {
      throw NotFound("plan '" + std::string(plan_id) + "' is not in the store");
    }
    require_allocation_versions(*impl_);
    return impl_->port().records().allocation_history(plan_id);
  });
}

void Store::retract_allocation(const Allocation& allocation) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  in_transaction(*impl_, Access::write, [&] {
    auto& records = impl_->port().records();
    if (!impl_->port().plans().exists(allocation.plan_id)) {
      throw NotFound("plan '" + allocation.plan_id + "' is not in the store");
    }
    require_allocation_versions(*impl_);
    if (allocation.task_id && allocation.task_id->empty()) {
      throw ValidationError("/task_id", "an empty task id names no task (leave it out for an allocation to no task)");
    }
    for (const auto& [id, a] : records.holding_allocations(std::span(&allocation, 1))) {
      records.replace_allocation(id, utc_now(), true);
      return;
    }
    throw NotFound(allocation_text(allocation) + " of plan '" + allocation.plan_id +
                   "' is not in the store (nothing holds to retract)");
  });
}

std::vector<Expenditure> Store::expenditures(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().records().expenditures(plan_id); });
}

std::vector<ExpenditureVersion> Store::expenditure_history(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return in_transaction(*impl_, Access::read, [&] {
    if (!impl_->port().plans().exists(std::string(plan_id))) {
      throw NotFound("plan '" + std::string(plan_id) + "' is not in the store");
    }
    require_expenditure_versions(*impl_);
    return impl_->port().records().expenditure_history(plan_id);
  });
}

void Store::retract_expenditure(const Expenditure& expenditure) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  in_transaction(*impl_, Access::write, [&] {
    auto& records = impl_->port().records();
    if (!impl_->port().plans().exists(expenditure.plan_id)) {
      throw NotFound("plan '" + expenditure.plan_id + "' is not in the store");
    }
    require_expenditure_versions(*impl_);
    if (expenditure.task_id && expenditure.task_id->empty()) {
      throw ValidationError("/task_id", "an empty task id names no task (leave it out for a payment to no task)");
    }
    if (expenditure.voucher && expenditure.voucher->empty()) {
      throw ValidationError("/voucher", "an empty voucher number names no voucher (leave it out for a payment without one)");
    }
    for (const auto& [id, e] : records.holding_expenditures(std::span(&expenditure, 1))) {
      records.replace_expenditure(id, utc_now(), true);
      return;
    }
    throw NotFound(expenditure_text(expenditure) + " of plan '" + expenditure.plan_id +
                   "' is not in the store (nothing holds to retract)");
  });
}

std::vector<ReportSubmission> Store::submissions(std::string_view plan_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().records().submissions(plan_id); });
}

std::vector<SubmissionVersion> Store::submission_history(std::string_view plan_id, std::string_view duty_id) const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return in_transaction(*impl_, Access::read, [&] {
    require_duty(*impl_, plan_id, duty_id);
    require_submission_versions(*impl_);
    auto all = impl_->port().records().submission_history(plan_id);
    std::erase_if(all, [&](const SubmissionVersion& v) { return v.submission.duty_id != duty_id; });
    return all;
  });
}

void Store::retract_submission(const ReportSubmission& submission) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  in_transaction(*impl_, Access::write, [&] {
    auto& storage = impl_->port();
    const auto& s = submission;
    require_duty(*impl_, s.plan_id, s.duty_id);
    require_submission_versions(*impl_);
    if (!storage.records().retract_submission(s, utc_now())) {
      // Nothing holds: a key no submission could have under today's text (a
      // reporter of no report under the duty, a period the duty does not ask
      // for) is named, not a silent miss. A held one is retracted whatever
      // an amendment changed since.
      Facts facts(storage);
      std::vector<Diagnostic> errors;
      record_checks::check_submission(facts.of_reports(s.plan_id, "/plan_id"), s, 0, "", errors);
      for (auto& e : errors) e.path = e.path.substr(e.path.find('/', 1));  // "/reporter", not "/0/reporter"
      finish(errors);
      throw NotFound("submission of duty '" + s.duty_id + "' of plan '" + s.plan_id + "' by '" + s.reporter +
                     "' for the period from " + iso(s.period.start) + " submitted on " + iso(s.submitted) +
                     " is not in the store (nothing holds to retract)");
    }
    // Derived data: the plan's expected reports again, their first
    // submissions the earliest that still hold.
    auto& expected = storage.expected_reports();
    if (expected.current()) {
      expected.add(s.plan_id, engine::expected_reports_of(impl_->load(s.plan_id)));
      store_detail::note_passed_submissions(storage, s.plan_id, store_detail::passed_reports_of(storage, s.plan_id),
                                            storage.records().submissions(s.plan_id));
    } else {
      expected.forget();
    }
  });
}

// Each write of records: one transaction, the plan facts read once per plan.
#define KEHOACH_RECORD_WRITE(method, Row, in)                                          \
  void Store::method(std::span<const Row> rows) {                                      \
    const std::lock_guard lock(impl_->mutex); /* one caller at a time per handle */    \
    impl_->require_writable();                                                         \
    in_transaction(*impl_, Access::write, [&] {                                        \
      Facts facts(impl_->port());                                            \
      in(*impl_, facts, rows, "");                                                     \
    });                                                                                \
  }
KEHOACH_RECORD_WRITE(record_observations, Observation, record_observations_in)
KEHOACH_RECORD_WRITE(record_task_updates, TaskUpdate, record_task_updates_in)
KEHOACH_RECORD_WRITE(record_allocations, Allocation, record_allocations_in)
KEHOACH_RECORD_WRITE(record_expenditures, Expenditure, record_expenditures_in)
KEHOACH_RECORD_WRITE(record_submissions, ReportSubmission, record_submissions_in)
#undef KEHOACH_RECORD_WRITE

void Store::record(const RecordBatch& batch) {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  impl_->require_writable();
  in_transaction(*impl_, Access::write, [&] {
    Facts facts(impl_->port());
    record_observations_in(*impl_, facts, batch.observations, "/observations");
    record_task_updates_in(*impl_, facts, batch.task_updates, "/task_updates");
    record_allocations_in(*impl_, facts, batch.allocations, "/allocations");
    record_expenditures_in(*impl_, facts, batch.expenditures, "/expenditures");
    record_submissions_in(*impl_, facts, batch.submissions, "/submissions");
  });
}

bool store_detail::is_server_location(std::string_view location) noexcept { return postgres::is_uri(location); }

std::vector<std::string> Store::check_integrity() const {
  const std::lock_guard lock(impl_->mutex);  // one caller at a time per handle
  return guarded(*impl_, [&] { return impl_->port().check_integrity(); });
}

}  // namespace v1
}  // namespace kehoach
