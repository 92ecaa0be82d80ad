#!/usr/bin/env bash
# Rules of the source tree that the compiler does not check (docs/architecture.md):
#  1. One class per error code: nothing throws a bare kehoach::Error or builds
#     a StoreError from a code; throw the code's class (or throw_error(code, …)).
#  2. The faces map codes through the one error table: no switch over
#     ErrorCode outside src/model/error.cpp.
#  3. The engine is pure: src/model, src/metrics, src/cases and src/codec
#     include no store header, no SQLiteCpp and no sqlite3.h.
#  3b. One codec layer: no JSON library (nlohmann) outside src/codec; the
#     engine and the store hand values to the codec.
#  4. No SQL text outside the store (src/store): no string literal that starts
#     a statement (SELECT, INSERT, UPDATE, DELETE, CREATE, WITH, PRAGMA) in
#     the engine, the codecs or the faces.
#  4b. Within the store, SQL text lives in the SQLite adapter
#     (src/store/sqlite/) and the PostgreSQL one (src/store/postgres/): the
#     Store orchestrates over the storage port, only store.cpp (the
#     composition root, which opens an adapter) names one, and neither
#     adapter includes the other.
#  5. The faces (capi, bindings, tools) include only the public headers: no
#     header of src/ (store/, metrics/, cases/, codec/, model/).
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
engine=$(find src/model src/metrics src/cases src/codec \( -name '*.cpp' -o -name '*.hpp' \) | sort)
# shellcheck disable=SC2086
rule "the engine includes the store or SQLite" \
  "$(grep -nE '#include[[:space:]]*[<"](store/|SQLiteCpp|sqlite3\.h)' $engine)"
not_codec=$(find src \( -name '*.cpp' -o -name '*.hpp' \) -not -path 'src/codec/*' | sort)
# shellcheck disable=SC2086
rule "JSON written or read outside the codec layer (src/codec)" \
  "$(grep -nE 'nlohmann' $not_codec)"
outside_store=$(find src capi bindings tools \( -name '*.cpp' -o -name '*.hpp' \) -not -path 'src/store/*' | sort)
# shellcheck disable=SC2086
rule "SQL text outside src/store" \
  "$(grep -nE '"(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|PRAGMA)[[:space:]]' $outside_store)"
store_outside_adapter=$(find src/store \( -name '*.cpp' -o -name '*.hpp' \) -not -path 'src/store/sqlite/*' -not -path 'src/store/postgres/*' | sort)
# shellcheck disable=SC2086
rule "SQL text in the store outside its adapters (src/store/sqlite/, src/store/postgres/)" \
  "$(grep -nE '"(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|PRAGMA)[[:space:]]' $store_outside_adapter)"
# shellcheck disable=SC2086
rule "the Store's orchestration includes or calls SQLite" \
  "$(grep -nE '#include[[:space:]]*<(SQLiteCpp|sqlite3\.h)|SQLite::|sqlite3_' $store_outside_adapter)"
# shellcheck disable=SC2086
rule "the adapter named outside the composition root (src/store/store.cpp)" \
  "$(grep -nE '#include[[:space:]]*"store/(sqlite|postgres)/|sqlite::|postgres::' $store_outside_adapter | grep -v '^src/store/store.cpp:')"
# shellcheck disable=SC2086
rule "one adapter includes the other" \
  "$(grep -nE '#include[[:space:]]*"store/postgres/' $(find src/store/sqlite -name '*.?pp') ; grep -nE '#include[[:space:]]*"store/sqlite/|SQLite::|sqlite3' $(find src/store/postgres -name '*.?pp'))"
faces=$(find capi bindings tools \( -name '*.cpp' -o -name '*.hpp' -o -name '*.c' \) | sort)
# shellcheck disable=SC2086
rule "a face includes an internal header" \
  "$(grep -nE '#include[[:space:]]*"(store|metrics|cases|codec|model)/' $faces)"
echo "source rules: $failures broken"
[ "$failures" -eq 0 ]
