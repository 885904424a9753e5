"""The statistics every figure of a run is reported with.

P10, P50, P90 and mean over runs, and the central run (run 0, every parameter at its central value).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PERCENTILES = (10, 50, 90)


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
    p10, p50, p90 = np.percentile(samples, PERCENTILES)
    return Stat(float(p10), float(p50), float(p90), float(samples.mean()), float(samples[0]))


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
    pct = np.percentile(x, PERCENTILES, axis=0)
    return Band(*(tuple(float(v) for v in row) for row in (pct[0], pct[1], pct[2], x[0])))
