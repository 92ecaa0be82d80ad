#include <kehoach/error.hpp>
#include <kehoach/kehoach.hpp>
#include <kehoach/text.hpp>

namespace kehoach {
inline namespace v1 {

const char* version() noexcept { return KEHOACH_VERSION_STRING; }

}  // namespace v1
}  // namespace kehoach
