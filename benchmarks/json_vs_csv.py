"""Batch import as JSON against the same rows as CSV (issue 14): a records
document of 500,000 observations and a cases document of 1,000,000 cases,
each imported into a fresh store in memory from the JSON text and from its
CSV form. The JSON reader must keep within 2x of CSV's rows/s (it was
quadratic: nlohmann's parser callback rescanned the enclosing array).
  build/venv/bin/python benchmarks/json_vs_csv.py [--records N] [--cases N] [--runs R] [--out PATH]
with PYTHONPATH at a built package (build/bench/bindings/python/package)."""
from __future__ import annotations

import argparse
import json
import pathlib

import kehoach
from benchlib import emit, peak_memory_mib, timed

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "data" / "huong-khe-2021.plan.json"
WORKER = kehoach.Principal("bench", kehoach.Role.case_worker, "86")


def records(n):
    rows = [{"plan": "huong-khe-48-kh-ubnd-2021", "target": "ct-1", "date": f"{2021 + i % 5}-12-31",
             "value": float(i % 100)} for i in range(n)]
    text = json.dumps({"format": "kehoach-records", "format_version": 1, "observations": rows})
    csv = "plan,target,date,value\n" + "".join(f"{r['plan']},{r['target']},{r['date']},{r['value']}\n" for r in rows)
    return text, csv


def cases(n):
    rows = [{"code": f"BM-{i}", "unit": "x-cai-nhum", "intake_date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
             "receiving_body": "police", "channel": "in_person", "domestic_violence": True, "status": "open",
             "violence": ["form_physical" if i % 2 else "form_psychological"],
             "survivor": {"sex": "female" if i % 3 else "male", "age_group": "25_39"}, "perpetrator": "spouse",
             "needs_help": True, "consent_services": True, "consent_sharing": False} for i in range(n)]
    text = json.dumps({"format": "kehoach-cases", "format_version": 1, "cases": rows})
    store = kehoach.Store()
    store.import_plan_file(str(ROOT / "examples" / "data" / "cai-nhum-2026.plan.json"))
    store.import_cases(WORKER, text, "json")
    return text, store.export_cases(WORKER, "86", "2025", "csv")


def measure(kind, n, text, csv, runs):
    def fresh():
        store = kehoach.Store()
        store.import_plan_file(str(PLAN if kind == "records" else ROOT / "examples" / "data" / "cai-nhum-2026.plan.json"))
        return store

    def run(fmt):
        def once():
            store = fresh()
            if kind == "records":
                store.record_json(text) if fmt == "json" else store.record_csv("observations", csv)
            else:
                store.import_cases(WORKER, text if fmt == "json" else csv, fmt)
        return timed(runs, once)[1]

    out = {"rows": n, "json_mib": len(text) / 2**20, "csv_mib": len(csv) / 2**20}
    for fmt in ("json", "csv"):
        out[fmt] = run(fmt)
        out[fmt + "_rows_per_s"] = n / out[fmt]["median"]
    out["json_over_csv"] = out["json"]["median"] / out["csv"]["median"]
    out["within_2x"] = out["json_over_csv"] <= 2.0
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=500_000)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out")
    a = ap.parse_args()
    doc = {"records": measure("records", a.records, *records(a.records), a.runs),
           "cases": measure("cases", a.cases, *cases(a.cases), a.runs),
           "peak_mib": peak_memory_mib()}
    emit(doc, a.out)


if __name__ == "__main__":
    main()
