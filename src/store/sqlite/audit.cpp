// The SQLite repositories of the audit trail, the content hashes of audited
// case writes (case_digests) and imported report packages.

#include "store/sqlite/storage.hpp"

namespace kehoach {
inline namespace v1 {
namespace sqlite {

using namespace store_detail;

namespace {

class SqliteAudit final : public store_port::AuditRepository {
 public:
  explicit SqliteAudit(SQLite::Database& d) : db(d) {}

  std::optional<std::pair<std::int64_t, std::string>> last() override {
    SQLite::Statement s(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!s.executeStep()) return std::nullopt;
    return std::pair{s.getColumn(0).getInt64(), s.getColumn(1).getString()};
  }

  void append(const AuditEntry& e, const std::optional<std::string>& mac) override {
    SQLite::Statement s(db, mac ?
        "INSERT INTO audit_log (seq, at, principal, role, action, detail, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" :
        "INSERT INTO audit_log (seq, at, principal, role, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<int64_t>(e.seq));
    s.bind(2, e.at);
    s.bind(3, e.principal);
    bind_code(s, 4, e.role);
    s.bind(5, e.action);
    s.bind(6, e.detail);
    s.bind(7, e.prev_hash);
    s.bind(8, e.hash);
    if (mac) s.bind(9, *mac);
    s.exec();
  }

  void each(const std::function<bool(audit_chain::StoredEntry&&)>& f) override {
    // The MAC column came with schema version 8.
    const bool has_mac = db.execAndGet("PRAGMA user_version").getInt() >= 8;
    SQLite::Statement s(db, std::string("SELECT seq, at, principal, role, action, detail, prev_hash, hash, ") +
                                (has_mac ? "mac" : "NULL") + " FROM audit_log ORDER BY seq");
    while (s.executeStep()) {
      audit_chain::StoredEntry e;
      e.entry.seq = s.getColumn(0).getInt64();
      e.entry.at = s.getColumn(1).getString();
      e.entry.principal = s.getColumn(2).getString();
      e.role = s.getColumn(3).getString();
      e.entry.action = s.getColumn(4).getString();
      e.entry.detail = s.getColumn(5).getString();
      e.entry.prev_hash = s.getColumn(6).getString();
      e.entry.hash = s.getColumn(7).getString();
      e.mac = opt_text(s.getColumn(8));
      if (!f(std::move(e))) break;
    }
  }

  void add_digests(std::int64_t seq, std::string_view hashes) override {
    SQLite::Statement s(db, "INSERT INTO case_digests (audit_seq, hashes) VALUES (?, ?)");
    s.bind(1, static_cast<int64_t>(seq));
    s.bindNoCopy(2, hashes.data(), static_cast<int>(hashes.size()));
    s.exec();
  }

  std::map<std::int64_t, std::string> digests() override {
    std::map<std::int64_t, std::string> out;
    SQLite::Statement s(db, "SELECT audit_seq, hashes FROM case_digests");
    while (s.executeStep()) {
      const auto& blob = s.getColumn(1);
      out.emplace(s.getColumn(0).getInt64(),
                  std::string(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes())));
    }
    return out;
  }

  std::int64_t last_digest_seq() override {
    return db.execAndGet("SELECT coalesce(max(audit_seq), 0) FROM case_digests").getInt64();
  }

  std::vector<std::pair<std::int64_t, std::string>> case_writes() override {
    std::vector<std::pair<std::int64_t, std::string>> out;
    SQLite::Statement s(db, "SELECT seq, detail FROM audit_log WHERE action IN ('case.write', 'case.update', 'case.close', 'case.reopen', 'case.baseline') "
                            "ORDER BY seq");
    while (s.executeStep()) out.emplace_back(s.getColumn(0).getInt64(), s.getColumn(1).getString());
    return out;
  }

 private:
  SQLite::Database& db;
};

class SqlitePackages final : public store_port::PackageRepository {
 public:
  explicit SqlitePackages(SQLite::Database& d) : db(d) {}

  std::vector<store_port::StoredPackage> all() override {
    std::vector<store_port::StoredPackage> out;
    SQLite::Statement s(db, "SELECT digest, unit, period_start, period_end, as_of, document FROM packages ORDER BY digest");
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                     Period{parse_iso_date(s.getColumn(2).getString()), parse_iso_date(s.getColumn(3).getString())},
                     parse_iso_date(s.getColumn(4).getString()), s.getColumn(5).getString()});
    }
    return out;
  }

  bool has(std::string_view digest) override {
    SQLite::Statement s(db, "SELECT 1 FROM packages WHERE digest = ?");
    s.bind(1, std::string(digest));
    return s.executeStep();
  }

  std::vector<std::string> units_for(const Period& period) override {
    std::vector<std::string> out;
    SQLite::Statement s(db, "SELECT unit FROM packages WHERE period_start = ? AND period_end = ? ORDER BY unit");
    s.bind(1, iso(period.start));
    s.bind(2, iso(period.end));
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  }

  std::vector<std::string> units() override {
    std::vector<std::string> out;
    SQLite::Statement s(db, "SELECT DISTINCT unit FROM packages ORDER BY unit");
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  }

  void insert(std::string_view digest, std::string_view unit, const Period& period, Date as_of,
              std::string_view document) override {
    SQLite::Statement s(db, "INSERT INTO packages (digest, unit, period_start, period_end, as_of, document) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, std::string(digest));
    s.bind(2, std::string(unit));
    s.bind(3, iso(period.start));
    s.bind(4, iso(period.end));
    s.bind(5, iso(as_of));
    s.bind(6, std::string(document));
    s.exec();
  }

  std::vector<std::string> in_subtree(std::string_view root, const Period& period) override {
    std::vector<std::string> out;
    SQLite::Statement s(db, std::string(subtree_cte) +
        "SELECT document FROM packages WHERE unit IN (SELECT code FROM sub) AND period_start = ?2 AND period_end = ?3 "
        "ORDER BY unit");
    s.bind(1, std::string(root));
    s.bind(2, iso(period.start));
    s.bind(3, iso(period.end));
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  }

  std::optional<store_port::ReleaseSeal> seal(std::string_view root, int year) override {
    SQLite::Statement s(db, std::string(seal_columns) + " WHERE root = ? AND year = ?");
    s.bind(1, std::string(root));
    s.bind(2, year);
    if (!s.executeStep()) return std::nullopt;
    return seal_of(s);
  }

  void insert_seal(const store_port::ReleaseSeal& seal) override {
    SQLite::Statement s(db, "INSERT INTO release_seals (root, year, sealed_on, units, cases, digest) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, seal.root);
    s.bind(2, seal.year);
    s.bind(3, iso(seal.sealed_on));
    s.bind(4, seal.units);
    s.bind(5, seal.cases);
    s.bind(6, seal.digest);
    s.exec();
  }

  std::vector<store_port::ReleaseSeal> seals() override {
    std::vector<store_port::ReleaseSeal> out;
    SQLite::Statement s(db, std::string(seal_columns) + " ORDER BY root, year");
    while (s.executeStep()) out.push_back(seal_of(s));
    return out;
  }

 private:
  static constexpr const char* seal_columns = "SELECT root, year, sealed_on, units, cases, digest FROM release_seals";
  static store_port::ReleaseSeal seal_of(SQLite::Statement& s) {
    return {s.getColumn(0).getString(), s.getColumn(1).getInt(), parse_iso_date(s.getColumn(2).getString()),
            s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getString()};
  }

  SQLite::Database& db;
};

}  // namespace

std::unique_ptr<store_port::AuditRepository> make_audit_repository(SQLite::Database& db) {
  return std::make_unique<SqliteAudit>(db);
}

std::unique_ptr<store_port::PackageRepository> make_package_repository(SQLite::Database& db) {
  return std::make_unique<SqlitePackages>(db);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
