"""The BCF metrics by year as four lines, and the waterfall of the central run."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from budget.metrics import METRICS
from scenarios.engine import run
from scenarios.outcomes import AVOIDED, EFFECT_OUTCOMES
from scenarios.schema import Scenario
from scenarios.trajectories import METRICS as TRAJECTORY_METRICS
from scenarios.trajectories import metric_trajectories, waterfall


@pytest.fixture(scope="module")
def results():
    return run(Scenario(runs=60, horizon_years=3), demo_plan())


def test_the_metrics_come_from_the_register():
    assert list(TRAJECTORY_METRICS) == [m.key for m in METRICS]
    for m in METRICS:
        assert m.counts in EFFECT_OUTCOMES
        assert TRAJECTORY_METRICS[m.key] == (m.counts, AVOIDED[m.counts], m.label)


def test_each_line_has_the_metrics_digits_and_years(results):
    out = metric_trajectories(results)
    for m in METRICS:
        t = out[m.key]
        assert t.digits == m.digits and t.label == m.label
        assert t.years == results.years and len(t.with_todays_services) == 3
        assert len(t.plan_year_runs) == results.runs


def test_the_pool_lowers_each_metric_and_without_changes_the_scenario_is_the_plan(results):
    for t in metric_trajectories(results).values():
        assert all(a >= b for a, b in zip(t.without_pool.p50, t.with_todays_services, strict=True))
        assert all(a <= b for a, b in zip(t.with_plan.p50, t.without_pool.p50, strict=True))
        assert t.with_scenario.p50 == t.with_plan.p50
        assert t.without_scenario == t.with_plan.p50


def test_the_discharge_delay_is_days_per_discharge(results):
    t = metric_trajectories(results)["discharge_delay_days"]
    assert t.base_year == pytest.approx(results.baseline.discharge_delay_days, rel=1e-12)


def test_the_waterfall_adds_up_to_the_scenarios_count(results):
    moved = Scenario.model_validate({"runs": 60, "horizon_years": 3, "changes": [
        {"kind": "move", "from": {"lever": "carers"}, "to": {"lever": "reablement"}, "share": 0.5}]})
    r = run(moved, demo_plan())
    for metric in EFFECT_OUTCOMES:
        steps = waterfall(r, metric)
        assert steps[0].kind == steps[-1].kind == "level"
        assert steps[-1].value == pytest.approx(steps[0].value + sum(s.value for s in steps[1:-1]))
        assert steps[-1].label.endswith(r.years[-1])
