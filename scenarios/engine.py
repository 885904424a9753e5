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
from scenarios.assumptions import Assumptions, load_assumptions
from scenarios.baseline import BaselineArrays, build_baseline
from scenarios.outcomes import (  # noqa: F401  (the register, re-exported)
    COUNTED,
    EFFECT_OUTCOMES,
    OUTCOME_INDEX,
    OUTCOME_LABELS,
    OUTCOMES,
)
from scenarios.overrides import apply_overrides
from scenarios.sampling import draw, shapley_shares, standard_normal_draws
from scenarios.schema import Scenario, reference_scenario
from scenarios.served import MIN_UNIT_COST, above_cap, cap_sentences, effect_present, eligibility, serve
from scenarios.sourced import Interval
from scenarios.spend import StatedOutputs, build_spend, stated_outputs

CHUNK_RUNS = 1024  # runs computed together; bounds the size of temporary arrays

_EA, _AE, _FALLS, _CH, _HC, _DD = (EFFECT_OUTCOMES.index(o) for o in (
    "emergency_admissions", "ae_attendances", "falls_admissions", "care_home_admissions", "home_care_hours",
    "delayed_discharge_days"))


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
        return _frozen(np.moveaxis(_compute(self.inputs, self.counterfactual_spend[0], detail=False), 0, -1))

    @cached_property
    def reference_totals(self) -> np.ndarray:
        """The plan as submitted (the same array when the scenario has no changes)."""
        if not self.scenario.changes:
            return self.totals
        return _frozen(np.moveaxis(_compute(self.inputs, self.counterfactual_spend[1], detail=False), 0, -1))

    @cached_property
    def established_totals(self) -> np.ndarray:
        """The plan's established spend alone: the effect the observed baseline already contains."""
        return _frozen(np.moveaxis(_compute(self.inputs, self.counterfactual_spend[2], detail=False), 0, -1))

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


def _no_effect(source: str) -> Interval:
    return Interval(low=1.0, central=1.0, high=1.0, distribution="fixed", source=source, grade="judgement")


@dataclass(frozen=True, eq=False)
class Inputs:
    """Everything the engine's arithmetic needs besides the spend.

    The drawn parameters for every run and the plan's deterministic figures (baseline, capacity, risk
    tiers, ramp-up, unit costs).
    """

    scenario: Scenario
    assumptions: Assumptions
    baseline: BaselineArrays
    runs: int
    seed: int
    horizon: int
    parameter_names: tuple[str, ...]
    parameters: np.ndarray  # (run, parameter)
    unit_cost: np.ndarray  # (R, L)
    rate_ratio: np.ndarray  # (R, L, O)
    per_person: np.ndarray  # (Y, K, O)
    pool: np.ndarray  # (Y, K, O) mitigable events
    inv_pool: np.ndarray
    eligible: np.ndarray  # (Y, L, K)
    capacity: np.ndarray
    per_pound: np.ndarray  # (R, L, K) people a pound buys
    tier_share: np.ndarray  # (L, T)
    tier_risk: np.ndarray
    tier_start: np.ndarray
    present: np.ndarray  # (L, O) lever has an effect on the outcome
    adjust: np.ndarray  # (L, O)
    modelled: tuple[str, ...]
    is_modelled: np.ndarray  # (L,)
    ramp: np.ndarray  # (cohort, Y, L): share of full effect reached; 1 for cohort 0, never more than the cohort before
    retain: np.ndarray  # (L,)
    stated: StatedOutputs  # the plan's lines that state people served
    c_ea: float
    c_ae: float
    c_hour: float
    c_ch: float
    c_dd: float
    los: float


def prepare(scenario: Scenario, plan: Plan, *, runs: int | None = None, seed: int | None = None,
            assumptions: Assumptions | None = None) -> Inputs:
    """Draw every parameter for every run and build the plan's deterministic inputs."""
    runs = scenario.runs if runs is None else int(runs)
    seed = scenario.seed if seed is None else int(seed)
    if runs < 1:
        raise ValueError("runs must be at least 1")
    a = assumptions if assumptions is not None else load_assumptions(scenario.stance)
    a = apply_overrides(a, scenario.assumption_overrides)
    horizon = scenario.horizon_years
    base = build_baseline(plan, a, horizon)

    n_lev, n_eff = len(LEVERS), len(EFFECT_OUTCOMES)
    lever_a = [a.levers[lv] for lv in LEVERS]

    # ---- every random parameter for every run, drawn up front from one generator --------------
    names: list[str] = []
    intervals: list[Interval] = []
    for lv, la in zip(LEVERS, lever_a, strict=True):
        names.append(f"unit_cost:{lv}")
        intervals.append(la.cost_per_person())
        for o in EFFECT_OUTCOMES:
            names.append(f"effect:{lv}:{o}")
            intervals.append(a.effect(lv, o) or _no_effect("no effect assumed"))
    z = standard_normal_draws(np.random.default_rng(seed), runs, len(intervals))
    params = draw(z, intervals)
    per_lever = 1 + n_eff
    unit_cost = np.maximum(params[:, 0::per_lever], MIN_UNIT_COST)  # (R, L); run 0 = served.central_unit_cost
    rate_ratio = np.clip(np.stack([params[:, 1 + j::per_lever] for j in range(n_eff)], axis=2), 0.0, None)  # (R, L, O)

    # ---- deterministic inputs ----------------------------------------------------------------
    pop65 = base.population_65_plus[1:]  # (Y, K)
    counts = base.counts[1:]  # (Y, K, O); emergency admissions include falls
    effect_counts = counts.copy()
    effect_counts[..., _EA] = np.maximum(counts[..., _EA] - counts[..., _FALLS], 0.0)  # non-falls admissions
    per_person = np.divide(effect_counts, pop65[..., None], out=np.zeros_like(effect_counts),
                           where=pop65[..., None] > 0)  # (Y, K, O)
    mitigable = np.array([a.baseline.mitigable_share[o].value for o in EFFECT_OUTCOMES])
    pool = effect_counts * mitigable  # (Y, K, O)
    inv_pool = np.divide(1.0, pool, out=np.zeros_like(pool), where=pool > 0)

    eligible, capacity = eligibility(pop65, a)  # (Y, L, K): eligible people and the cap on people served
    tiers = [la.risk_tiers.normalised() for la in lever_a]
    n_tier = max(len(s) for s, _ in tiers)
    tier_share = np.zeros((n_lev, n_tier))
    tier_risk = np.zeros((n_lev, n_tier))
    for i, (shares, risks) in enumerate(tiers):
        tier_share[i, : len(shares)] = shares
        tier_risk[i, : len(risks)] = risks
    tier_start = np.cumsum(tier_share, axis=1) - tier_share  # (L, T)

    present = effect_present(a)  # (L, O)
    cohort_ratio = np.zeros((n_lev, n_eff))
    bias = np.zeros((n_lev, n_eff))
    ob = a.unit_costs.optimism_bias
    for i, (lv, la) in enumerate(zip(LEVERS, lever_a, strict=True)):
        for j, o in enumerate(EFFECT_OUTCOMES):
            eff = a.effect(lv, o)
            if eff is None:
                continue
            r = la.cohort_rate_ratio.get(o)
            cohort_ratio[i, j] = 1.0 if r is None else r.value
            if scenario.optimism_bias and eff.grade in ob:
                bias[i, j] = ob[eff.grade].value
    adjust = cohort_ratio * (1.0 - scenario.deadweight) * (1.0 - bias) * present  # (L, O)
    modelled = tuple(lv for lv, row in zip(LEVERS, present, strict=True) if row.any())
    is_modelled = present.any(axis=1)  # people served is reported only where an effect is modelled

    ramp = np.ones((horizon + 1, horizon, n_lev))
    for c in range(1, horizon + 1):
        for y in range(horizon):
            for i, la in enumerate(lever_a):
                ramp[c, y, i] = la.ramp_up.share(y - (c - 1))
    retain = np.array([la.decay.retained_per_year for la in lever_a])
    stated = stated_outputs(plan)
    costs = a.unit_costs.costs
    params.flags.writeable = False
    return Inputs(
        scenario=scenario, assumptions=a, baseline=base, runs=runs, seed=seed, horizon=horizon,
        parameter_names=tuple(names), parameters=params, unit_cost=unit_cost, rate_ratio=rate_ratio,
        per_person=per_person, pool=pool, inv_pool=inv_pool, eligible=eligible, capacity=capacity,
        per_pound=stated.people_per_pound(unit_cost),
        tier_share=tier_share, tier_risk=tier_risk, tier_start=tier_start, present=present, adjust=adjust,
        modelled=modelled, is_modelled=is_modelled, ramp=ramp, retain=retain, stated=stated,
        c_ea=costs.emergency_admission.value, c_ae=costs.ae_attendance.value, c_hour=costs.home_care_hour.value,
        c_ch=costs.care_home_admission, c_dd=costs.delayed_bed_day.value, los=base.length_of_stay_days,
    )


def _weighted(m: Inputs, spend: np.ndarray, per_pound: np.ndarray, keep: bool, years: slice | np.ndarray = slice(None)
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """People served (r, y, L, K) by spend (y, L, K) in `years`, their risk-weighted number and, with `keep`, its slope by £."""
    capacity, eligible = m.capacity[years], m.eligible[years]
    served = serve(spend[None], per_pound, capacity[None])  # (r, y, L, K): scenarios.served, every run
    weighted = np.zeros_like(served)
    slope = np.zeros_like(served) if keep else None
    part = np.empty_like(served)
    for t in range(m.tier_share.shape[1]):
        lo = eligible * m.tier_start[None, :, t, None]
        size = eligible * m.tier_share[None, :, t, None]
        np.subtract(served, lo[None], out=part)
        np.clip(part, 0.0, size[None], out=part)
        part *= m.tier_risk[None, None, :, t, None]
        weighted += part
        if keep:
            slope += ((served > lo[None]) & (served < (lo + size)[None])) * m.tier_risk[None, None, :, t, None]
    if keep:
        slope *= (spend[None] * per_pound < capacity[None]) * per_pound
    return served, weighted, slope


def _exposure(m: Inputs, spend: np.ndarray, sl: slice, keep: bool = False) -> tuple[np.ndarray, ...]:
    """People served (r, Y, L, K) and their risk-weighted exposure after ramp-up and decay.

    Ramp-up applies to the people new money adds, not to everyone served: the cohorts of spend
    (cohort, Y, L, K) are stacked in order, established first, and the risk-weighted people each adds
    over those below it count at its share of full effect (``Inputs.ramp``). So established spend
    keeps its full effect whatever is added beside it, and the exposure never falls as any cohort's
    spend rises. Where funding falls the exposure fades by the lever's decay instead.

    With `keep`, also what the gradient needs: the slope of the exposure before decay by each
    cohort's spend (cohort, r, Y, L, K), and where decay carried last year's exposure on.
    """
    per_pound = m.per_pound[sl][:, None]  # (r, 1, L, K)
    n = spend.shape[0]
    level = np.cumsum(spend, axis=0)  # (cohort, Y, L, K): the spend of each cohort and those below it
    # a cohort with no spend leaves the level as it was: only the cohorts with spend (and cohort 0) are levels
    active = [c for c in range(n) if c == 0 or spend[c].any()]
    # sum over cohorts of ramp_c x (weighted(level_c) - weighted(level_c-1))
    #   = sum over levels of weighted(level) x (its ramp - the next level's ramp), each term >= 0;
    # the top level in every year, a lower one only in the years where its ramp differs from the next's
    exposure = None
    slopes: list[np.ndarray | None] = [None] * n  # the slope at each cohort's level, where it is needed
    for i in range(len(active) - 1, -1, -1):
        c = active[i]
        top = i == len(active) - 1
        weight = m.ramp[c] - (0.0 if top else m.ramp[active[i + 1]])  # (Y, L)
        years = slice(None) if top else np.flatnonzero((weight > 0).any(axis=1))
        slope = np.zeros_like(exposure) if keep and not top else None
        if top or years.size:
            got, weighted, slope_y = _weighted(m, level[c][years], per_pound, keep, years)
            if top:
                served, exposure, slope = got, weighted * weight[None, :, :, None], slope_y
            else:
                exposure[:, years] += weighted * weight[years][None, :, :, None]
                if keep:
                    slope[:, years] = slope_y
        for c_below in range(c, active[i + 1] if not top else n):
            slopes[c_below] = slope
    carried = np.zeros(exposure.shape, dtype=bool) if keep else None
    for y in range(1, m.horizon):  # effect fades, rather than vanishing, when funding falls
        kept = exposure[:, y - 1] * m.retain[None, :, None]
        if keep:
            carried[:, y] = kept > exposure[:, y]
        np.maximum(exposure[:, y], kept, out=exposure[:, y])
    if not keep:
        return served, exposure
    # by cohort c's spend the slope is the sum over c' >= c of slope(level_c') x (ramp_c' - ramp_c'+1); a
    # slope left at zero is only ever multiplied by a zero weight
    ramp = m.ramp[:, None, :, :, None]  # (cohort, 1, Y, L, 1)
    by_cohort = np.empty((n,) + exposure.shape)
    acc = np.zeros_like(exposure)
    for c in range(n - 1, -1, -1):
        step = ramp[c] - (ramp[c + 1] if c + 1 < n else 0.0)
        acc = acc + slopes[c] * step
        by_cohort[c] = acc
    return served, exposure, by_cohort, carried


def _compute(m: Inputs, spend: np.ndarray, detail: bool = True) -> np.ndarray:
    """(outcome, run, year, lever, locality) results for spend (cohort, year, lever, locality).

    Without `detail`, (outcome, run, year): the totals over modelled levers and all localities,
    without attributing effects to levers (the same totals, to rounding, and much cheaper).
    """
    runs, horizon = m.runs, m.horizon
    n_lev, n_loc, n_eff = len(LEVERS), spend.shape[-1], len(EFFECT_OUTCOMES)
    total_spend = spend.sum(axis=0)  # (Y, L, K)
    per_person, pool, inv_pool, adjust = m.per_person, m.pool, m.inv_pool, m.adjust
    c_ea, c_ae, c_hour, c_ch, c_dd, los = m.c_ea, m.c_ae, m.c_hour, m.c_ch, m.c_dd, m.los

    # stored outcome-first so that each outcome is one contiguous block; `values` is a view of it
    # with the outcome axis last. Without detail the lever axis holds the modelled levers' total.
    width = n_lev if detail else 1
    store = np.empty((len(OUTCOMES), runs, horizon, width, n_loc))
    acting = [np.flatnonzero(m.present[:, j]) for j in range(n_eff)]  # levers with an effect on each outcome
    modelled_mask = m.is_modelled[None, None, :, None]
    spend_out = total_spend[None] if detail else (total_spend * m.is_modelled[None, :, None]).sum(axis=1, keepdims=True)[None]
    o = OUTCOME_INDEX
    for start in range(0, runs, CHUNK_RUNS):
        sl = slice(start, min(start + CHUNK_RUNS, runs))
        served, exposure = _exposure(m, spend, sl)
        coef = adjust[None] * (1.0 - m.rate_ratio[sl])  # (r, L, O)
        avoided = np.zeros((n_eff, served.shape[0], horizon, width, n_loc))  # (O, r, Y, L, K)
        for j, idx in enumerate(acting):
            if idx.size == 0:
                continue
            # each acting lever's standalone effect as a share of the mitigable pool, capped at all of it
            share = exposure[:, :, idx, :] * coef[:, None, idx, j, None]
            share *= (per_person[:, :, j] * inv_pool[:, :, j])[None, :, None, :]
            np.minimum(share, 1.0, out=share)
            p = pool[None, :, None, :, j]
            if detail:
                avoided[j][:, :, idx, :] = p * shapley_shares(share, axis=2)
            else:
                # combined: pool x (1 - prod(1 - share)), as -expm1(sum(log1p(-share))) to keep small effects exact
                with np.errstate(divide="ignore"):
                    logs = np.log1p(-share)
                avoided[j][:, :, 0, :] = pool[None, :, :, j] * -np.expm1(logs.sum(axis=2))

        v = store[:, sl]
        for k, counts in COUNTED:
            if len(counts) == 1:
                v[k] = avoided[counts[0]]
            else:
                np.add(avoided[counts[0]], avoided[counts[1]], out=v[k])
                for j in counts[2:]:
                    v[k] += avoided[j]
        ea = v[o["emergency_admissions_avoided"]]
        if detail:
            np.multiply(served, modelled_mask, out=v[o["people_served"]])
        else:
            np.sum(served * modelled_mask, axis=2, keepdims=True, out=v[o["people_served"]])
        np.multiply(ea, los, out=v[o["bed_days_saved"]])
        v[o["spend_gbp"]] = spend_out
        cash = np.add(avoided[_HC] * c_hour, avoided[_CH] * c_ch, out=v[o["cashable_saving_gbp"]])
        non_cash = np.add(ea * c_ea, avoided[_AE] * c_ae, out=v[o["non_cashable_saving_gbp"]])
        non_cash += avoided[_DD] * c_dd
        gross = np.add(cash, non_cash, out=v[o["gross_saving_gbp"]])
        np.subtract(gross, v[o["spend_gbp"]], out=v[o["net_saving_gbp"]])
    if not detail:
        return store.sum(axis=(3, 4))
    return store


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
    store = _compute(m, spend.spend)
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


def objective_weights(m: Inputs, outcome: str) -> tuple[np.ndarray, float]:
    """Weights on each effect outcome's events avoided, and on spend, that make up a headline.

    The headline is 'emergency_admissions_avoided' (falls included) or 'net_saving_gbp'.
    """
    w = np.zeros(len(EFFECT_OUTCOMES))
    if outcome == "emergency_admissions_avoided":
        w[[_EA, _FALLS]] = 1.0
        return w, 0.0
    if outcome == "net_saving_gbp":
        w[[_EA, _FALLS]] = m.c_ea
        w[_AE], w[_HC], w[_CH], w[_DD] = m.c_ae, m.c_hour, m.c_ch, m.c_dd
        return w, 1.0
    raise ValueError(f"no objective for {outcome}")


def headline(m: Inputs, spend: np.ndarray, outcome: str, gradient: bool = False
             ) -> tuple[np.ndarray, np.ndarray | None]:
    """A headline (emergency admissions avoided, or net saving) for each run.

    Over the horizon, all localities and modelled levers: the same figure ``summary.totals`` takes from
    ``run``, computed straight from spend (cohort, year, lever, locality). With `gradient`, also the
    derivative of its mean over runs by each cell of the spend array (exact where the model is smooth;
    the kinks of capacity, risk tiers and decay take the side the current spend is on).

    Returns:
        The headline per run, and the gradient (None without `gradient`).
    """
    w, w_spend = objective_weights(m, outcome)
    total_spend = spend.sum(axis=0)
    values = np.zeros(m.runs)
    spend_modelled = float((total_spend * m.is_modelled[None, :, None]).sum())
    grad = np.zeros_like(spend)  # d mean / d spend (cohort, Y, L, K)
    for start in range(0, m.runs, CHUNK_RUNS):
        sl = slice(start, min(start + CHUNK_RUNS, m.runs))
        if gradient:
            _, exposure, exposure_slope, carried = _exposure(m, spend, sl, True)
            g_exp = np.zeros_like(exposure)
        else:
            _, exposure = _exposure(m, spend, sl)
        coef = m.adjust[None] * (1.0 - m.rate_ratio[sl])
        for j in np.flatnonzero(w):
            idx = np.flatnonzero(m.present[:, j])
            if idx.size == 0:
                continue
            per_exposure = coef[:, None, idx, j, None] * (m.per_person[:, :, j] * m.inv_pool[:, :, j])[None, :, None, :]
            raw = exposure[:, :, idx, :] * per_exposure
            share = np.minimum(raw, 1.0)
            with np.errstate(divide="ignore"):
                logs = np.log1p(-share)
            total = logs.sum(axis=2)
            values[sl] += w[j] * (m.pool[None, :, :, j] * -np.expm1(total)).sum(axis=(1, 2))
            if gradient:  # d pool(1 - prod(1 - s)) / d s_l = pool x prod over the other levers
                with np.errstate(invalid="ignore"):
                    others = np.where(raw < 1.0, np.exp(total[:, :, None, :] - logs), 0.0)
                g_exp[:, :, idx, :] += w[j] * m.pool[None, :, None, :, j] * others * per_exposure
        if gradient:
            g_e0 = np.zeros_like(g_exp)
            carry = np.zeros_like(g_exp[:, 0])
            for y in range(m.horizon - 1, -1, -1):
                g = g_exp[:, y] + carry
                if y > 0:
                    g_e0[:, y] = np.where(carried[:, y], 0.0, g)
                    carry = np.where(carried[:, y], g * m.retain[None, :, None], 0.0)
                else:
                    g_e0[:, 0] = g
            grad += (g_e0[None] * exposure_slope).sum(axis=1)
    values -= w_spend * spend_modelled
    if not gradient:
        return values, None
    grad /= m.runs
    grad -= w_spend * m.is_modelled[None, None, :, None]
    return values, grad
