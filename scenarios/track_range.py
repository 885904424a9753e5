"""The range the plan expected a period of the year to show: one answer for every month, year to date and rolling year.

``scenarios.track_metrics`` sets the actuals against it; every page, report and command reads it from there.

A count per 100,000 aged 65+ ("split": emergency and care-home admissions) is what the plan's effect leaves plus
chance. For each model run (``goals.goal_runs``: the plan year's rate), a month's expected count is the run's
rate for the year times the month's share of it, times the month's population aged 65+ over 100,000; the count
the month shows is a Poisson draw about it, so a month's ordinary chance variation is inside the range. A period
of several months adds up its months' rates, each month drawn on its own. Each run is drawn ``ceil(DRAWS /
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

DRAWS = 20_000  # at least this many draws for a period's range: P10 and P90 to well within a count
PER = 1e5  # rates are per 100,000 aged 65+


@dataclass(frozen=True, eq=False)
class PeriodRange:
    """What the plan expected a period to show: every draw, sorted, and whether chance variation is in them."""

    values: np.ndarray  # the period's figure, one a draw, ascending
    chance: bool  # True: the plan's effect and chance variation; False: the plan's effect only

    def quantile(self, q: float) -> float:
        """The q-th percentile (0 to 100) of the draws; 0.0 with none."""
        return float(np.percentile(self.values, q)) if self.values.size else 0.0

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


def period_range(metric: Metric, runs: np.ndarray, shares: Sequence[float], populations: Sequence[float | None],
                 seed: int, *, stream: int = 0, draws: int = DRAWS) -> PeriodRange:
    """The range the plan expected `metric` to show over a period of months.

    Args:
        metric: the metric; its profile says whether it is a count per 100,000 ("split") or an average ("repeat").
        runs: the plan year's figure, one per model run (a rate a year per 100,000 aged 65+, or days).
        shares: each month of the period's share of the year's rate (the seasonal weight over the year's weights).
        populations: each month's population aged 65+, as the month's actual is worked out (None: none known).
        seed: the model's seed.
        stream: the metric's own number, so each metric has its own draws from the same seed.
        draws: at least this many draws in all.
    """
    runs = np.asarray(runs, dtype=float)
    if metric.profile != "split" or runs.size == 0:
        return PeriodRange(np.sort(runs), chance=False)
    rates = np.clip(runs, 0.0, None)
    each = max(1, -(-int(draws) // rates.size))
    rng = np.random.default_rng((int(seed), int(stream)))
    total = np.zeros((rates.size, each))
    chance = False
    for share, pop in zip(shares, populations, strict=True):
        expected = rates * float(share)
        if pop:
            counts = rng.poisson((expected * (float(pop) / PER))[:, None], size=(rates.size, each))
            total += counts * (PER / float(pop))
            chance = True
        else:
            total += expected[:, None]
    return PeriodRange(np.sort(total.ravel()), chance=chance)
