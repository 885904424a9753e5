"""Suggested goals for the three BCF metrics, from a Summary of the demo plan."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from budget.demo import demo_plan
from budget.metrics import BY_ID, METRIC_IDS
from budget.models import year_after
from budget.submission import Baseline, GoalSetting, Submission
from scenarios.goals import GOAL_METRICS, goals, quarters
from scenarios.schema import Scenario
from scenarios.views import model


@pytest.fixture(scope="module")
def summary():
    return model(Scenario(runs=100, horizon_years=2), demo_plan())


def test_one_goal_per_metric_of_the_register(summary):
    out = goals(summary)
    assert tuple(g.name for g in out) == METRIC_IDS == tuple(GOAL_METRICS)
    for g in out:
        m = BY_ID[g.name]
        assert (g.digits, g.profile, g.unit) == (m.digits, m.profile, m.unit)
        assert g.label == summary.metrics[m.key].label == m.label


def test_the_suggested_goal_is_the_forecast_rounded_to_the_metric(summary):
    for g in goals(summary):
        assert g.suggested == round(g.forecast_p50, g.digits)
        assert g.goal == g.suggested and not g.set_by_area
        assert g.forecast_p10 <= g.forecast_p50 <= g.forecast_p90
        assert 0 <= g.probability_met <= 1


def test_where_rounding_moves_the_chance_of_the_suggested_goal_the_rationale_says_why(summary):
    from scenarios.goals import ROUNDING_SHIFT, goal_runs

    moved = []
    for g in goals(summary):
        runs = goal_runs(summary, None, g.name)
        at_p50 = float(np.mean(runs <= g.forecast_p50 + 1e-9))  # the unrounded middle estimate: about half
        shift = abs(g.probability_met - at_p50)
        assert ("not about half" in g.rationale) == (shift >= ROUNDING_SHIFT), (g.name, shift)
        assert f"met in {g.probability_met:.0%} of runs" in g.rationale
        moved += [g.name] if shift >= ROUNDING_SHIFT else []
    # the demo's discharge delay: its runs lie within a hundredth of a day of each other, so 2 places move it
    assert moved, "no goal of the demo exercises the explanation"


def test_quarters_share_a_rate_and_repeat_an_average():
    weights = [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2]
    split = quarters(120.0, "split", weights)
    assert sum(split) == pytest.approx(120.0)
    assert split == pytest.approx((20.0, 40.0, 20.0, 40.0))
    assert quarters(120.0, "split") == (30.0, 30.0, 30.0, 30.0)
    assert quarters(1.25, "repeat", weights) == (1.25,) * 4


def test_goals_quarters_add_up_to_the_year(summary):
    by = {g.name: g for g in goals(summary, weights=list(range(1, 13)))}
    for name, g in by.items():
        if BY_ID[name].profile == "split":
            assert sum(g.quarterly) == pytest.approx(g.goal)
        else:
            assert g.quarterly == (g.goal,) * 4


def test_the_areas_goal_and_baseline_are_used(summary):
    own = Submission(goals=(GoalSetting(metric="discharge_delay", value=0.9, rationale="Our own words",
                                        baseline=Baseline(value=2.0, period="2024-25", source="Local extract")),))
    g = next(x for x in goals(summary, own) if x.name == "discharge_delay")
    assert (g.goal, g.set_by_area, g.own_baseline, g.rationale) == (0.9, True, True, "Our own words")
    assert (g.baseline, g.baseline_period, g.baseline_source) == (2.0, "2024-25", "Local extract")
    m = summary.metrics["discharge_delay_days"]
    runs = np.asarray(m.plan_year_runs) * (2.0 / m.base_year)  # re-anchored to the area's baseline
    assert g.forecast_p50 == pytest.approx(float(np.percentile(runs, 50)))


def test_the_plans_own_baseline_is_for_the_year_before_the_plan(summary):
    assert summary.baseline_sources["emergency_admissions"] == "plan"  # the demo states its own admissions
    g = {x.name: x for x in goals(summary)}
    assert g["emergency_admissions_65_plus"].baseline_period == year_after(summary.plan_year, -1) == "2025-26"
    assert g["care_home_admissions_65_plus"].baseline_period == "2019-20, England"  # the library's own


def test_a_goal_is_set_beside_the_similar_areas_where_the_data_has_its_measure(summary):
    from budget.peers import benchmark_area
    from scenarios.goals import goal_standings

    plan = demo_plan()
    bench = benchmark_area(plan.area.code, illustrative=plan.illustrative)
    care = bench["measures"]["care_home_admissions"]
    peer = sorted(care["peer_values"].values())
    q1, q2, q3 = np.percentile(peer, [25, 50, 75])
    found = goals(summary)
    standings = goal_standings(found, bench)
    assert list(standings) == ["care_home_admissions_65_plus"]  # the only BCF metric the published data has
    (g,) = [g for g in found if g.name == "care_home_admissions_65_plus"]
    s = standings[g.name]
    assert [v for _, v in s.peer_values] == peer and len(peer) == len(bench["peers"])
    assert "2020-21" in s.sentence and "pandemic year" in s.sentence and "illustrative" in s.sentence
    quarter = "lowest" if g.goal <= q1 else "second" if g.goal <= q2 else "third" if g.goal <= q3 else "highest"
    assert s.place == (f"the {quarter} quartile of similar areas" if peer[0] <= g.goal <= peer[-1]
                       else ("below" if g.goal < peer[0] else "above") + " every similar area")
    assert goal_standings(found, None) == {}

    # a goal far below the similar areas' range draws a sentence; one at their median does not
    spread = q3 - q1
    for goal, far in ((q1 - 2 * spread, True), (q2, False), (q3 + 2 * spread, True)):
        (moved,) = [replace(g, goal=goal)]
        got = goal_standings((moved,), bench)[g.name]
        assert bool(got.warning) == far
        if far:
            side = "below" if goal < q1 else "above"
            assert f"far {side} the range of similar areas" in got.warning and "believable" in got.warning


def test_the_plan_s_effect_in_words_never_reads_as_a_change_of_nothing(summary):
    found = {g.name: g for g in goals(summary)}
    g = next(iter(found.values()))
    for effect, digits, words in ((144.03, 1, "the plan lowers it by 144.0 (P50)"),
                                  (-2.25, 2, "the plan raises it by 2.25 (P50)"),
                                  (0.00066, 2, "the plan changes it by less than 0.01 (P50)"),
                                  (-0.04, 1, "the plan changes it by less than 0.1 (P50)"),
                                  (0.0, 2, "the plan does not change it (P50)")):
        assert replace(g, effect_p50=effect, digits=digits).effect_words == words
    delay = found["discharge_delay"]  # the demo's effect on the average delay is under a hundredth of a day
    assert 0 < delay.effect_p50 < 0.005 and delay.effect_words == "the plan changes it by less than 0.01 (P50)"
