"""The range the plan expected a period to show, against Poisson's own quantiles, the exact mixture over the runs, the
law of total variance and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import poisson

from budget.metrics import BY_ID
from scenarios.track_range import DRAWS, period_range

ADMISSIONS = BY_ID["emergency_admissions_65_plus"]
CARE_HOMES = BY_ID["care_home_admissions_65_plus"]
DELAY = BY_ID["discharge_delay"]


def _count_quantile_bounds(lam: float, q: float, n: int) -> tuple[float, float]:
    """The counts the q-th quantile of n Poisson draws falls between, allowing four standard errors of the share."""
    slack = 4 * np.sqrt(q * (1 - q) / n)
    return float(poisson.ppf(q - slack, lam)), float(poisson.ppf(q + slack, lam))


@pytest.mark.parametrize("lam", [3.7, 48.0, 512.3, 2000.5])
def test_one_run_and_many_draws_give_poisson_s_quantiles(lam):
    pop = 50_000.0
    rate = lam / pop * 1e5  # a rate for the whole period, so the expected count is lam
    n = 400_000
    r = period_range(ADMISSIONS, np.array([rate]), [1.0], [pop], seed=7, draws=n)
    assert r.values.size == n and r.chance
    for q, value in ((0.1, r.p10), (0.5, r.p50), (0.9, r.p90)):
        low, high = _count_quantile_bounds(lam, q, n)
        assert low <= value * pop / 1e5 + 1e-9 and value * pop / 1e5 <= high + 1e-9, (q, value)
    # and within one count of Poisson's own P90
    assert r.p90 * pop / 1e5 == pytest.approx(poisson.ppf(0.9, lam), abs=1.0)


def test_the_percentile_matches_the_exact_mixture_over_the_runs():
    runs = np.linspace(800.0, 1600.0, 41)  # rates a year per 100,000
    pop, share = 20_000.0, 0.25  # a quarter of the year: expected counts 40 to 80
    r = period_range(CARE_HOMES, runs, [share], [pop], seed=3)
    lams = runs * share * pop / 1e5
    n = r.values.size
    assert n >= DRAWS
    for count in (30, 45, 60, 61, 75, 95):
        exact = 100 * np.mean(poisson.cdf(count - 1, lams) + 0.5 * poisson.pmf(count, lams))
        assert r.percentile(count / pop * 1e5) == pytest.approx(exact, abs=100 * 4 * 0.5 / np.sqrt(n))


def test_a_period_of_months_has_the_law_of_total_variance():
    runs = np.linspace(1000.0, 1400.0, 101)
    shares, pops = [0.1, 0.08, 0.09], [10_000.0, 9_000.0, 12_000.0]
    r = period_range(ADMISSIONS, runs, shares, pops, seed=11, draws=200_000)
    # each month's count is Poisson about run x share x population / 100,000, turned back into a rate at its population
    mean = runs.mean() * sum(shares)
    chance = sum(runs.mean() * s * p / 1e5 * (1e5 / p) ** 2 for s, p in zip(shares, pops, strict=True))
    variance = np.var(runs * sum(shares)) + chance
    n = r.values.size
    assert r.values.mean() == pytest.approx(mean, abs=4 * np.sqrt(variance / n))
    assert r.values.var() == pytest.approx(variance, rel=0.02)


def test_an_average_keeps_the_model_s_runs_alone():
    runs = np.array([1.4, 1.2, 1.3])
    r = period_range(DELAY, runs, [1.0] * 6, [50_000.0] * 6, seed=1)
    assert list(r.values) == [1.2, 1.3, 1.4] and not r.chance
    assert r.p10 == pytest.approx(np.percentile(runs, 10)) and r.p90 == pytest.approx(np.percentile(runs, 90))


def test_a_month_without_a_population_adds_its_expected_rate_alone():
    runs = np.array([1200.0, 1300.0])
    r = period_range(ADMISSIONS, runs, [0.1], [None], seed=1, draws=10)
    assert not r.chance and sorted(set(r.values)) == [120.0, 130.0]


def test_no_runs_no_range():
    r = period_range(ADMISSIONS, np.array([]), [0.1], [10_000.0], seed=1)
    assert r.p10 == r.p90 == 0.0 and r.percentile(5.0) == 0.0


rates = st.floats(50.0, 30_000.0)
spreads = st.floats(0.0, 0.5)
populations = st.floats(2_000.0, 500_000.0)
seeds = st.integers(0, 2**31 - 1)


def _runs(centre: float, spread: float, n: int) -> np.ndarray:
    return centre * np.linspace(1 - spread, 1 + spread, n)


@settings(max_examples=40, deadline=None)
@given(centre=rates, spread=spreads, n=st.integers(1, 60), pop=populations, seed=seeds,
       months=st.integers(1, 12))
def test_the_same_seed_gives_the_same_range(centre, spread, n, pop, seed, months):
    runs = _runs(centre, spread, n)
    a = period_range(ADMISSIONS, runs, [1 / 12] * months, [pop] * months, seed)
    b = period_range(ADMISSIONS, runs, [1 / 12] * months, [pop] * months, seed)
    assert np.array_equal(a.values, b.values) and (a.p10, a.p90) == (b.p10, b.p90)


@settings(max_examples=40, deadline=None)
@given(centre=rates, spread=st.floats(0.0, 0.05), pop=populations, seed=seeds)
def test_a_larger_population_gives_a_relatively_narrower_range(centre, spread, pop, seed):
    runs = _runs(centre, spread, 25)
    lam = centre / 12 * pop / 1e5
    assume(5.0 <= lam <= 2_000.0)  # counts enough to have a median, and chance not lost beside the runs' spread

    def width(p: float) -> float:
        r = period_range(CARE_HOMES, runs, [1 / 12], [p], seed)
        return (r.p90 - r.p10) / r.p50

    assert width(4 * pop) < width(pop)


@settings(max_examples=60, deadline=None)
@given(centre=rates, spread=spreads, n=st.integers(1, 60), pop=populations, seed=seeds,
       months=st.integers(1, 12))
def test_the_range_holds_the_model_s_own_p50_expectation(centre, spread, n, pop, seed, months):
    runs = _runs(centre, spread, n)
    shares = [1 / 12] * months
    assume(centre * (1 - spread) * sum(shares) * pop / 1e5 >= 1.0)  # at least one admission expected in the period
    r = period_range(ADMISSIONS, runs, shares, [pop] * months, seed)
    expected = float(np.median(runs)) * sum(shares)
    assert r.p10 <= expected + 1e-9 and expected <= r.p90 + 1e-9


@settings(max_examples=60, deadline=None)
@given(centre=rates, spread=spreads, pop=populations, seed=seeds, a=st.floats(0.0, 5_000.0),
       b=st.floats(0.0, 5_000.0))
def test_the_percentile_never_falls_as_the_actual_rises(centre, spread, pop, seed, a, b):
    r = period_range(ADMISSIONS, _runs(centre, spread, 30), [0.25], [pop], seed)
    low, high = sorted((a, b))
    assert 0.0 <= r.percentile(low) <= r.percentile(high) <= 100.0
    assert r.percentile(-1.0) == 0.0 and r.percentile(r.values[-1] + 1.0) == 100.0


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=200), q=st.floats(0.0, 100.0))
def test_a_quantile_is_numpy_s_percentile(values, q):
    from scenarios.track_range import PeriodRange

    r = PeriodRange(np.sort(np.asarray(values)), chance=True)
    assert r.quantile(q) == pytest.approx(float(np.percentile(values, q)), rel=1e-12, abs=1e-9)


def test_a_period_of_months_adds_up_its_months_draw_by_draw():
    from scenarios.track_range import expected

    runs = np.linspace(1000.0, 1400.0, 50)
    drawn = expected(ADMISSIONS, runs, [0.08, 0.09, 0.1], [10_000.0, None, 12_000.0], seed=2)
    assert drawn.draws.shape == (3, DRAWS) and list(drawn.chance) == [True, False, True]
    both = drawn.period([0, 2])
    assert np.array_equal(both.values, np.sort(drawn.draws[0] + drawn.draws[2])) and both.chance
    assert not drawn.period([1]).chance  # no population: the runs' expected rate alone
    with pytest.raises(ValueError):
        expected(ADMISSIONS, runs, [0.08, 0.09], [10_000.0], seed=2)
