#!/usr/bin/env bash
# The exported symbols of libkehoach_c equal the committed list (capi/symbols.txt).
set -euo pipefail
lib=$1 expected=$2
actual=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sed 's/@.*//' | grep -v '^KEHOACH_C_' | sort -u)
if ! diff <(sort -u "$expected") <(echo "$actual"); then
  echo "the exported symbols differ from $expected (< committed, > built)"
  exit 1
fi
echo "exported symbols: $(echo "$actual" | wc -l), as committed"
