"""The files of the assumption library, ``scenarios/assumptions/*.yaml``, as checked models.

``levers.yaml`` (each lever's cost, eligibility, risk tiers, ramp-up and decay), ``effects_<stance>.yaml``
(the effects an evidence stance states), ``baseline.yaml`` (outcome rates, growth and mitigable shares)
and ``unit_costs.yaml`` (the outcome costs at one price year and the optimism bias by grade). A mistyped
assumption fails loudly instead of quietly changing an answer.
"""

from typing import Literal, Self

from pydantic import Field, field_validator, model_validator

from budget.reference import LEVERS
from scenarios.outcomes import EFFECT_OUTCOMES
from scenarios.sourced import CostInterval, Effect, Frozen, Grade, PriceYear, Provenance, Sourced, Uplift

Stance = Literal["controlled", "pilot"]
STANCES: tuple[str, ...] = ("controlled", "pilot")
Lever = Literal[LEVERS]
EffectOutcome = Literal[EFFECT_OUTCOMES]


class Tier(Frozen):
    """One risk tier of the people a lever serves: its label, share of them and relative risk."""
    label: str = ""
    share: float = Field(gt=0, le=1)
    relative_risk: float = Field(gt=0)


class RiskTiers(Provenance):
    """The risk tiers of the people a lever serves, with where they came from; the shares add up to 1."""
    tiers: tuple[Tier, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares(self) -> Self:
        total = sum(t.share for t in self.tiers)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"risk tier shares must add up to 1, got {total:g}")
        return self

    def normalised(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """(shares, relative risks) in descending order of risk, risks rescaled to a mean of 1."""
        tiers = sorted(self.tiers, key=lambda t: -t.relative_risk)
        mean = sum(t.share * t.relative_risk for t in tiers)
        return tuple(t.share for t in tiers), tuple(t.relative_risk / mean for t in tiers)


class RampUp(Provenance):
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


class Decay(Provenance):
    """The share of a lever's effect retained each year after its funding stops or falls."""
    retained_per_year: float = Field(ge=0, le=1)


class Staff(Frozen):
    """A lever costed by its staff: the cost per FTE and the people each FTE serves in a year."""
    cost_per_fte: CostInterval
    people_per_fte: Sourced

    @field_validator("people_per_fte")
    @classmethod
    def _positive(cls, v: Sourced) -> Sourced:
        if v.value <= 0:
            raise ValueError("people per FTE must be positive")
        return v


class LeverAssumptions(Frozen):
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
    def _check(self) -> Self:
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
        # from figures checked already (n > 0): made without building CostInterval's validator
        return CostInterval.model_construct(low=c.low / n, central=c.central / n, high=c.high / n,
                                            distribution=c.distribution,
                                            unit=f"£ per person ({c.unit} ÷ {n:g} people per FTE)",
                                            source=f"{c.source} / {self.staff.people_per_fte.source}", grade=c.grade,
                                            status=c.status, price_year=c.price_year)


class LeverFile(Frozen):
    """The contents of ``levers.yaml``: the assumptions for every lever."""
    schema_version: Literal[1]
    levers: dict[Lever, LeverAssumptions]

    @model_validator(mode="after")
    def _all(self) -> Self:
        missing = [lever for lever in LEVERS if lever not in self.levers]
        if missing:
            raise ValueError(f"levers missing from the assumption file: {', '.join(missing)}")
        return self


class StanceFile(Frozen):
    """The contents of an ``effects_<stance>.yaml`` file.

    The stance's label and description, the stance it inherits from and the effects it states.
    """
    schema_version: Literal[1]
    stance: Stance
    label: str
    description: str = ""
    inherits: Stance | None = None
    effects: dict[Lever, dict[EffectOutcome, Effect]] = {}


class Growth(Frozen):
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


class BaselineFile(Frozen):
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
    def _complete(self) -> Self:
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
    def _uplift(self) -> Self:
        if self.uplifted_from is not None:
            self.uplifted_from.check(self.value, self.price_year)
        return self

    @property
    def in_pounds(self) -> bool:
        """True for a cost in £ (its unit says so); False for a quantity such as weeks."""
        return self.unit.startswith("£")


class Costs(Frozen):
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


class UnitCostFile(Frozen):
    """The contents of ``unit_costs.yaml``.

    The price year, the outcome costs and the optimism bias by evidence grade (how much an effect of
    that grade is reduced when a scenario asks for it).
    """
    schema_version: Literal[1]
    prices: PriceYear  # the library's one price year, e.g. '2024/25'
    costs: Costs
    optimism_bias: dict[Grade, Sourced]

    @model_validator(mode="after")
    def _one_price_year(self) -> Self:
        for name in Costs.model_fields:
            c = getattr(self.costs, name)
            if c.in_pounds and c.price_year != self.prices:
                raise ValueError(f"costs.{name}: price year {c.price_year} is not the library's {self.prices}")
            if not c.in_pounds and (c.price_year or c.uplifted_from):
                raise ValueError(f"costs.{name} is not in £ and has no price year")
        return self
