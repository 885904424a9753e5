"""What "on track" means: the one table of statuses for plan against actual, for money, outputs and metrics.

Every status ``scenarios.track`` gives, ``bcf track`` prints and the Monitor page colours comes from here.

Money and outputs: the variance to date, actual less planned to date, as a share of planned to date.

| Variance to date          | Status           | Colour |
|---------------------------|------------------|--------|
| within ±5%                | on plan          | green  |
| 5% to 15% below or above  | under / over plan | amber |
| more than 15% below/above | well under / well over plan | red |
| nothing planned to date, nothing spent | on plan | green |
| nothing planned to date, something spent | over plan, not in the plan | red |

Metrics (lower is better for all three BCF metrics), on the year to date:

| Year to date's actual                                  | Status            | Colour |
|--------------------------------------------------------|-------------------|--------|
| at or better than the goal to date                      | on track          | green  |
| worse than the goal, within the plan's P10 to P90 range | behind goal       | amber  |
| worse than the goal and than the plan's P90             | off track         | red    |
| no month given                                          | no data yet       | grey   |

The plan's range is ``scenarios.track_range``'s: for the admissions, the outcomes the plan expected with chance
variation included; for the discharge delay, the plan's modelled effect only.

A metric on track over the year so far whose latest ``LATEST_MONTHS`` months given are each worse than that month's
goal is on track with a warning (``latest_worse_than_goal``): an average of the year can hide a recent turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ON_PLAN = 0.05  # a variance to date within this share of planned to date is on plan
WELL_OFF_PLAN = 0.15  # beyond this share it is well under or well over plan

ON_TRACK = "on track"
BEHIND_GOAL = "behind goal"
OFF_TRACK = "off track"
NO_DATA = "no data yet"

COLOURS = {"green": "#1b7f3b", "amber": "#b86e00", "red": "#b3261e", "grey": "#6b6b6b"}
METRIC_COLOURS = {ON_TRACK: "green", BEHIND_GOAL: "amber", OFF_TRACK: "red", NO_DATA: "grey"}


@dataclass(frozen=True)
class Status:
    """A status in words and its colour name ('green', 'amber', 'red', 'grey')."""

    words: str
    colour: str


def money_status(planned: float, actual: float) -> Status:
    """The status of spend (or people served) to date against the plan to date, from the table above."""
    if planned <= 0:
        return Status("on plan", "green") if actual <= 0 else Status("over plan, not in the plan", "red")
    share = (actual - planned) / planned
    if abs(share) <= ON_PLAN:
        return Status("on plan", "green")
    side = "under" if share < 0 else "over"
    if abs(share) <= WELL_OFF_PLAN:
        return Status(f"{side} plan", "amber")
    return Status(f"well {side} plan", "red")


def metric_status(actual: float | None, goal: float, p90: float) -> Status:
    """The status of a metric's year to date against its goal and the plan's P90 to date (lower is better)."""
    if actual is None:
        return Status(NO_DATA, "grey")
    if actual <= goal + 1e-9:
        return Status(ON_TRACK, "green")
    if actual <= p90 + 1e-9:
        return Status(BEHIND_GOAL, "amber")
    return Status(OFF_TRACK, "red")


LATEST_MONTHS = 2  # the latest months given, each worse than its goal, that a status on track warns of


def latest_worse_than_goal(actual: Sequence[float | None], goal: Sequence[float]) -> list[int]:
    """The positions of the latest ``LATEST_MONTHS`` months given, when each is worse than its month's goal.

    Lower is better. [] when fewer months are given, or one of them is at or better than its goal.
    """
    given = [k for k, v in enumerate(actual) if v is not None][-LATEST_MONTHS:]
    if len(given) < LATEST_MONTHS or any(actual[k] <= goal[k] + 1e-9 for k in given):
        return []
    return given


def meanings() -> tuple[str, ...]:
    """What each status means, in sentences a page or a report shows beside them (from the thresholds above)."""
    on, well = f"{ON_PLAN:.0%}", f"{WELL_OFF_PLAN:.0%}"
    return (
        f"Spend and outputs: on plan within {on} of the plan to date either way; under or over plan from {on} to "
        f"{well}; well under or well over plan beyond {well}.",
        f"A BCF metric, over the months given so far (lower is better): {ON_TRACK} at or better than the goal for "
        f"those months; {BEHIND_GOAL} when worse than the goal but within the plan's range (P10 to P90); "
        f"{OFF_TRACK} when worse than the goal and than the range; {NO_DATA} when no month is given.",
        "The plan's range for the admissions is the outcomes the plan expected: its modelled effect with the chance "
        "variation of a month's count. For the discharge delay it is the plan's modelled effect only, without chance "
        "variation from month to month, so a delay outside it is no cause for alarm on its own.",
    )
