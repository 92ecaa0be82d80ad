#!/usr/bin/env bash
# Runs the built kehoach tool end to end on the seed plans and the demo data:
# init, import, record, cases import, status in both languages, JSON output
# parsed and checked, exports, packages, the audit trail, and every exit code.
# The same script runs on either engine: with ENGINE `postgres` the two stores
# it uses are two schemas of the test cluster's database (scripts/postgres.sh;
# ctest passes its URI in KEHOACH_TEST_POSTGRES_URI), with `sqlite` (the
# default) two files in a directory of its own.
# Usage: end_to_end.sh KEHOACH_BINARY SOURCE_DIR [sqlite|postgres]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kehoach=$1 src=$2 engine=${3:-sqlite}
data="$src/examples/data"
work=$(mktemp -d)
cd "$work"
source "$here/check.sh"

case "$engine" in
  sqlite)
    trap 'rm -rf "$work"' EXIT
    store=kehoach.db upper=upper.db
    no_store="no such store" created="kehoach.db \(schema 16\)"
    # Deletes one month of case cells behind the library's back.
    tamper() { python3 -c 'import sqlite3; d = sqlite3.connect("kehoach.db"); d.execute("DELETE FROM case_cells WHERE month = (SELECT min(month) FROM case_cells)"); d.commit()'; }
    ;;
  postgres)
    base=${KEHOACH_TEST_POSTGRES_URI:?KEHOACH_TEST_POSTGRES_URI is not set}
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    # Two schemas of their own (docs/store.md, "Several stores in one database").
    schemas="kh_e2e_$$ kh_e2e_upper_$$"
    drop() { for s in $schemas; do "$bin/psql" "$base" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $s CASCADE"; done; }
    drop || exit 1
    for s in $schemas; do "$bin/psql" "$base" -qc "CREATE SCHEMA $s" || exit 1; done
    trap 'drop >/dev/null 2>&1; rm -rf "$work"' EXIT
    store="$base?options=-csearch_path%3Dkh_e2e_$$" upper="$base?options=-csearch_path%3Dkh_e2e_upper_$$"
    no_store="holds no kehoach store" created="kehoach:\*\*\*@.*\(schema 16\)"
    tamper() { "$bin/psql" "$store" -qc "DELETE FROM case_cells WHERE month = (SELECT min(month) FROM case_cells)"; }
    ;;
  *) echo "end_to_end.sh: unknown engine '$engine' (sqlite or postgres)" >&2; exit 2 ;;
esac
# On SQLite the commands that name no store use the tool's default
# (kehoach.db in the working directory); on PostgreSQL, $KEHOACH_DB.
[ "$engine" = postgres ] && export KEHOACH_DB="$store"

principal=(--user cb-86 --role case_worker --unit 86)
check "status before init is a store error" 3 "$no_store" -- "$kehoach" status
check "init creates the store" 0 "$created" -- "$kehoach" init
check "init again is harmless" 0 "schema 16" -- "$kehoach" init
check "import the seed plans" 0 "3 kế hoạch" -- "$kehoach" import "$data"/huong-khe-2021.plan.json "$data"/cai-nhum-2026.plan.json "$data"/thuong-quang-2023.plan.json
check "importing a plan twice is a data error" 1 "already in the store" -- "$kehoach" import "$data"/cai-nhum-2026.plan.json
check "a bad plan names its field" 1 "/targets/0/milestones/1/date: milestones out of order" -- "$kehoach" import "$src/tests/data/bad/milestones_out_of_order.json"
check "record the demo records" 0 "14 số liệu chỉ tiêu" -- "$kehoach" record "$data/demo/records.json"
printf 'plan,target,date,value\ncai-nhum-gbv-2026-2030,tg-a-1,31/10/2026,150\n' > bad.csv
check "a bad CSV row names line and field, and nothing is written" 1 "/observations/0/value: a percent lies in 0–100" -- "$kehoach" record --kind observations bad.csv
check "a CSV without --kind is a usage error" 2 "needs --kind" -- "$kehoach" record bad.csv
printf 'plan,target,date,value\ncai-nhum-gbv-2026-2030,tg-a-1,31/10/2026,80\n' > good.csv
check "record observations from CSV" 0 "1 số liệu chỉ tiêu" -- "$kehoach" record --kind observations good.csv
check "cases need a principal (a usage error)" 2 "needs --user" -- "$kehoach" cases import "$data/demo/cases-86.csv"
check "an officer may not write cases" 1 "may not write case records" -- "$kehoach" cases import --user o --role officer --unit 86 "$data/demo/cases-86.csv"
check "import cases as a case worker" 0 "140 vụ việc" -- "$kehoach" cases import "${principal[@]}" "$data/demo/cases-86.csv"
check "status in Vietnamese" 0 "Chỉ tiêu" -- "$kehoach" status --as-of 25/11/2026
check "status in English" 0 "Reports: Received" -- "$kehoach" --lang en status --as-of 2026-11-25
check "status with case indicators, suppressed for an officer" 0 "k = 5" -- "$kehoach" status --as-of 2026-11-25 --user o --role officer --unit 86
check "status for a unit" 0 "Tổng" -- "$kehoach" status --as-of 2026-11-25 --scope-unit 86
check "a bad date is a data error" 1 "not a valid date" -- "$kehoach" status --as-of 31/02/2026
check "an unknown plan is a data error" 1 "not in the store" -- "$kehoach" status --plan khong-co
check "an unknown option is a usage error" 2 "" -- "$kehoach" status --frobnicate
check "no subcommand is a usage error" 2 "subcommand" -- "$kehoach"

"$kehoach" status --as-of 2023-12-31 --plan thuong-quang-bdg-2023 --json > status.json
checks=$((checks + 1))
if ! python3 - status.json <<'PY'; then failures=$((failures + 1)); echo "FAILED: the status JSON"; fi
import json, sys
m = json.load(open(sys.argv[1]))
r = m["reporting"]
assert m["scope"]["plan"] == "thuong-quang-bdg-2023", m["scope"]
assert (r["expected"], r["received"], r["on_time"]) == (4, 3, 2), r
assert r["reporting_rate"]["value"] == 75.0 and r["reporting_rate"]["unit"] == "percent"
assert r["missing"][0]["agency"] == "cac-thon"
assert m["budget"]["total"]["execution_rate"] == 90.0
assert m["plan_compliance"]["numerator"] == 2 and m["plan_compliance"]["denominator"] == 4
PY
"$kehoach" status --as-of 2025-12-31 --plan huong-khe-48-kh-ubnd-2021 --json > hk.json
checks=$((checks + 1))
if ! python3 - hk.json <<'PY'; then failures=$((failures + 1)); echo "FAILED: the target JSON"; fi
import json, sys
m = json.load(open(sys.argv[1]))
t = {x["target"]: x for x in m["targets"]}
assert t["ct-1"]["actual"] == 48.5 and t["ct-1"]["expected"] == 50 and t["ct-1"]["status"] == "at_risk", t["ct-1"]
assert t["ct-1"]["milestones"][0]["result"] == "missed"
assert t["ct-2"]["numerator"] == 48 and t["ct-2"]["denominator"] == 50
PY

check "export the plan document equal to the imported one" 0 "" -- "$kehoach" export plan cai-nhum-gbv-2026-2030 -o exported.json
checks=$((checks + 1))
if ! cmp -s exported.json "$data/cai-nhum-2026.plan.json"; then failures=$((failures + 1)); echo "FAILED: export differs from the document"; fi
check "export metrics as CSV" 0 "^plan,as_of,target" -- "$kehoach" export metrics --as-of 2026-11-25 --csv
check "export cases as CSV" 0 "^record,code" -- "$kehoach" cases export "${principal[@]}" --period 2025 --format csv
check "export a package" 0 "" -- "$kehoach" package export "${principal[@]}" --period 2025Q3 --as-of 2026-11-25 -o package.json
checks=$((checks + 1))
grep -q '"kehoach-package"' package.json || { failures=$((failures + 1)); echo "FAILED: the package file"; }
grep -q 'VL-0' package.json && { failures=$((failures + 1)); echo "FAILED: case codes left the unit"; }
check "import the package at the unit above, once" 0 "" -- "$kehoach" --db "$upper" init
check "import the package" 0 "" -- "$kehoach" --db "$upper" import "$data/cai-nhum-2026.plan.json"
check "import the package" 0 "" -- "$kehoach" --db "$upper" package import --user o --role officer --unit 86 package.json
check "the same package twice is refused" 1 "already imported" -- "$kehoach" --db "$upper" package import --user o --role officer --unit 86 package.json
check "a store holding the unit's cases does not import its package" 1 "decision 0024" -- "$kehoach" package import --user o --role officer --unit 86 package.json
check "the imported packages rolled up" 0 "86" -- "$kehoach" --db "$upper" package rollup --user o --role officer --unit 86 --period 2025Q3
check "the roll-up as JSON" 0 '"cases"' -- "$kehoach" --db "$upper" package rollup --user o --role officer --unit 86 --period 2025Q3 --json
check "an auditor may not roll up" 1 "" -- "$kehoach" --db "$upper" package rollup --user k --role auditor --unit 86 --period 2025Q3
check "the packages rolled up by the units of a day" 0 "theo địa giới hành chính ngày 31/12/2026" -- "$kehoach" --db "$upper" package rollup --user o --role officer --unit 86 --period 2025Q3 --boundaries 31/12/2026
check "the packages by the units of a day as JSON" 0 '"boundaries": "2026-12-31"' -- "$kehoach" --db "$upper" package rollup --user o --role officer --unit 86 --period 2025Q3 --boundaries 2026-12-31 --json
check "packages of a unit with no version that day" 1 "no version valid on 2026-12-31" -- "$kehoach" --db "$upper" package rollup --user o --role officer --unit 86 --of 99999 --period 2025Q3 --boundaries 2026-12-31
check "the reporting roll-up by unit" 0 "x-cai-nhum" -- "$kehoach" reporting --scope-unit 86 --as-of 2026-11-25
check "the reporting roll-up as JSON" 0 '"expected"' -- "$kehoach" --lang en reporting --scope-unit 86 --as-of 2026-11-25 --json
check "the reporting of an unknown unit" 1 "" -- "$kehoach" reporting --scope-unit khong-co
check "the audit trail verifies" 0 "nguyên vẹn" -- "$kehoach" audit verify --user k --role auditor --unit 86
check "the verification gives the head hash to keep" 0 "head [0-9a-f]{64}" -- "$kehoach" audit verify --user k --role auditor --unit 86
check "only an auditor verifies" 1 "may not verify" -- "$kehoach" audit verify "${principal[@]}"
check "the audit trail, one entry per line" 0 "case.write" -- "$kehoach" audit trail --user k --role auditor --unit 86
check "the audit trail as JSON" 0 '"prev_hash"' -- "$kehoach" audit trail --json --user k --role auditor --unit 86
check "only an auditor reads the trail" 1 "" -- "$kehoach" audit trail "${principal[@]}"
check "one case, as a cases document" 0 '"code": "VL-0001"' -- "$kehoach" cases show "${principal[@]}" VL-0001
"$kehoach" cases show "${principal[@]}" VL-0001 -o case.json >/dev/null 2>&1
check "an unknown case is not found" 1 "" -- "$kehoach" cases show "${principal[@]}" VL-9999
check "an officer may not read a case" 1 "" -- "$kehoach" cases show --user o --role officer --unit 86 VL-0001
check "the loaded case written back is an update" 0 "x-cai-nhum:VL-0001" -- "$kehoach" cases update "${principal[@]}" case.json
check "the version of a case document" 0 "^[0-9a-f]{64}$" -- "$kehoach" cases version case.json
version=$("$kehoach" cases version case.json)
check "an update against the version read" 0 "x-cai-nhum:VL-0001" -- "$kehoach" cases update "${principal[@]}" --expect "$version" case.json
check "a stale update is refused" 1 "changed since it was read" -- "$kehoach" cases update "${principal[@]}" --expect "$(printf '0%.0s' {1..64})" case.json
check "close a case" 0 "Đã kết thúc vụ việc: VL-0002" -- "$kehoach" cases close "${principal[@]}" VL-0002 --on 01/05/2025
check "a closed case is not closed again" 1 "already closed" -- "$kehoach" cases close "${principal[@]}" VL-0002 --on 02/05/2025
check "a case closed before its intake is refused" 1 "/closed_on" -- "$kehoach" cases close "${principal[@]}" VL-0003 --on 2025-01-01
check "the closed cases listed" 0 "VL-0002 +13/4/2025 +Đã kết thúc" -- "$kehoach" cases list "${principal[@]}" --status closed
check "the list as JSON" 0 '"closed_on": "2025-05-01"' -- "$kehoach" cases list "${principal[@]}" --status closed --json
check "a page of two tells where the next starts" 0 "Trang sau" -- "$kehoach" cases list "${principal[@]}" --limit 2
check "the list in English" 0 "Next page" -- "$kehoach" --lang en cases list "${principal[@]}" --limit 2
check "reopen a case" 0 "Đã mở lại vụ việc: VL-0002" -- "$kehoach" cases reopen "${principal[@]}" VL-0002
check "an open case is not reopened" 1 "is open" -- "$kehoach" cases reopen "${principal[@]}" VL-0002
check "an officer may not list cases" 1 "" -- "$kehoach" cases list --user o --role officer --unit 86
check "a bad cursor is refused" 1 "/after" -- "$kehoach" cases list "${principal[@]}" --after nonsense
check "the plans, one per line" 0 "^cai-nhum-gbv-2026-2030$" -- "$kehoach" plan list
check "the units of the store" 0 "x-cai-nhum" -- "$kehoach" units
check "the units as JSON" 0 '"code": "86"' -- "$kehoach" units --json
printf 'code,name,level,parent,valid_from,valid_to\n29701,Xã Mỹ Một,commune,86,,30/06/2025\n29702,Xã Mỹ Hai,commune,86,,2025-06-30\n29701,Xã Mỹ Hợp,commune,86,2025-07-01,\n' > units.csv
printf 'old_code,new_code,date,share\n29701,29701,2025-07-01,\n29702,29701,2025-07-01,\n' > successions.csv
check "the register records a merger" 0 "Đã ghi sổ đơn vị hành chính: 3 phiên bản, 2 lần kế thừa" -- "$kehoach" units import units.csv --successions successions.csv
check "the register again is harmless" 0 "" -- "$kehoach" units import units.csv --successions successions.csv
check "a unit's history" 0 "Tiếp nhận từ 29702 2025-07-01" -- "$kehoach" units show 29701
check "a unit's history in English" 0 "Passed to 29701 2025-07-01" -- "$kehoach" --lang en units show 29702
check "a unit's history as JSON" 0 '"name": "Xã Mỹ Hợp"' -- "$kehoach" units show 29701 --json
check "the current row of a merged unit" 0 "29701.*Xã Mỹ Hợp" -- "$kehoach" units
check "an unknown unit's history is not found" 1 "not in the store" -- "$kehoach" units show 99999
check "the units of a day before the merger" 0 "29702.*Xã Mỹ Hai" -- "$kehoach" units on 30/06/2025
check "the units of a day as JSON" 0 '"name": "Xã Mỹ Hợp"' -- "$kehoach" units on 2025-07-01 --json
check "a day that does not exist" 1 "" -- "$kehoach" units on 31/02/2025
check "the reporting by the units of a day" 0 "theo địa giới hành chính ngày 31/12/2026" -- "$kehoach" reporting --scope-unit 86 --as-of 2026-11-25 --boundaries 31/12/2026
check "the reporting by the units of a day as JSON" 0 '"boundaries": "2026-12-31"' -- "$kehoach" reporting --scope-unit 86 --as-of 2026-11-25 --boundaries 2026-12-31 --json
check "a unit with no version that day" 1 "no version valid on 2026-12-31" -- "$kehoach" reporting --scope-unit 29702 --boundaries 2026-12-31
check "the status by the units of a day" 0 '"boundaries": "2026-12-31"' -- "$kehoach" status --scope-unit 86 --as-of 2026-11-25 --boundaries 2026-12-31 --json
check "--boundaries needs --scope-unit or --user" 2 "needs --scope-unit or --user" -- "$kehoach" status --boundaries 2026-12-31
check "case indicators by the units of a day" 0 "theo địa giới hành chính ngày 31/12/2026" -- "$kehoach" status --as-of 2026-11-25 --user o --role officer --unit 86 --boundaries 31/12/2026
check "a case worker by the units of a day gets released numbers" 0 "k = 5" -- "$kehoach" status --as-of 2026-11-25 "${principal[@]}" --boundaries 31/12/2026
check "case indicators of a unit with no version that day" 1 "no version valid on 2026-12-31" -- "$kehoach" status --as-of 2026-11-25 --user o --role officer --unit 86 --scope-unit 29702 --boundaries 31/12/2026
printf 'code,name,level,parent,valid_from,valid_to\n29703,Xã Ba,commune,86,2025-07-01,2025-06-30\n' > bad-units.csv
check "a version that ends before it starts names its field" 1 "/versions/0/valid_to: the version ends" -- "$kehoach" units import bad-units.csv
printf 'old_code,new_code,date\n29701,29701,31/02/2025\n' > bad-successions.csv
check "a CSV error names the file, line and column" 1 "successions line 2, column date" -- "$kehoach" units import units.csv --successions bad-successions.csv
check "a target's observations" 0 '"kehoach-records"' -- "$kehoach" observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1
printf 'plan,target,date,value\ncai-nhum-gbv-2026-2030,tg-a-1,30/11/2026,60\n' > late.csv
printf 'plan,target,date,value\ncai-nhum-gbv-2026-2030,tg-a-1,30/11/2026,65\n' > corrected.csv
check "record an observation" 0 "1 số liệu chỉ tiêu" -- "$kehoach" record --kind observations late.csv
check "the same file again is a no-op" 0 "1 số liệu chỉ tiêu" -- "$kehoach" record --kind observations late.csv
check "a changed value is a correction" 0 "1 số liệu chỉ tiêu" -- "$kehoach" record --kind observations corrected.csv
check "the corrected value is the one that holds" 0 '"value": 65.0' -- "$kehoach" observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1
check "the history keeps the value it replaced" 0 '"value": 60.0' -- "$kehoach" observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --history
check "the history says when it was replaced" 0 '"replaced_at": "20' -- "$kehoach" observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --history
check "a retraction" 0 "Đã rút lại số liệu: cai-nhum-gbv-2026-2030 tg-a-1 30/11/2026" -- "$kehoach" observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --retract 2026-11-30
check "a retraction in English" 1 "nothing holds to retract" -- "$kehoach" --lang en observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --retract 2026-11-30
check "the history shows the retraction" 0 '"retracted": true' -- "$kehoach" observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --history
check "--history and --retract together are a usage error" 2 "excludes" -- "$kehoach" observations --plan cai-nhum-gbv-2026-2030 --target tg-a-1 --history --retract 2026-11-30
printf 'plan,duty,reporter,period,submitted\ncai-nhum-gbv-2026-2030,rd-phong-nganh-hang-nam,phong-nganh-xa,2026,2026-11-18\n' > sent.csv
check "record a submission" 0 "1 báo cáo" -- "$kehoach" record --kind submissions sent.csv
check "the same submission again is a no-op" 0 "1 báo cáo" -- "$kehoach" record --kind submissions sent.csv
check "a duty's submissions" 0 '"submitted": "2026-11-18"' -- "$kehoach" submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam
check "a submission's history" 0 '"retracted_at": null' -- "$kehoach" submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam --history
check "a submission retracted" 0 "Đã rút lại báo cáo: cai-nhum-gbv-2026-2030 rd-phong-nganh-hang-nam phong-nganh-xa 2026 18/11/2026" -- "$kehoach" submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam --retract 2026-11-18 --reporter phong-nganh-xa --period 2026
check "a retraction of what does not hold" 1 "nothing holds to retract" -- "$kehoach" --lang en submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam --retract 2026-11-18 --reporter phong-nganh-xa --period 2026
check "the history shows the retraction" 0 '"retracted_at": "20' -- "$kehoach" submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam --history
check "--retract needs --reporter and --period" 2 "requires" -- "$kehoach" submissions --plan cai-nhum-gbv-2026-2030 --duty rd-phong-nganh-hang-nam --retract 2026-11-18
printf 'plan,year,source,agency,task,dated,amount\ncai-nhum-gbv-2026-2030,2026,f-ngan-sach,phong-vhxh,,2026-01-15,30000000\n' > allocated.csv
printf 'plan,year,source,agency,task,dated,amount\ncai-nhum-gbv-2026-2030,2026,f-ngan-sach,phong-vhxh,,2026-01-15,35000000\n' > reallocated.csv
check "record an allocation" 0 "1 " -- "$kehoach" record --kind allocations allocated.csv
check "the same allocation again is a no-op" 0 "1 " -- "$kehoach" record --kind allocations allocated.csv
check "another amount is a correction" 0 "1 " -- "$kehoach" record --kind allocations reallocated.csv
check "a plan's allocations" 0 '"amount": 35000000' -- "$kehoach" allocations --plan cai-nhum-gbv-2026-2030
check "the history keeps the amount it replaced" 0 '"amount": 30000000' -- "$kehoach" allocations --plan cai-nhum-gbv-2026-2030 --history
check "an allocation retracted" 0 "Đã rút lại dự toán: cai-nhum-gbv-2026-2030 2026 f-ngan-sach phong-vhxh 15/1/2026" -- "$kehoach" allocations --plan cai-nhum-gbv-2026-2030 --retract 2026-01-15 --year 2026 --source f-ngan-sach --agency phong-vhxh
check "a retraction of what does not hold" 1 "nothing holds to retract" -- "$kehoach" --lang en allocations --plan cai-nhum-gbv-2026-2030 --retract 2026-01-15 --year 2026 --source f-ngan-sach --agency phong-vhxh
check "the history shows the retraction" 0 '"retracted": true' -- "$kehoach" allocations --plan cai-nhum-gbv-2026-2030 --history
check "--retract needs the slice" 2 "requires" -- "$kehoach" allocations --plan cai-nhum-gbv-2026-2030 --retract 2026-01-15
printf 'plan,date,source,agency,task,amount,voucher\ncai-nhum-gbv-2026-2030,2026-03-02,f-ngan-sach,phong-vhxh,,10000000,PC-01\ncai-nhum-gbv-2026-2030,2026-03-02,f-ngan-sach,phong-vhxh,,5000000,\n' > spent.csv
printf 'plan,date,source,agency,task,amount,voucher\ncai-nhum-gbv-2026-2030,2026-03-02,f-ngan-sach,phong-vhxh,,14000000,PC-01\n' > respent.csv
check "record expenditures" 0 "2 " -- "$kehoach" record --kind expenditures spent.csv
check "the same expenditures again are a no-op" 0 "2 " -- "$kehoach" record --kind expenditures spent.csv
check "a plan's expenditures, once each" 0 '"voucher": "PC-01"' -- "$kehoach" expenditures --plan cai-nhum-gbv-2026-2030
test "$("$kehoach" expenditures --plan cai-nhum-gbv-2026-2030 | grep -c '"date": "2026-03-02"')" = 2 || { failures=$((failures + 1)); echo "FAILED: spent.csv recorded twice is not two payments"; }
check "a voucher with another amount is a correction" 0 "1 " -- "$kehoach" record --kind expenditures respent.csv
check "the history keeps the amount it replaced" 0 '"amount": 10000000' -- "$kehoach" expenditures --plan cai-nhum-gbv-2026-2030 --history
check "a payment retracted by voucher" 0 "Đã rút lại khoản chi: cai-nhum-gbv-2026-2030 2/3/2026 f-ngan-sach phong-vhxh PC-01" -- "$kehoach" expenditures --plan cai-nhum-gbv-2026-2030 --retract 2026-03-02 --source f-ngan-sach --agency phong-vhxh --voucher PC-01
check "a payment retracted by amount" 0 "5000000" -- "$kehoach" --lang en expenditures --plan cai-nhum-gbv-2026-2030 --retract 2026-03-02 --source f-ngan-sach --agency phong-vhxh --amount 5000000
check "a retraction of what does not hold" 1 "nothing holds to retract" -- "$kehoach" --lang en expenditures --plan cai-nhum-gbv-2026-2030 --retract 2026-03-02 --source f-ngan-sach --agency phong-vhxh --amount 5000000
check "a retraction without voucher or amount" 1 "give --voucher or --amount" -- "$kehoach" --lang en expenditures --plan cai-nhum-gbv-2026-2030 --retract 2026-03-02 --source f-ngan-sach --agency phong-vhxh
check "--retract needs the payment" 2 "requires" -- "$kehoach" expenditures --plan cai-nhum-gbv-2026-2030 --retract 2026-03-02
check "metrics as known at a time" 0 '"known_at": "2000-01-01T00:00:00Z"' -- "$kehoach" status --plan cai-nhum-gbv-2026-2030 --as-of 2026-12-31 --known-at 2000-01-01T00:00:00Z --json
check "the table says what it was known by" 0 "theo dữ liệu đã ghi đến 2000-01-01T00:00:00Z" -- "$kehoach" status --plan cai-nhum-gbv-2026-2030 --as-of 2026-12-31 --known-at 2000-01-01T00:00:00Z
check "the table says it in English" 0 "as recorded by 2000-01-01T00:00:00Z" -- "$kehoach" --lang en status --scope-unit 86 --as-of 2026-12-31 --known-at 2000-01-01T00:00:00Z
check "metrics exported as known at a time" 0 '"known_at": "2000-01-01T00:00:00Z"' -- "$kehoach" export metrics --plan cai-nhum-gbv-2026-2030 --as-of 2026-12-31 --known-at 2000-01-01T00:00:00Z
check "an empty known-at time is refused, not ignored" 1 "known_at '' is not a UTC time" -- "$kehoach" export metrics --plan cai-nhum-gbv-2026-2030 --known-at ""
check "a known-at time not in the form of recorded_at" 1 "known_at '2026-12-31' is not a UTC time" -- "$kehoach" status --plan cai-nhum-gbv-2026-2030 --known-at 2026-12-31
printf 'plan,task,date,by,status,progress,completed_on,note,occurrence\ncai-nhum-gbv-2026-2030,t-iii-1-1,2026-06-30,cb-86,in_progress,40,,bắt đầu,\n' > task.csv
check "record a task update" 0 "1 " -- "$kehoach" record --kind task_updates task.csv
check "the same file again" 0 "1 " -- "$kehoach" record --kind task_updates task.csv
check "the task's updates: one" 0 '"progress": 40.0' -- "$kehoach" task-updates --plan cai-nhum-gbv-2026-2030 --task t-iii-1-1
check "the task's history says what it replaced" 0 '"old_status": "planned"' -- "$kehoach" task-updates --plan cai-nhum-gbv-2026-2030 --task t-iii-1-1 --history
checks=$((checks + 1))
if [ "$("$kehoach" task-updates --plan cai-nhum-gbv-2026-2030 --task t-iii-1-1 --history | grep -c '"old_status"')" != 1 ]; then failures=$((failures + 1)); echo "FAILED: the task update recorded twice is not stored once"; fi
check "an unknown task is not found" 1 "task 'khong-co' is not in plan" -- "$kehoach" task-updates --plan cai-nhum-gbv-2026-2030 --task khong-co
check "a manual status" 0 "tg-a-1 → on_track" -- "$kehoach" manual-status --plan cai-nhum-gbv-2026-2030 --item tg-a-1 --status on_track --reason "Báo cáo quý III" --by cb-86 --date 2026-11-01
check "a manual status on an unknown target names the field" 1 "/item_id" -- "$kehoach" manual-status --plan cai-nhum-gbv-2026-2030 --item khong-co --status on_track --reason r --by cb-86
check "the integrity check finds the store whole" 0 "nguyên vẹn" -- "$kehoach" audit integrity --user k --role auditor --unit 86
check "the integrity check as JSON" 0 '"problems": \[\]' -- "$kehoach" audit integrity --user k --role auditor --unit 86 --json
printf 'portal-key-0123456789\n' > audit.key
check "an audit key file gives entries MACs" 0 "" -- "$kehoach" --audit-key-file audit.key cases export "${principal[@]}" --period 2025 --format csv
check "the key verifies the MACs" 0 "nguyên vẹn" -- env KEHOACH_AUDIT_KEY_FILE=audit.key "$kehoach" audit verify --user k --role auditor --unit 86
printf 'another-key-0123456789\n' > wrong.key
check "a wrong key is detected" 1 "MAC does not match" -- "$kehoach" --audit-key-file wrong.key audit verify --user k --role auditor --unit 86
tamper
check "deleted cells are found, by record" 1 "^cells x-cai-nhum/2025-01" -- "$kehoach" audit integrity --user k --role auditor --unit 86
check "KEHOACH_DB names the store" 0 "Chỉ tiêu" -- env KEHOACH_DB="$store" "$kehoach" status --plan cai-nhum-gbv-2026-2030
printf 'not a database, just some text that is long enough to be read as a header of a file' > notdb.db
check "a file that is not a store is a store error" 3 "not a kehoach store" -- "$kehoach" --db notdb.db status
check "help for every subcommand has an example" 0 "Example" -- "$kehoach" status --help
if [ -w /dev/full ]; then
  checks=$((checks + 1))
  "$kehoach" export plan cai-nhum-gbv-2026-2030 > /dev/full 2> full.err
  if [ $? -ne 1 ] || ! grep -q "could not be written" full.err; then failures=$((failures + 1)); echo "FAILED: output to a full device"; fi
fi
printf '{"format": "kehoach-plan", "format_version": 9}' > future.json
check "a document of a newer version is a data error, not a store error" 1 "version" -- "$kehoach" import future.json

cat > successions.json <<'JSON'
{"format": "kehoach-agency-successions", "format_version": 1,
 "successions": [{"plan_id": "cai-nhum-gbv-2026-2030", "agency_id": "phong-nganh-xa", "date": "2027-01-01",
                  "to": [{"agency_id": "phong-vhxh", "duties": ["rd-phong-nganh-hang-nam"]}],
                  "basis": "Quyết định số 5/QĐ-UBND"}]}
JSON
check "agency successions are recorded" 0 "Đã ghi chuyển giao nhiệm vụ của cơ quan: 1" -- "$kehoach" agencies succeed successions.json
check "recording one twice is a data error naming the field" 1 "/successions/0/agency_id" -- "$kehoach" agencies succeed successions.json
check "a plan's agency successions" 0 "phong-nganh-xa" -- "$kehoach" agencies show cai-nhum-gbv-2026-2030
check "a plan's agency successions as JSON" 0 '"kehoach-agency-successions"' -- "$kehoach" agencies show cai-nhum-gbv-2026-2030 --json
check "a 2027 report of the ended office is owed by its successor" 0 "Các phòng, ngành xã → Phòng Văn hóa – Xã hội" -- "$kehoach" status --plan cai-nhum-gbv-2026-2030 --as-of 2027-12-31
check "successions of an unknown plan: not found" 1 "" -- "$kehoach" agencies show khong-co
check "a plan with records is not removed" 1 "3 submissions" -- "$kehoach" plan remove thuong-quang-bdg-2023
check "a plan's place in the cascade" 0 "Kế hoạch cấp trên: không có" -- "$kehoach" plan cascade thuong-quang-bdg-2023
check "the cascade as JSON" 0 '"children": \[\]' -- "$kehoach" plan cascade thuong-quang-bdg-2023 --json
check "the cascade as JSON names the supersessions" 0 '"replaced_by": \[\]' -- "$kehoach" plan cascade thuong-quang-bdg-2023 --json
check "the cascade of an unknown plan: not found" 1 "" -- "$kehoach" plan cascade khong-co
# An amendment (decision 0026): the yearly report's deadline moved; the succession recorded above is kept.
python3 - "$data/cai-nhum-2026.plan.json" amended.plan.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for duty in d["reporting_duties"]:
    if duty["id"] == "rd-phong-nganh-hang-nam":
        duty["deadline"]["day"], duty["deadline"]["month"] = 15, 12
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
amend=(plan amend amended.plan.json --number 15/KH-UBND --date 20/04/2027 --issuer "UBND xã Cái Nhum" --in-force 01/05/2027)
check "an amendment is recorded as revision 2" 0 "Bản 2, Hiệu lực từ 1/5/2027" -- "$kehoach" "${amend[@]}"
check "the same amendment again changes nothing" 0 "Bản 2" -- "$kehoach" "${amend[@]}"
check "an amendment in force before the text it amends is a data error" 1 "/amendment/in_force_from" -- "$kehoach" plan amend "$data/cai-nhum-2026.plan.json" --number 16/KH-UBND --date 01/01/2026 --issuer "UBND xã"
check "an amendment without its number is a usage error" 2 "" -- "$kehoach" plan amend amended.plan.json --date 20/04/2027 --issuer x
check "a plan's revisions" 0 "Bản 2  Hiệu lực từ 1/5/2027  Văn bản sửa đổi, bổ sung 15/KH-UBND" -- "$kehoach" plan history cai-nhum-gbv-2026-2030
check "the revisions as JSON" 0 '"revision": 2' -- "$kehoach" plan history cai-nhum-gbv-2026-2030 --json
check "the diff of two revisions" 0 "sửa  chế độ báo cáo rd-phong-nganh-hang-nam \(deadline\)" -- "$kehoach" plan diff cai-nhum-gbv-2026-2030 1 2
check "the diff in English, as JSON" 0 '"change": "changed"' -- "$kehoach" --lang en plan diff cai-nhum-gbv-2026-2030 1 2 --json
check "an earlier revision stays readable" 0 '"day": 20' -- "$kehoach" plan revision cai-nhum-gbv-2026-2030 1
check "a revision that is not there: not found" 1 "no revision 9" -- "$kehoach" plan revision cai-nhum-gbv-2026-2030 9
check "after the amendment the successor still owes the 2027 report" 0 "Các phòng, ngành xã → Phòng Văn hóa – Xã hội" -- "$kehoach" status --plan cai-nhum-gbv-2026-2030 --as-of 2027-12-31
check "a plan with nothing recorded is removed" 0 "cai-nhum-gbv-2026-2030" -- "$kehoach" --db "$upper" plan remove cai-nhum-gbv-2026-2030
checks=$((checks + 1))
if "$kehoach" --db "$upper" plan list | grep -q cai-nhum; then failures=$((failures + 1)); echo "FAILED: the removed plan is still listed"; fi
check "removing it again: not found" 1 "" -- "$kehoach" --db "$upper" plan remove cai-nhum-gbv-2026-2030
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
