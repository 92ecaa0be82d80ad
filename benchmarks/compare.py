#!/usr/bin/env python3
"""Side by side on one store: national indicators computed by kehoach, by
hand-written SQL (the sqlite3 module) and by pandas (from the same rows).
The results must be equal (checked, not assumed); prints one JSON document
with the timings (median of runs) and the ratios.

    python benchmarks/compare.py STORE.db [--as-of 2025-12-31] [--year 2025] [--runs 3] [--out FILE]

The store is one made by `kehoach_bench_national generate` (benchmarks/run.cpp).
Indicators, by province: cases with intake in the year (not linked to an
earlier record), of them those with a service provided on or before the as-of
date; and reports expected, received and on time as of the as-of date.
kehoach answers with `case_indicators` (which also computes every
disaggregation) and `reporting_rollup`; the SQL was checked with EXPLAIN QUERY
PLAN and written so that SQLite's planner, without ANALYZE statistics, drives
from the duties and looks plans and units up by key.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sqlite3

import kehoach
from benchlib import emit, peak_memory_mib, timed

CASES_SQL = """
SELECT u.parent AS province, count(*) AS cases,
       sum(EXISTS (SELECT 1 FROM case_services s WHERE s.case_code = c.code AND s.outcome = 'provided'
                   AND s.date <= :as_of)) AS served
FROM cases c JOIN admin_units u ON u.code = c.unit
WHERE c.intake_date BETWEEN :start AND :end AND c.intake_date <= :as_of AND c.first_received_as IS NULL
GROUP BY u.parent ORDER BY u.parent
"""

# Every (plan, duty, reporter, period) due by the as-of date, and the first
# submission for it; deadlines are day/month of the period's year. CROSS JOIN
# fixes the join order: with the planner's own choice (no ANALYZE statistics)
# this query took 8.5 s instead of 0.17 s on the national store.
REPORTS_SQL = """
WITH RECURSIVE years(y) AS (SELECT 2021 UNION ALL SELECT y + 1 FROM years WHERE y < 2025),
expected AS (
  SELECT d.plan_id, d.id AS duty_id, r.agency_id AS reporter, d.deadline_rule AS rule,
         printf('%04d-01-01', y) AS period_start,
         printf('%04d-%02d-%02d', y, d.deadline_month, d.deadline_day) AS deadline
  FROM reporting_duties d CROSS JOIN duty_reporters r ON r.plan_id = d.plan_id AND r.duty_id = d.id
  CROSS JOIN years
  WHERE d.deadline_rule IS NOT NULL AND printf('%04d-%02d-%02d', y, d.deadline_month, d.deadline_day) <= :as_of
),
first AS (
  SELECT plan_id, duty_id, reporter, period_start, min(submitted) AS submitted
  FROM report_submissions WHERE submitted <= :as_of GROUP BY plan_id, duty_id, reporter, period_start
)
SELECT pu.parent AS province, count(*) AS expected, count(f.submitted) AS received,
       sum(CASE WHEN f.submitted IS NULL THEN 0 WHEN e.rule = 'before' THEN f.submitted < e.deadline
                ELSE f.submitted <= e.deadline END) AS on_time
FROM expected e CROSS JOIN plans p ON p.id = e.plan_id CROSS JOIN admin_units pu ON pu.code = p.unit
LEFT JOIN first f ON f.plan_id = e.plan_id AND f.duty_id = e.duty_id AND f.reporter = e.reporter
                 AND f.period_start = e.period_start
GROUP BY pu.parent ORDER BY pu.parent
"""


def by_kehoach(store, provinces, year, as_of):
    out = {}
    for p in provinces:
        worker = kehoach.Principal("bench", kehoach.Role.case_worker, p)
        x = store.case_indicators(worker, p, str(year), as_of)
        r = store.reporting_rollup(p, as_of)
        out[p] = (x.cases.value, x.service_access.numerator, r.expected, r.received, r.on_time)
    return out


def by_sql(path, year, as_of):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    params = {"start": f"{year}-01-01", "end": f"{year}-12-31", "as_of": as_of.isoformat()}
    cases = {row[0]: row[1:] for row in con.execute(CASES_SQL, params)}
    reports = {row[0]: row[1:] for row in con.execute(REPORTS_SQL, params)}
    con.close()
    return {p: (cases.get(p, (0, 0))[0], cases.get(p, (0, 0))[1], *reports.get(p, (0, 0, 0))) for p in reports}


def by_pandas(path, year, as_of):
    import pandas as pd
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cases = pd.read_sql_query("SELECT code, unit, intake_date, first_received_as FROM cases", con)
    services = pd.read_sql_query("SELECT case_code, date, outcome FROM case_services", con)
    units = pd.read_sql_query("SELECT code, parent FROM admin_units", con)
    plans = pd.read_sql_query("SELECT id, unit FROM plans", con)
    duties = pd.read_sql_query("SELECT plan_id, id AS duty_id, deadline_rule, deadline_day, deadline_month FROM reporting_duties "
                               "WHERE deadline_rule IS NOT NULL", con)
    reporters = pd.read_sql_query("SELECT plan_id, duty_id, agency_id AS reporter FROM duty_reporters", con)
    subs = pd.read_sql_query("SELECT plan_id, duty_id, reporter, period_start, submitted FROM report_submissions", con)
    con.close()
    a = as_of.isoformat()
    c = cases[(cases.intake_date >= f"{year}-01-01") & (cases.intake_date <= f"{year}-12-31") & (cases.intake_date <= a)
              & cases.first_received_as.isna()].merge(units.rename(columns={"code": "unit"}), on="unit")
    served = set(services[(services.outcome == "provided") & (services.date <= a)].case_code)
    c["served"] = c.code.isin(served)
    case_counts = c.groupby("parent").agg(cases=("served", "size"), served=("served", "sum"))
    e = duties.merge(reporters, on=["plan_id", "duty_id"]).merge(plans, left_on="plan_id", right_on="id") \
              .merge(units, left_on="unit", right_on="code")
    e = e.merge(pd.DataFrame({"y": range(2021, 2026)}), how="cross")
    e["deadline"] = e.apply(lambda r: f"{r.y:04d}-{int(r.deadline_month):02d}-{int(r.deadline_day):02d}", axis=1)
    e["period_start"] = e.y.map(lambda y: f"{y:04d}-01-01")
    e = e[e.deadline <= a]
    first = subs[subs.submitted <= a].groupby(["plan_id", "duty_id", "reporter", "period_start"], as_index=False).submitted.min()
    e = e.merge(first, on=["plan_id", "duty_id", "reporter", "period_start"], how="left")
    e["on_time"] = ((e.deadline_rule == "before") & (e.submitted < e.deadline)) | ((e.deadline_rule == "by") & (e.submitted <= e.deadline))
    reports = e.groupby("parent").agg(expected=("deadline", "size"), received=("submitted", "count"), on_time=("on_time", "sum"))
    out = {}
    for p, row in reports.iterrows():
        cc = case_counts.loc[p] if p in case_counts.index else None
        out[p] = (int(cc.cases) if cc is not None else 0, int(cc.served) if cc is not None else 0,
                  int(row.expected), int(row.received), int(row.on_time))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    store = kehoach.Store(args.store)
    con = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    provinces = [r[0] for r in con.execute("SELECT code FROM admin_units WHERE level = 'province' ORDER BY code")]
    con.close()
    k, tk = timed(args.runs, lambda: by_kehoach(store, provinces, args.year, args.as_of))
    s, ts = timed(args.runs, lambda: by_sql(args.store, args.year, args.as_of))
    p, tp = timed(args.runs, lambda: by_pandas(args.store, args.year, args.as_of))
    for name, other in (("sql", s), ("pandas", p)):
        for province in provinces:
            ours = tuple(int(v or 0) for v in k[province])
            theirs = tuple(int(v or 0) for v in other.get(province, (0, 0, 0, 0, 0)))
            if ours != theirs:
                raise SystemExit(f"{name} disagrees for province {province}: kehoach {ours}, {name} {theirs}")
    emit({"provinces": len(provinces), "equal": True, "kehoach": tk, "sql": ts, "pandas": tp,
          "ratio_kehoach_over_sql": tk["median"] / ts["median"],
          "ratio_kehoach_over_pandas": tk["median"] / tp["median"],
          "peak_memory_mib": peak_memory_mib()}, args.out)


if __name__ == "__main__":
    main()
