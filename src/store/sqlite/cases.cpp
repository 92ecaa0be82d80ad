// The SQLite repositories of case records and of their cells. The case tables
// are keyed by unit and code (schema version 8); each case's violence types,
// measures, services and referrals are rows of their own tables, in order.

#include "store/sqlite/storage.hpp"

#include <algorithm>

namespace kehoach {
inline namespace v1 {
namespace sqlite {

using namespace store_detail;

namespace {

std::optional<bool> opt_flag(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt() != 0;
}

// Calls `f` with each part of "a,b,c" (a group_concat; NULL has none).
template <class F>
void each_part(const SQLite::Column& col, F f) {
  if (col.isNull()) return;
  store_text::each_part(std::string_view(col.getText(""), static_cast<std::size_t>(col.getBytes())), f);
}

using store_text::split_event;

constexpr const char* case_columns =
    "SELECT code, unit, intake_date, incident_date, receiving_body, channel, domestic_violence, status, closed_on, sex, "
    "age_group, ethnic_minority, disability, migrant_worker, perpetrator, needs_help, consent_services, "
    "consent_sharing, first_received_as FROM cases c WHERE ";

class SqliteCases final : public store_port::CaseRepository {
 public:
  SqliteCases(SQLite::Database& d, StatementCache& c) : db(d), statements(c) {}

  std::optional<std::size_t> insert(std::span<const CaseRecord> cases) override {
    Writer writer(db);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      try {
        writer.write(cases[i]);
      } catch (const SQLite::Exception& e) {
        // The primary key of `cases` is the one a valid, checked case can break.
        if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_PRIMARYKEY) throw;
        return i;
      }
    }
    return std::nullopt;
  }

  void remove(std::string_view unit, std::string_view code) override {
    for (const char* sql : {"DELETE FROM case_violence WHERE case_unit = ? AND case_code = ?",
                            "DELETE FROM case_measures WHERE case_unit = ? AND case_code = ?",
                            "DELETE FROM case_services WHERE case_unit = ? AND case_code = ?",
                            "DELETE FROM case_referrals WHERE case_unit = ? AND case_code = ?",
                            "DELETE FROM cases WHERE unit = ? AND code = ?"}) {
      SQLite::Statement d(db, sql);
      d.bind(1, std::string(unit));
      d.bind(2, std::string(code));
      d.exec();
    }
  }

  std::optional<CaseRecord> find(std::string_view unit, std::string_view code) override {
    auto found = select("c.unit = ?1 AND c.code = ?2", [&](SQLite::Statement& s) {
      s.bind(1, std::string(unit));
      s.bind(2, std::string(code));
    });
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }

  std::vector<CaseRecord> with_code(std::string_view root, std::string_view code) override {
    return select("c.code = ?2 AND c.unit IN (SELECT code FROM sub)", [&](SQLite::Statement& s) {
      s.bind(1, std::string(root));
      s.bind(2, std::string(code));
    });
  }

  std::vector<CaseRecord> in_subtree(std::string_view root, const Period& intake) override {
    return select("c.unit IN (SELECT code FROM sub) AND c.intake_date BETWEEN ?2 AND ?3", [&](SQLite::Statement& s) {
      s.bind(1, std::string(root));
      s.bind(2, iso(intake.start));
      s.bind(3, iso(intake.end));
    });
  }

  std::vector<CaseRecord> page(std::string_view root, Date from, Date to, std::string_view status,
                               std::string_view after_intake, std::string_view after_unit, std::string_view after_code,
                               std::size_t limit) override {
    return select(
        "c.unit IN (SELECT code FROM sub) AND c.intake_date BETWEEN ?2 AND ?3 AND (?4 = '' OR c.status = ?4) "
        "AND (c.intake_date, c.unit, c.code) > (?5, ?6, ?7)",
        [&](SQLite::Statement& s) {
          s.bind(1, std::string(root));
          s.bind(2, iso(from));
          s.bind(3, iso(to));
          s.bind(4, std::string(status));
          s.bind(5, std::string(after_intake));
          s.bind(6, std::string(after_unit));
          s.bind(7, std::string(after_code));
          s.bind(8, static_cast<std::int64_t>(limit));
        },
        " LIMIT ?8");
  }

  std::vector<CaseRecord> all() override {
    return select("1", [](SQLite::Statement&) {});
  }

  bool any() override {
    SQLite::Statement s(db, "SELECT 1 FROM cases LIMIT 1");
    return s.executeStep();
  }

  bool any_in_subtree(std::string_view root) override {
    SQLite::Statement s(db, std::string(subtree_cte) + "SELECT 1 FROM cases WHERE unit IN (SELECT code FROM sub) LIMIT 1");
    s.bind(1, std::string(root));
    return s.executeStep();
  }

  std::vector<std::string> units() override {
    std::vector<std::string> out;
    SQLite::Statement s(db, "SELECT DISTINCT unit FROM cases ORDER BY unit");
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  }

  // Each case is read once, with what the tally needs of its child rows, in
  // one statement rather than one per child table and case.
  void each_counted(std::string_view unit, bool subtree, Date from, Date to, Date as_of,
                    const std::function<void(const CaseRecord&)>& f) override {
    CachedStatement s(statements, std::string(subtree_cte) +
        "SELECT c.unit, c.intake_date, c.needs_help, c.sex, c.age_group, c.ethnic_minority, c.disability, "
        "c.migrant_worker, c.receiving_body, c.channel, "
        "(SELECT group_concat(v.type) FROM case_violence v WHERE v.case_unit = c.unit AND v.case_code = c.code), "
        "(SELECT group_concat(v.type || ' ' || v.date) FROM case_services v WHERE v.case_unit = c.unit AND v.case_code = c.code "
        "AND v.outcome = 'provided' AND v.date <= ?4), "
        "(SELECT group_concat(r.status || ' ' || r.date) FROM case_referrals r WHERE r.case_unit = c.unit AND r.case_code = c.code "
        "AND r.date <= ?4) "
        "FROM cases c WHERE " + std::string(subtree ? "c.unit IN (SELECT code FROM sub)" : "c.unit = ?1") +
        " AND c.intake_date BETWEEN ?2 AND ?3 AND c.intake_date <= ?4 AND c.first_received_as IS NULL");
    s.bind(1, std::string(unit));
    s.bind(2, iso(from));
    s.bind(3, iso(to));
    s.bind(4, iso(as_of));
    CaseRecord c;
    while (s.executeStep()) {
      c.unit = s.getColumn(0).getString();
      c.intake_date = date_of(s.getColumn(1));
      c.needs_help = s.getColumn(2).getInt() != 0;
      c.survivor = Survivor{code_of<Sex>(s.getColumn(3)), code_of<AgeGroup>(s.getColumn(4)), opt_flag(s.getColumn(5)),
                            opt_flag(s.getColumn(6)), opt_flag(s.getColumn(7))};
      c.receiving_body = code_of<ReceivingBody>(s.getColumn(8));
      c.channel = code_of<IntakeChannel>(s.getColumn(9));
      c.violence.clear();
      c.services.clear();
      c.referrals.clear();
      each_part(s.getColumn(10), [&](std::string_view type) { c.violence.push_back(code_of<ViolenceType>(type)); });
      each_part(s.getColumn(11), [&](std::string_view item) {
        const auto [type, date] = split_event(item);
        c.services.push_back(Service{code_of<ServiceType>(type), {}, parse_iso_date(date), ServiceOutcome::provided});
      });
      each_part(s.getColumn(12), [&](std::string_view item) {
        const auto [status, date] = split_event(item);
        Referral r;
        r.status = code_of<ReferralStatus>(status);
        r.date = parse_iso_date(date);
        c.referrals.push_back(std::move(r));
      });
      f(c);
    }
  }

 private:
  // The statements that write one case, prepared once per batch.
  class Writer {
   public:
    explicit Writer(SQLite::Database& db)
        : s(db,
            "INSERT INTO cases (code, unit, intake_date, incident_date, receiving_body, channel, domestic_violence, status, "
            "closed_on, sex, age_group, ethnic_minority, disability, migrant_worker, perpetrator, needs_help, "
            "consent_services, consent_sharing, first_received_as) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          v(db, "INSERT INTO case_violence (case_code, ord, type, case_unit) VALUES (?, ?, ?, ?)"),
          m(db,
            "INSERT INTO case_measures (case_code, ord, kind, start, end_date, authority, survivor_consent, life_threatened, "
            "case_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          sv(db, "INSERT INTO case_services (case_code, ord, type, provider, date, outcome, case_unit) VALUES (?, ?, ?, ?, ?, ?, ?)"),
          r(db,
            "INSERT INTO case_referrals (case_code, ord, from_provider, to_provider, date, status, override_by, override_reason, "
            "case_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

    // The record's strings and the codes are bound without copies: they
    // outlive the statements (finalized when the batch is written); dates,
    // formatted here, are copied.
    void write(const CaseRecord& c) {
      s.reset();
      auto flag = [&](int i, const std::optional<bool>& value) {
        if (value) s.bind(i, *value ? 1 : 0);
        else s.bind(i);
      };
      const std::string intake = iso(c.intake_date);
      s.bindNoCopy(1, c.code);
      s.bindNoCopy(2, c.unit);
      s.bind(3, intake);
      bind_opt(s, 4, c.incident_date);
      bind_code(s, 5, c.receiving_body);
      bind_code(s, 6, c.channel);
      s.bind(7, c.domestic_violence ? 1 : 0);
      bind_code(s, 8, c.status);
      bind_opt(s, 9, c.closed_on);
      bind_code(s, 10, c.survivor.sex);
      bind_code(s, 11, c.survivor.age_group);
      flag(12, c.survivor.ethnic_minority);
      flag(13, c.survivor.disability);
      flag(14, c.survivor.migrant_worker);
      bind_code(s, 15, c.perpetrator);
      s.bind(16, c.needs_help ? 1 : 0);
      s.bind(17, c.consent_services ? 1 : 0);
      s.bind(18, c.consent_sharing ? 1 : 0);
      bind_opt(s, 19, c.first_received_as);
      s.exec();
      for (std::size_t i = 0; i < c.violence.size(); ++i) {
        v.reset();
        v.bindNoCopy(1, c.code);
        v.bind(2, static_cast<int64_t>(i));
        bind_code(v, 3, c.violence[i]);
        v.bindNoCopy(4, c.unit);
        v.exec();
      }
      for (std::size_t i = 0; i < c.measures.size(); ++i) {
        const auto& x = c.measures[i];
        const std::string start = iso(x.start);
        m.reset();
        m.bindNoCopy(1, c.code);
        m.bind(2, static_cast<int64_t>(i));
        bind_code(m, 3, x.kind);
        m.bind(4, start);
        bind_opt(m, 5, x.end);
        if (x.authority) bind_code(m, 6, *x.authority);
        else m.bind(6);
        if (x.survivor_consent) m.bind(7, *x.survivor_consent ? 1 : 0);
        else m.bind(7);
        m.bind(8, x.life_threatened ? 1 : 0);
        m.bindNoCopy(9, c.unit);
        m.exec();
      }
      for (std::size_t i = 0; i < c.services.size(); ++i) {
        const auto& x = c.services[i];
        const std::string date = iso(x.date);
        sv.reset();
        sv.bindNoCopy(1, c.code);
        sv.bind(2, static_cast<int64_t>(i));
        bind_code(sv, 3, x.type);
        sv.bindNoCopy(4, x.provider);
        sv.bind(5, date);
        bind_code(sv, 6, x.outcome);
        sv.bindNoCopy(7, c.unit);
        sv.exec();
      }
      for (std::size_t i = 0; i < c.referrals.size(); ++i) {
        const auto& x = c.referrals[i];
        const std::string date = iso(x.date);
        r.reset();
        r.bindNoCopy(1, c.code);
        r.bind(2, static_cast<int64_t>(i));
        r.bindNoCopy(3, x.from);
        r.bindNoCopy(4, x.to);
        r.bind(5, date);
        bind_code(r, 6, x.status);
        bind_opt(r, 7, x.consent_override ? std::optional<std::string>(x.consent_override->by) : std::nullopt);
        bind_opt(r, 8, x.consent_override ? std::optional<std::string>(x.consent_override->reason) : std::nullopt);
        r.bindNoCopy(9, c.unit);
        r.exec();
      }
    }

   private:
    SQLite::Statement s, v, m, sv, r;
  };

  // Whole cases matching `where` (over `cases c`; ?1 is the root of
  // subtree_cte when the condition reads `sub`).
  std::vector<CaseRecord> select(const std::string& where, const std::function<void(SQLite::Statement&)>& bind,
                                 const char* limit = "") {
    std::vector<CaseRecord> out;
    SQLite::Statement s(db, std::string(subtree_cte) + case_columns + where + " ORDER BY intake_date, unit, code" + limit);
    bind(s);
    while (s.executeStep()) {
      CaseRecord c;
      c.code = s.getColumn(0).getString();
      c.unit = s.getColumn(1).getString();
      c.intake_date = date_of(s.getColumn(2));
      c.incident_date = opt_date(s.getColumn(3));
      c.receiving_body = code_of<ReceivingBody>(s.getColumn(4));
      c.channel = code_of<IntakeChannel>(s.getColumn(5));
      c.domestic_violence = s.getColumn(6).getInt() != 0;
      c.status = code_of<CaseStatus>(s.getColumn(7));
      c.closed_on = opt_date(s.getColumn(8));
      c.survivor.sex = code_of<Sex>(s.getColumn(9));
      c.survivor.age_group = code_of<AgeGroup>(s.getColumn(10));
      c.survivor.ethnic_minority = opt_flag(s.getColumn(11));
      c.survivor.disability = opt_flag(s.getColumn(12));
      c.survivor.migrant_worker = opt_flag(s.getColumn(13));
      c.perpetrator = code_of<Relationship>(s.getColumn(14));
      c.needs_help = s.getColumn(15).getInt() != 0;
      c.consent_services = s.getColumn(16).getInt() != 0;
      c.consent_sharing = s.getColumn(17).getInt() != 0;
      c.first_received_as = opt_text(s.getColumn(18));
      out.push_back(std::move(c));
    }
    if (out.empty()) return out;
    auto children = [&](const char* sql, auto row) {
      SQLite::Statement q(db, sql);
      for (auto& c : out) {
        q.reset();
        q.bind(1, c.unit);
        q.bind(2, c.code);
        while (q.executeStep()) row(c, q);
      }
    };
    children("SELECT type FROM case_violence WHERE case_unit = ? AND case_code = ? ORDER BY ord",
             [](CaseRecord& c, SQLite::Statement& q) { c.violence.push_back(code_of<ViolenceType>(q.getColumn(0))); });
    children("SELECT kind, start, end_date, authority, survivor_consent, life_threatened FROM case_measures "
             "WHERE case_unit = ? AND case_code = ? ORDER BY ord",
             [](CaseRecord& c, SQLite::Statement& q) {
               Measure m;
               m.kind = code_of<MeasureKind>(q.getColumn(0));
               m.start = date_of(q.getColumn(1));
               m.end = opt_date(q.getColumn(2));
               if (!q.getColumn(3).isNull()) m.authority = code_of<MeasureAuthority>(q.getColumn(3));
               m.survivor_consent = opt_flag(q.getColumn(4));
               m.life_threatened = q.getColumn(5).getInt() != 0;
               c.measures.push_back(m);
             });
    children("SELECT type, provider, date, outcome FROM case_services WHERE case_unit = ? AND case_code = ? ORDER BY ord",
             [](CaseRecord& c, SQLite::Statement& q) {
               c.services.push_back({code_of<ServiceType>(q.getColumn(0)), q.getColumn(1).getString(),
                                     date_of(q.getColumn(2)), code_of<ServiceOutcome>(q.getColumn(3))});
             });
    children("SELECT from_provider, to_provider, date, status, override_by, override_reason FROM case_referrals "
             "WHERE case_unit = ? AND case_code = ? ORDER BY ord",
             [](CaseRecord& c, SQLite::Statement& q) {
               Referral r;
               r.from = q.getColumn(0).getString();
               r.to = q.getColumn(1).getString();
               r.date = date_of(q.getColumn(2));
               r.status = code_of<ReferralStatus>(q.getColumn(3));
               if (!q.getColumn(4).isNull()) r.consent_override = ConsentOverride{q.getColumn(4).getString(), q.getColumn(5).getString()};
               c.referrals.push_back(r);
             });
    return out;
  }

  SQLite::Database& db;
  StatementCache& statements;
};

constexpr const char* layout_key = "case_cells_layout";

// Reads a cell's row (month, last_event, counts, days, events from column
// `first` on) into `cell`, reusing its buffers: summing cells reads thousands.
void read_cell(SQLite::Statement& s, int first, case_tally::EncodedCell& cell) {
  auto blob = [&](int i, std::string& out) {
    const SQLite::Column c = s.getColumn(i);
    out.assign(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
  };
  cell.month = s.getColumn(first).getText("");
  try {
    cell.last_event = opt_date(s.getColumn(first + 1));
  } catch (const Error&) {
    throw CorruptStore("a case aggregate cell is damaged (its last event is not a date); reopen the store writable to rebuild it");
  }
  blob(first + 2, cell.counts);
  blob(first + 3, cell.days);
  blob(first + 4, cell.events);
}

class SqliteCells final : public store_port::CellRepository {
 public:
  SqliteCells(SQLite::Database& d, StatementCache& c) : db(d), statements(c) {}

  std::optional<std::string> layout() override { return read_meta(db, layout_key); }
  void set_layout(const std::string& signature) override { write_meta(db, layout_key, signature); }
  void forget_layout() override { erase_meta(db, layout_key); }

  void each(std::string_view unit, bool subtree, const std::string& from_month, const std::string& to_month,
            const std::function<void(const case_tally::EncodedCell&)>& f) override {
    CachedStatement s(statements, subtree ? std::string(subtree_cte) +
        "SELECT month, last_event, counts, days, events FROM case_cells WHERE unit IN (SELECT code FROM sub) "
        "AND month BETWEEN ?2 AND ?3" :
        "SELECT month, last_event, counts, days, events FROM case_cells WHERE unit = ?1 AND month BETWEEN ?2 AND ?3");
    s.bind(1, std::string(unit));
    s.bind(2, from_month);
    s.bind(3, to_month);
    case_tally::EncodedCell cell;
    while (s.executeStep()) {
      read_cell(s.statement(), 0, cell);
      f(cell);
    }
  }

  void each(const std::function<void(const std::string& unit, const case_tally::EncodedCell&)>& f) override {
    SQLite::Statement s(db, "SELECT unit, month, last_event, counts, days, events FROM case_cells ORDER BY unit, month");
    case_tally::EncodedCell cell;
    while (s.executeStep()) {
      read_cell(s, 1, cell);
      f(s.getColumn(0).getString(), cell);
    }
  }

  void put(const std::string& unit, const case_tally::EncodedCell& cell) override {
    CachedStatement c(statements,
        "INSERT OR REPLACE INTO case_cells (unit, month, last_event, counts, days, events) VALUES (?, ?, ?, ?, ?, ?)");
    auto& s = c.statement();
    s.bind(1, unit);
    s.bind(2, cell.month);
    bind_opt(s, 3, cell.last_event);
    s.bind(4, cell.counts.data(), static_cast<int>(cell.counts.size()));
    s.bind(5, cell.days.data(), static_cast<int>(cell.days.size()));
    s.bind(6, cell.events.data(), static_cast<int>(cell.events.size()));
    s.exec();
  }

  void remove(const std::string& unit, const std::string& month) override {
    CachedStatement s(statements, "DELETE FROM case_cells WHERE unit = ? AND month = ?");
    s.bind(1, unit);
    s.bind(2, month);
    s.exec();
  }

  void clear() override { db.exec("DELETE FROM case_cells"); }

 private:
  SQLite::Database& db;
  StatementCache& statements;
};

}  // namespace

std::unique_ptr<store_port::CaseRepository> make_case_repository(SQLite::Database& db, StatementCache& statements) {
  return std::make_unique<SqliteCases>(db, statements);
}

std::unique_ptr<store_port::CellRepository> make_cell_repository(SQLite::Database& db, StatementCache& statements) {
  return std::make_unique<SqliteCells>(db, statements);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace kehoach
