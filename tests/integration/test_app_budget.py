"""The Budget page through Streamlit's AppTest: the demo area renders with its pool and rules.
Uploads are exercised in a real browser in tests/e2e."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/budget_page.py")
    at.run()
    return at


def test_demo_area_renders_with_pool_and_rules(app):
    assert not app.exception, [e.value for e in app.exception]
    title = app.title[0].value
    assert "illustrative" in title.lower() and "2026-27" in title
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Pooled income"].startswith("£") and "," in metrics["Pooled income"]
    tables = app.table
    assert len(tables) >= 4
    pool = tables[0].value
    assert pool.index[-1] == "Total"
    assert "Minimum NHS Contribution" in pool.index and "Disabled Facilities Grant" in pool.index
    assert all(v.startswith("£") for v in pool["Income (£)"])
    counts = next(m.value for m in app.markdown if " red · " in m.value)
    assert counts.startswith("0 red · 2 amber")
    findings = [m.value for m in app.markdown if "Amber]" in m.value]
    assert len(findings) == 2 and any("unallocated" in f for f in findings)
