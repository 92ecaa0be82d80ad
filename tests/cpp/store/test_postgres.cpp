// The PostgreSQL adapter's first slice (issue 16): connecting, the errors of
// a connection and of the server, the database checks and the schema
// migrations. Hidden tests ([.postgres]): ctest runs them as
// `store.postgres` against the throwaway cluster of scripts/postgres.sh,
// whose URI it passes in KEHOACH_TEST_POSTGRES_URI.

#include <kehoach/kehoach.hpp>

#include "store/postgres/database.hpp"
#include "support/documents.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>

using namespace kehoach;

namespace {

std::string base_uri() {
  const char* uri = std::getenv("KEHOACH_TEST_POSTGRES_URI");
  if (!uri || !*uri) FAIL("KEHOACH_TEST_POSTGRES_URI is not set (ctest sets it: the test store.postgres)");
  return uri;
}

// A database of its own for one test, dropped at its end.
class ScratchDatabase {
 public:
  ScratchDatabase() : admin_(base_uri(), 5000) {
    std::random_device rd;
    name_ = "kh_test_" + std::to_string(rd()) + std::to_string(rd() % 1000);
    admin_.exec_script("CREATE DATABASE " + name_);
    const std::string base = base_uri();
    uri_ = base.substr(0, base.rfind('/') + 1) + name_;
  }
  ~ScratchDatabase() {
    try {
      admin_.exec_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const Error&) {
    }
  }
  const std::string& uri() const { return uri_; }
  /// Ends every session on the database but the caller's, as an
  /// administrator (or a restarting server) would.
  void terminate_sessions() {
    admin_.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                {name_});
  }
  postgres::Connection& admin() { return admin_; }

 private:
  postgres::Connection admin_;
  std::string name_, uri_;
};

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("postgres: a URI is told from a path, and messages never show its password", "[.postgres]") {
  CHECK(postgres::is_uri("postgresql://u@h/db"));
  CHECK(postgres::is_uri("postgres://h/db"));
  CHECK_FALSE(postgres::is_uri("store.db"));
  CHECK_FALSE(postgres::is_uri("/var/lib/postgresql.db"));
  CHECK(postgres::redacted("postgresql://kehoach:secret@127.0.0.1:5432/db") == "postgresql://kehoach:***@127.0.0.1:5432/db");
  CHECK(postgres::redacted("postgresql://kehoach@127.0.0.1/db") == "postgresql://kehoach@127.0.0.1/db");
  CHECK(postgres::redacted("postgresql://127.0.0.1:5432/db") == "postgresql://127.0.0.1:5432/db");
}

TEST_CASE("postgres: each failure to connect names its cause", "[.postgres]") {
  const std::string base = base_uri();
  const std::string host_port = base.substr(base.find('@') + 1, base.rfind('/') - base.find('@') - 1);
  StoreOptions options;
  auto wrong = [&](const std::string& uri) { return message_of([&] { postgres::open_database(uri, options); }); };

  CHECK_THROWS_AS(postgres::open_database("postgresql://kehoach:x@127.0.0.1:notaport/kehoach", options), InvalidArgument);
  const std::string password = wrong("postgresql://kehoach:wrong-password@" + host_port + "/kehoach");
  CHECK_THAT(password, Catch::Contains("the server refused the credentials"));
  CHECK_THAT(password, Catch::Contains("kehoach:***@"));
  CHECK_THAT(password, !Catch::Contains("wrong-password"));
  CHECK_THROWS_AS(postgres::open_database("postgresql://kehoach:wrong-password@" + host_port + "/kehoach", options), IoError);
  CHECK_THAT(wrong(base.substr(0, base.rfind('/') + 1) + "no_such_database"), Catch::Contains("no such database"));
  // A port nothing listens on (1 is reserved).
  CHECK_THAT(wrong("postgresql://kehoach:x@127.0.0.1:1/kehoach?connect_timeout=5"), Catch::Contains("cannot be reached"));
  options.busy_timeout_ms = -1;
  CHECK_THROWS_AS(postgres::open_database(base, options), InvalidArgument);
}

TEST_CASE("postgres: an empty database is migrated to the latest schema, once", "[.postgres]") {
  ScratchDatabase db;
  StoreOptions options;
  auto c = postgres::open_database(db.uri(), options);
  CHECK(postgres::schema_version(*c) == 0);
  int steps = 0;
  postgres::migrate(*c, postgres::latest_version(), [&](int) { ++steps; });
  CHECK(steps == postgres::latest_version() - postgres::first_version + 1);
  CHECK(postgres::schema_version(*c) == postgres::latest_version());
  CHECK(c->exec("SELECT value FROM meta WHERE key = 'app_id'").text(0, 0) == "kehoach");
  // Opened again: checked, and nothing left to migrate.
  auto again = postgres::open_database(db.uri(), options);
  postgres::migrate(*again, postgres::latest_version(), [&](int) { ++steps; });
  CHECK(steps == postgres::latest_version() - postgres::first_version + 1);
  // A version before the engine's first cannot be asked for.
  CHECK_THROWS_AS(postgres::migrate(*again, 5, [](int) {}), VersionError);
}

TEST_CASE("postgres: processes opening one new database at once migrate it once", "[.postgres]") {
  ScratchDatabase db;
  std::atomic<int> steps{0}, failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      try {
        auto c = postgres::open_database(db.uri(), StoreOptions{});
        postgres::migrate(*c, postgres::latest_version(), [&](int) { ++steps; });
      } catch (const std::exception& e) {
        ++failures;
        UNSCOPED_INFO(e.what());
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(steps == postgres::latest_version() - postgres::first_version + 1);
}

TEST_CASE("postgres: a newer store and another application's database are refused and left untouched", "[.postgres]") {
  StoreOptions options;
  {
    ScratchDatabase db;
    auto c = postgres::open_database(db.uri(), options);
    postgres::migrate(*c, postgres::latest_version(), [](int) {});
    c->exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    const std::string why = message_of([&] { postgres::open_database(db.uri(), options); });
    CHECK_THAT(why, Catch::Contains("schema version 99") && Catch::Contains("left untouched"));
    CHECK_THROWS_AS(postgres::open_database(db.uri(), options), VersionError);
    CHECK(c->exec("SELECT value FROM meta WHERE key = 'schema_version'").text(0, 0) == "99");
  }
  {
    ScratchDatabase db;
    auto c = postgres::open_database(db.uri(), options);
    c->exec_script("CREATE TABLE invoices (id BIGINT PRIMARY KEY)");
    CHECK_THAT(message_of([&] { postgres::open_database(db.uri(), options); }), Catch::Contains("another application"));
    CHECK_THROWS_AS(postgres::open_database(db.uri(), options), CorruptStore);
    CHECK_THROWS_AS(postgres::migrate(*c, postgres::latest_version(), [](int) {}), CorruptStore);
    CHECK(c->exec("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").integer(0, 0) == 1);
  }
  {
    ScratchDatabase db;
    auto c = postgres::open_database(db.uri(), options);
    c->exec_script("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)");
    CHECK_THROWS_AS(postgres::open_database(db.uri(), options), CorruptStore);
  }
}

TEST_CASE("postgres: the server's errors become the library's classes", "[.postgres]") {
  ScratchDatabase db;
  auto a = postgres::open_database(db.uri(), StoreOptions{});
  postgres::migrate(*a, postgres::latest_version(), [](int) {});
  // The audit trail is append-only in the database itself.
  a->exec("INSERT INTO audit_log (seq, at, principal, role, action, detail, prev_hash, hash) "
          "VALUES (1, 't', 'p', 'auditor', 'a', 'd', 'h0', 'h1')");
  CHECK_THROWS_AS(a->exec("DELETE FROM audit_log"), Conflict);
  CHECK_THROWS_AS(a->exec("UPDATE audit_log SET detail = 'x'"), Conflict);
  CHECK_THROWS_AS(a->exec_script("TRUNCATE case_digests"), Conflict);
  CHECK_THROWS(a->exec_script("TRUNCATE audit_log"));  // refused first for the digests' foreign key
  CHECK(a->exec("SELECT count(*) FROM audit_log").integer(0, 0) == 1);
  // A key taken twice.
  CHECK_THROWS_AS(a->exec("INSERT INTO meta (key, value) VALUES ('app_id', 'x')"), Conflict);
  // A lock held by another connection: the busy timeout, then Busy.
  StoreOptions quick;
  quick.busy_timeout_ms = 100;
  auto b = postgres::open_database(db.uri(), quick);
  a->exec_script("BEGIN; LOCK TABLE meta IN ACCESS EXCLUSIVE MODE;");
  CHECK_THROWS_AS(b->exec("SELECT count(*) FROM meta"), Busy);
  a->exec_script("ROLLBACK");
  CHECK(b->exec("SELECT count(*) FROM meta").integer(0, 0) >= 3);
  // A statement the library got wrong is an internal error, with its SQLSTATE.
  CHECK_THAT(message_of([&] { b->exec("SELECT no_such_column FROM meta"); }), Catch::Contains("SQLSTATE 42703"));
  // A read-only handle writes nothing.
  StoreOptions read_only;
  read_only.read_only = true;
  auto r = postgres::open_database(db.uri(), read_only);
  CHECK_THROWS(r->exec("INSERT INTO meta (key, value) VALUES ('k', 'v')"));
}

TEST_CASE("postgres: a writer waits for the store's writer lock, then fails as Busy, retryable", "[.postgres]") {
  ScratchDatabase db;
  const Plan plan = read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json").plan;
  StoreOptions quick;
  quick.busy_timeout_ms = 200;
  auto store = Store::open(db.uri(), quick);
  // Another writer holds the lock (here a session of its own, in the lock's key space).
  auto other = postgres::open_database(db.uri(), StoreOptions{});
  other->exec("SELECT pg_advisory_lock(1262037833, hashtext(current_schema()))");
  try {
    store.import_plan(plan);
    FAIL("the write did not wait for the lock");
  } catch (const Busy& e) {
    CHECK(is_retryable(e.code()));
  }
  CHECK(store.plan_ids().empty());  // readers do not wait
  other->exec("SELECT pg_advisory_unlock(1262037833, hashtext(current_schema()))");
  store.import_plan(plan);
  CHECK(store.plan_ids() == std::vector<std::string>{plan.id});
}

TEST_CASE("postgres: a server that goes away fails the call as an I/O error, and nothing is half-written", "[.postgres]") {
  ScratchDatabase db;
  const Plan base = read_plan_file(test::examples_dir() / "huong-khe-2021.plan.json").plan;
  std::vector<Plan> batch;
  for (int i = 0; i < 150; ++i) {
    batch.push_back(base);
    batch.back().id = base.id + "-" + std::to_string(i);
  }
  SECTION("between calls") {
    auto store = Store::open(db.uri());
    db.terminate_sessions();
    try {
      store.import_plan(base);
      FAIL("the write succeeded on a closed connection");
    } catch (const IoError& e) {
      CHECK_THAT(e.what(), Catch::Contains("kehoach:***@"));
    }
    CHECK(Store::open(db.uri()).plan_ids().empty());
  }
  SECTION("in the middle of a batch") {
    auto store = Store::open(db.uri());
    std::atomic<bool> failed{false};
    std::thread writer([&] {
      try {
        store.import_plans(batch);
      } catch (const IoError&) {
        failed = true;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    db.terminate_sessions();
    writer.join();
    const auto ids = Store::open(db.uri()).plan_ids();
    INFO((failed ? "the batch failed" : "the batch was written before the sessions ended"));
    CHECK((ids.empty() || ids.size() == batch.size()));
    CHECK(ids.empty() == failed.load());
  }
}
