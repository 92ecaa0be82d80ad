// The header compiles as C++.
#include "kehoach.h"
int main() {
  kh_store_options o = KH_STORE_OPTIONS_INIT;
  return o.struct_size == 0 ? 1 : 0;
}
