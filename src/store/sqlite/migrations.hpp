#pragma once

// The schema migrations compiled into the library (generated from
// src/store/sqlite/schema/NNNN_<what>.sql by CMake).

#include <span>

namespace kehoach::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

std::span<const Migration> migrations();

}  // namespace kehoach::store
