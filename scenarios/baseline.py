"""Baseline activity by locality and year, before any modelled effect.

Population (total and 65+) comes from the plan's localities; rates per 100,000 from the plan's
baselines (or a locality's own count of emergency admissions) where given, else from the sourced
defaults in ``assumptions/baseline.yaml`` (delayed-discharge bed days and home-care hours always
come from there: a plan gives no local figure for them). Index 0 of every year axis is the base year (the year
before the plan year, which the rates describe); index 1 is the plan year, and so on, with
demographic growth of the 65+ population and any growth in the rate per person. A plan modelled as one
area-wide locality (``budget.areas.area_wide``) carries the area's published rates as its baselines; their
source is "area".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budget.areas import area_wide
from budget.models import Plan
from budget.need import need_weights
from scenarios.assumptions import Assumptions
from scenarios.outcomes import EFFECT_OUTCOMES


@dataclass(frozen=True)
class BaselineArrays:
    """The plan's baseline by year and locality: populations, event counts, length of stay and sources."""

    population: np.ndarray  # (year 0..H, locality)
    population_65_plus: np.ndarray  # (year 0..H, locality)
    counts: np.ndarray  # (year 0..H, locality, EFFECT_OUTCOMES) events a year; emergency admissions include falls
    demographic_counts: np.ndarray  # same, with population growth only (no growth in rates)
    length_of_stay_days: float
    discharge_delay_days: float  # mean days from discharge ready date to discharge, per discharge
    sources: dict[str, str]  # baseline figure -> "plan", "area" (the area's published figure) or the default's source

    @property
    def years(self) -> int:
        """The horizon in years (year 0, the baseline year, is not counted)."""
        return self.counts.shape[0] - 1


def build_baseline(plan: Plan, assumptions: Assumptions, horizon: int) -> BaselineArrays:
    """The plan's baseline from year 0 to `horizon`.

    Rates come from the plan's own baselines where it gives them, else the library's sourced defaults;
    each locality's counts are the rate per 100,000 people aged 65+ times its population aged 65+ and
    its need weighting (normalised to a 65+-weighted mean of 1), or the locality's own emergency
    admissions where stated. Counts grow with the population aged 65+ and each outcome's growth in rate.
    """
    b = assumptions.baseline
    locs = plan.localities
    pop65 = np.array([loc.population_65_plus for loc in locs], dtype=float)
    pop = np.array([loc.population for loc in locs], dtype=float)
    need = np.array(need_weights(locs), dtype=float)
    if pop65.sum() > 0:
        need = need / (need * pop65).sum() * pop65.sum()  # 65+-weighted mean need of 1
    pb = plan.baselines
    sources: dict[str, str] = {}
    whole = area_wide(plan)  # a plan with no localities of its own: its rates may be the area's published ones

    def rate(outcome: str, plan_value: float | None, factor: float = 1.0) -> float:
        if plan_value is not None:
            sources[outcome] = "area" if whole is not None and whole.baselines.get(outcome) == "area" else "plan"
            return plan_value * factor
        d = b.rates_per_100k_65_plus[outcome]
        sources[outcome] = d.source
        return d.value

    rates = {
        "emergency_admissions": rate("emergency_admissions", pb.emergency_admissions_65_plus_per_100k),
        "ae_attendances": rate("ae_attendances", pb.ae_attendances_per_100k, b.ae_all_ages_to_65_plus.value),
        "falls_admissions": rate("falls_admissions", pb.falls_admissions_65_plus_per_100k),
        "care_home_admissions": rate("care_home_admissions", pb.care_home_admissions_65_plus_per_100k),
        "home_care_hours": rate("home_care_hours", None),
        "delayed_discharge_days": rate("delayed_discharge_days", None),
    }
    base = np.empty((len(locs), len(EFFECT_OUTCOMES)))
    for j, outcome in enumerate(EFFECT_OUTCOMES):
        base[:, j] = rates[outcome] / 1e5 * pop65 * need
    given = [loc.emergency_admissions_65_plus for loc in locs]
    if any(g is not None for g in given):
        sources["emergency_admissions_by_locality"] = "plan"
        ea = EFFECT_OUTCOMES.index("emergency_admissions")
        for i, g in enumerate(given):
            if g is not None:
                base[i, ea] = g
    if pb.mean_length_of_stay_days is not None:
        los = pb.mean_length_of_stay_days
        sources["mean_length_of_stay_days"] = "plan"
    else:
        los = b.mean_length_of_stay_days.value
        sources["mean_length_of_stay_days"] = b.mean_length_of_stay_days.source

    sources["mean_discharge_delay_days"] = b.mean_discharge_delay_days.source

    g = b.growth_per_year
    t = np.arange(horizon + 1, dtype=float)[:, None]
    pop65_y = pop65[None, :] * (1 + g.population_65_plus.value) ** t
    pop_y = pop[None, :] * (1 + g.population.value) ** t
    demographic = base[None, :, :] * ((1 + g.population_65_plus.value) ** t)[:, :, None]
    rate_growth = np.array([(1 + g.rate(o)) for o in EFFECT_OUTCOMES])[None, None, :] ** t[:, :, None]
    counts = demographic * rate_growth
    return BaselineArrays(population=pop_y, population_65_plus=pop65_y, counts=counts,
                          demographic_counts=demographic, length_of_stay_days=float(los),
                          discharge_delay_days=float(b.mean_discharge_delay_days.value), sources=sources)
