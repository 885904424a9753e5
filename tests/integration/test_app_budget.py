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
    return at


def test_demo_area_renders_with_pool_and_rules(app):
    assert not app.exception, [e.value for e in app.exception]
    title = app.title[0].value
    assert "illustrative" in title.lower() and "2026-27" in title
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Pooled income"].startswith("£") and "," in metrics["Pooled income"]
    tables = app.dataframe
    assert len(tables) >= 3
    pool = tables[0].value
    assert "Funding stream" in pool.columns and pool["Funding stream"].iloc[-1] == "Total"
    markdown = " ".join(m.value for m in app.markdown)
    assert "Amber" in markdown and "Red]" not in markdown.replace("0 red", "")
