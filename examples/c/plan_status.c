/* A portal's first steps in C: open a store, import a plan document, and
 * print where the plan stands as JSON.
 *   plan_status PLAN.json AS_OF        e.g. plan_status cai-nhum-2026.plan.json 2026-12-31 */
#include "kehoach.h"

#include <stdio.h>
#include <stdlib.h>

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* data;
  long size;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = (char*)malloc((size_t)size + 1);
  if (data && fread(data, 1, (size_t)size, f) == (size_t)size) {
    data[size] = '\0';
    *len = (size_t)size;
  } else {
    free(data);
    data = NULL;
  }
  fclose(f);
  return data;
}

int main(int argc, char** argv) {
  kh_store* store = NULL;
  char* document;
  char* ids = NULL;
  char* metrics = NULL;
  size_t len = 0;
  char plan_id[256];
  kh_status status;
  if (argc != 3) {
    fprintf(stderr, "usage: plan_status PLAN.json AS_OF\n");
    return 2;
  }
  if (kh_abi_version() != KH_ABI_VERSION) {
    fprintf(stderr, "libkehoach_c has ABI %d, this program was built for %d\n", (int)kh_abi_version(), KH_ABI_VERSION);
    return 1;
  }
  document = read_file(argv[1], &len);
  if (!document) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  status = kh_store_open(&store, ":memory:", NULL);
  if (status == KH_OK) status = kh_plan_import_json(NULL, store, document, len);
  if (status == KH_OK) status = kh_plan_ids_json(&ids, NULL, store);
  if (status == KH_OK && sscanf(ids, "[\"%255[^\"]", plan_id) != 1) status = KH_E_INTERNAL;
  if (status == KH_OK) status = kh_metrics_plan_json(&metrics, NULL, store, plan_id, argv[2], NULL);
  if (status == KH_OK) {
    printf("kehoach %s, plan %s\n%s\n", kh_version(), plan_id, metrics);
  } else {
    fprintf(stderr, "error %d: %s %s\n", (int)status, kh_last_error(), kh_last_error_path());
  }
  kh_free(metrics);
  kh_free(ids);
  kh_store_close(store);
  free(document);
  return status == KH_OK ? 0 : 1;
}
