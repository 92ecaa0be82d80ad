// The PostgreSQL repository of administrative units.

#include "store/postgres/rows.hpp"
#include "store/postgres/storage.hpp"

namespace kehoach {
inline namespace v1 {
namespace postgres {

namespace {

constexpr const char* unit_columns = "SELECT code, name, level, parent, valid_from, valid_to, successor FROM admin_units ";

AdministrativeUnit unit_of(const Row& r) {
  return {r.text(0), r.text(1), r.code<Level>(2), r.opt_text(3), r.opt_date(4), r.opt_date(5), r.opt_text(6)};
}

constexpr const char* version_columns = "SELECT code, seq, name, level, parent, valid_from, valid_to FROM unit_versions ";
constexpr const char* succession_columns = "SELECT from_code, to_code, date, share FROM unit_successions ";

unit_register::StoredVersion version_of(const Row& r) {
  return {r.int64(1), {r.text(0), r.text(2), r.code<Level>(3), r.opt_text(4), r.opt_date(5), r.opt_date(6)}};
}

Succession succession_of(const Row& r) { return {r.text(0), r.text(1), r.date(2), r.opt_real(3)}; }

class PgUnits final : public store_port::UnitRepository {
 public:
  explicit PgUnits(Connection& c) : c_(c) {}

  std::optional<AdministrativeUnit> find(const std::string& code) override {
    const auto r = c_.exec(std::string(unit_columns) + "WHERE code = $1", {code});
    if (r.rows() == 0) return std::nullopt;
    return unit_of(Row(r, 0));
  }

  bool exists(std::string_view code) override {
    return c_.exec("SELECT 1 FROM admin_units WHERE code = $1", {p(code)}).rows() > 0;
  }

  void insert(const AdministrativeUnit& u) override {
    c_.exec("INSERT INTO admin_units (code, name, level, parent, valid_from, valid_to, successor) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {u.code, u.name, p(u.level), p(u.parent), p(u.valid_from), p(u.valid_to), p(u.successor)});
  }

  std::vector<AdministrativeUnit> all() override {
    std::vector<AdministrativeUnit> out;
    each_row(c_.exec(std::string(unit_columns) + "ORDER BY code"), [&](const Row& r) { out.push_back(unit_of(r)); });
    return out;
  }

  std::int64_t count() override { return c_.exec("SELECT count(*) FROM admin_units").integer(0, 0); }

  // Walked upwards from the unit through parents and successors, a few
  // steps, rather than by listing the whole subtree. (PostgreSQL allows one
  // reference to the recursive query: both links are one LATERAL list.)
  bool in_subtree(std::string_view root, std::string_view unit) override {
    return c_.exec("WITH RECURSIVE up(code) AS (SELECT code FROM admin_units WHERE code = $2 "
                   "UNION SELECT x.next FROM admin_units u JOIN up ON u.code = up.code "
                   "CROSS JOIN LATERAL (VALUES (u.parent), (u.successor)) AS x(next) WHERE x.next IS NOT NULL) "
                   "SELECT 1 FROM up WHERE code = $1",
                   {p(root), p(unit)})
               .rows() > 0;
  }

  std::vector<disclosure::UnitLinks> links_in_subtree(std::string_view root) override {
    std::vector<disclosure::UnitLinks> links;
    each_row(c_.exec(std::string(subtree_cte) +
                         "SELECT code, parent, successor FROM admin_units WHERE code IN (SELECT code FROM sub) ORDER BY code",
                     {p(root)}),
             [&](const Row& r) { links.push_back({r.text(0), r.opt_text(1), r.opt_text(2)}); });
    return links;
  }

  void update(const AdministrativeUnit& u) override {
    c_.queue("UPDATE admin_units SET name = $2, level = $3, parent = $4, valid_from = $5, valid_to = $6, successor = $7 "
             "WHERE code = $1",
             {u.code, u.name, p(u.level), p(u.parent), p(u.valid_from), p(u.valid_to), p(u.successor)});
  }

  std::vector<unit_register::StoredVersion> versions(std::string_view code) override {
    std::vector<unit_register::StoredVersion> out;
    each_row(c_.exec(std::string(version_columns) + "WHERE code = $1 ORDER BY seq", {p(code)}),
             [&](const Row& r) { out.push_back(version_of(r)); });
    return out;
  }

  std::vector<unit_register::StoredVersion> all_versions() override {
    std::vector<unit_register::StoredVersion> out;
    each_row(c_.exec(std::string(version_columns) + "ORDER BY code, seq"), [&](const Row& r) { out.push_back(version_of(r)); });
    return out;
  }

  void insert_version(const unit_register::StoredVersion& v) override {
    const auto& u = v.version;
    c_.queue("INSERT INTO unit_versions (code, seq, name, level, parent, valid_from, valid_to) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {u.code, p(v.seq), u.name, p(u.level), p(u.parent), p(u.valid_from), p(u.valid_to)});
  }

  void update_version(const unit_register::StoredVersion& v) override {
    c_.queue("UPDATE unit_versions SET valid_from = $3, valid_to = $4 WHERE code = $1 AND seq = $2",
             {v.version.code, p(v.seq), p(v.version.valid_from), p(v.version.valid_to)});
  }

  std::vector<Succession> successions_of(std::string_view code) override {
    std::vector<Succession> out;
    each_row(c_.exec(std::string(succession_columns) + "WHERE from_code = $1 OR to_code = $1 ORDER BY date, from_code, to_code",
                     {p(code)}),
             [&](const Row& r) { out.push_back(succession_of(r)); });
    return out;
  }

  std::vector<Succession> successions_on(Date date) override {
    std::vector<Succession> out;
    each_row(c_.exec(std::string(succession_columns) + "WHERE date = $1 ORDER BY from_code, to_code", {p(date)}),
             [&](const Row& r) { out.push_back(succession_of(r)); });
    return out;
  }

  std::vector<Succession> all_successions() override {
    std::vector<Succession> out;
    each_row(c_.exec(std::string(succession_columns) + "ORDER BY from_code, date, to_code"),
             [&](const Row& r) { out.push_back(succession_of(r)); });
    return out;
  }

  void insert_succession(const Succession& e) override {
    c_.queue("INSERT INTO unit_successions (from_code, to_code, date, share) VALUES ($1, $2, $3, $4)",
             {e.from, e.to, p(e.date), p(e.share)});
  }

  std::int64_t revision() override {
    return c_.exec("SELECT (SELECT count(*) FROM admin_units) + (SELECT count(*) FROM unit_versions) + "
                   "(SELECT count(*) FROM unit_successions)")
        .integer(0, 0);
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<store_port::UnitRepository> make_unit_repository(Connection& c) { return std::make_unique<PgUnits>(c); }

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
