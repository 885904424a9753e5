"""scenarios.baseline: baseline activity by locality and year, worked by hand from the shipped defaults."""

from __future__ import annotations

import numpy as np
import pytest

from budget.models import Baselines, Locality
from scenarios.assumptions import load_assumptions
from scenarios.baseline import build_baseline
from scenarios.outcomes import EFFECT_OUTCOMES
from tests.unit.scenarios.small_plans import FALLS, line, plan_of, raw

A = load_assumptions("controlled")
J = {o: i for i, o in enumerate(EFFECT_OUTCOMES)}
PLAN = plan_of(line(FALLS, 1_000), localities=2)  # two towns of 50,000 people, 10,000 aged 65+


def test_the_defaults_these_figures_rest_on():
    b = raw("baseline.yaml")
    rates = {k: v["value"] for k, v in b["rates_per_100k_65_plus"].items()}
    assert rates["emergency_admissions"] == 24_500 and rates["falls_admissions"] == 1_984
    assert rates["delayed_discharge_days"] == 35_000 and b["ae_all_ages_to_65_plus"]["value"] == 1.15
    g = b["growth_per_year"]
    assert (g["population_65_plus"]["value"], g["population"]["value"]) == (0.018, 0.005)
    assert (g["emergency_admissions_rate"]["value"], g["falls_admissions_rate"]["value"]) == (0.01, 0.0)
    assert b["mean_length_of_stay_days"]["value"] == 8.0


def test_counts_from_the_default_rates_by_hand():
    base = build_baseline(PLAN, A, 3)
    assert base.counts.shape == (4, 2, len(EFFECT_OUTCOMES)) and base.years == 3
    # 24,500 per 100,000 aged 65+ x 10,000 = 2,450 a year in the base year
    assert base.counts[0, :, J["emergency_admissions"]] == pytest.approx([2450.0, 2450.0])
    # the plan year: 65+ population up 1.8%, the rate per person up 1%
    assert base.counts[1, 0, J["emergency_admissions"]] == pytest.approx(2450 * 1.018 * 1.01)
    # falls: no growth in the rate, so population growth only, two years on
    assert base.counts[2, 1, J["falls_admissions"]] == pytest.approx(198.4 * 1.018**2)
    assert base.demographic_counts[2, 1, J["emergency_admissions"]] == pytest.approx(2450 * 1.018**2)
    assert base.population_65_plus[3, 0] == pytest.approx(10_000 * 1.018**3)
    assert base.population[2, 1] == pytest.approx(50_000 * 1.005**2)
    assert base.length_of_stay_days == 8.0


def test_plan_rates_are_used_and_sourced_as_the_plan():
    plan = plan_of(line(FALLS, 1_000), baselines=Baselines(emergency_admissions_65_plus_per_100k=20_000,
                                                          ae_attendances_per_100k=30_000,
                                                          mean_length_of_stay_days=6.5))
    base = build_baseline(plan, A, 1)
    assert base.counts[0, 0, J["emergency_admissions"]] == pytest.approx(2000.0)
    # an all-ages A&E rate is turned into the 65+ rate: 30,000 x 1.15 = 34,500 per 100,000
    assert base.counts[0, 0, J["ae_attendances"]] == pytest.approx(3450.0)
    assert base.length_of_stay_days == 6.5
    assert base.sources["emergency_admissions"] == base.sources["ae_attendances"] == "plan"
    assert base.sources["mean_length_of_stay_days"] == "plan"
    # home-care hours and delayed days never come from a plan
    assert base.sources["home_care_hours"] == A.baseline.rates_per_100k_65_plus["home_care_hours"].source
    assert base.sources["falls_admissions"] != "plan"


def test_need_weights_are_normalised_to_a_65_plus_weighted_mean_of_one():
    plan = PLAN.model_copy(update={"localities": (
        Locality(name="A", population=50_000, population_65_plus=10_000, need_weight=1.0),
        Locality(name="B", population=50_000, population_65_plus=10_000, need_weight=3.0))})
    base = build_baseline(plan, A, 1)
    # mean need 2, so A counts half the rate and B one and a half times
    assert base.counts[0, :, J["emergency_admissions"]] == pytest.approx([1225.0, 3675.0])
    assert base.counts[0, :, J["emergency_admissions"]].sum() == pytest.approx(4900.0)


def test_a_localitys_own_admissions_replace_the_rate():
    plan = PLAN.model_copy(update={"localities": (
        Locality(name="A", population=50_000, population_65_plus=10_000, emergency_admissions_65_plus=3_000),
        Locality(name="B", population=50_000, population_65_plus=10_000))})
    base = build_baseline(plan, A, 1)
    assert base.counts[0, :, J["emergency_admissions"]] == pytest.approx([3000.0, 2450.0])
    assert base.sources["emergency_admissions_by_locality"] == "plan"
    assert "emergency_admissions_by_locality" not in build_baseline(PLAN, A, 1).sources


def test_counts_scale_with_the_65_plus_population():
    small = build_baseline(PLAN, A, 2)
    big = PLAN.model_copy(update={"localities": tuple(
        loc.model_copy(update={"population_65_plus": 20_000}) for loc in PLAN.localities)})
    assert build_baseline(big, A, 2).counts == pytest.approx(2 * small.counts)
    assert np.all(small.counts >= 0)


def test_an_area_wide_plan_s_published_rates_are_sourced_as_the_area_s():
    from budget.areas import area_wide_plan, figures
    from budget.models import HWBArea

    plan = plan_of(line(FALLS, 1_000, "A")).model_copy(
        update={"area": HWBArea(code="E08000012", name="Liverpool"), "localities": (), "baselines": Baselines()})
    whole = area_wide_plan(plan)
    a = load_assumptions()
    base = build_baseline(whole, a, 1)
    liverpool = figures("E08000012")
    assert base.sources["care_home_admissions"] == base.sources["falls_admissions"] == "area"
    assert base.sources["emergency_admissions"] == a.baseline.rates_per_100k_65_plus["emergency_admissions"].source
    j = EFFECT_OUTCOMES.index("care_home_admissions")
    assert base.counts[0, 0, j] == pytest.approx(liverpool.care_home_admissions.value / 1e5 * 78_032)  # ONS 65+
    typed = whole.model_copy(update={"baselines": whole.baselines.model_copy(
        update={"care_home_admissions_65_plus_per_100k": 700.0})})
    assert build_baseline(typed, a, 1).sources["care_home_admissions"] == "plan"
