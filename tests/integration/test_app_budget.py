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


def test_budget_page_figures_equal_the_plan(app):
    """Every money figure on the Budget page reconciles with the plan it shows: the pool counted once."""
    from budget.demo import demo_plan  # noqa: PLC0415
    from budget.money import gbp  # noqa: PLC0415
    from budget.plan_frames import spend_by  # noqa: PLC0415

    plan = demo_plan()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Pooled income"] == gbp(plan.total_income)
    assert metrics["Planned expenditure"] == gbp(plan.total_expenditure)
    pool = app.table[0].value
    assert pool.loc["Total", "Income (£)"] == gbp(plan.total_income)
    assert pool.loc["Total", "Planned spend (£)"] == gbp(plan.total_expenditure)
    body = pool.drop(index="Total")
    assert body.index.is_unique and len(body) == len(plan.income_by_stream())
    for stream, amount in plan.income_by_stream().items():
        assert gbp(amount) in set(body["Income (£)"]), stream
    levers = app.table[1].value
    expected = spend_by(plan, "Lever")
    for _, row in expected.iterrows():
        assert levers.loc[row["Lever"], "Expenditure (£)"] == gbp(row["Expenditure (£)"])
