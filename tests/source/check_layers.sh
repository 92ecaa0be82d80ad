#!/usr/bin/env bash
# Rules of the source tree that the compiler does not check (docs/architecture.md):
#  1. One class per error code: nothing throws a bare kehoach::Error or builds
#     a StoreError from a code; throw the code's class (or throw_error(code, …)).
#  2. The faces map codes through the one error table: no switch over
#     ErrorCode outside src/model/error.cpp.
set -uo pipefail
root=$1
cd "$root" || exit 2
failures=0
rule() {
  local what=$1 hits=$2
  if [ -n "$hits" ]; then
    echo "FAILED: $what"
    echo "$hits"
    failures=$((failures + 1))
  fi
}
sources=$(find src capi bindings tools \( -name '*.cpp' -o -name '*.hpp' \) | sort)
# shellcheck disable=SC2086
rule "a bare Error or a StoreError built from a code" \
  "$(grep -nE '(throw|return)[[:space:]]+(kehoach::)?(Error|StoreError)\(' $sources | grep -v '^src/model/error.cpp:')"
# shellcheck disable=SC2086
rule "a mapping of ErrorCode outside the error table" \
  "$(grep -nE 'case[[:space:]]+(kehoach::)?ErrorCode::' $sources | grep -v '^src/model/error.cpp:')"
echo "source rules: $failures broken"
[ "$failures" -eq 0 ]
