// The PostgreSQL repositories of the audit trail, the content hashes of
// audited case writes (case_digests) and imported report packages. The
// trail's order is the database's: entries are appended by the writer that
// holds the store's writer lock (storage.hpp), each after the last one
// committed.

#include "store/postgres/rows.hpp"
#include "store/postgres/storage.hpp"

#include <limits>

namespace kehoach {
inline namespace v1 {
namespace postgres {

namespace {

class PgAudit final : public store_port::AuditRepository {
 public:
  explicit PgAudit(Connection& c) : c_(c) {}

  std::optional<std::pair<std::int64_t, std::string>> last() override {
    const auto r = c_.exec("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (r.rows() == 0) return std::nullopt;
    return std::pair{r.integer(0, 0), std::string(r.text(0, 1))};
  }

  void append(const AuditEntry& e, const std::optional<std::string>& mac) override {
    c_.exec("INSERT INTO audit_log (seq, at, principal, role, action, detail, prev_hash, hash, mac) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            {p(e.seq), e.at, e.principal, p(e.role), e.action, e.detail, e.prev_hash, e.hash, mac});
  }

  void each(const std::function<bool(audit_chain::StoredEntry&&)>& f) override {
    // In pages of seq, so that a long trail is not held in memory at once.
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    for (;;) {
      const auto r = c_.exec("SELECT seq, at, principal, role, action, detail, prev_hash, hash, mac FROM audit_log "
                             "WHERE seq > $1 ORDER BY seq LIMIT 10000",
                             {p(after)});
      if (r.rows() == 0) return;
      for (int i = 0; i < r.rows(); ++i) {
        const Row s(r, i);
        audit_chain::StoredEntry e;
        e.entry.seq = s.int64(0);
        e.entry.at = s.text(1);
        e.entry.principal = s.text(2);
        e.role = s.text(3);
        e.entry.action = s.text(4);
        e.entry.detail = s.text(5);
        e.entry.prev_hash = s.text(6);
        e.entry.hash = s.text(7);
        e.mac = s.opt_text(8);
        after = e.entry.seq;
        if (!f(std::move(e))) return;
      }
    }
  }

  void add_digests(std::int64_t seq, std::string_view hashes) override {
    c_.exec("INSERT INTO case_digests (audit_seq, hashes) VALUES ($1, $2)", {p(seq), bytea_param(hashes)});
  }

  std::map<std::int64_t, std::string> digests() override {
    std::map<std::int64_t, std::string> out;
    each_row(c_.exec("SELECT audit_seq, hashes FROM case_digests"), [&](const Row& s) {
      std::string bytes;
      bytea_value(s.view(1), bytes);
      out.emplace(s.int64(0), std::move(bytes));
    });
    return out;
  }

  std::int64_t last_digest_seq() override {
    return c_.exec("SELECT coalesce(max(audit_seq), 0) FROM case_digests").integer(0, 0);
  }

  std::vector<std::pair<std::int64_t, std::string>> case_writes() override {
    std::vector<std::pair<std::int64_t, std::string>> out;
    each_row(c_.exec("SELECT seq, detail FROM audit_log WHERE action IN ('case.write', 'case.update', 'case.close', 'case.reopen', 'case.baseline') "
                     "ORDER BY seq"),
             [&](const Row& s) { out.emplace_back(s.int64(0), s.text(1)); });
    return out;
  }

 private:
  Connection& c_;
};

class PgPackages final : public store_port::PackageRepository {
 public:
  explicit PgPackages(Connection& c) : c_(c) {}

  std::vector<store_port::StoredPackage> all() override {
    std::vector<store_port::StoredPackage> out;
    each_row(c_.exec("SELECT digest, unit, period_start, period_end, as_of, document FROM packages ORDER BY digest"),
             [&](const Row& s) { out.push_back({s.text(0), s.text(1), Period{s.date(2), s.date(3)}, s.date(4), s.text(5)}); });
    return out;
  }

  bool has(std::string_view digest) override {
    return c_.exec("SELECT 1 FROM packages WHERE digest = $1", {p(digest)}).rows() > 0;
  }

  std::vector<std::string> units_for(const Period& period) override {
    std::vector<std::string> out;
    each_row(c_.exec("SELECT unit FROM packages WHERE period_start = $1 AND period_end = $2 ORDER BY unit",
                     {p(period.start), p(period.end)}),
             [&](const Row& s) { out.push_back(s.text(0)); });
    return out;
  }

  std::vector<std::string> units() override {
    std::vector<std::string> out;
    each_row(c_.exec("SELECT DISTINCT unit FROM packages ORDER BY unit"), [&](const Row& s) { out.push_back(s.text(0)); });
    return out;
  }

  void insert(std::string_view digest, std::string_view unit, const Period& period, Date as_of,
              std::string_view document) override {
    c_.exec("INSERT INTO packages (digest, unit, period_start, period_end, as_of, document) VALUES ($1, $2, $3, $4, $5, $6)",
            {p(digest), p(unit), p(period.start), p(period.end), p(as_of), p(document)});
  }

  std::vector<std::string> in_subtree(std::string_view root, const Period& period) override {
    std::vector<std::string> out;
    each_row(c_.exec(std::string(subtree_cte) +
                         "SELECT document FROM packages WHERE unit IN (SELECT code FROM sub) AND period_start = $2 "
                         "AND period_end = $3 ORDER BY unit",
                     {p(root), p(period.start), p(period.end)}),
             [&](const Row& s) { out.push_back(s.text(0)); });
    return out;
  }

  std::optional<store_port::ReleaseSeal> seal(std::string_view root, int year) override {
    std::optional<store_port::ReleaseSeal> out;
    each_row(c_.exec(std::string(seal_columns) + " WHERE root = $1 AND year = $2", {p(root), p(year)}),
             [&](const Row& s) { out = seal_of(s); });
    return out;
  }

  void insert_seal(const store_port::ReleaseSeal& seal) override {
    c_.exec("INSERT INTO release_seals (root, year, sealed_on, units, cases, digest) VALUES ($1, $2, $3, $4, $5, $6)",
            {p(seal.root), p(seal.year), p(seal.sealed_on), p(seal.units), p(seal.cases), p(seal.digest)});
  }

  std::vector<store_port::ReleaseSeal> seals() override {
    std::vector<store_port::ReleaseSeal> out;
    each_row(c_.exec(std::string(seal_columns) + " ORDER BY root, year"), [&](const Row& s) { out.push_back(seal_of(s)); });
    return out;
  }

 private:
  static constexpr const char* seal_columns = "SELECT root, year, sealed_on, units, cases, digest FROM release_seals";
  static store_port::ReleaseSeal seal_of(const Row& s) {
    return {s.text(0), s.integer(1), s.date(2), s.text(3), s.text(4), s.text(5)};
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<store_port::AuditRepository> make_audit_repository(Connection& c) { return std::make_unique<PgAudit>(c); }

std::unique_ptr<store_port::PackageRepository> make_package_repository(Connection& c) {
  return std::make_unique<PgPackages>(c);
}

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
