// The C ABI over the C++ library. Every entry point is one call into guard(),
// which catches everything: no exception crosses the boundary.

#include "kehoach.h"

#include <kehoach/kehoach.hpp>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

// The handles hold their C++ object behind an untyped pointer, so that the
// ABI description of the library (abidw) sees no C++ type behind them.
struct kh_store {
  void* impl;
};

struct kh_principal {
  void* impl;
};

namespace {

thread_local std::string last_error;
thread_local std::string last_path;

// Live handles, one registry per type, so that a principal passed as a store
// (or the reverse) is refused. The small shells of closed handles are kept,
// never freed, so a new handle can never reuse a closed one's address and a
// stale pointer is always refused rather than silently acting as another.
// (A handle must not be closed while another thread is using it.)
// Immortal (never destroyed, even at exit), so the retired shells stay reachable.
struct Registries {
  std::mutex mutex;
  std::unordered_set<const kh_store*> stores;
  std::unordered_set<const kh_principal*> principals;
  std::vector<const void*> retired;
};
Registries& registries() {
  static Registries* r = new Registries;
  return *r;
}

template <class H>
std::unordered_set<const H*>& registry();
template <>
std::unordered_set<const kh_store*>& registry<kh_store>() { return registries().stores; }
template <>
std::unordered_set<const kh_principal*>& registry<kh_principal>() { return registries().principals; }

template <class H>
void remember(const H* handle) {
  std::lock_guard lock(registries().mutex);
  registries().retired.reserve(registries().retired.size() + registry<H>().size() + 1);  // retiring cannot fail
  registry<H>().insert(handle);
}
template <class H>
bool forget(const H* handle) {
  std::lock_guard lock(registries().mutex);
  if (registry<H>().erase(handle) != 1) return false;
  registries().retired.push_back(handle);
  return true;
}
template <class H>
bool alive(const H* handle) {
  std::lock_guard lock(registries().mutex);
  return registry<H>().count(handle) == 1;
}

// Wraps a new C++ object in a registered handle. The order matters: the
// handle is registered before the object's ownership moves into it, so a
// failure on the way leaks nothing.
template <class H, class T>
H* adopt(std::unique_ptr<T> impl) {
  auto handle = std::make_unique<H>(H{impl.get()});
  remember(handle.get());
  impl.release();
  return handle.release();
}

// Frees a handle's object; its shell is retired, never freed (decision 0008).
template <class H, class T>
void retire(H* handle) {
  if (handle && forget(handle)) {
    delete static_cast<T*>(handle->impl);
    handle->impl = nullptr;
  }
}

struct Failure {
  kh_status status;
  std::string message;
  std::string path;
};

kh_status fail(kh_status status, std::string message, std::string path = "") {
  last_error = std::move(message);
  last_path = std::move(path);
  return status;
}

// The error table (src/model/error.cpp) holds each code's status; the header's
// numbers must agree with it.
static_assert(KH_E_INVALID_ARGUMENT == -static_cast<int>(kehoach::ErrorCode::invalid_argument) &&
              KH_E_PARSE == -static_cast<int>(kehoach::ErrorCode::parse) &&
              KH_E_VALIDATION == -static_cast<int>(kehoach::ErrorCode::validation) &&
              KH_E_NOT_FOUND == -static_cast<int>(kehoach::ErrorCode::not_found) &&
              KH_E_CONFLICT == -static_cast<int>(kehoach::ErrorCode::conflict) &&
              KH_E_PERMISSION == -static_cast<int>(kehoach::ErrorCode::permission_denied) &&
              KH_E_IO == -static_cast<int>(kehoach::ErrorCode::io) &&
              KH_E_CORRUPT == -static_cast<int>(kehoach::ErrorCode::corrupt_store) &&
              KH_E_VERSION == -static_cast<int>(kehoach::ErrorCode::unsupported_version) &&
              KH_E_INTERNAL == -static_cast<int>(kehoach::ErrorCode::internal) &&
              KH_E_NO_MEMORY == -static_cast<int>(kehoach::ErrorCode::no_memory) &&
              KH_E_BUSY == -static_cast<int>(kehoach::ErrorCode::busy),
              "kehoach.h and kehoach::ErrorCode disagree");

kh_status status_of(kehoach::ErrorCode code) { return kehoach::error_info(code).c_status; }

template <class F>
kh_status guard(F&& f) noexcept {
  last_error.clear();
  last_path.clear();
  try {
    return f();
  } catch (const Failure& e) {
    return fail(e.status, e.message, e.path);
  } catch (const kehoach::ValidationError& e) {
    return fail(KH_E_VALIDATION, e.what(), e.path());
  } catch (const kehoach::ParseError& e) {
    return fail(KH_E_PARSE, e.what(), e.path());
  } catch (const kehoach::Error& e) {
    return fail(status_of(e.code()), e.what());
  } catch (const std::bad_alloc&) {
    return fail(KH_E_NO_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(KH_E_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(KH_E_INTERNAL, "internal error");
  }
}

[[noreturn]] void invalid(const std::string& message) { throw Failure{KH_E_INVALID_ARGUMENT, message, ""}; }

// A required UTF-8 string argument.
std::string text(const char* s, const char* name) {
  if (!s) invalid(std::string(name) + " is NULL");
  const std::string_view v(s);
  if (!kehoach::is_valid_utf8(v)) invalid(std::string(name) + " is not valid UTF-8");
  return std::string(v);
}

std::string_view buffer(const char* data, size_t len, const char* name) {
  if (!data) invalid(std::string(name) + " is NULL");
  return std::string_view(data, len);
}

kehoach::Store& store_of(kh_store* s) {
  if (!s) invalid("the store handle is NULL");
  if (!alive(s)) invalid("the store handle is closed or was never opened");
  return *static_cast<kehoach::Store*>(s->impl);
}

const kehoach::Principal& principal_of(const kh_principal* p) {
  if (!p) invalid("the principal handle is NULL");
  if (!alive(p)) invalid("the principal handle is freed or was never made");
  return *static_cast<const kehoach::Principal*>(p->impl);
}

kehoach::Date date_arg(const char* s, const char* name) {
  const std::string t = text(s, name);
  try {
    return kehoach::parse_vietnamese_date(t);
  } catch (const kehoach::ParseError& e) {
    throw Failure{KH_E_PARSE, std::string(name) + ": " + e.what(), ""};
  }
}

kehoach::Period period_arg(const char* s, const char* name) {
  const std::string t = text(s, name);
  try {
    return kehoach::parse_period(t);
  } catch (const kehoach::ParseError& e) {
    throw Failure{KH_E_PARSE, std::string(name) + ": " + e.what(), ""};
  }
}

template <class T>
void check_size(const T* options, const char* name) {
  if (options && options->struct_size < sizeof(uint32_t)) invalid(std::string(name) + ".struct_size is not set (use the _INIT macro)");
}

// An options struct of the first header ends at 24 bytes on every platform
// (x86-64: 4 + 4 padding + 8 + 4 + 4 padding; 32-bit ABIs alike), so a field
// added after it must start at 24 or later, where struct_size tells it apart.
static_assert(offsetof(kh_metrics_options, known_at) >= 24, "known_at must lie past the first kh_metrics_options");

bool has_known_at(const kh_metrics_options* o) {
  return o && o->struct_size >= offsetof(kh_metrics_options, known_at) + sizeof(const char*) && o->known_at;
}

kehoach::MetricsOptions metrics_options(const kh_metrics_options* o) {
  check_size(o, "options");
  kehoach::MetricsOptions m;
  if (o && o->struct_size >= offsetof(kh_metrics_options, tau) + sizeof(double)) m.tau = o->tau;
  if (has_known_at(o)) m.known_at = std::string(o->known_at);
  return m;
}

kehoach::DisclosureOptions disclosure_options(const kh_metrics_options* o) {
  kehoach::DisclosureOptions d;
  if (o && o->struct_size >= offsetof(kh_metrics_options, disclosure_k) + sizeof(int32_t)) d.k = o->disclosure_k;
  if (d.k < 1) invalid("options.disclosure_k must be at least 1");
  if (has_known_at(o)) {
    invalid("options.known_at applies to plan and unit metrics; case indicators and packages count the cases as they stand");
  }
  return d;
}

// Hands a string to the caller: malloc'd, NUL-terminated, freed with kh_free.
void give(char** out, size_t* len_out, const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  *out = p;
  if (len_out) *len_out = s.size();
}

// Warnings of read plan documents, when the caller asked for them: a JSON
// array of {"path", "message"}.
void give_warnings(char** warnings_out, std::span<const kehoach::Diagnostic> warnings) {
  if (!warnings_out) return;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& w : warnings) list.push_back({{"path", w.path}, {"message", w.message}});
  give(warnings_out, nullptr, list.dump());
}

void need_out(const void* out) {
  if (!out) invalid("the output pointer is NULL");
}

// Clears the outputs of a string-returning call before anything can fail.
void start_output(char** out, size_t* len_out) {
  if (len_out) *len_out = 0;
  need_out(out);
  *out = nullptr;
}

kehoach::CaseFormat case_format(const char* f) {
  const std::string s = text(f, "format");
  if (s == "json") return kehoach::CaseFormat::json;
  if (s == "csv") return kehoach::CaseFormat::csv;
  invalid("format must be \"json\" or \"csv\"");
}

// kh_case_indicators_json, and by the units of a day when `boundaries` is set.
kh_status case_indicators(char** out, size_t* len_out, kh_store* store, const kh_principal* principal, const char* unit,
                          const char* period, const char* as_of, const char* const* boundaries,
                          const kh_metrics_options* options) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    check_size(options, "options");
    const kehoach::Principal p = principal_of(principal);
    const auto u = text(unit, "unit");
    const auto pe = period_arg(period, "period");
    const auto a = date_arg(as_of, "as_of");
    give(out, len_out,
         kehoach::write_indicators_json(boundaries ? s.case_indicators(p, u, pe, a, date_arg(*boundaries, "boundaries"),
                                                                       disclosure_options(options))
                                                   : s.case_indicators(p, u, pe, a, disclosure_options(options))));
    return KH_OK;
  });
}

}  // namespace

extern "C" {

const char* kh_version(void) { return kehoach::version(); }

int32_t kh_abi_version(void) { return KH_ABI_VERSION; }

const char* kh_last_error(void) { return last_error.c_str(); }

const char* kh_last_error_path(void) { return last_path.c_str(); }

void kh_free(void* p) { std::free(p); }

const char* kh_status_name(kh_status status) {
  if (status == KH_OK) return "KH_OK";
  for (const auto& row : kehoach::error_table()) {
    if (row.c_status == status) return row.c_name.data();  // the table's literals are NUL-terminated
  }
  return nullptr;
}

kh_status kh_label(const char** label_out, const char* enumeration, const char* code, const char* lang) {
  return guard([&] {
    need_out(label_out);
    *label_out = nullptr;
    const std::string l = text(lang, "lang");
    if (l != "vi" && l != "en") invalid("lang must be \"vi\" or \"en\"");
    const std::string e = text(enumeration, "enumeration"), c = text(code, "code");
    const auto found = kehoach::label_of(e, c, l == "en" ? kehoach::Lang::en : kehoach::Lang::vi);
    if (!found) throw kehoach::NotFound("'" + c + "' is not a value of the enumeration '" + e + "'");
    *label_out = found->data();  // a static, NUL-terminated literal
    return KH_OK;
  });
}

int32_t kh_status_is_retryable(kh_status status) {
  for (const auto& row : kehoach::error_table()) {
    if (row.c_status == status) return row.retryable ? 1 : 0;
  }
  return 0;
}

kh_status kh_store_open(kh_store** out, const char* path, const kh_store_options* options) {
  return guard([&] {
    need_out(out);
    *out = nullptr;
    check_size(options, "options");
    kehoach::StoreOptions o;
    if (options) {
      const size_t n = options->struct_size;
      if (n >= offsetof(kh_store_options, read_only) + sizeof(int32_t)) o.read_only = options->read_only != 0;
      if (n >= offsetof(kh_store_options, create) + sizeof(int32_t)) o.create = options->create != 0;
      if (n >= offsetof(kh_store_options, busy_timeout_ms) + sizeof(int32_t)) o.busy_timeout_ms = options->busy_timeout_ms;
    }
    *out = adopt<kh_store>(std::make_unique<kehoach::Store>(kehoach::Store::open(text(path, "path"), o)));
    return KH_OK;
  });
}

void kh_store_close(kh_store* store) { retire<kh_store, kehoach::Store>(store); }

kh_status kh_plan_import_json(char** warnings_out, kh_store* store, const char* json, size_t len) {
  return guard([&] {
    if (warnings_out) *warnings_out = nullptr;
    auto& s = store_of(store);
    give_warnings(warnings_out, s.import_plan_json(buffer(json, len, "json")).warnings);
    return KH_OK;
  });
}

kh_status kh_plans_import_json(char** warnings_out, kh_store* store, const char* const* documents, const size_t* lengths,
                               size_t count) {
  return guard([&] {
    if (warnings_out) *warnings_out = nullptr;
    auto& s = store_of(store);
    if (count > 0 && (!documents || !lengths)) invalid("documents and lengths are NULL");
    std::vector<std::string_view> texts;
    texts.reserve(count);
    for (size_t i = 0; i < count; ++i) texts.push_back(buffer(documents[i], lengths[i], "documents[i]"));
    const auto read = s.import_plans_json(texts);
    std::vector<kehoach::Diagnostic> warnings;
    for (const auto& doc : read) warnings.insert(warnings.end(), doc.warnings.begin(), doc.warnings.end());
    give_warnings(warnings_out, warnings);
    return KH_OK;
  });
}

kh_status kh_plan_export_json(char** out, size_t* len_out, kh_store* store, const char* plan_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, store_of(store).export_plan_json(text(plan_id, "plan_id")));
    return KH_OK;
  });
}

kh_status kh_plan_ids_json(char** out, size_t* len_out, kh_store* store) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, nlohmann::json(store_of(store).plan_ids()).dump());
    return KH_OK;
  });
}

kh_status kh_plan_validate_json(char** warnings_out, const char* json, size_t len) {
  return guard([&] {
    if (warnings_out) *warnings_out = nullptr;
    give_warnings(warnings_out, kehoach::read_plan_json(buffer(json, len, "json")).warnings);
    return KH_OK;
  });
}

kh_status kh_plan_remove(kh_store* store, const char* plan_id) {
  return guard([&] {
    store_of(store).remove_plan(text(plan_id, "plan_id"));
    return KH_OK;
  });
}

kh_status kh_plan_cascade_json(char** out, size_t* len_out, kh_store* store, const char* plan_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_plan_cascade_json(store_of(store).plan_cascade(text(plan_id, "plan_id"))));
    return KH_OK;
  });
}

kh_status kh_plan_amend_json(int32_t* revision_out, kh_store* store, const char* json, size_t len,
                             const char* amendment_json) {
  return guard([&] {
    if (revision_out) *revision_out = 0;
    auto& s = store_of(store);
    const auto amendment = kehoach::read_amendment_json(text(amendment_json, "amendment_json"));
    const auto revision = s.amend_plan_json(buffer(json, len, "json"), amendment);
    if (revision_out) *revision_out = revision.revision;
    return KH_OK;
  });
}

kh_status kh_plan_history_json(char** out, size_t* len_out, kh_store* store, const char* plan_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_plan_history_json(store_of(store).plan_history(text(plan_id, "plan_id"))));
    return KH_OK;
  });
}

kh_status kh_plan_revision_json(char** out, size_t* len_out, kh_store* store, const char* plan_id, int32_t revision) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_plan_json(store_of(store).plan_revision(text(plan_id, "plan_id"), revision)));
    return KH_OK;
  });
}

kh_status kh_plan_diff_json(char** out, size_t* len_out, kh_store* store, const char* plan_id, int32_t from, int32_t to) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_plan_diff_json(store_of(store).plan_diff(text(plan_id, "plan_id"), from, to)));
    return KH_OK;
  });
}

kh_status kh_units_json(char** out, size_t* len_out, kh_store* store) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_units_json(store_of(store).units()));
    return KH_OK;
  });
}

kh_status kh_units_import_csv(kh_store* store, const char* versions_csv, const char* successions_csv) {
  return guard([&] {
    const std::string versions = text(versions_csv, "versions_csv");
    const std::string successions = successions_csv ? text(successions_csv, "successions_csv") : std::string();
    store_of(store).import_register(kehoach::read_unit_register_csv(versions, successions));
    return KH_OK;
  });
}

kh_status kh_unit_history_json(char** out, size_t* len_out, kh_store* store, const char* code) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_unit_history_json(store_of(store).unit_history(text(code, "code"))));
    return KH_OK;
  });
}

kh_status kh_successions_json(char** out, size_t* len_out, kh_store* store) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_successions_json(store_of(store).successions()));
    return KH_OK;
  });
}

kh_status kh_units_on_json(char** out, size_t* len_out, kh_store* store, const char* day) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_unit_versions_json(store_of(store).units_on(date_arg(day, "day"))));
    return KH_OK;
  });
}

kh_status kh_agency_successions_record_json(kh_store* store, const char* json, size_t len) {
  return guard([&] {
    store_of(store).record_agency_successions_json(buffer(json, len, "json"));
    return KH_OK;
  });
}

kh_status kh_agency_successions_json(char** out, size_t* len_out, kh_store* store, const char* plan_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out,
         kehoach::write_agency_successions_json(store_of(store).agency_successions(text(plan_id, "plan_id"))));
    return KH_OK;
  });
}

kh_status kh_observations_json(char** out, size_t* len_out, kh_store* store, const char* plan_id, const char* target_id) {
  return guard([&] {
    start_output(out, len_out);
    kehoach::RecordBatch batch;
    batch.observations = store_of(store).observations(text(plan_id, "plan_id"), text(target_id, "target_id"));
    give(out, len_out, kehoach::write_records_json(batch));
    return KH_OK;
  });
}

kh_status kh_observation_history_json(char** out, size_t* len_out, kh_store* store, const char* plan_id,
                                      const char* target_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out,
         kehoach::write_observation_history_json(
             store_of(store).observation_history(text(plan_id, "plan_id"), text(target_id, "target_id"))));
    return KH_OK;
  });
}

kh_status kh_task_history_json(char** out, size_t* len_out, kh_store* store, const char* plan_id, const char* task_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out,
         kehoach::write_task_history_json(store_of(store).task_history(text(plan_id, "plan_id"), text(task_id, "task_id"))));
    return KH_OK;
  });
}

kh_status kh_observation_retract(kh_store* store, const char* plan_id, const char* target_id, const char* date) {
  return guard([&] {
    store_of(store).retract_observation(text(plan_id, "plan_id"), text(target_id, "target_id"), date_arg(date, "date"));
    return KH_OK;
  });
}

kh_status kh_submission_history_json(char** out, size_t* len_out, kh_store* store, const char* plan_id,
                                     const char* duty_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out,
         kehoach::write_submission_history_json(
             store_of(store).submission_history(text(plan_id, "plan_id"), text(duty_id, "duty_id"))));
    return KH_OK;
  });
}

kh_status kh_submission_retract(kh_store* store, const char* plan_id, const char* duty_id, const char* reporter,
                                const char* period, const char* submitted) {
  return guard([&] {
    store_of(store).retract_submission(kehoach::ReportSubmission{text(plan_id, "plan_id"), text(duty_id, "duty_id"),
                                                                 text(reporter, "reporter"), period_arg(period, "period"),
                                                                 date_arg(submitted, "submitted")});
    return KH_OK;
  });
}

kh_status kh_allocation_history_json(char** out, size_t* len_out, kh_store* store, const char* plan_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_allocation_history_json(store_of(store).allocation_history(text(plan_id, "plan_id"))));
    return KH_OK;
  });
}

kh_status kh_allocation_retract(kh_store* store, const char* plan_id, int32_t year, const char* source_id,
                                const char* agency_id, const char* task_id, const char* dated) {
  return guard([&] {
    kehoach::Allocation key;
    key.plan_id = text(plan_id, "plan_id");
    key.year = year;
    key.source_id = text(source_id, "source_id");
    key.agency_id = text(agency_id, "agency_id");
    if (task_id) key.task_id = text(task_id, "task_id");
    key.dated = date_arg(dated, "dated");
    store_of(store).retract_allocation(key);
    return KH_OK;
  });
}

kh_status kh_expenditure_history_json(char** out, size_t* len_out, kh_store* store, const char* plan_id) {
  return guard([&] {
    start_output(out, len_out);
    give(out, len_out, kehoach::write_expenditure_history_json(store_of(store).expenditure_history(text(plan_id, "plan_id"))));
    return KH_OK;
  });
}

kh_status kh_expenditure_retract(kh_store* store, const char* plan_id, const char* date, const char* source_id,
                                 const char* agency_id, const char* task_id, const char* voucher, int64_t amount) {
  return guard([&] {
    kehoach::Expenditure key;
    key.plan_id = text(plan_id, "plan_id");
    key.date = date_arg(date, "date");
    key.source_id = text(source_id, "source_id");
    key.agency_id = text(agency_id, "agency_id");
    if (task_id) key.task_id = text(task_id, "task_id");
    if (voucher) key.voucher = text(voucher, "voucher");
    key.amount = kehoach::Dong{amount};
    store_of(store).retract_expenditure(key);
    return KH_OK;
  });
}

kh_status kh_manual_status_set(kh_store* store, const char* plan_id, const char* kind, const char* item_id,
                               const char* status, const char* reason, const char* by, const char* date) {
  return guard([&] {
    auto& s = store_of(store);
    s.set_manual_status(kehoach::ManualStatus{text(plan_id, "plan_id"), text(kind, "kind"), text(item_id, "item_id"),
                                              text(status, "status"), text(reason, "reason"), text(by, "by"),
                                              date_arg(date, "date")});
    return KH_OK;
  });
}

kh_status kh_records_record_json(kh_store* store, const char* json, size_t len) {
  return guard([&] {
    auto& s = store_of(store);
    s.record(kehoach::read_records_json(buffer(json, len, "json")));
    return KH_OK;
  });
}

kh_status kh_principal_new(kh_principal** out, const char* id, const char* role, const char* unit,
                           int32_t can_override_consent) {
  return guard([&] {
    need_out(out);
    *out = nullptr;
    const auto r = kehoach::from_code<kehoach::Role>(text(role, "role"));
    if (!r) invalid("role must be \"case_worker\", \"officer\" or \"auditor\"");
    const std::string who = text(id, "id");
    if (who.empty()) invalid("id is empty");
    *out = adopt<kh_principal>(
        std::make_unique<kehoach::Principal>(kehoach::Principal{who, *r, text(unit, "unit"), can_override_consent != 0}));
    return KH_OK;
  });
}

void kh_principal_free(kh_principal* principal) { retire<kh_principal, kehoach::Principal>(principal); }

kh_status kh_cases_import(size_t* count_out, kh_store* store, const kh_principal* principal, const char* data, size_t len,
                          const char* format) {
  return guard([&] {
    if (count_out) *count_out = 0;
    auto& s = store_of(store);
    const auto& p = principal_of(principal);
    const auto f = case_format(format);
    const size_t n = s.import_cases(p, buffer(data, len, "data"), f);
    if (count_out) *count_out = n;
    return KH_OK;
  });
}

kh_status kh_cases_export(char** out, size_t* len_out, kh_store* store, const kh_principal* principal, const char* unit,
                          const char* period, const char* format) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    give(out, len_out,
         s.export_cases(principal_of(principal), text(unit, "unit"), period_arg(period, "period"), case_format(format)));
    return KH_OK;
  });
}

kh_status kh_case_load_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal, const char* unit,
                            const char* code) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    const auto& p = principal_of(principal);
    const std::string c = text(code, "code");
    const kehoach::CaseRecord found = unit ? s.load_case(p, text(unit, "unit"), c) : s.load_case(p, c);
    give(out, len_out, kehoach::write_cases_json({found}));
    return KH_OK;
  });
}

kh_status kh_case_update_json(kh_store* store, const kh_principal* principal, const char* json, size_t len) {
  return guard([&] {
    auto& s = store_of(store);
    const auto& p = principal_of(principal);
    s.update_case_json(p, buffer(json, len, "json"));
    return KH_OK;
  });
}

namespace {

// Starts a case version output: empty until the call succeeds; NULL is allowed.
void start_version(char* version_out, size_t version_size) {
  if (version_out && version_size > 0) version_out[0] = '\0';
  if (version_out && version_size < 65) invalid("version_out needs 65 bytes (64 hex digits and a NUL)");
}

void give_version(char* version_out, const std::string& version) {
  if (!version_out) return;
  if (version.size() != 64) throw kehoach::InternalError("a case version is not a SHA-256 in hex");
  std::memcpy(version_out, version.c_str(), 65);
}

// NULL: unchecked. An empty version is refused, so that a version buffer a
// failed call cleared is never taken for "unchecked".
std::string optional_version(const char* expected_version) {
  if (!expected_version) return {};
  std::string v = text(expected_version, "expected_version");
  if (v.empty()) invalid("expected_version is empty: pass NULL to change the case without a version check");
  return v;
}

// The one case of a cases document.
kehoach::CaseRecord one_case(std::string_view json) {
  auto cases = kehoach::read_cases_json(json);
  if (cases.size() != 1) {
    throw kehoach::InvalidArgument("/cases: a case update holds exactly one case (this document holds " +
                                   std::to_string(cases.size()) + ")");
  }
  return std::move(cases.front());
}

}  // namespace

kh_status kh_case_version(char* version_out, size_t version_size, const char* json, size_t len) {
  return guard([&] {
    start_version(version_out, version_size);
    need_out(version_out);
    give_version(version_out, kehoach::case_version(one_case(buffer(json, len, "json"))));
    return KH_OK;
  });
}

kh_status kh_case_update_checked_json(char* version_out, size_t version_size, kh_store* store, const kh_principal* principal,
                                      const char* json, size_t len, const char* expected_version) {
  return guard([&] {
    start_version(version_out, version_size);
    auto& s = store_of(store);
    const auto& p = principal_of(principal);
    const kehoach::CaseRecord updated = one_case(buffer(json, len, "json"));
    give_version(version_out, s.update_case(p, updated, optional_version(expected_version)));
    return KH_OK;
  });
}

kh_status kh_case_close(char* version_out, size_t version_size, kh_store* store, const kh_principal* principal,
                        const char* unit, const char* code, const char* closed_on, const char* expected_version) {
  return guard([&] {
    start_version(version_out, version_size);
    auto& s = store_of(store);
    const auto& p = principal_of(principal);
    const std::string u = unit ? text(unit, "unit") : std::string();
    give_version(version_out, s.close_case(p, u, text(code, "code"), date_arg(closed_on, "closed_on"),
                                           optional_version(expected_version)));
    return KH_OK;
  });
}

kh_status kh_case_reopen(char* version_out, size_t version_size, kh_store* store, const kh_principal* principal,
                         const char* unit, const char* code, const char* expected_version) {
  return guard([&] {
    start_version(version_out, version_size);
    auto& s = store_of(store);
    const auto& p = principal_of(principal);
    const std::string u = unit ? text(unit, "unit") : std::string();
    give_version(version_out, s.reopen_case(p, u, text(code, "code"), optional_version(expected_version)));
    return KH_OK;
  });
}

kh_status kh_case_list_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal, const char* unit,
                            const char* intake, const char* status, const char* after, size_t limit) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    const auto& p = principal_of(principal);
    kehoach::CaseQuery query;
    if (intake) query.intake = period_arg(intake, "intake");
    if (status) {
      const auto st = kehoach::from_code<kehoach::CaseStatus>(text(status, "status"));
      if (!st) invalid("status: expected \"open\" or \"closed\"");
      query.status = *st;
    }
    if (after) query.after = text(after, "after");
    if (limit != 0) query.limit = limit;
    give(out, len_out, kehoach::write_case_page_json(s.list_cases(p, text(unit, "unit"), query)));
    return KH_OK;
  });
}

kh_status kh_metrics_plan_json(char** out, size_t* len_out, kh_store* store, const char* plan_id, const char* as_of,
                               const kh_metrics_options* options) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    give(out, len_out,
         kehoach::write_metrics_json(s.plan_metrics(text(plan_id, "plan_id"), date_arg(as_of, "as_of"), metrics_options(options))));
    return KH_OK;
  });
}

kh_status kh_metrics_plan_csv(char** out, size_t* len_out, kh_store* store, const char* plan_id, const char* as_of,
                              const kh_metrics_options* options) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    const kehoach::PlanMetrics m = s.plan_metrics(text(plan_id, "plan_id"), date_arg(as_of, "as_of"), metrics_options(options));
    give(out, len_out, kehoach::write_metrics_csv(std::span<const kehoach::PlanMetrics>(&m, 1)));
    return KH_OK;
  });
}

kh_status kh_metrics_unit_json(char** out, size_t* len_out, kh_store* store, const char* unit, const char* as_of,
                               const kh_metrics_options* options) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    give(out, len_out,
         kehoach::write_metrics_json(s.unit_metrics(text(unit, "unit"), date_arg(as_of, "as_of"), metrics_options(options))));
    return KH_OK;
  });
}

kh_status kh_metrics_unit_on_json(char** out, size_t* len_out, kh_store* store, const char* unit, const char* as_of,
                                  const char* boundaries, const kh_metrics_options* options) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    auto o = metrics_options(options);
    o.boundaries = date_arg(boundaries, "boundaries");
    give(out, len_out, kehoach::write_metrics_json(s.unit_metrics(text(unit, "unit"), date_arg(as_of, "as_of"), o)));
    return KH_OK;
  });
}

kh_status kh_metrics_reporting_rollup_on_json(char** out, size_t* len_out, kh_store* store, const char* unit,
                                              const char* as_of, const char* boundaries) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    give(out, len_out,
         kehoach::write_metrics_json(
             s.reporting_rollup(text(unit, "unit"), date_arg(as_of, "as_of"), date_arg(boundaries, "boundaries"))));
    return KH_OK;
  });
}

kh_status kh_metrics_reporting_rollup_json(char** out, size_t* len_out, kh_store* store, const char* unit, const char* as_of) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    give(out, len_out, kehoach::write_metrics_json(s.reporting_rollup(text(unit, "unit"), date_arg(as_of, "as_of"))));
    return KH_OK;
  });
}

kh_status kh_case_indicators_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal,
                                  const char* unit, const char* period, const char* as_of, const kh_metrics_options* options) {
  return case_indicators(out, len_out, store, principal, unit, period, as_of, nullptr, options);
}

kh_status kh_case_indicators_on_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal,
                                     const char* unit, const char* period, const char* as_of, const char* boundaries,
                                     const kh_metrics_options* options) {
  return case_indicators(out, len_out, store, principal, unit, period, as_of, &boundaries, options);
}

kh_status kh_package_export_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal,
                                 const char* unit, const char* period, const char* as_of, const kh_metrics_options* options) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    check_size(options, "options");
    give(out, len_out,
         s.export_package(principal_of(principal), text(unit, "unit"), period_arg(period, "period"),
                          date_arg(as_of, "as_of"), disclosure_options(options)));
    return KH_OK;
  });
}

kh_status kh_package_import_json(kh_store* store, const kh_principal* principal, const char* json, size_t len) {
  return guard([&] {
    auto& s = store_of(store);
    s.import_package(principal_of(principal), buffer(json, len, "json"));
    return KH_OK;
  });
}

namespace {

// kh_package_rollup_json, and by the units of the day `*boundaries` when given.
kh_status package_rollup(char** out, size_t* len_out, kh_store* store, const kh_principal* principal, const char* unit,
                         const char* period, const char* const* boundaries, const kh_metrics_options* options) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    check_size(options, "options");
    const auto p = principal_of(principal);
    const auto u = text(unit, "unit");
    const auto span = period_arg(period, "period");
    const auto x = boundaries ? s.rolled_up_packages(p, u, span, date_arg(*boundaries, "boundaries"), disclosure_options(options))
                              : s.rolled_up_packages(p, u, span, disclosure_options(options));
    give(out, len_out, kehoach::write_indicators_json(x));
    return KH_OK;
  });
}

}  // namespace

kh_status kh_package_rollup_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal,
                                 const char* unit, const char* period, const kh_metrics_options* options) {
  return package_rollup(out, len_out, store, principal, unit, period, nullptr, options);
}

kh_status kh_package_rollup_on_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal,
                                    const char* unit, const char* period, const char* boundaries,
                                    const kh_metrics_options* options) {
  return package_rollup(out, len_out, store, principal, unit, period, &boundaries, options);
}

kh_status kh_audit_trail_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    give(out, len_out, kehoach::write_audit_trail_json(s.audit_trail(principal_of(principal))));
    return KH_OK;
  });
}

kh_status kh_audit_verify(int32_t* intact_out, int64_t* first_broken_out, kh_store* store, const kh_principal* principal) {
  return guard([&] {
    if (intact_out) *intact_out = 0;
    if (first_broken_out) *first_broken_out = 0;
    need_out(intact_out);
    need_out(first_broken_out);
    const auto v = store_of(store).verify_audit(principal_of(principal));
    *intact_out = v.intact ? 1 : 0;
    *first_broken_out = v.first_broken.value_or(0);
    if (!v.intact) last_error = v.reason;
    return KH_OK;
  });
}

kh_status kh_audit_verify_checkpoint(int32_t* intact_out, int64_t* first_broken_out, int64_t* entries_out, char* head_out,
                                     size_t head_size, kh_store* store, const kh_principal* principal) {
  return guard([&] {
    if (intact_out) *intact_out = 0;
    if (first_broken_out) *first_broken_out = 0;
    if (entries_out) *entries_out = 0;
    if (head_out && head_size > 0) head_out[0] = '\0';
    need_out(intact_out);
    need_out(first_broken_out);
    need_out(entries_out);
    need_out(head_out);
    if (head_size < 65) throw kehoach::InvalidArgument("head_out needs 65 bytes (64 hex digits and a NUL)");
    const auto v = store_of(store).verify_audit(principal_of(principal));
    const std::string head = v.head.empty() ? std::string(64, '0') : v.head;
    if (head.size() != 64) throw kehoach::InternalError("the audit head is not a SHA-256 in hex");
    *intact_out = v.intact ? 1 : 0;
    *first_broken_out = v.first_broken.value_or(0);
    *entries_out = v.entries;
    std::memcpy(head_out, head.c_str(), 65);
    if (!v.intact) last_error = v.reason;
    return KH_OK;
  });
}

kh_status kh_store_is_read_only(int32_t* read_only_out, kh_store* store) {
  return guard([&] {
    if (read_only_out) *read_only_out = 0;
    need_out(read_only_out);
    *read_only_out = store_of(store).read_only() ? 1 : 0;
    return KH_OK;
  });
}

kh_status kh_store_set_audit_key(kh_store* store, const void* key, size_t len) {
  return guard([&] {
    auto& s = store_of(store);
    if (len > 0 && key == nullptr) throw kehoach::InvalidArgument("key is NULL");
    s.set_audit_key(len == 0 ? std::string_view{} : std::string_view(static_cast<const char*>(key), len));
    return KH_OK;
  });
}

kh_status kh_integrity_check_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    give(out, len_out, kehoach::write_integrity_json(s.check_integrity(principal_of(principal))));
    return KH_OK;
  });
}

kh_status kh_store_copy_json(char** out, size_t* len_out, kh_store* store, const kh_principal* principal,
                             const char* destination) {
  return guard([&] {
    start_output(out, len_out);
    auto& s = store_of(store);
    const std::string to = text(destination, "destination");
    give(out, len_out, kehoach::write_copy_report_json(s.copy_to(principal_of(principal), to)));
    return KH_OK;
  });
}

}  // extern "C"
