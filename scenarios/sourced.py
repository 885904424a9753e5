"""Figures with their source: a sourced value, an 80% interval and the evidence grades.

Every figure in the assumption library carries its source and an evidence grade; the models here refuse a
figure without them, refuse unknown keys and refuse values out of range. ``Interval`` is an 80% interval
(a figure given as a 95% interval is narrowed to it, and the figures as given are kept), ``Effect`` a
lever's rate ratio on one outcome and ``CostInterval`` a unit cost at its price year (with the uplift from
an older price year, checked).
"""

import math
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from budget.models import normalise_year
from budget.provenance import PublicText, dashed_years

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
UnitText = Annotated[str, AfterValidator(dashed_years)]  # a unit, its financial years written as 2024-25
Z80 = 1.2815515655446004  # standard normal P90: an 80% interval is central ± 1.2816 sd
Z95 = 1.959963984540054  # standard normal P97.5: a 95% interval is central ± 1.9600 sd


class Frozen(BaseModel):
    """A model that cannot be changed and refuses unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Provenance(Frozen):
    """Where an assumption came from: its source, evidence grade, confirmation status and a note."""

    source: Annotated[PublicText, Field(min_length=1)]
    grade: Grade
    status: Status | None = None
    note: PublicText = ""


class Sourced(Provenance):
    """One figure with where it came from.

    ``period`` and ``cite`` are what a reader is shown beside a baseline (the period and area the figure
    describes, and the publication in a few words); ``source`` keeps the full provenance.
    """

    value: float
    unit: UnitText = ""
    period: str = ""
    cite: str = ""


# a financial year's prices: '2024-25' (the files may write '2024/25')
PriceYear = Annotated[str, Field(pattern=r"^\d{4}[/-]\d{2}$"), AfterValidator(normalise_year)]
UPLIFT_ROUNDING = 0.01  # an uplifted cost may be rounded by up to 1% of its value


class Uplift(Frozen):
    """A cost as its source gave it, at its own price year, and the deflator that brought it to the library's."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)

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
        figure = (
            f"£{self.value:,.2f}" if self.value < 100 and not float(self.value).is_integer() else f"£{self.value:,.0f}"
        )
        deflator = " ".join(self.deflator.split())
        return f"Uplifted from {figure} at {self.price_year} prices by x {self.factor:g}: {deflator}"


class Declared(Frozen):
    """An interval as its source gave it, before it became the model's 80% interval."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)

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


class Interval(Frozen):
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
    unit: UnitText = ""
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
    def _ordered(self) -> Self:
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
        declared = dict(
            data.get("declared")
            or {
                "low": _number(original["low"]),
                "central": _number(original["central"]),
                "high": _number(original["high"]),
                "interval": 80,
            }
        )
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
    def _uplift(self) -> Self:
        if self.uplifted_from is not None:
            self.uplifted_from.check(self.central, self.price_year)
        return self


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
