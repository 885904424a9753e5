"""Money by locality need: the one formula for a locality's need, and the money set beside it.

A locality's need is its people aged 65+ weighted by a need weight per person:

    need weight = age factor x deprivation factor
    age factor = (1 + (R - 1) x p85 / p65) / (1 + (R - 1) x P85 / P65)
    deprivation factor = G ** ((score - S) / 10)
    need = p65 x need weight;  need share = need / the localities' need added up

where p65 and p85 are the locality's people aged 65+ and 85+, score its Index of Multiple Deprivation
average score (0 to 100), R how many times a person aged 65 to 84 a person aged 85+ needs (2.5, a
judgement), G how much need per head rises for every 10 points of score (1.09, from Pereira Gray et al.
2017), and P85 / P65 and S England's, so a locality like England has a weight of 1. Each figure and its
source is in ``reference_data/need/need.yaml``. A locality that gives no 85+ figure is taken to have England's
age structure (age factor 1); one with no score, England's deprivation (factor 1). A need weight typed on the
Localities sheet overrides the computed one (``weight_source`` "typed"; otherwise "computed").

The impact model shares area-wide money between localities by these shares and scales each locality's
baseline by these weights (``scenarios.spend.locality_weights``, ``scenarios.baseline``); the Plan page, the
optimiser's need option, the board pack and ``bcf run --json`` (``locality_need``) read ``locality_need``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budget.models import Locality
from budget.money import gbp

DATA = Path(__file__).resolve().parent / "reference_data" / "need" / "need.yaml"
COMPUTED, TYPED = "computed", "typed"
CLOSE = 0.01  # shares of money and need this close are said to match


@dataclass(frozen=True)
class NeedParameters:
    """The formula's figures, as ``reference_data/need/need.yaml`` gives them, with their sources."""

    age_85_plus_relative_need: float  # R
    gradient_per_10_points: float  # G - 1
    england_85_plus_share: float  # P85 / P65
    england_score: float  # S
    score_low: float
    score_high: float
    measure: str
    sources: dict[str, str]


@cache
def parameters() -> NeedParameters:
    """The need formula's figures, read once from ``reference_data/need/need.yaml``."""
    from budget.package_yaml import read_package_yaml  # noqa: PLC0415

    d = read_package_yaml(DATA.parent, DATA.name)
    e, m = d["england"], d["deprivation_measure"]
    return NeedParameters(
        age_85_plus_relative_need=float(d["age_85_plus_relative_need"]["value"]),
        gradient_per_10_points=float(d["deprivation_gradient_per_10_points"]["value"]),
        england_85_plus_share=e["population_85_plus"] / e["population_65_plus"],
        england_score=float(e["imd_average_score"]), score_low=float(m["low"]), score_high=float(m["high"]),
        measure=m["name"],
        sources={"age": d["age_85_plus_relative_need"]["source"],
                 "deprivation": d["deprivation_gradient_per_10_points"]["source"], "england": e["source"],
                 "measure": m["about"]})


def method_text() -> str:
    """The need formula in plain English with its sources, for the Method page."""
    p = parameters()
    return (f"A locality's need is its people aged 65+, with those aged 85+ counted "
            f"{p.age_85_plus_relative_need:g} times, and {p.gradient_per_10_points:.0%} more need a head for every 10 "
            f"points of its {p.measure} ({p.score_low:g} to {p.score_high:g}). A locality like England in age and "
            "deprivation has a need weight of 1; one that gives no 85+ figure or no score is taken to be like England "
            "in that respect, and a need weighting typed on the Localities sheet is used instead of the computed one. "
            f"The Plan page, the Optimise page and the board pack set each locality's share of the need beside its "
            "share of the money. Sources: the deprivation gradient from Pereira Gray et al. (BMJ Open 2017), who "
            "found people aged 67+ in the most deprived fifth of small areas had 1.39 times the emergency admissions "
            "of those in the least deprived; the weight of people aged 85+ is a judgement, as no published ratio for "
            "Better Care Fund services was found; England's figures are ONS mid-2024 populations and the English "
            "indices of deprivation 2025.")


def age_factor(population_65_plus: float, population_85_plus: float | None) -> float:
    """Need per person aged 65+ from the share aged 85+, against England's (1 with no 85+ figure)."""
    p = parameters()
    if population_85_plus is None or population_65_plus <= 0:
        return 1.0
    extra = p.age_85_plus_relative_need - 1
    return (1 + extra * population_85_plus / population_65_plus) / (1 + extra * p.england_85_plus_share)


def deprivation_factor(score: float | None) -> float:
    """Need per person from the IMD average score, against England's (1 with no score)."""
    p = parameters()
    if score is None:
        return 1.0
    return (1 + p.gradient_per_10_points) ** ((score - p.england_score) / 10)


def computed_weight(loc: Locality) -> float:
    """The need weight the formula gives a locality, whatever it has typed."""
    return age_factor(loc.population_65_plus, loc.population_85_plus) * deprivation_factor(loc.deprivation_score)


def need_weight(loc: Locality) -> tuple[float, str]:
    """A locality's need weight per person aged 65+ and where it comes from: "typed" or "computed"."""
    if loc.need_weight is not None:
        return float(loc.need_weight), TYPED
    return computed_weight(loc), COMPUTED


def need_weights(localities: Iterable[Locality]) -> tuple[float, ...]:
    """Each locality's need weight per person aged 65+ (typed where typed, else computed)."""
    return tuple(need_weight(loc)[0] for loc in localities)


def need_shares(localities: Iterable[Locality]) -> tuple[float, ...]:
    """Each locality's share of the need: people aged 65+ times need weight, over the total (adds up to 1).

    Where no locality has anyone aged 65+, shares follow the whole population instead.
    """
    import numpy as np  # noqa: PLC0415 - the engine's own arithmetic, so its shares are these to the last bit

    locs = tuple(localities)
    need = np.array([loc.population_65_plus * w for loc, w in zip(locs, need_weights(locs), strict=True)], dtype=float)
    if need.sum() <= 0:
        need = np.array([max(loc.population, 1) for loc in locs], dtype=float)
    return tuple((need / need.sum()).tolist())


@dataclass(frozen=True)
class LocalityNeed:
    """One locality's need beside its money: the row of the Plan page, the slide and ``locality_need``."""

    locality: str
    population_65_plus: int
    population_85_plus: int | None
    deprivation_score: float | None
    need_weight: float
    weight_source: str  # "computed" or "typed"
    need: float  # people aged 65+ weighted by need
    need_share: float
    spend_gbp: float
    spend_share: float

    @property
    def spend_per_head_of_need(self) -> float:
        """£ a year for each person aged 65+, weighted by need."""
        return self.spend_gbp / self.need if self.need > 0 else 0.0

    def sentence(self) -> str:
        """In words: Riverside has 21% of the need and 14% of the money (£312 a head of need)."""
        return (f"{self.locality} has {_percent(self.need_share)} of the need and {_percent(self.spend_share)} "
                f"of the money ({gbp(self.spend_per_head_of_need)} a head of need).")


def _percent(x: float) -> str:
    return f"{x:.0%}"


def locality_need(localities: Iterable[Locality], spend: Mapping[str, float]) -> tuple[LocalityNeed, ...]:
    """Each locality's need and money, in the plan's order.

    `spend` is £ a year by locality name, as ``scenarios.spend.spend_by_locality`` gives it (area-wide lines
    shared out by need, as the impact model shares them).
    """
    locs = tuple(localities)
    shares = need_shares(locs)
    total_spend = sum(spend.get(loc.name, 0.0) for loc in locs)
    rows = []
    for loc, share in zip(locs, shares, strict=True):
        w, source = need_weight(loc)
        money = float(spend.get(loc.name, 0.0))
        rows.append(LocalityNeed(
            locality=loc.name, population_65_plus=loc.population_65_plus, population_85_plus=loc.population_85_plus,
            deprivation_score=loc.deprivation_score, need_weight=w, weight_source=source,
            need=loc.population_65_plus * w, need_share=share, spend_gbp=money,
            spend_share=money / total_spend if total_spend > 0 else 0.0))
    return tuple(rows)


def widest_gap(rows: Iterable[LocalityNeed]) -> LocalityNeed | None:
    """The locality whose share of the money is furthest from its share of the need (None with none)."""
    rows = tuple(rows)
    return max(rows, key=lambda r: abs(r.spend_share - r.need_share)) if rows else None


def need_summary(rows: Iterable[LocalityNeed]) -> str:
    """One sentence for a board: money per head of need across the area, and the widest gap."""
    rows = tuple(rows)
    if len(rows) < 2:
        return "With one locality, all of the money and all of the need are in the same place."
    need = sum(r.need for r in rows)
    money = sum(r.spend_gbp for r in rows)
    gap = widest_gap(rows)
    per_head = gbp(money / need) if need > 0 else gbp(0)
    first = f"Across the area the plan spends {per_head} a year for each person aged 65+, weighted by need."
    if abs(gap.spend_share - gap.need_share) < CLOSE:
        return f"{first} Every locality's share of the money is within one percentage point of its share of the need."
    return f"{first} The widest gap: {gap.sentence()}"


def need_table(rows: Iterable[LocalityNeed]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Headers and rows in words and £, for the Plan page and the board pack alike."""
    headers = ("Locality", "People aged 65+", "Aged 85+", "Deprivation score", "Need weight", "Share of need",
               "Share of money", "£ a head of need")
    out = []
    for r in rows:
        out.append((r.locality, f"{r.population_65_plus:,}",
                    "–" if r.population_85_plus is None else f"{r.population_85_plus:,}",
                    "–" if r.deprivation_score is None else f"{r.deprivation_score:.1f}",
                    f"{r.need_weight:.2f}" + (" (typed)" if r.weight_source == TYPED else ""),
                    _percent(r.need_share), _percent(r.spend_share), gbp(r.spend_per_head_of_need)))
    return headers, out
