#!/usr/bin/env python3
"""Merges the outputs of one benchmark run into one JSON document: the
machine, the scale, each measurement (median, min, max), the Python binding's
overhead, the side-by-side ratios, peak memory, and each target of issue 9
with whether it was met.

    python benchmarks/report.py --generate G.json --measure M.json --python P.json --compare C.json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    memory = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            memory = next((int(line.split()[1]) // 1024 for line in f if line.startswith("MemTotal")), 0)
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mib": memory, "system": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version}


def target(name, measured, unit, limit, better, aim=None):
    met = measured <= limit if better == "lower" else measured >= limit
    out = {"name": name, "measured": measured, "unit": unit, "target": limit, "met": met}
    if aim is not None:
        out["aim"] = aim
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("generate", "measure", "python", "compare"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    g, m, p, c = load(args.generate), load(args.measure), load(args.python), load(args.compare)

    overhead = {}
    for key in ("national_metrics", "national_plan_metrics", "national_case_indicators", "national_reporting_rollup",
                "commune_dashboard"):
        overhead[key] = {"cpp": m[key]["median"], "python": p[key]["median"], "unit": m[key]["unit"],
                         "python_over_cpp": p[key]["median"] / m[key]["median"]}
    peak = {"generate_and_import": g["peak_memory_mib"], "measure_cpp": m["peak_memory_mib"],
            "measure_python": p["peak_memory_mib"], "side_by_side": c["peak_memory_mib"]}
    speedup_sql = c["sql"]["median"] / c["kehoach"]["median"]
    speedup_pandas = c["pandas"]["median"] / c["kehoach"]["median"]
    targets = [
        target("bulk case import (rows: a case and its violence types, measures, services and referrals)",
               g["case_import"]["rows_per_second"]["median"], "rows/s", 500_000, "higher", 1_000_000),
        target("all national metrics as of a date", m["national_metrics"]["median"], "s", 1.0, "lower", 0.25),
        target("one commune's dashboard", m["commune_dashboard"]["median"], "ms", 10.0, "lower", 2.0),
        target("kehoach faster than hand-written SQL (SQL time / kehoach time)", speedup_sql, "×", 1.0, "higher", 3.0),
        target("kehoach faster than pandas, loading included (pandas time / kehoach time)", speedup_pandas, "×", 10.0,
               "higher"),
        target("peak memory of the national run", max(peak.values()), "MiB", 1024.0, "lower"),
    ]
    report = {
        "machine": machine(),
        "scale": g["scale"],
        "runs": m["runs"],
        "import": {k: g[k] for k in ("plan_import", "records_import", "case_import")},
        "national": {k: m[k] for k in ("national_metrics", "national_plan_metrics", "national_case_indicators",
                                         "national_reporting_rollup", "nation")},
        "commune_dashboard": m["commune_dashboard"],
        "python_binding": overhead,
        "side_by_side": {k: c[k] for k in ("provinces", "equal", "kehoach", "sql", "pandas", "ratio_kehoach_over_sql",
                                            "ratio_kehoach_over_pandas")},
        "peak_memory_mib": peak,
        "targets": targets,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
