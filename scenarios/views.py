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
from scenarios.summary import headline, outcome_label, totals

HEADLINE_OUTCOMES = ("emergency_admissions_avoided", "bed_days_saved", "ae_attendances_avoided",
                     "care_home_admissions_avoided", "net_saving_gbp")
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

    def stat(self, outcome: str) -> dict[str, float]:
        return self.headline["outcomes"][outcome]

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
    return ImpactView(
        scenario_name=results.scenario.name, area_name=results.area_name, plan_year=results.plan_year,
        stance_label=h.get("stance_label", results.stance), runs=results.runs, seed=results.seed, headline=h,
        by_locality=by_locality, net_saving_samples=tuple(float(x) for x in net),
    )


def model(scenario: Scenario, plan: Plan, runs: int | None = None, seed: int | None = None) -> ImpactView:
    return impact_view(run(scenario, plan, runs=runs, seed=seed))


def label(outcome: str) -> str:
    return outcome_label(outcome)
