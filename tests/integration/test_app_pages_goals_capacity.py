"""The Goals and Capacity pages through Streamlit's AppTest: the model's goals and the user's own goals
and baselines, and the capacity charts moved by the seasonal profile, the area's own pathway shares and
money added to reablement."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from app_ui.keys import KEY_RUNS, KEY_SCENARIO
from scenarios.schema import Scenario
from tests.pages import open_page

pytestmark = pytest.mark.usefixtures("private_store")


def test_goals_page_shows_the_models_goals_and_keeps_the_users_own():
    from app_ui.keys import (  # noqa: PLC0415
        BASELINE_PERIOD_PREFIX,
        BASELINE_SOURCE_PREFIX,
        BASELINE_TOGGLE_PREFIX,
        BASELINE_WIDGET_PREFIX,
        GOAL_TOGGLE_PREFIX,
        GOAL_WIDGET_PREFIX,
        KEY_GOALS_SHOWN,
        KEY_SCENARIO,
        KEY_SEED,
    )
    from budget.demo import demo_plan  # noqa: PLC0415
    from scenarios.goals import goals, plan_weights  # noqa: PLC0415
    from scenarios.views import model  # noqa: PLC0415

    at = open_page("goals_page")
    assert not at.exception, [e.value for e in at.exception]
    view = model(Scenario(), demo_plan(), runs=at.session_state[KEY_RUNS], seed=at.session_state[KEY_SEED])
    expected = goals(view)
    shown = {m.label: m.value for m in at.metric}
    ea = next(g for g in expected if g.name == "emergency_admissions_65_plus")
    assert [m.value for m in at.metric if m.label == "Suggested goal"][0] == f"{ea.goal:,.1f}"
    assert shown["Baseline, 2025-26"] == f"{ea.baseline:,.1f}"
    assert (
        shown["Baseline, 2019-20, England"] == f"{next(g for g in expected if g.name.startswith('care')).baseline:,.1f}"
    )
    chances = [m.value for m in at.metric if m.label == "Chance of meeting the goal"]
    assert chances[0] == f"{ea.probability_met:.0%}" and len(chances) == 3
    assert at.session_state[KEY_SCENARIO].submission.goals == ()  # nothing set until the user sets it
    at.toggle(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_TOGGLE_PREFIX, "emergency_admissions_65_plus")).set_value(True)
    at.run()
    box = at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_WIDGET_PREFIX, "emergency_admissions_65_plus"))
    assert box.value == pytest.approx(round(ea.goal, 1))
    box.set_value(24_000.0)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    quarters = at.table[0].value
    weights = plan_weights(None)  # a rate a year, shared over the quarters by the seasonal profile
    assert quarters.loc[ea.label, "Q1"] == f"{24_000.0 * sum(weights[:3]) / 12:,.1f}"
    assert quarters.loc[ea.label, "Q1"] != "6,000.0"  # not an even split: the observed profile is not flat
    assert at.session_state[KEY_SCENARIO].submission.goal("emergency_admissions_65_plus").value == 24_000.0
    # the area's own baseline, with its period and source, moves the suggested goal by the same amount
    name = "care_home_admissions_65_plus"
    ch = next(g for g in expected if g.name == name)
    at.toggle(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_TOGGLE_PREFIX, name)).set_value(True)
    at.run()
    at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_WIDGET_PREFIX, name)).set_value(
        round(ch.baseline, 1) + 100.0
    )
    at.text_input(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_PERIOD_PREFIX, name)).set_value("2024-25")
    at.text_input(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_SOURCE_PREFIX, name)).set_value("ASCOF 2C, local return")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    own = at.session_state[KEY_SCENARIO].submission.goal(name).baseline
    assert (own.value, own.period, own.source) == (round(ch.baseline, 1) + 100.0, "2024-25", "ASCOF 2C, local return")
    suggested = [m.value for m in at.metric if m.label == "Suggested goal"][2]
    # the forecast re-anchored to the area's own baseline: each run scaled by its baseline over the model's
    m = view.metrics["care_home_admissions_65_plus_per_100k"]
    scaled = np.array(m.plan_year_runs) * (round(ch.baseline, 1) + 100.0) / m.base_year
    assert suggested == f"{round(float(np.percentile(scaled, 50)), 1):,.1f}"
    assert "Baseline, 2024-25" in [m.label for m in at.metric]
    at.switch_page("app_pages/budget_page.py")
    at.run()
    at.switch_page("app_pages/goals_page.py")
    at.run()
    assert (
        at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_WIDGET_PREFIX, "emergency_admissions_65_plus")).value
        == 24_000.0
    )
    # another scenario opened (as the scenario bar does) brings its own goal into the boxes
    from budget.submission import GoalSetting, Submission  # noqa: PLC0415

    opened = at.session_state[KEY_SCENARIO].model_copy(update={"submission": Submission(
        goals=(GoalSetting(metric="emergency_admissions_65_plus", value=23_000.0),))})
    at.session_state[KEY_SCENARIO] = opened
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert (
        at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_WIDGET_PREFIX, "emergency_admissions_65_plus")).value
        == 23_000.0
    )
    assert at.session_state[KEY_SCENARIO].submission.goal("emergency_admissions_65_plus").value == 23_000.0


def synced_key(at: AppTest, record: str, prefix: str, item: object) -> str:
    """The key of a widget kept in step with the scenario, at the version its page last drew it with."""
    from app_ui.widget_sync import widget_key  # noqa: PLC0415

    return widget_key(prefix, at.session_state[record][0], item)


def chart_series(at: AppTest, index: int, name: str) -> list[float]:
    """The y values of the trace called `name` in the page's plotly chart number `index`."""
    import json  # noqa: PLC0415

    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return next(t["y"] for t in spec["data"] if t["name"] == name)


def test_capacity_page_profile_and_money_move_the_charts():
    from app_ui.keys import CAPACITY_MONTH_PREFIX, KEY_CAPACITY_SHOWN  # noqa: PLC0415

    at = open_page("capacity_page")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 8  # four pathways, four services
    demand = chart_series(at, 1, "Demand")  # P1
    capacity = chart_series(at, 1, "Capacity")
    p0_capacity = chart_series(at, 0, "Capacity")
    step_up = chart_series(at, 5, "Capacity")  # reablement or rehabilitation at home (step-up)
    assert any("demand for P2 exceeds capacity by" in m.value for m in at.markdown)
    assert any("Shortfall" in str(v) for v in at.table[-3].value.to_numpy().ravel())  # the gaps table says it in words
    # a profile with December and January three times the other months
    for i in range(12):
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).set_value(
            3.0 if i in (8, 9) else 1.0
        )
    next(b for b in at.button if b.label == "Use this profile").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[KEY_SCENARIO].submission.capacity.seasonal_profile == (1.0,) * 8 + (3.0, 3.0, 1.0, 1.0)
    after = chart_series(at, 1, "Demand")
    assert after != demand
    assert sum(after) == pytest.approx(sum(demand), rel=1e-9)  # the year's demand is unchanged
    assert after[8] == pytest.approx(3 * after[0])
    assert chart_series(at, 1, "Capacity") == capacity
    # the demo spends within every eligibility cap, so the page warns of none
    assert not any("above the cap" in w.value for w in at.warning)

    def add_reablement(amount: float) -> None:  # money added to discharge reablement, as the Plan page adds it
        at.session_state[KEY_SCENARIO] = scenario.model_copy(update={"changes": (Scenario.model_validate({"changes": [
            {"kind": "add_line", "scheme_id": "W1", "scheme_type": "Home-based intermediate care services",
             "sub_type": "Reablement at home (to support discharge)", "amount_gbp": amount}]}).changes)})
        at.run()
        assert not at.exception, [e.value for e in at.exception]

    scenario = at.session_state[KEY_SCENARIO]
    # £3m more takes reablement past its cap in every locality, as the Impact page says: P1 gains people
    add_reablement(3_000_000)
    assert any("of reablement (home-based intermediate care) spend in 2026-27 is above the cap" in w.value
               for w in at.warning)
    raised = chart_series(at, 1, "Capacity")
    assert raised[0] > capacity[0]
    assert raised[0] + chart_series(at, 5, "Capacity")[0] > capacity[0] + step_up[0]
    at_cap = raised[0] + chart_series(at, 5, "Capacity")[0]
    # a further £1m serves nobody more: it moves people from step-up to P1, no more
    add_reablement(4_000_000)
    more = chart_series(at, 1, "Capacity")
    assert more[0] > raised[0]
    assert more[0] + chart_series(at, 5, "Capacity")[0] == pytest.approx(at_cap, rel=1e-9)
    assert chart_series(at, 0, "Capacity") == p0_capacity  # P0 is not bought by reablement


def test_capacity_page_takes_the_areas_own_pathway_shares_or_refuses_them_with_a_sentence():
    from app_ui.keys import CAPACITY_SHARE_PREFIX, KEY_CAPACITY_SHARES_SHOWN  # noqa: PLC0415

    at = open_page("capacity_page")
    assert not at.exception, [e.value for e in at.exception]
    published = "NHS England, Acute discharge situation report, daily series, England, February 2023 to January 2024"
    assert any(published in c.value.replace("\\", "") for c in at.caption)
    assert [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, p)).value
        for p in ("P0", "P1", "P2", "P3")
    ] == [86.4, 8.8, 3.4, 1.3]
    p1_demand = sum(chart_series(at, 1, "Demand"))
    # shares that do not add up to 100% are refused with a sentence, and nothing changes
    at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "P1")).set_value(18.8)
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    assert any("add up to 109.9%; they must add up to 100%" in e.value for e in at.error)
    assert at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares is None
    # the area's own shares, with a source and period, split demand and are named as the source
    at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "P0")).set_value(76.4)
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "source")).set_value(
        "Trust extract"
    )
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "period")).set_value("2024-25")
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    own = at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares
    assert (own.P0, own.P1, own.source, own.period) == (76.4, 18.8, "Trust extract", "2024-25")
    assert sum(chart_series(at, 1, "Demand")) == pytest.approx(p1_demand * 18.8 / 8.8, rel=1e-9)
    assert any("the area's own figures: Trust extract, 2024-25" in c.value.replace("\\", "") for c in at.caption)
    # a source that looks like a link is shown as text, not a link
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "source")).set_value("[Session expired](https://example.com)")
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    shown = [c.value for c in at.caption if "Session expired" in c.value]
    assert shown and all("\\[Session expired\\]" in c and "https://" not in c for c in shown)  # escaped, unlinked
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "source")).set_value(
        "Trust extract"
    )
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    # the seasonal profile form keeps the shares
    next(b for b in at.button if b.label == "Use this profile").click()
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares == own
    next(b for b in at.button if b.label == "Go back to the published shares").click()
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares is None
    assert at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "P1")).value == 8.8
    assert sum(chart_series(at, 1, "Demand")) == pytest.approx(p1_demand, rel=1e-9)


def test_capacity_page_shows_an_opened_scenarios_profile_and_goes_back_to_the_default():
    from app_ui.keys import CAPACITY_MONTH_PREFIX, KEY_CAPACITY_SHOWN, KEY_PRESENT  # noqa: PLC0415
    from budget.submission import CapacitySettings, Submission  # noqa: PLC0415

    at = open_page("capacity_page")
    default = [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).value for i in range(12)
    ]
    assert not [b for b in at.button if b.label == "Go back to the default profile"]
    own = (2.0,) * 6 + (1.0,) * 6
    at.session_state[KEY_SCENARIO] = at.session_state[KEY_SCENARIO].model_copy(
        update={"submission": Submission(capacity=CapacitySettings(seasonal_profile=own))})
    at.run()  # as when a saved scenario with its own profile is opened
    assert [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).value for i in range(12)
    ] == list(own)
    assert chart_series(at, 0, "Demand")[0] == pytest.approx(2 * chart_series(at, 0, "Demand")[11])
    next(b for b in at.button if b.label == "Go back to the default profile").click()
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.capacity.seasonal_profile is None
    assert [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).value for i in range(12)
    ] == default
    at.session_state[KEY_PRESENT] = True
    at.run()
    assert not at.exception and not at.number_input  # the profile as a table while presenting
