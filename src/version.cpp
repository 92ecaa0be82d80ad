#include <kehoach/error.hpp>
#include <kehoach/kehoach.hpp>
#include <kehoach/text.hpp>

namespace kehoach {
inline namespace v1 {

const char* version() noexcept { return KEHOACH_VERSION_STRING; }

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
VersionError::VersionError(const std::string& message)
    : Error(ErrorCode::unsupported_version, message) {}

}  // namespace v1
}  // namespace kehoach
