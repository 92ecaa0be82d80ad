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

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<store_port::UnitRepository> make_unit_repository(Connection& c) { return std::make_unique<PgUnits>(c); }

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
