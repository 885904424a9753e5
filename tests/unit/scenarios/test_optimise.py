"""The optimiser: known answers (between levers and between localities), never worse than the plan,
every constraint held (lever and locality bounds too) and no new red finding from the rule checker,
locked lines still, the gradient it uses."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from budget.money import gbp
from budget.reference import DFG, load_reference
from budget.rules import check, counts_towards_minimum_asc, dfg_funded
from scenarios.optimise import (
    AREA_WIDE,
    Problem,
    feasible,
    locality_group,
    optimise,
    solve,
    spend_on_locality_lines,
)


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


def lever_spend(plan, lever):
    ref = load_reference(plan.year)
    return sum(x.amount for x in plan.lines if ref.line_lever(x.scheme_type, x.sub_type) == lever)


def _pool(demo, data):
    """A random pool: each income line scaled, the required NHS minimum on social care moved."""
    income = tuple(x.model_copy(update={"amount": round(x.amount * data.draw(st.floats(0.9, 1.3)), 2)})
                   for x in demo.income)
    social = sum(x.amount for x in demo.lines if counts_towards_minimum_asc(x))
    return demo.model_copy(update={"income": income,
                                   "minimum_nhs_asc_required": round(social * data.draw(st.floats(0.8, 1.05)), 2)})


def _bounds_around(today: dict[str, float], data, label: str) -> dict[str, tuple[float, float]]:
    """Random £ bounds that include today's spend, some open on one side."""
    out = {}
    for name in data.draw(st.sets(st.sampled_from(sorted(today)), max_size=4), label=label):
        lo = today[name] * (1 - data.draw(st.floats(0.0, 0.3)))
        hi = today[name] * (1 + data.draw(st.floats(0.0, 0.3))) if data.draw(st.booleans()) else math.inf
        out[name] = (lo, hi)
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(max_change=st.floats(0.0, 0.6), objective=st.sampled_from(["admissions", "net_saving"]),
       lock=st.sets(st.sampled_from(["NB01", "NB03", "NB20", "NB23", "NB40"]), max_size=3),
       per_locality=st.booleans(), data=st.data())
def test_every_constraint_holds(demo, max_change, objective, lock, per_locality, data):
    plan = _pool(demo, data)
    levers = ("assistive_technology", "carers", "falls_prevention", "integrated_locality_teams", "reablement")
    lever_bounds = _bounds_around({lv: lever_spend(plan, lv) for lv in levers}, data, "lever bounds")
    locality_bounds = _bounds_around(spend_on_locality_lines(plan), data, "locality bounds")
    a = optimise(plan, objective=objective, max_change=max_change, locked=lock, per_locality=per_locality,
                 bounds=lever_bounds, locality_bounds=locality_bounds, runs=60, search_runs=60)
    demo = plan
    ref = load_reference(demo.year)
    income = demo.income_by_stream()
    before, after = demo.spend_by_stream(), a.plan.spend_by_stream()
    assert a.plan.total_expenditure == pytest.approx(demo.total_expenditure, abs=0.01)
    for lv, (lo, hi) in lever_bounds.items():
        assert lo - 1.0 <= lever_spend(a.plan, lv) <= hi + 1.0, lv
    spent = spend_on_locality_lines(a.plan)
    for name, (lo, hi) in locality_bounds.items():
        assert lo - 1.0 <= spent[name] <= hi + 1.0, name
    for stream, spend in after.items():  # spend by source within income, or no worse than before
        assert spend <= max(income.get(stream, 0.0), before[stream]) + 1.0
    assert after.get(DFG, 0.0) == pytest.approx(before.get(DFG, 0.0))  # the DFG stays with adaptations
    social = sum(x.amount for x in a.plan.lines if counts_towards_minimum_asc(x))
    assert social >= min(demo.minimum_nhs_asc_required,
                         sum(x.amount for x in demo.lines if counts_towards_minimum_asc(x))) - 1.0
    for old, new in zip(demo.lines, a.plan.lines, strict=True):
        if old.scheme_id in lock or ref.line_lever(old.scheme_type, old.sub_type) == "none":
            assert new.amount == old.amount  # locked and unmodelled lines do not move
        else:
            # pennies lost to rounding are put back on the largest movable line: at most £1 here
            assert abs(new.amount - old.amount) <= max_change * old.amount + 1.0
    assert a.optimised_value >= a.baseline_value
    # the rule checker finds nothing red in the optimised plan that was not red in the plan it started from
    red_before = {f.id for f in check(demo, ref) if f.severity == "red"}
    assert [f.message for f in check(a.plan, ref) if f.severity == "red" and f.id not in red_before] == []


def test_bounds_per_lever_are_kept(demo):
    a = optimise(demo, max_change=0.5, runs=60, bounds={"carers": (600_000, 800_000)})  # today £700,400
    assert 600_000 - 1 <= a.after["carers"] <= 800_000 + 1
    with pytest.raises(ValueError, match="exclude today's spend"):
        optimise(demo, runs=10, bounds={"carers": (5_000_000, 6_000_000)})


def test_bad_locality_bounds_say_what_to_do(demo):
    with pytest.raises(ValueError, match=r"minimum for Riverside \(£7,000,000\) is above its maximum"):
        optimise(demo, runs=10, locality_bounds={"riverside": (7_000_000, 6_000_000)})
    riverside = sum(x.amount for x in demo.lines if x.locality == "Riverside")  # today's spend there, every line
    with pytest.raises(
        ValueError, match=rf"Riverside \(at least £9,000,000\) exclude today's spend there \({gbp(riverside)}\)"
    ):
        optimise(demo, runs=10, locality_bounds={"Riverside": (9_000_000, math.inf)})
    with pytest.raises(ValueError, match="not one of the plan's localities; use one of Area-wide, Dalehead"):
        optimise(demo, runs=10, locality_bounds={"Nowhere": (0, 1)})


def test_a_binding_locality_bound_holds_and_moves_money_elsewhere(demo):
    free = optimise(demo, max_change=0.5, runs=200)
    grew = max(free.locality_after, key=lambda k: free.locality_after[k] - free.locality_before[k])
    cap = free.locality_before[grew] + 0.25 * (free.locality_after[grew] - free.locality_before[grew])
    held = optimise(demo, max_change=0.5, runs=200, locality_bounds={grew: (0.0, cap)})
    assert free.locality_after[grew] > cap + 1_000  # the bound binds
    assert held.locality_after[grew] <= cap + 1.0
    assert held.optimised_value <= free.optimised_value + 1e-6  # a tighter problem does no better
    assert held.optimised_value >= held.baseline_value


def test_a_scaled_line_keeps_its_own_cost_per_output(demo):
    """The search prices money on a line that states its outputs at that line's rate; the plan it hands back
    says so too, so money added buys people and money cut loses them when the plan is modelled again."""
    a = optimise(demo, max_change=0.5, runs=60)
    moved = [(old, new) for old, new in zip(demo.lines, a.plan.lines, strict=True)
             if old.planned_outputs and new.amount != old.amount]
    assert moved
    for old, new in moved:
        assert new.planned_outputs / new.amount == pytest.approx(old.planned_outputs / old.amount, rel=1e-9)


def test_locked_lines_do_not_move_per_locality(demo):
    locks = {"NB20", "NB21", "NB22"}
    a = optimise(demo, max_change=0.5, runs=100, locked=locks)
    moved = [new.amount != old.amount for old, new in zip(demo.lines, a.plan.lines, strict=True)]
    assert any(moved)
    for old, new in zip(demo.lines, a.plan.lines, strict=True):
        if old.scheme_id in locks:
            assert new == old
    assert a.per_locality and any(c.locality for c in a.cells)


# money added from year 2 and year 3, cut from year 3 and restored in year 4: spend in five cohorts
COHORTS = (
    {
        "kind": "add_line",
        "scheme_id": "G1",
        "lever": "integrated_locality_teams",
        "amount_gbp": 900_000,
        "from_year": 2,
    },
    {
        "kind": "add_line",
        "scheme_id": "G2",
        "lever": "reablement",
        "amount_gbp": 400_000,
        "locality": "Riverside",
        "from_year": 3,
    },
    {
        "kind": "move",
        "from": {"lever": "care_home_support"},
        "to": {"lever": "falls_prevention"},
        "share": 0.5,
        "from_year": 3,
    },
    {
        "kind": "move",
        "from": {"lever": "falls_prevention"},
        "to": {"lever": "care_home_support"},
        "amount_gbp": 500_000,
        "from_year": 4,
    },
)


@pytest.mark.parametrize("changes", [(), COHORTS], ids=["plan", "five cohorts"])
def test_the_engine_gradient_matches_the_model(changes):
    from scenarios.engine import run
    from scenarios.headline import headline
    from scenarios.inputs import prepare
    from scenarios.schema import Scenario
    from scenarios.spend import build_spend
    from scenarios.summary import totals

    plan, scenario = demo_plan(), Scenario(deadweight=0.1, optimism_bias=True, changes=changes)
    m = prepare(scenario, plan, runs=300, seed=2)
    spend = build_spend(plan, scenario).spend
    if changes:
        assert (spend.reshape(len(spend), -1).any(axis=1)).sum() == 5
    rng = np.random.default_rng(5)
    for outcome in ("emergency_admissions_avoided", "net_saving_gbp"):
        values, grad = headline(m, spend, outcome, gradient=True)
        assert np.allclose(values, totals(run(scenario, plan, runs=300, seed=2), outcome), rtol=1e-9, atol=1e-6)
        directions = [spend * rng.uniform(-0.1, 0.1, spend.shape[2:])[None, None] for _ in range(3)]  # a lever in
        # a locality up or down in every year, as the optimiser moves it; then each cohort alone, cohorts that hold
        # no spend too, wherever there is spend up to it (at none, less money than none is a kink)
        level = np.cumsum(spend, axis=0)
        directions += [
            np.where(
                (np.arange(len(spend))[:, None, None, None] == c) & (level > 0),
                rng.uniform(-1, 1, spend.shape) * (spend.mean() + spend),
                0.0,
            )
            for c in range(len(spend))
        ]
        for d in directions:
            h = 1e-5  # small enough not to cross the kinks of capacity and risk tiers
            fd = (headline(m, spend + h * d, outcome)[0].mean() - headline(m, spend - h * d, outcome)[0].mean()) / (
                2 * h
            )
            assert (grad * d).sum() == pytest.approx(fd, rel=1e-6, abs=1e-9 * abs(values.mean()))


def test_two_localities_known_answer():
    """One lever (reablement) in two localities, spend free to move between them: the optimiser
    reaches the best split found by scanning every split on a fine grid of the same model (central
    estimate). The answer is interior: each locality's highest-risk people are served first, so the
    money goes where the next pound reaches the riskiest people left."""
    from scenarios.headline import headline
    from scenarios.inputs import prepare
    from scenarios.optimise import _cell_spend, _layout
    from scenarios.schema import Scenario

    demo = demo_plan()
    ref = load_reference(demo.year)
    two = demo.localities[:2]
    # amounts scaled down with no planned outputs, so people served follow the unit cost
    lines = tuple(
        x.model_copy(update={"amount": round(x.amount * 0.3, 2), "planned_outputs": None})
        for x in demo.lines
        if x.locality in {loc.name for loc in two}
        and ref.line_lever(x.scheme_type, x.sub_type) == "reablement"
        and x.source_of_funding != "dfg"
    )
    plan = demo.model_copy(update={"localities": two, "lines": lines, "minimum_nhs_asc_required": None})
    a = optimise(plan, max_change=1.0, runs=1, search_runs=1)
    assert len(a.cells) == 2
    layout = _layout(plan, set(), True)
    m = prepare(Scenario(), plan, runs=1, seed=1)
    rest, parts = _cell_spend(plan, Scenario(), layout)
    x1, x2 = layout.movable
    grid = np.linspace(0.0, 2.0 * x1, 2001)
    grid = grid[(x1 + x2 - grid >= 0) & (x1 + x2 - grid <= 2 * x2)]
    scan = np.array([headline(m, rest + (g / x1) * parts[0] + ((x1 + x2 - g) / x2) * parts[1],
                              "emergency_admissions_avoided")[0][0] for g in grid])
    best, where = float(scan.max()), float(grid[int(np.argmax(scan))])
    assert 0.1 * x1 < where < 1.9 * x1 and best > a.baseline_value + 0.2  # interior, and better than the plan
    assert a.optimised_value == pytest.approx(best, rel=1e-4)
    assert a.cell_after[a.cells[0]] == pytest.approx(where, abs=2 * (grid[1] - grid[0]))
    assert sum(a.cell_after.values()) == pytest.approx(x1 + x2)


def test_two_localities_closed_form_with_a_binding_locality_bound():
    # cells: (lever, locality A), (lever, locality B); value a_k * log(1 + x_k); locality A capped at 70
    a1, a2, m = 3.0, 1.0, 50.0
    problem = Problem(
        ("A", "B"), np.array([m, m]), np.array([[m, 0.0]]), np.array([70.0]), np.zeros(2), np.full(2, 3.0)
    )
    f = solve(lambda f: ((a1 * math.log(1 + m * f[0]) + a2 * math.log(1 + m * f[1])) / 10,
                         np.array([a1 * m / (1 + m * f[0]), a2 * m / (1 + m * f[1])]) / 10), problem, gradient=True)
    # free optimum would give A 76.5 (a1/(1+xA) = a2/(1+xB), xA + xB = 100); the bound holds it at 70
    assert m * f[0] == pytest.approx(70.0, abs=0.01) and m * f[1] == pytest.approx(30.0, abs=0.01)
    assert feasible(f, problem)


def test_area_wide_lines_are_their_own_group(demo):
    assert locality_group(demo, "") == AREA_WIDE
    assert locality_group(demo, "  riverside ") == "Riverside"
    spent = spend_on_locality_lines(demo)
    assert sum(spent.values()) == pytest.approx(demo.total_expenditure)


def test_same_seed_same_answer(demo):
    a = optimise(demo, runs=80, seed=4)
    b = optimise(demo, runs=80, seed=4)
    assert a.after == b.after


def test_frontier_runs_from_half_to_one_and_a_half_times_the_pool(demo):
    from scenarios.optimise import frontier

    points = frontier(demo, points=5, runs=300, search_runs=60)
    spends = [p.total_spend for p in points]
    # DFG lines and lines with no modelled effect stay as they are: a budget below them cannot be reached and is
    # left out. The demo's are about 63% of its pool, so half the pool is out of reach.
    ref = load_reference(demo.year)
    fixed = sum(x.amount for x in demo.lines if dfg_funded(x) or ref.line_lever(x.scheme_type, x.sub_type) == "none")
    reachable = [s for s in (0.5, 0.75, 1.0, 1.25, 1.5) if s * demo.total_income >= fixed]
    assert reachable == [0.75, 1.0, 1.25, 1.5]
    assert spends == sorted(spends) and len(points) == len(reachable)
    assert all(p.p10 <= p.p50 <= p.p90 for p in points)
    assert [p.share_of_pool for p in points] == pytest.approx(reachable)
    for p in points:  # total spend from half to one and a half times the pool
        assert p.total_spend == pytest.approx(p.share_of_pool * demo.total_income, abs=1.0)
