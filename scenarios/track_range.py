"""The range the plan expected a period of the year to show: one answer for every month, year to date and rolling year.

``scenarios.track_metrics`` sets the actuals against it (``expected(...).period(months)``, or ``period_range`` for a
period of its own); every page, report and command reads it from there.

A count per 100,000 aged 65+ ("split": emergency and care-home admissions) is what the plan's effect leaves plus
chance. For each model run (``goals.goal_runs``: the plan year's rate), a month's expected count is the run's
rate for the year times the month's share of it, times the month's population aged 65+ over 100,000; the count
the month shows is a Poisson draw about it, so a month's ordinary chance variation is inside the range. A period
of several months adds up its months' rates draw by draw, each month drawn on its own, so the year to date's range
comes from the same draws as its months'. Each run is drawn ``ceil(DRAWS /
runs)`` times, from one NumPy generator seeded with the model's seed and the metric's stream, so the same seed
gives the same range. A month with no population has no count to draw: it adds the runs' expected rate alone.

An average (discharge delay, days per discharge) has no documented spread of the delay from one discharge to the
next to draw chance from, so its range is the model's runs alone: the plan's effect only (``chance`` is False),
and every page and report that shows it says so.

The range is P10 to P90 of the draws. ``PeriodRange.percentile`` is where an actual falls among them: the share of
draws below it, with half of those equal to it (counts tie often), 0 to 100; it never falls as the actual rises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from budget.metrics import Metric

DRAWS = 10_000  # at least this many draws for a period's range: its P10 and P90 to about 2% of a standard deviation
PER = 1e5  # rates are per 100,000 aged 65+


@dataclass(frozen=True, eq=False)
class PeriodRange:
    """What the plan expected a period to show: every draw, sorted, and whether chance variation is in them."""

    values: np.ndarray  # the period's figure, one a draw, ascending
    chance: bool  # True: the plan's effect and chance variation; False: the plan's effect only

    def quantile(self, q: float) -> float:
        """The q-th percentile (0 to 100) of the draws, interpolated as ``numpy.percentile``; 0.0 with none."""
        n = self.values.size
        if not n:
            return 0.0
        at = q / 100 * (n - 1)
        lo = min(int(at), n - 1)
        hi = min(lo + 1, n - 1)
        return float(self.values[lo] + (at - lo) * (self.values[hi] - self.values[lo]))

    @property
    def p10(self) -> float:
        """The draws' P10."""
        return self.quantile(10)

    @property
    def p50(self) -> float:
        """The draws' P50."""
        return self.quantile(50)

    @property
    def p90(self) -> float:
        """The draws' P90."""
        return self.quantile(90)

    def percentile(self, actual: float) -> float:
        """Where `actual` falls among the draws, 0 to 100: the share below it and half the share equal to it."""
        n = self.values.size
        if not n:
            return 0.0
        tol = 1e-9 * max(1.0, abs(actual))
        below = np.searchsorted(self.values, actual - tol, side="left")
        at_or_below = np.searchsorted(self.values, actual + tol, side="right")
        return float(100.0 * (below + at_or_below) / (2 * n))


@dataclass(frozen=True, eq=False)
class Expected:
    """What the plan expected each of a run of months to show, draw by draw, so any period of them has its range."""

    profile: str  # the metric's: "split" (a count per 100,000) or "repeat" (an average)
    draws: np.ndarray  # (months, draws): a month's figure; for an average, one row: the runs
    chance: np.ndarray  # (months,): the month's row holds chance variation

    def period(self, months: Sequence[int]) -> PeriodRange:
        """The range for the months at positions `months` together.

        Their rates are added up draw by draw, as the actuals add up; for an average, the runs, whatever the months.
        """
        if self.profile != "split":
            return PeriodRange(np.sort(self.draws[0]), chance=False)
        ks = list(months)
        return PeriodRange(np.sort(self.draws[ks].sum(axis=0)), chance=bool(self.chance[ks].any()))


def expected(metric: Metric, runs: np.ndarray, shares: Sequence[float], populations: Sequence[float | None],
             seed: int, *, stream: int = 0, draws: int = DRAWS) -> Expected:
    """What the plan expected `metric` to show in each of a run of months, for its periods' ranges.

    Args:
        metric: the metric; its profile says whether it is a count per 100,000 ("split") or an average ("repeat").
        runs: the plan year's figure, one per model run (a rate a year per 100,000 aged 65+, or days).
        shares: each month's share of the year's rate (the seasonal weight over the year's weights).
        populations: each month's population aged 65+, as the month's actual is worked out (None: none known).
        seed: the model's seed.
        stream: the metric's own number, so each metric has its own draws from the same seed.
        draws: at least this many draws in all.
    """
    runs = np.asarray(runs, dtype=float)
    if metric.profile != "split" or runs.size == 0:
        return Expected("repeat" if runs.size else metric.profile, runs[None, :], np.zeros(1, dtype=bool))
    if len(shares) != len(populations):
        raise ValueError("give one population for each month's share")
    rates = np.clip(runs, 0.0, None)
    each = max(1, -(-int(draws) // rates.size))
    pops = np.array([float(p) if p else 0.0 for p in populations])
    mean = np.asarray(shares, dtype=float)[:, None] * rates[None, :]  # month x run, per 100,000
    rng = np.random.default_rng((int(seed), int(stream)))
    counts = rng.poisson((mean * (pops[:, None] / PER))[:, :, None], size=(*mean.shape, each))
    scale = np.divide(PER, pops, out=np.zeros_like(pops), where=pops > 0)[:, None, None]
    values = np.where(pops[:, None, None] > 0, counts * scale, mean[:, :, None])
    return Expected("split", values.reshape(len(pops), -1), pops > 0)


def period_range(metric: Metric, runs: np.ndarray, shares: Sequence[float], populations: Sequence[float | None],
                 seed: int, *, stream: int = 0, draws: int = DRAWS) -> PeriodRange:
    """The range the plan expected `metric` to show over one period of months, drawn as ``expected`` draws them."""
    return expected(metric, runs, shares, populations, seed, stream=stream, draws=draws).period(range(len(shares)))
