/* One kh_store shared by 8 threads (decision 0012): case imports, case
 * indicators for a case worker and an officer, plan metrics and packages at
 * once; then every case is there and the audit trail verifies. Run in the
 * tsan preset under ThreadSanitizer and by ctest. Prints "N passed, M failed". */
#include "kehoach.h"
#include "read_file.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS 10

static kh_store* store;
static kh_principal* officer;
static int failures = 0;
static pthread_mutex_t failures_lock = PTHREAD_MUTEX_INITIALIZER;

static void fail(int thread, const char* what) {
  pthread_mutex_lock(&failures_lock);
  ++failures;
  fprintf(stderr, "thread %d: %s failed: %s\n", thread, what, kh_last_error());
  pthread_mutex_unlock(&failures_lock);
}

static void* work(void* arg) {
  const int t = (int)(size_t)arg;
  char id[32], json[1024];
  kh_principal* worker = NULL;
  int r;
  snprintf(id, sizeof id, "cw-%d", t);
  if (kh_principal_new(&worker, id, "case_worker", "x-cai-nhum", 0) != KH_OK) {
    fail(t, "kh_principal_new");
    return NULL;
  }
  for (r = 0; r < ROUNDS; ++r) {
    char* out = NULL;
    size_t len = 0;
    switch ((t + r) % 4) {
      case 0:
        snprintf(json, sizeof json,
                 "{\"format\": \"kehoach-cases\", \"format_version\": 1, \"cases\": [{\"code\": \"C%d-%d\", "
                 "\"unit\": \"x-cai-nhum\", \"intake_date\": \"2025-%02d-10\", \"receiving_body\": \"police\", "
                 "\"channel\": \"in_person\", \"domestic_violence\": true, \"status\": \"open\", \"violence\": "
                 "[\"form_physical\"], \"survivor\": {\"sex\": \"female\", \"age_group\": \"25_39\"}, \"perpetrator\": "
                 "\"spouse\", \"needs_help\": true, \"consent_services\": true, \"consent_sharing\": false}]}",
                 t, r, 1 + r % 12);
        if (kh_cases_import(NULL, store, worker, json, strlen(json), "json") != KH_OK) fail(t, "kh_cases_import");
        break;
      case 1:
        if (kh_case_indicators_json(&out, &len, store, worker, "x-cai-nhum", "2025", "2025-12-31", NULL) != KH_OK) {
          fail(t, "kh_case_indicators_json (worker)");
        }
        break;
      case 2:
        if (kh_case_indicators_json(&out, &len, store, officer, "86", "2025Q2", "2025-12-31", NULL) != KH_OK) {
          fail(t, "kh_case_indicators_json (officer)");
        }
        break;
      default:
        if (kh_metrics_plan_json(&out, &len, store, "cai-nhum-gbv-2026-2030", "2026-06-30", NULL) != KH_OK) {
          fail(t, "kh_metrics_plan_json");
        }
        break;
    }
    kh_free(out);
  }
  kh_principal_free(worker);
  return NULL;
}

int main(int argc, char** argv) {
  char path[4096], db[4096];
  size_t len = 0, expected = 0;
  char* plan;
  char* exported = NULL;
  pthread_t pool[THREADS];
  int passed = 0, failed = 0, t, r;
  kh_principal *province_worker = NULL, *auditor = NULL;
  int32_t intact = 0;
  int64_t first_broken = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: %s EXAMPLES_DIR WORK_DIR\n", argv[0]);
    return 2;
  }
  snprintf(path, sizeof path, "%s/cai-nhum-2026.plan.json", argv[1]);
  snprintf(db, sizeof db, "%s/threads.kehoach", argv[2]);
  remove(db);
  plan = read_file(path, &len);
  if (!plan || kh_store_open(&store, db, NULL) != KH_OK || kh_plan_import_json(NULL, store, plan, len) != KH_OK ||
      kh_principal_new(&officer, "off-86", "officer", "86", 0) != KH_OK) {
    fprintf(stderr, "set-up failed: %s\n", kh_last_error());
    return 1;
  }
  free(plan);
  for (t = 0; t < THREADS; ++t) pthread_create(&pool[t], NULL, work, (void*)(size_t)t);
  for (t = 0; t < THREADS; ++t) pthread_join(pool[t], NULL);
  if (failures == 0) ++passed; else ++failed;
  for (t = 0; t < THREADS; ++t) {
    for (r = 0; r < ROUNDS; ++r) expected += (t + r) % 4 == 0 ? 1 : 0;
  }
  kh_principal_new(&province_worker, "cw-p", "case_worker", "86", 0);
  kh_principal_new(&auditor, "aud", "auditor", "86", 0);
  if (kh_cases_export(&exported, &len, store, province_worker, "86", "2025", "json") == KH_OK) {
    size_t found = 0;
    const char* at = exported;
    while ((at = strstr(at, "\"code\"")) != NULL) {
      ++found;
      ++at;
    }
    if (found == expected) ++passed; else { ++failed; fprintf(stderr, "%zu cases, expected %zu\n", found, expected); }
  } else {
    ++failed;
  }
  kh_free(exported);
  if (kh_audit_verify(&intact, &first_broken, store, auditor) == KH_OK && intact == 1) ++passed; else ++failed;
  kh_principal_free(province_worker);
  kh_principal_free(auditor);
  kh_principal_free(officer);
  kh_store_close(store);
  remove(db);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
