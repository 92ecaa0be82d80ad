#pragma once

// The audit trail's rules (docs/privacy.md): how an entry is hashed into the
// chain, its MAC under the portal's key, the content hash of a case that
// audited writes keep, and the verification of a chain. Pure: the store
// reads and writes the entries and hands them here.

#include <kehoach/cases.hpp>
#include <kehoach/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kehoach {
inline namespace v1 {
namespace audit_chain {

/// Bytes as lower-case hex digits.
std::string to_hex(std::string_view bytes);
/// The SHA-256 of `data`, 32 bytes appended to `out`.
void sha256_into(std::string_view data, std::string& out);
/// The SHA-256 of `data` in hex.
std::string sha256_hex(std::string_view data);

/// The previous hash of the first entry.
const std::string& genesis();
/// The hash of `e` in the chain: over its previous hash and its content.
std::string entry_hash(const AuditEntry& e);
/// HMAC-SHA256 of an entry's hash under the portal's key, in hex.
std::string mac(std::string_view key, std::string_view hash);

/// A case is identified by its unit and its code: `unit:code`.
std::string case_key(const CaseRecord& c);
/// The canonical content of a case whose SHA-256 the trail keeps: every
/// stored field in a fixed order, each as its length, ':' and its bytes, so
/// that no two different cases have the same content.
std::string case_content(const CaseRecord& c);

/// An entry as stored: its role as the stored text (a role this library does
/// not know breaks the chain), and its MAC when it carries one.
struct StoredEntry {
  AuditEntry entry;
  std::string role;
  std::optional<std::string> mac;
};

/// Verifies a chain entry by entry, in order of seq, without holding it.
class Verifier {
 public:
  /// `key`: the handle's audit key (empty: MACs are not checked).
  explicit Verifier(std::string key) : key_(std::move(key)) {}
  /// Checks the next entry; false once the chain is broken (stop reading).
  bool add(StoredEntry e);
  /// The result, once every entry was added (or add returned false).
  AuditVerification finish();

 private:
  std::string key_;
  AuditVerification v_;
  std::string prev_ = genesis();
  std::int64_t expected_ = 1;
  bool keyed_ = false;  ///< an entry with a MAC was seen
  bool last_has_mac_ = false;
};

}  // namespace audit_chain
}  // namespace v1
}  // namespace kehoach
