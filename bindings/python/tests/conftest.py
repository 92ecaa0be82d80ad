import glob
import itertools
import os
import pathlib
import shutil
import subprocess

import pytest

import kehoach

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = ROOT / "examples" / "data"


@pytest.fixture
def data():
    return DATA


_schemas = itertools.count(1)


def fresh_location():
    """Where to open a fresh, empty store: in memory (SQLite) by default; with
    KEHOACH_TEST_ENGINE=postgres (ctest's python.on_postgres), a new schema of
    its own in the database at KEHOACH_TEST_POSTGRES_URI."""
    if os.environ.get("KEHOACH_TEST_ENGINE") != "postgres":
        return ":memory:"
    base = os.environ["KEHOACH_TEST_POSTGRES_URI"]
    psql = shutil.which("psql") or sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]
    schema = f"kh_py{os.getpid()}_{next(_schemas)}"
    subprocess.run([psql, base, "-qc", f"SET client_min_messages = warning; DROP SCHEMA IF EXISTS {schema} CASCADE; "
                    f"CREATE SCHEMA {schema}"], check=True)
    return base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"


@pytest.fixture
def store():
    """A store with the three seed plans and the synthetic demo data."""
    s = kehoach.Store(fresh_location())
    for name in ("huong-khe-2021", "cai-nhum-2026", "thuong-quang-2023"):
        s.import_plan_file(str(DATA / f"{name}.plan.json"))
    s.record_json((DATA / "demo" / "records.json").read_text(encoding="utf-8"))
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    s.import_cases(worker, (DATA / "demo" / "cases-86.csv").read_text(encoding="utf-8"), "csv")
    return s


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL only the tests of the `store` fixture run: the others open
    SQLite files of their own and ran already."""
    if os.environ.get("KEHOACH_TEST_ENGINE") != "postgres":
        return
    kept = [item for item in items if "store" in getattr(item, "fixturenames", ())]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept
