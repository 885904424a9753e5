"""What pages, charts and the board pack take from the model.

That is the Summary of one run, which outcomes each section shows and their labels (both from the register
in ``scenarios.outcomes``), and paired differences between two Summaries.
"""

from __future__ import annotations

from budget.models import Plan
from scenarios.engine import run
from scenarios.outcomes import (
    CHANGE_OUTCOMES,
    COMPARE_OUTCOMES,
    HEADLINE_OUTCOMES,
    LOCALITY_OUTCOMES,
    OUTCOMES,
    POOL_OUTCOMES,
    outcome_label,
    short_label,
)
from scenarios.schema import Scenario
from scenarios.summary import Change, Summary, paired_change, summarise, value_of_changes

__all__ = ["CHANGE_OUTCOMES", "COMPARE_OUTCOMES", "HEADLINE_OUTCOMES", "LOCALITY_OUTCOMES", "POOL_OUTCOMES", "Summary",
           "label", "model", "paired_views", "short_label", "summarise", "value_of_changes"]


def model(scenario: Scenario, plan: Plan, runs: int | None = None, seed: int | None = None) -> Summary:
    """Run the model for `scenario` on `plan` and summarise it; `runs`, `seed` default to the scenario's.

    The one way pages, reports and commands model a scenario: ``engine.run`` then ``summary.summarise``.
    """
    return summarise(run(scenario, plan, runs=runs, seed=seed))


def paired_views(a: Summary, b: Summary) -> dict[str, Change]:
    """Each outcome's change from Summary `a` to Summary `b`, run by run (same runs and seed)."""
    if a.runs != b.runs or a.seed != b.seed:
        raise ValueError("paired differences need the same number of runs and the same seed")
    return {o: paired_change(b.samples(o) - a.samples(o), o) for o in OUTCOMES}


def label(outcome: str) -> str:
    """An outcome's full label, as the register gives it."""
    return outcome_label(outcome)
