"""The Monte Carlo impact engine: spend -> people served -> activity avoided -> money.

One ``numpy.random.default_rng(seed)`` draws every uncertain parameter for every run before any
arithmetic (unit cost and each effect of each lever), as a Latin hypercube with antithetic pairs;
run 0 is the central estimate (every parameter at its central value). The arithmetic is then
vectorised over runs, years, levers, localities and outcomes:

1. people served = min(spend x people per pound, people aged 65+ x eligible share x maximum uptake)
   (``scenarios.served``, which the capacity plan shares, so both give one answer);
   people per pound is 1 / unit cost, except where the plan's lines state the people they serve:
   then it is the plan's own mix (stated people, plus other spend at the unit cost, per pound of
   the plan's spend), so the plan as submitted serves the people its lines state;
2. people are served highest risk tier first, so the risk-weighted number served, and with it the
   effect, grows more slowly than spend (diminishing returns without an assumed curve);
3. ramp-up belongs to new money only: the people served by a lever's established spend in a locality
   have its full effect whatever is added beside them, and only the risk-weighted people that new
   money adds over them reach full effect along the lever's ramp-up profile, from the year that level
   of spend was reached (``spend.vintages`` splits spend into cohorts by that year; cohort by cohort,
   each adds its people over those below it at its own share of full effect). So money added never
   lowers an effect, money removed never raises one, and money moved out of a lever and back in
   again changes nothing. When funding stops or falls the effect fades by the lever's decay instead
   of vanishing at once;
4. each lever's standalone effect on an outcome = risk-weighted people x the cohort's event rate x
   (1 - rate ratio), less any deadweight and optimism-bias adjustment;
5. levers acting on the same outcome in the same locality and year combine multiplicatively,
   capped at the mitigable pool: avoided = pool x (1 - prod(1 - effect_l / pool)), so nothing is
   counted twice; the combined effect is attributed to levers by their Shapley values (the average
   of each lever's marginal effect over every order of adding levers), which add up to the total
   in every run and always carry the sign of the lever's own effect;
6. money: cashable savings (home-care hours, care-home placements) and non-cashable savings
   (emergency admissions including falls, A&E attendances, bed days of delayed discharge) at the unit costs in
   ``assumptions/unit_costs.yaml``; gross = cashable + non-cashable; net = gross - spend.

Results hold one float64 array run x year x lever x locality x outcome (``OUTCOMES``), and, from
the same draws, per-run totals by year for two counterfactuals (see ``Results``): the plan as
submitted (the reference a scenario's changes are measured against) and the plan's established
spend alone (what the observed baseline already contains).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from budget.models import Plan, year_after
from budget.money import gbp
from budget.reference import LEVERS
from scenarios.assumptions import Assumptions
from scenarios.baseline import BaselineArrays
from scenarios.exposure import levels, runs_first, working_exposure
from scenarios.inputs import AE, BLOCK_RUNS, CH, DD, HC, Inputs, prepare
from scenarios.outcomes import (  # noqa: F401  (the register, re-exported)
    COUNTED,
    EFFECT_OUTCOMES,
    OUTCOME_INDEX,
    OUTCOME_LABELS,
    OUTCOMES,
)
from scenarios.sampling import shapley_games, shapley_shares  # noqa: F401  (re-exported)
from scenarios.schema import Scenario, reference_scenario
from scenarios.served import above_cap, cap_sentences
from scenarios.spend import build_spend


@dataclass(frozen=True, eq=False)
class Results:
    """Everything one engine run produced. Arrays are read-only."""

    scenario: Scenario
    area_code: str
    area_name: str
    plan_year: str
    stance: str
    runs: int
    seed: int
    years: tuple[str, ...]
    levers: tuple[str, ...]
    localities: tuple[str, ...]
    outcomes: tuple[str, ...]
    values: np.ndarray  # (run, year, lever, locality, outcome)
    baseline: BaselineArrays
    modelled_levers: tuple[str, ...]  # levers with at least one effect assumption
    parameter_names: tuple[str, ...]
    parameters: np.ndarray  # (run, parameter): the drawn values
    assumptions: Assumptions = field(repr=False)
    inputs: Inputs = field(repr=False, default=None)  # the draws, for the counterfactual totals below
    # spend (cohort, year, lever, locality) of the scenario, the plan as submitted and its established part
    counterfactual_spend: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False, default=None)
    spend_all: np.ndarray = field(repr=False, default=None)  # (year,) £ on every lever, this scenario
    reference_spend_all: np.ndarray = field(repr=False, default=None)  # (year,) the plan as submitted
    warnings: tuple[str, ...] = ()  # planned outputs far from the unit cost; spend above an eligibility cap

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of `values`: (run, year, lever, locality, outcome)."""
        return self.values.shape

    # (run, year, outcome) totals over modelled levers and all localities, from the same draws, worked
    # out when first asked for; both sides of a paired change by the same arithmetic, so outcomes a change
    # does not touch cancel exactly
    @cached_property
    def totals(self) -> np.ndarray:
        """This scenario."""
        return _frozen(np.moveaxis(compute(self.inputs, self.counterfactual_spend[0], detail=False), 0, -1))

    @cached_property
    def reference_totals(self) -> np.ndarray:
        """The plan as submitted (the same array when the scenario has no changes)."""
        if not self.scenario.changes:
            return self.totals
        return _frozen(np.moveaxis(compute(self.inputs, self.counterfactual_spend[1], detail=False), 0, -1))

    @cached_property
    def established_totals(self) -> np.ndarray:
        """The plan's established spend alone: the effect the observed baseline already contains."""
        return _frozen(np.moveaxis(compute(self.inputs, self.counterfactual_spend[2], detail=False), 0, -1))

    @cached_property
    def by_year_lever(self) -> np.ndarray:
        """(run, year, lever, outcome): summed over localities, once."""
        a = self.values.sum(axis=3)
        a.flags.writeable = False
        return a

    @cached_property
    def by_lever(self) -> np.ndarray:
        """(run, lever, outcome): summed over the horizon and localities, once."""
        a = self.by_year_lever.sum(axis=1)
        a.flags.writeable = False
        return a

    def outcome(self, name: str) -> np.ndarray:
        """(run, year, lever, locality) array of one outcome."""
        return self.values[..., self.outcomes.index(name)]

    def lever_mask(self, levers: tuple[str, ...] | None = None) -> np.ndarray:
        """A boolean mask over `levers`: True for the levers chosen (default: the modelled levers)."""
        chosen = self.modelled_levers if levers is None else levers
        return np.array([lv in chosen for lv in self.levers])


# the outcome that holds each effect outcome's events alone (those the money is counted from have one)
_ALONE = {counts[0]: k for k, counts in COUNTED if len(counts) == 1}


@dataclass(frozen=True, eq=False)
class _Slots:
    """The levers acting on each effect outcome, one outcome after another along one axis ("slots").

    Outcomes whose Shapley values need the same number of quadrature nodes are placed next to each other,
    so that ``shapley_games`` works them out together.
    """

    lever: np.ndarray  # (N,) the lever in each slot
    outcome: np.ndarray  # (N,) the effect outcome in each slot
    players: tuple[int, ...]  # the number of slots of each outcome with an acting lever, in slot order
    bounds: dict[int, tuple[int, int]]  # effect outcome -> its first and last + 1 slot


def _slots(present: np.ndarray) -> _Slots:
    acting = {j: np.flatnonzero(present[:, j]) for j in range(present.shape[1])}
    order = sorted((j for j in acting if acting[j].size), key=lambda j: ((acting[j].size + 1) // 2, j))
    lever = np.concatenate([acting[j] for j in order]) if order else np.zeros(0, dtype=int)
    outcome = np.concatenate([np.full(acting[j].size, j) for j in order]) if order else np.zeros(0, dtype=int)
    bounds, at = {}, 0
    for j in order:
        bounds[j] = (at, at + acting[j].size)
        at += acting[j].size
    return _Slots(lever=lever, outcome=outcome, players=tuple(acting[j].size for j in order), bounds=bounds)


def compute(m: Inputs, spend: np.ndarray, detail: bool = True) -> np.ndarray:
    """(outcome, run, year, lever, locality) results for spend (cohort, year, lever, locality).

    Without `detail`, (outcome, run, year): the totals over modelled levers and all localities,
    without attributing effects to levers (the same totals, to rounding, and much cheaper).

    The people served and the effects are worked out with the runs last (``exposure.working_exposure``) and each
    outcome written into its place in the results; the money follows from them there.
    """
    runs, horizon = m.runs, m.horizon
    n_lev, n_loc = len(LEVERS), spend.shape[-1]
    total_spend = spend.sum(axis=0)  # (Y, L, K)
    c_ea, c_ae, c_hour, c_ch, c_dd, los = m.c_ea, m.c_ae, m.c_hour, m.c_ch, m.c_dd, m.los
    stacked = levels(m, spend)  # what depends on the spend alone, worked out once for every block of runs
    slots = _slots(m.present)
    per_pound = np.ascontiguousarray(m.per_pound.transpose(1, 2, 0))  # (L, K, R)
    # by slot: the drawn rate ratios; each acting lever's people's events as a share of the mitigable pool per unit
    # of exposure; the pool
    rate_ratio = np.ascontiguousarray(m.rate_ratio[:, slots.lever, slots.outcome].T)  # (N, R)
    adjust = m.adjust[slots.lever, slots.outcome][:, None]
    per_exposure = (m.per_person * m.inv_pool)[:, :, slots.outcome].transpose(2, 0, 1)[..., None]  # (N, Y, K, 1)
    pool = m.pool[:, :, slots.outcome].transpose(2, 0, 1)[..., None]

    # stored outcome-first so that each outcome is one contiguous block; `values` is a view of it
    # with the outcome axis last. Without detail the lever axis holds the modelled levers' total.
    width = n_lev if detail else 1
    store = np.empty((len(OUTCOMES), runs, horizon, width, n_loc))
    modelled_mask = m.is_modelled[None, None, :, None]
    spend_out = (
        total_spend[None] if detail else (total_spend * m.is_modelled[None, :, None]).sum(axis=1, keepdims=True)[None]
    )
    o = OUTCOME_INDEX
    for start in range(0, runs, BLOCK_RUNS):
        sl = slice(start, min(start + BLOCK_RUNS, runs))
        served, exposure = working_exposure(m, stacked, per_pound[:, None, :, sl], spend.shape[0])  # (L, Y, K, r)
        coef = adjust * (1.0 - rate_ratio[:, sl])  # (N, r)
        # each acting lever's standalone effect as a share of the mitigable pool, capped at all of it, slot by slot
        share = np.take(exposure, slots.lever, axis=0)  # (N, Y, K, r)
        share *= coef[:, None, None, :]
        share *= per_exposure
        np.minimum(share, 1.0, out=share)
        v = store[:, sl]
        if detail:
            shapley_games(share, slots.players, axis=0, out=share)
            share *= pool  # events avoided, attributed to each lever by its Shapley value
            _events_avoided(share, slots, v)
            people = v[o["people_served"]]
            people[...] = 0.0  # none reported for a lever with no modelled effect
            for lever in np.flatnonzero(m.is_modelled):
                people.transpose(2, 1, 3, 0)[lever] = served[lever]
        else:
            _combined(share, slots, pool, v)
            np.sum(runs_first(served) * modelled_mask, axis=2, keepdims=True, out=v[o["people_served"]])
        ea = v[o["emergency_admissions_avoided"]]
        np.multiply(ea, los, out=v[o["bed_days_saved"]])
        v[o["spend_gbp"]] = spend_out
        part = np.empty_like(ea)
        cash = np.multiply(v[_ALONE[HC]], c_hour, out=v[o["cashable_saving_gbp"]])
        cash += np.multiply(v[_ALONE[CH]], c_ch, out=part)
        non_cash = np.multiply(ea, c_ea, out=v[o["non_cashable_saving_gbp"]])
        non_cash += np.multiply(v[_ALONE[AE]], c_ae, out=part)
        non_cash += np.multiply(v[_ALONE[DD]], c_dd, out=part)
        gross = np.add(cash, non_cash, out=v[o["gross_saving_gbp"]])
        np.subtract(gross, v[o["spend_gbp"]], out=v[o["net_saving_gbp"]])
    if not detail:
        return store.sum(axis=(3, 4))
    return store


def _events_avoided(avoided: np.ndarray, slots: _Slots, v: np.ndarray) -> None:
    """Write each outcome of events avoided (run, year, lever, locality) from the events avoided by slot.

    Each outcome is the sum of the effect outcomes it counts (``COUNTED``), added in that order; a lever with no
    effect avoids none.
    """
    for k, counts in COUNTED:
        v[k] = 0.0
        out = v[k].transpose(2, 1, 3, 0)  # (L, Y, K, r)
        written = set()
        for j in counts:
            a, b = slots.bounds.get(j, (0, 0))
            for slot, lever in zip(range(a, b), slots.lever[a:b], strict=True):
                if lever in written:
                    out[lever] += avoided[slot]
                else:
                    out[lever] = avoided[slot]
                    written.add(lever)


def _combined(share: np.ndarray, slots: _Slots, pool: np.ndarray, v: np.ndarray) -> None:
    """Write each outcome of events avoided (run, year, 1, locality), over all levers, without attributing them.

    Combined: pool x (1 - prod(1 - share)), as -expm1(sum(log1p(-share))) to keep small effects exact.
    """
    with np.errstate(divide="ignore"):
        logs = np.log1p(-share)
    avoided = np.zeros((len(EFFECT_OUTCOMES),) + v.shape[1:])  # (O, r, Y, 1, K)
    for j, (a, b) in slots.bounds.items():
        avoided[j][:, :, 0, :] = (pool[a] * -np.expm1(logs[a:b].sum(axis=0))).transpose(2, 0, 1)
    for k, counts in COUNTED:
        if len(counts) == 1:
            v[k] = avoided[counts[0]]
        else:
            np.add(avoided[counts[0]], avoided[counts[1]], out=v[k])
            for j in counts[2:]:
                v[k] += avoided[j]


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


def run(scenario: Scenario, plan: Plan, *, runs: int | None = None, seed: int | None = None,
        assumptions: Assumptions | None = None) -> Results:
    """Model a scenario on its base plan. ``runs``/``seed`` default to the scenario's own.

    Besides the scenario's results, the same draws give the totals of the plan as submitted (so a
    scenario's change is measured run by run, and is exactly zero when it changes nothing) and of
    the plan's established spend alone (the effect the observed baseline already contains).
    """
    m = prepare(scenario, plan, runs=runs, seed=seed, assumptions=assumptions)
    spend = build_spend(plan, scenario)
    store = compute(m, spend.spend)
    store.flags.writeable = False
    values = np.moveaxis(store, 0, -1)
    values.flags.writeable = False
    reference = build_spend(plan, reference_scenario(scenario)) if scenario.changes else spend
    established = np.zeros_like(reference.spend)
    established[0] = reference.spend[0]
    years = tuple(year_after(plan.year, i) for i in range(m.horizon))
    warnings = output_warnings(m) + cap_warnings(m, spend.total, years)
    return Results(
        scenario=scenario, area_code=plan.area.code, area_name=plan.area.name, plan_year=plan.year,
        stance=m.assumptions.stance, runs=m.runs, seed=m.seed, years=years, levers=tuple(LEVERS),
        localities=spend.localities, outcomes=OUTCOMES, values=values, baseline=m.baseline,
        modelled_levers=m.modelled, parameter_names=m.parameter_names, parameters=m.parameters,
        assumptions=m.assumptions,
        inputs=m, counterfactual_spend=(spend.spend, reference.spend, established),
        spend_all=_frozen(spend.total.sum(axis=(1, 2))), reference_spend_all=_frozen(reference.total.sum(axis=(1, 2))),
        warnings=warnings,
    )


def output_warnings(m: Inputs) -> tuple[str, ...]:
    """Warnings for lines whose planned outputs are far from what their spend buys.

    A line is named where its planned people served differ by more than half from what its spend buys
    at the lever's central unit cost; the model uses the planned outputs.
    """
    out = []
    for scheme_id, name, lever, amount, outputs in m.stated.lines:
        cost = m.parameters[0, m.parameter_names.index(f"unit_cost:{lever}")]
        implied = amount / cost
        if abs(outputs - implied) > 0.5 * implied:
            out.append(f"Line {scheme_id} ({name}) plans {outputs:,.0f} people served; {gbp(amount)} at the central "
                       f"unit cost of {gbp(cost)} a person buys about {implied:,.0f}. They differ by more than half: "
                       "the model uses the planned outputs; check them or the spend.")
    return tuple(out)


def cap_warnings(m: Inputs, total_spend: np.ndarray, years: tuple[str, ...]) -> tuple[str, ...]:
    """Warnings for levers whose first-year spend buys more people than can take them up.

    In the central run, a lever is named where £1,000 or more of its spend goes beyond the eligible
    population times the maximum uptake; the warning says how much money buys nobody more.
    """
    money = above_cap(total_spend[0], m.per_pound[0], m.capacity[0])  # central run, first year
    return cap_sentences(money, m.capacity[0], m.is_modelled, years[0])
