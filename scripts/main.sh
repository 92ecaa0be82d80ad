#!/usr/bin/env bash
# The README's first command: install what is missing, build the library and
# the kehoach tool, and run the main job on the seed plans.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
build/release/tools/kehoach validate examples/data/*.plan.json
