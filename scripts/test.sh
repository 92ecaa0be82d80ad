#!/usr/bin/env bash
# The README's second command: install what is missing, then build and run
# every test twice — with warnings as errors, and under AddressSanitizer and
# UndefinedBehaviorSanitizer — then the shared-handle stress tests under
# ThreadSanitizer, then fuzz every input reader for a bounded time
# (KEHOACH_FUZZ_SECONDS per target, default 20). .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
scripts/python-env.sh
venv="$PWD/build/venv"
python_options=(-DKEHOACH_BUILD_PYTHON=ON "-DPython_EXECUTABLE=$venv/bin/python"
                "-Dpybind11_DIR=$("$venv/bin/python" -m pybind11 --cmakedir)")
for preset in ci asan; do
  echo "== kehoach: preset $preset =="
  # The Python module is tested in the ci build; under the sanitizers the
  # interpreter would need their runtime preloaded.
  if [ "$preset" = ci ]; then extra=("${python_options[@]}"); else extra=(-DKEHOACH_BUILD_PYTHON=OFF); fi
  cmake --preset "$preset" "${extra[@]}" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done

# One handle shared by many threads, under ThreadSanitizer: the stress tests
# of the C++ API and of the C ABI.
echo "== kehoach: preset tsan (shared handles) =="
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target kehoach_tests kehoach_capi_threads
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" build/tsan/tests/kehoach_tests "[threads]"
TSAN_OPTIONS="halt_on_error=1" build/tsan/tests/kehoach_capi_threads examples/data build/tsan/tests

bad=$(build/ci/tests/kehoach_tests "[bad-input]" 2>&1 | grep -Eo '[0-9]+ assertions' | grep -Eo '[0-9]+' || echo 0)
fuzz_report=$(bash scripts/fuzz.sh "${KEHOACH_FUZZ_SECONDS:-20}") || { echo "$fuzz_report"; exit 1; }
echo "$fuzz_report"
fuzz=$(tail -n 1 <<<"$fuzz_report")
echo "kehoach: bad inputs tried: $bad catalogued checks in the [bad-input] tests; $fuzz"
