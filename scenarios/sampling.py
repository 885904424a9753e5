"""How the engine samples its uncertain parameters and shares a combined effect between levers.

* ``standard_normal_draws``: a Latin hypercube of standard normal draws with antithetic pairs, run 0
  at the centre;
* ``draw``: those draws as parameter values with split normal or split lognormal distributions
  through each interval's P10, central value and P90 (a draw of 0 gives the central value exactly);
* ``shapley_shares``: each lever's Shapley value when effects combine multiplicatively (``shapley_games``: several
  such games side by side, worked out together).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from scenarios.normal_quantile import ndtri
from scenarios.sourced import Interval

Z90 = 1.2815515655446004  # standard normal P90


def standard_normal_draws(rng: np.random.Generator, runs: int, parameters: int) -> np.ndarray:
    """(run, parameter) standard normal draws.

    A Latin hypercube sample for half the runs and its mirror image (antithetic pairs) for the other half.

    Each parameter's values in the first half fall one in each of `runs / 2` equal-probability
    strata, in an independent random order; the second half repeats them with the sign reversed.
    Percentiles settle with far fewer runs than independent sampling, and the whole draw is
    reproducible from `rng`. Run 0 is set to the centre (the central estimate).
    """
    half = (runs + 1) // 2
    order = rng.permuted(np.broadcast_to(np.arange(half, dtype=float), (parameters, half)), axis=1).T
    z = ndtri((order + rng.random((half, parameters))) / half)
    z = np.concatenate([z, -z])[:runs]
    z[0] = 0.0
    return z


def draw(z: np.ndarray, intervals: list[Interval]) -> np.ndarray:
    """Turn standard normal draws (run, parameter) into parameter values with split distributions."""
    lo = np.array([i.low for i in intervals])
    c = np.array([i.central for i in intervals])
    hi = np.array([i.high for i in intervals])
    logn = np.array([i.distribution == "lognormal" for i in intervals])
    fixed = np.array([i.distribution == "fixed" for i in intervals])
    out = np.empty_like(z)
    # lognormal: split normal on the log scale
    with np.errstate(divide="ignore"):
        lc, llo, lhi = np.log(np.where(logn, c, 1.0)), np.log(np.where(logn, lo, 1.0)), np.log(np.where(logn, hi, 1.0))
    s_lo_log, s_hi_log = (lc - llo) / Z90, (lhi - lc) / Z90
    s_lo, s_hi = (c - lo) / Z90, (hi - c) / Z90
    neg = z < 0
    log_vals = np.exp(lc + z * np.where(neg, s_lo_log, s_hi_log))
    lin_vals = c + z * np.where(neg, s_lo, s_hi)
    out[:] = np.where(logn, log_vals, lin_vals)
    out[:, fixed] = c[fixed]
    # a draw at the centre (run 0) is the central value exactly, not exp(log(central)) to the last bit, so the
    # central estimate can be worked out without drawing (scenarios.served.central_unit_cost)
    np.copyto(out, np.broadcast_to(c, out.shape), where=z == 0)
    return out


@lru_cache(maxsize=32)
def _quadrature(k: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Gauss-Legendre nodes and weights with `k` nodes, moved from [-1, 1] to [0, 1]."""
    nodes, weights = np.polynomial.legendre.leggauss(k)
    return tuple(float(x) for x in (nodes + 1.0) / 2.0), tuple(float(x) for x in weights / 2.0)


def shapley_shares(share: np.ndarray, axis: int) -> np.ndarray:
    """Shapley values of players combining multiplicatively.

    With shares s_l (each at most 1) the value of a set S is 1 - prod over S of (1 - s_l). Lever l's Shapley value is
    s_l x the integral over t in [0, 1] of prod over the other levers of (1 - t s_m), a polynomial
    in t of degree n - 1 that Gauss-Legendre quadrature with ceil(n / 2) nodes integrates exactly.
    The values add up to 1 - prod(1 - s) and each has the sign of its own s.
    """
    return shapley_games(share, (share.shape[axis],), axis)


def shapley_games(share: np.ndarray, players: Sequence[int], axis: int, out: np.ndarray | None = None) -> np.ndarray:
    """Shapley values of several games side by side along `axis`, each as in :func:`shapley_shares`.

    The games' players lie one game after another along `axis`, `players` in each. Games that need the
    same number of quadrature nodes and lie next to each other are worked out together. `out` may be
    `share` itself.
    """
    ax = axis % share.ndim
    out = np.empty_like(share) if out is None else out

    def along(a: int, b: int) -> tuple[slice, ...]:
        return (slice(None),) * ax + (slice(a, b),)

    start = 0
    for nodes, group in itertools.groupby(players, key=lambda n: (n + 1) // 2 if n > 1 else 0):
        sizes = list(group)
        width = sum(sizes)
        s, o = share[along(start, start + width)], out[along(start, start + width)]
        start += width
        if nodes == 0:  # a player alone keeps its share
            np.copyto(o, s)
            continue
        t, w = _quadrature(nodes)
        factor, mean_product = np.empty_like(s), np.empty_like(s)
        bounds = list(itertools.pairwise(itertools.accumulate(sizes, initial=0)))
        for i, (tg, wg) in enumerate(zip(t, w, strict=True)):
            np.multiply(s, tg, out=factor)
            np.subtract(1.0, factor, out=factor)  # > 0: share <= 1 and 0 < tg < 1
            for a, b in bounds:
                f = factor[along(a, b)]
                product = np.prod(f, axis=ax, keepdims=True)
                product *= wg
                if i == 0:
                    np.divide(product, f, out=mean_product[along(a, b)])
                else:
                    np.divide(product, f, out=f)
                    mean_product[along(a, b)] += f
        np.multiply(s, mean_product, out=o)
    return out
