#!/usr/bin/env python3
"""The calls `kehoach_bench_national measure` times, made from Python through
the binding, on the same store: what a dashboard written in Python pays on top
of the C++ library. Prints one JSON document (and writes it to --out).

    python benchmarks/python_bench.py STORE.db [--runs 3] [--out FILE]
"""
from __future__ import annotations

import argparse
import datetime as dt

import kehoach
from benchlib import emit, peak_memory_mib, timed


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

    def stats(runs, f, scale=1.0, unit="s"):
        return timed(runs, f, scale, unit)[1]

    emit({
        "national_metrics": stats(args.runs, national),
        "national_plan_metrics": stats(args.runs, plan_metrics),
        "national_case_indicators": stats(args.runs, case_indicators),
        "national_reporting_rollup": stats(args.runs, reporting_rollup),
        "commune_dashboard": stats(max(args.runs, 5), dashboard, 1000.0, "ms"),
        "runs": args.runs,
        "peak_memory_mib": peak_memory_mib(),
    }, args.out)

if __name__ == "__main__":
    main()
