// The case tally (src/cases/tally.hpp) and the audit chain
// (src/cases/audit_chain.hpp) driven directly, without a store: what one case
// counts, the encoding of a cell and its taking back to an earlier date, and
// the verification of a chain.

#include "cases/audit_chain.hpp"
#include "cases/tally.hpp"

#include <kehoach/error.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kehoach;

namespace {

Date day(const char* iso) { return parse_iso_date(iso); }

CaseRecord served_case() {
  CaseRecord c;
  c.code = "VL-1";
  c.unit = "00001";
  c.intake_date = day("2024-03-02");
  c.violence = {ViolenceType::form_physical, ViolenceType::form_physical, ViolenceType::form_sexual};
  c.needs_help = true;
  c.services = {{ServiceType::medical, "TYT", day("2024-03-12"), ServiceOutcome::provided},
                {ServiceType::legal_aid, "TGPL", day("2024-03-04"), ServiceOutcome::declined}};
  Referral done;
  done.from = "TYT";
  done.to = "CA";
  done.date = day("2024-03-20");
  done.status = ReferralStatus::done;
  Referral revoked = done;
  revoked.status = ReferralStatus::revoked;
  c.referrals = {done, revoked};
  return c;
}

const Count& cell_of(const CaseIndicators& x, const std::string& group, const std::string& category) {
  for (const auto& d : x.disaggregations) {
    if (d.name != group) continue;
    for (const auto& c : d.cells) {
      if (c.category == category) return c.count;
    }
  }
  FAIL("no cell " << group << "/" << category);
  throw;
}

}  // namespace

TEST_CASE("One case counts once per type, from its first provided service, with revoked referrals left out", "[cases][tally]") {
  case_tally::Tally t;
  t.add(served_case());
  CaseRecord seen_again = served_case();
  seen_again.first_received_as = "VL-0";  // counted where it was first received
  t.add(seen_again);
  const Period march{day("2024-03-01"), day("2024-03-31")};
  const auto x = case_tally::indicators_of(t, "00001", march, day("2024-03-31"));
  CHECK(x.cases.value == 1);
  CHECK(x.cases_with_service.value == 1);
  CHECK(x.help.numerator.value == 1);
  CHECK(x.referral_completion.numerator.value == 1);
  CHECK(x.referral_completion.denominator.value == 1);
  CHECK(x.median_days_to_first_service == 10.0);
  CHECK(cell_of(x, "violence_type", "form_physical").value == 1);
  CHECK(cell_of(x, "service_type", "medical").value == 1);
  CHECK(cell_of(x, "service_type", "legal_aid").value == 0);
  CHECK(cell_of(x, "days_to_first_service", "4_14").value == 1);
}

TEST_CASE("An encoded cell reads back as its tally, and its events take it back to an earlier date", "[cases][tally]") {
  case_tally::Tally t;
  t.add(served_case());
  const auto cell = case_tally::encode("2024-03", t);
  CHECK(cell.last_event == day("2024-03-20"));
  case_tally::Tally back;
  case_tally::add_counts(back, cell);
  CHECK(back.n == t.n);
  CHECK(back.days == t.days);
  // As of 15 March: the referral of the 20th is taken back, the service of the 12th stays.
  const long as_of = case_tally::day_number(day("2024-03-15"));
  case_tally::each_event(cell, [&](const case_tally::Event& e) {
    if (e.day > as_of) back.retract(e);
  });
  const auto x = case_tally::indicators_of(back, "00001", {day("2024-03-01"), day("2024-03-31")}, day("2024-03-15"));
  CHECK(x.cases_with_service.value == 1);
  CHECK(x.referral_completion.denominator.value == 0);
  // Order of events does not change a cell's canonical form; damage is refused.
  auto reversed = t;
  std::reverse(reversed.events.begin(), reversed.events.end());
  CHECK(case_tally::canonical(case_tally::encode("2024-03", reversed)) == case_tally::canonical(cell));
  auto damaged = cell;
  damaged.counts.pop_back();
  case_tally::Tally sink;
  CHECK_THROWS_AS(case_tally::add_counts(sink, damaged), CorruptStore);
}

TEST_CASE("The audit chain verifies entry by entry and names the first broken one", "[cases][audit]") {
  const std::string key = "a portal key of 32 bytes........";
  std::vector<audit_chain::StoredEntry> chain;
  std::string prev = audit_chain::genesis();
  for (std::int64_t seq = 1; seq <= 3; ++seq) {
    AuditEntry e{seq, "2026-12-01T08:00:00Z", "cw-1", Role::case_worker, "case.read", "00001:VL-" + std::to_string(seq), prev, ""};
    e.hash = audit_chain::entry_hash(e);
    prev = e.hash;
    chain.push_back({e, "case_worker", audit_chain::mac(key, e.hash)});
  }
  auto verify = [&](const std::vector<audit_chain::StoredEntry>& entries, const std::string& k) {
    audit_chain::Verifier v(k);
    for (const auto& e : entries) {
      if (!v.add(e)) break;
    }
    return v.finish();
  };
  const auto whole = verify(chain, key);
  CHECK(whole.intact);
  CHECK(whole.entries == 3);
  CHECK(whole.macs_checked == 3);
  CHECK(whole.head == prev);
  auto changed = chain;
  changed[1].entry.detail = "00001:VL-9";
  const auto broken = verify(changed, key);
  CHECK_FALSE(broken.intact);
  CHECK(broken.first_broken == 2);
  CHECK(broken.reason == "the entry's content does not match its hash");
  CHECK_FALSE(verify(chain, "another key of 32 bytes.........").intact);
  auto unsigned_tail = chain;
  unsigned_tail.back().mac.reset();
  CHECK(verify(unsigned_tail, key).first_broken == 3);
  CHECK(audit_chain::case_key(served_case()) == "00001:VL-1");
  CHECK(audit_chain::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
