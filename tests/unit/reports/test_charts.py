"""Plotly figures: names from files stay literal, money ticks are round and written as money, the fan chart and
the capacity chart draw the figures they are given, and the table and summary beside a chart say the same."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from reports import chart_text, charts
from scenarios.capacity import CapacityPlan, Flow, month_labels

MONTHS = month_labels("2026-27")


def cap_with(demand: list[float], capacity: float) -> CapacityPlan:
    flow = Flow(label="P1: home-based support", demand=tuple(demand), capacity=(capacity,) * 12)
    return CapacityPlan(area_name="Tiny", scenario_name="Plan", year="2026-27", months=MONTHS,
                        discharge={"P1": flow}, community={}, emergency_admissions=0.0, population_65_plus=0.0,
                        profile=(1.0,) * 12, profile_source="shipped", lines=(), assumptions=())


def test_text_from_a_file_is_shown_literally():
    assert charts.plain('<a href="x">Ward & Co</a>') == '&lt;a href="x"&gt;Ward &amp; Co&lt;/a&gt;'


@pytest.mark.parametrize("lo, hi", [(0, 7_300_000), (-130e6, 40e6), (0, 950), (5, 5)])
def test_money_ticks_are_round_cover_the_range_and_are_written_as_money(lo, hi):
    vals, texts = charts.gbp_ticks(lo, hi)
    assert len(vals) == len(texts) >= 2
    steps = {round(b - a, 6) for a, b in zip(vals, vals[1:], strict=False)}
    assert len(steps) == 1  # evenly spaced
    assert all(t.lstrip("−").startswith("£") for t in texts)
    if max(abs(lo), abs(hi)) >= 1e6:
        assert all(t.endswith("m") for t in texts)


def test_the_capacity_chart_marks_each_short_month_with_its_shortfall():
    demand = [10.0] * 12
    demand[9], demand[10] = 30.0, 14.0
    fig = charts.capacity_figure(cap_with(demand, 12.0), "P1")
    names = [t.name for t in fig.data]
    assert names == ["Capacity", "Demand", "Shortfall (hatched bar)"]
    short = fig.data[2]
    assert list(short.x) == [MONTHS[9], MONTHS[10]] and list(short.text) == ["−18", "−2"]
    assert list(fig.data[0].marker.pattern.shape).count("/") == 2
    covered = charts.capacity_figure(cap_with([5.0] * 12, 12.0), "P1")
    assert [t.name for t in covered.data] == ["Capacity", "Demand"]


def test_a_charts_table_and_summary_give_its_figures():
    fig = charts._layout(go.Figure(go.Bar(x=["North", "South"], y=[1200.0, 300.0], name="Spend")), "Spend by area",
                         "Tiny", "Spend (£)", money=True)
    table = chart_text.figure_table(fig)
    assert list(table.index) == ["North", "South"] and list(table["Spend"]) == ["1,200", "300"]
    summary = chart_text.figure_summary(fig)
    assert summary.startswith("Spend by area.")
    assert "highest North, £1,200; lowest South, £300." in summary
