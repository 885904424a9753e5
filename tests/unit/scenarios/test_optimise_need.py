"""The optimiser's option to keep each locality's share of the money near its share of the need."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from scenarios.optimise import optimise, within_need
from scenarios.spend import locality_need

FAST = {"runs": 200, "search_runs": 100}


@pytest.fixture(scope="module")
def demo():
    return demo_plan()


@pytest.fixture(scope="module")
def free(demo):
    return optimise(demo, **FAST)


def gap(rows) -> float:
    return max(abs(r.spend_share - r.need_share) for r in rows)


def test_the_free_answer_moves_money_away_from_need(free, demo):
    assert free.improved
    assert gap(locality_need(demo)) < 1e-4  # the demo's money follows its need
    assert gap(free.need_after) > 0.001  # the unconstrained answer does not


def test_with_the_option_each_locality_s_share_stays_within_the_distance(free, demo):
    kept = optimise(demo, need_distance=0.001, **FAST)
    assert kept.improved and not kept.moved_to_need
    after = locality_need(kept.plan)  # worked out afresh from the optimised plan, not taken from the answer
    assert gap(after) <= 0.001 and within_need(after, 0.001)
    assert [(r.need_share, r.spend_share) for r in after] == [(r.need_share, r.spend_share) for r in kept.need_after]
    assert kept.optimised_value <= free.optimised_value + 1e-6  # a constraint never helps
    assert kept.optimised_value > kept.baseline_value
    assert kept.plan.total_expenditure == pytest.approx(demo.total_expenditure, abs=0.01)


def test_off_or_never_binding_the_answer_is_unchanged(free, demo):
    again = optimise(demo, **FAST)
    assert again.factors == free.factors and again.optimised_value == free.optimised_value
    wide = optimise(demo, need_distance=1.0, **FAST)
    assert wide.optimised_value == pytest.approx(free.optimised_value, rel=1e-9)
    assert all(wide.factors[c] == pytest.approx(f, abs=1e-6) for c, f in free.factors.items())
    assert free.need_distance is None and wide.need_distance == 1.0


def test_a_plan_far_from_need_is_moved_within_it_or_refused_with_a_sentence(demo):
    riverside = demo.localities[1].model_copy(update={"need_weight": 1.6})  # typed: more need than its money
    needy = demo.model_copy(update={"localities": (demo.localities[0], riverside, *demo.localities[2:])})
    before = locality_need(needy)
    assert before[1].need_share - before[1].spend_share > 0.03
    moved = optimise(needy, need_distance=0.03, max_change=0.5, **FAST)
    assert moved.improved and moved.moved_to_need
    assert within_need(locality_need(moved.plan), 0.03)
    with pytest.raises(ValueError, match="no plan found keeps every locality's share of the money within 1% of its "
                                         "share of the need with changes of at most 5%"):
        optimise(needy, need_distance=0.01, max_change=0.05, **FAST)


def test_a_bad_distance_is_one_sentence(demo):
    with pytest.raises(ValueError, match="between 0 and 100 percentage points"):
        optimise(demo, need_distance=1.5, **FAST)
