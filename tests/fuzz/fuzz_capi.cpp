// The C ABI's JSON and CSV entry points: every input gets a status, never a
// crash; an error always comes with a message. Histories and retractions
// take their arguments from the input too.
#include "kehoach.h"

#include "fuzz_support.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kh_store* store = [] {
    kh_store* s = nullptr;
    kh_store_open(&s, ":memory:", nullptr);
    return s;
  }();
  static kh_principal* worker = [] {
    kh_principal* p = nullptr;
    kh_principal_new(&p, "fuzz", "case_worker", "86", 0);
    return p;
  }();
  if (size == 0) return 0;
  const char* text = reinterpret_cast<const char*>(data) + 1;
  const size_t len = size - 1;
  kh_status status = KH_OK;
  char* out = nullptr;
  int32_t revision = 0;
  switch (data[0] % 7) {
    case 0: status = kh_plan_import_json(&out, store, text, len); break;
    case 1: status = kh_records_record_json(store, text, len); break;
    case 2: status = kh_cases_import(nullptr, store, worker, text, len, "json"); break;
    case 3: status = kh_cases_import(nullptr, store, worker, text, len, "csv"); break;
    case 4: status = kh_package_import_json(store, worker, text, len); break;
    // Histories and retractions named by the input's lines: plan, target or
    // duty, reporter, period, day (any text, of any shape).
    case 5: {
      std::vector<std::string> f;
      std::string line;
      for (size_t i = 0; i < len && f.size() < 5; ++i) {
        if (text[i] == '\n') {
          f.push_back(line);
          line.clear();
        } else if (text[i] != '\0') {
          line += text[i];
        }
      }
      f.push_back(line);
      f.resize(5);
      const kh_status statuses[] = {
          kh_observation_history_json(&out, nullptr, store, f[0].c_str(), f[1].c_str()),
          (kh_free(out), out = nullptr, kh_observation_retract(store, f[0].c_str(), f[1].c_str(), f[4].c_str())),
          kh_submission_history_json(&out, nullptr, store, f[0].c_str(), f[1].c_str()),
          (kh_free(out), out = nullptr,
           kh_submission_retract(store, f[0].c_str(), f[1].c_str(), f[2].c_str(), f[3].c_str(), f[4].c_str())),
          kh_allocation_history_json(&out, nullptr, store, f[0].c_str()),
          (kh_free(out), out = nullptr,
           kh_allocation_retract(store, f[0].c_str(), static_cast<int32_t>(f[3].size()) + 2024, f[1].c_str(),
                                 f[2].c_str(), f[3].empty() ? nullptr : f[3].c_str(), f[4].c_str())),
      };
      for (const auto s : statuses) kehoach::fuzz::require(s != KH_E_INTERNAL, "no internal error on any retraction");
      status = statuses[5];
      break;
    }
    // An amendment: the input as the amended text, then as the amending document's description.
    default:
      status = kh_plan_amend_json(&revision, store, text, len,
                                  "{\"number\": \"1/KH\", \"date\": \"2030-01-01\", \"issuer\": \"UBND\"}");
      if (status == KH_OK || status == KH_E_CONFLICT || status == KH_E_NOT_FOUND || status == KH_E_PARSE ||
          status == KH_E_VALIDATION) {
        const std::string amendment(text, len);
        const kh_status second = kh_plan_amend_json(&revision, store, "{}", 2, amendment.c_str());
        kehoach::fuzz::require(second != KH_E_INTERNAL, "no internal error on any amending document");
      }
      break;
  }
  kh_free(out);
  kehoach::fuzz::require(kh_status_name(status) != nullptr, "a known status");
  kehoach::fuzz::require(status == KH_OK || std::strlen(kh_last_error()) > 0, "an error has a message");
  kehoach::fuzz::require(status != KH_E_INTERNAL, "no internal error on any input");
  // The reporting roll-up over whatever the inputs so far have written, for a
  // unit named by the input's first bytes (the whole tree when they name "86").
  const std::string unit(text, strnlen(text, len < 16 ? len : 16));
  out = nullptr;
  status = kh_metrics_reporting_rollup_json(&out, nullptr, store, unit.c_str(), "2026-12-31");
  kh_free(out);
  kehoach::fuzz::require(status == KH_OK || status == KH_E_NOT_FOUND || status == KH_E_INVALID_ARGUMENT,
                         "the roll-up finds the unit or says it does not");
  status = kh_metrics_reporting_rollup_json(&out, nullptr, store, "86", "2026-12-31");
  kh_free(out);
  kehoach::fuzz::require(status == KH_OK || status == KH_E_NOT_FOUND, "the roll-up of the province");
  return 0;
}
