"""Attribution of a combined effect to levers: Shapley values, checked against the definition
(every order of adding levers) and for the two properties a board relies on: the levers add up to
the total in every run, and no lever gets a sign its own effect does not have."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from budget.demo import demo_plan
from scenarios.engine import run, shapley_shares
from scenarios.schema import Scenario


def brute_force(s: np.ndarray) -> np.ndarray:
    """Shapley values from the definition: average marginal contribution over all orders."""
    n = len(s)

    def value(members) -> float:
        return 1.0 - math.prod(1.0 - s[i] for i in members)

    out = np.zeros(n)
    orders = list(itertools.permutations(range(n)))
    for order in orders:
        before: list[int] = []
        for i in order:
            out[i] += value([*before, i]) - value(before)
            before.append(i)
    return out / len(orders)


shares = arrays(np.float64, st.integers(1, 7), elements=st.floats(-3.0, 1.0, allow_nan=False, allow_subnormal=False))


@settings(max_examples=200, deadline=None)
@given(shares)
def test_shapley_matches_the_definition_adds_up_and_keeps_signs(s):
    got = shapley_shares(s[None, :], axis=1)[0]
    assert got == pytest.approx(brute_force(s), rel=1e-9, abs=1e-12)
    assert got.sum() == pytest.approx(1.0 - np.prod(1.0 - s), rel=1e-9, abs=1e-12)
    assert np.all(np.sign(got) == np.sign(s))


@pytest.fixture(scope="module")
def demo_results():
    return run(Scenario(), demo_plan(), runs=400, seed=3)


def test_levers_add_up_to_the_combined_total_in_every_run(demo_results):
    from scenarios.engine import compute  # noqa: PLC0415
    from scenarios.inputs import prepare  # noqa: PLC0415
    from scenarios.spend import build_spend  # noqa: PLC0415

    r = demo_results
    plan = demo_plan()
    m = prepare(r.scenario, plan, runs=r.runs, seed=r.seed)
    lean = compute(m, build_spend(plan, r.scenario).spend, detail=False)  # (outcome, run, year), no attribution
    mask = r.lever_mask()
    for i, outcome in enumerate(r.outcomes):
        by_lever = r.values[..., i][:, :, mask, :].sum(axis=(2, 3))  # (run, year)
        assert by_lever == pytest.approx(lean[i], rel=1e-9, abs=1e-6), outcome


def test_no_lever_gets_a_sign_its_own_effect_does_not_have(demo_results):
    """In each run a lever's drawn rate ratio says whether it helps (below 1) or harms (above 1); its
    attributed events avoided have that sign, whatever the other levers do."""
    r = demo_results
    names = list(r.parameter_names)
    spend = r.outcome("spend_gbp")[0].sum(axis=(0, 2))
    checked = 0
    for outcome, effect in (("ae_attendances_avoided", "ae_attendances"),
                            ("care_home_admissions_avoided", "care_home_admissions"),
                            ("home_care_hours_saved", "home_care_hours")):
        x = r.outcome(outcome).sum(axis=(1, 3))  # (run, lever)
        for i, lever in enumerate(r.levers):
            key = f"effect:{lever}:{effect}"
            if key not in names or spend[i] <= 0:
                continue
            ratio = r.parameters[:, names.index(key)]
            helps, harms = ratio < 1.0, ratio > 1.0
            assert np.all(x[helps, i] > 0), (lever, outcome)
            assert np.all(x[harms, i] < 0), (lever, outcome)
            assert np.all(x[ratio == 1.0, i] == 0), (lever, outcome)
            checked += int(helps.any()) + int(harms.any())
    assert checked >= 4  # both signs occur in the demo's draws


def test_results_do_not_depend_on_how_many_runs_are_worked_out_together(demo_results, monkeypatch):
    """The engine works its runs out in blocks; the blocks' edges change no figure, not by a bit."""
    from scenarios import engine  # noqa: PLC0415

    monkeypatch.setattr(engine, "BLOCK_RUNS", 37)  # 400 runs: ten blocks and a short one
    again = run(demo_results.scenario, demo_plan(), runs=demo_results.runs, seed=demo_results.seed)
    assert np.array_equal(again.values, demo_results.values)
    assert np.array_equal(again.totals, demo_results.totals)


def test_events_avoided_sit_only_with_the_levers_that_act_on_them(demo_results):
    r = demo_results
    a = r.assumptions
    for name, effects in (("ae_attendances_avoided", ("ae_attendances",)),
                          ("emergency_admissions_avoided", ("emergency_admissions", "falls_admissions")),
                          ("home_care_hours_saved", ("home_care_hours",))):
        values = r.outcome(name)
        for i, lever in enumerate(r.levers):
            acts = any(a.effect(lever, o) is not None for o in effects)
            assert values[:, :, i, :].any() == acts, (name, lever)
