// Plan revisions as JSON, the amending document read from JSON, and the diff
// of two plan texts, compared as their canonical plan documents.

#include <kehoach/document.hpp>
#include <kehoach/revision.hpp>

#include "codec/fields.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace kehoach {
inline namespace v1 {
namespace {

using namespace json_detail;
using ordered = nlohmann::ordered_json;

ordered amendment_json(const Amendment& a) {
  ordered o{{"number", a.number}, {"date", format_iso_date(a.date)}, {"issuer", a.issuer}};
  o["in_force_from"] = format_iso_date(a.in_force_from.value_or(a.date));
  return o;
}

// The fields of two objects that differ, in the order of `to` then those only in `from`.
std::vector<std::string> changed_fields(const ordered& from, const ordered& to, const std::set<std::string>& skip = {}) {
  std::vector<std::string> out;
  for (auto it = to.begin(); it != to.end(); ++it) {
    if (skip.count(it.key())) continue;
    const auto f = from.find(it.key());
    if (f == from.end() || *f != it.value()) out.push_back(it.key());
  }
  for (auto it = from.begin(); it != from.end(); ++it) {
    if (skip.count(it.key())) continue;
    if (!to.contains(it.key())) out.push_back(it.key());
  }
  return out;
}

// An item's key within its list: its id, else its number, else its position.
std::string key_of_item(const ordered& item, std::size_t index) {
  for (const char* k : {"id", "code", "number"}) {
    if (const auto it = item.find(k); it != item.end() && it->is_string()) return it->get<std::string>();
  }
  return "#" + std::to_string(index + 1);
}

using Keyed = std::vector<std::pair<std::string, const ordered*>>;

Keyed keyed(const ordered& doc, const char* list) {
  Keyed out;
  const auto it = doc.find(list);
  if (it == doc.end() || !it->is_array()) return out;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    std::string key = key_of_item((*it)[i], i);
    // Two items with one key (legal bases without a number): the second is KEY#2.
    if (const int n = ++seen[key]; n > 1) key += "#" + std::to_string(n);
    out.emplace_back(std::move(key), &(*it)[i]);
  }
  return out;
}

const ordered* find_key(const Keyed& list, const std::string& key) {
  for (const auto& [k, v] : list) {
    if (k == key) return v;
  }
  return nullptr;
}

// Added, removed and changed items of one list; `each_changed` sees both texts of a kept item.
template <class OnChanged>
void diff_list(const ordered& from, const ordered& to, const char* list, const char* kind, std::vector<PlanChange>& out,
               OnChanged each_changed, const std::set<std::string>& skip = {}) {
  const Keyed a = keyed(from, list);
  const Keyed b = keyed(to, list);
  for (const auto& [key, item] : b) {
    const ordered* before = find_key(a, key);
    if (!before) {
      out.push_back({kind, key, "added", {}});
      continue;
    }
    auto fields = changed_fields(*before, *item, skip);
    if (!fields.empty()) out.push_back({kind, key, "changed", std::move(fields)});
    each_changed(key, *before, *item);
  }
  for (const auto& [key, item] : a) {
    if (!find_key(b, key)) out.push_back({kind, key, "removed", {}});
  }
}

void milestones_of(const std::string& target, const ordered& from, const ordered& to, std::vector<PlanChange>& out) {
  const auto list = [](const ordered& t) {
    std::vector<std::pair<std::string, const ordered*>> ms;
    if (const auto it = t.find("milestones"); it != t.end() && it->is_array()) {
      for (const auto& m : *it) ms.emplace_back(m.value("date", std::string()), &m);
    }
    return ms;
  };
  const auto a = list(from);
  const auto b = list(to);
  const auto find = [](const auto& ms, const std::string& date) -> const ordered* {
    for (const auto& [d, m] : ms) {
      if (d == date) return m;
    }
    return nullptr;
  };
  for (const auto& [date, m] : b) {
    const ordered* before = find(a, date);
    if (!before) {
      out.push_back({"milestone", target + "@" + date, "added", {}});
    } else if (auto fields = changed_fields(*before, *m); !fields.empty()) {
      out.push_back({"milestone", target + "@" + date, "changed", std::move(fields)});
    }
  }
  for (const auto& [date, m] : a) {
    if (!find(b, date)) out.push_back({"milestone", target + "@" + date, "removed", {}});
  }
}

}  // namespace

std::vector<PlanChange> diff_plans(const Plan& from, const Plan& to) {
  const ordered a = ordered::parse(write_plan_json(from, -1));
  const ordered b = ordered::parse(write_plan_json(to, -1));
  std::vector<PlanChange> out;
  // The plan's own fields: every top-level field but the lists compared item by item.
  static const std::set<std::string> lists{"legal_bases", "units", "agencies", "funding_sources", "targets",
                                           "tasks", "reporting_duties", "events"};
  if (auto fields = changed_fields(a, b, lists); !fields.empty()) out.push_back({"plan", "", "changed", std::move(fields)});
  const auto none = [](const std::string&, const ordered&, const ordered&) {};
  diff_list(a, b, "legal_bases", "legal_basis", out, none);
  diff_list(a, b, "units", "unit", out, none);
  diff_list(a, b, "agencies", "agency", out, none);
  diff_list(a, b, "funding_sources", "funding_source", out, none);
  // A target's milestones are items of their own: the target is "changed" for its other fields.
  diff_list(a, b, "targets", "target", out,
            [&](const std::string& id, const ordered& x, const ordered& y) { milestones_of(id, x, y, out); }, {"milestones"});
  // Milestones of added and removed targets come with them; those of kept ones were listed after the target.
  diff_list(a, b, "tasks", "task", out, none);
  diff_list(a, b, "reporting_duties", "duty", out, none);
  diff_list(a, b, "events", "event", out, none);
  return out;
}

std::string write_plan_history_json(std::span<const PlanRevision> revisions) {
  ordered list = ordered::array();
  for (const auto& r : revisions) {
    ordered o{{"plan", r.plan_id}, {"revision", r.revision}, {"in_force_from", format_iso_date(r.in_force_from)}};
    o["amendment"] = r.amendment ? amendment_json(*r.amendment) : ordered(nullptr);
    list.push_back(std::move(o));
  }
  return list.dump(2, ' ', false, ordered::error_handler_t::replace);
}

std::string write_plan_diff_json(const PlanDiff& d) {
  ordered changes = ordered::array();
  for (const auto& c : d.changes) {
    changes.push_back(ordered{{"kind", c.kind}, {"id", c.id}, {"change", c.change}, {"fields", c.fields}});
  }
  ordered o{{"plan", d.plan_id}, {"from", d.from}, {"to", d.to}, {"changes", std::move(changes)}};
  return o.dump(2, ' ', false, ordered::error_handler_t::replace);
}

Amendment read_amendment_json(std::string_view text) {
  const json root = parse_strict(text);
  Fields f(root, "");
  Amendment a;
  a.number = f.str("number");
  a.date = f.date("date");
  a.issuer = f.str("issuer");
  a.in_force_from = f.opt_date("in_force_from");
  f.done();
  return a;
}

}  // namespace v1
}  // namespace kehoach
