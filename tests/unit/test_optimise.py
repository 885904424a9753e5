"""The optimiser: a known answer, never worse than the plan, every constraint held, locked lines still."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from budget.reference import load_reference
from scenarios.optimise import Problem, feasible, optimise, solve


def test_two_levers_with_closed_form_curves():
    # value = a1*log(1 + x1) + a2*log(1 + x2) with x1 + x2 = B: optimum where a1/(1+x1) = a2/(1+x2)
    a1, a2, m1, m2 = 3.0, 1.0, 50.0, 50.0
    budget = m1 + m2
    x1_star = (a1 * (budget + 2) / (a1 + a2)) - 1  # from the first-order condition
    problem = Problem(("one", "two"), np.array([m1, m2]), np.zeros((0, 2)), np.zeros(0),
                      np.array([0.0, 0.0]), np.array([3.0, 3.0]))
    f = solve(lambda f: (a1 * math.log(1 + m1 * f[0]) + a2 * math.log(1 + m2 * f[1])) / 10, problem)
    assert m1 * f[0] == pytest.approx(x1_star, rel=1e-3)
    assert m1 * f[0] + m2 * f[1] == pytest.approx(budget, rel=1e-6)


def test_a_binding_stream_limit_is_respected():
    # the better lever is capped by a linear constraint: x1 <= 60
    problem = Problem(("one", "two"), np.array([50.0, 50.0]), np.array([[50.0, 0.0]]), np.array([60.0]),
                      np.array([0.0, 0.0]), np.array([3.0, 3.0]))
    f = solve(lambda f: (3 * math.log(1 + 50 * f[0]) + math.log(1 + 50 * f[1])) / 10, problem)
    assert 50 * f[0] == pytest.approx(60.0, abs=0.01) and feasible(f, problem)


@pytest.fixture(scope="module")
def demo():
    return demo_plan()


@pytest.mark.parametrize("objective", ["admissions", "net_saving"])
def test_never_worse_than_the_plan_and_the_pool_is_unchanged(demo, objective):
    a = optimise(demo, objective=objective, max_change=0.3, runs=100)
    assert a.optimised_value >= a.baseline_value
    assert a.plan.total_expenditure == demo.total_expenditure  # to the penny


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(max_change=st.floats(0.0, 0.6), objective=st.sampled_from(["admissions", "net_saving"]),
       lock=st.sets(st.sampled_from(["NB01", "NB03", "NB20", "NB23", "NB40"]), max_size=3))
def test_every_constraint_holds(demo, max_change, objective, lock):
    a = optimise(demo, objective=objective, max_change=max_change, locked=lock, runs=60)
    ref = load_reference(demo.year)
    income = demo.income_by_stream()
    before, after = demo.spend_by_stream(), a.plan.spend_by_stream()
    for stream, spend in after.items():  # spend by source within income, or no worse than before
        assert spend <= max(income.get(stream, 0.0), before[stream]) + 1.0
    assert after.get("dfg", 0.0) == pytest.approx(before.get("dfg", 0.0))  # the DFG stays with adaptations
    social = sum(x.amount for x in a.plan.lines if x.source_of_funding == "nhs_minimum" and x.area_of_spend == "Social Care")
    assert social >= demo.minimum_nhs_asc_required - 1.0
    for old, new in zip(demo.lines, a.plan.lines, strict=True):
        if old.scheme_id in lock or ref.lever(old.scheme_type, old.sub_type) == "none":
            assert new.amount == old.amount  # locked and unmodelled lines do not move
        else:
            # pennies lost to rounding are put back on the largest movable line: at most £1 here
            assert abs(new.amount - old.amount) <= max_change * old.amount + 1.0
    assert a.optimised_value >= a.baseline_value


def test_bounds_per_lever_are_kept(demo):
    a = optimise(demo, max_change=0.5, runs=60, bounds={"carers": (1_700_000, 1_900_000)})
    assert 1_700_000 - 1 <= a.after["carers"] <= 1_900_000 + 1
    with pytest.raises(ValueError, match="exclude today's spend"):
        optimise(demo, runs=10, bounds={"carers": (5_000_000, 6_000_000)})


def test_same_seed_same_answer(demo):
    a = optimise(demo, runs=80, seed=4)
    b = optimise(demo, runs=80, seed=4)
    assert a.after == b.after


def test_frontier_and_tornado(demo):
    from scenarios.optimise import frontier, tornado

    points = frontier(demo, points=5, runs=60)
    spends = [p.total_spend for p in points]
    assert spends == sorted(spends) and len(points) == 5
    assert all(p.p10 <= p.p50 <= p.p90 for p in points)
    assert points[2].total_spend == pytest.approx(demo.total_expenditure, abs=1.0)  # the middle point is today's budget
    swings = tornado(demo, top=6)
    widths = [s.width for s in swings]
    assert widths == sorted(widths, reverse=True) and widths[0] > 0
    assert all(s.central_value == swings[0].central_value for s in swings)


def test_break_even_is_where_the_lever_stops_losing_money(demo):
    from scenarios.assumptions import AssumptionOverride, EffectOverride
    from scenarios.engine import run
    from scenarios.optimise import break_even
    from scenarios.schema import Scenario
    from scenarios.summary import totals

    results = break_even(demo)
    assert {b.lever for b in results} >= {"reablement", "integrated_locality_teams"}
    for b in results:
        if b.rate_ratio is None or b.rate_ratio == 1.0:
            continue

        def net(r, b=b):
            o = AssumptionOverride(lever=b.lever, effects=(EffectOverride(outcome=b.outcome, low=r, central=r, high=r,
                                                                          distribution="fixed"),))
            return float(totals(run(Scenario(assumption_overrides=(o,)), demo, runs=1, seed=0), "net_saving_gbp",
                                levers=(b.lever,))[0])

        assert net(max(b.rate_ratio - 0.02, 0.0)) > 0 > net(min(b.rate_ratio + 0.02, 1.0))  # the sign changes there
        assert b.within_evidence == (b.rate_ratio >= b.low)
