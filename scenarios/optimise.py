"""Find a better allocation of the plan's spend between levers and localities, within the rules.

Decision: a scale factor per *cell* applied to that cell's movable lines. A cell is a lever in one
locality (lines for a named locality) or area-wide (lines with no locality, which the impact model
spreads over localities by need-weighted population aged 65+); with `per_locality` off a cell is a
whole lever. Movable lines are those not locked, not funded by the Disabled Facilities Grant (which
stays with adaptations) and not on a lever with no modelled effect. Constraints, all linear in the
factors (the BCF rules as ``budget.rules`` states them, then the user's bounds):
- the movable spend in total stays the same (the pool is neither grown nor left unspent);
- spend by each funding stream stays within that stream's income;
- the NHS minimum spent on social care stays at or above the required minimum, where known;
- each factor within 1 ± the maximum change;
- spend on each lever, and in each locality, within any £ bounds the user sets (all lines counted,
  locked ones too; a locality's spend is its own lines', area-wide lines are their own group);
- if asked, each locality's share of the plan year's money within a chosen distance of its share of the need
  (``budget.need``; the money as ``spend.locality_need`` counts it, area-wide lines shared out by need).
Bounds must include today's spend, so the current plan is always allowed and the answer is never
worse than it.

The objective (expected emergency admissions avoided, or expected net saving, over the horizon) is
the engine's mean over a fixed set of runs from one seed (common random numbers), so the search is
reproducible; the search uses fewer runs than the figures reported, which are modelled afresh.
Because a locality's effect depends on the people served there, money moved between localities
changes the result: each locality's risk tiers fill up separately. SciPy's SLSQP does the search
with the engine's exact gradient; the answer is checked against every constraint and modelled again
by the engine, and the current plan is kept when nothing better is found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from budget.models import AREA_WIDE, Plan
from budget.money import gbp
from budget.need import LocalityNeed, need_shares
from budget.reference import LEVER_LABELS, load_reference, norm
from budget.rules import counts_towards_minimum_asc, dfg_funded, stream_limits
from scenarios.engine import run
from scenarios.headline import headline
from scenarios.inputs import prepare
from scenarios.schema import Scenario
from scenarios.spend import build_spend, locality_need
from scenarios.summary import totals

OBJECTIVES = {"admissions": "emergency_admissions_avoided", "net_saving": "net_saving_gbp"}
TOL = 1.0  # £


@dataclass(frozen=True)
class Problem:
    """The search's linear problem: the cells, their movable spend, inequality rows and factor bounds."""

    cells: tuple[str, ...]
    movable: np.ndarray  # (n,) movable spend per cell, £ a year
    a_ub: np.ndarray  # (K, n): rows of A @ f <= b
    b_ub: np.ndarray
    lower: np.ndarray  # (n,) factor bounds
    upper: np.ndarray


@dataclass(frozen=True)
class Cell:
    """What one factor scales: a lever's movable lines in one locality, area-wide, or everywhere."""

    lever: str
    locality: str  # a locality's name, AREA_WIDE, or "" when the cell is the whole lever

    @property
    def label(self) -> str:
        """The lever's label, followed by the locality when the cell has one."""
        name = LEVER_LABELS.get(self.lever, self.lever)
        return f"{name} · {self.locality}" if self.locality else name


@dataclass(frozen=True)
class Allocation:
    """An optimiser's answer: spend before and after, the factors, the new plan and the objective's values."""

    objective: str
    levers: tuple[str, ...]
    before: dict[str, float]  # lever -> movable spend £ a year
    after: dict[str, float]
    factors: dict[Cell, float]
    baseline_value: float
    optimised_value: float
    plan: Plan  # the plan with the optimised spend
    improved: bool
    per_locality: bool = False
    cells: tuple[Cell, ...] = ()
    cell_before: dict[Cell, float] | None = None  # movable spend per cell, £ a year
    cell_after: dict[Cell, float] | None = None
    locality_before: dict[str, float] | None = None  # all spend per locality (and AREA_WIDE), £ a year
    locality_after: dict[str, float] | None = None
    baseline_p50: float = 0.0  # the objective's P50 over the same runs
    optimised_p50: float = 0.0
    need_distance: float | None = None  # each locality's share of the money kept within this of its share of need
    need_before: tuple[LocalityNeed, ...] = ()  # each locality's need beside its money, today and optimised
    need_after: tuple[LocalityNeed, ...] = ()
    moved_to_need: bool = False  # today's plan was further from need than allowed, and the answer is not

    @property
    def better(self) -> bool:
        """Whether the answer achieves more than today's plan (it may not, when moved towards need)."""
        return self.improved and self.optimised_value > self.baseline_value


def solve(value: Callable[[np.ndarray], float | tuple[float, np.ndarray]], problem: Problem,
          start: np.ndarray | None = None, total: float = 1.0, gradient: bool = False,
          maxiter: int = 100, ftol: float = 1e-7) -> np.ndarray:
    """Factors that maximise value(f) subject to the problem's constraints.

    The movable spend in total is `total` times today's. SLSQP searches, starting from every cell
    scaled alike (or from `start`); with `gradient`, value returns (value, gradient). Values are scaled to
    about 1, so the default `ftol` stops the search when a step gains less than a ten-millionth of the
    objective (a hundredth of an admission on a plan avoiding 100,000); a tighter one only spends iterations.
    """
    n = len(problem.cells)
    f0 = np.full(n, total) if start is None else start
    f0 = np.clip(f0, problem.lower, problem.upper)
    mass = max(problem.movable.sum(), 1.0)
    cons = [{"type": "eq", "fun": lambda f: float(problem.movable @ f - total * problem.movable.sum()) / mass,
             "jac": lambda f: problem.movable / mass}]
    if len(problem.b_ub):
        scale = np.maximum(np.abs(problem.b_ub), mass * 1e-3)
        a_scaled = problem.a_ub / scale[:, None]
        cons.append({"type": "ineq", "fun": lambda f: problem.b_ub / scale - a_scaled @ f, "jac": lambda f: -a_scaled})
    if gradient:
        def fun(f):
            v, g = value(f)
            return -v, -g
    else:
        def fun(f):
            return -value(f)
    res = minimize(fun, f0, method="SLSQP", jac=gradient or None,
                   bounds=list(zip(problem.lower, problem.upper, strict=True)), constraints=cons,
                   options={"maxiter": maxiter, "ftol": ftol if gradient else 1e-6, "eps": 1e-3})
    return np.clip(res.x, problem.lower, problem.upper)


def feasible(f: np.ndarray, problem: Problem) -> bool:
    """True when factors `f` are within their bounds, keep the movable total, and meet every row (to £1)."""
    if np.any(f < problem.lower - 1e-9) or np.any(f > problem.upper + 1e-9):
        return False
    if abs(float(problem.movable @ (f - 1.0))) > TOL:
        return False
    return bool(np.all(problem.a_ub @ f <= problem.b_ub + TOL))


@dataclass(frozen=True)
class _Layout:
    """Which lines move, and the cell each belongs to."""

    lever_of: tuple[str, ...]  # per line
    cell_of: dict[int, int]  # movable line -> cell index
    cells: tuple[Cell, ...]
    movable: np.ndarray  # (n,) £ a year

    def factors_by_line(self, f: np.ndarray) -> dict[int, float]:
        """Each movable line's factor, from its cell's."""
        return {i: float(f[j]) for i, j in self.cell_of.items()}


def locality_group(plan: Plan, name: str) -> str:
    """The locality a line's locality text names (the plan's spelling), or AREA_WIDE when blank."""
    if not name.strip():
        return AREA_WIDE
    key = norm(name)
    return next((loc.name for loc in plan.localities if norm(loc.name) == key), name.strip())


def _layout(plan: Plan, locked: set[str], per_locality: bool, all_modelled: bool = False) -> _Layout:
    ref = load_reference(plan.year)
    lever_of = tuple(ref.line_lever(x.scheme_type, x.sub_type) for x in plan.lines)
    movable_ids = [i for i, x in enumerate(plan.lines)
                   if (all_modelled or x.scheme_id not in locked) and not dfg_funded(x)
                   and lever_of[i] != "none"]
    key = {i: Cell(lever_of[i], locality_group(plan, plan.lines[i].locality) if per_locality else "")
           for i in movable_ids}
    cells = tuple(sorted(set(key.values()), key=lambda c: (c.lever, c.locality != AREA_WIDE, c.locality)))
    index = {c: j for j, c in enumerate(cells)}
    movable = np.zeros(len(cells))
    for i in movable_ids:
        movable[index[key[i]]] += plan.lines[i].amount
    return _Layout(lever_of, {i: index[key[i]] for i in movable_ids}, cells, movable)


def _scaled(plan: Plan, layout: _Layout, f: np.ndarray, exact_total: bool = True) -> Plan:
    """The plan with movable lines scaled by their cell's factor, to the penny.

    A line's planned outputs are scaled with its money, so it keeps its own cost per output, as the search
    priced it (the plan's people per pound); otherwise money added to a line that states its outputs would buy
    nobody, and money cut from it would keep its people. With `exact_total`, the pennies lost to rounding are
    put back on the largest movable line so the total is unchanged.
    """
    by_line = layout.factors_by_line(f)

    def scaled(x, factor: float):
        update: dict = {"amount": round(max(x.amount * factor, 0.0), 2)}
        if x.planned_outputs is not None and x.amount > 0:
            update["planned_outputs"] = x.planned_outputs * update["amount"] / x.amount
        return x.model_copy(update=update)

    lines = [scaled(x, by_line[i]) if i in by_line else x for i, x in enumerate(plan.lines)]
    if by_line and exact_total:
        residual = round(plan.total_expenditure - round(sum(x.amount for x in lines), 2), 2)
        if abs(residual) <= 0.01 * len(by_line):
            big = max(by_line, key=lambda i: lines[i].amount)
            if lines[big].amount > 0:
                lines[big] = scaled(lines[big], round(lines[big].amount + residual, 2) / lines[big].amount)
    return plan.model_copy(update={"lines": tuple(lines)})


def _cell_spend(plan: Plan, scenario: Scenario, layout: _Layout) -> tuple[np.ndarray, np.ndarray]:
    """The engine's spend array (cohort, year, lever, locality), split into the rest and the cells.

    The cells' part is what each holds at today's amounts (n, ...), so that spend(f) = rest + f @ cells.
    """
    base = build_spend(plan, scenario).spend
    parts = np.empty((len(layout.cells),) + base.shape)
    for j in range(len(layout.cells)):
        f = np.ones(len(layout.cells))
        f[j] = 2.0
        parts[j] = build_spend(_scaled(plan, layout, f, exact_total=False), scenario).spend - base
    return base - parts.sum(axis=0), parts


def _range_text(lo: float, hi: float) -> str:
    if np.isinf(hi):
        return f"at least {gbp(lo)}"
    if lo <= 0:
        return f"at most {gbp(hi)}"
    return f"{gbp(lo)} to {gbp(hi)}"


def _bound_message(what: str, lo: float, hi: float, today: float) -> str:
    if lo > hi:
        return f"the minimum for {what} ({gbp(lo)}) is above its maximum ({gbp(hi)}); swap or correct them"
    return (f"the bounds for {what} ({_range_text(lo, hi)}) exclude today's spend there ({gbp(today)}); "
            "widen them to include it")


def within_need(rows: tuple[LocalityNeed, ...], distance: float) -> bool:
    """Whether every locality's share of the money is within `distance` (a share, 0.05 = 5 points) of its need's."""
    return all(abs(r.spend_share - r.need_share) <= distance + 1e-9 for r in rows)


def _need_rows(plan: Plan, rest: np.ndarray, parts: np.ndarray, distance: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows keeping each locality's share of the plan year's money within `distance` of its share of the need.

    The money in locality k is S_k(f) = rest_k + parts_k @ f (the engine's spend in the first year, all levers
    and cohorts), its total T(f); S_k - (need_k + d) T <= 0 and (need_k - d) T - S_k <= 0 are linear in f.
    """
    shares = np.array(need_shares(plan.localities))
    r = rest[:, 0].sum(axis=(0, 1))  # (K,) £
    p = parts[:, :, 0].sum(axis=(1, 2)) if parts.size else np.zeros((0, len(shares)))  # (n, K)
    p_total, r_total = p.sum(axis=1), r.sum()
    rows = [p[:, k] - (shares[k] + distance) * p_total for k in range(len(shares))]
    rows += [(shares[k] - distance) * p_total - p[:, k] for k in range(len(shares))]
    rhs = [(shares[k] + distance) * r_total - r[k] for k in range(len(shares))]
    rhs += [r[k] - (shares[k] - distance) * r_total for k in range(len(shares))]
    return np.array(rows), np.array(rhs)


def optimise(plan: Plan, scenario: Scenario | None = None, *, objective: str = "admissions", max_change: float = 0.25,
             bounds: dict[str, tuple[float, float]] | None = None, locked: set[str] | None = None,
             locality_bounds: dict[str, tuple[float, float]] | None = None, per_locality: bool = True,
             runs: int = 1000, search_runs: int = 300, seed: int = 1, need_distance: float | None = None) -> Allocation:
    """Re-allocate movable spend between levers (and, with `per_locality`, between localities).

    The search uses `search_runs` runs; the figures reported, and the check that the answer beats
    the current plan, use `runs`.
    `bounds` are £ a year per lever (min, max), `locality_bounds` £ a year per locality name or
    AREA_WIDE (min, max), both on all the spend there; `locked` holds scheme IDs whose lines must not
    move. With `need_distance` (a share: 0.05 is 5 percentage points), each locality's share of the plan
    year's money (``spend.locality_need``) stays within that distance of its share of the need; where today's
    plan is further away, the answer is the best plan found that is not, even if it achieves less. Raises
    ValueError with a sentence saying what to change when an input cannot be used.
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}")
    if not 0 <= max_change <= 1:
        raise ValueError("the maximum change must be between 0% and 100%")
    if need_distance is not None and not 0 <= need_distance <= 1:
        raise ValueError("the distance from each locality's share of need must be between 0 and 100 percentage points")
    scenario = scenario or Scenario()
    locked = locked or set()
    layout = _layout(plan, locked, per_locality)
    cells, movable, n = layout.cells, layout.movable, len(layout.cells)

    rows: list[np.ndarray] = []
    rhs: list[float] = []

    def linear(pick: Callable[[int], bool]) -> tuple[np.ndarray, float]:
        """Coefficients on the factors, and the fixed £, of the spend on the lines `pick` selects."""
        coef, fixed = np.zeros(n), 0.0
        for i, x in enumerate(plan.lines):
            if pick(i):
                if i in layout.cell_of:
                    coef[layout.cell_of[i]] += x.amount
                else:
                    fixed += x.amount
        return coef, fixed

    for stream, limit in sorted(stream_limits(plan).items()):
        coef, fixed = linear(lambda i, s=stream: plan.lines[i].source_of_funding == s)
        if coef.any():
            rows.append(coef)
            rhs.append(max(limit - fixed, float(coef.sum())))  # never tighter than today
    if plan.minimum_nhs_asc_required is not None:
        coef, fixed = linear(lambda i: counts_towards_minimum_asc(plan.lines[i]))
        if coef.any():  # -coef @ f <= fixed - required
            rows.append(-coef)
            rhs.append(min(fixed - plan.minimum_nhs_asc_required, -float(coef.sum())))

    def user_bounds(what: str, pick: Callable[[int], bool], lo: float, hi: float) -> None:
        coef, fixed = linear(pick)
        today = fixed + float(coef.sum())
        if lo > hi or today < lo - TOL or today > hi + TOL:
            raise ValueError(_bound_message(what, lo, hi, today))
        if coef.any() and np.isfinite(hi):
            rows.append(coef)
            rhs.append(max(hi - fixed, float(coef.sum())))
        if coef.any() and lo > 0:
            rows.append(-coef)
            rhs.append(min(fixed - lo, -float(coef.sum())))

    for lv, (lo, hi) in sorted((bounds or {}).items()):
        user_bounds(LEVER_LABELS.get(lv, lv), lambda i, lv=lv: layout.lever_of[i] == lv, lo, hi)
    names = {norm(loc.name): loc.name for loc in plan.localities} | {norm(AREA_WIDE): AREA_WIDE}
    for name, (lo, hi) in sorted((locality_bounds or {}).items()):
        if norm(name) not in names:
            raise ValueError(f"'{name}' is not one of the plan's localities; use one of "
                             f"{', '.join(sorted(names.values()))}")
        group = names[norm(name)]
        user_bounds(group, lambda i, g=group: locality_group(plan, plan.lines[i].locality) == g, lo, hi)

    rest, parts = _cell_spend(plan, scenario, layout) if n else (None, None)
    need_before = locality_need(plan, scenario)
    today_near_need = need_distance is None or within_need(need_before, need_distance)
    if need_distance is not None and n and len(plan.localities) > 1:
        # searched a little inside the distance, so the answer rounded to the penny is still within it
        need_rows, need_rhs = _need_rows(plan, rest, parts, max(need_distance - 0.0005, need_distance / 2))
        rows += list(need_rows)
        rhs += list(need_rhs)
    problem = Problem(tuple(c.label for c in cells), movable, np.array(rows).reshape(len(rows), n), np.array(rhs),
                      np.full(n, 1 - max_change), np.full(n, 1 + max_change))
    outcome = OBJECTIVES[objective]

    def modelled(p: Plan) -> tuple[float, float]:
        samples = totals(run(scenario, p, runs=runs, seed=seed), outcome)
        return float(samples.mean()), float(np.percentile(samples, 50))

    base_value, base_p50 = modelled(plan)
    f = np.ones(n)
    if n:
        inputs = prepare(scenario, plan, runs=min(search_runs, runs), seed=seed)
        scale = max(abs(base_value), 1.0)  # SLSQP behaves best on values near 1

        def value(x: np.ndarray) -> tuple[float, np.ndarray]:
            v, g = headline(inputs, rest + np.tensordot(x, parts, axes=1), outcome, gradient=True)
            return float(v.mean()) / scale, np.tensordot(parts, g, axes=g.ndim) / scale

        f = solve(value, problem, gradient=True)
    improved = False
    new_value, new_p50 = base_value, base_p50
    if n and feasible(f, problem):
        candidate = _scaled(plan, layout, f)
        if need_distance is None or within_need(locality_need(candidate, scenario), need_distance):
            new_value, new_p50 = modelled(candidate)
            improved = new_value > base_value or not today_near_need
    if not improved:
        if not today_near_need:
            raise ValueError(
                f"no plan found keeps every locality's share of the money within {need_distance:.0%} of its share of "
                f"the need with changes of at most {max_change:.0%}; allow bigger changes or a wider distance")
        f, new_value, new_p50 = np.ones(n), base_value, base_p50
    new_plan = _scaled(plan, layout, f) if improved else plan
    levers = tuple(sorted({c.lever for c in cells}))
    before = {lv: float(sum(movable[j] for j, c in enumerate(cells) if c.lever == lv)) for lv in levers}
    after = {lv: float(sum(movable[j] * f[j] for j, c in enumerate(cells) if c.lever == lv)) for lv in levers}
    return Allocation(
        objective=objective, levers=levers, before=before, after=after,
        factors={c: float(f[j]) for j, c in enumerate(cells)}, baseline_value=base_value, optimised_value=new_value,
        plan=new_plan, improved=improved, per_locality=per_locality, cells=cells,
        cell_before={c: float(movable[j]) for j, c in enumerate(cells)},
        cell_after={c: float(movable[j] * f[j]) for j, c in enumerate(cells)},
        locality_before=spend_on_locality_lines(plan), locality_after=spend_on_locality_lines(new_plan),
        baseline_p50=base_p50, optimised_p50=new_p50, need_distance=need_distance, need_before=need_before,
        need_after=locality_need(new_plan, scenario) if improved else need_before,
        moved_to_need=improved and not today_near_need,
    )


def spend_on_locality_lines(plan: Plan) -> dict[str, float]:
    """All spend on each locality's own lines (the plan's localities in order), then on area-wide lines.

    Area-wide lines are under ``AREA_WIDE``; £ a year.
    """
    out = {loc.name: 0.0 for loc in plan.localities}
    for x in plan.lines:
        group = locality_group(plan, x.locality)
        out[group] = out.get(group, 0.0) + x.amount
    return out


@dataclass(frozen=True)
class FrontierPoint:
    """One budget on the frontier: share of the pool, total spend, the best P10/P50/P90, spend by lever."""

    share_of_pool: float  # total spend as a share of the pool (the income)
    total_spend: float  # £ a year, all lines
    p10: float
    p50: float
    p90: float
    spend_by_lever: dict[str, float]


def frontier(plan: Plan, scenario: Scenario | None = None, *, objective: str = "admissions", points: int = 21,
             low: float = 0.5, high: float = 1.5, runs: int = 1000, search_runs: int = 250, seed: int = 1,
             per_locality: bool = True) -> list[FrontierPoint]:
    """The best achievable result (P50 with P10-P90 over `runs` runs) for each total spend.

    Total spend runs from `low` to `high` times the pool. DFG and unmodelled lines stay as they are and the
    movable lines share the rest, so a budget below the fixed lines, or one needing more than three times
    today's movable spend, cannot be reached and is left out. Each budget's allocation is searched on
    `search_runs` runs from the same seed, starting from the neighbouring budget's answer, then modelled on
    all `runs`. Budgets above the pool are what-ifs, so stream limits are not applied here.
    """
    scenario = scenario or Scenario()
    layout = _layout(plan, set(), per_locality, all_modelled=True)
    n, movable = len(layout.cells), layout.movable
    problem = Problem(tuple(c.label for c in layout.cells), movable, np.zeros((0, n)), np.zeros(0), np.zeros(n),
                      np.full(n, 3.0))
    outcome = OBJECTIVES[objective]
    fixed = plan.total_expenditure - float(movable.sum())
    full = prepare(scenario, plan, runs=runs, seed=seed)
    search = prepare(scenario, plan, runs=min(search_runs, runs), seed=seed)
    rest, parts = _cell_spend(plan, scenario, layout) if n else (build_spend(plan, scenario).spend, None)

    def spend(x: np.ndarray) -> np.ndarray:
        return rest + np.tensordot(x, parts, axes=1) if n else rest

    scale = max(abs(float(headline(search, spend(np.ones(n)), outcome)[0].mean())), 1.0)

    def value(x: np.ndarray) -> tuple[float, np.ndarray]:
        v, g = headline(search, spend(x), outcome, gradient=True)
        return float(v.mean()) / scale, np.tensordot(parts, g, axes=g.ndim) / scale

    pool = plan.total_income if plan.total_income > 0 else plan.total_expenditure
    shares = np.linspace(low, high, points)
    budgets = (shares * pool - fixed) / max(float(movable.sum()), 1.0)  # movable spend as a share of today's
    reachable = (
        (budgets >= 0) & (budgets <= float(problem.upper.max(initial=3.0))) if n else np.isclose(shares * pool, fixed)
    )
    out: dict[int, FrontierPoint] = {}
    middle = int(np.argmin(np.abs(shares - 1.0)))
    # from today's budget outwards, each point starting from its neighbour's answer
    for order in (range(middle, points), range(middle - 1, -1, -1)):
        start = None
        for k in order:
            if not reachable[k]:
                continue
            t = float(budgets[k])
            if n:
                guess = None if start is None else start[0] * t / start[1]
                f = solve(value, problem, start=guess, total=t, gradient=True, maxiter=60, ftol=1e-6)
                start = (f, t)
            else:
                f = np.ones(0)
            samples = headline(full, spend(f), outcome)[0]
            p10, p50, p90 = (float(x) for x in np.percentile(samples, [10, 50, 90]))
            by_lever: dict[str, float] = {}
            for j, c in enumerate(layout.cells):
                by_lever[c.lever] = by_lever.get(c.lever, 0.0) + float(movable[j] * f[j])
            out[k] = FrontierPoint(float(shares[k]), fixed + float(movable @ f), p10, p50, p90, by_lever)
    return [out[k] for k in sorted(out)]
