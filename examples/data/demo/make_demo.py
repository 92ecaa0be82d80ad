#!/usr/bin/env python3
"""Writes the SYNTHETIC demo data set for the three seed plans.

Every number here is invented (seeded, deterministic) so that `kehoach status`
has something meaningful to show. None of it describes real people, real
cases or real budgets. Run from this folder:  python3 make_demo.py
"""
import csv
import datetime as dt
import json
import random

rng = random.Random(2026)
HK, CN, TQ = "huong-khe-48-kh-ubnd-2021", "cai-nhum-gbv-2026-2030", "thuong-quang-bdg-2023"


def iso(d):
    return d.isoformat()


records = {"format": "kehoach-records", "format_version": 1, "observations": [], "task_updates": [],
           "allocations": [], "expenditures": [], "submissions": []}
obs, ups, alloc, spent, subs = (records[k] for k in
                                ("observations", "task_updates", "allocations", "expenditures", "submissions"))

# Hương Khê 2021–2025: target 1 (seek help) climbs short of 50%; target 2 (helped) reaches 96%.
for year, value in [(2022, 32.0), (2023, 38.0), (2024, 44.0), (2025, 48.5)]:
    obs.append({"plan": HK, "target": "ct-1", "date": f"{year}-12-31", "value": value})
for year, (num, den) in [(2023, (34, 40)), (2024, (41, 45)), (2025, (48, 50))]:
    obs.append({"plan": HK, "target": "ct-2", "date": f"{year}-12-31", "value": round(100 * num / den, 2),
                "numerator": num, "denominator": den})
for year in range(2021, 2026):
    amount = 150_000_000 + 10_000_000 * (year - 2021)
    alloc.append({"plan": HK, "year": year, "source": "kp-ns", "agency": "phong-ldtbxh", "dated": f"{year}-01-15",
                  "amount": amount})
    alloc.append({"plan": HK, "year": year, "source": "kp-tai-tro-xa-hoi-hoa", "agency": "phong-vhtt",
                  "dated": f"{year}-03-01", "amount": 40_000_000})
    for month in (4, 8, 11):
        spent.append({"plan": HK, "date": f"{year}-{month:02d}-10", "source": "kp-ns", "agency": "phong-ldtbxh",
                      "amount": int(amount * rng.uniform(0.2, 0.32))})
    spent.append({"plan": HK, "date": f"{year}-12-01", "source": "kp-tai-tro-xa-hoi-hoa", "agency": "phong-vhtt",
                  "amount": int(40_000_000 * rng.uniform(0.5, 1.0))})
hk_tasks = json.load(open("../huong-khe-2021.plan.json"))["tasks"]
for task in [t for t in hk_tasks if t.get("parent", "").startswith("t-iii-1")][:6]:
    done = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    ups.append({"plan": HK, "task": task["id"], "date": iso(done), "by": "demo-can-bo-huyen", "status": "done",
                "completed_on": iso(done), "note": "dữ liệu minh họa"})

# Cái Nhum 2026–2030: first year under way.
for target, value, extra in [("tg-a-1", 72.0, {"numerator": 18, "denominator": 25}), ("tg-a-2", 2, {}),
                             ("tg-b", 1, {}), ("tg-c", 40.0, {}), ("tg-d-1", 75.0, {}), ("tg-d-2", 20.0, {}),
                             ("tg-dd", 35.0, {})]:
    obs.append({"plan": CN, "target": target, "date": "2026-09-30", "value": value, **extra})
subs.append({"plan": CN, "duty": "rd-phong-nganh-hang-nam", "reporter": "phong-nganh-xa", "period": "2026",
             "submitted": "2026-11-18"})
alloc.append({"plan": CN, "year": 2026, "source": "f-ngan-sach", "agency": "phong-vhxh", "dated": "2026-07-01",
              "amount": 30_000_000})
alloc.append({"plan": CN, "year": 2026, "source": "f-long-ghep", "agency": "phong-vhxh", "dated": "2026-07-01",
              "amount": 10_000_000})
spent.append({"plan": CN, "date": "2026-09-15", "source": "f-ngan-sach", "agency": "phong-vhxh", "amount": 12_500_000})

# Thượng Quảng 2023: reports from the offices and the villages, one late, one missing.
subs += [{"plan": TQ, "duty": "r-don-vi-6-thang", "reporter": "cac-co-quan", "period": "2023H1", "submitted": "2023-06-08"},
         {"plan": TQ, "duty": "r-don-vi-6-thang", "reporter": "cac-thon", "period": "2023H1", "submitted": "2023-06-12"},
         {"plan": TQ, "duty": "r-don-vi-nam", "reporter": "cac-co-quan", "period": "2023", "submitted": "2023-11-09"}]
alloc.append({"plan": TQ, "year": 2023, "source": "f-ngan-sach", "agency": "cc-vhxh", "dated": "2023-01-10",
              "amount": 8_000_000})
spent.append({"plan": TQ, "date": "2023-11-20", "source": "f-ngan-sach", "agency": "cc-vhxh", "amount": 7_200_000})

with open("records.json", "w", encoding="utf-8") as f:
    json.dump(records, f, ensure_ascii=False, indent=2)
    f.write("\n")

COLUMNS = ["record", "code", "unit", "intake_date", "receiving_body", "channel", "domestic_violence", "violence", "sex",
           "age_group", "ethnic_minority", "disability", "migrant_worker", "perpetrator", "needs_help",
           "consent_services", "consent_sharing", "type", "provider", "date", "outcome"]
BODIES = ["commune_committee", "police", "hotline", "health_facility", "trusted_address", "school", "village_head"]
CHANNELS = ["in_person", "call_or_text", "online", "letter"]
VIOLENCE = ["form_physical;act_a", "form_psychological;act_b", "form_economic;act_o", "form_sexual;act_i",
            "form_physical;form_psychological;act_a;act_b", "gbv_online"]
AGES = ["11_15", "16_17", "18_24", "25_39", "40_59", "60_69"]
SERVICES = ["medical", "psychosocial", "legal_aid", "safe_shelter", "police_protection", "social_work"]


def cases_file(path, prefix, unit, first, last, n):
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        out.writeheader()
        span = (last - first).days
        for i in range(n):
            code = f"{prefix}-{i + 1:04d}"
            intake = first + dt.timedelta(days=rng.randint(0, span))
            out.writerow({"record": "case", "code": code, "unit": unit, "intake_date": iso(intake),
                          "receiving_body": rng.choice(BODIES), "channel": rng.choice(CHANNELS),
                          "domestic_violence": int(rng.random() < 0.85), "violence": rng.choice(VIOLENCE),
                          "sex": "female" if rng.random() < 0.88 else "male", "age_group": rng.choice(AGES),
                          "ethnic_minority": int(rng.random() < 0.2), "disability": int(rng.random() < 0.06),
                          "migrant_worker": int(rng.random() < 0.1), "perpetrator": rng.choice(["spouse", "former_spouse", "parent", "other_family", "acquaintance"]),
                          "needs_help": int(rng.random() < 0.8), "consent_services": 1,
                          "consent_sharing": int(rng.random() < 0.5)})
            if rng.random() < 0.82:
                delay = min(rng.choice([0, 0, 1, 2, 3, 5, 9, 16, 35]), (last - intake).days)
                out.writerow({"record": "service", "code": code, "type": rng.choice(SERVICES),
                              "provider": rng.choice(["tram-y-te", "cong-an-xa", "dia-chi-tin-cay", "trung-tam-ctxh"]),
                              "date": iso(intake + dt.timedelta(days=delay)), "outcome": "provided"})


cases_file("cases-42.csv", "HT", "444", dt.date(2021, 1, 1), dt.date(2025, 12, 31), 220)
# Province 86's cases are of 2025, a closed year: released output is given
# for closed years only (decision 0023).
cases_file("cases-86.csv", "VL", "x-cai-nhum", dt.date(2025, 1, 1), dt.date(2025, 11, 20), 140)
