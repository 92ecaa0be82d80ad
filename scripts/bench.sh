#!/usr/bin/env bash
# The store micro-benchmarks (Google Benchmark), built in Release at build/bench
# by benchmarks/build.sh, the same build benchmarks/run uses. Not part of the
# test command. Arguments go to the benchmark (e.g. --benchmark_filter=Plan).
set -euo pipefail
cd "$(dirname "$0")/.."
benchmarks/build.sh
build/bench/benchmarks/kehoach_bench_store "$@"
