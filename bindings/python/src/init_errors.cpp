// The exceptions: the translator from the error table, and the table itself.

#include "bindings.hpp"

namespace kehoach_python {

namespace {
// The exception class of a code, from the one error table.
std::string error_class(ErrorCode code) { return std::string(error_info(code).python_exception); }
}  // namespace

void init_errors(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      py::object errors = py::module_::import("kehoach.errors");
      std::string path;
      if (const auto* v = dynamic_cast<const ValidationError*>(&e)) path = v->path();
      if (const auto* pe = dynamic_cast<const ParseError*>(&e)) path = pe->path();
      const std::string name = error_class(e.code());
      py::object cls = py::hasattr(errors, name.c_str()) ? errors.attr(name.c_str())
                                                          : py::module_::import("builtins").attr(name.c_str());
      py::object instance = cls(e.what(), path);
      if (const auto* v = dynamic_cast<const ValidationError*>(&e)) {
        py::list all;
        for (const auto& d : v->errors()) all.append(py::make_tuple(d.path, d.message));
        instance.attr("errors") = all;
      }
      PyErr_SetObject(cls.ptr(), instance.ptr());
    }
  });

  m.def(
      "error_table",
      [] {
        py::list rows;
        for (const auto& r : kehoach::error_table()) {
          py::dict row;
          row["code"] = std::string(r.name);
          row["number"] = static_cast<int>(r.code);
          row["cpp_class"] = std::string(r.cpp_class);
          row["c_status"] = r.c_status;
          row["c_name"] = std::string(r.c_name);
          row["python_exception"] = std::string(r.python_exception);
          row["cli_exit"] = r.cli_exit;
          row["retryable"] = r.retryable;
          row["meaning"] = std::string(r.meaning);
          rows.append(row);
        }
        return rows;
      },
      "The library's error table: one dict per code (code, number, cpp_class, c_status, c_name, python_exception, "
      "cli_exit, retryable, meaning), in numbering order.");
  // For the test that walks every code through the translator; not public.
  m.def("_raise_error", [](int code, const std::string& message) { throw_error(static_cast<ErrorCode>(code), message); },
        py::arg("code"), py::arg("message"));

}

}  // namespace kehoach_python
