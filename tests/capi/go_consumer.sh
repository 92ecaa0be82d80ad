#!/usr/bin/env bash
# A consumer in a second language: the Go example (cgo) builds against
# libkehoach_c and prints a seed plan's status.
set -euo pipefail
libdir=$1 src=$2 work=$3
if ! command -v go >/dev/null; then
  echo "go is not installed (scripts/install-deps.sh installs golang-go)"
  exit 1
fi
mkdir -p "$work"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false GOCACHE="$work/cache" GOPATH="$work/gopath" CGO_ENABLED=1
export CGO_LDFLAGS="-L$libdir -lkehoach_c -Wl,-rpath,$libdir"
cd "$src/examples/go"
out=$(go run . "$src/examples/data/cai-nhum-2026.plan.json" 2026-12-31)
echo "$out"
grep -q "plan cai-nhum-gbv-2026-2030 as of 2026-12-31" <<<"$out"
grep -q "target tg-a-1 (item a): actual —, no_data" <<<"$out"
grep -q "a malformed document is refused: kehoach error -2" <<<"$out"
