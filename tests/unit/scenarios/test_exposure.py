"""scenarios.exposure: people served and their risk-weighted exposure, after ramp-up and decay."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.reference import LEVERS
from scenarios.exposure import levels, risk_weighted, served_exposure
from scenarios.inputs import prepare
from scenarios.schema import Scenario
from scenarios.spend import build_spend
from tests.unit.scenarios.small_plans import DISCHARGE, FALLS, REABLEMENT, line, plan_of

PLAN = plan_of(line(FALLS, 100_000, "S1", "Town 1"), line(REABLEMENT, 200_000, "S2", "Town 2"),
               line(DISCHARGE, 80_000, "S3", "Town 1"), localities=2)
SCENARIO = Scenario(horizon_years=3)
M = prepare(SCENARIO, PLAN, runs=20, seed=4)
SPEND = build_spend(PLAN, SCENARIO).spend  # (cohort, Y, L, K)
ALL = slice(0, M.runs)
LI = {lv: i for i, lv in enumerate(LEVERS)}


def test_zero_spend_serves_no_one_and_has_no_exposure():
    served, exposure = served_exposure(M, np.zeros_like(SPEND), ALL)
    assert served.shape == exposure.shape == (M.runs, 3, len(LEVERS), 2)
    assert not served.any() and not exposure.any()


def test_the_plan_has_exposure_where_it_spends():
    _, exposure = served_exposure(M, SPEND, ALL)
    assert np.all(exposure[:, :, LI["falls_prevention"], 0] > 0)
    assert np.all(exposure[:, :, LI["falls_prevention"], 1] == 0)  # no falls spend in Town 2


def tier_weighted_by_hand(served, eligible, shares, risks):
    """Risk-weighted people: tiers filled highest risk first, each up to its share of the eligible."""
    total, start = 0.0, 0.0
    for share, risk in zip(shares, risks, strict=True):
        total += min(max(served - start * eligible, 0.0), share * eligible) * risk
        start += share
    return total


@pytest.mark.parametrize("pounds", [1_000.0, 80_000.0, 3_000_000.0])
def test_risk_weighted_fills_tiers_in_order(pounds):
    li, k = LI["discharge_support"], 0
    spend = np.zeros(SPEND.shape[1:])
    spend[:, li, k] = pounds
    per_pound = M.per_pound[:, None]
    served, weighted, slope = risk_weighted(M, spend, per_pound, keep=False)
    assert slope is None
    for r in (0, 7):
        for y in range(3):
            people = min(pounds * M.per_pound[r, li, k], M.capacity[y, li, k])
            assert served[r, y, li, k] == pytest.approx(people, rel=1e-12)
            by_hand = tier_weighted_by_hand(people, M.eligible[y, li, k], M.tier_share[li], M.tier_risk[li])
            assert weighted[r, y, li, k] == pytest.approx(by_hand, rel=1e-12)


def test_established_spend_has_full_effect_and_new_money_ramps_up():
    li, k = LI["reablement"], 1
    est = np.zeros_like(SPEND)
    est[0, :, li, k] = 150_000
    new = np.zeros_like(SPEND)
    new[1, :, li, k] = 150_000  # the same money, added in the plan year
    _, e_est = served_exposure(M, est, ALL)
    _, e_new = served_exposure(M, new, ALL)
    for y in range(3):
        assert e_new[:, y, li, k] == pytest.approx(M.ramp[1, y, li] * e_est[:, y, li, k], rel=1e-12)
    assert M.ramp[1, 0, li] < 1.0  # so the check above is not trivial


def test_exposure_fades_by_the_lever_decay_when_funding_stops():
    li, k = LI["falls_prevention"], 0
    spend = np.zeros_like(SPEND)
    spend[0, 0, li, k] = 100_000  # established money in the first year only
    _, e = served_exposure(M, spend, ALL)
    retain = M.retain[li]
    assert 0 < retain < 1
    assert e[:, 1, li, k] == pytest.approx(e[:, 0, li, k] * retain)
    assert e[:, 2, li, k] == pytest.approx(e[:, 0, li, k] * retain**2)


@settings(max_examples=25, deadline=None)
@given(
    scale=st.lists(st.floats(0.0, 3.0), min_size=4, max_size=4),
    cohort=st.integers(0, 3),
    year=st.integers(0, 2),
    lever=st.sampled_from(["falls_prevention", "reablement", "discharge_support"]),
    locality=st.integers(0, 1),
    extra=st.floats(1.0, 2_000_000.0),
)
def test_exposure_never_falls_as_any_cohorts_spend_rises(scale, cohort, year, lever, locality, extra):
    base = SPEND.sum(axis=0, keepdims=True) * np.array(scale)[:, None, None, None]
    more = base.copy()
    more[cohort, year, LI[lever], locality] += extra
    s0, e0 = served_exposure(M, base, ALL)
    s1, e1 = served_exposure(M, more, ALL)
    assert np.all(e1 >= e0 - 1e-9 * (1 + np.abs(e0)))
    assert np.all(s1 >= s0 - 1e-9 * (1 + np.abs(s0)))


def test_keep_gives_the_same_figures_and_a_slope_that_matches_finite_differences():
    li, k, y = LI["reablement"], 1, 1
    spend = SPEND.copy()
    spend[1, :, li, k] = 50_000  # new money on top of the established
    served, exposure = served_exposure(M, spend, ALL)
    s_k, e_k, by_cohort, carried = served_exposure(M, spend, ALL, keep=True)
    assert np.array_equal(served, s_k) and np.array_equal(exposure, e_k)
    assert by_cohort.shape == (spend.shape[0],) + exposure.shape
    assert carried.dtype == bool and not carried[:, 0].any()
    assert not carried[:, y, li, k].any()
    # the slope is before decay: where nothing was carried, moving one cohort's spend in one cell moves the
    # exposure of that cell by the slope
    for c in (0, 1):
        h = 1.0
        up, down = spend.copy(), spend.copy()
        up[c, y, li, k] += h
        down[c, y, li, k] -= h
        fd = (served_exposure(M, up, ALL)[1] - served_exposure(M, down, ALL)[1])[:, y, li, k] / (2 * h)
        assert np.all(fd > 0)
        assert by_cohort[c, :, y, li, k] == pytest.approx(fd, rel=1e-6)


def test_levels_put_the_top_level_first_and_lower_levels_only_where_their_ramp_differs():
    spend = SPEND.copy()
    spend[1, :, LI["falls_prevention"], 0] = 20_000  # new money from year 1
    spend[2, 1:, LI["reablement"], 1] = 40_000  # and more from year 2
    lv = levels(M, spend)
    assert np.array_equal(lv.spend[:3], spend.sum(axis=0)) and lv.years[:3].tolist() == [0, 1, 2]
    assert np.array_equal(lv.weight[:, :3, 0, 0], M.ramp[2].T)  # the top level counts at the top cohort's ramp
    # below it, cohort 1's level (cohorts 0 and 1) and then cohort 0's, each at its ramp less the next one's, in the
    # years where that is more than nothing
    for (rows, ys), c in zip(lv.lower, (1, 0), strict=True):
        weight = M.ramp[c] - M.ramp[c + 1]
        assert ys.tolist() == [y for y in range(3) if (weight[y] > 0).any()]
        assert np.array_equal(lv.years[rows], ys)
        assert np.array_equal(lv.spend[rows], spend[: c + 1].sum(axis=0)[ys])
        assert np.array_equal(lv.weight[:, rows, 0, 0], weight[ys].T)
    assert lv.level_of == (1, 0, -1, -1)


def test_exposure_by_blocks_of_runs_is_the_exposure_of_all_the_runs_bit_for_bit():
    spend = SPEND.copy()
    spend[1, :, LI["falls_prevention"], 0] = 30_000
    served, exposure = served_exposure(M, spend, ALL)
    stacked = levels(M, spend)
    for sl in (slice(0, 7), slice(7, 13), slice(13, M.runs)):
        s, e = served_exposure(M, spend, sl, stacked=stacked)
        assert np.array_equal(s, served[sl]) and np.array_equal(e, exposure[sl])


def test_a_lever_with_no_people_in_a_tier_has_that_tiers_risk_nowhere():
    li, k = LI["care_home_support"], 0  # one tier only: everyone it serves counts at its one risk
    assert M.tier_share[li, 1:].sum() == 0
    assert M.tier_levers[1].start <= li < M.tier_levers[1].stop  # worked with the levers that have people there
    spend = np.zeros(SPEND.shape[1:])
    spend[:, li, k] = 5_000_000.0  # above the cap
    served, weighted, _ = risk_weighted(M, spend, M.per_pound[:, None], keep=False)
    assert np.array_equal(weighted[:, :, li, k], served[:, :, li, k] * M.tier_risk[li, 0])
