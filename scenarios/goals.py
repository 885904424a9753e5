"""Goals for the three 2025-26 BCF metrics, from a model run's Summary.

For each metric: its baseline (the base year's rate, with its period and source), the plan's modelled
effect in the plan year (P10 to P90), a suggested goal (the baseline less the plan's P50 effect), an
even quarterly profile and a rationale a board can read. The goal is a suggestion: the planning
template asks the area to set its own, and where the area has (``budget.submission.Submission``) its
goal, rationale and own baseline (value, period, source) are used instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from budget.money import number
from budget.submission import Submission
from scenarios.summary import Summary

# template metric name -> (Summary metric, baseline figure, unit, quarterly profile: split or repeat)
GOAL_METRICS = {
    "emergency_admissions_65_plus": ("emergency_admissions_65_plus_per_100k", "emergency_admissions",
                                     "emergency admissions a year per 100,000 aged 65+", "split"),
    "discharge_delay": ("discharge_delay_days", "mean_discharge_delay_days",
                        "days from discharge ready date to discharge, per discharge (people aged 65+)", "repeat"),
    "care_home_admissions_65_plus": ("care_home_admissions_65_plus_per_100k", "care_home_admissions",
                                     "long-term care-home admissions a year per 100,000 aged 65+", "split"),
}


@dataclass(frozen=True)
class Goal:
    """One metric's goal: its baseline, the plan's modelled effect, the goal and its quarterly profile."""
    name: str  # the planning template's metric
    label: str
    unit: str
    baseline: float
    baseline_period: str  # the financial year the baseline rate describes
    baseline_source: str
    effect_p10: float  # the plan's effect in the plan year, in the metric's unit (positive = lower rate)
    effect_p50: float
    effect_p90: float
    goal: float  # the area's goal where it set one, else the suggested goal
    quarterly: tuple[float, float, float, float]
    rationale: str
    digits: int  # decimal places a reader needs
    profile: str  # "split": a rate a year shared over the quarters; "repeat": an average, the same each quarter
    suggested: float  # the baseline less the plan's P50 effect
    set_by_area: bool  # the goal is the area's own, not the suggestion
    own_baseline: bool = False  # the baseline is the area's own (``GoalSetting.baseline``)
    own_rationale: bool = False  # the rationale is the area's own words


def quarters(value: float, profile: str) -> tuple[float, float, float, float]:
    """A goal's quarterly profile: a rate a year split evenly, or an average repeated."""
    return (value / 4,) * 4 if profile == "split" else (value,) * 4


def _previous_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _source(summary: Summary, figure: str) -> str:
    source = summary.baseline_sources.get(figure, "")
    return "the area's own figure in the plan (input template)" if source == "plan" else source


def goals(summary: Summary, submission: Submission | None = None) -> tuple[Goal, ...]:
    """A goal for each of the three metrics, from the plan year (the first year of the horizon).

    The area's own baseline, goal and rationale come from `submission` where it gave them.
    """
    submission = submission or Submission()
    out = []
    for name, (metric, figure, unit, profile) in GOAL_METRICS.items():
        m = summary.metrics[metric]
        own = submission.goal(name)
        today = m.with_todays_services[0]
        # the plan's line is today's trend less the plan's effect: its P90 line is the P10 effect
        p10, p50, p90 = today - m.with_plan.p90[0], today - m.with_plan.p50[0], today - m.with_plan.p10[0]
        if own is not None and own.baseline is not None:
            base, period, source = own.baseline.value, own.baseline.period, own.baseline.source
        else:
            base, period, source = m.base_year, _previous_year(summary.plan_year), _source(summary, figure)
        suggested = base - p50
        goal = own.value if own is not None and own.value is not None else suggested
        f = partial(number, digits=m.digits)
        rationale = (
            f"Baseline {f(base)} ({period}). In {summary.years[0]} the plan's schemes "
            f"are modelled to lower this by {f(p50)} (80% range {f(p10)} to {f(p90)}) against today's trend of "
            f"{f(today)}, which already includes population growth and the services running today; the suggested "
            f"goal is the baseline less that middle estimate, {f(suggested)}, profiled "
            + ("evenly over the four quarters." if profile == "split" else "as the same average in every quarter.")
            + f" {summary.stance_label}, {summary.runs:,} runs.")
        if own is not None and own.rationale.strip():
            rationale = own.rationale
        out.append(Goal(name=name, label=m.label, unit=unit, baseline=base, baseline_period=period,
                        baseline_source=source, effect_p10=p10, effect_p50=p50, effect_p90=p90, goal=goal,
                        quarterly=quarters(goal, profile), rationale=rationale, digits=m.digits, profile=profile,
                        suggested=suggested, set_by_area=own is not None and own.value is not None,
                        own_baseline=own is not None and own.baseline is not None,
                        own_rationale=own is not None and bool(own.rationale.strip())))
    return tuple(out)
