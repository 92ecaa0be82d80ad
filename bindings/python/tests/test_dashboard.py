import datetime
import re
import pathlib
import runpy
import sys

import kehoach

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_dashboard_writes_one_self_contained_page_with_every_chart(tmp_path, data):
    db = tmp_path / "demo.db"
    store = kehoach.Store(str(db))
    for name in ("huong-khe-2021", "cai-nhum-2026", "thuong-quang-2023"):
        store.import_plan_file(str(data / f"{name}.plan.json"))
    store.record_json((data / "demo" / "records.json").read_text(encoding="utf-8"))
    worker = kehoach.Principal("cb-86", kehoach.Role.case_worker, "86")
    store.import_cases(worker, (data / "demo" / "cases-86.csv").read_text(encoding="utf-8"), "csv")
    del store
    out = tmp_path / "dashboard.html"
    argv = sys.argv
    sys.argv = ["dashboard.py", str(db), str(out), "--as-of", "2026-11-25", "--user", "off-86", "--role", "officer",
                "--unit", "86"]
    try:
        runpy.run_path(str(ROOT / "examples" / "python" / "dashboard.py"), run_name="__main__")
    finally:
        sys.argv = argv
    page = out.read_text(encoding="utf-8")
    for plan in ("cai-nhum-gbv-2026-2030", "huong-khe-48-kh-ubnd-2021", "thuong-quang-bdg-2023"):
        for chart in ("targets", "reporting", "budget"):
            assert f'id="{chart}-{plan}"' in page
    assert 'id="cases"' in page
    assert page.count("<svg") >= 10
    # Nothing to fetch: no script, stylesheet, image or font from elsewhere
    # (XML namespace names inside the SVG are identifiers, not fetched).
    assert re.search(r'(src|href)\s*=\s*["\']https?://', page) is None
    assert "<script" not in page
    assert "ẩn (dưới ngưỡng)" in page
    assert "VL-0" not in page  # no case codes
