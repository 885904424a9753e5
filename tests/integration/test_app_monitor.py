"""The Monitor page through AppTest: the demo's illustrative actuals with one button, and every figure it shows
equal to bcf track's JSON for the same plan, runs and seed."""

from __future__ import annotations

import pytest

from app_ui import keys
from budget.demo import demo_actuals, demo_plan
from budget.money import gbp
from scenarios.schema import Scenario
from scenarios.track import track
from scenarios.track_text import ILLUSTRATIVE, summary_paragraph
from tests.pages import open_page

pytestmark = pytest.mark.usefixtures("private_store")
RUNS = 200


@pytest.fixture(scope="module")
def want():
    return track(demo_plan(), Scenario(), demo_actuals(), runs=RUNS, seed=1).to_json()


def _with_demo_actuals():
    at = open_page("monitor_page", runs=RUNS, no_exception=True)
    assert any(i.value.startswith("No actuals yet for this plan") for i in at.info)
    at.button(key=keys.MONITOR_DEMO).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at, first: str):
    """The page's table whose rows are named by the column `first` ('Funding stream', 'Lever')."""
    return next(t.value for t in at.table if t.value.index.name == first)


def test_the_page_shows_the_json_s_figures(want):
    at = _with_demo_actuals()
    assert ILLUSTRATIVE in [w.value for w in at.warning]
    t = want["spend"]["total"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Spent to date": gbp(t["actual_to_date"]), "Planned to date": gbp(t["planned_to_date"]),
                       "Variance": gbp(t["variance"]), "Forecast outturn": gbp(t["forecast_outturn"])}
    words = [m.value.replace("\\", "") for m in at.markdown]
    assert summary_paragraph(want) in words
    streams = _table(at, "Funding stream")
    for s in want["spend"]["by_stream"].values():
        row = streams.loc[s["label"]]
        assert (row["Planned to date"], row["Spent to date"], row["Forecast outturn"], row["Status"]) == (
            gbp(s["planned_to_date"]), gbp(s["actual_to_date"]), gbp(s["forecast_outturn"]), s["status"])
    assert streams.loc["Total"]["Spent to date"] == gbp(t["actual_to_date"])


def test_a_month_and_the_seasonal_profile():
    at = _with_demo_actuals()
    at.selectbox(key=keys.MONITOR_TO).set_value("2026-06").run()
    at.radio(key=keys.MONITOR_PROFILE).set_value("seasonal").run()
    assert not at.exception, [e.value for e in at.exception]
    want = track(demo_plan(), Scenario(), demo_actuals(), to="2026-06", profile="seasonal", runs=RUNS,
                 seed=1).to_json()
    assert {m.label: m.value for m in at.metric}["Planned to date"] == gbp(want["spend"]["total"]["planned_to_date"])
    assert summary_paragraph(want) in [m.value.replace("\\", "") for m in at.markdown]


def test_a_scenario_is_followed_with_its_changes_written_into_the_plan():
    from scenarios.schema import MoveSpend

    move = MoveSpend.model_validate({"kind": "move", "from": {"lever": "integrated_locality_teams"},
                                     "to": {"lever": "reablement"}, "amount_gbp": 1_000_000})
    at = _with_demo_actuals()
    at.session_state[keys.KEY_SCENARIO] = Scenario(name="Current edit", changes=(move,))
    at.run()
    at.selectbox(key=keys.MONITOR_PLAN).set_value("Current edit").run()
    assert not at.exception, [e.value for e in at.exception]
    lever = _table(at, "Lever")
    base = track(demo_plan(), Scenario(), demo_actuals(), runs=RUNS, seed=1).to_json()["spend"]["by_lever"]
    planned = {name: float(v.replace("£", "").replace(",", "")) for name, v in lever["Planned for the year"].items()}
    reablement = base["reablement"]
    assert planned[reablement["label"]] == pytest.approx(round(reablement["planned_year"]) + 1_000_000, abs=1)
