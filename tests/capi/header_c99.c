/* The header compiles as strict C99. */
#include "kehoach.h"
int main(void) {
  kh_store_options o = KH_STORE_OPTIONS_INIT;
  kh_metrics_options m = KH_METRICS_OPTIONS_INIT;
  return (int)(o.struct_size == 0) + (int)(m.struct_size == 0);
}
