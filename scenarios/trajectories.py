"""The BCF metrics by year as four lines, and the waterfall of the central run.

The four lines: with today's services, without the pool, with the plan as submitted, with the
scenario; and the waterfall from the base year to the scenario's count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budget.metrics import BY_KEY
from budget.metrics import METRICS as BCF_METRICS
from scenarios.engine import Results
from scenarios.outcomes import AVOIDED, EFFECT_OUTCOMES, OUTCOMES
from scenarios.stats import Band, band

# Summary key -> (effect outcome counted, outcome avoided, label), from the register of BCF metrics
METRICS = {m.key: (m.counts, AVOIDED[m.counts], m.label) for m in BCF_METRICS}


@dataclass(frozen=True)
class WaterfallStep:
    """One bar of the waterfall: a level (the first and last) or a change, with the running total."""

    label: str
    value: float  # change (or level, for the first and last steps)
    cumulative: float
    kind: str  # "level" or "change"


@dataclass(frozen=True)
class Trajectory:
    """A BCF metric by year, four lines (see ``metric_trajectories``)."""

    label: str
    base_year: float
    years: tuple[str, ...]
    with_todays_services: tuple[float, ...]
    without_pool: Band
    with_plan: Band
    with_scenario: Band
    digits: int  # decimal places a reader needs
    plan_year_runs: tuple[float, ...] = ()  # the scenario's line in the plan year, one value per run, in run order

    @property
    def without_scenario(self) -> tuple[float, ...]:
        """The plan's P50 line: what happens without this scenario's changes."""
        return self.with_plan.p50


def metric_trajectories(results: Results) -> dict[str, Trajectory]:
    """BCF metrics by year, four lines.

    * with today's services: the observed base-year rate, grown for demography and trend; the
      observed rate already contains the effect of the services running today;
    * without the pool: today's services line plus the effect of the plan's established spend, so
      it lies above it;
    * with the plan as submitted: without the pool, less the effect of all the plan's spend;
    * with the scenario: the plan's line less the scenario's paired change.
    """
    b = results.baseline
    pop = b.population_65_plus.sum(axis=1)  # (year 0..H,)
    out = {}
    for metric, (count_name, avoided_name, label) in METRICS.items():
        j = EFFECT_OUTCOMES.index(count_name)
        k = OUTCOMES.index(avoided_name)
        observed = b.counts[:, :, j].sum(axis=1)  # (year 0..H,)
        without_pool = observed[None, 1:] + results.established_totals[:, :, k]
        with_plan = without_pool - results.reference_totals[:, :, k]
        with_scenario = without_pool - results.totals[:, :, k] if results.scenario.changes else with_plan
        if BY_KEY[metric].per == "discharge":  # delayed days ÷ discharges; discharges = observed days ÷ mean delay
            per = b.discharge_delay_days / np.where(observed > 0, observed, 1.0)
        else:
            per = 1e5 / pop
        rate = per[None, 1:]
        out[metric] = Trajectory(
            label=label, base_year=float(observed[0] * per[0]), years=tuple(results.years),
            with_todays_services=tuple(float(v) for v in observed[1:] * per[1:]),
            without_pool=band(without_pool * rate), with_plan=band(with_plan * rate),
            with_scenario=band(with_scenario * rate), digits=BY_KEY[metric].digits,
            plan_year_runs=tuple(float(v) for v in with_scenario[:, 0] * rate[0, 0]))
    return out


def waterfall(results: Results, metric: str = "emergency_admissions", year: int = -1) -> list[WaterfallStep]:
    """The waterfall of the central run in one horizon year (default: the last).

    Base-year count -> population growth -> change in rate per person (= with today's services) -> the plan's new and
    expanded spend -> this scenario's changes -> the scenario's count. Established services are already in the base
    year.
    """
    j = EFFECT_OUTCOMES.index(metric)
    k = OUTCOMES.index(AVOIDED[metric])
    b = results.baseline
    y = year % len(results.years)
    start = float(b.counts[0, :, j].sum())
    demo = float(b.demographic_counts[y + 1, :, j].sum())
    grown = float(b.counts[y + 1, :, j].sum())
    steps = [WaterfallStep("Base year", start, start, "level")]
    cum = start
    new_spend = float(results.reference_totals[0, y, k] - results.established_totals[0, y, k])
    changes = float(results.totals[0, y, k] - results.reference_totals[0, y, k]) if results.scenario.changes else 0.0
    for label, change in (("Population growth", demo - start), ("Change in rate per person", grown - demo),
                          ("Plan's new schemes", -new_spend), ("This scenario's changes", -changes)):
        if label.startswith(("Plan", "This")) and abs(change) <= 1e-9:
            continue
        cum += change
        steps.append(WaterfallStep(label, change, cum, "change"))
    steps.append(WaterfallStep(f"Scenario, {results.years[y]}", cum, cum, "level"))
    return steps
