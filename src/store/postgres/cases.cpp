// The PostgreSQL repositories of case records and of their cells. The case
// tables are keyed by unit and code (schema version 8); each case's violence
// types, measures, services and referrals are rows of their own tables, in
// order.

#include "store/postgres/rows.hpp"
#include "store/postgres/storage.hpp"
#include "store/stored_text.hpp"

#include <map>

namespace kehoach {
inline namespace v1 {
namespace postgres {

namespace {

using store_text::each_part;
using store_text::split_event;

constexpr const char* case_columns =
    "SELECT code, unit, intake_date, incident_date, receiving_body, channel, domestic_violence, status, closed_on, sex, "
    "age_group, ethnic_minority, disability, migrant_worker, perpetrator, needs_help, consent_services, "
    "consent_sharing, first_received_as FROM cases c WHERE ";

class PgCases final : public store_port::CaseRepository {
 public:
  explicit PgCases(Connection& c) : c_(c) {}

  // Pipelined (Connection::queue): a case whose unit and code are taken is
  // told by its INSERT returning no row, read when the queue is flushed.
  std::optional<std::size_t> insert(std::span<const CaseRecord> cases) override {
    (void)c_.take_empty_tag();
    for (std::size_t i = 0; i < cases.size(); ++i) {
      write(cases[i], static_cast<int>(i));
      if (const auto taken = c_.take_empty_tag()) return static_cast<std::size_t>(*taken);
    }
    c_.flush();
    if (const auto taken = c_.take_empty_tag()) return static_cast<std::size_t>(*taken);
    return std::nullopt;
  }

  void remove(std::string_view unit, std::string_view code) override {
    // The child rows go with the case (ON DELETE CASCADE).
    c_.exec("DELETE FROM cases WHERE unit = $1 AND code = $2", {p(unit), p(code)});
  }

  std::optional<CaseRecord> find(std::string_view unit, std::string_view code) override {
    auto found = select("c.unit = $1 AND c.code = $2", {p(unit), p(code)}, false);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }

  std::vector<CaseRecord> with_code(std::string_view root, std::string_view code) override {
    return select("c.code = $2 AND c.unit IN (SELECT code FROM sub)", {p(root), p(code)}, true);
  }

  std::vector<CaseRecord> in_subtree(std::string_view root, const Period& intake) override {
    return select("c.unit IN (SELECT code FROM sub) AND c.intake_date BETWEEN $2 AND $3",
                  {p(root), p(intake.start), p(intake.end)}, true);
  }

  std::vector<CaseRecord> page(std::string_view root, Date from, Date to, std::string_view status,
                               std::string_view after_intake, std::string_view after_unit, std::string_view after_code,
                               std::size_t limit) override {
    return select("c.unit IN (SELECT code FROM sub) AND c.intake_date BETWEEN $2 AND $3 AND ($4 = '' OR c.status = $4) "
                  "AND (c.intake_date, c.unit, c.code) > ($5, $6, $7)",
                  {p(root), p(from), p(to), p(status), p(after_intake), p(after_unit), p(after_code),
                   p(static_cast<std::int64_t>(limit))},
                  true, " LIMIT $8");
  }

  std::vector<CaseRecord> all() override { return select("true", {}, false); }

  bool any() override { return c_.exec("SELECT 1 FROM cases LIMIT 1").rows() > 0; }

  bool any_in_subtree(std::string_view root) override {
    return c_.exec(std::string(subtree_cte) + "SELECT 1 FROM cases WHERE unit IN (SELECT code FROM sub) LIMIT 1", {p(root)})
               .rows() > 0;
  }

  std::vector<std::string> units() override {
    std::vector<std::string> out;
    each_row(c_.exec("SELECT DISTINCT unit FROM cases ORDER BY unit"), [&](const Row& r) { out.push_back(r.text(0)); });
    return out;
  }

  // Each case is read once, with what the tally needs of its child rows, in
  // one statement rather than one per child table and case.
  void each_counted(std::string_view unit, bool subtree, Date from, Date to, Date as_of,
                    const std::function<void(const CaseRecord&)>& f) override {
    const auto r = c_.exec(std::string(subtree_cte) +
        "SELECT c.unit, c.intake_date, c.needs_help, c.sex, c.age_group, c.ethnic_minority, c.disability, "
        "c.migrant_worker, c.receiving_body, c.channel, "
        "(SELECT string_agg(v.type, ',' ORDER BY v.ord) FROM case_violence v WHERE v.case_unit = c.unit AND v.case_code = c.code), "
        "(SELECT string_agg(v.type || ' ' || v.date, ',' ORDER BY v.ord) FROM case_services v WHERE v.case_unit = c.unit "
        "AND v.case_code = c.code AND v.outcome = 'provided' AND v.date <= $4), "
        "(SELECT string_agg(r.status || ' ' || r.date, ',' ORDER BY r.ord) FROM case_referrals r WHERE r.case_unit = c.unit "
        "AND r.case_code = c.code AND r.date <= $4) "
        "FROM cases c WHERE " + std::string(subtree ? "c.unit IN (SELECT code FROM sub)" : "c.unit = $1") +
        " AND c.intake_date BETWEEN $2 AND $3 AND c.intake_date <= $4 AND c.first_received_as IS NULL",
        {p(unit), p(from), p(to), p(as_of)});
    CaseRecord c;
    each_row(r, [&](const Row& s) {
      c.unit = s.text(0);
      c.intake_date = s.date(1);
      c.needs_help = s.flag(2);
      c.survivor = Survivor{s.code<Sex>(3), s.code<AgeGroup>(4), s.opt_flag(5), s.opt_flag(6), s.opt_flag(7)};
      c.receiving_body = s.code<ReceivingBody>(8);
      c.channel = s.code<IntakeChannel>(9);
      c.violence.clear();
      c.services.clear();
      c.referrals.clear();
      each_part(s.view(10), [&](std::string_view type) { c.violence.push_back(store_text::code<ViolenceType>(type)); });
      each_part(s.view(11), [&](std::string_view item) {
        const auto [type, date] = split_event(item);
        c.services.push_back(Service{store_text::code<ServiceType>(type), {}, parse_iso_date(date), ServiceOutcome::provided});
      });
      each_part(s.view(12), [&](std::string_view item) {
        const auto [status, date] = split_event(item);
        Referral ref;
        ref.status = store_text::code<ReferralStatus>(status);
        ref.date = parse_iso_date(date);
        c.referrals.push_back(std::move(ref));
      });
      f(c);
    });
  }

 private:
  // Queues one case and its child rows; when its unit and code are taken,
  // the case's INSERT returns no row and `tag` is kept (the caller rolls
  // back: the child rows may have been written to the case already there).
  void write(const CaseRecord& c, int tag) {
    c_.queue(
        "INSERT INTO cases (code, unit, intake_date, incident_date, receiving_body, channel, domestic_violence, status, "
        "closed_on, sex, age_group, ethnic_minority, disability, migrant_worker, perpetrator, needs_help, "
        "consent_services, consent_sharing, first_received_as) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
        "$13, $14, $15, $16, $17, $18, $19) ON CONFLICT (code, unit) DO NOTHING RETURNING 1",
        {c.code, c.unit, p(c.intake_date), p(c.incident_date), p(c.receiving_body), p(c.channel), flag(c.domestic_violence),
         p(c.status), p(c.closed_on), p(c.survivor.sex), p(c.survivor.age_group), flag(c.survivor.ethnic_minority),
         flag(c.survivor.disability), flag(c.survivor.migrant_worker), p(c.perpetrator), flag(c.needs_help),
         flag(c.consent_services), flag(c.consent_sharing), p(c.first_received_as)},
        tag);
    for (std::size_t i = 0; i < c.violence.size(); ++i) {
      c_.queue("INSERT INTO case_violence (case_code, ord, type, case_unit) VALUES ($1, $2, $3, $4)",
              {c.code, p(i), p(c.violence[i]), c.unit});
    }
    for (std::size_t i = 0; i < c.measures.size(); ++i) {
      const auto& x = c.measures[i];
      c_.queue("INSERT INTO case_measures (case_code, ord, kind, start, end_date, authority, survivor_consent, life_threatened, "
              "case_unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
              {c.code, p(i), p(x.kind), p(x.start), p(x.end), p(x.authority), flag(x.survivor_consent),
               flag(x.life_threatened), c.unit});
    }
    for (std::size_t i = 0; i < c.services.size(); ++i) {
      const auto& x = c.services[i];
      c_.queue("INSERT INTO case_services (case_code, ord, type, provider, date, outcome, case_unit) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7)",
              {c.code, p(i), p(x.type), x.provider, p(x.date), p(x.outcome), c.unit});
    }
    for (std::size_t i = 0; i < c.referrals.size(); ++i) {
      const auto& x = c.referrals[i];
      c_.queue("INSERT INTO case_referrals (case_code, ord, from_provider, to_provider, date, status, override_by, "
              "override_reason, case_unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
              {c.code, p(i), x.from, x.to, p(x.date), p(x.status),
               x.consent_override ? Param(x.consent_override->by) : Param{},
               x.consent_override ? Param(x.consent_override->reason) : Param{}, c.unit});
    }
    }

  // Whole cases matching `where` (over `cases c`; $1 is the root of
  // subtree_cte when `subtree`), with their child rows read in one query
  // per child table.
  std::vector<CaseRecord> select(const std::string& where, const std::vector<Param>& args, bool subtree,
                                 const char* limit = "") {
    std::vector<CaseRecord> out;
    const std::string head = subtree ? std::string(subtree_cte) : std::string();
    // With a limit, the child rows are those of the same first cases.
    const std::string matching = head + "SELECT c.unit, c.code FROM cases c WHERE " + where +
                                 (*limit ? std::string(" ORDER BY c.intake_date, c.unit, c.code") + limit : std::string());
    each_row(c_.exec(head + case_columns + where + " ORDER BY intake_date, unit, code" + limit, args), [&](const Row& s) {
      CaseRecord c;
      c.code = s.text(0);
      c.unit = s.text(1);
      c.intake_date = s.date(2);
      c.incident_date = s.opt_date(3);
      c.receiving_body = s.code<ReceivingBody>(4);
      c.channel = s.code<IntakeChannel>(5);
      c.domestic_violence = s.flag(6);
      c.status = s.code<CaseStatus>(7);
      c.closed_on = s.opt_date(8);
      c.survivor.sex = s.code<Sex>(9);
      c.survivor.age_group = s.code<AgeGroup>(10);
      c.survivor.ethnic_minority = s.opt_flag(11);
      c.survivor.disability = s.opt_flag(12);
      c.survivor.migrant_worker = s.opt_flag(13);
      c.perpetrator = s.code<Relationship>(14);
      c.needs_help = s.flag(15);
      c.consent_services = s.flag(16);
      c.consent_sharing = s.flag(17);
      c.first_received_as = s.opt_text(18);
      out.push_back(std::move(c));
    });
    if (out.empty()) return out;
    std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < out.size(); ++i) index.emplace(std::pair{out[i].unit, out[i].code}, i);
    // The child rows of the matching cases, keyed by unit and code (columns 0 and 1).
    auto children = [&](const std::string& columns, const char* table, auto row) {
      each_row(c_.exec(matching.substr(0, head.size()) + "SELECT x.case_unit, x.case_code, " + columns + " FROM " + table +
                           " x JOIN (" + matching.substr(head.size()) + ") m ON m.unit = x.case_unit AND m.code = x.case_code "
                           "ORDER BY x.case_unit, x.case_code, x.ord",
                       args),
               [&](const Row& s) {
                 const auto it = index.find(std::pair{s.text(0), s.text(1)});
                 if (it == index.end()) throw CorruptStore("a case's child row has no case");
                 row(out[it->second], s);
               });
    };
    children("x.type", "case_violence", [](CaseRecord& c, const Row& s) { c.violence.push_back(s.code<ViolenceType>(2)); });
    children("x.kind, x.start, x.end_date, x.authority, x.survivor_consent, x.life_threatened", "case_measures",
             [](CaseRecord& c, const Row& s) {
               Measure m;
               m.kind = s.code<MeasureKind>(2);
               m.start = s.date(3);
               m.end = s.opt_date(4);
               if (!s.null(5)) m.authority = s.code<MeasureAuthority>(5);
               m.survivor_consent = s.opt_flag(6);
               m.life_threatened = s.flag(7);
               c.measures.push_back(m);
             });
    children("x.type, x.provider, x.date, x.outcome", "case_services", [](CaseRecord& c, const Row& s) {
      c.services.push_back({s.code<ServiceType>(2), s.text(3), s.date(4), s.code<ServiceOutcome>(5)});
    });
    children("x.from_provider, x.to_provider, x.date, x.status, x.override_by, x.override_reason", "case_referrals",
             [](CaseRecord& c, const Row& s) {
               Referral r;
               r.from = s.text(2);
               r.to = s.text(3);
               r.date = s.date(4);
               r.status = s.code<ReferralStatus>(5);
               if (!s.null(6)) r.consent_override = ConsentOverride{s.text(6), s.text(7)};
               c.referrals.push_back(r);
             });
    return out;
  }

  Connection& c_;
};

constexpr const char* layout_key = "case_cells_layout";

// Reads a cell's row (month, last_event, counts, days, events from column
// `first` on) into `cell`, reusing its buffers: summing cells reads thousands.
void read_cell(const Row& s, int first, case_tally::EncodedCell& cell) {
  cell.month.assign(s.view(first));
  try {
    cell.last_event = s.opt_date(first + 1);
  } catch (const Error&) {
    throw CorruptStore("a case aggregate cell is damaged (its last event is not a date); reopen the store writable to rebuild it");
  }
  bytea_value(s.view(first + 2), cell.counts);
  bytea_value(s.view(first + 3), cell.days);
  bytea_value(s.view(first + 4), cell.events);
}

class PgCells final : public store_port::CellRepository {
 public:
  explicit PgCells(Connection& c) : c_(c) {}

  std::optional<std::string> layout() override { return read_meta(c_, layout_key); }
  void set_layout(const std::string& signature) override { write_meta(c_, layout_key, signature); }
  void forget_layout() override { erase_meta(c_, layout_key); }

  void each(std::string_view unit, bool subtree, const std::string& from_month, const std::string& to_month,
            const std::function<void(const case_tally::EncodedCell&)>& f) override {
    const auto r = c_.exec(subtree ? std::string(subtree_cte) +
        "SELECT month, last_event, counts, days, events FROM case_cells WHERE unit IN (SELECT code FROM sub) "
        "AND month BETWEEN $2 AND $3" :
        "SELECT month, last_event, counts, days, events FROM case_cells WHERE unit = $1 AND month BETWEEN $2 AND $3",
        {p(unit), from_month, to_month});
    case_tally::EncodedCell cell;
    each_row(r, [&](const Row& s) {
      read_cell(s, 0, cell);
      f(cell);
    });
  }

  void each(const std::function<void(const std::string& unit, const case_tally::EncodedCell&)>& f) override {
    const auto r = c_.exec("SELECT unit, month, last_event, counts, days, events FROM case_cells ORDER BY unit, month");
    case_tally::EncodedCell cell;
    each_row(r, [&](const Row& s) {
      read_cell(s, 1, cell);
      f(s.text(0), cell);
    });
  }

  void put(const std::string& unit, const case_tally::EncodedCell& cell) override {
    c_.queue("INSERT INTO case_cells (unit, month, last_event, counts, days, events) VALUES ($1, $2, $3, $4, $5, $6) "
            "ON CONFLICT (unit, month) DO UPDATE SET last_event = EXCLUDED.last_event, counts = EXCLUDED.counts, "
            "days = EXCLUDED.days, events = EXCLUDED.events",
            {unit, cell.month, p(cell.last_event), bytea_param(cell.counts), bytea_param(cell.days),
             bytea_param(cell.events)});
  }

  void remove(const std::string& unit, const std::string& month) override {
    c_.exec("DELETE FROM case_cells WHERE unit = $1 AND month = $2", {unit, month});
  }

  void clear() override { c_.exec("DELETE FROM case_cells"); }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<store_port::CaseRepository> make_case_repository(Connection& c) { return std::make_unique<PgCases>(c); }

std::unique_ptr<store_port::CellRepository> make_cell_repository(Connection& c) { return std::make_unique<PgCells>(c); }

}  // namespace postgres
}  // namespace v1
}  // namespace kehoach
