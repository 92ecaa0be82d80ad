#!/usr/bin/env python3
"""The calls `kehoach_bench_national measure` times, made from Python through
the binding, on the same store: what a dashboard written in Python pays on top
of the C++ library. Prints one JSON document (and writes it to --out).

    python benchmarks/python_bench.py STORE.db [--runs 3] [--out FILE]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import time

import kehoach


def timed(runs, f, scale=1.0, unit="s"):
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        seconds.append(time.perf_counter() - start)
    return {"median": statistics.median(seconds) * scale, "min": min(seconds) * scale, "max": max(seconds) * scale,
            "unit": unit}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    store = kehoach.Store(args.store, create=False)
    provinces = [u.code for u in store.units() if u.level is kehoach.Level.province]
    plan = store.load_plan(store.plan_ids()[0])
    as_of = dt.date(2025, 12, 31)

    def plan_metrics():
        return sum(store.unit_metrics(p, as_of).reports_received for p in provinces)

    def case_indicators():
        total = 0
        for p in provinces:
            officer = kehoach.Principal("bench-officer", kehoach.Role.officer, p)
            total += store.case_indicators(officer, p, "2025", as_of).cases.value or 0
        return total

    def reporting_rollup():
        return sum(store.reporting_rollup(p, as_of).received for p in provinces)

    def national():
        plan_metrics()
        case_indicators()

    worker = kehoach.Principal("bench", kehoach.Role.case_worker, plan.unit)
    period = f"{plan.period[0].isoformat()}/{plan.period[1].isoformat()}"

    def dashboard():
        store.plan_metrics(plan.id, as_of)
        store.case_indicators(worker, plan.unit, period, as_of)

    out = {
        "national_metrics": timed(args.runs, national),
        "national_plan_metrics": timed(args.runs, plan_metrics),
        "national_case_indicators": timed(args.runs, case_indicators),
        "national_reporting_rollup": timed(args.runs, reporting_rollup),
        "commune_dashboard": timed(max(args.runs, 5), dashboard, 1000.0, "ms"),
        "runs": args.runs,
        "peak_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }
    text = json.dumps(out, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
