# Sourced by the CLI test scripts: `check NAME EXPECTED_EXIT PATTERN -- COMMAND...`
# runs COMMAND and counts a failure (printing its output) unless it exits with
# EXPECTED_EXIT and its output (stdout and stderr) matches PATTERN.
failures=0 checks=0
check() {
  local name=$1 want=$2 pattern=$3
  shift 4
  local out got
  out=$("$@" 2>&1)
  got=$?
  checks=$((checks + 1))
  if [ "$got" -ne "$want" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
    failures=$((failures + 1))
    echo "FAILED: $name (exit $got, expected $want; pattern: $pattern)"
    echo "$out" | head -20
  fi
}
