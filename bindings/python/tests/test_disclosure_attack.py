"""The attacker test of METRICS.md §7 (decision 0011).

For the demo data and for random stores, it gathers every release an officer
can obtain for a year — every unit of its subtree, every period (year, halves,
quarters, months), every indicator and disaggregation — and, for each withheld
number, solves two linear programmes (HiGHS) for its feasible interval given all the
released numbers, the equations that link them and non-negativity. The test
fails when an interval is narrower than k.

The linear model is written here from the metric definitions, not taken from
the library: the unknowns are the counts of each table (one breakdown of the
cases, or of the referrals) at each position (unit, month of intake); every
breakdown of the cases sums to the same number of cases at each position; a
released number is a sum of such counts. Counts that cannot exist (a service
before the month of intake) are fixed at 0, which only helps the attacker.
"""

import datetime
import json
import pathlib
import random

import numpy as np
import pytest
import highspy
import scipy.sparse

import kehoach

K = 5
ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = ROOT / "examples" / "data"
PLANS = ("huong-khe-2021", "cai-nhum-2026", "thuong-quang-2023")

SEX = ["female", "male", "other"]
AGE = ["under_16", "16_59", "60_plus"]
YES_NO = ["yes", "no", "unknown"]
CHANNEL = ["hotline", "police", "health_facility", "trusted_address", "online", "school", "other"]
BUCKETS = ["0_3", "4_14", "15_30", "over_30"]
VIOLENCE = [
    "form_physical", "form_psychological", "form_sexual", "form_economic", "act_a", "act_b", "act_c", "act_d",
    "act_dd", "act_e", "act_g", "act_h", "act_i", "act_k", "act_l", "act_m", "act_n", "act_o", "act_p", "act_q",
    "gbv_rape", "gbv_sexual_assault", "gbv_physical_assault", "gbv_forced_marriage", "gbv_denial_of_resources",
    "gbv_psychological_abuse", "gbv_online",
]
SERVICES = ["medical", "psychosocial", "legal_aid", "safe_shelter", "police_protection", "social_work",
            "livelihoods", "child_protection"]
LATER = 12  # a month index: after the year


def periods(year, last_month):
    """Every whole calendar period of `year` that ended by month `last_month`."""
    out = []
    def add(code, first, last):
        if last <= last_month:
            out.append((code, first, last))
    add(f"{year}", 0, 11)
    for h in range(2):
        add(f"{year}H{h + 1}", 6 * h, 6 * h + 5)
    for q in range(4):
        add(f"{year}Q{q + 1}", 3 * q, 3 * q + 2)
    for m in range(12):
        add(f"{year}-{m + 1:02d}", m, m)
    return out


class Model:
    """The unknowns: counts of each table, category and position."""

    def __init__(self, units):
        self.units = units  # code -> list of unit indexes in its subtree
        self.n_units = len({i for v in units.values() for i in v})
        self.tables = {}
        self.offset = 0
        self.fixed_zero = []
        self.table("sex", SEX)
        self.table("age_group", AGE)
        for name in ("ethnic_minority", "disability", "migrant_worker"):
            self.table(name, YES_NO)
        self.table("intake_channel", CHANNEL)
        # need × (served in month m with delay bucket b, or not within the year)
        self.table("service", [(nh, m, b) for nh in (0, 1) for m in range(12) for b in range(4)] +
                   [(0, LATER, None), (1, LATER, None)])
        for v in VIOLENCE:
            self.table("violence:" + v, ["yes", "no"])
        for s in SERVICES:
            self.table("service_type:" + s, list(range(13)))
        self.table("referral", [(done, m) for done in (0, 1) for m in range(13)])
        self.case_tables = [t for t in self.tables if t != "referral"]
        for name in ("service",):
            cats = self.tables[name][1]
            for ci, (nh, m, b) in enumerate(cats):
                for p in range(self.positions()):
                    if m != LATER and m < p % 12:
                        self.fixed_zero.append(self.var(name, ci, p))
        for s in SERVICES:
            for m in range(12):
                for p in range(self.positions()):
                    if m < p % 12:
                        self.fixed_zero.append(self.var("service_type:" + s, m, p))
        for ci, (done, m) in enumerate(self.tables["referral"][1]):
            for p in range(self.positions()):
                if m != LATER and m < p % 12:
                    self.fixed_zero.append(self.var("referral", ci, p))

    def positions(self):
        return self.n_units * 12

    def table(self, name, cats):
        self.tables[name] = (self.offset, cats)
        self.offset += len(cats) * self.positions()

    def var(self, table, cat, position):
        off, cats = self.tables[table]
        return off + position * len(cats) + cat

    def cells(self, table, cats, unit, first, last):
        out = []
        for u in self.units[unit]:
            for m in range(first, last + 1):
                out.extend(self.var(table, c, u * 12 + m) for c in cats)
        return out

    def linking_rows(self):
        """Each breakdown of the cases sums to the same cases at each position."""
        rows = []
        base_off, base_cats = self.tables["sex"]
        for t in self.case_tables:
            if t == "sex":
                continue
            _, cats = self.tables[t]
            for p in range(self.positions()):
                row = {self.var(t, c, p): 1.0 for c in range(len(cats))}
                for c in range(len(base_cats)):
                    row[self.var("sex", c, p)] = -1.0
                rows.append((row, 0.0))
        return rows


def cats_where(model, table, pred):
    return [i for i, c in enumerate(model.tables[table][1]) if pred(c)]


def releases(model, store, officer, unit, year, last_month):
    """(set of unknowns, value or None) for every number the officer can obtain."""
    out = []
    for code, first, last in periods(year, last_month):
        # As of the period's end: what released output counts in any case.
        as_of = datetime.date(year + (last == 11), 1 if last == 11 else last + 2, 1) - datetime.timedelta(days=1)
        for v in model.units:
            x = json.loads(store.case_indicators(officer, v, code, as_of).to_json())
            ind = x["indicators"]
            def count(cells, c):
                out.append((tuple(cells), c["value"]))
            def cell_set(table, pred):
                return model.cells(table, cats_where(model, table, pred), v, first, last)
            every = cell_set("sex", lambda c: True)
            served = cell_set("service", lambda c: c[1] != LATER and c[1] <= last)
            count(every, ind["cases"])
            count(served, ind["cases_with_service"])
            sa = ind["service_access"]
            count(served, {"value": sa["numerator"]})
            count(every, {"value": sa["denominator"]})
            h = ind["help"]
            count(cell_set("service", lambda c: c[0] == 1 and c[1] != LATER and c[1] <= last), {"value": h["numerator"]})
            count(cell_set("service", lambda c: c[0] == 1), {"value": h["denominator"]})
            r = ind["referral_completion"]
            count(cell_set("referral", lambda c: c[0] == 1 and c[1] <= last), {"value": r["numerator"]})
            count(cell_set("referral", lambda c: c[1] <= last), {"value": r["denominator"]})
            for d in x["disaggregations"]:
                name = d["name"]
                count(served if name in ("service_type", "days_to_first_service") else every, d["total"])
                for cell in d["cells"]:
                    cat = cell["category"]
                    if name == "violence_type":
                        cells = cell_set("violence:" + cat, lambda c: c == "yes")
                    elif name == "service_type":
                        cells = cell_set("service_type:" + cat, lambda c: c <= last)
                    elif name == "days_to_first_service":
                        b = BUCKETS.index(cat)
                        cells = cell_set("service", lambda c: c[1] != LATER and c[1] <= last and c[2] == b)
                    else:
                        cells = cell_set(name, lambda c: c == cat)
                    count(cells, cell)
            if ind["median_days_to_first_service"] is not None:
                assert ind["cases_with_service"]["value"] is not None and ind["cases_with_service"]["value"] >= K
    return out


def attack(model, released, small_allowed=False):
    """The narrowest feasible interval of any withheld number, and how many were solved."""
    shown = {}
    withheld = set()
    for cells, value in released:
        key = tuple(sorted(cells))
        if value is None:
            withheld.add(key)
        else:
            assert small_allowed or value == 0 or value >= K, f"a released count of {value}"
            shown[key] = value
    rows = model.linking_rows()
    rows += [({i: 1.0 for i in key}, float(v)) for key, v in shown.items()]
    n = model.offset
    data, ri, ci, b = [], [], [], []
    for r, (row, rhs) in enumerate(rows):
        for i, a in row.items():
            ri.append(r)
            ci.append(i)
            data.append(a)
        b.append(rhs)
    a_eq = scipy.sparse.csc_matrix((data, (ri, ci)), shape=(len(rows), n))
    upper = np.full(n, highspy.kHighsInf)
    upper[model.fixed_zero] = 0.0
    # One model, solved again for each objective from the previous basis.
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(b, dtype=float)
    lp.row_upper_ = np.array(b, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a_eq.indptr
    lp.a_matrix_.index_ = a_eq.indices
    lp.a_matrix_.value_ = a_eq.data
    h.passModel(lp)
    narrowest = np.inf
    previous = np.array([], dtype=np.int32)

    def solve(sense):
        h.changeObjectiveSense(sense)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            return None
        assert status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status)
        return h.getInfo().objective_function_value

    for key in sorted(withheld):
        assert key not in shown
        if not key:
            continue
        idx = np.array(key, dtype=np.int32)
        if previous.size:
            h.changeColsCost(previous.size, previous, np.zeros(previous.size))
        h.changeColsCost(idx.size, idx, np.ones(idx.size))
        previous = idx
        lo = solve(highspy.ObjSense.kMinimize)
        hi = solve(highspy.ObjSense.kMaximize)
        if hi is None:  # unbounded above
            continue
        width = hi - lo
        narrowest = min(narrowest, width)
        assert width >= K - 1e-6, f"a withheld number is pinned to [{lo:.2f}, {hi:.2f}]"
    return narrowest, len(withheld)


def plans_store():
    s = kehoach.Store()
    for name in PLANS:
        s.import_plan_file(str(DATA / f"{name}.plan.json"))
    return s


def test_demo_data_withstands_the_attack():
    store = plans_store()
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    store.import_cases(worker, (DATA / "demo" / "cases-86.csv").read_text(encoding="utf-8"), "csv")
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    model = Model({"86": [0, 1], "x-cai-nhum": [1]})
    narrowest, solved = attack(model, releases(model, store, officer, "86", 2025, 11))
    assert solved > 0


def test_a_case_recorded_after_the_seal_changes_no_release():
    """Release vintages (decision 0023): the first release of a closed year
    seals its family; a case recorded late, a back-dated service or a case
    moved into another month afterwards leaves every release as it was, so two
    releases of one period can never be subtracted to reveal what changed."""
    store = plans_store()
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    store.import_cases(worker, (DATA / "demo" / "cases-86.csv").read_text(encoding="utf-8"), "csv")
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    model = Model({"86": [0, 1], "x-cai-nhum": [1]})
    before = releases(model, store, officer, "86", 2025, 11)
    late = random_case(random.Random(7), "VL-9001", "x-cai-nhum", 2025)
    late["intake_date"] = "2025-03-10"
    late["services"] = [{"type": "medical", "provider": "tram-y-te", "date": "2025-03-11", "outcome": "provided"}]
    store.import_cases(worker, json.dumps({"format": "kehoach-cases", "format_version": 1, "cases": [late]}), "json")
    assert store.case_indicators(worker, "86", "2025", datetime.date(2026, 1, 31)).cases.value == 141
    after = releases(model, store, officer, "86", 2025, 11)
    assert after == before
    auditor = kehoach.Principal("kt-86", kehoach.Role.auditor, "86")
    seals = [e for e in store.audit_trail(auditor) if e.action == "release.seal"]
    assert len(seals) == 1 and "cases=140" in seals[0].detail
    # A year still under way is not released at all: its seal would come too soon.
    today = datetime.date.today()
    with pytest.raises(kehoach.PermissionDeniedError, match="once the year has closed"):
        store.case_indicators(officer, "86", f"{today.year}-01", today)


def test_the_attack_pins_a_count_that_plain_numbers_give_away():
    """The control: withholding one small count from the plain numbers of a
    case worker protects nothing, and the attack must say so."""
    store = plans_store()
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    store.import_cases(worker, (DATA / "demo" / "cases-86.csv").read_text(encoding="utf-8"), "csv")
    model = Model({"86": [0, 1], "x-cai-nhum": [1]})
    plain = releases(model, store, worker, "86", 2025, 2)
    january = model.cells("sex", [0, 1, 2], "x-cai-nhum", 0, 0)
    target = next(i for i, (cells, c) in enumerate(plain) if list(cells) == january)
    assert plain[target][1] > 0
    plain = [(cells, None if cells == plain[target][0] else v) for cells, v in plain]
    with pytest.raises(AssertionError, match="pinned"):
        attack(model, plain, small_allowed=True)


def random_case(rng, code, unit, year):
    intake = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    case = {
        "code": code, "unit": unit, "intake_date": intake.isoformat(),
        "receiving_body": rng.choice(["commune_committee", "police", "hotline", "health_facility", "school"]),
        "channel": rng.choice(["in_person", "call_or_text", "online"]),
        "domestic_violence": True, "status": "open",
        "violence": sorted(set(rng.sample(["form_physical", "form_psychological", "act_a", "act_b", "gbv_online"],
                                          rng.randint(1, 2)))),
        "survivor": {"sex": rng.choice(["female"] * 4 + ["male"]),
                     "age_group": rng.choice(["25_39", "18_24", "0_5", "60_69"]),
                     "ethnic_minority": rng.random() < 0.2, "disability": rng.random() < 0.1},
        "perpetrator": "spouse", "needs_help": rng.random() < 0.8, "consent_services": True, "consent_sharing": False,
    }
    if rng.random() < 0.6:
        day = intake + datetime.timedelta(days=rng.choice([0, 2, 10, 20, 45, 120]))
        if day.year == year:
            case["services"] = [{"type": rng.choice(["medical", "psychosocial", "legal_aid"]), "provider": "tram-y-te",
                                 "date": day.isoformat(), "outcome": "provided"}]
    if rng.random() < 0.3:
        day = intake + datetime.timedelta(days=rng.randrange(0, 40))
        if day.year == year:
            case["referrals"] = [{"from": "tram-y-te", "to": "cong-an", "date": day.isoformat(),
                                  "status": rng.choice(["in_progress", "done"])}]
    return case


@pytest.mark.parametrize("seed", range(4))
def test_random_stores_withstand_the_attack(seed):
    rng = random.Random(seed)
    store = plans_store()
    units = ["46", "x-nam-dong", "x-thuong-quang"]
    cases = [random_case(rng, f"R-{seed}-{i}", rng.choice(units + ["x-thuong-quang"]), 2025)
             for i in range(rng.randint(8, 90))]
    worker = kehoach.Principal("cb-46", kehoach.Role.case_worker, "46")
    store.import_cases(worker, json.dumps({"format": "kehoach-cases", "format_version": 1, "cases": cases}), "json")
    officer = kehoach.Principal("off-46", kehoach.Role.officer, "46")
    model = Model({"46": [0, 1, 2], "x-nam-dong": [1, 2], "x-thuong-quang": [2]})
    attack(model, releases(model, store, officer, "46", 2025, 11))


def test_a_future_as_of_date_is_refused_for_released_output():
    store = plans_store()
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(kehoach.PermissionDeniedError, match="after today"):
        store.case_indicators(officer, "86", "2025", tomorrow)
