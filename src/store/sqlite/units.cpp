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

constexpr const char* version_columns = "SELECT code, seq, name, level, parent, valid_from, valid_to FROM unit_versions ";
constexpr const char* succession_columns = "SELECT from_code, to_code, date, share FROM unit_successions ";

unit_register::StoredVersion version_of(SQLite::Statement& s) {
  return {s.getColumn(1).getInt64(),
          {s.getColumn(0).getString(), s.getColumn(2).getString(), code_of<Level>(s.getColumn(3)), opt_text(s.getColumn(4)),
           opt_date(s.getColumn(5)), opt_date(s.getColumn(6))}};
}

Succession succession_of(SQLite::Statement& s) {
  return {s.getColumn(0).getString(), s.getColumn(1).getString(), date_of(s.getColumn(2)), opt_real(s.getColumn(3))};
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

  void update(const AdministrativeUnit& u) override {
    CachedStatement c(statements, "UPDATE admin_units SET name = ?2, level = ?3, parent = ?4, valid_from = ?5, valid_to = ?6, "
                                  "successor = ?7 WHERE code = ?1");
    auto& s = c.statement();
    s.bind(1, u.code);
    s.bind(2, u.name);
    bind_code(s, 3, u.level);
    bind_opt(s, 4, u.parent);
    bind_opt(s, 5, u.valid_from);
    bind_opt(s, 6, u.valid_to);
    bind_opt(s, 7, u.successor);
    if (s.exec() != 1) throw CorruptStore("unit '" + u.code + "' has no row to update");
  }

  std::vector<unit_register::StoredVersion> versions(std::string_view code) override {
    CachedStatement s(statements, std::string(version_columns) + "WHERE code = ? ORDER BY seq");
    s.bind(1, std::string(code));
    std::vector<unit_register::StoredVersion> out;
    while (s.executeStep()) out.push_back(version_of(s.statement()));
    return out;
  }

  std::vector<unit_register::StoredVersion> all_versions() override {
    SQLite::Statement s(db, std::string(version_columns) + "ORDER BY code, seq");
    std::vector<unit_register::StoredVersion> out;
    while (s.executeStep()) out.push_back(version_of(s));
    return out;
  }

  void insert_version(const unit_register::StoredVersion& v) override {
    CachedStatement c(statements, "INSERT INTO unit_versions (code, seq, name, level, parent, valid_from, valid_to) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)");
    auto& s = c.statement();
    s.bind(1, v.version.code);
    s.bind(2, static_cast<int64_t>(v.seq));
    s.bind(3, v.version.name);
    bind_code(s, 4, v.version.level);
    bind_opt(s, 5, v.version.parent);
    bind_opt(s, 6, v.version.valid_from);
    bind_opt(s, 7, v.version.valid_to);
    s.exec();
  }

  void update_version(const unit_register::StoredVersion& v) override {
    CachedStatement c(statements, "UPDATE unit_versions SET valid_from = ?3, valid_to = ?4 WHERE code = ?1 AND seq = ?2");
    auto& s = c.statement();
    s.bind(1, v.version.code);
    s.bind(2, static_cast<int64_t>(v.seq));
    bind_opt(s, 3, v.version.valid_from);
    bind_opt(s, 4, v.version.valid_to);
    if (s.exec() != 1) throw CorruptStore("unit '" + v.version.code + "' has no version " + std::to_string(v.seq));
  }

  std::vector<Succession> successions_of(std::string_view code) override {
    CachedStatement s(statements, std::string(succession_columns) +
                                      "WHERE from_code = ?1 UNION " + succession_columns + "WHERE to_code = ?1 "
                                      "ORDER BY date, from_code, to_code");
    s.bind(1, std::string(code));
    std::vector<Succession> out;
    while (s.executeStep()) out.push_back(succession_of(s.statement()));
    return out;
  }

  std::vector<Succession> successions_on(Date date) override {
    CachedStatement s(statements, std::string(succession_columns) + "WHERE date = ? ORDER BY from_code, to_code");
    s.bind(1, format_iso_date(date));
    std::vector<Succession> out;
    while (s.executeStep()) out.push_back(succession_of(s.statement()));
    return out;
  }

  std::vector<Succession> all_successions() override {
    SQLite::Statement s(db, std::string(succession_columns) + "ORDER BY from_code, date, to_code");
    std::vector<Succession> out;
    while (s.executeStep()) out.push_back(succession_of(s));
    return out;
  }

  void insert_succession(const Succession& e) override {
    CachedStatement c(statements, "INSERT INTO unit_successions (from_code, to_code, date, share) VALUES (?, ?, ?, ?)");
    auto& s = c.statement();
    s.bind(1, e.from);
    s.bind(2, e.to);
    s.bind(3, format_iso_date(e.date));
    bind_opt(s, 4, e.share);
    s.exec();
  }

  std::int64_t revision() override {
    return db.execAndGet("SELECT (SELECT count(*) FROM admin_units) + (SELECT count(*) FROM unit_versions) + "
                         "(SELECT count(*) FROM unit_successions)")
        .getInt64();
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
