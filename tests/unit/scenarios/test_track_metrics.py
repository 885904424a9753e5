"""The metrics' months against the goal's profile and the range the plan expected, against hand calculations (the exact
Poisson mixture over the runs, from SciPy) and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import poisson

from budget.actuals import Actuals, MetricMonth, months
from budget.metrics import BY_ID
from scenarios.goals import QUARTER_MONTHS, quarters
from scenarios.track_metrics import percentile, track_metric, track_outputs
from scenarios.track_range import DRAWS
from scenarios.track_status import BEHIND_GOAL, NO_DATA, OFF_TRACK, ON_TRACK

YEAR = months("2026-27")
WEIGHTS = (1.2, 1.0, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.2, 1.0, 1.0, 0.9)  # add up to 12.0
RUNS = np.linspace(1000.0, 1400.0, 401)  # the plan year's rate, one per run


def _actuals(*rows):
    return Actuals(area_code="E06000001", year="2026-27", metrics=rows)


def _mixture(lams_by_month, pops):
    """The exact distribution of a period's rate: each month's count Poisson about its run's expected count, turned
    into a rate at the month's population and added up; every run equally likely. (values, probabilities)."""
    values, probs = np.zeros(1), np.ones((1, len(lams_by_month[0])))
    for lams, pop in zip(lams_by_month, pops, strict=True):
        counts = np.arange(int(lams.max() * 3) + 30)
        pmf = poisson.pmf(counts[:, None], lams[None, :])  # count x run
        values = (values[:, None] + counts[None, :] * 1e5 / pop).ravel()
        probs = (probs[:, None, :] * pmf[None, :, :]).reshape(-1, len(lams))
    order = np.argsort(values)
    return values[order], probs[order].mean(axis=1)


def _quantile_bounds(values, probs, q, n):
    """The values the q-th quantile of n draws falls between, allowing four standard errors of the share."""
    slack = 4 * np.sqrt(q * (1 - q) / n)
    cdf = np.cumsum(probs)
    return values[np.searchsorted(cdf, q - slack)], values[np.searchsorted(cdf, q + slack)]


def test_split_rate_hand_calculation():
    a = _actuals(MetricMonth(month=YEAR[0], emergency_admissions_65_plus=120, population_65_plus=10_000),
                 MetricMonth(month=YEAR[1], emergency_admissions_65_plus=90))  # no population: the plan's
    m = track_metric(BY_ID["emergency_admissions_65_plus"], 1200.0, RUNS, WEIGHTS, a, 6, 9_000.0)
    assert m.actual[0] == 120 / 10_000 * 1e5 == 1200.0  # the month's admissions per 100,000, not annualised
    assert abs(m.actual[1] - 90 / 9_000 * 1e5) < 1e-9
    assert m.actual[2:] == (None,) * 10
    assert abs(m.goal[0] - 1200 * 1.2 / 12) < 1e-9
    assert abs(m.ytd_actual - 2200.0) < 1e-9
    assert abs(m.ytd_goal - 1200 * 2.2 / 12) < 1e-9
    # the range: each run's expected count in the month (rate x share x population / 100,000) with Poisson chance
    n = RUNS.size * -(-DRAWS // RUNS.size)
    lams = [RUNS * 1.2 / 12 * 10_000 / 1e5, RUNS * 1.0 / 12 * 9_000 / 1e5]
    april = _mixture(lams[:1], [10_000.0])
    lo, hi = _quantile_bounds(*april, 0.9, n)
    assert lo - 1e-9 <= m.p90[0] <= hi + 1e-9
    to_date = _mixture(lams, [10_000.0, 9_000.0])
    lo, hi = _quantile_bounds(*to_date, 0.9, n)
    assert lo - 1e-9 <= m.ytd_p90 <= hi + 1e-9
    lo, hi = _quantile_bounds(*to_date, 0.1, n)
    assert lo - 1e-9 <= m.ytd_p10 <= hi + 1e-9
    # 2,200 to date is far above every count the plan expected (about 220)
    assert to_date[1][to_date[0] >= 2200.0 - 1e-6].sum() < 1e-12
    assert m.percentile_in_plan_range == 100.0
    assert m.status == OFF_TRACK and m.months_given == 2 and m.chance


def test_a_month_s_chance_can_keep_a_year_within_the_range():
    """Counts of a few dozen a month: an actual above every run's expectation is still inside the range."""
    runs = np.full(50, 1200.0)  # one rate: expected 100 per 100,000 a month, 10 admissions at 10,000 aged 65+
    a = _actuals(MetricMonth(month=YEAR[0], emergency_admissions_65_plus=13, population_65_plus=10_000))
    m = track_metric(BY_ID["emergency_admissions_65_plus"], 1200.0, runs, (1.0,) * 12, a, 1, None)
    assert m.ytd_actual == 130.0 and m.ytd_goal == 100.0 and m.ytd_actual > runs.max() / 12
    assert m.ytd_p90 == pytest.approx(poisson.ppf(0.9, 10.0) * 10, abs=10.0)  # within a count of Poisson's P90
    exact = 100 * (poisson.cdf(12, 10.0) + 0.5 * poisson.pmf(13, 10.0))
    n = runs.size * -(-DRAWS // runs.size)
    assert m.percentile_in_plan_range == pytest.approx(exact, abs=100 * 4 * 0.5 / np.sqrt(n))
    assert m.status == BEHIND_GOAL  # worse than the goal, within the plan's P90 once chance is counted


def test_monthly_goals_add_up_to_the_quarterly_goals():
    m = track_metric(BY_ID["care_home_admissions_65_plus"], 600.0, RUNS, WEIGHTS, _actuals(), 0, 10_000.0)
    for q, goal in zip(QUARTER_MONTHS, quarters(600.0, "split", WEIGHTS), strict=True):
        assert abs(sum(m.goal[k] for k in q) - goal) < 1e-9
    assert abs(sum(m.goal) - 600.0) < 1e-9


def test_repeat_average_hand_calculation():
    a = _actuals(MetricMonth(month=YEAR[0], discharge_delay=1.0), MetricMonth(month=YEAR[2], discharge_delay=1.6))
    runs = np.linspace(1.0, 2.0, 101)
    m = track_metric(BY_ID["discharge_delay"], 1.2, runs, WEIGHTS, a, 3, None)
    assert m.goal == (1.2,) * 12 and m.actual[:3] == (1.0, None, 1.6)
    assert abs(m.ytd_actual - 1.3) < 1e-12  # each month counts the same
    assert m.ytd_goal == 1.2 and m.status == BEHIND_GOAL  # worse than the goal, inside the plan's P90
    assert not m.chance and m.p10 == (float(np.percentile(runs, 10)),) * 12  # the model's runs alone
    # the share of runs below 1.3 and half of those at it (1.3 is the 31st of the 101 runs)
    assert m.percentile_in_plan_range == pytest.approx(100 * (30 + 0.5) / 101)


def test_no_month_given_is_no_data_yet():
    m = track_metric(BY_ID["discharge_delay"], 1.2, RUNS, WEIGHTS, _actuals(), 6, None)
    assert m.status == NO_DATA and m.percentile_in_plan_range is None and m.ytd_actual is None


def test_months_after_the_month_tracked_to_are_left_out():
    a = _actuals(MetricMonth(month=YEAR[4], discharge_delay=0.5))
    assert track_metric(BY_ID["discharge_delay"], 1.2, RUNS, WEIGHTS, a, 4, None).status == NO_DATA
    assert track_metric(BY_ID["discharge_delay"], 1.2, RUNS, WEIGHTS, a, 5, None).status == ON_TRACK


@settings(max_examples=80, deadline=None)
@given(a=st.floats(0, 3000, allow_nan=False), b=st.floats(0, 3000, allow_nan=False))
def test_percentile_is_monotone_in_the_actual(a, b):
    low, high = sorted((a, b))
    assert percentile(RUNS, low) <= percentile(RUNS, high)
    assert 0 <= percentile(RUNS, low) <= 100


def test_percentile_ends():
    assert percentile(RUNS, 0.0) == 0.0 and percentile(RUNS, 1e9) == 100.0


def test_outputs_planned_or_modelled():
    from scenarios.served import people_served
    from tests.unit.scenarios.small_plans import ENABLERS, FALLS, REABLEMENT, line, plan_of

    stated = line(REABLEMENT, 100_000, "R1").model_copy(update={"planned_outputs": 120.0, "output_unit": "Packages"})
    plan = plan_of(stated, line(FALLS, 50_000, "F1"), line(ENABLERS, 10_000, "E1"))
    served = people_served(plan).lines
    falls = next(s.people for s in served if s.source is plan.lines[1])
    assert falls > 0
    out = track_outputs(plan, served, {0: 70.0}, 0.5)
    # the stated line at its planned outputs, the falls line at the model's people, the enablers (no modelled
    # effect, no outputs stated) left out
    assert [(o.scheme_id, o.unit, o.planned_year, o.planned_to_date, o.delivered_to_date) for o in out] == [
        ("R1", "Packages", 120.0, 60.0, 70.0), ("F1", "people (modelled)", falls, falls / 2, None)]


def test_discharge_delay_is_weighted_by_discharges_where_every_month_gives_them():
    a = _actuals(MetricMonth(month=YEAR[0], discharge_delay=1.0, discharges=300),
                 MetricMonth(month=YEAR[1], discharge_delay=2.0, discharges=100))
    m = track_metric(BY_ID["discharge_delay"], 1.2, RUNS / 1000, WEIGHTS, a, 2, None)
    assert m.ytd_actual == (1.0 * 300 + 2.0 * 100) / 400
    b = _actuals(MetricMonth(month=YEAR[0], discharge_delay=1.0, discharges=300),
                 MetricMonth(month=YEAR[1], discharge_delay=2.0))
    assert track_metric(BY_ID["discharge_delay"], 1.2, RUNS / 1000, WEIGHTS, b, 2, None).ytd_actual == 1.5


def test_a_rolling_year_is_set_beside_the_year_s_goal_never_split():
    a = _actuals(MetricMonth(month=YEAR[2], care_home_admissions_65_plus_12_months=130,
                             care_home_admissions_65_plus_12_months_per_100k=1250.0),
                 MetricMonth(month=YEAR[5], care_home_admissions_65_plus_12_months=140))
    metric = BY_ID["care_home_admissions_65_plus"]
    m = track_metric(metric, 1200.0, RUNS, WEIGHTS, a, 4, 10_000.0)
    assert m.rolling == (YEAR[2], 1250.0) and m.status_from_rolling
    assert m.actual == (None,) * 12 and m.ytd_actual is None  # no month's own count
    assert m.status == BEHIND_GOAL  # worse than the goal for the year, inside the range for a year
    # the year's count at the plan's population (the row gives none): 125 admissions among Poisson counts
    lams = RUNS * 10_000 / 1e5
    exact = 100 * np.mean(poisson.cdf(124, lams) + 0.5 * poisson.pmf(125, lams))
    n = RUNS.size * -(-DRAWS // RUNS.size)
    assert m.percentile_in_plan_range == pytest.approx(exact, abs=100 * 4 * 0.5 / np.sqrt(n))
    lo, hi = _quantile_bounds(*_mixture([lams], [10_000.0]), 0.9, n)
    assert lo - 1e-9 <= m.rolling_p90 <= hi + 1e-9 and m.rolling_p90 > float(np.percentile(RUNS, 90))
    later = track_metric(metric, 1200.0, RUNS, WEIGHTS, a, 6, 10_000.0)
    assert later.rolling == (YEAR[5], 140 / 10_000 * 1e5)  # the count over the plan's population, no rate given
    assert track_metric(BY_ID["discharge_delay"], 1.2, RUNS, WEIGHTS, a, 6, None).rolling is None


def test_a_month_s_own_count_keeps_the_status_to_the_year_to_date():
    a = _actuals(MetricMonth(month=YEAR[0], care_home_admissions_65_plus=5, population_65_plus=10_000,
                             care_home_admissions_65_plus_12_months_per_100k=2000.0))
    m = track_metric(BY_ID["care_home_admissions_65_plus"], 1200.0, RUNS, WEIGHTS, a, 1, None)
    assert not m.status_from_rolling and m.status == ON_TRACK and m.rolling == (YEAR[0], 2000.0)
