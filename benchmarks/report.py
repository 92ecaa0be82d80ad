#!/usr/bin/env python3
"""Merges the outputs of one benchmark run into one JSON document: the
machine, the scale, each measurement (median, min, max), the Python binding's
overhead, the side-by-side ratios, peak memory, and each target of issue 9
with whether it was met.

    python benchmarks/report.py --generate G.json --measure M.json --python P.json --compare C.json
        [--postgres-generate PG.json --postgres-measure PM.json]

With the PostgreSQL parts (benchmarks/run --engine postgres), the report
also holds that engine's import and query figures, each beside SQLite's with
the ratio PostgreSQL / SQLite, and the aim of national metrics within 2x.
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
    parser.add_argument("--postgres-generate")
    parser.add_argument("--postgres-measure")
    args = parser.parse_args()
    if bool(args.postgres_generate) != bool(args.postgres_measure):
        parser.error("--postgres-generate and --postgres-measure go together")
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
    if args.postgres_generate:
        report["postgres"] = engines(g, m, load(args.postgres_generate), load(args.postgres_measure))
        targets.append(target("PostgreSQL: all national metrics within 2x of SQLite (PostgreSQL time / SQLite time)",
                              report["postgres"]["queries"]["national_metrics"]["postgres_over_sqlite"], "×", 2.0,
                              "lower"))
    print(json.dumps(report, indent=2, ensure_ascii=False))


def engines(g, m, pg, pm):
    """Each figure of both engines, with the ratio PostgreSQL / SQLite."""
    imports = {}
    for key, rate in (("plan_import", "plans_per_second"), ("records_import", "rows_per_second"),
                      ("case_import", "rows_per_second")):
        s, p = g[key][rate]["median"], pg[key][rate]["median"]
        imports[key] = {"sqlite": s, "postgres": p, "unit": g[key][rate]["unit"], "postgres_over_sqlite": p / s}
    queries = {}
    for key in ("national_metrics", "national_plan_metrics", "national_case_indicators", "national_reporting_rollup",
                "commune_dashboard"):
        s, p = m[key]["median"], pm[key]["median"]
        queries[key] = {"sqlite": s, "postgres": p, "postgres_min": pm[key]["min"], "postgres_max": pm[key]["max"],
                        "unit": m[key]["unit"], "postgres_over_sqlite": p / s}
    if pm["nation"] != m["nation"]:
        raise SystemExit("report.py: the two engines disagree on the nation's figures: "
                         f"{json.dumps(m['nation'])} against {json.dumps(pm['nation'])}")
    return {"import": imports, "queries": queries, "nation_equal": True,
            "peak_memory_mib": {"generate_and_import": pg["peak_memory_mib"], "measure": pm["peak_memory_mib"]},
            "server": "throwaway cluster of scripts/postgres.sh: fsync, synchronous_commit and full_page_writes off, "
                      "over TCP on 127.0.0.1"}


if __name__ == "__main__":
    main()
