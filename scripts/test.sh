#!/usr/bin/env bash
# The README's second command: install what is missing, then build and run
# every test twice — with warnings as errors, and under AddressSanitizer and
# UndefinedBehaviorSanitizer. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
for preset in ci asan; do
  echo "== kehoach: preset $preset =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done
