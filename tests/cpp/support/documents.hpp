#pragma once

// Shared helpers for the tests: paths to the example documents and a small
// valid plan document to mutate into bad ones.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kehoach::test {

inline std::filesystem::path examples_dir() { return KEHOACH_EXAMPLES_DIR; }
inline std::filesystem::path seeds_dir() { return KEHOACH_SEEDS_DIR; }
inline std::filesystem::path register_dir() { return KEHOACH_REGISTER_DIR; }

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A small document that is valid: every collection has one entry, so each
// field can be broken in turn.
inline nlohmann::ordered_json minimal_document() {
  return nlohmann::ordered_json::parse(R"({
    "format": "kehoach-plan",
    "format_version": 1,
    "id": "test-plan",
    "number": "12/KH-UBND",
    "document_type": "plan",
    "kind": "programme_implementation",
    "title": "Kế hoạch thực hiện Chương trình phòng ngừa và ứng phó với bạo lực trên cơ sở giới",
    "issuer": "ubnd-xa",
    "issue_date": "2026-06-01",
    "issue_date_as_written": "ngày 01 tháng 6 năm 2026",
    "status": "in_force",
    "level": "commune",
    "unit": "00001",
    "period": {"start": "2026-01-01", "end": "2030-12-31"},
    "legal_bases": [{"kind": "decision", "number": "625/QĐ-TTg", "date": "2026-04-06",
                     "issuer": "Thủ tướng Chính phủ", "relation": "basis"}],
    "units": [{"code": "86", "name": "Vĩnh Long", "level": "province"},
              {"code": "00001", "name": "Xã Thử", "level": "commune", "parent": "86"}],
    "agencies": [{"id": "ubnd-xa", "name": "Ủy ban nhân dân xã", "kind": "people_committee",
                  "level": "commune", "unit": "00001"},
                 {"id": "phong-vhxh", "name": "Phòng Văn hóa – Xã hội", "kind": "office",
                  "level": "commune", "unit": "00001", "parent": "ubnd-xa"}],
    "funding_sources": [{"id": "nsnn", "kind": "state_budget"}],
    "annual_funding": [{"year": 2026, "source": "nsnn", "amount": 50000000,
                        "ethnic_minority_mountainous": 10000000}],
    "targets": [{"id": "t-a", "code": "a", "description": "Tỷ lệ người bị bạo lực được hỗ trợ",
                 "comparator": "at_least", "unit": "percent",
                 "milestones": [{"date": "2028-12-31", "value": 80},
                                {"date": "2030-12-31", "value": 100}]}],
    "tasks": [{"id": "g1", "section": "III.1", "title": "Truyền thông", "lead": "phong-vhxh"},
              {"id": "g1-1", "parent": "g1", "section": "III.1.1", "title": "Tuyên truyền",
               "collaborators": ["ubnd-xa"], "recurrence": {"every": "year", "month": 12, "day": 15}}],
    "reporting_duties": [{"id": "r1", "reporters": ["phong-vhxh"], "recipient": "ubnd-xa",
                          "period": "year",
                          "deadline": {"rule": "before", "day": 20, "month": 11, "year_offset": 0}}],
    "events": [{"id": "thang-hanh-dong", "name": "Tháng hành động",
                "start": {"day": 15, "month": 11}, "end": {"day": 15, "month": 12}}],
    "recipients": ["Sở Nội vụ;"]
  })");
}

}  // namespace kehoach::test
