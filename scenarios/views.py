"""What pages, charts and the board pack take from the model.

That is the Summary of one run, which outcomes each section shows, their labels, and paired differences
between two Summaries.
"""

from __future__ import annotations

from budget.models import Plan
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import HEADLINE_OUTCOMES as ALL_OUTCOMES
from scenarios.summary import LOCALITY_OUTCOMES, Change, Summary, outcome_label, paired_change, summarise

__all__ = ["CHANGE_OUTCOMES", "HEADLINE_OUTCOMES", "LOCALITY_OUTCOMES", "POOL_OUTCOMES", "Summary", "label", "model",
           "paired_views", "short_label", "summarise"]

HEADLINE_OUTCOMES = ("emergency_admissions_avoided", "bed_days_saved", "ae_attendances_avoided",
                     "care_home_admissions_avoided", "home_care_hours_saved", "delayed_discharge_days_avoided")
# what a scenario changes, against the plan as submitted
CHANGE_OUTCOMES = ("emergency_admissions_avoided", "bed_days_saved", "care_home_admissions_avoided",
                   "home_care_hours_saved", "delayed_discharge_days_avoided")
# what the whole pool buys, each with its cost per outcome
POOL_OUTCOMES = ("people_served", "emergency_admissions_avoided", "bed_days_saved", "care_home_admissions_avoided",
                 "home_care_hours_saved", "delayed_discharge_days_avoided")


def model(scenario: Scenario, plan: Plan, runs: int | None = None, seed: int | None = None) -> Summary:
    """Run the model for `scenario` on `plan` and summarise it; `runs`, `seed` default to the scenario's."""
    return summarise(run(scenario, plan, runs=runs, seed=seed))


def paired_views(a: Summary, b: Summary) -> dict[str, Change]:
    """Each outcome's change from Summary `a` to Summary `b`, run by run (same runs and seed)."""
    if a.runs != b.runs or a.seed != b.seed:
        raise ValueError("paired differences need the same number of runs and the same seed")
    return {o: paired_change(b.samples(o) - a.samples(o), o) for o in ALL_OUTCOMES}


def label(outcome: str) -> str:
    """An outcome's full label, as the register gives it."""
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
