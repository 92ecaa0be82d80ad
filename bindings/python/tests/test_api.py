import json
import datetime
import threading

import pytest

import kehoach

D = datetime.date


def test_store_plans_and_dates(store, data):
    assert store.schema_version == 16
    assert store.plan_ids() == ["cai-nhum-gbv-2026-2030", "huong-khe-48-kh-ubnd-2021", "thuong-quang-bdg-2023"]
    plan = store.load_plan("huong-khe-48-kh-ubnd-2021")
    assert plan.number == "48/KH-UBND"
    assert plan.issue_date == D(2021, 3, 16)
    assert plan.period == (D(2021, 1, 1), D(2025, 12, 31))
    assert [m.date for m in plan.targets[0].milestones] == [D(2023, 12, 31), D(2025, 12, 31)]
    assert plan.targets[0].comparator is kehoach.Comparator.at_least
    assert "tối tiểu" in plan.targets[0].source_text
    assert repr(plan) == "Plan('huong-khe-48-kh-ubnd-2021', number='48/KH-UBND')"
    assert store.export_plan_json("cai-nhum-gbv-2026-2030") + "\n" == (data / "cai-nhum-2026.plan.json").read_text(encoding="utf-8")


def test_enums_are_python_enums_with_labels():
    import enum
    assert issubclass(kehoach.TargetStatus, enum.Enum)
    assert kehoach.label(kehoach.Comparator.at_least) == "Tối thiểu"
    assert kehoach.label(kehoach.Comparator.at_least, "en") == "At least"
    assert [s.name for s in kehoach.TargetStatus] == ["no_data", "missed", "off_track", "at_risk", "on_track", "achieved"]


def test_metrics_as_objects(store):
    m = store.plan_metrics("huong-khe-48-kh-ubnd-2021", D(2025, 12, 31))
    t = m.targets[0]
    assert (t.actual, t.expected, t.status) == (48.5, 50.0, kehoach.TargetStatus.at_risk)
    assert t.milestones[0].outcome is kehoach.MilestoneOutcome.missed
    assert m.targets[1].numerator == 48 and m.targets[1].denominator == 50
    assert m.budget.total.allocated == 1_050_000_000
    r = store.plan_metrics("thuong-quang-bdg-2023", D(2023, 12, 31)).reporting
    assert (r.expected, r.received, r.on_time) == (4, 3, 2)
    assert r.reporting_rate.value == 75.0 and r.reporting_rate.numerator == 3
    assert r.missing[0].reporter == "cac-thon" and r.missing[0].deadline == D(2023, 11, 10)
    assert "86" in [x.code for x in store.units() if x.level is kehoach.Level.province]
    u = store.unit_metrics("86", D(2026, 11, 25))
    assert [p.plan_id for p in u.plans] == ["cai-nhum-gbv-2026-2030"]
    only = u.plans[0]
    assert (u.reports_expected, u.reports_received, u.reports_on_time) == \
        (only.reporting.expected, only.reporting.received, only.reporting.on_time)
    assert (u.task_due, u.task_overdue, u.task_completed_on_time) == \
        (only.tasks.due, only.tasks.overdue, only.tasks.completed_on_time)
    assert u.report_on_time_rate.denominator == u.reports_expected
    rollup = store.reporting_rollup("86", D(2026, 11, 25))
    assert (rollup.expected, rollup.received, rollup.on_time) == \
        (u.reports_expected, u.reports_received, u.reports_on_time)
    assert rollup.plans == 1 and [x.unit for x in rollup.units] == [store.load_plan("cai-nhum-gbv-2026-2030").unit]
    assert '"no_data"' in store.plan_metrics("cai-nhum-gbv-2026-2030", D(2026, 1, 1)).to_json()


def test_metrics_csv_from_the_library(store):
    m = store.plan_metrics("huong-khe-48-kh-ubnd-2021", D(2025, 12, 31))
    lines = m.to_csv().splitlines()
    assert lines[0] == "plan,as_of,target,item,indicator,actual,expected,status,attainment"
    assert len(lines) == 1 + len(m.targets)
    assert lines[1].startswith("huong-khe-48-kh-ubnd-2021,2025-12-31,ct-1,")


def test_manual_status(store):
    store.set_manual_status(kehoach.ManualStatus("huong-khe-48-kh-ubnd-2021", "target", "ct-1", "on_track",
                                                 "số liệu chưa cập nhật", "cb-1", D(2025, 12, 1)))
    t = store.plan_metrics("huong-khe-48-kh-ubnd-2021", D(2025, 12, 31)).targets[0]
    assert t.status is kehoach.TargetStatus.at_risk and t.manual.status == "on_track"


def test_cases_roles_and_disclosure(store):
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    plain = store.case_indicators(worker, "86", "2025", D(2026, 11, 25))
    assert plain.cases.value == 140 and not plain.disclosure_controlled
    controlled = store.case_indicators(officer, "86", "2025Q3", D(2026, 11, 25))
    assert controlled.disclosure_controlled and controlled.k == 5
    for d in controlled.disaggregations:
        for cell in d.cells:
            assert cell.count.value is None or cell.count.value == 0 or cell.count.value >= 5
    with pytest.raises(kehoach.PermissionDeniedError):
        store.export_cases(officer, "86", "2025")
    package = store.export_package(worker, "86", "2025Q3", D(2026, 11, 25))
    assert "VL-0001" not in package
    auditor = kehoach.Principal("kt-86", kehoach.Role.auditor, "86")
    check = store.verify_audit(auditor)
    assert check.intact and check.entries > 0 and len(check.head) == 64
    assert [e.action for e in store.audit_trail(auditor)][:1] == ["case.write"]


def test_packages_go_up_once_and_never_beside_the_cases(store, data):
    """A package is imported once at the unit above and rolls up; a store
    that holds a unit's cases does not import its packages, nor records cases
    of a unit whose package it imported (decision 0024)."""
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    package = store.export_package(worker, "86", "2025Q3", D(2026, 11, 25))
    upper = kehoach.Store(":memory:")
    upper.import_plan_file(str(data / "cai-nhum-2026.plan.json"))  # the units
    upper.import_package(officer, package)
    with pytest.raises(kehoach.ConflictError, match="already imported"):
        upper.import_package(officer, package)
    rolled = upper.rolled_up_packages(officer, "86", "2025Q3")
    assert rolled.cases.value == store.case_indicators(officer, "86", "2025Q3", D(2026, 11, 25)).cases.value > 0
    with pytest.raises(kehoach.ConflictError, match=r"holds case records of unit 86's subtree.*decision 0024"):
        store.import_package(officer, package)
    one_case = "\n".join((data / "demo" / "cases-86.csv").read_text(encoding="utf-8").splitlines()[:2]) + "\n"
    with pytest.raises(kehoach.ConflictError, match=r"unit 'x-cai-nhum' is covered by the report package imported for unit '86'"):
        upper.import_cases(worker, one_case, "csv")
    assert json.loads(upper.export_cases(worker, "86", "2025"))["cases"] == []  # nothing was recorded


def test_several_plan_documents_in_one_transaction(data):
    store = kehoach.Store(":memory:")
    texts = [(data / name).read_text(encoding="utf-8")
             for name in ("huong-khe-2021.plan.json", "cai-nhum-2026.plan.json")]
    warnings = store.import_plans_json(texts)
    assert all(path.startswith(("/0/", "/1/")) for path, _ in warnings)
    assert len(store.plan_ids()) == 2
    other = kehoach.Store(":memory:")
    with pytest.raises(kehoach.ParseError) as info:
        other.import_plans_json([texts[0], "{"])
    assert info.value.path.startswith("/1")
    assert other.plan_ids() == []


def test_errors_map_onto_the_hierarchy(store, data):
    with pytest.raises(kehoach.ValidationError) as info:
        store.import_plan_file(str(data.parent.parent / "tests" / "data" / "bad" / "milestones_out_of_order.json"))
    assert info.value.path == "/targets/0/milestones/1/date"
    assert info.value.errors[0][1].startswith("milestones out of order")
    assert isinstance(info.value, kehoach.KehoachError) and isinstance(info.value, ValueError)
    with pytest.raises(kehoach.ParseError):
        store.import_plan_json("{")
    with pytest.raises(kehoach.NotFoundError):
        store.load_plan("khong-co")
    with pytest.raises(kehoach.ConflictError):
        store.import_plan_file(str(data / "cai-nhum-2026.plan.json"))
    with pytest.raises(kehoach.ParseError):
        kehoach.parse_date("31/02/2026")
    with pytest.raises(TypeError):
        store.plan_metrics("cai-nhum-gbv-2026-2030", "2026-12-31")  # dates are datetime.date
    with pytest.raises(kehoach.CorruptStoreError):
        import tempfile, os
        with tempfile.NamedTemporaryFile("w", suffix=".db", delete=False) as f:
            f.write("not a database, only text that is long enough to look like a header " * 3)
        try:
            kehoach.Store(f.name)
        finally:
            os.unlink(f.name)


def test_the_gil_is_released_during_metrics(store):
    """Python code keeps running in one thread while another computes metrics."""
    stop = threading.Event()
    ticks = []

    def metrics():
        for _ in range(30):
            store.plan_metrics("huong-khe-48-kh-ubnd-2021", D(2025, 12, 31))
        stop.set()

    def python_work():
        while not stop.is_set():
            ticks.append(sum(range(200)))

    worker = threading.Thread(target=metrics)
    counter = threading.Thread(target=python_work)
    counter.start()
    worker.start()
    worker.join(60)
    counter.join(60)
    assert stop.is_set()
    assert len(ticks) > 0


def test_one_store_shared_by_8_threads(store):
    """Calls release the GIL; the handle's own lock keeps the store whole."""
    import concurrent.futures
    import json
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    auditor = kehoach.Principal("kt-86", kehoach.Role.auditor, "86")
    before = len(store.export_cases(kehoach.Principal("cb-86", kehoach.Role.case_worker, "86"), "86", "2025", "csv"))

    def work(t):
        worker = kehoach.Principal(f"cb-{t}", kehoach.Role.case_worker, "86")
        for r in range(6):
            if r % 3 == 0:
                cases = [{"code": f"TH-{t}-{r}", "unit": "x-cai-nhum", "intake_date": f"2025-{1 + r:02d}-10",
                          "receiving_body": "police", "channel": "in_person", "domestic_violence": True,
                          "status": "open", "violence": ["form_physical"],
                          "survivor": {"sex": "female", "age_group": "25_39"}, "perpetrator": "spouse",
                          "needs_help": True, "consent_services": True, "consent_sharing": False}]
                store.import_cases(worker, json.dumps({"format": "kehoach-cases", "format_version": 1,
                                                       "cases": cases}), "json")
            elif r % 3 == 1:
                store.case_indicators(officer, "86", "2025", D(2025, 12, 31))
            else:
                store.plan_metrics("huong-khe-48-kh-ubnd-2021", D(2025, 12, 31))
        return t

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(work, range(8))) == list(range(8))
    after = store.export_cases(kehoach.Principal("cb-86", kehoach.Role.case_worker, "86"), "86", "2025", "csv")
    assert after.count("TH-") == 16
    assert len(after) > before
    assert store.verify_audit(auditor).intact


def test_parse_helpers():
    assert kehoach.parse_date("ngày 16 tháng 3 năm 2021") == D(2021, 3, 16)
    assert kehoach.parse_period("2025H2") == (D(2025, 7, 1), D(2025, 12, 31))
    plan, warnings = kehoach.read_plan((__import__("pathlib").Path(__file__).resolve().parents[3] / "examples" / "data" / "thuong-quang-2023.plan.json").read_text(encoding="utf-8"))
    assert plan.id == "thuong-quang-bdg-2023" and any("2022" in w[1] for w in warnings)


def test_copy_to_an_empty_store_and_back(tmp_path, data, store):
    """Store.copy_to: the whole store, checked equal; the `store` fixture is
    the tests' engine (a PostgreSQL schema on python.on_postgres), holding
    the seed plans, the demo records and cases."""
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    auditor = kehoach.Principal("kt-86", kehoach.Role.auditor, "86")
    with pytest.raises(kehoach.PermissionDeniedError):
        store.copy_to(worker, str(tmp_path / "refused.db"))
    assert not (tmp_path / "refused.db").exists()
    report = store.copy_to(auditor, str(tmp_path / "copy.db"))
    assert isinstance(report, kehoach.CopyReport)
    assert report.plans == 3 and report.records > 0 and report.cases > 0 and report.audit_entries > 0
    assert '"equal": true' in report.to_json()
    copy = kehoach.Store(str(tmp_path / "copy.db"))
    assert copy.plan_ids() == store.plan_ids()
    assert copy.export_plan_json(store.plan_ids()[0]) == store.export_plan_json(store.plan_ids()[0])
    assert copy.verify_audit(auditor).head == store.verify_audit(auditor).head
    with pytest.raises(kehoach.InvalidArgumentError, match="already holds"):
        store.copy_to(auditor, str(tmp_path / "copy.db"))


def test_integrity_check_and_audit_key(tmp_path, data):
    import sqlite3
    path = str(tmp_path / "integrity.db")
    store = kehoach.Store(path)
    store.import_plan_file(str(data / "cai-nhum-2026.plan.json"))
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    auditor = kehoach.Principal("kt-86", kehoach.Role.auditor, "86")
    store.set_audit_key(b"portal-key-0123456789")
    with pytest.raises(kehoach.InvalidArgumentError):
        store.set_audit_key(b"short")
    store.import_cases(worker, (data / "demo" / "cases-86.csv").read_text(encoding="utf-8"), "csv")
    report = store.check_integrity(auditor)
    assert report.intact and report.problems == [] and report.cases_checked > 0
    assert report.audit.macs_checked >= 1
    assert '"intact": true' in report.to_json()
    assert store.check_integrity() == []
    with pytest.raises(kehoach.PermissionDeniedError):
        store.check_integrity(worker)
    del store
    db = sqlite3.connect(path)
    code = db.execute("SELECT unit, code FROM cases LIMIT 1").fetchone()
    db.execute("UPDATE cases SET age_group = '60_plus' WHERE unit = ? AND code = ?", code)
    db.commit()
    db.close()
    store = kehoach.Store(path)
    report = store.check_integrity(auditor)
    assert not report.intact
    kinds = {(p.kind, p.record) for p in report.problems}
    assert ("case_changed", f"{code[0]}:{code[1]}") in kinds
    assert any(k == "cells" for k, _ in kinds)


def test_one_case_loaded_and_updated_and_a_plan_removed(store, data):
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    import json
    doc = store.load_case(worker, "VL-0001")
    case = json.loads(doc)["cases"][0]
    assert case["code"] == "VL-0001" and case["unit"] == "x-cai-nhum"
    assert store.load_case(worker, "VL-0001", unit="x-cai-nhum") == doc
    store.update_case(worker, doc)
    with pytest.raises(kehoach.NotFoundError):
        store.load_case(worker, "VL-9999")
    with pytest.raises(kehoach.PermissionDeniedError):
        store.load_case(officer, "VL-0001")
    with pytest.raises(kehoach.PermissionDeniedError):
        store.update_case(officer, doc)
    with pytest.raises(kehoach.InvalidArgumentError):
        store.update_case(worker, json.dumps({"format": "kehoach-cases", "format_version": 1, "cases": []}))
    actions = [e.action for e in store.audit_trail(kehoach.Principal("kt-86", kehoach.Role.auditor, "86"))]
    assert "case.read" in actions and actions.count("access.denied") >= 3

    assert store.has_plan("thuong-quang-bdg-2023")
    with pytest.raises(kehoach.ConflictError, match="3 submissions"):
        store.remove_plan("thuong-quang-bdg-2023")  # what was reported under it stays readable
    assert store.has_plan("thuong-quang-bdg-2023")
    cascade = store.plan_cascade("thuong-quang-bdg-2023")
    assert (cascade.plan_id, cascade.parents, cascade.children) == ("thuong-quang-bdg-2023", [], [])
    assert (cascade.replaces, cascade.replaces_elsewhere, cascade.replaced_by) == ([], [], [])
    assert json.loads(cascade.to_json())["plan"] == "thuong-quang-bdg-2023"
    empty = kehoach.Store(":memory:")
    empty.import_plan_file(str(data / "thuong-quang-2023.plan.json"))
    empty.remove_plan("thuong-quang-bdg-2023")
    assert not empty.has_plan("thuong-quang-bdg-2023")
    with pytest.raises(kehoach.NotFoundError):
        empty.remove_plan("thuong-quang-bdg-2023")
    with pytest.raises(kehoach.NotFoundError):
        empty.plan_cascade("thuong-quang-bdg-2023")


def test_a_plan_is_amended_and_every_revision_stays_readable(data):
    store = kehoach.Store(":memory:")
    text = (data / "cai-nhum-2026.plan.json").read_text(encoding="utf-8")
    store.import_plan_json(text)
    doc = json.loads(text)
    for duty in doc["reporting_duties"]:
        if duty["id"] == "rd-phong-nganh-hang-nam":
            duty["deadline"]["day"] = 15
            duty["deadline"]["month"] = 12
    amended = json.dumps(doc, ensure_ascii=False)
    r = store.amend_plan(amended, "15/KH-UBND", datetime.date(2027, 4, 20), "UBND xã Cái Nhum",
                         in_force_from=datetime.date(2027, 5, 1))
    assert isinstance(r, kehoach.PlanRevision)
    assert (r.plan_id, r.revision, r.in_force_from) == ("cai-nhum-gbv-2026-2030", 2, datetime.date(2027, 5, 1))
    assert (r.amendment.number, r.amendment.issuer) == ("15/KH-UBND", "UBND xã Cái Nhum")
    # The same amendment again changes nothing.
    assert store.amend_plan(amended, "15/KH-UBND", datetime.date(2027, 4, 20), "UBND xã Cái Nhum",
                            in_force_from=datetime.date(2027, 5, 1)).revision == 2
    history = store.plan_history("cai-nhum-gbv-2026-2030")
    assert [h.revision for h in history] == [1, 2] and history[0].amendment is None
    first = json.loads(store.plan_revision("cai-nhum-gbv-2026-2030", 1))
    assert [d["deadline"] for d in first["reporting_duties"] if d["id"] == "rd-phong-nganh-hang-nam"][0]["day"] == 20
    diff = store.plan_diff("cai-nhum-gbv-2026-2030", 1, 2)
    assert (diff.from_revision, diff.to_revision) == (1, 2)
    assert [(c.kind, c.id, c.change, c.fields) for c in diff.changes] == [
        ("duty", "rd-phong-nganh-hang-nam", "changed", ["deadline"])]
    assert json.loads(diff.to_json())["changes"][0]["kind"] == "duty"
    with pytest.raises(kehoach.ConflictError, match="already amended"):
        store.amend_plan(amended.replace("Cái Nhum", "Cái Nhum ", 1), "15/KH-UBND", datetime.date(2027, 6, 1), "UBND")
    with pytest.raises(kehoach.ValidationError) as e:
        store.amend_plan(amended.replace("Cái Nhum", "Cái Nhum ", 1), "16/KH-UBND", datetime.date(2027, 1, 1), "UBND")
    assert e.value.path == "/amendment/in_force_from"
    with pytest.raises(kehoach.NotFoundError, match="has no revision 3"):
        store.plan_revision("cai-nhum-gbv-2026-2030", 3)
    assert len(store.plan_history("cai-nhum-gbv-2026-2030")) == 2


def test_unit_register_records_a_merger_and_refuses_bad_input(store):
    versions = ("code,name,level,parent,valid_from,valid_to\n"
                "29701,Xã Mỹ Một,commune,86,,30/06/2025\n"
                "29702,Xã Mỹ Hai,commune,86,,2025-06-30\n"
                "29701,Xã Mỹ Hợp,commune,86,2025-07-01,\n")
    successions = "old_code,new_code,date,share\n29701,29701,2025-07-01,\n29702,29701,2025-07-01,\n"
    store.import_register(versions, successions)
    h = store.unit_history("29701")
    assert isinstance(h, kehoach.UnitHistory)
    assert [v.name for v in h.versions] == ["Xã Mỹ Một", "Xã Mỹ Hợp"]
    assert h.versions[0].valid_to == datetime.date(2025, 6, 30) and h.versions[1].valid_from == datetime.date(2025, 7, 1)
    assert h.versions[1].level == kehoach.Level.commune and h.versions[1].parent == "86"
    assert sorted(e.from_code for e in h.predecessors) == ["29701", "29702"]
    assert [(e.to_code, e.share) for e in store.unit_history("29702").successors] == [("29701", None)]
    assert len(store.successions()) == 2
    with pytest.raises(kehoach.ValidationError) as e:
        store.import_register("code,name,level,parent\n29703,Xã Ba,commune,29701\n")
    assert e.value.path == "/versions/0/parent" and "higher level" in str(e.value)
    with pytest.raises(kehoach.NotFoundError):
        store.unit_history("29703")
    with pytest.raises(kehoach.ParseError) as e:
        store.import_register("code,name,level\n29703,Xã Ba,hamlet\n")
    assert "versions line 2, column level" in str(e.value)


# Two communes of 86 merged on 1 July 2025 into the larger 29701.
MERGER_REGISTER = ("code,name,level,parent,valid_from,valid_to\n"
                   "29701,Xã Mỹ Một,commune,86,,30/06/2025\n"
                   "29702,Xã Mỹ Hai,commune,86,,2025-06-30\n"
                   "29701,Xã Mỹ Hợp,commune,86,2025-07-01,\n")
MERGER_SUCCESSIONS = "old_code,new_code,date,share\n29701,29701,2025-07-01,\n29702,29701,2025-07-01,\n"


def test_roll_ups_by_the_units_of_a_day(store):
    store.import_register(MERGER_REGISTER, MERGER_SUCCESSIONS)
    before = {v.code: v.name for v in store.units_on(datetime.date(2025, 6, 30))}
    after = {v.code: v.name for v in store.units_on(datetime.date(2025, 7, 1))}
    assert before["29701"] == "Xã Mỹ Một" and "29702" in before
    assert after["29701"] == "Xã Mỹ Hợp" and "29702" not in after
    day = datetime.date(2026, 12, 31)
    m = store.unit_metrics("86", day, boundaries=day)
    assert m.boundaries == day and [p.plan_id for p in m.plans] == ["cai-nhum-gbv-2026-2030"]
    assert store.unit_metrics("86", day).boundaries is None
    r = store.reporting_rollup("86", day, boundaries=day)
    assert r.boundaries == day and r.expected == store.reporting_rollup("86", day).expected
    with pytest.raises(kehoach.NotFoundError, match="no version valid on 2026-12-31"):
        store.reporting_rollup("29702", day, boundaries=day)


def test_case_indicators_by_the_units_of_a_day(store, data):
    store.import_register(MERGER_REGISTER, MERGER_SUCCESSIONS)
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")

    def case(code, unit, intake):
        return {"code": code, "unit": unit, "intake_date": intake, "receiving_body": "police", "channel": "in_person",
                "domestic_violence": True, "status": "open", "violence": ["form_physical"],
                "survivor": {"sex": "female", "age_group": "25_39"}, "perpetrator": "spouse",
                "needs_help": True, "consent_services": True, "consent_sharing": False}

    # 29702 before the merger (6 cases in March), the merged 29701 after it (5 in September).
    cases = [case(f"MH-{i}", "29702", "2025-03-10") for i in range(6)]
    cases += [case(f"MM-{i}", "29701", "2025-09-10") for i in range(5)]
    store.import_cases(worker, json.dumps({"format": "kehoach-cases", "format_version": 1, "cases": cases}), "json")
    as_of, now, then = datetime.date(2026, 1, 31), datetime.date(2026, 12, 31), datetime.date(2025, 6, 30)
    x = store.case_indicators(officer, "29701", "2025", as_of, boundaries=now)
    assert x.boundaries == now and x.disclosure_controlled and x.cases.value == 11
    # On 30 June 2025 the merged commune's cases are held at the province (it was formed from two).
    assert store.case_indicators(officer, "29702", "2025", as_of, boundaries=then).cases.value == 6
    assert store.case_indicators(officer, "29701", "2025", as_of, boundaries=then).cases.value == 0
    assert store.case_indicators(officer, "29701", "2025", as_of).boundaries is None
    with pytest.raises(kehoach.NotFoundError, match="no version valid on 2026-12-31"):
        store.case_indicators(officer, "29702", "2025", as_of, boundaries=now)
    # 29702's package of the first quarter, imported above, rolls up by either day's units.
    own = kehoach.Principal("off-29702", kehoach.Role.officer, "29702")
    upper = kehoach.Store(":memory:")
    upper.import_plan_file(str(data / "cai-nhum-2026.plan.json"))  # the units
    upper.import_register(MERGER_REGISTER, MERGER_SUCCESSIONS)
    upper.import_package(officer, store.export_package(own, "29702", "2025Q1", as_of))
    rolled = upper.rolled_up_packages(officer, "29701", "2025Q1", boundaries=now)
    assert rolled.boundaries == now and rolled.cases.value == 6
    assert upper.rolled_up_packages(officer, "29702", "2025Q1", boundaries=then).cases.value == 6
    assert upper.rolled_up_packages(officer, "29701", "2025Q1", boundaries=then).cases.value is None
    tree = upper.rolled_up_packages(officer, "86", "2025Q1")
    assert tree.boundaries is None and tree.cases.value == 6
    with pytest.raises(kehoach.NotFoundError, match="no version valid on 2026-12-31"):
        upper.rolled_up_packages(officer, "29702", "2025Q1", boundaries=now)


def test_the_case_life_cycle(store):
    import json
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    auditor = kehoach.Principal("kt-86", kehoach.Role.auditor, "86")
    doc = store.load_case(worker, "VL-0002")
    read = kehoach.case_version(doc)
    assert len(read) == 64
    # A service given: the update is checked against the version read.
    data = json.loads(doc)
    data["cases"][0]["services"] = [{"type": "medical", "provider": "tram-y-te", "date": "2025-04-14",
                                     "outcome": "provided"}]
    updated = store.update_case(worker, json.dumps(data), expected_version=read)
    assert updated != read and kehoach.case_version(store.load_case(worker, "VL-0002")) == updated
    with pytest.raises(kehoach.ConflictError, match="changed since it was read"):
        store.update_case(worker, doc, expected_version=read)
    with pytest.raises(kehoach.InvalidArgumentError, match="expected_version is empty"):
        store.update_case(worker, doc, expected_version="")
    closed = store.close_case(worker, "VL-0002", datetime.date(2025, 5, 1), expected_version=updated)
    with pytest.raises(kehoach.ConflictError, match="already closed"):
        store.close_case(worker, "VL-0002", datetime.date(2025, 5, 2))
    with pytest.raises(kehoach.ValidationError, match="/closed_on"):
        store.close_case(worker, "VL-0003", datetime.date(2025, 1, 1))
    with pytest.raises(kehoach.PermissionDeniedError):
        store.close_case(officer, "VL-0003", datetime.date(2025, 5, 1))
    page = store.list_cases(worker, "86", intake="2025", status="closed")
    assert [(c.code, c.status, c.closed_on) for c in page.cases] == [("VL-0002", "closed", datetime.date(2025, 5, 1))]
    assert not hasattr(page.cases[0], "version")
    assert page.next is None and len(page) == 1 and json.loads(page.to_json())["next"] is None
    assert store.reopen_case(worker, "VL-0002", unit="x-cai-nhum", expected_version=closed) == updated
    with pytest.raises(kehoach.ConflictError, match="is open"):
        store.reopen_case(worker, "VL-0002")
    # Every case, fifty at a time: the pages follow one another, none twice.
    seen, after = [], None
    while True:
        page = store.list_cases(worker, "86", after=after, limit=50)
        seen += [(c.unit, c.code) for c in page.cases]
        if page.next is None:
            break
        after = page.next
    assert len(seen) == len(set(seen)) == 140
    with pytest.raises(kehoach.InvalidArgumentError, match="/limit"):
        store.list_cases(worker, "86", limit=0)
    with pytest.raises(kehoach.InvalidArgumentError, match="status"):
        store.list_cases(worker, "86", status="pending")
    actions = [e.action for e in store.audit_trail(auditor)]
    assert {"case.update", "case.close", "case.reopen", "case.list"} <= set(actions)
    assert store.check_integrity(auditor).intact


def test_agencies_over_time(store):
    plan = "cai-nhum-gbv-2026-2030"
    assert store.agency_successions(plan) == []
    doc = {"format": "kehoach-agency-successions", "format_version": 1, "successions": [
        {"plan_id": plan, "agency_id": "phong-nganh-xa", "date": "2027-01-01",
         "to": [{"agency_id": "phong-vhxh", "duties": ["rd-phong-nganh-hang-nam"]}],
         "basis": "Quyết định số 12/QĐ-UBND"}]}
    bad = json.loads(json.dumps(doc))
    bad["successions"][0]["to"][0]["agency_id"] = "khong-co"
    with pytest.raises(kehoach.ValidationError) as e:
        store.record_agency_successions(json.dumps(bad))
    assert e.value.path == "/successions/0/to/0/agency_id"
    assert store.agency_successions(plan) == []  # nothing was written
    recorded = store.record_agency_successions(json.dumps(doc))
    assert [(s.agency_id, s.date, s.basis) for s in recorded] == [
        ("phong-nganh-xa", D(2027, 1, 1), "Quyết định số 12/QĐ-UBND")]
    [s] = store.agency_successions(plan)
    assert isinstance(s, kehoach.AgencySuccession)
    assert [(h.agency_id, h.tasks, h.duties) for h in s.to] == [("phong-vhxh", [], ["rd-phong-nganh-hang-nam"])]
    with pytest.raises(kehoach.NotFoundError):
        store.agency_successions("khong-co")

    # The 2027 report passed to phong-vhxh; the 2026 one stays with its reporter.
    m = store.plan_metrics(plan, D(2027, 12, 31))
    reports = {(r.duty_id, r.period[0].year): r for r in m.reporting.missing + m.reporting.late}
    assert reports[("rd-phong-nganh-hang-nam", 2027)].responsible == "phong-vhxh"
    assert reports[("rd-phong-nganh-hang-nam", 2027)].reporter == "phong-nganh-xa"
    agencies = {a.agency_id: a for a in m.agencies}
    assert agencies["phong-vhxh"].report_inherited == 1 and agencies["phong-vhxh"].report_met == 0
    assert agencies["phong-nganh-xa"].ended == D(2026, 12, 31)
    assert agencies["phong-nganh-xa"].report_due == 1 and agencies["phong-nganh-xa"].report_met == 1
    assert m.orphaned == []
    frame = kehoach.agencies_frame(m).set_index("agency")
    assert frame.loc["phong-vhxh", "report_inherited"] == 1

    # The successor files the report it took over.
    store.record_json(json.dumps({"format": "kehoach-records", "format_version": 1, "submissions": [
        {"plan": plan, "duty": "rd-phong-nganh-hang-nam", "reporter": "phong-vhxh", "period": "2027",
         "submitted": "2027-11-15"}]}))
    m = store.plan_metrics(plan, D(2027, 12, 31))
    agencies = {a.agency_id: a for a in m.agencies}
    assert agencies["phong-vhxh"].report_met == 1
    assert all(r.period[0].year != 2027 for r in m.reporting.missing if r.duty_id == "rd-phong-nganh-hang-nam")
    # An agency that took over nothing of this duty may not file it.
    with pytest.raises(kehoach.ValidationError) as e:
        store.record_json(json.dumps({"format": "kehoach-records", "format_version": 1, "submissions": [
            {"plan": plan, "duty": "rd-phong-nganh-hang-nam", "reporter": "tram-y-te", "period": "2028",
             "submitted": "2028-11-15"}]}))
    assert e.value.path.endswith("/reporter")


def test_an_allocation_is_corrected_and_retracted_with_its_history(data):
    store = kehoach.Store(":memory:")
    store.import_plan_file(str(data / "cai-nhum-2026.plan.json"))
    plan = "cai-nhum-gbv-2026-2030"

    def record(amount, dated="2026-01-15"):
        store.record_json(json.dumps({"format": "kehoach-records", "format_version": 1, "allocations": [
            {"plan": plan, "year": 2026, "source": "f-ngan-sach", "agency": "phong-vhxh", "task": None,
             "dated": dated, "amount": amount}]}))

    def allocated():
        return store.plan_metrics(plan, D(2026, 12, 31)).budget.total.allocated

    base = allocated()
    record(30_000_000)
    record(30_000_000)  # the same file again: a no-op
    assert allocated() == base + 30_000_000
    record(35_000_000)  # a correction
    assert allocated() == base + 35_000_000
    history = store.allocation_history(plan)
    mine = [v for v in history if v.agency_id == "phong-vhxh" and v.source_id == "f-ngan-sach" and v.task_id is None]
    assert [(v.amount, v.replaced_at is None, v.retracted) for v in mine] == [(30_000_000, False, False), (35_000_000, True, False)]
    assert isinstance(mine[0], kehoach.AllocationVersion)
    assert mine[0].replaced_at == mine[1].recorded_at and mine[0].dated == D(2026, 1, 15)
    store.retract_allocation(plan, 2026, "f-ngan-sach", "phong-vhxh", D(2026, 1, 15))
    assert allocated() == base
    with pytest.raises(kehoach.NotFoundError, match="2026-01-15"):
        store.retract_allocation(plan, 2026, "f-ngan-sach", "phong-vhxh", D(2026, 1, 15), task_id=None)
    with pytest.raises(kehoach.NotFoundError):
        store.allocation_history("khong-co")


def test_an_expenditure_is_recorded_again_corrected_and_retracted_with_its_history(data):
    store = kehoach.Store(":memory:")
    store.import_plan_file(str(data / "cai-nhum-2026.plan.json"))
    plan = "cai-nhum-gbv-2026-2030"

    def record(*rows):
        store.record_json(json.dumps({"format": "kehoach-records", "format_version": 1, "expenditures": [
            dict({"plan": plan, "date": "2026-03-02", "source": "f-ngan-sach", "agency": "phong-vhxh"}, **row)
            for row in rows]}))

    def spent():
        return store.plan_metrics(plan, D(2026, 12, 31)).budget.total.spent

    base = spent()
    record({"amount": 10_000_000, "voucher": "PC-01"}, {"amount": 5_000_000})
    record({"amount": 10_000_000, "voucher": "PC-01"}, {"amount": 5_000_000})  # the same file again: a no-op
    assert spent() == base + 15_000_000
    record({"amount": 14_000_000, "voucher": "PC-01"})  # a correction
    assert spent() == base + 19_000_000
    mine = [v for v in store.expenditure_history(plan) if v.date == D(2026, 3, 2)]
    assert [(v.amount, v.voucher, v.replaced_at is None) for v in mine] == [
        (5_000_000, None, True), (10_000_000, "PC-01", False), (14_000_000, "PC-01", True)]
    assert isinstance(mine[0], kehoach.ExpenditureVersion)
    assert mine[1].replaced_at == mine[2].recorded_at
    store.retract_expenditure(plan, D(2026, 3, 2), "f-ngan-sach", "phong-vhxh", amount=5_000_000)
    store.retract_expenditure(plan, D(2026, 3, 2), "f-ngan-sach", "phong-vhxh", voucher="PC-01")
    assert spent() == base
    with pytest.raises(kehoach.NotFoundError, match="voucher 'PC-01'"):
        store.retract_expenditure(plan, D(2026, 3, 2), "f-ngan-sach", "phong-vhxh", voucher="PC-01")
    with pytest.raises(ValueError, match="amount"):
        store.retract_expenditure(plan, D(2026, 3, 2), "f-ngan-sach", "phong-vhxh")
    with pytest.raises(ValueError, match="voucher= or amount="):
        store.retract_expenditure(plan, D(2026, 3, 2), "f-ngan-sach", "phong-vhxh", voucher="PC-01", amount=1)
    with pytest.raises(kehoach.ValidationError, match="give each its voucher number"):
        record({"amount": 7}, {"amount": 7})
    with pytest.raises(kehoach.NotFoundError):
        store.expenditure_history("khong-co")


def test_a_submission_sent_again_and_one_retracted_with_its_history(data):
    store = kehoach.Store(":memory:")
    store.import_plan_file(str(data / "cai-nhum-2026.plan.json"))
    plan, duty = "cai-nhum-gbv-2026-2030", "rd-phong-nganh-hang-nam"

    def record(day):
        store.record_json(json.dumps({"format": "kehoach-records", "format_version": 1, "submissions": [
            {"plan": plan, "duty": duty, "reporter": "phong-nganh-xa", "period": "2026", "submitted": day}]}))

    def reporting():
        r = store.plan_metrics(plan, D(2027, 6, 30)).reporting
        return [(x.duty_id, x.submitted) for x in r.late if x.duty_id == duty], r.on_time

    record("2026-11-18")  # before 20/11: on time
    record("2026-11-18")  # the same file again: a no-op
    record("2026-11-25")  # sent again: kept, the first judges timeliness
    late, on_time = reporting()
    assert late == []
    history = store.submission_history(plan, duty)
    assert [(v.submitted, v.retracted_at) for v in history] == [(D(2026, 11, 18), None), (D(2026, 11, 25), None)]
    assert isinstance(history[0], kehoach.SubmissionVersion)
    assert (history[0].period_start, history[0].period_end) == (D(2026, 1, 1), D(2026, 12, 31))
    store.retract_submission(plan, duty, "phong-nganh-xa", "2026", D(2026, 11, 18))
    late, after = reporting()
    assert late == [(duty, D(2026, 11, 25))]
    assert after == on_time - 1
    assert store.submission_history(plan, duty)[0].retracted_at is not None
    with pytest.raises(kehoach.NotFoundError, match="2026-11-18"):
        store.retract_submission(plan, duty, "phong-nganh-xa", "2026", D(2026, 11, 18))
    with pytest.raises(kehoach.NotFoundError):
        store.submission_history(plan, "khong-co")


def huong_khe_with_recorder(data):
    """A store holding the Hương Khê seed, its plan, its first target's id, and
    record(value): that target's observation of 2023-12-31, as a records file."""
    store = kehoach.Store(":memory:")
    store.import_plan_json((data / "huong-khe-2021.plan.json").read_text(encoding="utf-8"))
    plan = store.load_plan("huong-khe-48-kh-ubnd-2021")
    target = plan.targets[0].id

    def record(value):
        store.record_json(json.dumps({"format": "kehoach-records", "format_version": 1, "observations": [
            {"plan": plan.id, "target": target, "date": "2023-12-31", "value": value}]}))

    return store, plan, target, record


def test_an_observation_is_corrected_and_retracted_with_its_history(data):
    store, plan, target, record = huong_khe_with_recorder(data)
    record(40)
    record(40)  # the same file again: a no-op
    assert store.observation_count() == 1
    assert store.plan_metrics(plan.id, D(2024, 1, 31)).targets[0].actual == 40
    record(48.5)  # a correction
    assert store.observation_count() == 1
    assert store.plan_metrics(plan.id, D(2024, 1, 31)).targets[0].actual == 48.5
    history = store.observation_history(plan.id, target)
    assert [(v.value, v.retracted, v.replaced_at is None) for v in history] == [(40, False, False), (48.5, False, True)]
    assert isinstance(history[0], kehoach.ObservationVersion)
    assert history[0].replaced_at == history[1].recorded_at
    assert history[0].date == D(2023, 12, 31)
    store.retract_observation(plan.id, target, D(2023, 12, 31))
    assert store.plan_metrics(plan.id, D(2024, 1, 31)).targets[0].actual is None
    assert store.observation_history(plan.id, target)[1].retracted
    with pytest.raises(kehoach.NotFoundError, match="2023-12-31"):
        store.retract_observation(plan.id, target, D(2023, 12, 31))
    with pytest.raises(kehoach.NotFoundError):
        store.observation_history(plan.id, "khong-co")


def test_metrics_as_known_at_a_time(data):
    # Decision 0030: known_at gives the records as they stood at that time.
    import time
    store, plan, target, record = huong_khe_with_recorder(data)
    record(40)
    first = store.observation_history(plan.id, target)[0].recorded_at
    while datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") == first:
        time.sleep(0.02)  # the times are to the second
    record(48.5)
    as_of = D(2024, 1, 31)
    m = store.plan_metrics(plan.id, as_of, known_at=first)
    assert m.known_at == first
    assert m.targets[0].actual == 40
    assert json.loads(m.to_json())["known_at"] == first
    assert store.plan_metrics(plan.id, as_of).targets[0].actual == 48.5
    assert store.plan_metrics(plan.id, as_of).known_at is None
    # A datetime with a time zone is taken to UTC; pandas' Timestamp is one.
    at = datetime.datetime.strptime(first, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    hanoi = at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert store.plan_metrics(plan.id, as_of, known_at=hanoi).known_at == first
    assert store.plan_metrics(plan.id, as_of, known_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)) \
        .targets[0].actual is None
    u = store.unit_metrics(plan.unit, as_of, known_at=first)
    assert u.known_at == first and u.plans[0].targets[0].actual == 40
    with pytest.raises(ValueError, match="time zone"):
        store.plan_metrics(plan.id, as_of, known_at=datetime.datetime(2024, 1, 1))
    with pytest.raises(TypeError):
        store.plan_metrics(plan.id, as_of, known_at=D(2024, 1, 1))
    with pytest.raises(kehoach.InvalidArgumentError, match="known_at"):
        store.plan_metrics(plan.id, as_of, known_at="2024-01-01")


def test_a_task_update_recorded_again_is_stored_once(data):
    # Decision 0031: an update equal in every field is a no-op; the history reads back.
    store = kehoach.Store(":memory:")
    store.import_plan_json((data / "huong-khe-2021.plan.json").read_text(encoding="utf-8"))
    plan = store.load_plan("huong-khe-48-kh-ubnd-2021")
    task = plan.tasks[0]
    update = {"plan": plan.id, "task": task.id, "date": "2022-06-30", "by": "cb-01", "status": "in_progress",
              "progress": 40, "note": "bắt đầu"}
    document = json.dumps({"format": "kehoach-records", "format_version": 1, "task_updates": [update]})
    try:
        store.record_json(document)
    except kehoach.ValidationError as e:
        pytest.skip(f"the first task of the seed takes no such update: {e}")
    store.record_json(document)
    history = store.task_history(plan.id, task.id)
    assert len(history) == 1
    assert isinstance(history[0], kehoach.TaskChange)
    assert (history[0].status, history[0].progress, history[0].note, history[0].by) == \
        (kehoach.TaskStatus.in_progress, 40, "bắt đầu", "cb-01")
    assert history[0].old_status == kehoach.TaskStatus.planned and history[0].old_progress is None
    with pytest.raises(kehoach.NotFoundError, match="task 'khong-co'"):
        store.task_history(plan.id, "khong-co")


def test_known_at_refuses_nat():
    pd = pytest.importorskip("pandas")
    store = kehoach.Store(":memory:")
    with pytest.raises(ValueError, match="NaT"):
        store.plan_metrics("x", D(2024, 1, 1), known_at=pd.NaT)
