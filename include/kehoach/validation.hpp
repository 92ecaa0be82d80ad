#pragma once

#include <kehoach/error.hpp>
#include <kehoach/plan.hpp>

#include <vector>

namespace kehoach {
inline namespace v1 {

/// Checks every rule of the model on `plan` and returns all findings, errors
/// and warnings, each with the JSON pointer of the field in the plan document
/// (`/targets/1/milestones/0/value`). Never throws for a bad plan.
///
/// Errors: duplicate ids, references to undefined units, agencies, tasks or
/// funding sources, a task that is its own ancestor, milestones out of order,
/// a percent above 100, days that do not exist, an empty document number,
/// text that is not valid UTF-8 or not in NFC, …
/// Warnings: what the source itself got wrong or left out, kept as written:
/// a known slip ("tối tiểu"), a deadline year outside the plan period, a
/// missing number or issue date, a provisional unit code, a reporting duty
/// without a deadline.
KEHOACH_API std::vector<Diagnostic> validate(const Plan& plan);

/// The errors among `diagnostics`.
KEHOACH_API std::vector<Diagnostic> errors_of(const std::vector<Diagnostic>& diagnostics);

/// The warnings among `diagnostics`.
KEHOACH_API std::vector<Diagnostic> warnings_of(const std::vector<Diagnostic>& diagnostics);

/// Throws ValidationError with every error when `plan` has any; returns its
/// warnings otherwise.
KEHOACH_API std::vector<Diagnostic> check(const Plan& plan);

}  // namespace v1
}  // namespace kehoach
