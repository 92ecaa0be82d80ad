// Task updates and statuses set by hand recorded again (issue 18,
// deliverable 2; decision 0031): an update or status equal in every field to
// one the store holds, or to one given before in the same batch, is a no-op,
// so a file recorded twice adds nothing; any other update is appended, as
// before. On both engines.

#include <kehoach/kehoach.hpp>

#include <catch2/catch.hpp>

#include "support/documents.hpp"
#include "support/engine.hpp"
#include "support/temp_dir.hpp"

#include <string>
#include <vector>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

Plan minimal_plan() { return read_plan_json(test::minimal_document().dump()).plan; }

// Yearly task g1-1, occurrence 2026: started at 40% in March, done in December.
const std::vector<TaskUpdate> year_2026{
    {"test-plan", "g1-1", day("2026-03-01"), "can-bo-vhxh", TaskStatus::in_progress, 40, std::nullopt, "bắt đầu", 2026},
    {"test-plan", "g1-1", day("2026-12-20"), "can-bo-vhxh", TaskStatus::done, std::nullopt, day("2026-12-14"), std::nullopt,
     2026}};

std::int64_t copied_records(Store& store, test::TempDir& dir, const char* name) {
  return store.copy_to(Principal{"aud-1", Role::auditor, "00001", false}, dir.file(name)).records;
}

}  // namespace

TEST_CASE("task updates: the same file again adds nothing; another update is appended",
          "[store][records][corrections]") {
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  store.record_task_updates(year_2026);
  const auto history = store.task_history("test-plan", "g1-1");
  REQUIRE(history.size() == 2);
  const Date as_of = day("2027-01-31");
  const auto before = store.plan_metrics("test-plan", as_of);

  SECTION("the same file again") {
    store.record_task_updates(year_2026);
    CHECK(store.task_history("test-plan", "g1-1") == history);
    CHECK(store.plan_metrics("test-plan", as_of) == before);
  }
  SECTION("a done update given with its progress (100) is the same update") {
    auto again = year_2026;
    again[1].progress = 100;
    store.record_task_updates(again);
    CHECK(store.task_history("test-plan", "g1-1") == history);
  }
  SECTION("one batch giving an update twice stores it once") {
    const std::vector<TaskUpdate> twice{
        {"test-plan", "g1-1", day("2027-02-01"), "can-bo-vhxh", TaskStatus::in_progress, 10, std::nullopt, std::nullopt, 2027},
        {"test-plan", "g1-1", day("2027-02-01"), "can-bo-vhxh", TaskStatus::in_progress, 10, std::nullopt, std::nullopt, 2027}};
    store.record_task_updates(twice);
    const auto now = store.task_history("test-plan", "g1-1");
    REQUIRE(now.size() == 3);
    CHECK(now[2].update == twice[0]);
    CHECK(now[2].old_status == TaskStatus::planned);  // the 2027 occurrence had no update
  }
  SECTION("an update that differs in any field is appended, with the state it replaced") {
    auto other_note = year_2026[0];
    other_note.note = "bắt đầu (bổ sung)";
    auto other_author = year_2026[0];
    other_author.by = "can-bo-khac";
    store.record_task_updates(std::vector<TaskUpdate>{other_note, other_author});
    const auto now = store.task_history("test-plan", "g1-1");
    REQUIRE(now.size() == 4);
    CHECK(now[2].update.note == "bắt đầu (bổ sung)");
    CHECK(now[2].old_status == TaskStatus::done);  // the occurrence's last state
    CHECK(now[3].update.by == "can-bo-khac");
  }
  SECTION("a note that is empty text is not the same as no note") {
    auto empty_note = year_2026[1];
    empty_note.note = std::string();
    store.record_task_updates(std::vector<TaskUpdate>{empty_note});
    CHECK(store.task_history("test-plan", "g1-1").size() == 3);
  }
}

TEST_CASE("statuses set by hand: the same status again adds nothing", "[store][records][corrections]") {
  test::TempDir dir;
  auto store = Store::open(test::fresh_store());
  store.import_plan(minimal_plan());
  const ManualStatus status{"test-plan", "target", "t-a", "on_track", "Báo cáo quý III", "cb-86", day("2026-11-01")};
  store.set_manual_status(status);
  CHECK(copied_records(store, dir, "one.kehoach") == 1);
  store.set_manual_status(status);
  CHECK(copied_records(store, dir, "same.kehoach") == 1);
  // Another reason is another status set by hand, kept beside the first.
  auto other = status;
  other.reason = "Báo cáo quý IV";
  store.set_manual_status(other);
  CHECK(copied_records(store, dir, "other.kehoach") == 2);
  const auto m = store.plan_metrics("test-plan", day("2026-12-31"));
  REQUIRE(m.targets.at(0).manual);
  CHECK(m.targets.at(0).manual->reason == "Báo cáo quý IV");
}
