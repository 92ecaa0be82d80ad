#include <kehoach/plan.hpp>
#include <kehoach/text.hpp>

#include <algorithm>
#include <set>

namespace kehoach {
inline namespace v1 {
namespace {

template <class T, class Key>
const T* find_by(const std::vector<T>& items, Key T::*key, std::string_view value) noexcept {
  for (const auto& item : items) {
    if (item.*key == value) return &item;
  }
  return nullptr;
}

}  // namespace

const Agency* Plan::find_agency(std::string_view agency_id) const noexcept {
  return find_by(agencies, &Agency::id, agency_id);
}
const AdministrativeUnit* Plan::find_unit(std::string_view code) const noexcept {
  return find_by(units, &AdministrativeUnit::code, code);
}
const Task* Plan::find_task(std::string_view task_id) const noexcept {
  return find_by(tasks, &Task::id, task_id);
}
const Target* Plan::find_target(std::string_view target_id) const noexcept {
  return find_by(targets, &Target::id, target_id);
}

bool is_provisional_unit_code(std::string_view code) noexcept {
  return code.size() > 2 && code.substr(0, 2) == "x-";
}

bool meets(Comparator comparator, double x, double v) noexcept {
  return comparator == Comparator::at_least ? x >= v : x <= v;
}

PlanKey key_of(const Plan& plan) {
  PlanKey key;
  const Agency* issuer = plan.find_agency(plan.issuer);
  key.issuer = issuer ? issuer->name : plan.issuer;
  if (plan.issue_date) key.year = static_cast<int>(plan.issue_date->year());
  key.number = plan.number;
  return key;
}

std::optional<std::string> effective_lead(const Plan& plan, const Task& task) {
  // Walk up the tree; a visited set makes a cyclic (invalid) tree terminate.
  std::set<std::string_view> seen;
  const Task* t = &task;
  while (t != nullptr && seen.insert(t->id).second) {
    if (t->lead) return t->lead;
    t = t->parent ? plan.find_task(*t->parent) : nullptr;
  }
  return std::nullopt;
}

std::vector<const Task*> children_of(const Plan& plan, const std::optional<std::string>& parent_id) {
  std::vector<const Task*> out;
  for (const auto& t : plan.tasks) {
    if (t.parent == parent_id) out.push_back(&t);
  }
  return out;
}

bool is_leaf(const Plan& plan, const Task& task) {
  return std::none_of(plan.tasks.begin(), plan.tasks.end(),
                      [&](const Task& t) { return t.parent == task.id; });
}

std::vector<const Target*> targets_in_item_order(const Plan& plan) {
  std::vector<const Target*> out;
  for (const auto& t : plan.targets) out.push_back(&t);
  std::stable_sort(out.begin(), out.end(), [](const Target* a, const Target* b) {
    if (a->code != b->code) return item_code_less(a->code, b->code);
    return a->indicator < b->indicator;
  });
  return out;
}

std::vector<Period> occurrences(const Plan& plan, const RecurringEvent& event) {
  const int from = event.from_year.value_or(static_cast<int>(plan.period.start.year()));
  const int to = event.to_year.value_or(static_cast<int>(plan.period.end.year()));
  std::vector<Period> out;
  for (int y = from; y <= to; ++y) out.push_back(occurrence(event, y));
  return out;
}

}  // namespace v1
}  // namespace kehoach
