// The error table: one class per code, and a busy store reported as Busy
// (retryable), never as Conflict.
#include <kehoach/document.hpp>
#include <kehoach/error.hpp>
#include <kehoach/store.hpp>

#include "support/documents.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <new>
#include <set>
#include <string>

using namespace kehoach;

namespace {

// The name of the most derived library class of a thrown exception.
std::string class_of(ErrorCode code) {
  try {
    throw_error(code, "m");
  } catch (const Busy&) {
    return "kehoach::Busy";
  } catch (const IoError&) {
    return "kehoach::IoError";
  } catch (const CorruptStore&) {
    return "kehoach::CorruptStore";
  } catch (const InvalidArgument&) {
    return "kehoach::InvalidArgument";
  } catch (const ParseError&) {
    return "kehoach::ParseError";
  } catch (const ValidationError&) {
    return "kehoach::ValidationError";
  } catch (const NotFound&) {
    return "kehoach::NotFound";
  } catch (const Conflict&) {
    return "kehoach::Conflict";
  } catch (const PermissionDenied&) {
    return "kehoach::PermissionDenied";
  } catch (const VersionError&) {
    return "kehoach::VersionError";
  } catch (const InternalError&) {
    return "kehoach::InternalError";
  } catch (const Error&) {
    return "kehoach::Error";
  } catch (const std::bad_alloc&) {
    return "std::bad_alloc";
  }
  return "nothing";
}

}  // namespace

TEST_CASE("Every code of the error table is thrown as its own class and carries its code", "[errors]") {
  const auto table = error_table();
  REQUIRE(table.size() == 12);
  std::set<std::string> names, classes, python, c_names;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const ErrorInfo& row = table[i];
    INFO(row.name);
    CHECK(static_cast<int>(row.code) == static_cast<int>(i) + 1);
    CHECK(row.c_status == -static_cast<int>(row.code));
    CHECK(&error_info(row.code) == &row);
    CHECK(class_of(row.code) == row.cpp_class);
    CHECK((row.cli_exit == 1 || row.cli_exit == 3));
    CHECK(row.retryable == (row.code == ErrorCode::busy));
    CHECK(is_retryable(row.code) == row.retryable);
    CHECK_FALSE(row.meaning.empty());
    CHECK(names.insert(std::string(row.name)).second);
    CHECK(classes.insert(std::string(row.cpp_class)).second);
    CHECK(python.insert(std::string(row.python_exception)).second);
    CHECK(c_names.insert(std::string(row.c_name)).second);
    if (row.code != ErrorCode::no_memory) {
      try {
        throw_error(row.code, "the message");
      } catch (const Error& e) {
        CHECK(e.code() == row.code);
        CHECK(std::string(e.what()).find("the message") != std::string::npos);
      }
    }
  }
  // A value outside the table reads as internal.
  CHECK(error_info(static_cast<ErrorCode>(99)).code == ErrorCode::internal);
  CHECK(error_info(static_cast<ErrorCode>(0)).code == ErrorCode::internal);
}

TEST_CASE("The classes of the storage failures share StoreError; busy is not a conflict", "[errors]") {
  CHECK_THROWS_AS(throw_error(ErrorCode::io, "m"), StoreError);
  CHECK_THROWS_AS(throw_error(ErrorCode::corrupt_store, "m"), StoreError);
  CHECK_THROWS_AS(throw_error(ErrorCode::busy, "m"), StoreError);
  try {
    throw_error(ErrorCode::busy, "m");
  } catch (const Conflict&) {
    FAIL("busy caught as Conflict");
  } catch (const Busy& e) {
    CHECK(e.code() == ErrorCode::busy);
  }
}

TEST_CASE("A store held by another writer past the busy timeout throws Busy, writes nothing, and the retry succeeds",
          "[errors][store]") {
  test::TempDir dir;
  const std::string path = dir.file("busy.db");
  auto store = Store::open(path, StoreOptions{.busy_timeout_ms = 0});
  const Plan plan = read_plan_file(test::examples_dir() / "cai-nhum-2026.plan.json").plan;
  {
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    try {
      store.import_plan(plan);
      FAIL("imported while another writer held the store");
    } catch (const Busy& e) {
      CHECK(is_retryable(e.code()));
      CHECK(std::string(e.what()).find("busy") != std::string::npos);
    }
    other.exec("ROLLBACK");
  }
  CHECK(store.plan_ids().empty());
  store.import_plan(plan);
  CHECK(store.plan_ids() == std::vector<std::string>{plan.id});
}
