#!/usr/bin/env bash
# Builds the benchmarks in Release and runs them. Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed" || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libbenchmark-dev >/dev/null
}
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DKEHOACH_BUILD_BENCHMARKS=ON \
  -DKEHOACH_BUILD_TESTS=OFF -DKEHOACH_BUILD_TOOLS=OFF >/dev/null
cmake --build build/bench
build/bench/benchmarks/kehoach_bench_store "$@"
