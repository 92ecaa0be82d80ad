/* Tests of the C ABI, in plain C99: every function, and every error path —
 * NULL arguments, invalid UTF-8, malformed JSON, closed handles, permission
 * errors, out-of-range dates. Prints "N passed, M failed". */
#include "kehoach.h"
#include "read_file.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

static int passed = 0, failed = 0;

#define CHECK(cond)                                                                         \
  do {                                                                                      \
    if (cond) {                                                                             \
      ++passed;                                                                             \
    } else {                                                                                \
      ++failed;                                                                             \
      fprintf(stderr, "%s:%d: FAILED: %s (last error: %s)\n", __FILE__, __LINE__, #cond, kh_last_error()); \
    }                                                                                       \
  } while (0)

static int contains(const char* haystack, const char* needle) { return haystack && strstr(haystack, needle) != NULL; }

/* `text` with its first `from` replaced by `to`, malloc'd (NULL when `from` is not in it). */
static char* replaced(const char* text, const char* from, const char* to) {
  const char* at = strstr(text, from);
  if (!at) return NULL;
  const size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to);
  char* out = malloc(n + 1);
  if (!out) return NULL;
  memcpy(out, text, head);
  strcpy(out + head, to);
  strcat(out, at + strlen(from));
  return out;
}
/* The n-th (from 0) "code" of a page of cases, into buf ("" when none). */
static void nth_code(const char* page, int n, char* buf, size_t size) {
  const char* at = page;
  buf[0] = '\0';
  for (int i = 0; at && i <= n; ++i) {
    at = strstr(at, "\"code\": \"");
    if (at && i < n) at += 9;
  }
  if (!at) return;
  at += 9;
  const char* end = strchr(at, '"');
  if (end && (size_t)(end - at) < size) {
    memcpy(buf, at, (size_t)(end - at));
    buf[end - at] = '\0';
  }
}
/* Whether two JSON texts hold the same object under `key` (compared as text
 * up to its first closing brace: the indicator objects hold no nested ones). */
static int same_object(const char* a, const char* b, const char* key) {
  const char* x = a ? strstr(a, key) : NULL;
  const char* y = b ? strstr(b, key) : NULL;
  const char* x_end = x ? strchr(x, '}') : NULL;
  const char* y_end = y ? strchr(y, '}') : NULL;
  return x_end && y_end && x_end - x == y_end - y && memcmp(x, y, (size_t)(x_end - x)) == 0;
}

int main(int argc, char** argv) {
  kh_store* store = NULL;
  kh_store* closed = NULL;
  kh_principal* worker = NULL;
  kh_principal* officer = NULL;
  kh_principal* auditor = NULL;
  kh_store_options options = KH_STORE_OPTIONS_INIT;
  kh_metrics_options metrics = KH_METRICS_OPTIONS_INIT;
  char* out = NULL;
  char* warnings = NULL;
  size_t len = 0, count = 0, plan_len = 0, cases_len = 0, records_len = 0;
  int32_t intact = -1;
  int64_t first_broken = -1;
  char* plan;
  char* cases;
  char* records;
  char path[4096];
  char ro_path[4096];
  char copy_path[4096];
  char busy_path[4096];
  if (argc != 3) {
    fprintf(stderr, "usage: test_capi EXAMPLES_DIR WORK_DIR (every file it writes is under WORK_DIR)\n");
    return 2;
  }
  snprintf(ro_path, sizeof ro_path, "%s/capi-ro.db", argv[2]);
  snprintf(copy_path, sizeof copy_path, "%s/capi-copy.db", argv[2]);
  snprintf(busy_path, sizeof busy_path, "%s/capi-busy.db", argv[2]);
  snprintf(path, sizeof path, "%s/cai-nhum-2026.plan.json", argv[1]);
  plan = read_file(path, &plan_len);
  snprintf(path, sizeof path, "%s/demo/cases-86.csv", argv[1]);
  cases = read_file(path, &cases_len);
  snprintf(path, sizeof path, "%s/demo/records.json", argv[1]);
  records = read_file(path, &records_len);
  if (!plan || !cases || !records) {
    fprintf(stderr, "cannot read the example data under %s\n", argv[1]);
    return 2;
  }

  /* The library. */
  CHECK(kh_abi_version() == KH_ABI_VERSION);
  CHECK(strlen(kh_version()) > 0);
  CHECK(strcmp(kh_last_error(), "") == 0);
  kh_free(NULL);

  /* The statuses: each has its name, and only KH_E_BUSY is retryable. */
  CHECK(strcmp(kh_status_name(KH_OK), "KH_OK") == 0);
  CHECK(strcmp(kh_status_name(KH_E_INVALID_ARGUMENT), "KH_E_INVALID_ARGUMENT") == 0);
  CHECK(strcmp(kh_status_name(KH_E_PARSE), "KH_E_PARSE") == 0);
  CHECK(strcmp(kh_status_name(KH_E_VALIDATION), "KH_E_VALIDATION") == 0);
  CHECK(strcmp(kh_status_name(KH_E_NOT_FOUND), "KH_E_NOT_FOUND") == 0);
  CHECK(strcmp(kh_status_name(KH_E_CONFLICT), "KH_E_CONFLICT") == 0);
  CHECK(strcmp(kh_status_name(KH_E_PERMISSION), "KH_E_PERMISSION") == 0);
  CHECK(strcmp(kh_status_name(KH_E_IO), "KH_E_IO") == 0);
  CHECK(strcmp(kh_status_name(KH_E_CORRUPT), "KH_E_CORRUPT") == 0);
  CHECK(strcmp(kh_status_name(KH_E_VERSION), "KH_E_VERSION") == 0);
  CHECK(strcmp(kh_status_name(KH_E_INTERNAL), "KH_E_INTERNAL") == 0);
  CHECK(strcmp(kh_status_name(KH_E_NO_MEMORY), "KH_E_NO_MEMORY") == 0);
  CHECK(strcmp(kh_status_name(KH_E_BUSY), "KH_E_BUSY") == 0);
  CHECK(kh_status_name(-13) == NULL && kh_status_name(1) == NULL);
  {
    kh_status s;
    for (s = KH_E_BUSY; s <= KH_OK; ++s) CHECK(kh_status_is_retryable(s) == (s == KH_E_BUSY));
    CHECK(kh_status_is_retryable(-99) == 0);
  }

  /* Labels of codes, in both languages. */
  {
    const char* label = NULL;
    CHECK(kh_label(&label, "TargetStatus", "on_track", "en") == KH_OK && label && strlen(label) > 0);
    CHECK(kh_label(&label, "Level", "commune", "vi") == KH_OK && strcmp(label, "Xã") == 0);
    CHECK(kh_label(&label, "Level", "commune", "en") == KH_OK && strcmp(label, "Commune") == 0);
    CHECK(kh_label(&label, "Level", "galaxy", "en") == KH_E_NOT_FOUND && label == NULL);
    CHECK(kh_label(&label, "NoSuchEnum", "commune", "en") == KH_E_NOT_FOUND);
    CHECK(kh_label(&label, "Level", "commune", "fr") == KH_E_INVALID_ARGUMENT);
    CHECK(kh_label(NULL, "Level", "commune", "en") == KH_E_INVALID_ARGUMENT);
    CHECK(kh_label(&label, NULL, "commune", "en") == KH_E_INVALID_ARGUMENT);
  }

  /* Opening. */
  CHECK(kh_store_open(NULL, ":memory:", NULL) == KH_E_INVALID_ARGUMENT);
  CHECK(kh_store_open(&store, NULL, NULL) == KH_E_INVALID_ARGUMENT && store == NULL);
  CHECK(kh_store_open(&store, "", NULL) == KH_E_INVALID_ARGUMENT && store == NULL && contains(kh_last_error(), "path is required"));
  CHECK(kh_store_open(&store, "bad\xff.db", NULL) == KH_E_INVALID_ARGUMENT);
  CHECK(contains(kh_last_error(), "UTF-8"));
  options.struct_size = 0;
  CHECK(kh_store_open(&store, ":memory:", &options) == KH_E_INVALID_ARGUMENT);
  options.struct_size = (uint32_t)sizeof options;
  options.create = 0;
  CHECK(kh_store_open(&store, "/nonexistent/dir/kehoach.db", &options) == KH_E_IO);
  options.create = 1;
  /* The store the rest runs on: in memory, or the one KEHOACH_TEST_STORE
     names (ctest's capi.on_postgres: an empty PostgreSQL schema). */
  {
    const char* location = getenv("KEHOACH_TEST_STORE");
    CHECK(kh_store_open(&store, location && *location ? location : ":memory:", &options) == KH_OK && store != NULL);
  }
  CHECK(strcmp(kh_last_error(), "") == 0);

  /* A closed handle is refused, not used. */
  CHECK(kh_store_open(&closed, ":memory:", NULL) == KH_OK);
  kh_store_close(closed);
  kh_store_close(closed); /* twice: ignored */
  CHECK(kh_plan_ids_json(&out, &len, closed) == KH_E_INVALID_ARGUMENT);
  CHECK(contains(kh_last_error(), "closed"));
  CHECK(kh_plan_ids_json(&out, &len, NULL) == KH_E_INVALID_ARGUMENT);
  kh_store_close(NULL);

  /* Plans. */
  CHECK(kh_plan_import_json(NULL, store, NULL, 0) == KH_E_INVALID_ARGUMENT);
  CHECK(kh_plan_import_json(NULL, store, "{\"format\": ", 11) == KH_E_PARSE);
  CHECK(contains(kh_last_error(), "malformed JSON"));
  CHECK(kh_plan_import_json(NULL, store, "{\"format\": \"kehoach-plan\", \"format_version\": 1, \"x\": \"\xff\"}", 57) == KH_E_PARSE);
  {
    const char* bad = "{\"format\": \"kehoach-plan\", \"format_version\": 1, \"id\": \"p\", \"document_type\": \"plan\","
                      " \"kind\": \"annual\", \"title\": \"T\", \"issuer\": \"u\", \"status\": \"in_force\", \"level\": \"commune\","
                      " \"unit\": \"00001\", \"period\": {\"start\": \"2025-01-01\", \"end\": \"2025-12-31\"},"
                      " \"units\": [{\"code\": \"00001\", \"name\": \"X\", \"level\": \"commune\"}],"
                      " \"agencies\": [{\"id\": \"u\", \"name\": \"U\", \"kind\": \"people_committee\", \"level\": \"commune\"}],"
                      " \"targets\": [{\"id\": \"t\", \"code\": \"a\", \"description\": \"d\", \"comparator\": \"at_least\","
                      " \"unit\": \"percent\", \"milestones\": [{\"date\": \"2025-12-31\", \"value\": 120}]}]}";
    CHECK(kh_plan_import_json(NULL, store, bad, strlen(bad)) == KH_E_VALIDATION);
    CHECK(strcmp(kh_last_error_path(), "/targets/0/milestones/0/value") == 0);
  }
  CHECK(kh_plan_import_json(&warnings, store, plan, plan_len) == KH_OK);
  CHECK(contains(warnings, "/number"));
  kh_free(warnings);
  CHECK(kh_plan_import_json(NULL, store, plan, plan_len) == KH_E_CONFLICT);
  CHECK(kh_plan_ids_json(&out, &len, store) == KH_OK && strcmp(out, "[\"cai-nhum-gbv-2026-2030\"]") == 0 && len == strlen(out));
  kh_free(out);
  CHECK(kh_plan_export_json(&out, &len, store, "cai-nhum-gbv-2026-2030") == KH_OK && len + 1 == plan_len &&
        memcmp(out, plan, len) == 0);
  kh_free(out);
  CHECK(kh_plan_export_json(&out, &len, store, "khong-co") == KH_E_NOT_FOUND && out == NULL);
  CHECK(kh_plan_export_json(NULL, &len, store, "cai-nhum-gbv-2026-2030") == KH_E_INVALID_ARGUMENT);
  CHECK(kh_plan_export_json(&out, NULL, store, NULL) == KH_E_INVALID_ARGUMENT);

  /* Records: the demo file names three plans; only one is here, so it is refused whole. */
  CHECK(kh_records_record_json(store, records, records_len) == KH_E_VALIDATION);
  CHECK(contains(kh_last_error_path(), "/plan_id"));
  CHECK(kh_records_record_json(store, "[]", 2) == KH_E_PARSE);
  CHECK(kh_records_record_json(store, NULL, 0) == KH_E_INVALID_ARGUMENT);
  {
    const char* obs = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"observations\": [{\"plan\": "
                      "\"cai-nhum-gbv-2026-2030\", \"target\": \"tg-a-1\", \"date\": \"2026-09-30\", \"value\": 72}]}";
    CHECK(kh_records_record_json(store, obs, strlen(obs)) == KH_OK);
    CHECK(kh_records_record_json(store, obs, strlen(obs)) == KH_OK); /* the same file again: a no-op */
    /* A correction and a retraction of another day; the 2026-09-30 value stays. */
    const char* first = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"observations\": [{\"plan\": "
                        "\"cai-nhum-gbv-2026-2030\", \"target\": \"tg-a-1\", \"date\": \"2026-10-31\", \"value\": 50}]}";
    const char* corrected = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"observations\": [{\"plan\": "
                            "\"cai-nhum-gbv-2026-2030\", \"target\": \"tg-a-1\", \"date\": \"2026-10-31\", \"value\": 55}]}";
    CHECK(kh_records_record_json(store, first, strlen(first)) == KH_OK);
    CHECK(kh_records_record_json(store, corrected, strlen(corrected)) == KH_OK);
    CHECK(kh_observation_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "tg-a-1") == KH_OK &&
          contains(out, "\"value\": 50") && contains(out, "\"value\": 55") && contains(out, "\"value\": 72") &&
          contains(out, "\"retracted\": false") && !contains(out, "\"retracted\": true"));
    kh_free(out);
    CHECK(kh_observation_retract(store, "cai-nhum-gbv-2026-2030", "tg-a-1", "2026-10-31") == KH_OK);
    CHECK(kh_observation_retract(store, "cai-nhum-gbv-2026-2030", "tg-a-1", "2026-10-31") == KH_E_NOT_FOUND &&
          contains(kh_last_error(), "2026-10-31"));
    CHECK(kh_observation_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "tg-a-1") == KH_OK &&
          contains(out, "\"retracted\": true"));
    kh_free(out);
    CHECK(kh_observation_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "khong-co") == KH_E_NOT_FOUND);
    CHECK(kh_observation_history_json(&out, &len, store, NULL, "tg-a-1") == KH_E_INVALID_ARGUMENT);
    CHECK(kh_observation_retract(store, "cai-nhum-gbv-2026-2030", "tg-a-1", "2026-02-30") == KH_E_PARSE);
    CHECK(kh_observation_retract(store, "cai-nhum-gbv-2026-2030", NULL, "2026-10-31") == KH_E_INVALID_ARGUMENT);
  }
  {
    /* Submissions: the same file twice is one row; one recorded by mistake is retracted. */
    const char* sub = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"submissions\": [{\"plan\": "
                      "\"cai-nhum-gbv-2026-2030\", \"duty\": \"rd-phong-nganh-hang-nam\", \"reporter\": "
                      "\"phong-nganh-xa\", \"period\": \"2026\", \"submitted\": \"2026-11-18\"}]}";
    CHECK(kh_records_record_json(store, sub, strlen(sub)) == KH_OK);
    CHECK(kh_records_record_json(store, sub, strlen(sub)) == KH_OK);
    CHECK(kh_submission_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "rd-phong-nganh-hang-nam") == KH_OK &&
          contains(out, "\"submitted\": \"2026-11-18\"") && contains(out, "\"retracted_at\": null") &&
          !contains(out, "},"));
    kh_free(out);
    CHECK(kh_submission_retract(store, "cai-nhum-gbv-2026-2030", "rd-phong-nganh-hang-nam", "phong-nganh-xa", "2026",
                                "2026-11-18") == KH_OK);
    CHECK(kh_submission_retract(store, "cai-nhum-gbv-2026-2030", "rd-phong-nganh-hang-nam", "phong-nganh-xa", "2026",
                                "2026-11-18") == KH_E_NOT_FOUND &&
          contains(kh_last_error(), "2026-11-18"));
    CHECK(kh_submission_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "rd-phong-nganh-hang-nam") == KH_OK &&
          !contains(out, "\"retracted_at\": null"));
    kh_free(out);
    CHECK(kh_submission_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "khong-co") == KH_E_NOT_FOUND);
    CHECK(kh_submission_history_json(&out, &len, store, NULL, "rd-phong-nganh-hang-nam") == KH_E_INVALID_ARGUMENT);
    CHECK(kh_submission_retract(store, "cai-nhum-gbv-2026-2030", "rd-phong-nganh-hang-nam", "phong-nganh-xa", "2026X",
                                "2026-11-18") == KH_E_PARSE);
    CHECK(kh_submission_retract(store, "cai-nhum-gbv-2026-2030", "rd-phong-nganh-hang-nam", NULL, "2026",
                                "2026-11-18") == KH_E_INVALID_ARGUMENT);
  }
  {
    /* Allocations: the same file twice is one row; another amount a correction; a retraction. */
    const char* a1 = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"allocations\": [{\"plan\": "
                     "\"cai-nhum-gbv-2026-2030\", \"year\": 2026, \"source\": \"f-ngan-sach\", \"agency\": "
                     "\"phong-vhxh\", \"task\": null, \"dated\": \"2026-01-15\", \"amount\": 30000000}]}";
    const char* a2 = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"allocations\": [{\"plan\": "
                     "\"cai-nhum-gbv-2026-2030\", \"year\": 2026, \"source\": \"f-ngan-sach\", \"agency\": "
                     "\"phong-vhxh\", \"task\": null, \"dated\": \"2026-01-15\", \"amount\": 35000000}]}";
    CHECK(kh_records_record_json(store, a1, strlen(a1)) == KH_OK);
    CHECK(kh_records_record_json(store, a1, strlen(a1)) == KH_OK);
    CHECK(kh_records_record_json(store, a2, strlen(a2)) == KH_OK);
    CHECK(kh_allocation_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030") == KH_OK &&
          contains(out, "\"amount\": 30000000") && contains(out, "\"amount\": 35000000") &&
          contains(out, "\"replaced_at\": \"20") && !contains(out, "\"retracted\": true"));
    kh_free(out);
    CHECK(kh_allocation_retract(store, "cai-nhum-gbv-2026-2030", 2026, "f-ngan-sach", "phong-vhxh", NULL, "2026-01-15") ==
          KH_OK);
    CHECK(kh_allocation_retract(store, "cai-nhum-gbv-2026-2030", 2026, "f-ngan-sach", "phong-vhxh", NULL, "2026-01-15") ==
              KH_E_NOT_FOUND &&
          contains(kh_last_error(), "2026-01-15"));
    CHECK(kh_allocation_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030") == KH_OK &&
          contains(out, "\"retracted\": true"));
    kh_free(out);
    CHECK(kh_allocation_history_json(&out, &len, store, "khong-co") == KH_E_NOT_FOUND);
    CHECK(kh_allocation_history_json(&out, &len, store, NULL) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_allocation_retract(store, "cai-nhum-gbv-2026-2030", 2026, "f-ngan-sach", "phong-vhxh", NULL, "15/13/2026") ==
          KH_E_PARSE);
    CHECK(kh_allocation_retract(store, "cai-nhum-gbv-2026-2030", 2026, NULL, "phong-vhxh", NULL, "2026-01-15") ==
          KH_E_INVALID_ARGUMENT);
  }
  {
    /* Expenditures: the same file twice is one payment; a voucher with another amount a correction; retractions. */
    const char* e1 = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"expenditures\": [{\"plan\": "
                     "\"cai-nhum-gbv-2026-2030\", \"date\": \"2026-03-02\", \"source\": \"f-ngan-sach\", \"agency\": "
                     "\"phong-vhxh\", \"amount\": 10000000, \"voucher\": \"PC-01\"}, {\"plan\": "
                     "\"cai-nhum-gbv-2026-2030\", \"date\": \"2026-03-02\", \"source\": \"f-ngan-sach\", \"agency\": "
                     "\"phong-vhxh\", \"amount\": 5000000}]}";
    const char* e2 = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"expenditures\": [{\"plan\": "
                     "\"cai-nhum-gbv-2026-2030\", \"date\": \"2026-03-02\", \"source\": \"f-ngan-sach\", \"agency\": "
                     "\"phong-vhxh\", \"amount\": 14000000, \"voucher\": \"PC-01\"}]}";
    CHECK(kh_records_record_json(store, e1, strlen(e1)) == KH_OK);
    CHECK(kh_records_record_json(store, e1, strlen(e1)) == KH_OK);
    CHECK(kh_records_record_json(store, e2, strlen(e2)) == KH_OK);
    CHECK(kh_expenditure_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030") == KH_OK &&
          contains(out, "\"amount\": 10000000") && contains(out, "\"amount\": 14000000") &&
          contains(out, "\"voucher\": \"PC-01\"") && contains(out, "\"replaced_at\": \"20") &&
          !contains(out, "\"retracted\": true"));
    kh_free(out);
    CHECK(kh_expenditure_retract(store, "cai-nhum-gbv-2026-2030", "2026-03-02", "f-ngan-sach", "phong-vhxh", NULL, NULL,
                                 5000000) == KH_OK);
    CHECK(kh_expenditure_retract(store, "cai-nhum-gbv-2026-2030", "2026-03-02", "f-ngan-sach", "phong-vhxh", NULL,
                                 "PC-01", 0) == KH_OK);
    CHECK(kh_expenditure_retract(store, "cai-nhum-gbv-2026-2030", "2026-03-02", "f-ngan-sach", "phong-vhxh", NULL,
                                 "PC-01", 0) == KH_E_NOT_FOUND &&
          contains(kh_last_error(), "voucher 'PC-01'"));
    CHECK(kh_expenditure_history_json(&out, &len, store, "cai-nhum-gbv-2026-2030") == KH_OK &&
          contains(out, "\"retracted\": true"));
    kh_free(out);
    CHECK(kh_expenditure_history_json(&out, &len, store, "khong-co") == KH_E_NOT_FOUND);
    CHECK(kh_expenditure_history_json(&out, &len, store, NULL) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_expenditure_retract(store, "cai-nhum-gbv-2026-2030", "2/3/2026x", "f-ngan-sach", "phong-vhxh", NULL, NULL,
                                 1) == KH_E_PARSE);
    CHECK(kh_expenditure_retract(store, "cai-nhum-gbv-2026-2030", "2026-03-02", NULL, "phong-vhxh", NULL, NULL, 1) ==
          KH_E_INVALID_ARGUMENT);
    CHECK(kh_expenditure_retract(store, "cai-nhum-gbv-2026-2030", "2026-03-02", "f-ngan-sach", "phong-vhxh", NULL, "",
                                 1) == KH_E_VALIDATION);
  }

  /* Principals. */
  CHECK(kh_principal_new(&worker, "cb-86", "case_worker", "86", 0) == KH_OK);
  CHECK(kh_principal_new(&officer, "off-86", "officer", "86", 0) == KH_OK);
  CHECK(kh_principal_new(&auditor, "kt-86", "auditor", "86", 0) == KH_OK);
  CHECK(kh_principal_new(NULL, "x", "officer", "86", 0) == KH_E_INVALID_ARGUMENT);
  {
    kh_principal* p = NULL;
    CHECK(kh_principal_new(&p, "x", "king", "86", 0) == KH_E_INVALID_ARGUMENT && p == NULL);
    CHECK(kh_principal_new(&p, "", "officer", "86", 0) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_principal_new(&p, "x", "officer", NULL, 0) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_principal_new(&p, "x", "officer", "86", 0) == KH_OK);
    kh_principal_free(p);
    kh_principal_free(p);
    CHECK(kh_cases_export(&out, &len, store, p, "86", "2026", "json") == KH_E_INVALID_ARGUMENT);
    /* A new principal never takes over a freed one's handle. */
    {
      kh_principal* q = NULL;
      CHECK(kh_principal_new(&q, "y", "case_worker", "86", 0) == KH_OK && q != p);
      CHECK(kh_cases_export(&out, &len, store, p, "86", "2026", "json") == KH_E_INVALID_ARGUMENT);
      kh_principal_free(q);
    }
    /* A handle of one type passed as another is refused, not used. */
    CHECK(kh_plan_ids_json(&out, &len, (kh_store*)worker) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_cases_export(&out, &len, store, (const kh_principal*)store, "86", "2026", "json") == KH_E_INVALID_ARGUMENT);
    len = 99;
    CHECK(kh_plan_export_json(&out, &len, store, "khong-co") == KH_E_NOT_FOUND && out == NULL && len == 0);
    kh_principal_free(NULL);
  }

  /* Cases. */
  CHECK(kh_cases_import(&count, store, officer, cases, cases_len, "csv") == KH_E_PERMISSION && count == 0);
  CHECK(kh_cases_import(&count, store, worker, cases, cases_len, "xml") == KH_E_INVALID_ARGUMENT);
  CHECK(kh_cases_import(&count, store, worker, "record,code,name\n", 17, "csv") == KH_E_PARSE);
  CHECK(kh_cases_import(&count, store, NULL, cases, cases_len, "csv") == KH_E_INVALID_ARGUMENT);
  CHECK(kh_cases_import(&count, store, worker, cases, cases_len, "csv") == KH_OK && count == 140);
  CHECK(kh_cases_import(NULL, store, worker, cases, cases_len, "csv") == KH_E_CONFLICT);
  CHECK(kh_cases_export(&out, &len, store, worker, "86", "2025", "csv") == KH_OK && contains(out, "VL-0001"));
  kh_free(out);
  CHECK(kh_cases_export(&out, &len, store, officer, "86", "2026", "json") == KH_E_PERMISSION && out == NULL);
  CHECK(kh_cases_export(&out, &len, store, worker, "86", "2026H3", "json") == KH_E_PARSE);

  /* One case: load it, write the loaded document back as its update; who may. */
  CHECK(kh_case_load_json(&out, &len, store, worker, NULL, "VL-0001") == KH_OK && contains(out, "\"VL-0001\"") &&
        contains(out, "\"kehoach-cases\"") && len == strlen(out));
  if (out) CHECK(kh_case_update_json(store, worker, out, len) == KH_OK);
  kh_free(out);
  CHECK(kh_case_load_json(&out, &len, store, worker, "x-cai-nhum", "VL-0002") == KH_OK && contains(out, "\"VL-0002\""));
  kh_free(out);
  CHECK(kh_case_load_json(&out, &len, store, worker, NULL, "VL-9999") == KH_E_NOT_FOUND && out == NULL);
  CHECK(kh_case_load_json(&out, &len, store, officer, NULL, "VL-0001") == KH_E_PERMISSION && out == NULL);
  CHECK(kh_case_load_json(&out, &len, store, worker, NULL, NULL) == KH_E_INVALID_ARGUMENT);
  CHECK(kh_case_load_json(&out, &len, store, worker, "x-cai-nhum", "VL-0001") == KH_OK);
  if (out) CHECK(kh_case_update_json(store, officer, out, len) == KH_E_PERMISSION);
  kh_free(out);
  {
    const char* none = "{\"format\": \"kehoach-cases\", \"format_version\": 1, \"cases\": []}";
    CHECK(kh_case_update_json(store, worker, none, strlen(none)) == KH_E_INVALID_ARGUMENT && contains(kh_last_error(), "exactly one"));
    CHECK(kh_case_update_json(store, worker, "{", 1) == KH_E_PARSE);
    CHECK(kh_case_update_json(store, worker, NULL, 0) == KH_E_INVALID_ARGUMENT);
  }

  /* The case life cycle: a version read, a checked update, close, reopen, a page. */
  {
    char version[65] = "", closed[65] = "", reopened[65] = "", small[8];
    CHECK(kh_case_load_json(&out, &len, store, worker, "x-cai-nhum", "VL-0002") == KH_OK);
    CHECK(kh_case_version(version, sizeof version, out, len) == KH_OK && strlen(version) == 64);
    CHECK(kh_case_version(small, sizeof small, out, len) == KH_E_INVALID_ARGUMENT && small[0] == '\0');
    CHECK(kh_case_version(small, sizeof small, "{", 1) == KH_E_INVALID_ARGUMENT);
    {
      char unread[65];
      CHECK(kh_case_version(unread, sizeof unread, "{", 1) == KH_E_PARSE && unread[0] == '\0');
    }
    CHECK(kh_case_version(NULL, 65, out, len) == KH_E_INVALID_ARGUMENT);
    {
      char again[65] = "";
      /* Writing back what was read changes nothing: the version stays. */
      CHECK(kh_case_update_checked_json(again, sizeof again, store, worker, out, len, version) == KH_OK &&
            strcmp(again, version) == 0);
    }
    CHECK(kh_case_update_checked_json(NULL, 0, store, worker, out, len,
                                      "0000000000000000000000000000000000000000000000000000000000000000") == KH_E_CONFLICT &&
          contains(kh_last_error(), "changed since it was read"));
    CHECK(kh_case_update_checked_json(NULL, 0, store, worker, out, len, "zz") == KH_E_INVALID_ARGUMENT);
    /* An empty version is no version check: refused (NULL means unchecked). */
    CHECK(kh_case_update_checked_json(NULL, 0, store, worker, out, len, "") == KH_E_INVALID_ARGUMENT &&
          contains(kh_last_error(), "expected_version is empty"));
    kh_free(out);
    out = NULL;
    CHECK(kh_case_close(closed, sizeof closed, store, worker, NULL, "VL-0002", "2025-05-01", version) == KH_OK &&
          strlen(closed) == 64 && strcmp(closed, version) != 0);
    CHECK(kh_case_close(NULL, 0, store, worker, NULL, "VL-0002", "2025-05-02", NULL) == KH_E_CONFLICT &&
          contains(kh_last_error(), "already closed"));
    CHECK(kh_case_reopen(NULL, 0, store, worker, NULL, "VL-0002", version) == KH_E_CONFLICT);  /* stale */
    CHECK(kh_case_close(NULL, 0, store, worker, NULL, "VL-0003", "2025-01-01", NULL) == KH_E_VALIDATION &&
          contains(kh_last_error_path(), "/closed_on"));
    CHECK(kh_case_close(NULL, 0, store, worker, NULL, "VL-0003", "31/02/2025", NULL) == KH_E_PARSE);
    CHECK(kh_case_close(NULL, 0, store, officer, NULL, "VL-0003", "2025-05-01", NULL) == KH_E_PERMISSION);
    CHECK(kh_case_close(NULL, 0, store, worker, NULL, "VL-9999", "2025-05-01", NULL) == KH_E_NOT_FOUND);
    CHECK(kh_case_list_json(&out, &len, store, worker, "86", "2025", "closed", NULL, 0) == KH_OK &&
          contains(out, "\"VL-0002\"") && contains(out, "\"closed_on\": \"2025-05-01\"") && !contains(out, closed) &&
          contains(out, "\"next\": null") && len == strlen(out));
    kh_free(out);
    out = NULL;
    CHECK(kh_case_reopen(reopened, sizeof reopened, store, worker, "x-cai-nhum", "VL-0002", closed) == KH_OK &&
          strcmp(reopened, version) == 0);
    CHECK(kh_case_reopen(NULL, 0, store, worker, NULL, "VL-0002", NULL) == KH_E_CONFLICT);
    /* Pages of two: the next page starts where the first ended. */
    CHECK(kh_case_list_json(&out, &len, store, worker, "86", NULL, NULL, NULL, 2) == KH_OK &&
          contains(out, "\"next\": \""));
    if (out) {
      const char* at = strstr(out, "\"next\": \"");
      char cursor[200] = "";
      if (at) {
        at += strlen("\"next\": \"");
        size_t n = (size_t)(strchr(at, '"') - at);
        if (n < sizeof cursor) memcpy(cursor, at, n), cursor[n] = '\0';
      }
      char* page = NULL;
      char* four = NULL;
      char expected[64], got[64];
      CHECK(cursor[0] != '\0' && kh_case_list_json(&page, NULL, store, worker, "86", NULL, NULL, cursor, 2) == KH_OK &&
            contains(page, "\"cases\""));
      /* The second page of two is the third and fourth of a page of four. */
      CHECK(kh_case_list_json(&four, NULL, store, worker, "86", NULL, NULL, NULL, 4) == KH_OK);
      if (page && four) {
        for (int i = 0; i < 2; ++i) {
          nth_code(four, 2 + i, expected, sizeof expected);
          nth_code(page, i, got, sizeof got);
          CHECK(expected[0] != '\0' && strcmp(expected, got) == 0);
        }
      }
      kh_free(four);
      kh_free(page);
    }
    kh_free(out);
    out = NULL;
    CHECK(kh_case_list_json(&out, &len, store, worker, "86", NULL, "pending", NULL, 0) == KH_E_INVALID_ARGUMENT && out == NULL);
    CHECK(kh_case_list_json(&out, &len, store, worker, "86", NULL, NULL, "nonsense", 0) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_case_list_json(&out, &len, store, worker, "86", NULL, NULL, NULL, 1001) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_case_list_json(&out, &len, store, officer, "86", NULL, NULL, NULL, 0) == KH_E_PERMISSION);
    CHECK(kh_case_list_json(&out, &len, store, worker, "86", "2025H3", NULL, NULL, 0) == KH_E_PARSE);
  }

  /* Units, observations, a status set by hand. */
  CHECK(kh_units_json(&out, &len, store) == KH_OK && contains(out, "\"x-cai-nhum\"") && out[0] == '[');
  kh_free(out);
  CHECK(kh_units_json(NULL, &len, store) == KH_E_INVALID_ARGUMENT);
  /* The unit register: on 1 July 2025 commune 29701 absorbed 29702 and kept its code. */
  {
    const char* versions =
        "code,name,level,parent,valid_from,valid_to\n"
        "29701,Xã Mỹ Một,commune,86,,30/06/2025\n"
        "29702,Xã Mỹ Hai,commune,86,,2025-06-30\n"
        "29701,Xã Mỹ Hợp,commune,86,2025-07-01,\n";
    const char* successions = "old_code,new_code,date,share\n29701,29701,2025-07-01,\n29702,29701,2025-07-01,\n";
    CHECK(kh_units_import_csv(store, versions, successions) == KH_OK);
    CHECK(kh_units_import_csv(store, versions, NULL) == KH_OK); /* the same versions again: nothing new */
    CHECK(kh_unit_history_json(&out, &len, store, "29701") == KH_OK && contains(out, "\"Xã Mỹ Hợp\"") &&
          contains(out, "\"predecessors\"") && contains(out, "\"from\": \"29702\""));
    kh_free(out);
    CHECK(kh_successions_json(&out, &len, store) == KH_OK && contains(out, "\"2025-07-01\"") && out[0] == '[');
    kh_free(out);
    /* The units of a day, and roll-ups by them. */
    CHECK(kh_units_on_json(&out, &len, store, "2025-06-30") == KH_OK && contains(out, "\"Xã Mỹ Một\"") &&
          !contains(out, "\"Xã Mỹ Hợp\""));
    kh_free(out);
    CHECK(kh_units_on_json(&out, &len, store, "2025-02-30") == KH_E_PARSE);
    CHECK(kh_metrics_unit_on_json(&out, &len, store, "86", "2026-12-31", "2026-12-31", NULL) == KH_OK &&
          contains(out, "\"boundaries\": \"2026-12-31\"") && contains(out, "cai-nhum-gbv-2026-2030"));
    kh_free(out);
    CHECK(kh_metrics_reporting_rollup_on_json(&out, &len, store, "86", "2026-12-31", "2026-12-31") == KH_OK &&
          contains(out, "\"boundaries\": \"2026-12-31\""));
    kh_free(out);
    CHECK(kh_metrics_reporting_rollup_on_json(&out, &len, store, "29702", "2026-12-31", "2026-12-31") == KH_E_NOT_FOUND &&
          contains(kh_last_error(), "no version valid on 2026-12-31"));
    CHECK(kh_metrics_unit_on_json(&out, &len, store, "86", "2026-12-31", NULL, NULL) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_unit_history_json(&out, &len, store, "99999") == KH_E_NOT_FOUND);
    CHECK(kh_unit_history_json(&out, &len, store, NULL) == KH_E_INVALID_ARGUMENT);
    CHECK(kh_units_import_csv(store, "code,name,level\n29703,Xã Ba,commune\n",
                              "old_code,new_code,date,share\n29703,29701,2025-07-01,1.5\n") == KH_E_VALIDATION &&
          contains(kh_last_error_path(), "/successions/0/share"));
    CHECK(kh_unit_history_json(&out, &len, store, "29703") == KH_E_NOT_FOUND); /* nothing was written */
    CHECK(kh_units_import_csv(store, "code,name,level,valid_to\n29703,Xã Ba,commune,31/02/2025\n", NULL) == KH_E_PARSE &&
          contains(kh_last_error_path(), "versions line 2, column valid_to"));
    CHECK(kh_units_import_csv(store, NULL, NULL) == KH_E_INVALID_ARGUMENT);
  }
  {
    /* Agencies over time: one agency's duties pass to another; refused input writes nothing. */
    const char* bad = "{\"format\": \"kehoach-agency-successions\", \"format_version\": 1, \"successions\": "
                      "[{\"plan_id\": \"cai-nhum-gbv-2026-2030\", \"agency_id\": \"khong-co\", \"date\": "
                      "\"2027-01-01\", \"to\": [{\"agency_id\": \"phong-vhxh\"}]}]}";
    CHECK(kh_agency_successions_record_json(store, bad, strlen(bad)) == KH_E_VALIDATION &&
          strcmp(kh_last_error_path(), "/successions/0/agency_id") == 0);
    const char* good = "{\"format\": \"kehoach-agency-successions\", \"format_version\": 1, \"successions\": "
                       "[{\"plan_id\": \"cai-nhum-gbv-2026-2030\", \"agency_id\": \"phong-kinh-te\", \"date\": "
                       "\"2027-01-01\", \"to\": [{\"agency_id\": \"phong-vhxh\"}], \"basis\": \"Quyết định số 5/QĐ-UBND\"}]}";
    CHECK(kh_agency_successions_json(&out, &len, store, "cai-nhum-gbv-2026-2030") == KH_OK &&
          contains(out, "\"successions\": []"));
    kh_free(out);
    CHECK(kh_agency_successions_record_json(store, good, strlen(good)) == KH_OK);
    CHECK(kh_agency_successions_record_json(store, good, strlen(good)) == KH_E_VALIDATION); /* once per agency */
    CHECK(kh_agency_successions_json(&out, &len, store, "cai-nhum-gbv-2026-2030") == KH_OK &&
          contains(out, "\"phong-kinh-te\"") && contains(out, "Quyết định số 5/QĐ-UBND"));
    kh_free(out);
    CHECK(kh_agency_successions_json(&out, &len, store, "khong-co") == KH_E_NOT_FOUND);
    CHECK(kh_agency_successions_record_json(store, NULL, 0) == KH_E_INVALID_ARGUMENT);
  }
  CHECK(kh_observations_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "tg-a-1") == KH_OK &&
        contains(out, "\"kehoach-records\"") && contains(out, "2026-09-30"));
  kh_free(out);
  CHECK(kh_observations_json(&out, &len, store, "cai-nhum-gbv-2026-2030", NULL) == KH_E_INVALID_ARGUMENT);
  CHECK(kh_manual_status_set(store, "cai-nhum-gbv-2026-2030", "target", "tg-a-1", "achieved", "Báo cáo của UBND xã",
                             "off-86", "2026-10-01") == KH_OK);
  CHECK(kh_manual_status_set(store, "cai-nhum-gbv-2026-2030", "target", "khong-co", "achieved", "r", "off-86",
                             "2026-10-01") == KH_E_VALIDATION && contains(kh_last_error_path(), "item_id"));
  CHECK(kh_manual_status_set(store, "cai-nhum-gbv-2026-2030", "target", "tg-a-1", "achieved", "r", "off-86",
                             "2026-13-01") == KH_E_PARSE);
  CHECK(kh_manual_status_set(store, "cai-nhum-gbv-2026-2030", "target", "tg-a-1", NULL, "r", "off-86", "2026-10-01") ==
        KH_E_INVALID_ARGUMENT);
  CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", NULL) == KH_OK &&
        contains(out, "\"manual_status\""));
  kh_free(out);

  /* Validating without a store; removing a plan. */
  CHECK(kh_plan_validate_json(&warnings, plan, plan_len) == KH_OK && contains(warnings, "/number"));
  kh_free(warnings);
  CHECK(kh_plan_validate_json(NULL, plan, plan_len) == KH_OK);
  CHECK(kh_plan_validate_json(&warnings, "{", 1) == KH_E_PARSE && warnings == NULL);
  CHECK(kh_plan_validate_json(NULL, NULL, 0) == KH_E_INVALID_ARGUMENT);
  {
    kh_store* other = NULL;
    CHECK(kh_store_open(&other, ":memory:", NULL) == KH_OK);
    CHECK(kh_plan_import_json(NULL, other, plan, plan_len) == KH_OK);
    CHECK(kh_plan_remove(other, "cai-nhum-gbv-2026-2030") == KH_OK);
    CHECK(kh_plan_ids_json(&out, &len, other) == KH_OK && strcmp(out, "[]") == 0);
    kh_free(out);
    CHECK(kh_plan_remove(other, "cai-nhum-gbv-2026-2030") == KH_E_NOT_FOUND);
    CHECK(kh_plan_remove(other, NULL) == KH_E_INVALID_ARGUMENT);
    /* A plan with records is kept. */
    {
      const char* one = "{\"format\": \"kehoach-records\", \"format_version\": 1, \"observations\": [{\"plan\": "
                        "\"cai-nhum-gbv-2026-2030\", \"target\": \"tg-a-1\", \"date\": \"2026-09-30\", \"value\": 72.0, "
                        "\"numerator\": 18, \"denominator\": 25}]}";
      CHECK(kh_plan_import_json(NULL, other, plan, plan_len) == KH_OK);
      CHECK(kh_records_record_json(other, one, strlen(one)) == KH_OK);
      CHECK(kh_plan_remove(other, "cai-nhum-gbv-2026-2030") == KH_E_CONFLICT && contains(kh_last_error(), "1 observations"));
    }
    /* An amendment: the yearly report's deadline moved from 20 to 25 November; revision 2, readable with revision 1. */
    {
      char* amended = replaced(plan, "\"day\": 20,", "\"day\": 25,");
      const char* doc = "{\"number\": \"15/KH-UBND\", \"date\": \"2027-04-20\", \"issuer\": \"UBND xã\", "
                        "\"in_force_from\": \"2027-05-01\"}";
      int32_t revision = -1;
      CHECK(amended != NULL);
      CHECK(kh_plan_amend_json(&revision, other, amended, strlen(amended), doc) == KH_OK && revision == 2);
      CHECK(kh_plan_amend_json(&revision, other, amended, strlen(amended), doc) == KH_OK && revision == 2);
      CHECK(kh_plan_amend_json(&revision, other, amended, strlen(amended), "{\"number\": \"\"}") == KH_E_PARSE &&
            revision == 0 && contains(kh_last_error_path(), "/date"));
      CHECK(kh_plan_amend_json(NULL, other, plan, plan_len, doc) == KH_E_CONFLICT);
      CHECK(kh_plan_amend_json(NULL, other, amended, strlen(amended), NULL) == KH_E_INVALID_ARGUMENT);
      CHECK(kh_plan_history_json(&out, &len, other, "cai-nhum-gbv-2026-2030") == KH_OK && contains(out, "\"revision\": 2") &&
            contains(out, "\"number\": \"15/KH-UBND\"") && len == strlen(out));
      kh_free(out);
      CHECK(kh_plan_revision_json(&out, &len, other, "cai-nhum-gbv-2026-2030", 1) == KH_OK && contains(out, "\"day\": 20,"));
      kh_free(out);
      CHECK(kh_plan_revision_json(&out, &len, other, "cai-nhum-gbv-2026-2030", 2) == KH_OK && contains(out, "\"day\": 25,"));
      kh_free(out);
      out = NULL;
      CHECK(kh_plan_revision_json(&out, &len, other, "cai-nhum-gbv-2026-2030", 3) == KH_E_NOT_FOUND && out == NULL);
      CHECK(kh_plan_diff_json(&out, &len, other, "cai-nhum-gbv-2026-2030", 1, 2) == KH_OK &&
            contains(out, "\"id\": \"rd-phong-nganh-hang-nam\"") && contains(out, "\"deadline\""));
      kh_free(out);
      out = NULL;
      CHECK(kh_plan_diff_json(&out, &len, other, "khong-co", 1, 2) == KH_E_NOT_FOUND && out == NULL);
      CHECK(kh_plan_history_json(&out, &len, other, NULL) == KH_E_INVALID_ARGUMENT);
      free(amended);
    }
    /* Its place in the cascade: the seed names no parent in the store. */
    CHECK(kh_plan_cascade_json(&out, &len, other, "cai-nhum-gbv-2026-2030") == KH_OK &&
          contains(out, "\"plan\": \"cai-nhum-gbv-2026-2030\"") && contains(out, "\"children\": []") && len == strlen(out));
    kh_free(out);
    out = NULL;
    CHECK(kh_plan_cascade_json(&out, &len, other, "khong-co") == KH_E_NOT_FOUND && out == NULL);
    CHECK(kh_plan_cascade_json(&out, &len, other, NULL) == KH_E_INVALID_ARGUMENT);
    kh_store_close(other);
  }

  /* Metrics. */
  CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", &metrics) == KH_OK &&
        contains(out, "\"on_track\""));
  kh_free(out);
  CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "31/12/2026", NULL) == KH_OK);
  kh_free(out);
  {
    /* As known at a time: before anything was recorded, no observation counts (decision 0030). */
    char* now_json = NULL;
    size_t now_len = 0;
    kh_metrics_options known = KH_METRICS_OPTIONS_INIT;
    CHECK(kh_metrics_plan_json(&now_json, &now_len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", NULL) == KH_OK &&
          !contains(now_json, "\"known_at\""));
    known.known_at = "2000-01-01T00:00:00Z";
    CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", &known) == KH_OK &&
          contains(out, "\"known_at\": \"2000-01-01T00:00:00Z\"") && now_json && strcmp(out, now_json) != 0 &&
          !contains(out, "\"met\""));
    kh_free(out);
    CHECK(kh_metrics_unit_json(&out, &len, store, "86", "2026-12-31", &known) == KH_OK &&
          contains(out, "\"known_at\": \"2000-01-01T00:00:00Z\""));
    kh_free(out);
    /* A caller built against the first header: its struct (24 bytes on every platform) ends before
     * known_at, which is not read. */
    known.struct_size = 24;
    CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", &known) == KH_OK &&
          now_json && strcmp(out, now_json) == 0);
    kh_free(out);
    known.struct_size = (uint32_t)sizeof known;
    known.known_at = "2026-02-30T00:00:00Z";
    out = NULL;
    CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", &known) ==
              KH_E_INVALID_ARGUMENT && out == NULL && contains(kh_last_error(), "known_at"));
    kh_free(now_json);
  }
  CHECK(kh_metrics_plan_csv(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", NULL) == KH_OK &&
        contains(out, "plan,as_of,target,item,indicator,actual,expected,status,attainment\n") &&
        contains(out, "cai-nhum-gbv-2026-2030,2026-12-31,tg-a-1,"));
  kh_free(out);
  CHECK(kh_metrics_plan_csv(&out, &len, store, "khong-co", "2026-12-31", NULL) == KH_E_NOT_FOUND && out == NULL);
  CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-02-31", NULL) == KH_E_PARSE);
  CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "9999-01-01", NULL) == KH_E_PARSE);
  CHECK(kh_metrics_plan_json(&out, &len, store, "khong-co", "2026-12-31", NULL) == KH_E_NOT_FOUND);
  metrics.tau = -1;
  CHECK(kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-12-31", &metrics) == KH_E_INVALID_ARGUMENT);
  metrics.tau = 0.10;
  CHECK(kh_metrics_unit_json(&out, &len, store, "86", "2026-12-31", NULL) == KH_OK && contains(out, "\"plans\""));
  kh_free(out);
  CHECK(kh_metrics_unit_json(&out, &len, store, "99", "2026-12-31", NULL) == KH_E_NOT_FOUND);
  CHECK(kh_metrics_reporting_rollup_json(&out, &len, store, "86", "2026-12-31") == KH_OK && contains(out, "\"expected\"") &&
        contains(out, "\"units\""));
  kh_free(out);
  CHECK(kh_metrics_reporting_rollup_json(&out, &len, store, "99", "2026-12-31") == KH_E_NOT_FOUND && out == NULL);
  CHECK(kh_metrics_reporting_rollup_json(&out, &len, store, "86", "2026-13-01") == KH_E_PARSE);
  CHECK(kh_metrics_reporting_rollup_json(&out, &len, NULL, "86", "2026-12-31") == KH_E_INVALID_ARGUMENT);
  CHECK(kh_case_indicators_json(&out, &len, store, officer, "86", "2025Q3", "2026-11-25", &metrics) == KH_OK &&
        contains(out, "\"disclosure_controlled\": true"));
  kh_free(out);
  CHECK(kh_case_indicators_json(&out, &len, store, auditor, "86", "2025Q3", "2026-11-25", NULL) == KH_E_PERMISSION);
  metrics.disclosure_k = 0;
  CHECK(kh_case_indicators_json(&out, &len, store, officer, "86", "2025Q3", "2026-11-25", &metrics) == KH_E_INVALID_ARGUMENT);
  metrics.disclosure_k = 5;
  /* Case indicators count the cases as they stand: known_at is refused, not ignored. */
  metrics.known_at = "2026-01-01T00:00:00Z";
  CHECK(kh_case_indicators_json(&out, &len, store, officer, "86", "2025Q3", "2026-11-25", &metrics) ==
            KH_E_INVALID_ARGUMENT &&
        contains(kh_last_error(), "known_at"));
  metrics.known_at = NULL;
  /* By the units of a day: released numbers, labelled with the day. */
  CHECK(kh_case_indicators_on_json(&out, &len, store, officer, "86", "2025Q3", "2026-11-25", "2026-12-31", &metrics) ==
            KH_OK &&
        contains(out, "\"boundaries\": \"2026-12-31\"") && contains(out, "\"disclosure_controlled\": true"));
  kh_free(out);
  CHECK(kh_case_indicators_on_json(&out, &len, store, officer, "99", "2025Q3", "2026-11-25", "2026-12-31", NULL) ==
            KH_E_NOT_FOUND &&
        out == NULL);
  CHECK(kh_case_indicators_on_json(&out, &len, store, officer, "86", "2025Q3", "2026-11-25", "2026-13-01", NULL) == KH_E_PARSE);
  CHECK(kh_case_indicators_on_json(&out, &len, store, officer, "86", "2025Q3", "2026-11-25", NULL, NULL) ==
        KH_E_INVALID_ARGUMENT);
  CHECK(kh_case_indicators_on_json(&out, &len, store, auditor, "86", "2025Q3", "2026-11-25", "2026-12-31", NULL) ==
        KH_E_PERMISSION);

  /* Packages and the audit trail. */
  CHECK(kh_package_export_json(&out, &len, store, worker, "86", "2025Q3", "2026-11-25", NULL) == KH_OK &&
        contains(out, "kehoach-package") && !contains(out, "VL-0001"));
  {
    kh_store* upper = NULL;
    CHECK(kh_store_open(&upper, ":memory:", NULL) == KH_OK);
    CHECK(kh_plan_import_json(NULL, upper, plan, plan_len) == KH_OK);
    CHECK(kh_package_import_json(upper, officer, out, len) == KH_OK);
    CHECK(kh_package_import_json(upper, officer, out, len) == KH_E_CONFLICT);
    CHECK(kh_package_import_json(upper, auditor, out, len) == KH_E_PERMISSION);
    CHECK(kh_package_import_json(upper, officer, "{}", 2) == KH_E_PARSE);
    /* A store that holds the unit's cases does not import its package (decision 0024). */
    CHECK(kh_package_import_json(store, officer, out, len) == KH_E_CONFLICT);
    {
      char* rolled = NULL;
      size_t rolled_len = 0;
      CHECK(kh_package_rollup_json(&rolled, &rolled_len, upper, officer, "86", "2025Q3", NULL) == KH_OK &&
            contains(rolled, "\"cases\"") && rolled_len == strlen(rolled));
      char* tree = rolled;
      rolled = NULL;
      CHECK(kh_package_rollup_json(&rolled, NULL, upper, auditor, "86", "2025Q3", NULL) == KH_E_PERMISSION && rolled == NULL);
      CHECK(kh_package_rollup_json(&rolled, NULL, upper, officer, "86", "not a period", NULL) == KH_E_PARSE);
      CHECK(kh_package_rollup_json(NULL, NULL, upper, officer, "86", "2025Q3", NULL) == KH_E_INVALID_ARGUMENT);
      /* By the units of a day: the province of today holds the package, as by the tree. */
      CHECK(kh_package_rollup_on_json(&rolled, &rolled_len, upper, officer, "86", "2025Q3", "2026-12-31", NULL) == KH_OK &&
            contains(rolled, "\"cases\"") && contains(rolled, "\"boundaries\": \"2026-12-31\"") &&
            rolled_len == strlen(rolled));
      /* The province's package counts the same whichever boundaries are asked for. */
      CHECK(same_object(tree, rolled, "\"cases\""));
      kh_free(tree);
      kh_free(rolled);
      rolled = NULL;
      CHECK(kh_package_rollup_on_json(&rolled, NULL, upper, officer, "99", "2025Q3", "2026-12-31", NULL) == KH_E_NOT_FOUND &&
            rolled == NULL);
      CHECK(kh_package_rollup_on_json(&rolled, NULL, upper, officer, "86", "2025Q3", "2026-13-01", NULL) == KH_E_PARSE);
      CHECK(kh_package_rollup_on_json(&rolled, NULL, upper, officer, "86", "2025Q3", NULL, NULL) == KH_E_INVALID_ARGUMENT);
      CHECK(kh_package_rollup_on_json(&rolled, NULL, upper, auditor, "86", "2025Q3", "2026-12-31", NULL) == KH_E_PERMISSION);
    }
    kh_store_close(upper);
  }
  kh_free(out);
  CHECK(kh_audit_verify(&intact, &first_broken, store, auditor) == KH_OK && intact == 1 && first_broken == 0);
  CHECK(kh_audit_trail_json(&out, &len, store, auditor) == KH_OK && out[0] == '[' && contains(out, "\"case.write\"") &&
        contains(out, "\"prev_hash\""));
  kh_free(out);
  CHECK(kh_audit_trail_json(&out, &len, store, worker) == KH_E_PERMISSION && out == NULL);
  CHECK(kh_audit_verify(&intact, &first_broken, store, worker) == KH_E_PERMISSION);
  CHECK(kh_audit_verify(NULL, &first_broken, store, auditor) == KH_E_INVALID_ARGUMENT);
  {
    int64_t entries = -1;
    char head[65];
    char small[10];
    CHECK(kh_audit_verify_checkpoint(&intact, &first_broken, &entries, head, sizeof head, store, auditor) == KH_OK);
    CHECK(intact == 1 && first_broken == 0 && entries > 0 && strlen(head) == 64);
    CHECK(strcmp(head, "0000000000000000000000000000000000000000000000000000000000000000") != 0);
    CHECK(kh_audit_verify_checkpoint(&intact, &first_broken, &entries, small, sizeof small, store, auditor) ==
          KH_E_INVALID_ARGUMENT);
    CHECK(kh_audit_verify_checkpoint(&intact, &first_broken, &entries, head, sizeof head, store, worker) == KH_E_PERMISSION);
  }
  intact = 7;
  CHECK(kh_audit_verify(&intact, NULL, store, auditor) == KH_E_INVALID_ARGUMENT && intact == 0);

  /* The integrity check and the portal's audit key. */
  CHECK(kh_integrity_check_json(&out, &len, store, auditor) == KH_OK);
  CHECK(strstr(out, "\"intact\": true") != NULL && strstr(out, "\"problems\": []") != NULL);
  kh_free(out);
  CHECK(kh_integrity_check_json(&out, &len, store, worker) == KH_E_PERMISSION && out == NULL);
  CHECK(kh_store_set_audit_key(store, "short", 5) == KH_E_INVALID_ARGUMENT);
  CHECK(kh_store_set_audit_key(store, NULL, 20) == KH_E_INVALID_ARGUMENT);
  CHECK(kh_store_set_audit_key(store, "portal-key-0123456789", 21) == KH_OK);
  {
    int64_t entries = -1;
    char head[65];
    CHECK(kh_cases_export(&out, &len, store, worker, "86", "2026", "csv") == KH_OK); /* an entry with a MAC */
    kh_free(out);
    CHECK(kh_audit_verify_checkpoint(&intact, &first_broken, &entries, head, sizeof head, store, auditor) == KH_OK);
    CHECK(intact == 1);
    CHECK(kh_store_set_audit_key(store, "another-key-0123456789", 22) == KH_OK);
    CHECK(kh_audit_verify(&intact, &first_broken, store, auditor) == KH_OK && intact == 0 && first_broken > 0);
    CHECK(strstr(kh_last_error(), "MAC") != NULL);
    CHECK(kh_store_set_audit_key(store, NULL, 0) == KH_OK);
    CHECK(kh_audit_verify(&intact, &first_broken, store, auditor) == KH_OK && intact == 1);
  }

  /* The whole store into an empty file, checked equal; the copy's trail verifies. */
  remove(copy_path);
  CHECK(kh_store_copy_json(&out, &len, store, worker, copy_path) == KH_E_PERMISSION && out == NULL);
  CHECK(kh_store_copy_json(&out, &len, store, auditor, NULL) == KH_E_INVALID_ARGUMENT && out == NULL);
  CHECK(kh_store_copy_json(&out, &len, store, auditor, copy_path) == KH_OK);
  CHECK(out != NULL && strstr(out, "\"equal\": true") != NULL && strstr(out, "\"cases\": ") != NULL);
  kh_free(out);
  CHECK(kh_store_copy_json(&out, &len, store, auditor, copy_path) == KH_E_INVALID_ARGUMENT && out == NULL);
  CHECK(strstr(kh_last_error(), "already holds") != NULL);
  {
    kh_store* copy = NULL;
    CHECK(kh_store_open(&copy, copy_path, NULL) == KH_OK);
    CHECK(kh_audit_verify(&intact, &first_broken, copy, auditor) == KH_OK && intact == 1);
    kh_store_close(copy);
  }
  remove(copy_path);

  /* A read-only store refuses writes with an I/O error. */
  {
    kh_store* ro = NULL;
    kh_store_options ro_options = KH_STORE_OPTIONS_INIT;
    ro_options.read_only = 1;
    remove(ro_path);
    CHECK(kh_store_open(&ro, ro_path, NULL) == KH_OK);
    {
      int32_t flag = 7;
      CHECK(kh_store_is_read_only(&flag, ro) == KH_OK && flag == 0);
      CHECK(kh_store_is_read_only(NULL, ro) == KH_E_INVALID_ARGUMENT);
    }
    kh_store_close(ro);
    CHECK(kh_store_open(&ro, ro_path, &ro_options) == KH_OK);
    {
      int32_t flag = 0;
      CHECK(kh_store_is_read_only(&flag, ro) == KH_OK && flag == 1);
    }
    CHECK(kh_plan_import_json(NULL, ro, plan, plan_len) == KH_E_IO);
    kh_store_close(ro);
    remove(ro_path);
  }

  /* Another writer holding the store past the busy timeout: KH_E_BUSY (not
   * KH_E_CONFLICT), nothing written, and the same call succeeds later. */
  {
    kh_store* busy = NULL;
    kh_store_options busy_options = KH_STORE_OPTIONS_INIT;
    sqlite3* other = NULL;
    busy_options.busy_timeout_ms = 0;
    remove(busy_path);
    CHECK(kh_store_open(&busy, busy_path, &busy_options) == KH_OK);
    CHECK(sqlite3_open(busy_path, &other) == SQLITE_OK);
    CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(kh_plan_import_json(NULL, busy, plan, plan_len) == KH_E_BUSY);
    CHECK(contains(kh_last_error(), "busy"));
    CHECK(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(other);
    CHECK(kh_plan_ids_json(&out, &len, busy) == KH_OK && strcmp(out, "[]") == 0);
    kh_free(out);
    CHECK(kh_plan_import_json(NULL, busy, plan, plan_len) == KH_OK);
    kh_store_close(busy);
    remove(busy_path);
  }

  kh_principal_free(worker);
  kh_principal_free(officer);
  kh_principal_free(auditor);
  kh_store_close(store);
  free(plan);
  free(cases);
  free(records);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
