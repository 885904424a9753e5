"""Who the money serves: people served by lever and locality, one answer for the impact model and capacity.

    people served = min(spend x people per pound, people aged 65+ x eligible share x maximum uptake)

- people per pound is the plan's own mix (``spend.StatedOutputs.people_per_pound``): lines that state the
  people they serve at their stated cost, the rest of the spend at the lever's unit cost;
- the eligibility cap (:func:`eligibility`) is the lever's eligible share of people aged 65+ times its
  maximum uptake (``assumptions/levers.yaml``);
- :func:`serve` takes the smaller of the two. The engine calls it for every run
  (``exposure.served_exposure``); :func:`people_served` calls it for the central estimate (run 0) of one year,
  and shares each lever's people among the lines that buy them, which is what the capacity plan
  (``scenarios.capacity``) counts as capacity. Both therefore agree by construction: money above a
  lever's cap buys nobody in either.

A lever with no modelled effect (no effect assumption in the stance, such as 'none') has its arithmetic
done like any other, but the engine reports no people served for it (``Served.reported``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from budget.models import Plan, year_after
from budget.money import gbp
from budget.reference import LEVER_LABELS, LEVERS
from scenarios.assumptions import Assumptions, load_assumptions
from scenarios.baseline import build_baseline
from scenarios.outcomes import EFFECT_OUTCOMES
from scenarios.overrides import apply_overrides
from scenarios.schema import Scenario, ScenarioError, reference_scenario
from scenarios.spend import build_spend, spend_lines, stated_outputs, states_people

MIN_UNIT_COST = 1e-9  # £: a unit cost is never taken as 0 (people per pound would be infinite)


def effect_present(a: Assumptions) -> np.ndarray:
    """(lever, effect outcome) True where the stance (with overrides) gives the lever an effect on it."""
    return np.array([[a.effect(lv, o) is not None for o in EFFECT_OUTCOMES] for lv in LEVERS], dtype=bool)


def eligibility(population_65_plus: np.ndarray, a: Assumptions) -> tuple[np.ndarray, np.ndarray]:
    """The eligible people and the eligibility cap, (year, lever, locality) each.

    Args:
        population_65_plus: (year, locality) people aged 65+.
        a: the assumption library (with any overrides).

    Returns:
        Eligible people (people aged 65+ x the lever's eligible share) and the cap (eligible x maximum uptake).
    """
    share = np.array([a.levers[lv].eligible_share_65_plus.value for lv in LEVERS])
    uptake = np.array([a.levers[lv].max_uptake.value for lv in LEVERS])
    eligible = population_65_plus[:, None, :] * share[None, :, None]
    return eligible, eligible * uptake[None, :, None]


def central_unit_cost(a: Assumptions) -> np.ndarray:
    """(lever,) £ per person served at the central value: the engine's run 0 exactly (``sampling.draw``)."""
    return np.maximum(np.array([a.levers[lv].cost_per_person().central for lv in LEVERS]), MIN_UNIT_COST)


def serve(spend: np.ndarray, per_pound: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """People served: spend x people per pound, but never more than the cap (arrays broadcast)."""
    return np.minimum(spend * per_pound, cap)


def above_cap(spend: np.ndarray, per_pound: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """(lever,) £ of spend (lever, locality) beyond what the cap lets it buy, summed over localities."""
    excess = np.maximum(spend * per_pound - cap, 0.0)
    return np.divide(excess, per_pound, out=np.zeros_like(excess), where=per_pound > 0).sum(axis=1)


def cap_sentences(money: np.ndarray, cap: np.ndarray, modelled: np.ndarray, year: str) -> tuple[str, ...]:
    """A sentence for each modelled lever with £1,000 or more of its spend above its eligibility cap.

    Args:
        money: (lever,) £ above the cap (:func:`above_cap`).
        cap: (lever, locality) the eligibility cap in people.
        modelled: (lever,) True where the lever has a modelled effect.
        year: the financial year the figures are for, e.g. '2026-27'.
    """
    return tuple(
        f"{gbp(money[i])} of {LEVER_LABELS.get(lever, lever).lower()} spend in {year} is above the cap: the "
        f"eligible people aged 65+ who could take it up ({cap[i].sum():,.0f}) are all served, so that money buys "
        "nobody more."
        for i, lever in enumerate(LEVERS) if modelled[i] and money[i] >= 1_000)


@dataclass(frozen=True)
class LineServed:
    """One line's money in one year and the people it serves, after the scenario's changes."""

    scheme_id: str
    lever: str
    source: object  # the ExpenditureLine or AddLine the money is on; None once moved to another lever
    spend: float  # £ in the year
    bought: float  # people before the cap (see people_served)
    people: float  # its share of its lever's people served, locality by locality, in proportion to `bought`
    basis: str  # "planned outputs" or "spend ÷ £X unit cost"
    modelled: bool  # its lever has a modelled effect (else the engine reports no people served for it)
    capped: bool  # its lever's money buys more people than the eligibility cap lets it serve, where it spends


@dataclass(frozen=True, eq=False)
class Served:
    """People served by lever and locality in one year of a scenario on a plan, central estimate (run 0).

    Arrays are (lever, locality) in ``LEVERS`` order and the plan's locality order.
    """

    year: str  # e.g. '2026-27'
    localities: tuple[str, ...]
    spend: np.ndarray  # £ in the year
    per_pound: np.ndarray  # people a pound buys
    cap: np.ndarray  # eligibility cap, people
    people: np.ndarray  # serve(spend, per_pound, cap)
    modelled: np.ndarray  # (lever,) the lever has a modelled effect
    unit_cost: np.ndarray  # (lever,) £ per person, central
    lines: tuple[LineServed, ...] = field(repr=False)

    @property
    def reported(self) -> np.ndarray:
        """(lever, locality) people served as the engine reports them: none for a lever with no modelled effect."""
        return self.people * self.modelled[:, None]

    def by_lever(self) -> dict[str, float]:
        """People served in each lever, summed over localities, as the engine reports them."""
        return {lv: float(x) for lv, x in zip(LEVERS, self.reported.sum(axis=1), strict=True)}

    def warnings(self) -> tuple[str, ...]:
        """The engine's sentences for spend above an eligibility cap in this year (``engine.cap_warnings``)."""
        return cap_sentences(above_cap(self.spend, self.per_pound, self.cap), self.cap, self.modelled, self.year)


def people_served(plan: Plan, scenario: Scenario | None = None, *, assumptions: Assumptions | None = None,
                  year: int = 0) -> Served:
    """Who the plan's money serves in one year: people served by lever and locality, and by line.

    The engine's central run (run 0) for horizon year `year` (0 = the plan year), computed by the same
    functions: spend after the scenario's changes (``spend.spend_lines``), the plan's people per pound
    (``spend.stated_outputs``), the eligibility cap and :func:`serve`. Each lever's people in a locality
    are shared among the lines that spend there in proportion to the people each buys before the cap:
    the money the plan as submitted puts on a line at the line's own rate (its planned outputs, pro rata,
    else spend ÷ the lever's unit cost), and money a change adds at the lever's people per pound, as the
    engine prices it. So, where no cap binds, a line keeps its planned outputs and added money buys what
    the engine says it buys; where a cap binds, every line of the lever in that locality is cut in the
    same proportion, and more money there adds nobody.

    Args:
        plan: the plan (as edited, where it is).
        scenario: its changes and assumption choices (None: the plan as submitted).
        assumptions: the assumption library before the scenario's overrides (default: its stance's);
            the scenario's overrides are applied to it, as ``inputs.prepare`` does.
        year: horizon year, 0 = the plan year.

    Raises:
        ScenarioError: the plan has no localities, a change does not fit it, or `year` is outside the horizon.
    """
    scenario = scenario if scenario is not None else reference_scenario()
    horizon = scenario.horizon_years
    if not 0 <= year < horizon:
        raise ScenarioError(f"year {year + 1} is outside the scenario's {horizon}-year horizon")
    a = assumptions if assumptions is not None else load_assumptions(scenario.stance)
    a = apply_overrides(a, scenario.assumption_overrides)
    lines = spend_lines(plan, scenario)
    # (L, K): every cohort's spend stacked, the level at which the engine counts people served
    # (exposure.served_exposure)
    spend = np.cumsum(build_spend(plan, scenario).spend, axis=0)[-1, year]
    base = build_baseline(plan, a, horizon)
    _, cap = eligibility(base.population_65_plus[1:], a)
    unit_cost = central_unit_cost(a)
    per_pound = stated_outputs(plan).people_per_pound(unit_cost[None])[0]
    people = serve(spend, per_pound, cap[year])
    modelled = effect_present(a).any(axis=1)

    # each line's people before the cap, by locality: what the plan as submitted puts on it at its own rate
    # (planned outputs, else the lever's unit cost), and any money a change adds at the lever's people per
    # pound there, as the engine prices it; the lever's people in a locality are then shared in proportion
    raw = spend * per_pound
    rows = []
    weights = np.zeros((len(lines), len(plan.localities)))
    for i, ln in enumerate(lines):
        amount = float(ln.amount[year])
        src, lever = ln.source, LEVERS[ln.lever]
        kept, extra = min(amount, ln.submitted), max(amount - ln.submitted, 0.0)
        stated = states_people(src, lever)
        own = float(src.planned_outputs) / float(src.amount) if stated else 1.0 / unit_cost[ln.lever]
        weights[i] = (own * kept + extra * per_pound[ln.lever]) * ln.locality_weights
        n = float(weights[i].sum())
        if amount <= 0:
            basis = ""
        elif stated and kept >= amount:
            basis = "planned outputs"
        elif kept >= amount or abs(n - amount / unit_cost[ln.lever]) <= 1e-9 * n:
            basis = f"spend ÷ {gbp(unit_cost[ln.lever])} unit cost"
        else:
            basis = f"spend ÷ {gbp(amount / n)} a person (the plan's own mix for the lever)"
        capped = bool(((weights[i] > 0) & (raw[ln.lever] > cap[year][ln.lever])).any())
        rows.append((amount, n, basis, capped))
    total = np.zeros_like(people)
    for i, ln in enumerate(lines):
        total[ln.lever] += weights[i]
    per_bought = np.divide(people, total, out=np.zeros_like(people), where=total > 0)  # (L, K)
    out = tuple(
        LineServed(scheme_id=ln.scheme_id, lever=LEVERS[ln.lever], source=ln.source, spend=amount, bought=n,
                   people=float((weights[i] * per_bought[ln.lever]).sum()), basis=basis,
                   modelled=bool(modelled[ln.lever]), capped=capped)
        for i, (ln, (amount, n, basis, capped)) in enumerate(zip(lines, rows, strict=True)))
    return Served(year=year_after(plan.year, year), localities=tuple(loc.name for loc in plan.localities),
                  spend=spend, per_pound=per_pound, cap=cap[year], people=people, modelled=modelled,
                  unit_cost=unit_cost, lines=out)
