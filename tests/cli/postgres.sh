#!/usr/bin/env bash
# The kehoach tool's errors that only a PostgreSQL store has (docs/store.md):
# a database without a store, a wrong password, an unreachable server, a URI
# that is not one, against the throwaway test cluster (scripts/postgres.sh;
# ctest passes its URI in KEHOACH_TEST_POSTGRES_URI). Everything else the
# tool does runs on PostgreSQL in end_to_end.sh (ctest cli.end_to_end_on_postgres).
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

check "a database without a store is a store error" 3 "holds no kehoach store" -- "$kehoach" status
"$bin/psql" "$KEHOACH_DB" -qc "CREATE TABLE invoices (id integer)" || exit 1
check "init refuses a database of another application" 3 "another application" -- "$kehoach" init
checks=$((checks + 1))
if [ "$("$bin/psql" "$KEHOACH_DB" -qtAc "SELECT count(*) FROM pg_tables WHERE schemaname = '$schema'")" != 1 ]; then
  failures=$((failures + 1)); echo "FAILED: init wrote beside another application's tables"
fi
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
