"""The assumption library, read from ``scenarios/assumptions/*.yaml``.

Unit costs, eligibility, risk tiers, effects and baselines. Every figure in those files carries its
source and an evidence grade; the models here refuse a figure without them, refuse unknown keys and
refuse values out of range, so a mistyped assumption fails loudly instead of quietly changing an
answer. Two evidence stances exist: ``controlled`` (trials, meta-analyses, matched-control
evaluations; the default) and ``pilot`` (the case studies' uncontrolled figures, inheriting the
controlled effects it does not restate).
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from budget.package_yaml import load_yaml
from budget.provenance import PublicText
from budget.reference import LEVERS
from scenarios.outcomes import EFFECT_OUTCOMES

Grade = Literal[
    "trial_or_meta_analysis",
    "matched_control",
    "uncontrolled_pilot",
    "judgement",
    "published_statistic",
]
GRADE_LABELS = {
    "trial_or_meta_analysis": "Trial or meta-analysis",
    "matched_control": "Matched-control evaluation",
    "uncontrolled_pilot": "Uncontrolled pilot",
    "judgement": "Judgement",
    "published_statistic": "Published statistic",
}
Status = Literal["C", "S", "D", "U", "J"]
Stance = Literal["controlled", "pilot"]
STANCES: tuple[str, ...] = ("controlled", "pilot")
# the same names as types a file is checked against: spelled once, in budget.reference.LEVERS and above
Lever = Literal[LEVERS]
EffectOutcome = Literal[EFFECT_OUTCOMES]
USER_SOURCE = "Set in the scenario by its author"
Z80 = 1.2815515655446004  # standard normal P90: an 80% interval is central ± 1.2816 sd
Z95 = 1.959963984540054  # standard normal P97.5: a 95% interval is central ± 1.9600 sd


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Provenance(_Frozen):
    """Where an assumption came from: its source, evidence grade, confirmation status and a note."""

    source: Annotated[PublicText, Field(min_length=1)]
    grade: Grade
    status: Status | None = None
    note: PublicText = ""


class Sourced(_Provenance):
    """One figure with where it came from.

    ``period`` and ``cite`` are what a reader is shown beside a baseline (the period and area the figure
    describes, and the publication in a few words); ``source`` keeps the full provenance.
    """

    value: float
    unit: str = ""
    period: str = ""
    cite: str = ""


PriceYear = Annotated[str, Field(pattern=r"^\d{4}/\d{2}$")]  # a financial year's prices, e.g. '2024/25'
UPLIFT_ROUNDING = 0.01  # an uplifted cost may be rounded by up to 1% of its value


class Uplift(_Frozen):
    """A cost as its source gave it, at its own price year, and the deflator that brought it to the library's."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    value: float = Field(gt=0)
    price_year: PriceYear
    factor: float = Field(gt=0)  # the library's price level over the source's
    deflator: Annotated[PublicText, Field(min_length=1)]  # what the factor is and where it comes from

    def check(self, value: float, price_year: str | None) -> None:
        """Refuse a cost that is not this figure times the factor (to within rounding), or that was not moved."""
        if price_year is None or price_year == self.price_year:
            raise ValueError(f"an uplifted cost needs a price year other than its source's ({self.price_year})")
        expected = self.value * self.factor
        if abs(value - expected) > UPLIFT_ROUNDING * value:
            raise ValueError(f"{value:g} is not {self.value:g} x {self.factor:g} = {expected:,.2f} (to within 1%)")

    def text(self) -> str:
        """The uplift as a sentence: 'Uplifted from £345 at 2020/21 prices by x 1.2155: <deflator>'."""
        figure = f"£{self.value:,.2f}" if self.value < 100 and not float(self.value).is_integer() else f"£{self.value:,.0f}"
        return f"Uplifted from {figure} at {self.price_year} prices by x {self.factor:g}: {' '.join(self.deflator.split())}"


class Declared(_Frozen):
    """An interval as its source gave it, before it became the model's 80% interval."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    low: float
    central: float
    high: float
    interval: Literal[80, 95] = 80
    cohort_share: float | None = None


def to_80_percent(low: float, central: float, high: float, distribution: str) -> tuple[float, float]:
    """(P10, P90) from the ends of a 95% interval.

    Each half-width is scaled by 1.2816 / 1.9600 either side of the central value, on the log scale for
    ``lognormal`` and on the value itself for ``normal``; a ``fixed`` figure keeps its ends.
    """
    k = Z80 / Z95
    if distribution == "lognormal":
        lc = math.log(central)
        return math.exp(lc - (lc - math.log(low)) * k), math.exp(lc + (math.log(high) - lc) * k)
    if distribution == "normal":
        return central - (central - low) * k, central + (high - central) * k
    return low, high


def _number(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


class Interval(_Frozen):
    """An 80% interval: low = P10, central, high = P90, and how to draw between them.

    ``lognormal``: log(value) is normal, split at the central value so that P10/median/P90 are
    exactly low/central/high. ``normal``: the same on the value itself. ``fixed``: always central.

    A figure taken from a source's 95% confidence interval says ``interval: 95``; it is narrowed to
    the 80% interval here (``to_80_percent``), so ``low`` and ``high`` are always P10 and P90, and
    the figures as given are kept in ``declared``.
    """

    low: float
    central: float
    high: float
    distribution: Literal["lognormal", "normal", "fixed"] = "lognormal"
    interval: Literal[80, 95] = 80
    unit: str = ""
    source: Annotated[PublicText, Field(min_length=1)]
    grade: Grade
    status: Status | None = None
    note: PublicText = ""
    declared: Declared | None = None

    @model_validator(mode="before")
    @classmethod
    def _as_80_percent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return cls._convert(dict(data))
        return data

    @classmethod
    def _convert(cls, data: dict) -> dict:
        """Narrow a 95% interval to 80%; anything unreadable is left for field validation to refuse."""
        if data.get("interval") != 95:
            return data
        lo, c, hi = (_number(data.get(k)) for k in ("low", "central", "high"))
        dist = data.get("distribution", "lognormal")
        if lo is None or c is None or hi is None or not lo <= c <= hi or dist not in ("lognormal", "normal", "fixed"):
            return data
        if dist == "lognormal" and lo <= 0:
            return data
        data["declared"] = {"low": lo, "central": c, "high": hi, "interval": 95}
        data["low"], data["high"] = to_80_percent(lo, c, hi, dist)
        data["interval"] = 80
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if not (self.low <= self.central <= self.high):
            raise ValueError(f"interval must have low <= central <= high, got {self.low}, {self.central}, {self.high}")
        if self.distribution == "lognormal" and self.low <= 0:
            raise ValueError(f"a lognormal interval needs positive values, got low = {self.low}")
        return self


class Effect(Interval):
    """A lever's effect on one outcome: a rate ratio among the people it serves, as an 80% interval.

    ``cohort_share`` keeps a study's effect to the part of the people served that resemble the
    people the study served: the share ``s`` gets the study's rate ratio and the rest none, so the
    lever's rate ratio is ``1 - s * (1 - rr)``. The transform is monotone, so it is applied exactly
    to P10, central and P90 (after any 95% to 80% narrowing), and the study's own figures are kept
    in ``declared``. ``context`` is text for a page to show beside the figure.
    """

    cohort_share: float | None = Field(default=None, gt=0, le=1)
    context: PublicText = ""

    @classmethod
    def _convert(cls, data: dict) -> dict:
        s = _number(data.get("cohort_share"))
        original = {k: data.get(k) for k in ("low", "central", "high")}
        data = super()._convert(data)
        if s is None or not 0 < s <= 1:
            return data
        lo, c, hi = (_number(data.get(k)) for k in ("low", "central", "high"))
        if lo is None or c is None or hi is None:
            return data
        declared = dict(data.get("declared") or {"low": _number(original["low"]), "central": _number(original["central"]),
                                                 "high": _number(original["high"]), "interval": 80})
        declared["cohort_share"] = s
        data["declared"] = declared
        data["low"], data["central"], data["high"] = (1.0 - s * (1.0 - x) for x in (lo, c, hi))
        data["cohort_share"] = None
        return data


class CostInterval(Interval):
    """A unit cost as an 80% interval, with its price year.

    Where it was moved from an older price year, ``uplifted_from`` keeps the figure as its source gave it
    and the deflator, checked against the central value.
    """

    price_year: PriceYear | None = None
    uplifted_from: Uplift | None = None

    @model_validator(mode="after")
    def _uplift(self) -> CostInterval:
        if self.uplifted_from is not None:
            self.uplifted_from.check(self.central, self.price_year)
        return self


class Tier(_Frozen):
    """One risk tier of the people a lever serves: its label, share of them and relative risk."""
    label: str = ""
    share: float = Field(gt=0, le=1)
    relative_risk: float = Field(gt=0)


class RiskTiers(_Provenance):
    """The risk tiers of the people a lever serves, with where they came from; the shares add up to 1."""
    tiers: tuple[Tier, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares(self) -> RiskTiers:
        total = sum(t.share for t in self.tiers)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"risk tier shares must add up to 1, got {total:g}")
        return self

    def normalised(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """(shares, relative risks) in descending order of risk, risks rescaled to a mean of 1."""
        tiers = sorted(self.tiers, key=lambda t: -t.relative_risk)
        mean = sum(t.share * t.relative_risk for t in tiers)
        return tuple(t.share for t in tiers), tuple(t.relative_risk / mean for t in tiers)


class RampUp(_Provenance):
    """How new spend on a lever reaches its full effect: the share reached in each year from its start."""
    profile: tuple[float, ...] = Field(min_length=1)

    @field_validator("profile")
    @classmethod
    def _range(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if any(not 0 <= x <= 1 for x in v):
            raise ValueError("ramp-up shares must lie between 0 and 1")
        if any(b < a for a, b in zip(v, v[1:], strict=False)):
            raise ValueError("ramp-up shares must not fall from one year to the next")
        return v

    def share(self, years_since_start: int) -> float:
        """The share of full effect reached this many years after the spend starts.

        Years before the start count as the first year, and years past the profile as its last.
        """
        return self.profile[min(max(years_since_start, 0), len(self.profile) - 1)]


class Decay(_Provenance):
    """The share of a lever's effect retained each year after its funding stops or falls."""
    retained_per_year: float = Field(ge=0, le=1)


class Staff(_Frozen):
    """A lever costed by its staff: the cost per FTE and the people each FTE serves in a year."""
    cost_per_fte: CostInterval
    people_per_fte: Sourced

    @field_validator("people_per_fte")
    @classmethod
    def _positive(cls, v: Sourced) -> Sourced:
        if v.value <= 0:
            raise ValueError("people per FTE must be positive")
        return v


class LeverAssumptions(_Frozen):
    """What the engine assumes of one lever, besides its effects.

    Its cost (a unit cost per person, or staff cost and people per FTE), the share of people aged 65+
    eligible, the most that can take it up, its risk tiers, how much more often its cohort has each
    outcome than the average person aged 65+, its ramp-up and its decay.
    """
    unit_cost: CostInterval | None = None
    staff: Staff | None = None
    eligible_share_65_plus: Sourced
    max_uptake: Sourced
    risk_tiers: RiskTiers
    cohort_rate_ratio: dict[EffectOutcome, Sourced] = {}
    ramp_up: RampUp
    decay: Decay

    @model_validator(mode="after")
    def _check(self) -> LeverAssumptions:
        if (self.unit_cost is None) == (self.staff is None):
            raise ValueError("give exactly one of unit_cost or staff (cost per FTE with people per FTE)")
        if self.unit_cost is not None and self.unit_cost.low <= 0:
            raise ValueError("unit cost must be positive")
        if self.staff is not None and self.staff.cost_per_fte.low <= 0:
            raise ValueError("cost per FTE must be positive")
        for name in ("eligible_share_65_plus", "max_uptake"):
            v = getattr(self, name).value
            if not 0 <= v <= 1:
                raise ValueError(f"{name} must lie between 0 and 1, got {v}")
        for outcome, r in self.cohort_rate_ratio.items():
            if r.value < 0:
                raise ValueError(f"cohort rate ratio for {outcome} must not be negative")
        return self

    def cost_per_person(self) -> CostInterval:
        """The unit cost as £ per person served for a year (staff cost ÷ people per FTE)."""
        if self.unit_cost is not None:
            return self.unit_cost
        assert self.staff is not None
        c, n = self.staff.cost_per_fte, self.staff.people_per_fte.value
        return CostInterval(low=c.low / n, central=c.central / n, high=c.high / n, distribution=c.distribution,
                            unit=f"£ per person ({c.unit} ÷ {n:g} people per FTE)",
                            source=f"{c.source} / {self.staff.people_per_fte.source}", grade=c.grade, status=c.status,
                            price_year=c.price_year)


class LeverFile(_Frozen):
    """The contents of ``levers.yaml``: the assumptions for every lever."""
    schema_version: Literal[1]
    levers: dict[Lever, LeverAssumptions]

    @model_validator(mode="after")
    def _all(self) -> LeverFile:
        missing = [lever for lever in LEVERS if lever not in self.levers]
        if missing:
            raise ValueError(f"levers missing from the assumption file: {', '.join(missing)}")
        return self


class StanceFile(_Frozen):
    """The contents of an ``effects_<stance>.yaml`` file.

    The stance's label and description, the stance it inherits from and the effects it states.
    """
    schema_version: Literal[1]
    stance: Stance
    label: str
    description: str = ""
    inherits: Stance | None = None
    effects: dict[Lever, dict[EffectOutcome, Effect]] = {}


class Growth(_Frozen):
    """Yearly growth in the population and in each outcome's rate, each figure with its source."""
    population_65_plus: Sourced
    population: Sourced
    emergency_admissions_rate: Sourced
    falls_admissions_rate: Sourced
    care_home_admissions_rate: Sourced
    ae_attendances_rate: Sourced
    home_care_hours_rate: Sourced
    delayed_discharge_days_rate: Sourced

    def rate(self, outcome: str) -> float:
        """The yearly growth in an outcome's rate (e.g. 'emergency_admissions')."""
        return getattr(self, f"{outcome}_rate").value


class BaselineFile(_Frozen):
    """The contents of ``baseline.yaml``.

    Outcome rates per 100,000 people aged 65+, the ratio of A&E attendances at all ages to those of
    people aged 65+, mean length of stay and discharge delay, yearly growth and the share of each
    outcome that can be mitigated.
    """
    schema_version: Literal[1]
    rates_per_100k_65_plus: dict[EffectOutcome, Sourced]
    ae_all_ages_to_65_plus: Sourced
    mean_length_of_stay_days: Sourced
    mean_discharge_delay_days: Sourced  # days from discharge ready date to discharge, per discharge
    growth_per_year: Growth
    mitigable_share: dict[EffectOutcome, Sourced]

    @model_validator(mode="after")
    def _complete(self) -> BaselineFile:
        for key in ("rates_per_100k_65_plus", "mitigable_share"):
            missing = [o for o in EFFECT_OUTCOMES if o not in getattr(self, key)]
            if missing:
                raise ValueError(f"{key}: missing {', '.join(missing)}")
        for o, s in self.mitigable_share.items():
            if not 0 <= s.value <= 1:
                raise ValueError(f"mitigable share for {o} must lie between 0 and 1")
        return self


class OutcomeCost(Sourced):
    """The cost of one outcome, with its source, and whether a saving on it is cashable.

    A cost in £ gives its ``price_year``; one moved from an older price year keeps the figure as its source
    gave it and the deflator in ``uplifted_from``, checked against ``value``.
    """
    kind: Literal["cashable", "non_cashable"]
    price_year: PriceYear | None = None
    uplifted_from: Uplift | None = None

    @model_validator(mode="after")
    def _uplift(self) -> OutcomeCost:
        if self.uplifted_from is not None:
            self.uplifted_from.check(self.value, self.price_year)
        return self

    @property
    def in_pounds(self) -> bool:
        """True for a cost in £ (its unit says so); False for a quantity such as weeks."""
        return self.unit.startswith("£")


class Costs(_Frozen):
    """The costs of the outcomes the engine values, with their sources."""
    emergency_admission: OutcomeCost
    ae_attendance: OutcomeCost
    home_care_hour: OutcomeCost
    delayed_bed_day: OutcomeCost
    care_home_week: OutcomeCost
    care_home_weeks_per_admission_avoided: OutcomeCost

    @property
    def care_home_admission(self) -> float:
        """£ per care home admission avoided: the weekly cost times the weeks per admission avoided."""
        return self.care_home_week.value * self.care_home_weeks_per_admission_avoided.value


class UnitCostFile(_Frozen):
    """The contents of ``unit_costs.yaml``.

    The price year, the outcome costs and the optimism bias by evidence grade (how much an effect of
    that grade is reduced when a scenario asks for it).
    """
    schema_version: Literal[1]
    prices: PriceYear  # the library's one price year, e.g. '2024/25'
    costs: Costs
    optimism_bias: dict[Grade, Sourced]

    @model_validator(mode="after")
    def _one_price_year(self) -> UnitCostFile:
        for name in Costs.model_fields:
            c = getattr(self.costs, name)
            if c.in_pounds and c.price_year != self.prices:
                raise ValueError(f"costs.{name}: price year {c.price_year} is not the library's {self.prices}")
            if not c.in_pounds and (c.price_year or c.uplifted_from):
                raise ValueError(f"costs.{name} is not in £ and has no price year")
        return self


class Assumptions(_Frozen):
    """Everything the engine needs besides the plan, for one evidence stance."""

    stance: Stance
    stance_label: str
    stance_description: str = ""
    levers: dict[Lever, LeverAssumptions]
    effects: dict[Lever, dict[EffectOutcome, Effect]]
    baseline: BaselineFile
    unit_costs: UnitCostFile

    def effect(self, lever: str, outcome: str) -> Effect | None:
        """The lever's effect on an outcome, or None where the stance models none."""
        return self.effects.get(lever, {}).get(outcome)


# ---- overrides a scenario may carry ------------------------------------------------------------
def _read(name: str) -> dict:
    text = (resources.files("scenarios") / "assumptions" / name).read_text(encoding="utf-8")
    return load_yaml(text)


def _stance_file(stance: str) -> StanceFile:
    return StanceFile.model_validate(_read(f"effects_{stance}.yaml"))


@cache
def stance_label(stance: str) -> str:
    """A stance's name as people read it, from its own file ('Controlled evidence', 'Pilot claims')."""
    return _stance_file(stance).label if stance in STANCES else stance


@cache
def load_assumptions(stance: str = "controlled") -> Assumptions:
    """The assumption library for an evidence stance ('controlled' or 'pilot')."""
    if stance not in STANCES:
        raise ValueError(f"unknown evidence stance '{stance}': choose {' or '.join(STANCES)}")
    levers = LeverFile.model_validate(_read("levers.yaml")).levers
    chain: list[StanceFile] = []
    name: str | None = stance
    while name is not None:
        if any(s.stance == name for s in chain):
            raise ValueError(f"effects files inherit in a loop at '{name}'")
        f = _stance_file(name)
        chain.append(f)
        name = f.inherits
    effects: dict[str, dict[str, Effect]] = {}
    for f in reversed(chain):
        for lever, by_outcome in f.effects.items():
            effects.setdefault(lever, {}).update(by_outcome)
    top = chain[0]
    out = Assumptions(
        stance=top.stance,
        stance_label=top.label,
        stance_description=" ".join(top.description.split()),
        levers=levers,
        effects=effects,
        baseline=BaselineFile.model_validate(_read("baseline.yaml")),
        unit_costs=UnitCostFile.model_validate(_read("unit_costs.yaml")),
    )
    wrong = [f"{name} ({year or 'no price year'})" for name, year in cost_price_years(out).items()
             if year != out.unit_costs.prices]
    if wrong:
        raise ValueError(f"costs not at the library's price year {out.unit_costs.prices}: {', '.join(wrong)}")
    return out


def cost_price_years(a: Assumptions) -> dict[str, str | None]:
    """The price year of every cost in £ the library holds for the engine, by where it is.

    'costs.<name>' for the outcome costs (unit_costs.yaml), '<lever>.unit_cost' or '<lever>.cost_per_fte' for
    the levers (levers.yaml). The capacity plan's unit costs (capacity.yaml) are read by ``scenarios.capacity``.
    """
    out: dict[str, str | None] = {}
    for name in Costs.model_fields:
        c = getattr(a.unit_costs.costs, name)
        if c.in_pounds:
            out[f"costs.{name}"] = c.price_year
    for lever, la in a.levers.items():
        if la.unit_cost is not None:
            out[f"{lever}.unit_cost"] = la.unit_cost.price_year
        if la.staff is not None:
            out[f"{lever}.cost_per_fte"] = la.staff.cost_per_fte.price_year
    return out


def declared_text(fig: Interval) -> str:
    """How a converted figure was given by its source; empty where the figure is used as given.

    For example '0.69 (0.56 to 0.87), 80% interval, applied to 20% of the people served'.
    """
    d = fig.declared
    if d is None:
        return ""
    text = f"{d.central:g} ({d.low:g} to {d.high:g}), {d.interval}% interval"
    if d.cohort_share is not None:
        text += f", applied to {d.cohort_share:.0%} of the people served"
    return text


def assumption_table(assumptions: Assumptions) -> list[dict]:
    """Every figure the engine will use, one row each, with its source and evidence grade.

    For a page or a board pack to show where each number came from.
    """
    rows: list[dict] = []

    def add(lever: str, parameter: str, fig: Sourced | Interval) -> None:
        if isinstance(fig, Interval):
            low, central, high, dist = fig.low, fig.central, fig.high, fig.distribution
        else:
            low = central = high = fig.value
            dist = "fixed"
        unit, source = fig.unit, " ".join(fig.source.split())
        price_year = getattr(fig, "price_year", None)
        if price_year and price_year not in unit:
            unit = f"{unit} ({price_year} prices)"
        uplift = getattr(fig, "uplifted_from", None)
        if uplift is not None:
            source = f"{source} {uplift.text()}"
        rows.append({"lever": lever, "parameter": parameter, "low": low, "central": central, "high": high,
                     "distribution": dist, "unit": unit, "grade": fig.grade, "price_year": price_year or "",
                     "grade_label": GRADE_LABELS[fig.grade], "status": fig.status or "", "source": source,
                     "as_declared": declared_text(fig) if isinstance(fig, Interval) else "",
                     "context": " ".join(fig.context.split()) if isinstance(fig, Effect) else ""})

    for lever, la in assumptions.levers.items():
        if la.staff is not None:
            add(lever, "cost per FTE", la.staff.cost_per_fte)
            add(lever, "people per FTE", la.staff.people_per_fte)
        else:
            add(lever, "unit cost", la.unit_cost)  # type: ignore[arg-type]
        add(lever, "eligible share of people aged 65+", la.eligible_share_65_plus)
        add(lever, "maximum uptake", la.max_uptake)
        for outcome, r in la.cohort_rate_ratio.items():
            add(lever, f"cohort rate ratio: {outcome}", r)
        for outcome, eff in assumptions.effects.get(lever, {}).items():
            add(lever, f"effect ({assumptions.stance}): {outcome}", eff)
    b = assumptions.baseline
    for outcome, r in b.rates_per_100k_65_plus.items():
        add("baseline", f"rate per 100,000 aged 65+: {outcome}", r)
    for outcome, r in b.mitigable_share.items():
        add("baseline", f"mitigable share: {outcome}", r)
    add("baseline", "mean length of stay", b.mean_length_of_stay_days)
    add("baseline", "mean discharge delay", b.mean_discharge_delay_days)
    for name in Growth.model_fields:
        add("baseline", f"growth a year: {name}", getattr(b.growth_per_year, name))
    for name in Costs.model_fields:
        add("unit cost", name, getattr(assumptions.unit_costs.costs, name))
    return rows
