#include <kehoach/document.hpp>
#include <kehoach/text.hpp>

#include "support/documents.hpp"

#include <catch2/catch.hpp>

using namespace kehoach;

TEST_CASE("Read, write, read gives an equal plan, and writing is canonical", "[json][round-trip]") {
  for (const char* file : {"huong-khe-2021.plan.json", "cai-nhum-2026.plan.json", "thuong-quang-2023.plan.json"}) {
    DYNAMIC_SECTION(file) {
      const auto first = read_plan_file(test::examples_dir() / file);
      const std::string written = write_plan_json(first.plan);
      const auto second = read_plan_json(written);
      CHECK(second.plan == first.plan);
      CHECK(second.warnings == first.warnings);
      CHECK(write_plan_json(second.plan) == written);
      CHECK(write_plan_json(second.plan, -1).find('\n') == std::string::npos);
    }
  }
}

TEST_CASE("Every optional field survives the round trip", "[json][round-trip]") {
  auto j = test::minimal_document();
  j["summary"] = "Trích yếu";
  j["place"] = "Cái Nhum";
  j["effective_date"] = "2026-06-02";
  j["programme"] = "Chương trình phòng ngừa và ứng phó với bạo lực trên cơ sở giới";
  j["amends"] = {"older-plan"};
  j["supersedes"] = {"oldest-plan"};
  j["purposes"] = {"Mục đích"};
  j["requirements"] = {"Yêu cầu"};
  j["general_objective"] = "Mục tiêu chung";
  j["signatory"] = "CHỦ TỊCH";
  j["notes"] = {"ghi chú"};
  j["units"][1]["valid_from"] = "2025-07-01";
  j["agencies"][1]["short_name"] = "VH-XH";
  j["agencies"][1]["aliases"] = {"Phòng Văn hóa - Thông tin"};
  j["agencies"][1]["valid_from"] = "2025-07-01";
  j["targets"][0]["baseline"] = {{"value", 60.5}, {"date", "2025-12-31"}};
  j["targets"][0]["source_text"] = "100% người bị bạo lực";
  j["targets"][0]["milestones"][1]["open_ended"] = true;
  j["targets"][0]["milestones"][1]["as_written"] = "từ năm 2030 trở đi";
  j["tasks"][1]["status"] = "done";
  j["tasks"][1]["progress"] = 100;
  j["tasks"][1]["completed_on"] = "2026-12-10";
  j["tasks"][1]["weight"] = 2.5;
  j["tasks"][1]["text"] = "Tuyên truyền trên hệ thống truyền thanh";
  j["reporting_duties"][0]["via"] = "phong-vhxh";
  j["reporting_duties"][0]["as_written"] = "trước ngày 20/11 hằng năm";
  j["events"][0]["from_year"] = 2026;
  j["events"][0]["to_year"] = 2030;
  j["annual_funding"][0]["extreme_difficulty"] = 5000000;
  const auto doc = read_plan_json(j.dump());
  const auto again = read_plan_json(write_plan_json(doc.plan));
  CHECK(again.plan == doc.plan);
  CHECK(doc.plan.targets[0].baseline->value == 60.5);
  CHECK(doc.plan.targets[0].milestones[1].open_ended);
  CHECK(doc.plan.tasks[1].weight == 2.5);
  CHECK(doc.plan.annual_funding[0].extreme_difficulty == Dong{5000000});
}

TEST_CASE("Decomposed diacritics are read as NFC", "[json][round-trip]") {
  auto composed = test::minimal_document();
  auto decomposed = test::minimal_document();
  decomposed["title"] = "Ke\xcc\x82\xcc\x81 hoa\xcc\xa3\x63h";  // "Kế hoạch" decomposed
  composed["title"] = "Kế hoạch";
  const auto a = read_plan_json(composed.dump());
  const auto b = read_plan_json(decomposed.dump());
  CHECK(a.plan.title == b.plan.title);
  CHECK(is_nfc(b.plan.title));
}

TEST_CASE("The example documents are stored in canonical form", "[json][round-trip]") {
  for (const char* file : {"huong-khe-2021.plan.json", "cai-nhum-2026.plan.json", "thuong-quang-2023.plan.json"}) {
    DYNAMIC_SECTION(file) {
      const std::string text = test::read_text(test::examples_dir() / file);
      CHECK(write_plan_json(read_plan_json(text).plan) + "\n" == text);
    }
  }
}
