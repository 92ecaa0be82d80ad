#!/usr/bin/env bash
# A virtual environment made from the machine's python3, at build/venv, with
# the Python packages the bindings build and test with (from the Python
# package index). Idempotent: packages already there are not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=build/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "pybind11>=2.11" "scikit-build-core>=0.8" "pytest>=7" "pandas>=1.5" "scipy>=1.10" "highspy>=1.7" "matplotlib>=3.6" "mypy>=1.8"
