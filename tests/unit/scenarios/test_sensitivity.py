"""Sensitivity: the tornado of effect assumptions and each lever's break-even effect (scenarios.sensitivity)."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from scenarios.assumptions import load_assumptions
from scenarios.engine import run
from scenarios.overrides import AssumptionOverride, EffectOverride
from scenarios.schema import Scenario
from scenarios.sensitivity import break_even, tornado
from scenarios.summary import totals


@pytest.fixture(scope="module")
def demo():
    return demo_plan()


def test_tornado_is_sorted_by_swing_around_one_central_value(demo):
    swings = tornado(demo, top=6)
    widths = [s.width for s in swings]
    assert widths == sorted(widths, reverse=True) and widths[0] > 0
    assert all(s.central_value == swings[0].central_value for s in swings)




def test_break_even_is_where_the_lever_stops_losing_money(demo):
    results = break_even(demo)
    assert {b.lever for b in results} >= {"reablement", "integrated_locality_teams"}
    for b in results:
        if b.rate_ratio is None or b.rate_ratio == 1.0:
            continue

        # the effect keeps its evidence grade, so the optimism-bias adjustment (on by default) treats it as the
        # library's figure: the break-even is a rate ratio as the evidence would state it
        grade = load_assumptions().effect(b.lever, b.outcome).grade

        def net(r, b=b, grade=grade):
            o = AssumptionOverride(lever=b.lever, effects=(EffectOverride(outcome=b.outcome, low=r, central=r, high=r,
                                                                          distribution="fixed", grade=grade),))
            return float(totals(run(Scenario(assumption_overrides=(o,)), demo, runs=1, seed=0), "net_saving_gbp",
                                levers=(b.lever,))[0])

        assert net(max(b.rate_ratio - 0.02, 0.0)) > 0 > net(min(b.rate_ratio + 0.02, 1.0))  # the sign changes there
        assert b.within_evidence == (b.rate_ratio >= b.low)
