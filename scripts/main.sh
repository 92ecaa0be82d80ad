#!/usr/bin/env bash
# The README's first command: install what is missing, build the library and
# the kehoach tool, and run the main job on the embedded default store
# (build/demo/kehoach.db): load the three seed plans and the synthetic demo
# data, then print where each plan stands.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
kehoach="$root/build/release/tools/kehoach"
data="$root/examples/data"
mkdir -p build/demo
cd build/demo
rm -f kehoach.db kehoach.db-wal kehoach.db-shm
"$kehoach" init
"$kehoach" validate --quiet "$data"/*.plan.json
"$kehoach" import "$data"/*.plan.json
"$kehoach" record "$data/demo/records.json"
"$kehoach" cases import --user demo-cb-42 --role case_worker --unit 42 "$data/demo/cases-42.csv"
"$kehoach" cases import --user demo-cb-86 --role case_worker --unit 86 "$data/demo/cases-86.csv"
"$kehoach" status --user demo-officer-86 --role officer --unit 86
