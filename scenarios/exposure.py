"""People served and their risk-weighted exposure, by run, year, lever and locality, after ramp-up and decay.

``risk_weighted`` fills each lever's risk tiers, highest risk first, with the people its spend serves
(``scenarios.served.serve``, within the eligibility cap); ``served_exposure`` stacks the spend's cohorts
(established first) so that ramp-up falls on the people new money adds, and lets an effect fade by the
lever's decay when funding falls. With ``keep`` both also give the slope the optimiser's gradient needs.
"""

from __future__ import annotations

import numpy as np

from scenarios.inputs import Inputs
from scenarios.served import serve


def risk_weighted(
    m: Inputs, spend: np.ndarray, per_pound: np.ndarray, keep: bool, years: slice | np.ndarray = slice(None)
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """People served (r, y, L, K) by spend (y, L, K) in `years`.

    Also their risk-weighted number and, with `keep`, its slope by £.
    """
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


def served_exposure(m: Inputs, spend: np.ndarray, sl: slice, keep: bool = False) -> tuple[np.ndarray, ...]:
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
            got, weighted, slope_y = risk_weighted(m, level[c][years], per_pound, keep, years)
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
