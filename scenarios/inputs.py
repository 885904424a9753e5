"""What the engine's arithmetic needs besides the spend: every drawn parameter and the plan's fixed figures.

``prepare`` draws every uncertain parameter for every run from one ``numpy.random.default_rng(seed)``
(a Latin hypercube with antithetic pairs; run 0 is the central estimate) and builds the plan's
deterministic inputs (baseline, eligibility and its cap, risk tiers, ramp-up, decay, unit costs) into
an ``Inputs``. ``scenarios.engine.run`` and the optimiser's ``scenarios.headline`` take spend arrays
against it, so every allocation is modelled on the same draws.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from budget.models import Plan
from budget.reference import LEVERS
from scenarios.assumptions import Assumptions, load_assumptions
from scenarios.baseline import BaselineArrays, build_baseline
from scenarios.outcomes import EFFECT_OUTCOMES
from scenarios.overrides import apply_overrides
from scenarios.sampling import draw, standard_normal_draws
from scenarios.schema import Scenario
from scenarios.served import MIN_UNIT_COST, effect_present, eligibility
from scenarios.sourced import Interval
from scenarios.spend import StatedOutputs, stated_outputs

CHUNK_RUNS = 1024  # runs the optimiser's objective (headline.py) computes together; bounds its temporary arrays
# runs the engine's results are worked out for together: small enough for its working arrays to stay in the cache
BLOCK_RUNS = 256

# positions of the effect outcomes the engine's formulas name, in EFFECT_OUTCOMES
EA, AE, FALLS, CH, HC, DD = (EFFECT_OUTCOMES.index(o) for o in (
    "emergency_admissions", "ae_attendances", "falls_admissions", "care_home_admissions", "home_care_hours",
    "delayed_discharge_days"))


# the parameter drawn for an outcome a lever has no effect on: a rate ratio of 1 in every run (made without building
# Interval's validator; the tests check it passes its checks unchanged)
NO_EFFECT = Interval.model_construct(low=1.0, central=1.0, high=1.0, distribution="fixed",
                                     source="no effect assumed", grade="judgement")

# the draws of the last few (seed, runs, intervals) asked for: every area and every allocation modelled with the
# same settings draws the same parameters, so they are drawn once
_DRAWS: dict[tuple, np.ndarray] = {}
_DRAWS_KEPT = 4
_DRAWS_MAX_VALUES = 2_000_000  # larger draws are not kept
_DRAWS_LOCK = threading.Lock()


def drawn_parameters(seed: int, runs: int, intervals: list[Interval]) -> np.ndarray:
    """(run, parameter) values of every interval for every run, read-only: ``sampling.draw`` of the seed's draws.

    The same seed, number of runs and intervals always give the same values, so recent ones are kept.
    """
    key = (seed, runs, tuple((i.low, i.central, i.high, i.distribution) for i in intervals))
    with _DRAWS_LOCK:
        kept = _DRAWS.get(key)
    if kept is not None:
        return kept
    params = draw(standard_normal_draws(np.random.default_rng(seed), runs, len(intervals)), intervals)
    params.flags.writeable = False
    if params.size <= _DRAWS_MAX_VALUES:
        with _DRAWS_LOCK:
            while len(_DRAWS) >= _DRAWS_KEPT:
                del _DRAWS[next(iter(_DRAWS))]
            _DRAWS[key] = params
    return params


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
    tier_levers: tuple[slice | None, ...]  # (T,) the levers with people in each tier, first to last; None: none
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
            intervals.append(a.effect(lv, o) or NO_EFFECT)
    params = drawn_parameters(seed, runs, intervals)
    per_lever = 1 + n_eff
    unit_cost = np.maximum(params[:, 0::per_lever], MIN_UNIT_COST)  # (R, L); run 0 = served.central_unit_cost
    rate_ratio = np.clip(params.reshape(runs, n_lev, per_lever)[:, :, 1:], 0.0, None)  # (R, L, O)

    # ---- deterministic inputs ----------------------------------------------------------------
    pop65 = base.population_65_plus[1:]  # (Y, K)
    counts = base.counts[1:]  # (Y, K, O); emergency admissions include falls
    effect_counts = counts.copy()
    effect_counts[..., EA] = np.maximum(counts[..., EA] - counts[..., FALLS], 0.0)  # non-falls admissions
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
    tier_levers = tuple(slice(int(i[0]), int(i[-1]) + 1) if (i := np.flatnonzero(tier_share[:, t] > 0)).size else None
                        for t in range(n_tier))

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
    since = np.arange(horizon)[None, :] - np.arange(horizon)[:, None]  # (cohort - 1, Y): years since cohort c started
    for i, la in enumerate(lever_a):  # la.ramp_up.share(years since the start), for every cohort and year at once
        profile = np.array(la.ramp_up.profile, dtype=float)
        ramp[1:, :, i] = profile[np.clip(since, 0, profile.size - 1)]
    retain = np.array([la.decay.retained_per_year for la in lever_a])
    stated = stated_outputs(plan)
    costs = a.unit_costs.costs
    return Inputs(
        scenario=scenario, assumptions=a, baseline=base, runs=runs, seed=seed, horizon=horizon,
        parameter_names=tuple(names), parameters=params, unit_cost=unit_cost, rate_ratio=rate_ratio,
        per_person=per_person, pool=pool, inv_pool=inv_pool, eligible=eligible, capacity=capacity,
        per_pound=stated.people_per_pound(unit_cost),
        tier_share=tier_share, tier_risk=tier_risk, tier_start=tier_start, tier_levers=tier_levers, present=present,
        adjust=adjust,
        modelled=modelled, is_modelled=is_modelled, ramp=ramp, retain=retain, stated=stated,
        c_ea=costs.emergency_admission.value, c_ae=costs.ae_attendance.value, c_hour=costs.home_care_hour.value,
        c_ch=costs.care_home_admission, c_dd=costs.delayed_bed_day.value, los=base.length_of_stay_days,
    )
