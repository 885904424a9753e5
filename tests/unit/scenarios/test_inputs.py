"""scenarios.inputs: every drawn parameter and the plan's fixed figures the engine's arithmetic needs."""

from __future__ import annotations

import numpy as np
import pytest

from budget.reference import LEVERS
from scenarios.assumptions import load_assumptions
from scenarios.inputs import AE, CH, DD, EA, FALLS, HC, drawn_parameters, prepare
from scenarios.outcomes import EFFECT_OUTCOMES
from scenarios.sampling import draw, standard_normal_draws
from scenarios.schema import Scenario
from scenarios.served import MIN_UNIT_COST
from tests.unit.scenarios.small_plans import CARE_HOMES, REABLEMENT, line, plan_of
from tests.unit.scenarios.small_plans import FALLS as FALLS_KIND

PLAN = plan_of(line(FALLS_KIND, 100_000, "S1"), line(REABLEMENT, 200_000, "S2"), line(CARE_HOMES, 50_000, "S3"),
               localities=2)


def test_outcome_positions_name_the_effect_outcomes():
    names = [EFFECT_OUTCOMES[i] for i in (EA, AE, FALLS, CH, HC, DD)]
    assert names == ["emergency_admissions", "ae_attendances", "falls_admissions", "care_home_admissions",
                     "home_care_hours", "delayed_discharge_days"]


@pytest.mark.parametrize("runs", [0, -3])
def test_fewer_than_one_run_is_refused(runs):
    with pytest.raises(ValueError, match="runs must be at least 1"):
        prepare(Scenario(horizon_years=1), PLAN, runs=runs)


def test_runs_and_seed_default_to_the_scenarios():
    m = prepare(Scenario(horizon_years=1, runs=7, seed=42), PLAN)
    assert (m.runs, m.seed, m.parameters.shape[0]) == (7, 42, 7)


def test_run_zero_is_the_central_estimate():
    m = prepare(Scenario(horizon_years=2), PLAN, runs=20, seed=3)
    a = m.assumptions
    for name, value in zip(m.parameter_names, m.parameters[0], strict=True):
        kind, lever, *outcome = name.split(":")
        if kind == "unit_cost":
            assert value == a.levers[lever].cost_per_person().central
        else:
            effect = a.effect(lever, outcome[0])
            assert value == (1.0 if effect is None else effect.central), name


def test_one_unit_cost_and_an_effect_for_each_outcome_per_lever():
    m = prepare(Scenario(horizon_years=1), PLAN, runs=2, seed=1)
    per_lever = 1 + len(EFFECT_OUTCOMES)
    assert len(m.parameter_names) == len(LEVERS) * per_lever
    assert m.parameter_names[:2] == (f"unit_cost:{LEVERS[0]}", f"effect:{LEVERS[0]}:{EFFECT_OUTCOMES[0]}")
    assert m.unit_cost.shape == (2, len(LEVERS)) and m.rate_ratio.shape == (2, len(LEVERS), len(EFFECT_OUTCOMES))


def test_same_seed_same_draws_and_the_draws_are_read_only():
    a = prepare(Scenario(horizon_years=1), PLAN, runs=20, seed=5)
    b = prepare(Scenario(horizon_years=1), PLAN, runs=20, seed=5)
    c = prepare(Scenario(horizon_years=1), PLAN, runs=20, seed=6)
    assert np.array_equal(a.parameters, b.parameters)
    assert not np.array_equal(a.parameters, c.parameters)
    with pytest.raises(ValueError):
        a.parameters[0, 0] = 1.0


def test_drawn_figures_are_within_their_bounds():
    m = prepare(Scenario(horizon_years=1), PLAN, runs=200, seed=2)
    assert np.all(m.unit_cost >= MIN_UNIT_COST)
    assert np.all(m.rate_ratio >= 0)


def test_per_person_and_pool_from_the_baseline():
    m = prepare(Scenario(horizon_years=2), PLAN, runs=1, seed=1)
    counts, pop65 = m.baseline.counts[1:], m.baseline.population_65_plus[1:]
    mitigable = m.assumptions.baseline.mitigable_share
    # emergency admissions other than falls carry the EA effect: falls have their own
    non_falls = counts[..., EA] - counts[..., FALLS]
    assert m.per_person[..., EA] == pytest.approx(non_falls / pop65)
    assert m.per_person[..., CH] == pytest.approx(counts[..., CH] / pop65)
    assert m.pool[..., EA] == pytest.approx(non_falls * mitigable["emergency_admissions"].value)
    assert m.inv_pool[..., HC] == pytest.approx(1.0 / m.pool[..., HC])


def test_risk_tiers_start_where_the_tier_above_ends():
    m = prepare(Scenario(horizon_years=1), PLAN, runs=1, seed=1)
    for i in range(len(LEVERS)):
        shares = m.tier_share[i]
        assert m.tier_start[i, 0] == 0.0
        assert m.tier_start[i, 1:] == pytest.approx(np.cumsum(shares)[:-1])


def test_ramp_is_full_for_established_money_and_never_more_than_the_cohort_before():
    m = prepare(Scenario(horizon_years=3), PLAN, runs=1, seed=1)
    assert m.ramp.shape == (4, 3, len(LEVERS))
    assert np.all(m.ramp[0] == 1.0)
    assert np.all(np.diff(m.ramp, axis=0) <= 0)
    assert np.all((m.ramp >= 0) & (m.ramp <= 1))


def test_deadweight_scales_every_effect_down():
    none = prepare(Scenario(horizon_years=1, deadweight=0.0), PLAN, runs=1, seed=1)
    some = prepare(Scenario(horizon_years=1, deadweight=0.25), PLAN, runs=1, seed=1)
    assert some.adjust == pytest.approx(0.75 * none.adjust)
    assert none.adjust[~none.present].sum() == 0.0


def test_optimism_bias_takes_its_grade_share_off_each_effect():
    on = prepare(Scenario(horizon_years=1, optimism_bias=True), PLAN, runs=1, seed=1)
    off = prepare(Scenario(horizon_years=1, optimism_bias=False), PLAN, runs=1, seed=1)
    ob = on.assumptions.unit_costs.optimism_bias
    for i, lv in enumerate(LEVERS):
        for j, o in enumerate(EFFECT_OUTCOMES):
            eff = on.assumptions.effect(lv, o)
            if eff is None:
                continue
            share = ob[eff.grade].value if eff.grade in ob else 0.0
            assert on.adjust[i, j] == pytest.approx(off.adjust[i, j] * (1 - share))


def test_modelled_levers_are_those_with_any_effect():
    m = prepare(Scenario(horizon_years=1), PLAN, runs=1, seed=1)
    assert m.modelled == tuple(lv for lv, row in zip(LEVERS, m.present, strict=True) if row.any())
    assert list(m.is_modelled) == [lv in m.modelled for lv in LEVERS]
    assert "none" not in m.modelled


def test_the_pilot_stance_is_read_when_the_scenario_asks_for_it():
    m = prepare(Scenario(horizon_years=1, stance="pilot"), PLAN, runs=1, seed=1)
    assert m.assumptions.stance == load_assumptions("pilot").stance == "pilot"


def test_the_same_seed_runs_and_intervals_give_the_same_draws_once_kept():
    m1 = prepare(Scenario(horizon_years=1), PLAN, runs=30, seed=11)
    m2 = prepare(Scenario(horizon_years=2), plan_of(line(REABLEMENT, 5_000, "X")), runs=30, seed=11)
    assert m2.parameters is m1.parameters  # another plan, the same draws: kept, not drawn again
    assert not m1.parameters.flags.writeable
    intervals = [load_assumptions("controlled").levers[lv].cost_per_person() for lv in LEVERS]
    drawn = drawn_parameters(11, 30, intervals)
    again = draw(standard_normal_draws(np.random.default_rng(11), 30, len(intervals)), intervals)
    assert np.array_equal(drawn, again)
    other = drawn_parameters(12, 30, intervals)
    assert not np.array_equal(other, drawn) and np.array_equal(other[0], drawn[0])  # run 0: the central values


def test_a_changed_interval_is_drawn_afresh():
    a = load_assumptions("controlled")
    intervals = [a.levers[lv].cost_per_person() for lv in LEVERS]
    before = drawn_parameters(5, 20, intervals)
    moved = [intervals[0].model_copy(update={"central": intervals[0].central * 2}), *intervals[1:]]
    after = drawn_parameters(5, 20, moved)
    assert after[0, 0] == 2 * before[0, 0]
    assert np.array_equal(after[:, 1:], before[:, 1:])


def test_ramp_up_is_each_levers_profile_by_years_since_its_cohort_started():
    m = prepare(Scenario(horizon_years=4), PLAN, runs=2, seed=1)
    for i, lv in enumerate(LEVERS):
        ramp = m.assumptions.levers[lv].ramp_up
        assert np.all(m.ramp[0, :, i] == 1.0)
        for c in range(1, 5):
            assert [m.ramp[c, y, i] for y in range(4)] == [ramp.share(y - (c - 1)) for y in range(4)]
