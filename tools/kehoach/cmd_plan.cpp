// kehoach plan list | remove ID | cascade ID | amend FILE | history ID | revision ID N | diff ID REV1 REV2.

#include "cli.hpp"
#include "format.hpp"

#include <functional>
#include <map>
#include <memory>
#include <set>

namespace kehoach_cli {

namespace {

// A diff's item kind as the user's language names it.
std::string kind_label(const std::string& kind, Lang lang) {
  static const std::map<std::string, std::pair<const char*, const char*>> labels{
      {"plan", {"kế hoạch", "plan"}},           {"target", {"chỉ tiêu", "target"}},
      {"milestone", {"mốc", "milestone"}},      {"task", {"nhiệm vụ", "task"}},
      {"duty", {"chế độ báo cáo", "duty"}},     {"agency", {"cơ quan", "agency"}},
      {"funding_source", {"nguồn kinh phí", "funding source"}},
      {"legal_basis", {"căn cứ", "legal basis"}}, {"unit", {"đơn vị hành chính", "unit"}},
      {"event", {"sự kiện", "event"}}};
  const auto it = labels.find(kind);
  if (it == labels.end()) return kind;
  return lang == Lang::en ? it->second.second : it->second.first;
}

}  // namespace

void add_plan(CLI::App& app, Options& o, Commands& commands) {
  auto id = std::make_shared<std::string>();
  auto* plan = app.add_subcommand("plan", "List the plans in the store, walk their cascade, amend one and read its "
                                          "revisions, or remove one");
  plan->require_subcommand(1);
  auto* list = plan->add_subcommand("list", "Every plan id, one per line");
  list->footer("Example: kehoach plan list");
  commands.push_back({list, [&o] {
    auto store = open_store(o);
    for (const auto& p : store.plan_ids()) std::cout << p << "\n";
    return int{ok};
  }, {}});
  auto json = std::make_shared<bool>(false);
  auto* cascade = plan->add_subcommand("cascade", "A plan's place in the cascade: the plans above it and below it, "
                                                  "and the plans it replaces or that replace it");
  cascade->add_option("id", *id, "Plan id")->required();
  cascade->add_flag("--json", *json, "The plan's parents, children and supersessions as JSON (one level)");
  cascade->footer("Example: kehoach plan cascade cai-nhum-gbv-2026-2030");
  commands.push_back({cascade, [&o, id, json] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const PlanCascade top = store.plan_cascade(*id);
    if (*json) {
      std::cout << write_plan_cascade_json(top) << "\n";
      return int{ok};
    }
    std::cout << w.plan << " " << top.plan_id << "\n";
    // Walked a level at a time; `seen` stops a cycle an older store might hold.
    std::set<std::string> seen{top.plan_id};
    std::cout << w.plans_above << ":";
    if (top.parents.empty() && top.parents_elsewhere.empty()) std::cout << " " << w.none;
    std::cout << "\n";
    std::function<void(const PlanCascade&, int)> up = [&](const PlanCascade& c, int depth) {
      for (const auto& p : c.parents) {
        std::cout << std::string(2 * static_cast<std::size_t>(depth), ' ') << p << "\n";
        if (seen.insert(p).second) up(store.plan_cascade(p), depth + 1);
      }
      for (const auto& p : c.parents_elsewhere) {
        std::cout << std::string(2 * static_cast<std::size_t>(depth), ' ') << p << " (" << w.not_in_store << ")\n";
      }
    };
    up(top, 1);
    std::cout << w.plans_below << ":" << (top.children.empty() ? std::string(" ") + w.none : std::string()) << "\n";
    std::function<void(const PlanCascade&, int)> down = [&](const PlanCascade& c, int depth) {
      for (const auto& child : c.children) {
        std::cout << std::string(2 * static_cast<std::size_t>(depth), ' ') << child << "\n";
        if (seen.insert(child).second) down(store.plan_cascade(child), depth + 1);
      }
    };
    down(top, 1);
    // Supersession: the previous period's plans it replaces, the next period's that replace it.
    if (!top.replaces.empty() || !top.replaces_elsewhere.empty()) {
      std::cout << w.replaces << ":";
      for (const auto& p : top.replaces) std::cout << " " << p;
      for (const auto& p : top.replaces_elsewhere) std::cout << " " << p << " (" << w.not_in_store << ")";
      std::cout << "\n";
    }
    if (!top.replaced_by.empty()) {
      std::cout << w.replaced_by << ":";
      for (const auto& p : top.replaced_by) std::cout << " " << p;
      std::cout << "\n";
    }
    return int{ok};
  }, {}});
  struct AmendArgs {
    std::string file, number, date, issuer, in_force;
  };
  auto amend_args = std::make_shared<AmendArgs>();
  auto* amend = plan->add_subcommand("amend", "Record a changed text of a stored plan as its next revision");
  amend->add_option("file", amend_args->file, "The amended plan document (JSON), with the plan's id")->required();
  amend->add_option("--number", amend_args->number, "The amending document's number, e.g. 15/KH-UBND")->required();
  amend->add_option("--date", amend_args->date, "The amending document's date; 20/04/2027 or 2027-04-20")->required();
  amend->add_option("--issuer", amend_args->issuer, "Who issued the amending document")->required();
  amend->add_option("--in-force", amend_args->in_force, "The day the amended text takes force (default: --date)");
  amend->footer("Example: kehoach plan amend cai-nhum-sua-doi.plan.json --number 15/KH-UBND --date 20/04/2027 "
                "--issuer \"UBND xã Cái Nhum\" --in-force 01/05/2027");
  commands.push_back({amend, [&o, amend_args] {
    const Words& w = words(lang_of(o));
    const std::string text = read_file(amend_args->file);
    auto store = open_store(o);
    Amendment a{amend_args->number, parse_vietnamese_date(amend_args->date), amend_args->issuer, std::nullopt};
    if (!amend_args->in_force.empty()) a.in_force_from = parse_vietnamese_date(amend_args->in_force);
    const PlanRevision r = store.amend_plan_json(text, a);
    std::cout << w.amendment_recorded << ": " << r.plan_id << ", " << w.revision << " " << r.revision << ", "
              << w.in_force_from << " " << format_vietnamese_date(r.in_force_from) << "\n";
    return int{ok};
  }, {}});
  auto history_json = std::make_shared<bool>(false);
  auto* history = plan->add_subcommand("history", "A plan's revisions: when each took force, and the document that amended it");
  history->add_option("id", *id, "Plan id")->required();
  history->add_flag("--json", *history_json, "The revisions as JSON");
  history->footer("Example: kehoach plan history cai-nhum-gbv-2026-2030");
  commands.push_back({history, [&o, id, history_json] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const auto revisions = store.plan_history(*id);
    if (*history_json) {
      std::cout << write_plan_history_json(revisions) << "\n";
      return int{ok};
    }
    std::cout << w.plan << " " << *id << "\n";
    for (const auto& r : revisions) {
      std::cout << "  " << w.revision << " " << r.revision << "  " << w.in_force_from << " "
                << format_vietnamese_date(r.in_force_from) << "  ";
      if (r.amendment) {
        std::cout << w.amending_document << " " << r.amendment->number << " (" << format_vietnamese_date(r.amendment->date)
                  << ", " << r.amendment->issuer << ")";
      } else {
        std::cout << "(" << w.as_first_issued << ")";
      }
      std::cout << "\n";
    }
    return int{ok};
  }, {}});
  auto revision_number = std::make_shared<int>(1);
  auto* revision = plan->add_subcommand("revision", "The plan document (JSON) of one revision of a plan");
  revision->add_option("id", *id, "Plan id")->required();
  revision->add_option("revision", *revision_number, "Revision number (1 is the plan as first imported)")->required();
  revision->footer("Example: kehoach plan revision cai-nhum-gbv-2026-2030 1");
  commands.push_back({revision, [&o, id, revision_number] {
    auto store = open_store(o);
    std::cout << write_plan_json(store.plan_revision(*id, *revision_number)) << "\n";
    return int{ok};
  }, {}});
  auto from = std::make_shared<int>(1), to = std::make_shared<int>(2);
  auto diff_json = std::make_shared<bool>(false);
  auto* diff = plan->add_subcommand("diff", "What changed between two revisions of a plan: targets, milestones, tasks, "
                                            "duties and other items added, removed or changed");
  diff->add_option("id", *id, "Plan id")->required();
  diff->add_option("rev1", *from, "The earlier revision")->required();
  diff->add_option("rev2", *to, "The later revision")->required();
  diff->add_flag("--json", *diff_json, "The changes as JSON");
  diff->footer("Example: kehoach plan diff cai-nhum-gbv-2026-2030 1 2");
  commands.push_back({diff, [&o, id, from, to, diff_json] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    const PlanDiff d = store.plan_diff(*id, *from, *to);
    if (*diff_json) {
      std::cout << write_plan_diff_json(d) << "\n";
      return int{ok};
    }
    std::cout << w.plan << " " << d.plan_id << ": " << w.revision << " " << d.from << " → " << d.to << "\n";
    if (d.changes.empty()) std::cout << "  " << w.no_changes << "\n";
    for (const auto& c : d.changes) {
      const char* what = c.change == "added" ? w.added : c.change == "removed" ? w.removed : w.changed;
      std::cout << "  " << what << "  " << kind_label(c.kind, lang_of(o)) << (c.id.empty() ? "" : " " + c.id);
      if (!c.fields.empty()) {
        std::cout << " (";
        for (std::size_t i = 0; i < c.fields.size(); ++i) std::cout << (i ? ", " : "") << c.fields[i];
        std::cout << ")";
      }
      std::cout << "\n";
    }
    return int{ok};
  }, {}});
  auto* remove = plan->add_subcommand("remove", "Remove a plan while nothing was recorded under it");
  remove->add_option("id", *id, "Plan id")->required();
  remove->footer("Example: kehoach plan remove thuong-quang-bdg-2023");
  commands.push_back({remove, [&o, id] {
    const Words& w = words(lang_of(o));
    auto store = open_store(o);
    store.remove_plan(*id);
    std::cout << w.plan_removed << ": " << *id << "\n";
    return int{ok};
  }, {}});
}

}  // namespace kehoach_cli
