// The exceptions of the library and the one table that maps their codes onto
// the C statuses, the Python exceptions and the CLI's exit codes.
#include <kehoach/error.hpp>
#include <kehoach/text.hpp>

#include <iterator>
#include <new>

namespace kehoach {
inline namespace v1 {

std::string to_string(const Diagnostic& d) {
  return d.path.empty() ? d.message : d.path + ": " + d.message;
}

namespace {
// Every message is valid UTF-8 and bounded, whatever input it quotes: a 50 MB
// identifier must not become a 50 MB message, nor a bad byte an invalid one.
constexpr std::size_t message_cap = 1000;
std::string fit(const std::string& message) { return printable_excerpt(message, message_cap); }
}  // namespace

Error::Error(ErrorCode code, const std::string& message)
    : std::runtime_error(fit(message)), code_(code) {}

InvalidArgument::InvalidArgument(const std::string& message)
    : Error(ErrorCode::invalid_argument, message) {}

ParseError::ParseError(std::string path, const std::string& message)
    : Error(ErrorCode::parse, path.empty() ? message : path + ": " + message),
      path_(fit(path)) {}

namespace {
std::string first_message(const std::vector<Diagnostic>& errors) {
  if (errors.empty()) return "validation failed";
  std::string m = to_string(errors.front());
  if (errors.size() > 1) m += " (and " + std::to_string(errors.size() - 1) + " more errors)";
  return m;
}
}  // namespace

ValidationError::ValidationError(std::vector<Diagnostic> errors)
    : Error(ErrorCode::validation, first_message(errors)), errors_(std::move(errors)) {
  if (errors_.empty()) errors_.push_back({Severity::error, "", "validation failed"});
  for (auto& d : errors_) {
    d.path = fit(d.path);
    d.message = fit(d.message);
  }
}

ValidationError::ValidationError(std::string path, const std::string& message)
    : ValidationError(std::vector<Diagnostic>{{Severity::error, std::move(path), message}}) {}

NotFound::NotFound(const std::string& message) : Error(ErrorCode::not_found, message) {}
Conflict::Conflict(const std::string& message) : Error(ErrorCode::conflict, message) {}
PermissionDenied::PermissionDenied(const std::string& message)
    : Error(ErrorCode::permission_denied, message) {}
StoreError::StoreError(ErrorCode code, const std::string& message) : Error(code, message) {}
IoError::IoError(const std::string& message) : StoreError(ErrorCode::io, message) {}
CorruptStore::CorruptStore(const std::string& message) : StoreError(ErrorCode::corrupt_store, message) {}
Busy::Busy(const std::string& message) : StoreError(ErrorCode::busy, message) {}
VersionError::VersionError(const std::string& message)
    : Error(ErrorCode::unsupported_version, message) {}
InternalError::InternalError(const std::string& message) : Error(ErrorCode::internal, message) {}

namespace {
// The one table. C statuses are -code (capi/include/kehoach.h, checked there
// with static_assert); CLI exits: 1 the input or the call, 3 the store or the
// library (docs/cli.md).
constexpr ErrorInfo table[] = {
    {ErrorCode::invalid_argument, "invalid_argument", "kehoach::InvalidArgument", -1, "KH_E_INVALID_ARGUMENT",
     "InvalidArgumentError", 1, false, "a bad argument to a call: NULL, invalid UTF-8, a closed handle, a bad option"},
    {ErrorCode::parse, "parse", "kehoach::ParseError", -2, "KH_E_PARSE", "ParseError", 1, false,
     "input that cannot be read: malformed JSON or CSV, an impossible date or period"},
    {ErrorCode::validation, "validation", "kehoach::ValidationError", -3, "KH_E_VALIDATION", "ValidationError", 1, false,
     "a record that breaks a rule of the model (every error, each with its field path)"},
    {ErrorCode::not_found, "not_found", "kehoach::NotFound", -4, "KH_E_NOT_FOUND", "NotFoundError", 1, false,
     "no such plan, unit, case or record"},
    {ErrorCode::conflict, "conflict", "kehoach::Conflict", -5, "KH_E_CONFLICT", "ConflictError", 1, false,
     "already there: a plan, case or record that exists"},
    {ErrorCode::permission_denied, "permission_denied", "kehoach::PermissionDenied", -6, "KH_E_PERMISSION",
     "PermissionDeniedError", 1, false, "the principal's role or unit does not allow the call"},
    {ErrorCode::io, "io", "kehoach::IoError", -7, "KH_E_IO", "StoreIOError", 3, false,
     "a file cannot be opened, read or written; a write to a read-only store"},
    {ErrorCode::corrupt_store, "corrupt_store", "kehoach::CorruptStore", -8, "KH_E_CORRUPT", "CorruptStoreError", 3, false,
     "the file is not a kehoach store, or it is damaged"},
    {ErrorCode::unsupported_version, "unsupported_version", "kehoach::VersionError", -9, "KH_E_VERSION", "VersionError", 1,
     false, "a store or document of a newer version than this library"},
    {ErrorCode::internal, "internal", "kehoach::InternalError", -10, "KH_E_INTERNAL", "InternalError", 3, false,
     "a broken invariant inside the library: a bug to report"},
    {ErrorCode::no_memory, "no_memory", "std::bad_alloc", -11, "KH_E_NO_MEMORY", "MemoryError", 3, false,
     "out of memory"},
    {ErrorCode::busy, "busy", "kehoach::Busy", -12, "KH_E_BUSY", "BusyError", 3, true,
     "another writer holds the store longer than the busy timeout; nothing was written, retry"},
};
static_assert([] {
  for (std::size_t i = 0; i < std::size(table); ++i) {
    if (static_cast<int>(table[i].code) != static_cast<int>(i) + 1 || table[i].c_status != -static_cast<int>(i) - 1) return false;
  }
  return true;
}(), "the error table is in numbering order, and a C status is -code");
}  // namespace

std::span<const ErrorInfo> error_table() noexcept { return table; }

const ErrorInfo& error_info(ErrorCode code) noexcept {
  const int i = static_cast<int>(code);
  if (i < 1 || i > static_cast<int>(std::size(table))) return table[static_cast<int>(ErrorCode::internal) - 1];
  return table[i - 1];
}

void throw_error(ErrorCode code, const std::string& message) {
  switch (code) {
    case ErrorCode::invalid_argument: throw InvalidArgument(message);
    case ErrorCode::parse: throw ParseError("", message);
    case ErrorCode::validation: throw ValidationError("", message);
    case ErrorCode::not_found: throw NotFound(message);
    case ErrorCode::conflict: throw Conflict(message);
    case ErrorCode::permission_denied: throw PermissionDenied(message);
    case ErrorCode::io: throw IoError(message);
    case ErrorCode::corrupt_store: throw CorruptStore(message);
    case ErrorCode::unsupported_version: throw VersionError(message);
    case ErrorCode::internal: throw InternalError(message);
    case ErrorCode::no_memory: throw std::bad_alloc();
    case ErrorCode::busy: throw Busy(message);
  }
  throw InternalError(message);
}

}  // namespace v1
}  // namespace kehoach
