#pragma once

// KEHOACH_API marks the symbols of the C++ library's public interface. The
// library is built with hidden visibility, so anything without it stays private.
#if defined(_WIN32)
#  if defined(KEHOACH_BUILDING)
#    define KEHOACH_API __declspec(dllexport)
#  else
#    define KEHOACH_API
#  endif
#else
#  define KEHOACH_API __attribute__((visibility("default")))
#endif
