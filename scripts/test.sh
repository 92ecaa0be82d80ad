#!/usr/bin/env bash
# The README's second command: install what is missing, then build and run
# every test twice — with warnings as errors, and under AddressSanitizer and
# UndefinedBehaviorSanitizer. .ci/run calls exactly this.
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
