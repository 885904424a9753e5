"""The year so far's figures: drawn from bcf track's JSON, each line ending where the JSON's totals say."""

from __future__ import annotations

import pytest

from budget.demo import demo_actuals, demo_plan
from reports.chart_text import figure_summary, figure_table
from reports.track_charts import metric_figure, outputs_figure, outputs_summary, spend_figure
from scenarios.track import track


@pytest.fixture(scope="module")
def j():
    return track(demo_plan(), None, demo_actuals(), runs=60).to_json()


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_spend_lines_end_at_the_json_s_totals(j):
    fig = spend_figure(j)
    t = j["spend"]["total"]
    assert _trace(fig, "Planned (cumulative)").y[-1] == pytest.approx(t["planned_year"])
    assert _trace(fig, "Planned (cumulative)").y[5] == pytest.approx(t["planned_to_date"])
    assert _trace(fig, "Spent (cumulative)").y[-1] == pytest.approx(t["actual_to_date"])
    # the two forecasts, drawn month by month from the last actual, reach the JSON's two outturns in March
    assert _trace(fig, "Forecast: the rest of the year to plan").y[-1] == pytest.approx(t["forecast_outturn"])
    assert _trace(fig, "Forecast: at the run rate so far").y[-1] == pytest.approx(t["forecast_run_rate"])
    assert "illustrative actuals" in fig.layout.title.text
    assert not figure_table(fig).empty and "Spent (cumulative)" in figure_summary(fig)


def test_no_month_yet_draws_the_plan_alone(j):
    empty = {**j, "to": None, "months_elapsed": 0,
             "spend": {**j["spend"], "monthly": {**j["spend"]["monthly"], "actual": []}}}
    assert [t.name for t in spend_figure(empty).data] == ["Planned (cumulative)"]


def test_metric_figure_draws_band_goal_and_actuals(j):
    for metric_id, m in j["metrics"].items():
        fig = metric_figure(j, metric_id)
        band = fig.data[0]
        assert list(band.y) == m["band"]["p90"] + m["band"]["p10"][::-1]
        assert list(_trace(fig, "Goal").y) == m["goal"]
        assert list(_trace(fig, "Actual").y) == [v for v in m["actual"] if v is not None]
        assert m["status"] in fig.layout.title.text


def test_outputs_as_a_share_of_the_plan_to_date(j):
    fig = outputs_figure(j)
    units = j["outputs"]["by_unit"]
    assert list(fig.data[0].y) == list(units)
    for x, u in zip(fig.data[0].x, units.values(), strict=True):
        assert x == pytest.approx(100 * u["delivered_to_date"] / u["planned_to_date"])
    words = outputs_summary(j)
    assert all(unit in words for unit in units) and words.endswith(".")
