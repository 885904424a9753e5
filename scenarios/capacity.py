"""Intermediate-care capacity and demand for the plan year, month by month.

Laid out like NHS England's intermediate care capacity and demand tool.

Demand: people aged 65+ leaving hospital after an emergency admission, by discharge pathway (P0 simple,
P1 home-based support, P2 bed-based, P3 care home), and community step-up referrals by service (urgent
community response, reablement or rehabilitation at home, bed-based intermediate care, social
support). Emergency admissions come from the plan's baseline (``scenarios.baseline``); the pathway
shares are NHS England's observed England shares or the area's own (``Submission.capacity``), and the
other rates are in ``assumptions/capacity.yaml``, each with its source and grade. The year's demand is
shaped over the months by the area's seasonal profile (``Submission.capacity``) or the shipped one (observed
discharges), scaled so that the year's total is unchanged.

Capacity: the people the plan's money serves, as the impact model counts them. ``scenarios.served``
gives each line's share of its lever's people served (after a scenario's changes; planned outputs where
a line states people, else spend ÷ the lever's unit cost; never more than the lever's eligibility cap),
and each line's people are mapped to pathways and services by its scheme type and sub type, or its
lever. A line whose lever has no modelled effect (home care, short-term placements) is counted at its
planned outputs in people, else its spend ÷ the unit cost its rule names. Capacity is spread evenly
over the months. Gap = capacity − demand: negative is a shortfall.

The plan is numbers, with the source of each figure and how each line's people were counted; the sentences
and the Excel table built from it are in ``reports.capacity_text`` and ``reports.capacity_table``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from budget.models import ExpenditureLine, Plan, year_start
from budget.package_yaml import read_package_yaml
from budget.reference import DEFAULT_YEAR, LEVERS, load_reference, norm
from budget.submission import CapacitySettings, PathwayShares, Submission
from scenarios.schema import AddLine, PlanError, Scenario, ScenarioError, reference_scenario
from scenarios.served import Served, people_served

_PACKAGE = Path(__file__).resolve().parent  # the scenarios package's folder: its data files are beside it

PATHWAYS = ("P0", "P1", "P2", "P3")
SERVICES = ("ucr", "reablement", "bed_based", "social_support")
MONTH_NAMES = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
UNIT = "people"
CUT = ", cut by the eligibility cap"  # how a line's basis says its lever's cap cut its people


def people(x: float) -> int:
    """A number of people as the tool writes it: to the whole person, a half to the even one.

    As ``budget.money.whole`` writes it.
    """
    return round(x)


def is_shortfall(gap: float) -> bool:
    """Whether a gap (capacity − demand, people) is a shortfall: demand above capacity by a person or more.

    A person or more as written: every page, table, sentence and slide that marks a shortfall asks this, so none
    can mark a month whose gap reads 0.
    """
    return people(gap) < 0


@dataclass(frozen=True)
class Flow:
    """Demand, capacity and gap for one pathway or service, in people a month, April to March.

    The gap is capacity − demand; negative is a shortfall.
    """

    label: str
    demand: tuple[float, ...]
    capacity: tuple[float, ...]

    @property
    def gap(self) -> tuple[float, ...]:
        """Capacity − demand each month: negative is a shortfall."""
        return tuple(c - d for c, d in zip(self.capacity, self.demand, strict=True))

    @property
    def shortfall_months(self) -> tuple[int, ...]:
        """Indexes (0 = April) of the months that are a shortfall (``is_shortfall``)."""
        return tuple(i for i, g in enumerate(self.gap) if is_shortfall(g))

    @property
    def year_gap(self) -> float:
        """Capacity − demand over the year."""
        return sum(self.capacity) - sum(self.demand)


@dataclass(frozen=True)
class LineCapacity:
    """The people a year one line's money buys on one pathway or service, and how it was worked out."""

    scheme_id: str
    scheme_name: str
    to: str  # a pathway or service key
    spend: float  # £ in the plan year on this pathway or service, after the scenario's changes
    people: float  # people a year
    basis: str  # "planned outputs" or "spend ÷ £X unit cost", and whether the lever's eligibility cap cut it
    lever: str = ""  # the line's model lever
    bought: float = 0.0  # people a year before the lever's eligibility cap (as `people` where no cap binds)


@dataclass(frozen=True)
class Figure:
    """One assumption used, with its value, unit, source and grade."""

    name: str
    value: Any
    unit: str
    source: str
    grade: str


@dataclass(frozen=True)
class CapacityPlan:
    """The plan year's intermediate-care demand and capacity, month by month."""

    area_name: str
    scenario_name: str
    year: str
    months: tuple[str, ...]
    discharge: dict[str, Flow]  # P0..P3
    community: dict[str, Flow]  # SERVICES
    emergency_admissions: float  # people aged 65+, plan year
    population_65_plus: float  # plan year
    profile: tuple[float, ...]  # the seasonal weights used, scaled to sum to 12
    profile_source: str  # "area" or "shipped"
    lines: tuple[LineCapacity, ...]
    assumptions: tuple[Figure, ...]
    area_profile: tuple[float, ...] | None = None  # the area's own weights as it gave them, when it gave them
    pathway_shares: dict[str, float] = field(default_factory=dict)  # P0..P3 -> share of discharges (0 to 1)
    shares_source: str = "shipped"  # "area" or "shipped"
    shares_line: str = ""  # where the shares in use come from, one short line: source and period
    area_shares: PathwayShares | None = None  # the area's own shares as it gave them, when it gave them
    profile_line: str = ""  # where the seasonal profile in use comes from, one short line
    above_cap: tuple[str, ...] = ()  # levers whose money goes beyond their eligibility cap (the engine's warnings)
    served: Served | None = field(default=None, compare=False, repr=False)  # who the money serves, by lever

    def flows(self) -> dict[str, Flow]:
        """Every pathway and service, pathways first."""
        return {**self.discharge, **self.community}


def month_labels(year: str) -> tuple[str, ...]:
    """'Apr 2026' ... 'Mar 2027' for the financial year '2026-27'."""
    start = year_start(year)
    return tuple(f"{m} {start + (i >= 9)}" for i, m in enumerate(MONTH_NAMES))


@cache
def _library() -> dict:
    return read_package_yaml(_PACKAGE / "assumptions", "capacity.yaml")


def labels() -> dict[str, str]:
    """Each pathway's and service's label, pathways first."""
    lib = _library()
    return {**{p: lib["pathways"][p]["label"] for p in PATHWAYS}, **{s: lib["services"][s]["label"] for s in SERVICES}}


def seasonal_weights(profile: Sequence[float] | None) -> tuple[tuple[float, ...], str]:
    """The twelve weights, April to March, scaled to sum to twelve, and where they came from.

    Returns:
        The weights and 'area' when a profile is given, else the shipped profile's and 'shipped'.

    Raises:
        ScenarioError: naming what is wrong with a given profile (not 12 weights, a negative or
            non-number weight, or no month above 0).
    """
    source = "area"
    if profile is None:
        profile, source = _library()["seasonal_profile"]["value"], "shipped"
    values = list(profile)
    if len(values) != 12:
        raise ScenarioError(f"seasonal profile: needs 12 monthly weights, April to March, not {len(values)}")
    for i, v in enumerate(values):
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v < 0:
            raise ScenarioError(
                f"seasonal profile: the weight for {MONTH_NAMES[i]} ({v!r}) must be a number, 0 or more"
            )
    total = float(sum(values))
    if total <= 0:
        raise ScenarioError("seasonal profile: at least one month needs a weight above 0")
    return tuple(12.0 * v / total for v in values), source


def _source_line(d: dict) -> str:
    """A figure's short source line: its source and, where it has one, its period.

    The source as people read it (``budget.provenance.public``: without the project's research-note references).
    """
    from budget.provenance import public

    text = public(" ".join(str(d["source"]).split()))
    return f"{text}, {d['period']}" if d.get("period") else text


def pathway_shares(settings: CapacitySettings | None = None) -> tuple[dict[str, float], str, str]:
    """The share of discharges on each pathway (0 to 1), where they come from, and a short source line.

    Returns:
        The shares, 'area' or 'shipped', and e.g. "NHS England, Acute discharge situation report, daily
        series, England, February 2023 to January 2024" (the area's own: its source and period as given).
    """
    own = settings.pathway_shares if settings is not None else None
    if own is not None:
        said = ", ".join(x for x in (own.source.strip(), own.period.strip()) if x)
        return ({p: own.share(p) / 100.0 for p in PATHWAYS}, "area",
                "the area's own figures" + (f": {said}" if said else ""))
    lib = _library()
    shares = {p: float(lib["pathways"][p]["share"]["value"]) for p in PATHWAYS}
    return shares, "shipped", _source_line(lib["pathways"]["P0"]["share"])


def _profile_line(source: str) -> str:
    """Where the seasonal profile in use comes from, one short line ('area' or 'shipped')."""
    if source == "area":
        return "the area's own weights"
    return f"observed discharges ({_source_line(_library()['seasonal_profile'])})"


def _rule_for(lib: dict, scheme_type: str, sub_type: str) -> dict | None:
    st, sub = norm(scheme_type), norm(sub_type)
    for rule in lib["rules"]:
        if st.startswith(norm(rule["scheme_type"])) and (not rule.get("sub_type") or norm(rule["sub_type"]) in sub):
            return rule
    return None


def _unit_cost(lib: dict, served: Served, lever: str, rule: dict | None) -> float:
    """£ per person for a line whose lever has no modelled effect: its rule's unit cost, else its lever's."""
    name = rule.get("unit_cost") if rule else None
    if name:
        return float(lib["unit_costs"][name]["value"])
    return float(served.unit_cost[LEVERS.index(lever)])


def _needs_support(lib: dict, pathway: str) -> float:
    """The share of a pathway's discharges that need a service (1 unless the library says less)."""
    return float(lib["pathways"][pathway].get("needs_support", {}).get("value", 1.0))


def capacity_plan(plan: Plan, *, submission: Submission | None = None, scenario: Scenario | None = None,
                  profile: Sequence[float] | None = None, assumptions=None) -> CapacityPlan:
    """Month-by-month demand, capacity and gap by discharge pathway and community service, for the plan year.

    Args:
        plan: the plan (as currently edited, where it is).
        submission: the area's submission settings; its ``capacity.seasonal_profile`` shapes demand and its
            ``capacity.pathway_shares`` splits discharges. Defaults to the scenario's own submission.
        scenario: the scenario whose changes move money between lines (None: the plan as submitted).
        profile: twelve weights, April to March, in place of the submission's.
        assumptions: the assumption library before the scenario's overrides (default: its stance's), as
            ``engine.run`` takes it.

    Returns:
        The CapacityPlan. Raises ScenarioError for a plan without localities or a bad profile.
    """
    from scenarios.assumptions import load_assumptions
    from scenarios.baseline import build_baseline
    from scenarios.outcomes import EFFECT_OUTCOMES
    from scenarios.overrides import apply_overrides
    from scenarios.spend import PEOPLE_UNITS

    scenario = scenario if scenario is not None else reference_scenario()
    submission = submission if submission is not None else scenario.submission
    if profile is None:
        profile = submission.capacity.seasonal_profile
    weights, profile_source = seasonal_weights(profile)
    shares, shares_source, shares_line = pathway_shares(submission.capacity)
    lib = _library()
    if not plan.localities:
        from budget.areas import no_localities_sentence

        raise PlanError(no_localities_sentence(plan, "demand"))
    try:
        ref = load_reference(plan.year)
    except KeyError:
        ref = load_reference(DEFAULT_YEAR)
    served = people_served(plan, scenario, assumptions=assumptions, year=0)  # the impact model's central run
    a = apply_overrides(assumptions if assumptions is not None else load_assumptions(scenario.stance),
                        scenario.assumption_overrides)

    # demand, a year
    base = build_baseline(plan, a, 1)
    admissions = float(base.counts[1, :, EFFECT_OUTCOMES.index("emergency_admissions")].sum())
    pop65 = float(base.population_65_plus[1].sum())
    discharges = admissions * float(lib["discharges_per_admission"]["value"])
    yearly_demand = {p: discharges * shares[p] * _needs_support(lib, p) for p in PATHWAYS}
    for s in SERVICES:
        yearly_demand[s] = pop65 / 1e5 * float(lib["services"][s]["referrals_per_100k_65_plus"]["value"])

    # capacity, a year: the people each line's money serves, on the pathways and services its scheme type buys
    people = dict.fromkeys(PATHWAYS + SERVICES, 0.0)
    rows: list[LineCapacity] = []
    for ln in served.lines:
        amount = ln.spend
        if amount <= 0:
            continue
        src = ln.source
        rule = None
        if isinstance(src, ExpenditureLine):
            match = ref.match_scheme_type(src.scheme_type)
            rule = _rule_for(lib, match.name if match else src.scheme_type, src.sub_type)
        elif isinstance(src, AddLine) and src.scheme_type:
            match = ref.match_scheme_type(src.scheme_type)
            rule = _rule_for(lib, match.name if match else src.scheme_type, src.sub_type)
        shares_to = rule["to"] if rule else lib["levers"].get(ln.lever, {})
        if not shares_to:
            continue
        if ln.modelled:  # the impact model's answer: within the lever's eligibility cap
            n, before, basis = ln.people, ln.bought, ln.basis + (CUT if ln.capped else "")
        elif (isinstance(src, ExpenditureLine) and src.amount > 0 and src.planned_outputs
              and norm(src.output_unit) in PEOPLE_UNITS):
            n = before = amount * float(src.planned_outputs) / float(src.amount)
            basis = "planned outputs (no modelled effect)"
        else:
            cost = _unit_cost(lib, served, ln.lever, rule)
            n = before = amount / cost
            basis = f"spend ÷ £{cost:,.0f} unit cost (no modelled effect)"
        name = getattr(src, "scheme_name", "") or ""
        where = getattr(src, "locality", "") or ""
        if where and name.endswith(f"({where})"):  # one scheme's lines, one per locality, under one name
            name = name[: -len(where) - 2].rstrip()
        for to, share in shares_to.items():
            people[to] += n * float(share)
            rows.append(LineCapacity(ln.scheme_id, name, to, amount * float(share), n * float(share), basis,
                                     ln.lever, before * float(share)))

    names = labels()

    def flow(key: str) -> Flow:
        return Flow(label=names[key], demand=tuple(yearly_demand[key] / 12.0 * w for w in weights),
                    capacity=(people[key] / 12.0,) * 12)

    own = submission.capacity.pathway_shares
    return CapacityPlan(
        area_name=plan.area.name, scenario_name=scenario.name, year=plan.year, months=month_labels(plan.year),
        discharge={p: flow(p) for p in PATHWAYS}, community={s: flow(s) for s in SERVICES},
        emergency_admissions=admissions, population_65_plus=pop65, profile=weights, profile_source=profile_source,
        lines=_merged(rows), assumptions=_figures(lib, base.sources, admissions, shares, shares_source, shares_line),
        area_profile=tuple(float(w) for w in profile) if profile_source == "area" else None,
        pathway_shares=shares, shares_source=shares_source, shares_line=shares_line,
        area_shares=own if shares_source == "area" else None, profile_line=_profile_line(profile_source),
        above_cap=_above_cap(served, {r.lever for r in rows}), served=served,
    )


def _above_cap(served: Served, levers: set[str]) -> tuple[str, ...]:
    """The engine's sentences on money above an eligibility cap, for the levers that buy capacity."""
    from scenarios.served import above_cap, cap_sentences

    used = served.modelled & np.array([lv in levers for lv in LEVERS])
    return cap_sentences(above_cap(served.spend, served.per_pound, served.cap), served.cap, used, served.year)


def _merged(rows: list[LineCapacity]) -> tuple[LineCapacity, ...]:
    """One row per scheme ID, pathway or service, basis and lever (a line split over localities is one scheme).

    A row cut by its lever's eligibility cap says to what share of the people its money would buy.
    """
    out: dict[tuple[str, str, str, str], LineCapacity] = {}
    for r in rows:
        key = (r.scheme_id, r.to, r.basis, r.lever)
        if key in out:
            o = out[key]
            out[key] = LineCapacity(o.scheme_id, o.scheme_name or r.scheme_name, o.to, o.spend + r.spend,
                                    o.people + r.people, o.basis, o.lever, o.bought + r.bought)
        else:
            out[key] = r
    return tuple(r if not r.basis.endswith(CUT) or r.bought <= 0 else
                 LineCapacity(r.scheme_id, r.scheme_name, r.to, r.spend, r.people,
                              f"{r.basis} to {r.people / r.bought:.0%} of {_people(r.bought)}", r.lever, r.bought)
                 for r in out.values())


def _people(n: float) -> str:
    """'1,234 people' (or '1 person')."""
    k = round(n)
    return f"{k:,} {'person' if k == 1 else 'people'}"


def _figures(lib: dict, sources: dict[str, str], admissions: float, shares: dict[str, float], shares_source: str,
             shares_line: str) -> tuple[Figure, ...]:
    def fig(name: str, d: dict, unit: str = "") -> Figure:
        return Figure(name, d["value"], d.get("unit", unit), _source_line(d), d["grade"])

    if "emergency_admissions_by_locality" in sources:
        where, grade = "The plan's own counts of emergency admissions by locality", "local figure"
    elif sources.get("emergency_admissions") == "plan":
        where, grade = "The plan's own rate per 100,000 aged 65+", "local figure"
    else:
        where, grade = sources.get("emergency_admissions", ""), "published_statistic"
    figs = [Figure("emergency admissions, people aged 65+", round(admissions),
                   "emergency admissions in the plan year (the base year's with one year of the model's growth)",
                   where, grade),
            fig("discharges per admission", lib["discharges_per_admission"])]
    for p in PATHWAYS:
        if shares_source == "area":
            figs.append(Figure(f"{p} share of discharges", shares[p], "share of discharges (the area's own)",
                               shares_line, "local figure"))
        else:
            figs.append(fig(f"{p} share of discharges", lib["pathways"][p]["share"], "share of discharges"))
        if "needs_support" in lib["pathways"][p]:
            figs.append(fig(f"{p} discharges needing support", lib["pathways"][p]["needs_support"]))
    for s in SERVICES:
        figs.append(fig(f"{lib['services'][s]['label']}: referrals", lib["services"][s]["referrals_per_100k_65_plus"]))
    for name, d in lib["unit_costs"].items():
        figs.append(fig(f"unit cost: {name}", d))
    figs.append(fig("seasonal profile (shipped)", lib["seasonal_profile"], "relative weights, April to March"))
    return tuple(figs)


def capacity_json(cap: CapacityPlan) -> dict:
    """The JSON object `bcf capacity --json` prints.

    Year, months, and for each pathway and service its demand, capacity and gap (people a month, one
    decimal place), label, unit and the months that are a shortfall (``is_shortfall``, as the text and the
    Capacity page mark them); then the area, scenario, seasonal profile and sources.
    """

    def r(xs: Sequence[float]) -> list[float]:
        return [round(float(x), 1) + 0.0 for x in xs]

    def one(f: Flow) -> dict:
        return {"label": f.label, "unit": "people a month", "demand": r(f.demand), "capacity": r(f.capacity),
                "gap": r(f.gap), "shortfall_months": [cap.months[i] for i in f.shortfall_months]}

    return {
        "year": cap.year,
        "months": list(cap.months),
        "discharge": {k: one(f) for k, f in cap.discharge.items()},
        "community": {k: one(f) for k, f in cap.community.items()},
        "area": cap.area_name,
        "scenario": cap.scenario_name,
        "seasonal_profile": {"weights": r(cap.profile), "source": cap.profile_source},
        "sources": [{"name": f.name, "value": f.value, "unit": f.unit, "source": f.source, "grade": f.grade}
                    for f in cap.assumptions],
    }
