#!/usr/bin/env python3
"""A dashboard for a kehoach store, as ONE self-contained HTML file.

Charts (inline SVG, no network needed to view): each target's observations
against its milestones; reporting compliance by agency; budget execution by
funding source; case indicators by month with suppressed cells shown as such.

    python dashboard.py STORE.db OUTPUT.html --as-of 2026-11-25 \
        [--user ID --role officer --unit 86] [--lang vi|en]
"""
from __future__ import annotations

import argparse
import datetime
import html
import io

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.dates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

import kehoach  # noqa: E402

TEXT = {
    "vi": {"title": "Bảng điều khiển kế hoạch", "as_of": "Tính đến ngày", "targets": "Chỉ tiêu: số liệu và mốc",
           "observed": "Số liệu", "milestones": "Mốc", "reporting": "Tỷ lệ nộp báo cáo đúng hạn theo cơ quan",
           "budget": "Giải ngân theo nguồn kinh phí", "allocated": "Phân bổ", "spent": "Đã chi",
           "cases": "Vụ việc theo tháng", "suppressed": "ẩn (dưới ngưỡng)", "access": "Tiếp cận dịch vụ (%)",
           "none": "Chưa có dữ liệu", "synthetic": "Dữ liệu minh họa (tổng hợp), không phải số liệu thật."},
    "en": {"title": "Plan dashboard", "as_of": "As of", "targets": "Targets: observations and milestones",
           "observed": "Observed", "milestones": "Milestones", "reporting": "On-time reporting by agency",
           "budget": "Budget execution by funding source", "allocated": "Allocated", "spent": "Spent",
           "cases": "Cases by month", "suppressed": "suppressed (below threshold)", "access": "Service access (%)",
           "none": "No data yet", "synthetic": "Illustrative synthetic data, not real figures."},
}


def svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def target_chart(store, plan, t, text, lang) -> str:
    fig, ax = plt.subplots(figsize=(4.6, 2.4))
    obs = store.observations(plan.id, t.target_id)
    if obs:
        ax.plot([o[0] for o in obs], [o[1] for o in obs], marker="o", label=text["observed"])
    target = next(x for x in plan.targets if x.id == t.target_id)
    ax.scatter([m.date for m in target.milestones], [m.value for m in target.milestones], marker="*", s=120,
               color="crimson", label=text["milestones"], zorder=3)
    ax.xaxis.set_major_locator(matplotlib.dates.YearLocator())
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y"))
    ax.tick_params(labelsize=7)
    ax.set_title(f"{t.code}.{t.indicator} — {kehoach.label(t.status, lang)}", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    return svg(fig)


def bar_chart(labels, values, title, ylabel, suppressed=None, second=None) -> str:
    fig, ax = plt.subplots(figsize=(7, 2.8))
    positions = range(len(labels))
    shown = [v if v is not None else 0 for v in values]
    width = 0.4 if second else 0.7
    bars = ax.bar([p - (0.2 if second else 0) for p in positions], shown, width=width, color="#3b7dd8",
                  label=second[0] if second else None)
    if second:
        ax.bar([p + 0.2 for p in positions], [v or 0 for v in second[1]], width=width, color="#e39b32", label=second[2])
        ax.legend(fontsize=7)
    for bar, v, s in zip(bars, values, suppressed or [False] * len(values)):
        if s:
            bar.set_hatch("//")
            bar.set_facecolor("#dddddd")
            ax.annotate("*", (bar.get_x() + bar.get_width() / 2, 0), ha="center", va="bottom", fontsize=12)
    ax.set_xticks(list(positions), labels, rotation=30, ha="right", fontsize=7)
    ax.set_title(title, fontsize=9)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return svg(fig)


def build(store_path: str, out: str, as_of: datetime.date, principal, lang: str) -> None:
    t = TEXT[lang]
    store = kehoach.Store(store_path)
    sections = []
    for plan_id in store.plan_ids():
        plan = store.load_plan(plan_id)
        m = store.plan_metrics(plan_id, as_of)
        parts = [f"<h2>{html.escape(plan.number or plan.id)} — {html.escape(plan.title)}</h2>"]
        parts.append(f'<section class="chart" id="targets-{plan_id}"><h3>{t["targets"]}</h3>')
        charts = [target_chart(store, plan, x, t, lang) for x in m.targets]
        parts.append(f'<div class="grid">{"".join(charts)}</div>' if charts else f"<p>{t['none']}</p>")
        parts.append("</section>")
        agencies = [a for a in m.agencies if a.report_due]
        parts.append(f'<section class="chart" id="reporting-{plan_id}"><h3>{t["reporting"]}</h3>')
        parts.append(bar_chart([a.name for a in agencies], [a.reports.value for a in agencies], t["reporting"], "%")
                     if agencies else f"<p>{t['none']}</p>")
        parts.append("</section>")
        sources = m.budget.by_source
        names = {f.id: kehoach.label(f.kind, lang) for f in plan.funding_sources}
        parts.append(f'<section class="chart" id="budget-{plan_id}"><h3>{t["budget"]}</h3>')
        parts.append(bar_chart([names.get(s.key, s.key) for s in sources], [s.allocated / 1e6 for s in sources],
                               t["budget"], "triệu đồng" if lang == "vi" else "million VND",
                               second=(t["allocated"], [s.spent / 1e6 for s in sources], t["spent"]))
                     if sources else f"<p>{t['none']}</p>")
        parts.append("</section>")
        sections.append("\n".join(parts))
    if principal is not None:
        labels, counts, flags, access = [], [], [], []
        # Released outside the case workers once a year has closed, all its
        # months from one sealed state of its cases (decision 0023): the
        # months of the last year closed by the as-of date.
        year = as_of.year - 1
        for month in range(1, 13):
            period = f"{year}-{month:02d}"
            x = store.case_indicators(principal, principal.unit, period, as_of)
            labels.append(period)
            counts.append(x.cases.value)
            flags.append(x.cases.suppressed)
            access.append(x.service_access.value)
        chart = bar_chart(labels, counts, t["cases"], "n", suppressed=flags)
        legend = f'<p class="note">* {t["suppressed"]}</p>'
        sections.append(f'<section class="chart" id="cases"><h2>{t["cases"]} — {html.escape(principal.unit)}</h2>'
                        f"{chart}{legend}</section>")
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{t['title']}</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:auto}} .chart svg{{max-width:100%;height:auto}}
.note{{color:#555;font-size:85%}} .grid{{display:grid;grid-template-columns:1fr 1fr;gap:8px}}</style></head>
<body><h1>{t['title']}</h1><p>{t['as_of']} {as_of.strftime('%d/%m/%Y')}. <em>{t['synthetic']}</em></p>
{''.join(sections)}
</body></html>
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("output")
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=datetime.date.today())
    parser.add_argument("--user")
    parser.add_argument("--role", choices=["case_worker", "officer"])
    parser.add_argument("--unit")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi")
    args = parser.parse_args()
    principal = None
    if args.user and args.role and args.unit:
        principal = kehoach.Principal(args.user, kehoach.Role[args.role], args.unit)
    build(args.store, args.output, args.as_of, principal, args.lang)


if __name__ == "__main__":
    main()
