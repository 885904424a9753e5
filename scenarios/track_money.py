"""Plan against actual for money: spend to date on each line against its planned profile, and the forecast outturn.

Each expenditure line of the plan is matched to the actuals' line with the same scheme ID, scheme type, sub type,
funding stream and locality (as ``budget.readers.actuals`` checks them); spend the actuals give for a line the
plan does not hold is kept, with nothing planned, so spend to date is all the money the actuals report.

* Planned to date: the line's amount for the year times the share of the year's profile up to the month tracked
  to. The profile is even (a twelfth a month) or seasonal (the twelve weights the quarterly goals follow,
  ``scenarios.goals.plan_weights``).
* Actual to date: the line's spend in every month up to the month tracked to; a month left blank is £0.
* Forecast outturn, profile-based (the headline): actual to date plus the plan for the months still to come.
* Forecast outturn at the run rate: the months so far's average spend continued for the whole year
  (actual to date x 12 / months so far); shown beside the headline as a check on the pace.

Every figure is a sum over lines, so the lines add up to every total (by funding stream, scheme and lever too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from budget.actuals import ActualLine, Actuals, months
from budget.models import Plan
from budget.reference_records import norm
from budget.rules import counts_towards_minimum_asc, dfg_funded

FORECAST_BASIS = ("Forecast outturn: spend to date plus the plan for the rest of the year (profile-based); the run "
                  "rate continues the average month so far for the whole year.")


@dataclass(frozen=True)
class LineTrack:
    """One expenditure line: its plan for the year and to date, what was spent to date and the forecasts."""

    scheme_id: str
    scheme_name: str
    stream: str  # funding stream id (the name as the actuals wrote it for a stream the year does not know)
    stream_name: str
    locality: str  # blank = area-wide
    lever: str
    planned_year: float
    planned_to_date: float
    actual_to_date: float
    forecast_outturn: float  # profile-based: actual to date + the plan for the months to come
    forecast_run_rate: float  # actual to date x 12 / months so far
    in_plan: bool  # False: spend the actuals report on a line the plan does not hold
    reported: bool  # the actuals give this line (False: nothing reported for it)
    minimum_asc: bool  # counts towards the NHS minimum on adult social care (budget.rules)
    dfg: bool  # funded from the Disabled Facilities Grant

    @property
    def variance(self) -> float:
        """Actual less planned to date (£; negative: underspent)."""
        return self.actual_to_date - self.planned_to_date


@dataclass(frozen=True)
class Money:
    """A group of lines' figures added up."""

    planned_year: float
    planned_to_date: float
    actual_to_date: float
    forecast_outturn: float
    forecast_run_rate: float

    @property
    def variance(self) -> float:
        """Actual less planned to date (£)."""
        return self.actual_to_date - self.planned_to_date


def added(lines: Iterable[LineTrack]) -> Money:
    """The lines' figures added up."""
    lines = tuple(lines)
    return Money(*(sum(getattr(x, f) for x in lines) for f in
                   ("planned_year", "planned_to_date", "actual_to_date", "forecast_outturn", "forecast_run_rate")))


def profile_shares(weights: Sequence[float], elapsed: int) -> float:
    """The share of the year's planned spend due in the first `elapsed` months of the profile (weights sum to 12)."""
    return sum(weights[:elapsed]) / sum(weights)


def _key(scheme_id, scheme_type, sub_type, stream, locality) -> tuple[str, ...]:
    return norm(scheme_id), norm(scheme_type), norm(sub_type), norm(stream), norm(locality)


def match(plan: Plan, actuals: Actuals) -> tuple[dict[int, ActualLine], tuple[ActualLine, ...]]:
    """The actuals' line for each plan line (by its index) that has one, and the actuals' lines the plan lacks."""
    from budget.reference import load_reference

    ref = load_reference(plan.year)
    by_key: dict[tuple[str, ...], int] = {}
    for i, x in enumerate(plan.lines):
        s = x.source_of_funding
        for name in ({s[8:]} if s.startswith("unknown:") else {s, ref.stream_name(s)}):
            by_key.setdefault(_key(x.scheme_id, x.scheme_type, x.sub_type, name, x.locality), i)
    found: dict[int, ActualLine] = {}
    extra: list[ActualLine] = []
    for a in actuals.lines:
        i = by_key.get(_key(a.scheme_id, a.scheme_type, a.sub_type, a.source_of_funding, a.locality))
        if i is None or i in found:
            extra.append(a)
        else:
            found[i] = a
    return found, tuple(extra)


def track_lines(plan: Plan, actuals: Actuals, weights: Sequence[float], elapsed: int) -> tuple[LineTrack, ...]:
    """Every plan line, then every line the actuals add, tracked to the first `elapsed` months of the year."""
    from budget.reference import load_reference

    ref = load_reference(plan.year)
    so_far = set(months(plan.year)[:elapsed])
    share = profile_shares(weights, elapsed)
    found, extra = match(plan, actuals)

    def spent(a: ActualLine | None) -> float:
        return 0.0 if a is None else sum(v for m, v in a.spend.items() if m in so_far)

    out = []
    for i, x in enumerate(plan.lines):
        a = found.get(i)
        actual = spent(a)
        planned = x.amount * share
        out.append(LineTrack(
            scheme_id=x.scheme_id, scheme_name=x.scheme_name, stream=x.source_of_funding,
            stream_name=ref.stream_name(x.source_of_funding) if not x.source_of_funding.startswith("unknown:")
            else x.source_of_funding[8:], locality=x.locality, lever=ref.line_lever(x.scheme_type, x.sub_type),
            planned_year=float(x.amount), planned_to_date=planned, actual_to_date=actual,
            forecast_outturn=actual + x.amount - planned, forecast_run_rate=_run_rate(actual, elapsed, x.amount),
            in_plan=True, reported=a is not None, minimum_asc=counts_towards_minimum_asc(x), dfg=dfg_funded(x)))
    for a in extra:
        actual = spent(a)
        known = ref.match_stream(a.source_of_funding) if a.source_of_funding else None
        stream = known.name if known is not None else a.source_of_funding
        out.append(LineTrack(
            scheme_id=a.scheme_id, scheme_name=a.scheme_name, stream=stream,
            stream_name=ref.stream_name(stream) if known is not None else a.source_of_funding,
            locality=a.locality, lever=ref.line_lever(a.scheme_type, a.sub_type), planned_year=0.0,
            planned_to_date=0.0, actual_to_date=actual, forecast_outturn=actual,
            forecast_run_rate=_run_rate(actual, elapsed, 0.0), in_plan=False, reported=True, minimum_asc=False,
            dfg=False))
    return tuple(out)


def _run_rate(actual: float, elapsed: int, planned_year: float) -> float:
    """The months so far's average continued for twelve months; with no month yet, the plan for the year."""
    return actual * 12 / elapsed if elapsed else planned_year


def monthly(plan: Plan, actuals: Actuals, weights: Sequence[float], elapsed: int) -> tuple[tuple[float, ...], ...]:
    """(planned by month for the whole year, actual by month for the first `elapsed` months), all lines."""
    year = sum(x.amount for x in plan.lines)
    total = sum(weights)
    planned = tuple(year * w / total for w in weights)
    ms = months(plan.year)[:elapsed]
    actual = tuple(sum(a.spend.get(m, 0.0) for a in actuals.lines) for m in ms)
    return planned, actual


def groups(lines: Sequence[LineTrack], field: str) -> dict[str, Money]:
    """The lines added up by one of their fields (stream, scheme_id, lever), in the order first met."""
    keys: dict[str, list[LineTrack]] = {}
    for x in lines:
        keys.setdefault(getattr(x, field), []).append(x)
    return {k: added(v) for k, v in keys.items()}
