"""The Budget page's tables reconcile with the plan they summarise."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from budget.plan_frames import pool_by_stream, spend_by


@pytest.fixture(scope="module")
def plan():
    return demo_plan()


def test_pool_by_stream_lists_each_stream_once_and_totals_the_pool(plan):
    df = pool_by_stream(plan)
    body = df[df["Funding stream"] != "Total"]
    assert body["Funding stream"].is_unique
    assert len(body) == len(set(plan.income_by_stream()) | set(plan.spend_by_stream()))
    total = df[df["Funding stream"] == "Total"].iloc[0]
    assert total["Income (£)"] == pytest.approx(plan.total_income)
    assert total["Planned spend (£)"] == pytest.approx(plan.total_expenditure)
    assert body["Share of pool"].sum() == pytest.approx(1.0)


def test_pool_by_stream_keeps_an_unrecognised_stream_once(plan):
    odd = plan.model_copy(update={"income": _income_with(plan, "unknown:Lottery money", 1000.0)})
    df = pool_by_stream(odd)
    names = list(df["Funding stream"])
    assert names.count("Lottery money (not recognised)") == 1
    assert df[df["Funding stream"] == "Total"].iloc[0]["Income (£)"] == pytest.approx(plan.total_income + 1000.0)


def _income_with(plan, name, amount):
    from budget.models import IncomeLine  # noqa: PLC0415

    return (*plan.income, IncomeLine(stream=name, amount=amount))


def test_spend_by_lever_totals_the_lines(plan):
    df = spend_by(plan, "Lever")
    assert df["Expenditure (£)"].sum() == pytest.approx(plan.total_expenditure)
    assert df["Lever"].is_unique
