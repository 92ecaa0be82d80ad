// Reads a plan document, validates it, and prints its targets and milestones.
//   plan_summary examples/data/huong-khe-2021.plan.json

#include <kehoach/kehoach.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: plan_summary PLAN.json\n";
    return 2;
  }
  try {
    const kehoach::PlanDocument doc = kehoach::read_plan_file(argv[1]);
    const kehoach::Plan& plan = doc.plan;
    std::cout << plan.number.value_or("(no number)") << " " << plan.title << "\n";
    for (const kehoach::Target* t : kehoach::targets_in_item_order(plan)) {
      std::cout << "  " << t->code << "." << t->indicator << " "
                << kehoach::label(t->comparator, kehoach::Lang::en) << " ";
      for (const auto& m : t->milestones) {
        std::cout << m.value << " by " << kehoach::format_iso_date(m.date) << "; ";
      }
      std::cout << "\n";
    }
    std::cout << doc.warnings.size() << " warnings\n";
  } catch (const kehoach::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
