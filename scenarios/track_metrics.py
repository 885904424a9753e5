"""Plan against actual for the three BCF metrics: each month's actual against the goal's profile and the plan's range.

The goals are for the year (``scenarios.goals``), profiled by quarter; the actuals are monthly. They are made
comparable month by month as follows.

* A rate a year ("split": emergency and care-home admissions per 100,000 aged 65+). A month's actual is that
  month's admissions per 100,000 aged 65+ (the month's count over its population aged 65+, not annualised), so
  the twelve months add up to the year's rate. The month's goal is the year's goal times the month's seasonal
  weight over twelve (the weights the quarterly goals are shared by, ``goals.plan_weights``), so each quarter's
  three months add up to that quarter's goal. The year to date adds up the months given.
* An average ("repeat": discharge delay, days per discharge). A month's actual and goal are the month's average
  and the goal. The year to date is the average of the months given, weighted by each month's discharges where
  every month gives them (NHS England's Discharge Ready Date data does), else each month counting the same.
* A rolling year (the ASCOF client-level file's care-home admissions over the 12 months ending with a month). It
  is never split into months: the latest rolling year up to the month tracked to is set beside the goal for the
  year and the range for a year as a figure of its own (``rolling``). Where the actuals give no month's own
  count, the metric's status and percentile are the rolling year's, and it says so: the 12 months partly fall
  before the plan year.

The range for each month, the year to date and the rolling year is ``track_range.period_range``: for the
admissions, the model's runs (``goals.goal_runs``: the plan's line, re-anchored to the area's own baseline where
it gave one) with each period's chance variation as a count, at the population the actual is worked out with; for
the discharge delay, the model's runs alone. ``percentile_in_plan_range`` is where the year to date's actual falls
in it, 0 to 100 (low: better than the plan expected; high: worse). Statuses come from ``scenarios.track_status``.
A month with no figure is left out; a metric with no month given is "no data yet".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from budget.actuals import Actuals, MetricMonth, months
from budget.metrics import METRICS, Metric
from scenarios.track_range import PeriodRange, expected, period_range
from scenarios.track_status import metric_status


@dataclass(frozen=True)
class MetricTrack:
    """One metric's months, actuals, monthly goal and range, and its year to date."""

    id: str
    label: str
    unit: str  # of the monthly figures
    digits: int
    profile: str  # "split" or "repeat"
    months: tuple[str, ...]  # the year's twelve months
    actual: tuple[float | None, ...]  # None: no figure for the month (or after the month tracked to)
    goal: tuple[float, ...]
    p10: tuple[float, ...]  # the range the plan expected each month to show
    p90: tuple[float, ...]
    goal_year: float  # the goal for the year, in the goal's unit
    ytd_actual: float | None
    ytd_goal: float | None
    ytd_p10: float | None
    ytd_p90: float | None
    percentile_in_plan_range: float | None  # 0-100: where the year to date's actual falls in its range
    status: str
    colour: str
    rolling: tuple[str, float] | None = None  # (last month, rate per 100,000 aged 65+ over the 12 months to it)
    status_from_rolling: bool = False  # the status and percentile are the rolling year's (no month's own count)
    rolling_p10: float | None = None  # the range the plan expected the rolling year to show
    rolling_p90: float | None = None
    chance: bool = False  # the range holds chance variation as well as the plan's effect

    @property
    def months_given(self) -> int:
        """How many months have an actual."""
        return sum(v is not None for v in self.actual)


def month_actual(metric: Metric, row: MetricMonth, population: float | None) -> float | None:
    """The month's figure of `metric` in its monthly unit, or None when the row does not give it."""
    if metric.per == "discharge":
        return row.discharge_delay
    count = getattr(row, metric.id)
    pop = row.population_65_plus or population
    if count is None or not pop:
        return None
    return count / pop * 1e5


def percentile(runs: np.ndarray, actual: float) -> float:
    """Where `actual` falls among `runs`, 0 to 100 (``track_range.PeriodRange.percentile``; never falls as it rises)."""
    return PeriodRange(np.sort(np.asarray(runs, dtype=float)), chance=False).percentile(actual)


def _population(rows: dict, month: str, population: float | None) -> float | None:
    row = rows.get(month)
    return (row.population_65_plus if row is not None else None) or population


def track_metric(metric: Metric, goal: float, runs: np.ndarray, weights: Sequence[float], actuals: Actuals,
                 elapsed: int, population: float | None, *, seed: int = 0, stream: int = 0) -> MetricTrack:
    """One metric tracked to the first `elapsed` months of the year; see the module for how months compare.

    `seed` is the model's and `stream` the metric's own, for the chance variation in its ranges: every month's and
    the year to date's come from one ``track_range.expected`` of the year's months, the rolling year's from
    ``track_range.period_range``.
    """
    year = months(actuals.year)
    rows = {r.month: r for r in actuals.metrics}
    total = float(sum(weights))
    share = [w / total for w in weights] if metric.profile == "split" else [1.0] * 12
    pops = [_population(rows, m, population) for m in year]
    actual = tuple(month_actual(metric, rows[m], population) if m in rows and k < elapsed else None
                   for k, m in enumerate(year))

    drawn = expected(metric, runs, share, pops, seed, stream=stream)
    band = drawn.period
    monthly = [band([k]) for k in range(12)]
    given = [k for k, v in enumerate(actual) if v is not None]
    ytd = ytd_goal = ytd10 = ytd90 = pct = None
    if given:
        values = [actual[k] for k in given]
        if metric.profile == "split":
            ytd, scale = float(sum(values)), sum(share[k] for k in given)
        else:
            weights_given = [rows[year[k]].discharges for k in given]
            if all(w for w in weights_given):
                ytd = float(np.average(values, weights=weights_given))
            else:
                ytd = float(np.mean(values))
            scale = 1.0
        to_date = band(given)
        ytd_goal, ytd10, ytd90 = goal * scale, to_date.p10, to_date.p90
        pct = to_date.percentile(ytd)
    rolling = rolling_year(metric, actuals, year[elapsed - 1] if elapsed else None, population)
    status = metric_status(ytd, ytd_goal or 0.0, ytd90 or 0.0)
    from_rolling = ytd is None and rolling is not None
    r10 = r90 = None
    if rolling is not None:
        whole = period_range(metric, runs, [1.0], [_population(rows, rolling[0], population)], seed, stream=stream)
        r10, r90 = whole.p10, whole.p90
        if from_rolling:
            status = metric_status(rolling[1], goal, r90)
            pct = whole.percentile(rolling[1])
    unit = metric.unit if metric.profile == "repeat" else metric.unit.replace(" a year", " in the month")
    return MetricTrack(
        id=metric.id, label=metric.label, unit=unit, digits=metric.digits, profile=metric.profile, months=year,
        actual=actual, goal=tuple(goal * s for s in share), p10=tuple(r.p10 for r in monthly),
        p90=tuple(r.p90 for r in monthly), goal_year=goal, ytd_actual=ytd, ytd_goal=ytd_goal, ytd_p10=ytd10,
        ytd_p90=ytd90, percentile_in_plan_range=pct, status=status.words, colour=status.colour, rolling=rolling,
        status_from_rolling=from_rolling, rolling_p10=r10, rolling_p90=r90,
        chance=any(r.chance for r in monthly))


def rolling_year(metric: Metric, actuals: Actuals, to: str | None, population: float | None
                 ) -> tuple[str, float] | None:
    """The latest rolling 12 months up to `to` the actuals give for `metric`, as (month, rate per 100,000 aged 65+).

    Only care-home admissions have one (the ASCOF client-level file). The published rate is used; without it, the
    count over the month's population aged 65+ (else the plan's).
    """
    if metric.id != "care_home_admissions_65_plus" or to is None:
        return None
    for row in sorted(actuals.metrics, key=lambda r: r.month, reverse=True):
        if row.month > to:
            continue
        rate = row.care_home_admissions_65_plus_12_months_per_100k
        pop = row.population_65_plus or population
        if rate is None and row.care_home_admissions_65_plus_12_months is not None and pop:
            rate = row.care_home_admissions_65_plus_12_months / pop * 1e5
        if rate is not None:
            return row.month, float(rate)
    return None


def track_metrics(summary, submission, weights: Sequence[float], actuals: Actuals, elapsed: int,
                  population: float | None) -> tuple[MetricTrack, ...]:
    """The three metrics tracked, from a Summary of the plan (the goals and the runs they read)."""
    from scenarios.goals import goal_runs, goals

    found = {g.name: g for g in goals(summary, submission, weights)}
    return tuple(track_metric(m, found[m.id].goal, goal_runs(summary, submission, m.id), weights, actuals, elapsed,
                              population, seed=summary.seed, stream=i) for i, m in enumerate(METRICS))


@dataclass(frozen=True)
class OutputTrack:
    """One line's people served (or other outputs) to date against its planned outputs."""

    scheme_id: str
    scheme_name: str
    locality: str
    unit: str  # the plan's output unit; 'people (modelled)' where the plan states none
    planned_year: float
    planned_to_date: float
    delivered_to_date: float | None  # None: the actuals give no figure for this line


def track_outputs(plan, served_lines, actual_people: dict[int, float | None], share: float) -> tuple[OutputTrack, ...]:
    """Each line with planned outputs (else with people the model says its money serves) against people served.

    `served_lines` is ``served.people_served(...).lines``; `actual_people` maps a plan line's index to the people
    served the actuals give for it; `share` is the share of the year's profile up to the month tracked to.
    """
    modelled = {id(s.source): s.people for s in served_lines if s.modelled}
    out = []
    for i, x in enumerate(plan.lines):
        if x.planned_outputs is not None:
            planned, unit = float(x.planned_outputs), x.output_unit or "outputs"
        elif modelled.get(id(x), 0.0) > 0:
            planned, unit = float(modelled[id(x)]), "people (modelled)"
        else:
            continue
        out.append(OutputTrack(scheme_id=x.scheme_id, scheme_name=x.scheme_name, locality=x.locality, unit=unit,
                               planned_year=planned, planned_to_date=planned * share,
                               delivered_to_date=actual_people.get(i)))
    return tuple(out)
