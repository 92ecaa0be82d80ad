import pathlib

import pytest

import kehoach

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = ROOT / "examples" / "data"


@pytest.fixture
def data():
    return DATA


@pytest.fixture
def store():
    """A store with the three seed plans and the synthetic demo data."""
    s = kehoach.Store()
    for name in ("huong-khe-2021", "cai-nhum-2026", "thuong-quang-2023"):
        s.import_plan_file(str(DATA / f"{name}.plan.json"))
    s.record_json((DATA / "demo" / "records.json").read_text(encoding="utf-8"))
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    s.import_cases(worker, (DATA / "demo" / "cases-86.csv").read_text(encoding="utf-8"), "csv")
    return s
