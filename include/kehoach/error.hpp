#pragma once

#include <kehoach/export.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// The kind of a failure. The numbering is stable: the C ABI and the Python
/// exceptions map onto it one to one.
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
};

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

class KEHOACH_API NotFound : public Error {
 public:
  explicit NotFound(const std::string& message);
};

class KEHOACH_API Conflict : public Error {
 public:
  explicit Conflict(const std::string& message);
};

class KEHOACH_API PermissionDenied : public Error {
 public:
  explicit PermissionDenied(const std::string& message);
};

class KEHOACH_API StoreError : public Error {
 public:
  StoreError(ErrorCode code, const std::string& message);
};

class KEHOACH_API VersionError : public Error {
 public:
  explicit VersionError(const std::string& message);
};

}  // namespace v1
}  // namespace kehoach
