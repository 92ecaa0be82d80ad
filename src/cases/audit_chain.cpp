// The audit trail's rules (cases/audit_chain.hpp).

#include "cases/audit_chain.hpp"

#include <kehoach/error.hpp>
#include <kehoach/text.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace kehoach {
inline namespace v1 {
namespace audit_chain {

std::string to_hex(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xf]);
  }
  return out;
}

// The SHA-256 of `data`, 32 bytes appended to `out`.
void sha256_into(std::string_view data, std::string& out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw InternalError("SHA-256 failed (OpenSSL)");
  }
  out.append(reinterpret_cast<const char*>(digest), length);
}

std::string sha256_hex(std::string_view data) {
  std::string raw;
  sha256_into(data, raw);
  return to_hex(raw);
}

const std::string& genesis() {
  static const std::string zeros(64, '0');
  return zeros;
}

namespace {

std::string entry_content(const AuditEntry& e) {
  return std::to_string(e.seq) + "\n" + e.at + "\n" + e.principal + "\n" + std::string(to_code(e.role)) + "\n" +
         e.action + "\n" + e.detail;
}

}  // namespace

std::string entry_hash(const AuditEntry& e) { return sha256_hex(e.prev_hash + "\n" + entry_content(e)); }

// HMAC-SHA256 of an entry's hash under the portal's key, in hex.
std::string mac(std::string_view key, std::string_view hash) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(hash.data()),
           hash.size(), digest, &length) == nullptr) {
    throw InternalError("HMAC-SHA256 failed (OpenSSL)");
  }
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

// A case is identified by its unit and its code (schema 8): `unit:code`.
// Neither may hold ':' (case codes are letters, digits and - _ . /).
std::string case_key(const CaseRecord& c) { return c.unit + ":" + c.code; }

// The canonical content of a case whose SHA-256 the audit trail keeps: every
// stored field in a fixed order, each written as its length, ':' and its
// bytes, an absent value as '-', each list as its length first, so that no
// two different cases have the same content whatever their free text holds.
// The version mark first: a later layout cannot be mistaken for this one.
std::string case_content(const CaseRecord& c) {
  std::string out = "kehoach-case-2;";
  auto field = [&](std::string_view v) {
    out += std::to_string(v.size());
    out.push_back(':');
    out.append(v);
  };
  auto absent = [&] { out.push_back('-'); };
  auto opt = [&](const std::optional<std::string>& v) { v ? field(*v) : absent(); };
  auto flag = [&](const std::optional<bool>& v) { v ? field(*v ? "1" : "0") : absent(); };
  auto date = [&](const std::optional<Date>& d) { d ? field(format_iso_date(*d)) : absent(); };
  auto list = [&](std::size_t n) { out += "#" + std::to_string(n) + ";"; };
  field(c.unit);
  field(c.code);
  date(c.intake_date);
  date(c.incident_date);
  field(to_code(c.receiving_body));
  field(to_code(c.channel));
  field(c.domestic_violence ? "1" : "0");
  field(to_code(c.status));
  date(c.closed_on);
  field(to_code(c.survivor.sex));
  field(to_code(c.survivor.age_group));
  flag(c.survivor.ethnic_minority);
  flag(c.survivor.disability);
  flag(c.survivor.migrant_worker);
  field(to_code(c.perpetrator));
  field(c.needs_help ? "1" : "0");
  field(c.consent_services ? "1" : "0");
  field(c.consent_sharing ? "1" : "0");
  opt(c.first_received_as);
  list(c.violence.size());
  for (const auto& v : c.violence) field(to_code(v));
  list(c.measures.size());
  for (const auto& m : c.measures) {
    field(to_code(m.kind));
    date(m.start);
    date(m.end);
    m.authority ? field(to_code(*m.authority)) : absent();
    flag(m.survivor_consent);
    field(m.life_threatened ? "1" : "0");
  }
  list(c.services.size());
  for (const auto& x : c.services) {
    field(to_code(x.type));
    field(x.provider);
    date(x.date);
    field(to_code(x.outcome));
  }
  list(c.referrals.size());
  for (const auto& r : c.referrals) {
    field(r.from);
    field(r.to);
    date(r.date);
    field(to_code(r.status));
    opt(r.consent_override ? std::optional<std::string>(r.consent_override->by) : std::nullopt);
    opt(r.consent_override ? std::optional<std::string>(r.consent_override->reason) : std::nullopt);
  }
  return out;
}

bool Verifier::add(StoredEntry stored) {
  AuditEntry& e = stored.entry;
  const auto role = from_code<Role>(stored.role);
  ++v_.entries;
  auto broken = [&](std::string reason) {
    v_.intact = false;
    v_.first_broken = e.seq;
    v_.reason = std::move(reason);
  };
  if (e.seq != expected_) broken("entry " + std::to_string(expected_) + " is missing");
  else if (!role) broken("the role is not a known role");
  else if (e.prev_hash != prev_) broken("the link to the previous entry does not match");
  else {
    e.role = *role;
    if (entry_hash(e) != e.hash) broken("the entry's content does not match its hash");
  }
  if (v_.intact && !key_.empty()) {
    if (stored.mac) {
      ++v_.macs_checked;
      if (*stored.mac != mac(key_, e.hash)) broken("the entry's MAC does not match the key");
      keyed_ = true;
    } else if (keyed_) {
      broken("the entry carries no MAC although earlier entries do");
    }
  }
  last_has_mac_ = stored.mac.has_value();
  if (!v_.intact) return false;
  prev_ = e.hash;
  ++expected_;
  return true;
}

AuditVerification Verifier::finish() {
  // The last entry's MAC vouches for the whole chain before it: without it,
  // a chain rewritten with recomputed hashes would verify.
  if (v_.intact && !key_.empty() && v_.entries > 0 && !last_has_mac_) {
    v_.intact = false;
    v_.first_broken = v_.entries;
    v_.reason = "the last entry carries no MAC: the trail was not written with this key, or was rewritten";
  }
  v_.head = prev_;
  return v_;
}

}  // namespace audit_chain

// A case's version is the content hash its audited writes keep.
std::string case_version(const CaseRecord& c) { return audit_chain::sha256_hex(audit_chain::case_content(c)); }

}  // namespace v1
}  // namespace kehoach
