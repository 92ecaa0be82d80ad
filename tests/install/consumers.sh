#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, then builds two consumers
# against it: examples/cpp with find_package(kehoach), and the same program
# compiled by hand with the flags pkg-config gives (shared, then static); then
# the plain C example, compiled as C99 with the flags of kehoach_c.pc alone.
set -euo pipefail
build_dir=$1 source_dir=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
plan="$source_dir/examples/data/huong-khe-2021.plan.json"

cmake -S "$source_dir/examples/cpp" -B "$work/cpp" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cpp" >/dev/null
"$work/cpp/plan_summary" "$plan" | grep -q "48/KH-UBND"
echo "find_package consumer: ok"

libdir=$(find "$prefix" -name kehoach.pc -printf '%h\n' | head -n1)
export PKG_CONFIG_PATH="$libdir"
# shellcheck disable=SC2046
c++ "$source_dir/examples/cpp/main.cpp" -o "$work/pc_shared" $(pkg-config --cflags --libs kehoach) \
  -Wl,-rpath,"$(pkg-config --variable=libdir kehoach)"
"$work/pc_shared" "$plan" | grep -q "48/KH-UBND"
echo "pkg-config consumer (shared): ok"
# shellcheck disable=SC2046
c++ "$source_dir/examples/cpp/main.cpp" -o "$work/pc_static" $(pkg-config --cflags kehoach) \
  "$(pkg-config --variable=libdir kehoach)/libkehoach.a" $(pkg-config --libs-only-l --static kehoach | sed 's/-lkehoach//')
"$work/pc_static" "$plan" | grep -q "48/KH-UBND"
echo "pkg-config consumer (static): ok"

# A C program: no C++ flag, no C++ runtime named, only kehoach_c.pc.
cflags=$(pkg-config --cflags kehoach_c)
if grep -q -- "-std=c++" <<<"$cflags"; then
  echo "kehoach_c.pc gives C++ flags: $cflags"
  exit 1
fi
# shellcheck disable=SC2046,SC2086
cc -std=c99 -Wall -Wextra -Wpedantic -Werror "$source_dir/examples/c/plan_status.c" -o "$work/pc_c" $cflags \
  $(pkg-config --libs kehoach_c) -Wl,-rpath,"$(pkg-config --variable=libdir kehoach_c)"
# The whole output first: grep -q would stop reading early, and under pipefail
# the writer's SIGPIPE fails the run.
c_out=$("$work/pc_c" "$source_dir/examples/data/cai-nhum-2026.plan.json" 2026-12-31)
grep -q '"plan": "cai-nhum-gbv-2026-2030"' <<<"$c_out"
echo "pkg-config consumer (C, kehoach_c.pc): ok"
