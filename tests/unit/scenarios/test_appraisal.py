"""Green Book present values: discounting at 3.5% a year to the plan year, benefits split NHS / council."""

from __future__ import annotations

import numpy as np
import pytest

from budget.demo import demo_plan
from scenarios.appraisal import (
    appraisal_of_change,
    appraisal_of_pool,
    appraise,
    change_arrays,
    discount_factors,
    present_values,
)
from scenarios.engine import run
from scenarios.outcomes import OUTCOMES
from scenarios.schema import MoveSpend, Scenario

NHS = OUTCOMES.index("non_cashable_saving_gbp")
COUNCIL = OUTCOMES.index("cashable_saving_gbp")


def totals(nhs_by_year, council_by_year, runs: int = 1) -> np.ndarray:
    """(run, year, outcome) totals with only the two savings filled; run r has (r + 1) times the savings."""
    years = len(nhs_by_year)
    t = np.zeros((runs, years, len(OUTCOMES)))
    for r in range(runs):
        t[r, :, NHS] = np.asarray(nhs_by_year) * (r + 1)
        t[r, :, COUNCIL] = np.asarray(council_by_year) * (r + 1)
    t[:, :, OUTCOMES.index("emergency_admissions_avoided")] = 1e6  # a count, never money: not in the appraisal
    return t


def test_discount_factors_at_the_green_book_rate():
    assert discount_factors(0.035, 3) == pytest.approx([1.0, 1 / 1.035, 1 / 1.035 ** 2])
    assert discount_factors(0.035, 3)[2] == pytest.approx(0.9335107)
    assert discount_factors(0.0, 4).tolist() == [1.0, 1.0, 1.0, 1.0]


def test_present_values_over_three_years_worked_by_hand():
    # NHS £1,000 and council £500 a year, spend £1,200 a year; factors 1, 0.9661836, 0.9335107 (sum 2.8996943)
    pv = present_values(totals([1000, 1000, 1000], [500, 500, 500]), np.array([1200.0, 1200.0, 1200.0]), 0.035)
    assert pv["nhs_benefits"] == pytest.approx([2899.6943])
    assert pv["council_benefits"] == pytest.approx([1449.8471])
    assert pv["benefits"] == pytest.approx([4349.5414])
    assert pv["spend"] == pytest.approx([3479.6331])
    assert pv["net_present_value"] == pytest.approx([869.9083])


def test_a_later_year_counts_for_less():
    early = present_values(totals([1000, 0], [0, 0]), np.zeros(2), 0.035)["nhs_benefits"][0]
    late = present_values(totals([0, 1000], [0, 0]), np.zeros(2), 0.035)["nhs_benefits"][0]
    assert early == 1000.0
    assert late == pytest.approx(1000 / 1.035)


def test_who_gains_is_kept_apart():
    pv = present_values(totals([0, 0], [300, 300]), np.zeros(2), 0.035)
    assert pv["nhs_benefits"] == pytest.approx([0.0])
    assert pv["council_benefits"] == pytest.approx([300 + 300 / 1.035])


def test_the_appraisal_reports_each_present_value_over_runs():
    # five runs with 1 to 5 times the savings; spend is the same in every run
    a = appraise(totals([1000, 1000, 1000], [500, 500, 500], runs=5), np.array([1200.0] * 3), 0.035)
    assert (a.discount_rate, a.years) == (0.035, 3)
    assert a.nhs_benefits.central == pytest.approx(2899.6943)
    assert a.nhs_benefits.mean == pytest.approx(3 * 2899.6943)
    assert a.council_benefits.p50 == pytest.approx(3 * 1449.8471)
    assert a.spend.p10 == a.spend.p90 == pytest.approx(3479.6331)
    assert a.net_present_value.central == pytest.approx(869.9083)
    assert a.benefits.p90 == pytest.approx(4.6 * 4349.5414)


@pytest.fixture(scope="module")
def demo_results():
    move = MoveSpend.model_validate({"kind": "move", "from": {"lever": "integrated_locality_teams"},
                                     "to": {"lever": "reablement"}, "amount_gbp": 1_000_000})
    return run(Scenario(changes=(move,)), demo_plan(), runs=40, seed=3)


def test_the_change_is_paired_run_by_run(demo_results):
    changed, spend = change_arrays(demo_results)
    assert np.array_equal(changed, demo_results.totals - demo_results.reference_totals)
    a = appraisal_of_change(demo_results)
    assert a == appraise(changed, spend, 0.035)
    # money moved, not added: the change's spend is zero, so its net present value is its benefits
    assert a.spend.mean == pytest.approx(0.0, abs=1e-6)
    assert a.net_present_value.mean == pytest.approx(a.benefits.mean)


def test_without_changes_the_change_is_exactly_zero():
    results = run(Scenario(), demo_plan(), runs=8, seed=3)
    a = appraisal_of_change(results)
    assert a.net_present_value.p10 == a.net_present_value.p90 == a.spend.mean == 0.0
    pool = appraisal_of_pool(results)
    assert pool == appraise(results.totals, results.spend_all, 0.035)
    assert pool.spend.central > 0 and pool.nhs_benefits.central > 0
