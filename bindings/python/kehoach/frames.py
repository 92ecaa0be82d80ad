"""Metrics and case indicators as pandas DataFrames (pandas is optional)."""
from __future__ import annotations

from typing import Any


def _pandas() -> Any:  # pandas is optional: no pandas-stubs needed
    try:
        import pandas  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - exercised by a test that hides pandas
        raise ImportError("kehoach's DataFrame helpers need pandas: pip install 'kehoach[pandas]'") from error
    return pandas


def targets_frame(metrics) -> Any:
    """One row per target of a PlanMetrics: actual, expected, status, attainment."""
    pd = _pandas()
    rows = [{"plan": metrics.plan_id, "as_of": metrics.as_of, "target": t.target_id, "item": t.code,
             "indicator": t.indicator, "unit": t.unit.name, "actual": t.actual, "expected": t.expected,
             "numerator": t.numerator, "denominator": t.denominator, "status": t.status.name,
             "manual_status": t.manual.status if t.manual else None, "attainment": t.attainment}
            for t in metrics.targets]
    return pd.DataFrame(rows, columns=["plan", "as_of", "target", "item", "indicator", "unit", "actual", "expected",
                                       "numerator", "denominator", "status", "manual_status", "attainment"])


def _rate_row(name: str, rate) -> dict:
    return {"indicator": name, "value": rate.value, "numerator": rate.numerator, "denominator": rate.denominator,
            "suppressed": rate.suppressed}


def reporting_frame(metrics) -> Any:
    """One row per agency: expected and on-time reports (compliance's report part)."""
    pd = _pandas()
    rows = [{"plan": metrics.plan_id, "agency": a.agency_id, "name": a.name, "expected": a.report_due,
             "on_time": a.report_met, "rate": a.reports.value} for a in metrics.agencies]
    return pd.DataFrame(rows, columns=["plan", "agency", "name", "expected", "on_time", "rate"])


def budget_frame(metrics) -> Any:
    """One row per funding source: allocated, spent, execution rate (đồng, percent)."""
    pd = _pandas()
    rows = [{"plan": metrics.plan_id, "source": s.key, "allocated": s.allocated, "spent": s.spent,
             "execution_rate": s.execution_rate} for s in metrics.budget.by_source]
    return pd.DataFrame(rows, columns=["plan", "source", "allocated", "spent", "execution_rate"])


def agencies_frame(metrics) -> Any:
    """One row per agency: tasks and reports due and met, compliance, what of
    it passed from an agency that ended, and the agency's own last day."""
    pd = _pandas()
    rows = [{"plan": metrics.plan_id, "agency": a.agency_id, "name": a.name, "task_due": a.task_due,
             "task_met": a.task_met, "report_due": a.report_due, "report_met": a.report_met,
             "compliance": a.compliance.value, "task_inherited": a.task_inherited,
             "report_inherited": a.report_inherited, "ended": a.ended} for a in metrics.agencies]
    return pd.DataFrame(rows, columns=["plan", "agency", "name", "task_due", "task_met", "report_due", "report_met",
                                       "compliance", "task_inherited", "report_inherited", "ended"])


def case_indicators_frame(indicators) -> Any:
    """One row per indicator and per disaggregation cell, with numerator,
    denominator and the suppression flag (withheld values are None)."""
    pd = _pandas()
    start, end = indicators.period
    base = {"unit": indicators.unit, "period_start": start, "period_end": end}
    rows = [{**base, "indicator": "cases", "category": None, "value": indicators.cases.value, "numerator": None,
             "denominator": None, "suppressed": indicators.cases.suppressed}]
    for name in ("service_access", "help", "referral_completion"):
        row = _rate_row(name, getattr(indicators, name))
        rows.append({**base, "category": None, **row})
    for d in indicators.disaggregations:
        for cell in d.cells:
            rows.append({**base, "indicator": d.name, "category": cell.category, "value": cell.count.value,
                         "numerator": None, "denominator": None, "suppressed": cell.count.suppressed})
    return pd.DataFrame(rows, columns=["unit", "period_start", "period_end", "indicator", "category", "value",
                                       "numerator", "denominator", "suppressed"])
