import datetime
import sys

import pytest

import kehoach

D = datetime.date


def test_targets_frame(store):
    df = kehoach.targets_frame(store.plan_metrics("cai-nhum-gbv-2026-2030", D(2026, 11, 25)))
    assert list(df["item"]) == ["a", "a", "b", "c", "d", "d", "đ"]
    assert df.loc[0, "numerator"] == 18 and df.loc[0, "denominator"] == 25
    assert set(df["status"]) <= {s.name for s in kehoach.TargetStatus}


def test_reporting_budget_and_agency_frames(store):
    m = store.plan_metrics("thuong-quang-bdg-2023", D(2023, 12, 31))
    rep = kehoach.reporting_frame(m).set_index("agency")
    assert rep.loc["cac-thon", "expected"] == 2 and rep.loc["cac-thon", "on_time"] == 0
    budget = kehoach.budget_frame(m)
    assert budget.loc[0, "allocated"] == 8_000_000 and budget.loc[0, "execution_rate"] == 90.0
    assert kehoach.agencies_frame(m).set_index("agency").loc["cac-co-quan", "compliance"] == 100.0


def test_case_indicators_frame_keeps_the_suppression_flag(store):
    officer = kehoach.Principal("off-86", kehoach.Role.officer, "86")
    df = kehoach.case_indicators_frame(store.case_indicators(officer, "86", "2025Q3", D(2026, 11, 25)))
    assert {"numerator", "denominator", "suppressed"} <= set(df.columns)
    assert df.loc[df["indicator"] == "cases", "value"].iloc[0] > 0
    withheld = df[df["suppressed"]]
    assert withheld["value"].isna().all()


def test_a_clear_error_without_pandas(store, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="need pandas"):
        kehoach.targets_frame(store.plan_metrics("cai-nhum-gbv-2026-2030", D(2026, 11, 25)))
