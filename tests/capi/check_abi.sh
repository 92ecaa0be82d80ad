#!/usr/bin/env bash
# abidiff: the built libkehoach_c has no incompatible change against the
# committed baseline (capi/abi/libkehoach_c.abi, made by abidw). Adding
# functions is allowed; changing or removing them is not.
set -uo pipefail
lib=$1 baseline=$2 headers=$3
if ! command -v abidiff >/dev/null; then
  echo "abidiff is missing (Debian package abigail-tools)"
  exit 1
fi
abidiff --no-added-syms --headers-dir2 "$headers" "$baseline" "$lib"
status=$?
# 0: nothing changed but additions (--no-added-syms). 4: a change to an existing
# interface, 8: an incompatible one, 1 and 2: errors. The promise is "add, never
# change", so anything but 0 fails; appending a field to an options struct is
# an addition that needs the baseline regenerated on purpose (docs/c-api.md).
if [ "$status" -ne 0 ]; then
  echo "abidiff: the ABI changed or abidiff failed (status $status)"
  exit 1
fi
echo "abidiff: no change to the committed ABI"
