#!/usr/bin/env bash
# The C ABI's test program again, its main store an empty schema of its own in
# the PostgreSQL test cluster (scripts/postgres.sh; ctest passes the URI).
# Usage: on_postgres.sh KEHOACH_CAPI_TESTS DATA_DIR WORK_DIR
set -euo pipefail
base=${KEHOACH_TEST_POSTGRES_URI:?KEHOACH_TEST_POSTGRES_URI is not set}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
schema="kh_capi_$$"
"$bin/psql" "$base" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
trap '"$bin/psql" "$base" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1' EXIT
mkdir -p "$3"
KEHOACH_TEST_STORE="$base?options=-csearch_path%3D$schema" "$1" "$2" "$3"
