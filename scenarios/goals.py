"""Goals for the three 2025-26 BCF metrics, from a model run's Summary.

For each metric: its baseline (with the period and area it describes, and its source), the model's
forecast of the metric in the plan year with the plan or scenario (P10, P50, P90 over the runs), the
suggested goal (that forecast's P50, rounded to the metric's precision), the chance of meeting the goal
in force (the share of runs at or below it), a quarterly profile and a rationale a board can read. The
goal is a suggestion: the planning template asks the area to set its own, and where the area has
(``budget.submission.Submission``) its goal, rationale and own baseline (value, period, source) are used
instead. With an own baseline, the forecast is re-anchored to it: each run's forecast is scaled by the
area's baseline over the model's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from budget.metrics import METRICS
from budget.models import year_after
from budget.money import number
from budget.submission import Submission
from scenarios.summary import Summary

# template metric name -> (Summary metric, baseline figure, unit, quarterly profile: split or repeat)
GOAL_METRICS = {m.id: (m.key, m.baseline, m.unit, m.profile) for m in METRICS}
QUARTER_MONTHS = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11))  # April to March


@dataclass(frozen=True)
class Goal:
    """One metric's goal: its baseline, the forecast for the plan year, the goal and its quarterly profile."""
    name: str  # the planning template's metric
    label: str
    unit: str
    baseline: float
    baseline_period: str  # the period (and area) the baseline describes
    baseline_source: str
    effect_p10: float  # the plan's effect in the plan year, in the metric's unit (positive = lower rate)
    effect_p50: float
    effect_p90: float
    goal: float  # the area's goal where it set one, else the suggested goal
    quarterly: tuple[float, float, float, float]
    rationale: str
    digits: int  # decimal places a reader needs
    profile: str  # "split": a rate a year shared over the quarters; "repeat": an average, the same each quarter
    suggested: float  # the forecast's P50 for the plan year, rounded to `digits`
    set_by_area: bool  # the goal is the area's own, not the suggestion
    own_baseline: bool = False  # the baseline is the area's own (``GoalSetting.baseline``)
    own_rationale: bool = False  # the rationale is the area's own words
    forecast_p10: float = 0.0  # the metric in the plan year with the plan or scenario, over the runs
    forecast_p50: float = 0.0
    forecast_p90: float = 0.0
    probability_met: float = 0.0  # share of runs at or below the goal in force (lower is better)

    @property
    def effect_words(self) -> str:
        """The plan's effect on the metric in the plan year (P50) in words, as a reader of `digits` places sees it.

        'the plan lowers it by 144.0 (P50)', 'raises it by', or, for an effect that rounds to nothing, 'changes it by
        less than 0.01 (P50)' ('does not change it' when it is nothing at all), never 'lowers it by 0.00'.
        """
        if self.effect_p50 == 0:
            return "the plan does not change it (P50)"
        if round(abs(self.effect_p50), self.digits) == 0:
            return f"the plan changes it by less than {number(10.0 ** -self.digits, self.digits)} (P50)"
        verb = "lowers" if self.effect_p50 > 0 else "raises"
        return f"the plan {verb} it by {number(abs(self.effect_p50), self.digits)} (P50)"


def quarters(value: float, profile: str, weights=None) -> tuple[float, float, float, float]:
    """A goal's quarterly profile.

    A rate a year ("split") is shared over the quarters by the seasonal weights (twelve, April to March;
    evenly without them); an average ("repeat") is the same in every quarter.
    """
    if profile != "split":
        return (value,) * 4
    if weights is None:
        return (value / 4,) * 4
    w = [float(x) for x in weights]
    total = sum(w)
    return tuple(value * sum(w[m] for m in months) / total for months in QUARTER_MONTHS)  # type: ignore[return-value]


ROUNDING_SHIFT = 0.05  # a change in the chance of meeting the suggested goal, made by rounding it, that is explained


def _share_met(runs: np.ndarray, level: float) -> float:
    """The share of runs at or below `level` (lower is better for every BCF metric)."""
    return float(np.mean(runs <= level + 1e-9)) if runs.size else 0.0


def _baseline_words(summary: Summary, figure: str) -> tuple[str, str]:
    """(period, source) a reader is shown for a baseline figure: the plan's own, or the library's default."""
    sources = summary.baseline_sources
    if sources.get(figure) == "plan" or (figure == "emergency_admissions"
                                         and sources.get("emergency_admissions_by_locality") == "plan"):
        return year_after(summary.plan_year, -1), "the area's own figure in the plan (input template)"
    if sources.get(figure) == "area":
        from budget.areas import published_words

        words = published_words(summary.area_code, figure)
        if words is not None:
            return words
    from scenarios.assumptions import load_assumptions

    b = load_assumptions().baseline
    d = getattr(b, figure) if figure in type(b).model_fields else b.rates_per_100k_65_plus[figure]
    return d.period or "not stated", d.cite or "the model's assumption library"


def goal_runs(summary: Summary, submission: Submission | None, name: str) -> np.ndarray:
    """The metric `name` in the plan year, one value per run, as its goal reads it.

    The Summary's line with the plan or scenario, re-anchored to the area's own baseline where it gave one (each
    run scaled by the area's baseline over the model's).
    """
    m = summary.metrics[GOAL_METRICS[name][0]]
    runs = np.asarray(m.plan_year_runs, dtype=float)
    own = (submission or Submission()).goal(name)
    if own is not None and own.baseline is not None and m.base_year > 0:
        runs = runs * (own.baseline.value / m.base_year)
    return runs


def goals(summary: Summary, submission: Submission | None = None, weights=None) -> tuple[Goal, ...]:
    """A goal for each of the three metrics, for the plan year (the first year of the horizon).

    Args:
        summary: a run of the plan or of a scenario; the forecast is the scenario's line.
        submission: the area's own baselines, goals and rationales, where it gave them.
        weights: twelve seasonal weights, April to March, for the quarterly profile (None: even quarters).
    """
    submission = submission or Submission()
    out = []
    for name, (metric, figure, unit, profile) in GOAL_METRICS.items():
        m = summary.metrics[metric]
        own = submission.goal(name)
        today = m.with_todays_services[0]
        runs = goal_runs(summary, submission, name)
        # the plan's effect: today's trend less the plan's line (its P90 line is the P10 effect)
        p10, p50, p90 = today - m.with_plan.p90[0], today - m.with_plan.p50[0], today - m.with_plan.p10[0]
        if own is not None and own.baseline is not None:
            base, period, source = own.baseline.value, own.baseline.period, own.baseline.source
        else:
            base = m.base_year
            period, source = _baseline_words(summary, figure)
        f10, f50, f90 = (float(x) for x in np.percentile(runs, (10, 50, 90)))
        suggested = round(f50, m.digits)
        goal = own.value if own is not None and own.value is not None else suggested
        chance = _share_met(runs, goal)
        f = partial(number, digits=m.digits)
        what = "the plan" if not summary.has_changes else f"the scenario '{summary.scenario_name}'"
        met = _share_met(runs, suggested)
        # a middle estimate is met in about half the runs; said why where rounding it moves that
        why = (f" (not about half: the runs lie so close together that rounding the estimate to {f(suggested)} "
               "moves the chance)" if abs(met - _share_met(runs, f50)) >= ROUNDING_SHIFT else "")
        rationale = (
            f"Baseline {f(base)} ({period}). For {summary.years[0]} the model forecasts {f(f50)} with {what} "
            f"(80% range {f(f10)} to {f(f90)}): today's trend of {f(today)}, which includes population growth and "
            f"the services running today, less the plan's effect. The suggested goal is that forecast's middle "
            f"estimate, {f(suggested)}, met in {met:.0%} of runs{why}; "
            + ("it is shared over the quarters by the seasonal profile." if profile == "split"
               else "it is the same average in every quarter.")
            + f" {summary.stance_label}, {summary.runs:,} runs.")
        if own is not None and own.rationale.strip():
            rationale = own.rationale
        out.append(Goal(name=name, label=m.label, unit=unit, baseline=base, baseline_period=period,
                        baseline_source=source, effect_p10=p10, effect_p50=p50, effect_p90=p90, goal=goal,
                        quarterly=quarters(goal, profile, weights), rationale=rationale, digits=m.digits,
                        profile=profile, suggested=suggested, set_by_area=own is not None and own.value is not None,
                        own_baseline=own is not None and own.baseline is not None,
                        own_rationale=own is not None and bool(own.rationale.strip()),
                        forecast_p10=f10, forecast_p50=f50, forecast_p90=f90, probability_met=chance))
    return tuple(out)


def plan_weights(submission: Submission | None) -> tuple[float, ...]:
    """The seasonal weights the quarterly goals follow: the area's own profile, else the shipped one."""
    from scenarios.capacity import seasonal_weights

    profile = submission.capacity.seasonal_profile if submission is not None else None
    return seasonal_weights(profile)[0]


@dataclass(frozen=True)
class GoalStanding:
    """Where a goal would put the area among its similar areas, on a measure the published data has."""

    metric: str  # the goal's metric (the planning template's)
    place: str  # 'second quartile of similar areas', or 'below every similar area'
    period: str  # the period of the similar areas' figures
    peer_values: tuple[tuple[str, float], ...]  # each similar area's latest figure, lowest first
    sentence: str  # where the goal stands, with the similar areas' median and range
    warning: str = ""  # a sentence when the goal is far outside the similar areas' range


def goal_standings(found: tuple[Goal, ...], bench: dict | None) -> dict[str, GoalStanding]:
    """Each goal with a published measure to set it against (care-home admissions 65+), by its metric.

    `bench` is ``budget.peers.benchmark_area``'s result for the plan's area (None: no goal has a standing). A
    goal more than ``budget.peers.FENCE`` interquartile ranges beyond the similar areas' quartiles is far
    outside them, and says so.
    """
    from budget.peers import far_outside, place

    if not bench:
        return {}
    names = {p["code"]: p["name"] for p in bench["peers"]}
    whose = (f" (illustrative: {bench['area']['profile']['name']}'s similar areas)"
             if bench["area"].get("illustrative") else "")
    out = {}
    for g in found:
        m = bench["measures"].get(next(x.baseline for x in METRICS if x.id == g.name))
        if m is None or not m["peer_values"]:
            continue
        values = tuple(sorted(((names.get(c, c), v) for c, v in m["peer_values"].items()), key=lambda x: x[1]))
        low, high = values[0], values[-1]
        where = place(g.goal, m["peer_quartiles"], low[1], high[1])
        where = f"the {where} of similar areas" if where.endswith("quartile") else where
        f = partial(number, digits=g.digits)
        caution = f"; {m['caution']}" if m["caution"] else ""
        sentence = (f"A goal of {f(g.goal)} would put the area {'in ' if where.startswith('the') else ''}{where}"
                    f"{whose}: their {m['label'].lower()} in {m['period']} had a median of {f(m['peer_median'])}, "
                    f"from {f(low[1])} ({low[0]}) to {f(high[1])} ({high[0]}){caution}.")
        warning = ""
        if far_outside(g.goal, m["peer_quartiles"]):
            side, end = ("below", low) if g.goal < m["peer_quartiles"][0] else ("above", high)
            warning = (f"A goal of {f(g.goal)} is far {side} the range of similar areas ({end[0]}: {f(end[1])} in "
                       f"{m['period']}): check that it is believable, or say in the rationale why the area differs.")
        out[g.name] = GoalStanding(g.name, where, m["period"], values, sentence, warning)
    return out
