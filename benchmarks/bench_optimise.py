"""Optimiser speed on the demo, against one engine run of the demo at 1,000 runs measured in the
same run: the optimiser per lever and locality with its figures at 1,000 runs (target <= 3 s), the
same per lever only, and the efficient frontier of 21 points with P10/P50/P90 at 1,000 runs
(target <= 10 s)."""

from __future__ import annotations

from benchmarks.harness import Row, median_seconds


def rows() -> list[Row]:
    from budget.demo import demo_plan
    from scenarios.engine import run
    from scenarios.optimise import frontier, optimise
    from scenarios.schema import Scenario

    plan = demo_plan()
    base = median_seconds(lambda: run(Scenario(), plan, runs=1000, seed=1), repeat=5)
    out = []
    for per_locality, what in ((True, "by lever and locality"), (False, "by lever")):
        def once(per_locality: bool = per_locality) -> None:
            result = optimise(
                plan, objective="admissions", per_locality=per_locality, runs=1000, search_runs=300, seed=1
            )
            run(Scenario(), result.plan, runs=1000, seed=1)

        t = median_seconds(once, repeat=3)
        out.append(Row(f"optimise the demo {what}, 1,000 runs", t, "one engine run, 1,000 runs", base,
                       "<= 3 s", t <= 3.0))
    t = median_seconds(lambda: frontier(plan, points=21, runs=1000), repeat=3, warmup=0)
    out.append(Row("efficient frontier, 21 points, 1,000 runs each", t, "one engine run, 1,000 runs", base, "<= 10 s",
                   t <= 10.0))
    return out
