#!/usr/bin/env bash
# expect.sh CODE PATTERN COMMAND...: runs COMMAND, and passes when it exits
# with CODE and its output (stdout and stderr) matches the regular expression PATTERN.
set -uo pipefail
want=$1 pattern=$2
shift 2
out=$("$@" 2>&1)
got=$?
printf '%s\n' "$out"
if [ "$got" -ne "$want" ]; then
  echo "expected exit code $want, got $got" >&2
  exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$out"; then
  echo "output does not match: $pattern" >&2
  exit 1
fi
