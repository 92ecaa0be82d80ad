#pragma once

#include <kehoach/export.hpp>

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// The kind of a failure. The numbering is stable and only grows: the C ABI
/// (status = -code), the Python exceptions and the CLI's exit codes map onto
/// it through one table, `error_table()`.
enum class ErrorCode : int {
  invalid_argument = 1,
  parse = 2,
  validation = 3,
  not_found = 4,
  conflict = 5,
  permission_denied = 6,
  io = 7,
  corrupt_store = 8,
  unsupported_version = 9,
  internal = 10,
  no_memory = 11,  ///< carried by no Error: C++ throws std::bad_alloc
  busy = 12,       ///< another writer holds the store: retry
};

/// One row of the error table: what each face makes of a code.
struct ErrorInfo {
  ErrorCode code;
  std::string_view name;              ///< "busy"
  std::string_view cpp_class;         ///< "kehoach::Busy"
  int c_status;                       ///< KH_E_BUSY = -12
  std::string_view c_name;            ///< "KH_E_BUSY"
  std::string_view python_exception;  ///< "BusyError" (in kehoach.errors, or a builtin)
  int cli_exit;                       ///< the CLI's exit code (1 data, 2 usage, 3 store)
  bool retryable;                     ///< the same call may succeed later, unchanged
  std::string_view meaning;           ///< one line of English
};

/// Every code, in numbering order. The C ABI, the Python module and the CLI
/// read it; docs/errors.md prints it.
KEHOACH_API std::span<const ErrorInfo> error_table() noexcept;
/// The row of `code`; the row of `internal` for a value outside the table.
KEHOACH_API const ErrorInfo& error_info(ErrorCode code) noexcept;
/// Whether a failure with this code may go away when the call is repeated.
inline bool is_retryable(ErrorCode code) noexcept { return error_info(code).retryable; }

/// How serious a finding about a document is.
enum class Severity { error, warning };

/// One finding of validation: where (a JSON pointer such as
/// `/targets/1/milestones/0/value`), what, and how serious.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string path;
  std::string message;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// "path: message", the form every error message of the library takes.
KEHOACH_API std::string to_string(const Diagnostic& diagnostic);

/// The root of every exception the library throws.
class KEHOACH_API Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message);
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

/// A bad argument to an API call (not a bad document).
class KEHOACH_API InvalidArgument : public Error {
 public:
  explicit InvalidArgument(const std::string& message);
};

/// Input that could not be read at all: malformed JSON, invalid UTF-8, a
/// date that is not a date. `path()` names the field where one is known.
class KEHOACH_API ParseError : public Error {
 public:
  ParseError(std::string path, const std::string& message);
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// A document that was read but breaks a rule of the model. Holds every error
/// found (not only the first), each with its field path; `what()` and
/// `path()` describe the first.
class KEHOACH_API ValidationError : public Error {
 public:
  explicit ValidationError(std::vector<Diagnostic> errors);
  ValidationError(std::string path, const std::string& message);
  const std::string& path() const noexcept { return errors_.front().path; }
  const std::vector<Diagnostic>& errors() const noexcept { return errors_; }

 private:
  std::vector<Diagnostic> errors_;
};

/// No such plan, unit, case or record.
class KEHOACH_API NotFound : public Error {
 public:
  explicit NotFound(const std::string& message);
};

/// Already there: a plan, case or record that exists. Permanent; repeating
/// the call does not help (for "busy" see Busy).
class KEHOACH_API Conflict : public Error {
 public:
  explicit Conflict(const std::string& message);
};

/// The principal's role or unit does not allow the call.
class KEHOACH_API PermissionDenied : public Error {
 public:
  explicit PermissionDenied(const std::string& message);
};

/// A failure of the storage itself: the base of IoError, CorruptStore and Busy.
class KEHOACH_API StoreError : public Error {
 protected:
  StoreError(ErrorCode code, const std::string& message);
};

/// A file (the store, an input or an output) cannot be opened, read or
/// written; a write to a store opened read-only.
class KEHOACH_API IoError : public StoreError {
 public:
  explicit IoError(const std::string& message);
};

/// The file is not a kehoach store, or it is damaged.
class KEHOACH_API CorruptStore : public StoreError {
 public:
  explicit CorruptStore(const std::string& message);
};

/// Another writer holds the store longer than the busy timeout. Retryable:
/// nothing was written, and the same call may succeed later.
class KEHOACH_API Busy : public StoreError {
 public:
  explicit Busy(const std::string& message);
};

/// A store or document of a newer version than this library.
class KEHOACH_API VersionError : public Error {
 public:
  explicit VersionError(const std::string& message);
};

/// A broken invariant inside the library: a bug to report.
class KEHOACH_API InternalError : public Error {
 public:
  explicit InternalError(const std::string& message);
};

/// Throws the class of `code` (InvalidArgument for invalid_argument, …;
/// std::bad_alloc for no_memory). ParseError and ValidationError get an empty
/// path.
[[noreturn]] KEHOACH_API void throw_error(ErrorCode code, const std::string& message);

}  // namespace v1
}  // namespace kehoach
