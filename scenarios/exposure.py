"""People served and their risk-weighted exposure, by run, year, lever and locality, after ramp-up and decay.

``risk_weighted`` fills each lever's risk tiers, highest risk first, with the people its spend serves
(``scenarios.served.serve``, within the eligibility cap); ``served_exposure`` stacks the spend's cohorts
(established first) so that ramp-up falls on the people new money adds, and lets an effect fade by the
lever's decay when funding falls. With ``keep`` both also give the slope the optimiser's gradient needs.

What depends on the spend alone, not on the run (the levels of spend whose people count, in which years and
at what share of full effect), is worked out once by ``levels``. The arithmetic is done with the runs last
(lever, year, locality, run: ``working_exposure``), so that every figure that does not vary by run is applied
along whole rows of runs; ``served_exposure`` and ``risk_weighted`` give the same arrays in the engine's
(run, year, lever, locality) order, as views.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.inputs import Inputs
from scenarios.served import serve


def runs_first(a: np.ndarray) -> np.ndarray:
    """A (lever, year, locality, run) array as a (run, year, lever, locality) view."""
    return a.transpose(3, 1, 0, 2)


def risk_weighted(
    m: Inputs, spend: np.ndarray, per_pound: np.ndarray, keep: bool, years: slice | np.ndarray = slice(None)
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """People served (r, y, L, K) by spend (y, L, K) in `years`, with people per pound (r, 1, L, K).

    Also their risk-weighted number and, with `keep`, its slope by £.
    """
    got = _risk_weighted(m, spend, per_pound.transpose(2, 1, 3, 0), keep, years)
    return tuple(None if a is None else runs_first(a) for a in got)


def _risk_weighted(
    m: Inputs, spend: np.ndarray, per_pound: np.ndarray, keep: bool, years: slice | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``risk_weighted`` with the runs last: spend (y, L, K), per_pound (L, 1, K, r); arrays (L, y, K, r)."""
    capacity = m.capacity[years].transpose(1, 0, 2)[..., None]  # (L, y, K, 1)
    eligible = m.eligible[years].transpose(1, 0, 2)[..., None]
    level = spend.transpose(1, 0, 2)[..., None]
    served = serve(level, per_pound, capacity)  # (L, y, K, r): scenarios.served, every run
    weighted = None
    slope = np.zeros_like(served) if keep else None
    part = np.empty_like(served)
    # tier by tier, over the levers with people in it (a lever with none in a tier adds nothing there)
    for t, levers in enumerate(m.tier_levers):
        if levers is None:
            continue
        lo = eligible[levers] * m.tier_start[levers, t, None, None, None]
        size = eligible[levers] * m.tier_share[levers, t, None, None, None]
        risk = m.tier_risk[levers, t, None, None, None]
        s = served[levers]
        if weighted is None:  # filled by the first tier where it covers every lever, else starting at none
            weighted = np.empty_like(served) if t == 0 and levers == slice(0, len(served)) else np.zeros_like(served)
        # clipped to the tier, 0 to its size: maximum(0, x) then minimum(x, size), as np.clip does it
        if t == 0:  # the first tier starts at no one
            out = weighted[levers]
            np.maximum(0.0, s, out=out)
        else:
            out = part[levers]
            np.subtract(s, lo, out=out)
            np.maximum(0.0, out, out=out)
        np.minimum(out, size, out=out)
        out *= risk
        if t > 0:
            weighted[levers] += out
        if keep:
            slope[levers] += ((s > lo) & (s < lo + size)) * risk
    if weighted is None:
        weighted = np.zeros_like(served)
    if keep:
        slope *= (level * per_pound < capacity) * per_pound
    return served, weighted, slope


@dataclass(frozen=True, eq=False)
class Levels:
    """The levels of a spend array whose risk-weighted people make up the exposure, stacked along the year axis.

    The top level (every cohort's spend) in every horizon year comes first; each lower level follows, in the
    years where its share of full effect differs from the next level's.
    """

    spend: np.ndarray  # (S, L, K) £ at each row's level
    years: np.ndarray  # (S,) the horizon year of each row
    weight: np.ndarray  # (L, S, 1, 1) the share of full effect its people count at: its ramp less the next level's
    lower: tuple[tuple[slice, np.ndarray], ...]  # for each lower level, highest first: its rows and its years
    # for the gradient: each cohort's level, as the index into `lower` (-1: the top level; None: no rows)
    level_of: tuple[int | None, ...]


def levels(m: Inputs, spend: np.ndarray) -> Levels:
    """The levels of spend (cohort, Y, L, K) whose people count, and at what share of full effect.

    Sum over cohorts of ramp_c x (weighted(level_c) - weighted(level_c-1)) = sum over levels of weighted(level)
    x (its ramp - the next level's ramp), each term >= 0: the top level in every year, a lower one only in the
    years where its ramp differs from the next's.
    """
    n, horizon = spend.shape[0], spend.shape[1]
    level = np.cumsum(spend, axis=0)  # (cohort, Y, L, K): the spend of each cohort and those below it
    # a cohort with no spend leaves the level as it was: only the cohorts with spend (and cohort 0) are levels
    active = [c for c in range(n) if c == 0 or spend[c].any()]
    top = active[-1]
    blocks, years, weights, lower = [level[top]], [np.arange(horizon)], [m.ramp[top]], []
    level_of: list[int | None] = [None] * n
    for c in range(top, n):
        level_of[c] = -1
    rows = horizon
    for i in range(len(active) - 2, -1, -1):
        c = active[i]
        weight = m.ramp[c] - m.ramp[active[i + 1]]  # (Y, L)
        ys = np.flatnonzero((weight > 0).any(axis=1))
        if ys.size:
            blocks.append(level[c][ys])
            years.append(ys)
            weights.append(weight[ys])
            lower.append((slice(rows, rows + ys.size), ys))
            rows += ys.size
        for c_below in range(c, active[i + 1]):
            level_of[c_below] = len(lower) - 1 if ys.size else None
    return Levels(spend=np.concatenate(blocks), years=np.concatenate(years),
                  weight=np.concatenate(weights).T[:, :, None, None], lower=tuple(lower), level_of=tuple(level_of))


def served_exposure(m: Inputs, spend: np.ndarray, sl: slice, keep: bool = False,
                    stacked: Levels | None = None) -> tuple[np.ndarray, ...]:
    """People served (r, Y, L, K) and their risk-weighted exposure after ramp-up and decay.

    Ramp-up applies to the people new money adds, not to everyone served: the cohorts of spend
    (cohort, Y, L, K) are stacked in order, established first, and the risk-weighted people each adds
    over those below it count at its share of full effect (``Inputs.ramp``). So established spend
    keeps its full effect whatever is added beside it, and the exposure never falls as any cohort's
    spend rises. Where funding falls the exposure fades by the lever's decay instead.

    `stacked` is ``levels(m, spend)``, when the caller has it already.

    With `keep`, also what the gradient needs: the slope of the exposure before decay by each
    cohort's spend (cohort, r, Y, L, K), and where decay carried last year's exposure on.
    """
    lv = levels(m, spend) if stacked is None else stacked
    got = working_exposure(m, lv, m.per_pound[sl].transpose(1, 2, 0)[:, None], spend.shape[0], keep)
    if not keep:
        return runs_first(got[0]), runs_first(got[1])
    served, exposure, by_cohort, carried = got
    return runs_first(served), runs_first(exposure), by_cohort.transpose(0, 4, 2, 1, 3), runs_first(carried)


def working_exposure(m: Inputs, lv: Levels, per_pound: np.ndarray, cohorts: int, keep: bool = False
                     ) -> tuple[np.ndarray, ...]:
    """``served_exposure`` with the runs last: people per pound (L, 1, K, r); arrays (L, Y, K, r).

    With `keep`, the slope by cohort is (cohort, L, Y, K, r).
    """
    horizon = m.horizon
    served_all, weighted, slope_all = _risk_weighted(m, lv.spend, per_pound, keep, lv.years)
    weighted *= lv.weight
    served, exposure = served_all[:, :horizon], weighted[:, :horizon]
    for rows, ys in lv.lower:
        exposure[:, ys] += weighted[:, rows]
    carried = np.zeros(exposure.shape, dtype=bool) if keep else None
    kept = np.empty_like(exposure[:, 0])
    retain = m.retain[:, None, None]
    for y in range(1, horizon):  # effect fades, rather than vanishing, when funding falls
        np.multiply(exposure[:, y - 1], retain, out=kept)
        if keep:
            carried[:, y] = kept > exposure[:, y]
        np.maximum(exposure[:, y], kept, out=exposure[:, y])
    if not keep:
        return served, exposure
    # the slope at each cohort's level: the top level's in every year, a lower level's in its years (a slope left
    # at zero is only ever multiplied by a zero weight)
    slopes = [slope_all[:, :horizon]]
    for rows, ys in lv.lower:
        s = np.zeros_like(exposure)
        s[:, ys] = slope_all[:, rows]
        slopes.append(s)
    none = np.zeros_like(exposure)
    # by cohort c's spend the slope is the sum over c' >= c of slope(level_c') x (ramp_c' - ramp_c'+1)
    ramp = m.ramp.transpose(0, 2, 1)[:, :, :, None, None]  # (cohort, L, Y, 1, 1)
    by_cohort = np.empty((cohorts,) + exposure.shape)
    acc = np.zeros_like(exposure)
    for c in range(cohorts - 1, -1, -1):
        step = ramp[c] - (ramp[c + 1] if c + 1 < cohorts else 0.0)
        at = lv.level_of[c]
        acc = acc + (none if at is None else slopes[at + 1]) * step
        by_cohort[c] = acc
    return served, exposure, by_cohort, carried
