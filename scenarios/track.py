"""Plan against actual: the year so far, from the plan as submitted and the actuals (`bcf track`, the Monitor page).

``track(plan, scenario, actuals)`` gives one frozen ``Tracking``: spend to date against the planned profile by line,
scheme, funding stream and lever with the forecast outturn (``track_money``); the NHS minimum on adult social
care and the Disabled Facilities Grant as spent; people served to date against planned outputs; each BCF
metric's months against its goal and the P10 to P90 range the plan expected (``track_range``: the model's runs,
with each period's chance variation for the admissions), with where the actuals fall in it (``track_metrics``); and
warnings a BCF lead should read. What "on track" means is ``track_status``; the
paragraph in words is ``track_text``. ``Tracking.to_json()`` is what ``bcf track --json`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budget.actuals import Actuals, month_label, months, read_month
from budget.metrics import BY_ID
from budget.models import Plan, normalise_year
from scenarios.track_metrics import MetricTrack, OutputTrack, track_metrics, track_outputs
from scenarios.track_money import FORECAST_BASIS, LineTrack, Money, added, groups, match, monthly, profile_shares
from scenarios.track_money import track_lines as _track_lines
from scenarios.track_status import ON_TRACK, latest_worse_than_goal, money_status

PROFILES = ("even", "seasonal")


@dataclass(frozen=True)
class Tracking:
    """The year so far: spend, outputs and metrics against the plan, to the month `to`."""

    year: str
    to: str | None  # the last month counted ('2026-09'); None: no month yet
    months_elapsed: int
    profile: str  # "even" or "seasonal": how the plan's money is spread over the year
    area_code: str
    area_name: str
    scenario_name: str
    illustrative: bool  # the actuals are made up (the demo's)
    lines: tuple[LineTrack, ...]
    planned_monthly: tuple[float, ...]  # the plan's spend by month, the whole year
    actual_monthly: tuple[float, ...]  # spend by month, to `to`
    minimum_asc_required: float | None
    outputs: tuple[OutputTrack, ...]
    metrics: tuple[MetricTrack, ...]
    runs: int
    seed: int
    warnings: tuple[str, ...] = field(default=())

    def total(self) -> Money:
        """Every line added up."""
        return added(self.lines)

    def by(self, what: str) -> dict[str, Money]:
        """The lines added up by 'stream', 'scheme_id' or 'lever'."""
        return groups(self.lines, what)

    def minimum_asc(self) -> Money:
        """The lines that count towards the NHS minimum on adult social care, added up."""
        return added(x for x in self.lines if x.minimum_asc)

    def dfg(self) -> Money:
        """The lines funded from the Disabled Facilities Grant, added up."""
        return added(x for x in self.lines if x.dfg)

    def metric(self, metric_id: str) -> MetricTrack:
        """One metric's tracking, by its id."""
        return next(m for m in self.metrics if m.id == metric_id)

    def to_json(self) -> dict:
        """The JSON object `bcf track --json` prints (money to the penny; by_line adds up to total)."""
        from scenarios.track_json import tracking_json

        return tracking_json(self)


def last_month(actuals: Actuals) -> str | None:
    """The latest month the actuals give any spend or metric figure for; None when they give none."""
    given = {m for x in actuals.lines for m in x.spend} | {r.month for r in actuals.metrics}
    return max(given) if given else None


def month_to(year: str, to: str | None, actuals: Actuals) -> tuple[str | None, int]:
    """The month tracked to and how many months of the year that is; ValueError with a sentence when outside."""
    ms = months(year)
    if to is None:
        last = last_month(actuals)
        return (last, ms.index(last) + 1) if last else (None, 0)
    m = read_month(to)
    if m is None or m not in ms:
        raise ValueError(f"'{to}' is not a month of {year} (April {year[:4]} to March 20{year[5:]}); give it as "
                         f"{ms[5]}")
    return m, ms.index(m) + 1


def track(plan: Plan, scenario, actuals: Actuals, *, to: str | None = None, runs: int | None = None,
          seed: int | None = None, profile: str = "even", summary=None) -> Tracking:
    """The year so far of `plan` against `actuals`.

    Args:
        plan: the plan the money is tracked against, with any plan-year changes written into its lines (the plan
            as submitted: ``Store.open_submitted(...).plan``, or ``make_plan``'s); with localities to model it
            (``budget.areas.area_wide_plan`` gives a plan with none its area as one).
        scenario: its scenario (None: the default settings): the area's goals, own baselines and seasonal profile,
            and the model's settings. Its changes are taken to be in `plan` already, so the model runs the plan
            with them removed (``schema.reference_scenario``).
        actuals: the actuals for the plan's year.
        to: the last month counted ('2026-09' or 'Sep 2026'; default: the latest month the actuals give).
        runs: the model's runs (default: the scenario's).
        seed: the model's seed (default: the scenario's).
        profile: how the plan's money is spread over the year: 'even' or 'seasonal' (the seasonal weights the
            quarterly goals follow).
        summary: a Summary of the plan already modelled with these settings (the app's cache), else it is run.

    Raises:
        ValueError: with a sentence, when the actuals are for another year or area, `to` is outside the year, or
            the profile is not known.
    """
    from scenarios.goals import plan_weights
    from scenarios.schema import reference_scenario
    from scenarios.served import people_served
    from scenarios.views import model

    if profile not in PROFILES:
        raise ValueError(f"the spend profile '{profile}' is not known; choose even or seasonal")
    year = normalise_year(plan.year)
    if normalise_year(actuals.year) != year:
        raise ValueError(f"the actuals are for {normalise_year(actuals.year)} but the plan is for {year}; use the "
                         f"actuals for {year}")
    if actuals.area_code.upper() != plan.area.code.upper():
        raise ValueError(f"the actuals are for area {actuals.area_code} but the plan is for {plan.area.name} "
                         f"({plan.area.code}); use that area's actuals")
    to, elapsed = month_to(year, to, actuals)
    reference = reference_scenario(scenario)
    submission = reference.submission
    seasonal = plan_weights(submission)
    weights = seasonal if profile == "seasonal" else (1.0,) * 12
    if summary is None:
        summary = model(reference, plan, runs=runs, seed=seed)
    lines = _track_lines(plan, actuals, weights, elapsed)
    planned_monthly, actual_monthly = monthly(plan, actuals, weights, elapsed)
    population = sum(loc.population_65_plus for loc in plan.localities) or None
    metrics = track_metrics(summary, submission, seasonal, actuals, elapsed, population)
    found, _ = match(plan, actuals)
    people = {i: a.people_served for i, a in found.items()}
    # people served are a figure to date as the actuals give it, at the latest month they cover, whatever `to` is
    latest = last_month(actuals)
    as_at = months(year).index(latest) + 1 if latest else 0
    outputs = track_outputs(plan, people_served(plan, reference).lines, people, profile_shares(weights, as_at))
    tracking = Tracking(
        year=year, to=to, months_elapsed=elapsed, profile=profile, area_code=plan.area.code,
        area_name=plan.area.name, scenario_name=scenario.name if scenario is not None else reference.name,
        illustrative=actuals.illustrative, lines=lines, planned_monthly=planned_monthly, actual_monthly=actual_monthly,
        minimum_asc_required=plan.minimum_nhs_asc_required, outputs=outputs, metrics=metrics, runs=summary.runs,
        seed=summary.seed)
    return _with_warnings(tracking, actuals, population)


def _with_warnings(t: Tracking, actuals: Actuals, population: float | None) -> Tracking:
    from budget.money import counted, gbp, number, verb

    out = []
    if t.to is None:
        out.append("The actuals give no month yet, so nothing is compared with the plan.")
    silent = [x for x in t.lines if x.in_plan and not x.reported and x.planned_to_date > 0]
    if silent and t.to is not None:
        ids = ", ".join(sorted({x.scheme_id for x in silent})[:8]) + (" ..." if len(silent) > 8 else "")
        out.append(f"{counted(len(silent), 'line')} of the plan, {gbp(sum(x.planned_to_date for x in silent))} "
                   f"planned to date, {verb(len(silent), 'has', 'have')} no spend reported ({ids}); "
                   f"{verb(len(silent), 'it counts', 'they count')} as £0 spent.")
    extra = [x for x in t.lines if not x.in_plan]
    if extra:
        out.append(f"{counted(len(extra), 'line')} in the actuals {verb(len(extra), 'is not a line', 'are not lines')} "
                   "of the plan ("
                   + ", ".join(sorted({x.scheme_id for x in extra})[:8])
                   + f"); {verb(len(extra), 'its', 'their')} {gbp(sum(x.actual_to_date for x in extra))} counts as "
                   "spend with nothing planned.")
    after = [m for x in actuals.lines for m in x.spend if t.to is not None and m > t.to]
    if after:
        out.append(f"Spend reported after {month_label(t.to)} is left out: the year is tracked to {month_label(t.to)}.")
    if population is None and any(r.population_65_plus is None for r in actuals.metrics):
        out.append("Some months give no population aged 65+ and the plan has no localities to take it from, so "
                   "their admission rates are left out.")
    req = t.minimum_asc_required
    if req is not None and t.to is not None and t.minimum_asc().forecast_outturn < req - 0.5:
        out.append(f"The NHS minimum on adult social care is forecast at {gbp(t.minimum_asc().forecast_outturn)}, "
                   f"below the {gbp(req)} required.")
    out += [n for n in actuals.notes if n not in out]
    for m in t.metrics:
        latest = latest_worse_than_goal(m.actual, m.goal)
        if latest and m.status == ON_TRACK:
            figures = " and ".join(f"{number(m.actual[k], m.digits)} in {month_label(m.months[k])}" for k in latest)
            goals = sorted({number(m.goal[k], m.digits) for k in latest})
            count = {2: "two", 3: "three"}.get(len(latest), str(len(latest)))
            out.append(f"{BY_ID[m.id].label}: on track over the year so far, but the last {count} months given were "
                       f"each worse than the month's goal ({figures}, against {' and '.join(goals)}).")
    for m in t.metrics:  # only where the range holds chance: outside an effect-only range says little on its own
        if m.chance and m.ytd_actual is not None and m.ytd_p10 is not None and m.ytd_actual < m.ytd_p10:
            out.append(f"{BY_ID[m.id].label}: the year so far is better than the range the plan expected, chance "
                       "included; the model may have been cautious for this area.")
    return Tracking(**{**t.__dict__, "warnings": tuple(out)})


def spend_status(money: Money):
    """The status of a group's spend to date (``track_status.money_status``)."""
    return money_status(money.planned_to_date, money.actual_to_date)


__all__ = ["FORECAST_BASIS", "PROFILES", "Tracking", "last_month", "month_to", "spend_status", "track"]
