#pragma once

// The PostgreSQL schema migrations compiled into the library (generated from
// src/store/postgres/schema/NNNN_<what>.sql by CMake), from version 8.

#include <span>

namespace kehoach::postgres_schema {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

std::span<const Migration> migrations();

}  // namespace kehoach::postgres_schema
