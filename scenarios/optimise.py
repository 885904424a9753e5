"""Find a better allocation of the plan's spend between levers, within the rules.

Decision: a scale factor per modelled lever applied to that lever's movable lines (lines not
locked, not funded by the Disabled Facilities Grant, which stays with adaptations, and not on a
lever with no modelled effect). Constraints, all linear in the factors:
- the movable spend in total stays the same (the pool is neither grown nor left unspent);
- spend by each funding stream stays within that stream's income;
- the NHS minimum spent on social care stays at or above the required minimum, where known;
- each factor within 1 ± the maximum change, and within any bounds the user sets per lever.
The objective (expected emergency admissions avoided, or expected net saving, over the horizon) is
the engine's mean over a fixed set of runs (common random numbers), so the search is reproducible.
SciPy's SLSQP does the search; the answer is checked against every constraint and is never worse
than the current plan, which is kept when nothing better is found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from budget.models import Plan
from budget.reference import LEVER_LABELS, load_reference
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import totals

OBJECTIVES = {"admissions": "emergency_admissions_avoided", "net_saving": "net_saving_gbp"}
TOL = 1.0  # £


@dataclass(frozen=True)
class Problem:
    levers: tuple[str, ...]
    movable: np.ndarray  # (L,) movable spend per lever, £ a year
    a_ub: np.ndarray  # (K, L): rows of A @ f <= b
    b_ub: np.ndarray
    lower: np.ndarray  # (L,) factor bounds
    upper: np.ndarray


@dataclass(frozen=True)
class Allocation:
    objective: str
    levers: tuple[str, ...]
    before: dict[str, float]  # lever -> movable spend £ a year
    after: dict[str, float]
    factors: dict[str, float]
    baseline_value: float
    optimised_value: float
    plan: Plan  # the plan with the optimised spend
    improved: bool


def solve(value: Callable[[np.ndarray], float], problem: Problem, start: np.ndarray | None = None,
          total: float = 1.0) -> np.ndarray:
    """Factors that maximise value(f) subject to the problem's constraints, with the movable spend in
    total `total` times today's (SLSQP, starting from every lever scaled alike)."""
    n = len(problem.levers)
    f0 = np.full(n, total) if start is None else start
    f0 = np.clip(f0, problem.lower, problem.upper)
    cons = [{"type": "eq", "fun": lambda f: float(problem.movable @ f - total * problem.movable.sum())
             / max(problem.movable.sum(), 1.0)}]
    if len(problem.b_ub):
        scale = np.maximum(np.abs(problem.b_ub), 1.0)
        cons.append({"type": "ineq", "fun": lambda f: (problem.b_ub - problem.a_ub @ f) / scale})
    res = minimize(lambda f: -value(f), f0, method="SLSQP", bounds=list(zip(problem.lower, problem.upper, strict=True)),
                   constraints=cons, options={"maxiter": 60, "ftol": 1e-6, "eps": 1e-3})
    return np.clip(res.x, problem.lower, problem.upper)


def feasible(f: np.ndarray, problem: Problem) -> bool:
    if np.any(f < problem.lower - 1e-9) or np.any(f > problem.upper + 1e-9):
        return False
    if abs(float(problem.movable @ (f - 1.0))) > TOL:
        return False
    return bool(np.all(problem.a_ub @ f <= problem.b_ub + TOL))


def _scaled(plan: Plan, movable_ids: set[int], lever_of: dict[int, str], factors: dict[str, float]) -> Plan:
    """The plan with movable lines scaled by their lever's factor, to the penny, and the pennies lost
    to rounding put back on the largest movable line so the total spend is unchanged."""
    lines = [x.model_copy(update={"amount": round(x.amount * factors[lever_of[i]], 2)}) if i in movable_ids else x
             for i, x in enumerate(plan.lines)]
    if movable_ids:
        residual = round(plan.total_expenditure - round(sum(x.amount for x in lines), 2), 2)
        if abs(residual) <= 0.01 * len(movable_ids):
            big = max(movable_ids, key=lambda i: lines[i].amount)
            lines[big] = lines[big].model_copy(update={"amount": round(lines[big].amount + residual, 2)})
    return plan.model_copy(update={"lines": tuple(lines)})


def optimise(plan: Plan, scenario: Scenario | None = None, *, objective: str = "admissions", max_change: float = 0.25,
             bounds: dict[str, tuple[float, float]] | None = None, locked: set[str] | None = None,
             runs: int = 300, seed: int = 1) -> Allocation:
    """Re-allocate movable spend between levers. `bounds` are £ a year per lever (min, max);
    `locked` holds scheme IDs whose lines must not move."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}")
    if not 0 <= max_change <= 1:
        raise ValueError("the maximum change must be between 0% and 100%")
    scenario = scenario or Scenario()
    ref = load_reference(plan.year)
    locked = locked or set()
    lever_of = {i: ref.lever(x.scheme_type, x.sub_type) for i, x in enumerate(plan.lines)}
    movable_ids = {i for i, x in enumerate(plan.lines)
                   if x.scheme_id not in locked and x.source_of_funding != "dfg" and lever_of[i] != "none"}
    levers = tuple(sorted({lever_of[i] for i in movable_ids}))
    idx = {lv: j for j, lv in enumerate(levers)}
    movable = np.zeros(len(levers))
    for i in movable_ids:
        movable[idx[lever_of[i]]] += plan.lines[i].amount

    rows, rhs = [], []
    income = plan.income_by_stream()
    for stream in sorted({x.source_of_funding for x in plan.lines}):
        coef = np.zeros(len(levers))
        fixed = 0.0
        for i, x in enumerate(plan.lines):
            if x.source_of_funding != stream:
                continue
            if i in movable_ids:
                coef[idx[lever_of[i]]] += x.amount
            else:
                fixed += x.amount
        if coef.any():
            rows.append(coef)
            rhs.append(max(income.get(stream, 0.0) - fixed, float(coef.sum())))  # never tighter than today
    if plan.minimum_nhs_asc_required is not None:
        coef = np.zeros(len(levers))
        fixed = 0.0
        for i, x in enumerate(plan.lines):
            if x.source_of_funding == "nhs_minimum" and x.area_of_spend == "Social Care":
                if i in movable_ids:
                    coef[idx[lever_of[i]]] += x.amount
                else:
                    fixed += x.amount
        if coef.any():  # -coef @ f <= fixed - required
            rows.append(-coef)
            rhs.append(min(fixed - plan.minimum_nhs_asc_required, -float(coef.sum())))
    lower = np.full(len(levers), 1 - max_change)
    upper = np.full(len(levers), 1 + max_change)
    for lv, (lo, hi) in (bounds or {}).items():
        if lv in idx and movable[idx[lv]] > 0:
            j = idx[lv]
            lower[j] = max(lower[j], lo / movable[j])
            upper[j] = min(upper[j], hi / movable[j])
            if lower[j] > upper[j] or lower[j] > 1 or upper[j] < 1:
                raise ValueError(f"the bounds for {LEVER_LABELS.get(lv, lv)} exclude today's spend "
                                 f"(£{movable[j]:,.0f}) or each other")
    problem = Problem(levers, movable, np.array(rows).reshape(len(rows), len(levers)), np.array(rhs), lower, upper)

    outcome = OBJECTIVES[objective]

    def value(f: np.ndarray) -> float:
        p = _scaled(plan, movable_ids, lever_of, dict(zip(levers, f, strict=True)))
        return float(totals(run(scenario, p, runs=runs, seed=seed), outcome).mean())

    base_value = value(np.ones(len(levers)))
    scale = max(abs(base_value), 1.0)  # SLSQP behaves best on values near 1
    f = solve(lambda x: value(x) / scale, problem) if levers else np.ones(0)
    new_value = value(f) if levers else base_value
    improved = feasible(f, problem) and new_value > base_value
    if not improved:
        f, new_value = np.ones(len(levers)), base_value
    factors = dict(zip(levers, (float(x) for x in f), strict=True))
    return Allocation(
        objective=objective, levers=levers,
        before={lv: float(movable[idx[lv]]) for lv in levers},
        after={lv: float(movable[idx[lv]] * factors[lv]) for lv in levers},
        factors=factors, baseline_value=base_value, optimised_value=new_value,
        plan=_scaled(plan, movable_ids, lever_of, factors), improved=improved,
    )


@dataclass(frozen=True)
class FrontierPoint:
    share_of_today: float  # movable spend as a share of today's
    total_spend: float  # £ a year, all lines
    p10: float
    p50: float
    p90: float
    spend_by_lever: dict[str, float]


def frontier(plan: Plan, scenario: Scenario | None = None, *, objective: str = "admissions", points: int = 21,
             low: float = 0.5, high: float = 1.5, runs: int = 200, seed: int = 1) -> list[FrontierPoint]:
    """The best achievable result (P50 with P10-P90) for movable spend from `low` to `high` times
    today's. Budgets above the pool are what-ifs, so stream limits are not applied here; locked, DFG
    and unmodelled lines stay as they are."""
    scenario = scenario or Scenario()
    ref = load_reference(plan.year)
    lever_of = {i: ref.lever(x.scheme_type, x.sub_type) for i, x in enumerate(plan.lines)}
    movable_ids = {i for i, x in enumerate(plan.lines) if x.source_of_funding != "dfg" and lever_of[i] != "none"}
    levers = tuple(sorted({lever_of[i] for i in movable_ids}))
    movable = np.array([sum(plan.lines[i].amount for i in movable_ids if lever_of[i] == lv) for lv in levers])
    problem = Problem(levers, movable, np.zeros((0, len(levers))), np.zeros(0), np.zeros(len(levers)),
                      np.full(len(levers), 3.0))
    outcome = OBJECTIVES[objective]
    fixed = plan.total_expenditure - float(movable.sum())
    out = []
    start = None
    for t in np.linspace(low, high, points):
        def value(f: np.ndarray) -> float:
            p = _scaled_free(plan, movable_ids, lever_of, dict(zip(levers, f, strict=True)))
            return float(totals(run(scenario, p, runs=runs, seed=seed), outcome).mean())

        scale = max(abs(value(np.full(len(levers), t))), 1.0)
        f = solve(lambda x, v=value, s=scale: v(x) / s, problem, start=start, total=float(t))
        start = f * (t + (high - low) / max(points - 1, 1)) / t if t > 0 else None
        p = _scaled_free(plan, movable_ids, lever_of, dict(zip(levers, f, strict=True)))
        samples = totals(run(scenario, p, runs=runs, seed=seed), outcome)
        p10, p50, p90 = (float(x) for x in np.percentile(samples, [10, 50, 90]))
        out.append(FrontierPoint(float(t), fixed + float(movable @ f), p10, p50, p90,
                                 {lv: float(movable[j] * f[j]) for j, lv in enumerate(levers)}))
    return out


def _scaled_free(plan: Plan, movable_ids: set[int], lever_of: dict[int, str], factors: dict[str, float]) -> Plan:
    lines = tuple(x.model_copy(update={"amount": max(x.amount * factors[lever_of[i]], 0.0)}) if i in movable_ids else x
                  for i, x in enumerate(plan.lines))
    return plan.model_copy(update={"lines": lines})


@dataclass(frozen=True)
class Swing:
    lever: str
    outcome: str  # the effect swung, e.g. 'emergency_admissions'
    low_value: float  # the headline with the effect at its low (P10) end
    high_value: float
    central_value: float

    @property
    def width(self) -> float:
        return abs(self.high_value - self.low_value)


def tornado(plan: Plan, scenario: Scenario | None = None, *, objective: str = "net_saving", top: int = 10) -> list[Swing]:
    """Each effect assumption swung between its low and high ends, every other figure central: the
    assumptions that move the headline most, largest swing first."""
    from scenarios.assumptions import AssumptionOverride, EffectOverride, load_assumptions

    scenario = scenario or Scenario()
    outcome = OBJECTIVES[objective]
    library = load_assumptions(scenario.stance)

    def central(extra: tuple = ()) -> float:
        s = scenario.model_copy(update={"assumption_overrides": (*scenario.assumption_overrides, *extra)})
        return float(totals(run(s, plan, runs=1, seed=0), outcome)[0])  # run 0 is the central estimate

    base = central()
    swings = []
    for lever, effects in library.effects.items():
        for name, interval in effects.items():
            ends = []
            for x in (interval.low, interval.high):
                override = AssumptionOverride(lever=lever, effects=(EffectOverride(
                    outcome=name, low=x, central=x, high=x, distribution="fixed", unit=interval.unit,
                    source="sensitivity swing", grade=interval.grade),))
                ends.append(central((override,)))
            swings.append(Swing(lever, name, ends[0], ends[1], base))
    return sorted(swings, key=lambda s: s.width, reverse=True)[:top]


@dataclass(frozen=True)
class BreakEven:
    lever: str
    outcome: str  # the lever's main effect (the one whose evidence range reaches furthest)
    rate_ratio: float | None  # that effect at break-even, others central (1 = no effect); None: never pays
    low: float  # its evidence range: P10, central, P90
    central: float
    high: float

    @property
    def within_evidence(self) -> bool:
        """True when an effect inside the evidence range would pay for the lever."""
        return self.rate_ratio is not None and self.rate_ratio >= self.low


def break_even(plan: Plan, scenario: Scenario | None = None) -> list[BreakEven]:
    """For each funded lever, the smallest effect (rate ratio on its main outcome, the other effects
    at their central values) at which the lever's central net saving reaches zero, beside the
    evidence range for that effect."""
    from scipy.optimize import brentq

    from scenarios.assumptions import AssumptionOverride, EffectOverride, load_assumptions

    scenario = scenario or Scenario()
    library = load_assumptions(scenario.stance)
    ref = load_reference(plan.year)
    funded = {ref.lever(x.scheme_type, x.sub_type) for x in plan.lines if x.amount > 0}
    out = []
    for lever, effects in library.effects.items():
        if lever not in funded or not effects:
            continue
        main = max(effects, key=lambda o: 1 - effects[o].low)
        e = effects[main]

        def net(r: float, lever: str = lever, main: str = main, e=e) -> float:
            override = AssumptionOverride(lever=lever, effects=(EffectOverride(
                outcome=main, low=r, central=r, high=r, distribution="fixed", unit=e.unit,
                source="break-even search", grade=e.grade),))
            s = scenario.model_copy(update={"assumption_overrides": (*scenario.assumption_overrides, override)})
            return float(totals(run(s, plan, runs=1, seed=0), "net_saving_gbp", levers=(lever,))[0])

        r = None
        if net(1.0) >= 0:
            r = 1.0
        elif net(0.0) >= 0:
            r = float(brentq(net, 0.0, 1.0, xtol=1e-4))
        out.append(BreakEven(lever, main, r, e.low, e.central, e.high))
    return out
