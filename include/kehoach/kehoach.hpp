#pragma once

// The umbrella header of the kehoach C++ library.

#include <kehoach/agency.hpp>
#include <kehoach/date.hpp>
#include <kehoach/document.hpp>
#include <kehoach/document_number.hpp>
#include <kehoach/enums.hpp>
#include <kehoach/error.hpp>
#include <kehoach/event.hpp>
#include <kehoach/access.hpp>
#include <kehoach/cases.hpp>
#include <kehoach/funding.hpp>
#include <kehoach/indicators.hpp>
#include <kehoach/legal_basis.hpp>
#include <kehoach/metrics.hpp>
#include <kehoach/money.hpp>
#include <kehoach/plan.hpp>
#include <kehoach/records.hpp>
#include <kehoach/reporting.hpp>
#include <kehoach/revision.hpp>
#include <kehoach/store.hpp>
#include <kehoach/target.hpp>
#include <kehoach/task.hpp>
#include <kehoach/text.hpp>
#include <kehoach/unit.hpp>
#include <kehoach/validation.hpp>
#include <kehoach/version.hpp>

namespace kehoach {
inline namespace v1 {

/// The library's version, e.g. "0.1.0", as built (not as the headers say).
KEHOACH_API const char* version() noexcept;

}  // namespace v1
}  // namespace kehoach
