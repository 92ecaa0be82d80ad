#pragma once

#include <kehoach/export.hpp>

#include <string>

namespace kehoach {
inline namespace v1 {

/// What a principal may do with case data.
/// - case_worker: reads and writes case-level records of its unit and below;
/// - officer: sees only aggregates of its unit and below, after disclosure control;
/// - auditor: reads and verifies the audit trail.
enum class Role { case_worker, officer, auditor };

/// Who is acting. Every call that touches case data takes one; the library
/// checks the role and the unit itself.
struct Principal {
  std::string id;    ///< a user id (pseudonymous), recorded in the audit trail
  Role role = Role::officer;
  std::string unit;  ///< administrative unit code the principal works for
  /// May make a referral without the survivor's consent to services; each
  /// use is recorded with who and why.
  bool can_override_consent = false;
};

}  // namespace v1
}  // namespace kehoach
