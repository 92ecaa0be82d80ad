// The compiled module kehoach._kehoach: the C++ API for Python. The pure-Python
// package `kehoach` re-exports it, defines the exception classes and adds the
// DataFrame helpers. One file per concept (init_<concept>.cpp), called in the
// order below: a type is registered before the types that hold it.

#include "bindings.hpp"

PYBIND11_MODULE(_kehoach, m) {
  m.doc() = "kehoach: plans to prevent and respond to gender-based violence (the compiled core)";
  m.attr("__version__") = kehoach::version();
  kehoach_python::init_errors(m);
  kehoach_python::init_enums(m);
  kehoach_python::init_plan(m);
  kehoach_python::init_cases(m);
  kehoach_python::init_metrics(m);
  kehoach_python::init_audit(m);
  kehoach_python::init_store(m);
}
