"""The optimiser's objective straight from spend, with its exact gradient.

``headline(inputs, spend, outcome, gradient=False)`` gives emergency admissions avoided (falls included)
or net saving for each run over the horizon, all localities and modelled levers: the same figure
``scenarios.summary`` takes from ``scenarios.engine.run``, without attributing effects to levers.
"""

from __future__ import annotations

import numpy as np

from scenarios.exposure import served_exposure
from scenarios.inputs import AE, CH, CHUNK_RUNS, DD, EA, FALLS, HC, Inputs
from scenarios.outcomes import EFFECT_OUTCOMES


def objective_weights(m: Inputs, outcome: str) -> tuple[np.ndarray, float]:
    """Weights on each effect outcome's events avoided, and on spend, that make up a headline.

    The headline is 'emergency_admissions_avoided' (falls included) or 'net_saving_gbp'.
    """
    w = np.zeros(len(EFFECT_OUTCOMES))
    if outcome == "emergency_admissions_avoided":
        w[[EA, FALLS]] = 1.0
        return w, 0.0
    if outcome == "net_saving_gbp":
        w[[EA, FALLS]] = m.c_ea
        w[AE], w[HC], w[CH], w[DD] = m.c_ae, m.c_hour, m.c_ch, m.c_dd
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
            _, exposure, exposure_slope, carried = served_exposure(m, spend, sl, True)
            g_exp = np.zeros_like(exposure)
        else:
            _, exposure = served_exposure(m, spend, sl)
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
