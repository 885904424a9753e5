"""A small benchmark harness: medians of repeated timings, reported beside a baseline measured in
the same run, so figures are ratios that survive a slower or busier machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def median_seconds(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


@dataclass(frozen=True)
class Row:
    name: str
    seconds: float
    baseline_name: str = ""
    baseline_seconds: float | None = None
    limit: str = ""  # the target, in words, e.g. "<= 1 s" or "<= 5x baseline"
    ok: bool | None = None
    text: str = ""  # a figure that is not a time (memory, say), shown instead of the seconds

    def line(self) -> str:
        ratio = ""
        if self.baseline_seconds:
            ratio = (f"  = {self.seconds / self.baseline_seconds:8.2f} x {self.baseline_name} "
                     f"({self.baseline_seconds * 1000:.2f} ms)")
        verdict = "" if self.ok is None else ("  OK" if self.ok else "  OVER TARGET")
        target = f"  target {self.limit}" if self.limit else ""
        figure = f"{self.text:>13}" if self.text else f"{self.seconds * 1000:10.2f} ms"
        return f"{self.name:<55} {figure}{ratio}{target}{verdict}"
