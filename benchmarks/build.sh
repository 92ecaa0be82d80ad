#!/usr/bin/env bash
# Builds what the benchmarks run, in Release, at build/bench: the national
# benchmark, the store micro-benchmarks and the Python module (into the venv
# of scripts/python-env.sh). Installs what is missing first. Sourced by
# benchmarks/generate and benchmarks/run; prints nothing on success.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh" >/dev/null
dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed" || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libbenchmark-dev >/dev/null
}
"$root/scripts/python-env.sh" >/dev/null
venv="$root/build/venv"
cmake -S "$root" -B "$root/build/bench" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKEHOACH_BUILD_BENCHMARKS=ON \
  -DKEHOACH_BUILD_TESTS=OFF -DKEHOACH_BUILD_TOOLS=OFF -DKEHOACH_BUILD_PYTHON=ON \
  "-DPython_EXECUTABLE=$venv/bin/python" "-Dpybind11_DIR=$("$venv/bin/python" -m pybind11 --cmakedir)" >/dev/null
cmake --build "$root/build/bench" --target kehoach_bench_national kehoach_bench_store _kehoach >/dev/null
