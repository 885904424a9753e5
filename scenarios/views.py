"""What a page, a chart or a board pack needs from one model run: small, picklable summaries.

A Results object holds arrays of run × year × lever × locality × outcome (tens of megabytes at
1,000 runs); the views keep only the percentiles and the few samples a chart draws, so they can be
cached per session cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budget.models import Plan
from scenarios.engine import Results, run
from scenarios.schema import Scenario
from scenarios.summary import (
    HEADLINE_OUTCOMES as ALL_OUTCOMES,
)
from scenarios.summary import (
    Change,
    headline,
    outcome_label,
    paired_change,
    totals,
)

HEADLINE_OUTCOMES = ("emergency_admissions_avoided", "bed_days_saved", "ae_attendances_avoided",
                     "care_home_admissions_avoided", "home_care_hours_saved", "delayed_discharge_days_avoided")
# what a scenario changes, against the plan as submitted
CHANGE_OUTCOMES = ("emergency_admissions_avoided", "bed_days_saved", "care_home_admissions_avoided",
                   "home_care_hours_saved", "delayed_discharge_days_avoided")
# what the whole pool buys, each with its cost per outcome
POOL_OUTCOMES = ("people_served", "emergency_admissions_avoided", "bed_days_saved", "care_home_admissions_avoided",
                 "home_care_hours_saved", "delayed_discharge_days_avoided")
LOCALITY_OUTCOMES = ("emergency_admissions_avoided", "care_home_admissions_avoided", "net_saving_gbp",
                     "home_care_hours_saved")


@dataclass(frozen=True)
class ImpactView:
    scenario_name: str
    area_name: str
    plan_year: str
    stance_label: str
    runs: int
    seed: int
    headline: dict  # scenarios.summary.headline(...)
    by_locality: dict[str, dict[str, dict[str, float]]]  # outcome -> locality -> p10/p50/p90
    net_saving_samples: tuple[float, ...]  # every run's net saving over the horizon, sorted
    run_totals: np.ndarray  # (run, outcome in summary.HEADLINE_OUTCOMES): each run's total over the horizon
    change_npv_samples: tuple[float, ...]  # each run's net present value of the changes, sorted
    has_changes: bool

    def stat(self, outcome: str) -> dict[str, float]:
        """What the whole pool buys: P10/P50/P90, mean and central of an outcome over the horizon."""
        return self.headline["outcomes"][outcome]

    def change(self, outcome: str) -> dict[str, float]:
        """What this scenario changes against the plan as submitted, paired run by run."""
        return self.headline["change_vs_plan"]["outcomes"][outcome]

    def samples(self, outcome: str) -> np.ndarray:
        return self.run_totals[:, ALL_OUTCOMES.index(outcome)]

    @property
    def title_suffix(self) -> str:
        return f"{self.area_name}, {self.plan_year} · {self.scenario_name} · {self.stance_label}"


def _pct(a: np.ndarray) -> dict[str, float]:
    p10, p50, p90 = np.percentile(a, [10, 50, 90])
    return {"p10": float(p10), "p50": float(p50), "p90": float(p90)}


def impact_view(results: Results) -> ImpactView:
    h = headline(results)
    mask = results.lever_mask()
    by_locality: dict[str, dict[str, dict[str, float]]] = {}
    for outcome in LOCALITY_OUTCOMES:
        arr = results.outcome(outcome)[:, :, mask, :].sum(axis=(1, 2))  # run × locality
        by_locality[outcome] = {loc: _pct(arr[:, i]) for i, loc in enumerate(results.localities)}
    net = np.sort(totals(results, "net_saving_gbp"))
    run_totals = np.stack([totals(results, o) for o in ALL_OUTCOMES], axis=1)
    run_totals.flags.writeable = False
    return ImpactView(
        scenario_name=results.scenario.name, area_name=results.area_name, plan_year=results.plan_year,
        stance_label=h.get("stance_label", results.stance), runs=results.runs, seed=results.seed, headline=h,
        by_locality=by_locality, net_saving_samples=tuple(float(x) for x in net), run_totals=run_totals,
        change_npv_samples=tuple(float(x) for x in np.sort(_npv_samples(results))),
        has_changes=bool(results.scenario.changes),
    )


def _npv_samples(results: Results) -> np.ndarray:
    """Each run's net present value of the scenario's changes (zero when it changes nothing)."""
    from scenarios.engine import OUTCOMES  # noqa: PLC0415
    from scenarios.summary import discount_factors  # noqa: PLC0415

    if not results.scenario.changes:
        return np.zeros(results.runs)
    f = discount_factors(results.scenario.discount_rate, len(results.years))
    d = results.totals - results.reference_totals
    benefit = (d[:, :, OUTCOMES.index("gross_saving_gbp")] * f).sum(axis=1)
    spend = float(((results.spend_all - results.reference_spend_all) * f).sum())
    return benefit - spend


def paired_views(a: ImpactView, b: ImpactView) -> dict[str, Change]:
    """Each outcome's change from view `a` to view `b`, run by run (same runs and seed)."""
    if a.runs != b.runs or a.seed != b.seed:
        raise ValueError("paired differences need the same number of runs and the same seed")
    return {o: paired_change(b.samples(o) - a.samples(o), o) for o in ALL_OUTCOMES}


def model(scenario: Scenario, plan: Plan, runs: int | None = None, seed: int | None = None) -> ImpactView:
    return impact_view(run(scenario, plan, runs=runs, seed=seed))


def label(outcome: str) -> str:
    return outcome_label(outcome)


SHORT_LABELS = {
    "people_served": "People served",
    "emergency_admissions_avoided": "Admissions avoided",
    "bed_days_saved": "Bed days saved",
    "ae_attendances_avoided": "A&E attendances avoided",
    "care_home_admissions_avoided": "Care-home admissions avoided",
    "home_care_hours_saved": "Home-care hours saved",
    "delayed_discharge_days_avoided": "Delayed-discharge days avoided",
}


def short_label(outcome: str) -> str:
    """A label short enough for a metric tile; `label` gives the full one."""
    return SHORT_LABELS.get(outcome, label(outcome))
