#pragma once

// Shared by the fuzz targets: an input is fine if the library either accepts
// it or rejects it with a kehoach::Error. Anything else — another exception, a
// crash, a sanitizer report — is a bug, and the target aborts.

#include <kehoach/error.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

namespace kehoach::fuzz {

template <class F>
void expect_no_surprise(F&& f) {
  try {
    f();
  } catch (const kehoach::Error&) {
    // A clear refusal: what bad input should get.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "unexpected exception: %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "unexpected non-standard exception\n");
    std::abort();
  }
}

inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace kehoach::fuzz
