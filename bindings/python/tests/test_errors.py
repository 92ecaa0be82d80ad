"""The error table through Python: every code raises the class the table names,
and a busy store raises BusyError (retryable), not ConflictError."""
import builtins
import subprocess
import sys
from pathlib import Path

import pytest

import kehoach
from kehoach import _kehoach, errors

DATA = Path(__file__).resolve().parents[3] / "examples" / "data"


def exception_class(name):
    return getattr(errors, name, None) or getattr(builtins, name)


def test_the_table_has_every_code_once_in_order():
    table = kehoach.error_table()
    assert [row["number"] for row in table] == list(range(1, len(table) + 1))
    assert len({row["python_exception"] for row in table}) == len(table)
    assert [row["code"] for row in table if row["retryable"]] == ["busy"]
    for row in table:
        assert row["c_status"] == -row["number"]
        assert row["c_name"].startswith("KH_E_")
        assert row["cli_exit"] in (1, 3)


@pytest.mark.parametrize("row", kehoach.error_table(), ids=lambda row: row["code"])
def test_every_code_raises_its_class(row):
    cls = exception_class(row["python_exception"])
    with pytest.raises(cls) as info:
        _kehoach._raise_error(row["number"], "the message")
    if row["code"] == "no_memory":
        assert type(info.value) is MemoryError
        return
    assert type(info.value) is cls
    assert isinstance(info.value, kehoach.KehoachError)
    assert info.value.code == row["code"]
    assert info.value.retryable is row["retryable"]
    assert "the message" in str(info.value)


def test_the_exported_classes_are_those_of_the_table():
    for row in kehoach.error_table():
        if row["code"] != "no_memory":
            assert getattr(kehoach, row["python_exception"]) is getattr(errors, row["python_exception"])


def test_a_store_held_by_another_writer_raises_busy_and_the_retry_succeeds(tmp_path):
    path = tmp_path / "busy.db"
    store = kehoach.Store(str(path), busy_timeout_ms=0)
    # Another process holds the write lock (one process would share its locks).
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
         "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.readline(); c.execute('ROLLBACK')",
         str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(kehoach.BusyError) as info:
            store.import_plan_file(str(DATA / "cai-nhum-2026.plan.json"))
        assert info.value.retryable
        assert not isinstance(info.value, kehoach.ConflictError)
    finally:
        holder.communicate("\n", timeout=30)
    assert store.plan_ids() == []
    store.import_plan_file(str(DATA / "cai-nhum-2026.plan.json"))
    assert store.plan_ids() == ["cai-nhum-gbv-2026-2030"]


def test_docs_errors_md_shows_the_table_as_it_is():
    text = (Path(__file__).resolve().parents[3] / "docs" / "errors.md").read_text(encoding="utf-8")
    for row in kehoach.error_table():
        line = (f"| `{row['code']}` ({row['number']}) | `{row['cpp_class']}` | `{row['c_name']}` ({row['c_status']}) | "
                f"`{row['python_exception']}` | {row['cli_exit']} | {'yes' if row['retryable'] else 'no'} | "
                f"{row['meaning']} |")
        assert line in text, line
