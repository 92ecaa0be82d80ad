// The SQLite repository of administrative units.

#include "store/sqlite/storage.hpp"

namespace kehoach {
inline namespace v1 {
namespace sqlite {

using namespace store_detail;

namespace {

constexpr const char* find_sql = "SELECT code, name, level, parent, valid_from, valid_to, successor FROM admin_units WHERE code = ?";

AdministrativeUnit unit_of(SQLite::Statement& s) {
  return {s.getColumn(0).getString(), s.getColumn(1).getString(), code_of<Level>(s.getColumn(2)),
          opt_text(s.getColumn(3)),   opt_date(s.getColumn(4)),   opt_date(s.getColumn(5)),
          opt_text(s.getColumn(6))};
}

class SqliteUnits final : public store_port::UnitRepository {
 public:
  SqliteUnits(SQLite::Database& d, StatementCache& c) : db(d), statements(c) {}

  std::optional<AdministrativeUnit> find(const std::string& code) override {
    CachedStatement s(statements, find_sql);
    s.bind(1, code);
    if (!s.executeStep()) return std::nullopt;
    return unit_of(s.statement());
  }

  bool exists(std::string_view code) override {
    CachedStatement s(statements, "SELECT 1 FROM admin_units WHERE code = ?");
    s.bind(1, std::string(code));
    return s.executeStep();
  }

  void insert(const AdministrativeUnit& u) override {
    CachedStatement c(statements, "INSERT INTO admin_units (code, name, level, parent, valid_from, valid_to, successor) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)");
    auto& s = c.statement();
    s.bind(1, u.code);
    s.bind(2, u.name);
    bind_code(s, 3, u.level);
    bind_opt(s, 4, u.parent);
    bind_opt(s, 5, u.valid_from);
    bind_opt(s, 6, u.valid_to);
    bind_opt(s, 7, u.successor);
    s.exec();
  }

  std::vector<AdministrativeUnit> all() override {
    std::vector<AdministrativeUnit> out;
    SQLite::Statement s(db, "SELECT code, name, level, parent, valid_from, valid_to, successor FROM admin_units ORDER BY code");
    while (s.executeStep()) out.push_back(unit_of(s));
    return out;
  }

  std::int64_t count() override { return db.execAndGet("SELECT count(*) FROM admin_units").getInt64(); }

  // Walked upwards from the unit through parents and successors, a few
  // steps, rather than by listing the whole subtree.
  bool in_subtree(std::string_view root, std::string_view unit) override {
    CachedStatement s(statements,
        "WITH RECURSIVE up(code) AS (SELECT code FROM admin_units WHERE code = ?2 "
        "UNION SELECT u.parent FROM admin_units u JOIN up ON u.code = up.code WHERE u.parent IS NOT NULL "
        "UNION SELECT u.successor FROM admin_units u JOIN up ON u.code = up.code WHERE u.successor IS NOT NULL) "
        "SELECT 1 FROM up WHERE code = ?1");
    s.bind(1, std::string(root));
    s.bind(2, std::string(unit));
    return s.executeStep();
  }

  std::vector<disclosure::UnitLinks> links_in_subtree(std::string_view root) override {
    SQLite::Statement s(db, std::string(subtree_cte) +
        "SELECT code, parent, successor FROM admin_units WHERE code IN (SELECT code FROM sub) ORDER BY code");
    s.bind(1, std::string(root));
    std::vector<disclosure::UnitLinks> links;
    while (s.executeStep()) links.push_back({s.getColumn(0).getString(), opt_text(s.getColumn(1)), opt_text(s.getColumn(2))});
    return links;
  }

 private:
  SQLite::Database& db;
  StatementCache& statements;
};

}  // namespace

std::unique_ptr<store_port::UnitRepository> make_unit_repository(SQLite::Database& db, StatementCache& statements) {
  return std::make_unique<SqliteUnits>(db, statements);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
