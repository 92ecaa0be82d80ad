#!/usr/bin/env bash
# The kehoach tool on a PostgreSQL store (docs/store.md): init, import,
# records, cases, status, the audit checks and the errors of a wrong URI, a
# wrong password and an unreachable server, against the throwaway test cluster
# (scripts/postgres.sh; ctest passes its URI in KEHOACH_TEST_POSTGRES_URI).
# Usage: postgres.sh KEHOACH_BINARY SOURCE_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kehoach=$1 src=$2
data="$src/examples/data"
base=${KEHOACH_TEST_POSTGRES_URI:?KEHOACH_TEST_POSTGRES_URI is not set}
source "$here/check.sh"

# A schema of its own (docs/store.md, "Several stores in one database").
schema="kh_cli_$$"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
"$bin/psql" "$base" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" || exit 1
trap '"$bin/psql" "$base" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1' EXIT
export KEHOACH_DB="$base?options=-csearch_path%3D$schema"

principal=(--user cb-86 --role case_worker --unit 86)
check "a database without a store is a store error" 3 "holds no kehoach store" -- "$kehoach" status
check "init creates the store, password hidden" 0 "kehoach:\*\*\*@.*\(schema 8\)" -- "$kehoach" init
check "init again is harmless" 0 "schema 8" -- "$kehoach" init
check "import the seed plans" 0 "3 kế hoạch" -- "$kehoach" import "$data"/huong-khe-2021.plan.json "$data"/cai-nhum-2026.plan.json "$data"/thuong-quang-2023.plan.json
check "importing a plan twice is a data error" 1 "already in the store" -- "$kehoach" import "$data"/cai-nhum-2026.plan.json
check "record the demo records" 0 "14 số liệu chỉ tiêu" -- "$kehoach" record "$data/demo/records.json"
check "import cases as a case worker" 0 "140 vụ việc" -- "$kehoach" cases import "${principal[@]}" "$data/demo/cases-86.csv"
check "status with case indicators, suppressed for an officer" 0 "k = 5" -- "$kehoach" status --as-of 2026-11-25 --user o --role officer --unit 86
check "the audit trail verifies" 0 "nguyên vẹn" -- "$kehoach" audit verify --user k --role auditor --unit 86
check "the integrity check finds the store whole" 0 "nguyên vẹn" -- "$kehoach" audit integrity --user k --role auditor --unit 86
check "a wrong password names the cause, never the password" 3 "refused the credentials" -- \
  "$kehoach" --db "${base/kehoach-test/wrong-password}" status
checks=$((checks + 1))
if "$kehoach" --db "${base/kehoach-test/wrong-password}" status 2>&1 | grep -q wrong-password; then
  failures=$((failures + 1)); echo "FAILED: a message shows the password"
fi
check "an unreachable server names the cause" 3 "cannot be reached" -- "$kehoach" --db "postgresql://kehoach@127.0.0.1:1/kehoach" status
check "a URI that is not one" 3 "not a (valid )?PostgreSQL connection URI" -- "$kehoach" --db "postgresql://kehoach@127.0.0.1:notaport/kehoach" status
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
