#!/usr/bin/env bash
# A store on a read-only file system (a read-only bind mount in a private
# mount namespace): it opens read-only, is read, and every write fails with a
# message that says why, leaving the file as it was.
# Usage: read_only_medium.sh KEHOACH_BINARY SOURCE_DIR. Exits 77 (skipped)
# where a mount namespace cannot be made (not root, no unshare).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kehoach=$1 src=$2
data="$src/examples/data"
if [ "${KEHOACH_IN_NAMESPACE:-}" != 1 ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/rw" "$work/ro"
  "$kehoach" --db "$work/rw/k.db" init >/dev/null || exit 1
  "$kehoach" --db "$work/rw/k.db" import "$data/cai-nhum-2026.plan.json" >/dev/null || exit 1
  "$kehoach" --db "$work/rw/k.db" cases import --user cb --role case_worker --unit 86 "$data/demo/cases-86.csv" >/dev/null || exit 1
  before=$(sha256sum "$work/rw/k.db" | cut -d' ' -f1)
  if ! unshare -m true 2>/dev/null; then echo "skipped: no mount namespace (needs root and unshare)"; exit 77; fi
  KEHOACH_IN_NAMESPACE=1 unshare -m bash "$0" "$kehoach" "$src" "$work"
  rc=$?
  after=$(sha256sum "$work/rw/k.db" | cut -d' ' -f1)
  [ "$before" = "$after" ] || { echo "FAILED: the store file changed"; exit 1; }
  exit $rc
fi
work=$3
mount --bind "$work/rw" "$work/ro" && mount -o remount,bind,ro "$work/ro" || { echo "skipped: cannot mount read-only"; exit 77; }
touch "$work/ro/probe" 2>/dev/null && { echo "FAILED: the mount is writable"; exit 1; }
source "$here/check.sh"
db="$work/ro/k.db"
check "a store on a read-only medium is read" 0 "Chỉ tiêu" -- "$kehoach" --db "$db" status --as-of 2026-11-25
check "metrics are read" 0 '"plan"' -- "$kehoach" --db "$db" export metrics --as-of 2026-11-25
check "an import fails saying why" 3 "opened read-only: it is on a read-only file system" -- \
  "$kehoach" --db "$db" import "$src/examples/data/huong-khe-2021.plan.json"
check "a records write fails saying why" 3 "read-only file system" -- "$kehoach" --db "$db" record "$src/examples/data/demo/records.json"
check "case reads, which are audited, fail saying why" 3 "read-only file system" -- \
  "$kehoach" --db "$db" cases export --user cb --role case_worker --unit 86 --period 2026
echo "$((checks - failures)) of $checks read-only medium checks passed"
[ "$failures" -eq 0 ]
