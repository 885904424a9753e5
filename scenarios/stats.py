"""The statistics every figure of a run is reported with.

P10, P50, P90 and mean over runs, and the central run (run 0, every parameter at its central value).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

PERCENTILES = (10, 50, 90)
_FRACTIONS = np.true_divide(PERCENTILES, 100)


@lru_cache(maxsize=64)
def _positions(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where P10, P50 and P90 of n runs lie, as NumPy works it out (read-only; the same for every figure of a run).

    The ranks below and above each percentile, the ranks to partition at and each percentile's weight on the
    rank above.
    """
    virtual = (n - 1) * _FRACTIONS
    below = np.floor(virtual)
    above = below + 1
    at_end = virtual >= n - 1
    below[at_end] = -1
    above[at_end] = -1
    below = below.astype(np.intp)
    above = above.astype(np.intp)
    # NumPy's kth: np.unique(np.concatenate(([0, -1], below, above))), made without np.unique (which imports numpy.ma)
    kth = np.array(sorted({0, -1, *below.tolist(), *above.tolist()}), dtype=np.intp)
    gamma = virtual - below
    for a in (below, above, kth, gamma):
        a.flags.writeable = False
    return below, above, kth, gamma


def percentiles(x: np.ndarray) -> np.ndarray:
    """P10, P50 and P90 of ``x`` over its first axis (the runs): shape (3, *x.shape[1:]).

    The same figures as ``np.percentile(x, PERCENTILES, axis=0)``, to the last bit: NumPy's default ('linear')
    method, operation by operation, on the runs partitioned at the same places as NumPy partitions them (so that
    of two equal runs, 0.0 and -0.0, the same one is taken; a run that is not a number makes its figures not a
    number). Without NumPy's checks and general cases, which cost a tenth of a millisecond a call and import
    ``numpy.ma`` on the first, for the hundreds of figures in one Summary.
    """
    x = np.asarray(x)
    below, above, kth, gamma = _positions(x.shape[0])
    ranked = np.array(x, copy=True)
    ranked.partition(kth, axis=0)
    gamma = gamma.reshape((-1,) + (1,) * (x.ndim - 1))
    low, high = ranked[below], ranked[above]
    diff = high - low
    out = np.add(low, diff * gamma)
    np.subtract(high, diff * (1 - gamma), out=out, where=gamma >= 0.5, casting="unsafe", dtype=out.dtype.type)
    if np.issubdtype(ranked.dtype, np.inexact):
        np.copyto(out, ranked[-1], where=np.isnan(ranked[-1]))
    return out


@dataclass(frozen=True)
class Stat:
    """One figure's P10, P50, P90 and mean over runs, and its central run."""

    p10: float
    p50: float
    p90: float
    mean: float
    central: float  # run 0, every parameter at its central value

    def __getitem__(self, key: str) -> float:
        """The statistic named `key` ("p10", "p50", "p90", "mean" or "central")."""
        return getattr(self, key)


def stat(samples: np.ndarray) -> Stat:
    """P10/P50/P90/mean of a 1-D array of per-run values; index 0 is the central run."""
    return stats(np.reshape(samples, (-1, 1)))[0]


def stats(columns: np.ndarray) -> list[Stat]:
    """The `Stat` of each column of a (run, figure) array, worked out together.

    The percentiles of every column in one call, and each column's mean summed pairwise along the runs, as
    ``np.mean`` sums one column, so that a Summary's hundreds of figures cost a few calls rather than hundreds.
    """
    columns = np.asarray(columns)
    p10, p50, p90 = percentiles(columns)
    means = np.ascontiguousarray(columns.T).mean(axis=1)
    return [Stat(float(a), float(b), float(c), float(m), float(x0))
            for a, b, c, m, x0 in zip(p10, p50, p90, means, columns[0], strict=True)]


@dataclass(frozen=True)
class Band:
    """P10/P50/P90 and the central run of a figure by year."""

    p10: tuple[float, ...]
    p50: tuple[float, ...]
    p90: tuple[float, ...]
    central: tuple[float, ...]

    def __getitem__(self, key: str) -> tuple[float, ...]:
        """The line named `key` ("p10", "p50", "p90" or "central"), by year."""
        return getattr(self, key)


def band(x: np.ndarray) -> Band:
    """(run, year) -> P10/P50/P90 and central by year."""
    pct = percentiles(x)
    return Band(*(tuple(float(v) for v in row) for row in (pct[0], pct[1], pct[2], x[0])))
