#!/usr/bin/env bash
# Fuzzes every target with libFuzzer (clang) for SECONDS each (default 20),
# starting from the committed corpus, and prints one line with the number of
# executions. A crash stops it: the input is in build/fuzz/crash-*; fix the
# bug and add the input to tests/fuzz/corpus/<target>/ as a regression test.
#   bash scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
need=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cmake -S . -B build/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKEHOACH_FUZZ=ON -DKEHOACH_BUILD_TOOLS=OFF -DKEHOACH_INSTALL=OFF >/dev/null
targets=(plan_document dates cases package capi)
cmake --build build/fuzz -j "$(nproc)" --target "${targets[@]/#/kehoach_fuzz_}" >/dev/null
total=0
for t in "${targets[@]}"; do
  work="build/fuzz/corpus/$t"
  mkdir -p "$work"
  cp -n "tests/fuzz/corpus/$t"/* "$work"/ 2>/dev/null || true
  log="build/fuzz/$t.log"
  (cd build/fuzz && "./tests/fuzz/kehoach_fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
      -timeout=10 "corpus/$t" > "$t.log" 2>&1) || { tail -40 "$log"; echo "fuzz: target $t found a failure (see $log)"; exit 1; }
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  echo "fuzz: $t: $runs executions in ${seconds}s"
  total=$((total + runs))
done
echo "fuzz: $total executions over ${#targets[@]} targets, no failure"
