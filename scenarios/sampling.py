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


# Gauss-Legendre nodes and weights on [0, 1] for 1 to 8 nodes: the floats _quadrature works out from NumPy's
# np.polynomial.legendre.leggauss (tests/unit/scenarios/test_sampling.py checks they are the same), so that a run
# does not import numpy.polynomial for them
_GAUSS_LEGENDRE: dict[int, tuple[tuple[float, ...], tuple[float, ...]]] = {
    1: ((0.5,),
        (1.0,)),
    2: ((0.21132486540518713, 0.7886751345948129),
        (0.5, 0.5)),
    3: ((0.1127016653792583, 0.5, 0.8872983346207417),
        (0.27777777777777785, 0.4444444444444444, 0.27777777777777785)),
    4: ((0.06943184420297371, 0.33000947820757187, 0.6699905217924281, 0.9305681557970262),
        (0.17392742256872679, 0.3260725774312732, 0.3260725774312732, 0.17392742256872679)),
    5: ((0.04691007703066802, 0.23076534494715845, 0.5, 0.7692346550528415, 0.9530899229693319),
        (0.11846344252809464, 0.23931433524968315, 0.28444444444444433, 0.23931433524968315, 0.11846344252809464)),
    6: ((0.03376524289842403, 0.16939530676686776, 0.38069040695840156, 0.6193095930415985, 0.8306046932331322,
         0.9662347571015759),
        (0.08566224618958514, 0.18038078652406936, 0.23395696728634552, 0.23395696728634552, 0.18038078652406936,
         0.08566224618958514)),
    7: ((0.0254460438286207, 0.12923440720030277, 0.2970774243113014, 0.5, 0.7029225756886985, 0.8707655927996972,
         0.9745539561713793),
        (0.06474248308443487, 0.13985269574463843, 0.19091502525255935, 0.20897959183673465, 0.19091502525255935,
         0.13985269574463843, 0.06474248308443487)),
    8: ((0.019855071751231912, 0.10166676129318664, 0.2372337950418355, 0.4082826787521751, 0.5917173212478248,
         0.7627662049581645, 0.8983332387068134, 0.9801449282487681),
        (0.05061426814518853, 0.11119051722668721, 0.15685332293894344, 0.18134189168918083, 0.18134189168918083,
         0.15685332293894344, 0.11119051722668721, 0.05061426814518853)),
}


@lru_cache(maxsize=32)
def _quadrature(k: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Gauss-Legendre nodes and weights with `k` nodes, moved from [-1, 1] to [0, 1]."""
    if k in _GAUSS_LEGENDRE:
        return _GAUSS_LEGENDRE[k]
    return _legendre(k)


def _legendre(k: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """NumPy's Gauss-Legendre nodes and weights with `k` nodes, moved from [-1, 1] to [0, 1]."""
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
