#pragma once

// Shared by the files of the compiled module kehoach._kehoach: the type
// casters (datetime.date <-> kehoach::Date, int <-> Dong), small helpers, and
// one init_<concept> function per file, which module.cpp calls in order.

#include <kehoach/kehoach.hpp>

#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <datetime.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

namespace py = pybind11;

// ---- datetime.date <-> kehoach::Date, Dong <-> int ----

namespace pybind11::detail {

template <>
struct type_caster<kehoach::Date> {
  PYBIND11_TYPE_CASTER(kehoach::Date, const_name("datetime.date"));

  bool load(handle src, bool) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!src || !PyDate_Check(src.ptr()) || PyDateTime_Check(src.ptr())) return false;
    value = kehoach::Date{std::chrono::year{PyDateTime_GET_YEAR(src.ptr())},
                          std::chrono::month{static_cast<unsigned>(PyDateTime_GET_MONTH(src.ptr()))},
                          std::chrono::day{static_cast<unsigned>(PyDateTime_GET_DAY(src.ptr()))}};
    return true;
  }

  static handle cast(const kehoach::Date& d, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!d.ok()) return none().release();
    return PyDate_FromDate(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                           static_cast<int>(static_cast<unsigned>(d.day())));
  }
};

template <>
struct type_caster<kehoach::Dong> {
  PYBIND11_TYPE_CASTER(kehoach::Dong, const_name("int"));

  bool load(handle src, bool convert) {
    make_caster<std::int64_t> inner;
    if (!PyLong_Check(src.ptr()) || !inner.load(src, convert)) return false;
    value = kehoach::Dong{cast_op<std::int64_t>(inner)};
    return true;
  }

  static handle cast(const kehoach::Dong& d, return_value_policy, handle) { return PyLong_FromLongLong(d.value()); }
};

}  // namespace pybind11::detail

namespace kehoach_python {

using namespace kehoach;

template <class E>
inline void bind_enum(py::module_& m, const char* name, const char* doc) {
  py::native_enum<E> e(m, name, "enum.Enum", doc);
  for (E v : all_values<E>()) {
    std::string code(to_code(v));
    if (code.empty() || std::isdigit(static_cast<unsigned char>(code[0]))) code = "g_" + code;  // age groups "0_5" → "g_0_5"
    e.value(code.c_str(), v);
  }
  e.finalize();
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open the file for reading");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline CaseFormat case_format(const std::string& f) {
  if (f == "json") return CaseFormat::json;
  if (f == "csv") return CaseFormat::csv;
  throw InvalidArgument("format must be 'json' or 'csv'");
}

inline std::string quote(const std::string& s) { return "'" + s + "'"; }
inline std::string opt_num(const std::optional<double>& v) { return v ? std::to_string(*v) : "None"; }

void init_errors(py::module_& m);
void init_enums(py::module_& m);
void init_plan(py::module_& m);
void init_cases(py::module_& m);
void init_metrics(py::module_& m);
void init_audit(py::module_& m);
void init_store(py::module_& m);

}  // namespace kehoach_python
