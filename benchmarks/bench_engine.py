"""Speed of the impact engine (issue "Model the money"), as ratios against baselines measured in the
same run:

* demo area (≈150 lines, 6 localities, 5 years), 1,000 runs: target ≤ 50 ms;
* the same with 10,000 runs: target ≤ 5 × the time NumPy takes to draw as many standard normal
  values as the engine produces (run × year × lever × locality × outcome);
* national: 153 synthetic areas × 1,000 runs: target ≤ 5 s;
* peak memory of a 10,000-run demo (tracemalloc, which sees NumPy's allocations).
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from benchmarks.harness import Row, median_seconds
from budget.models import ExpenditureLine, HWBArea, Locality, Plan
from scenarios.engine import run
from scenarios.schema import Scenario

KINDS = (
    ("Home-based intermediate care services", "Reablement at home (to support discharge)"),
    (
        "Bed based intermediate Care Services (Reablement, rehabilitation, wider short-term services supporting "
        "recovery)",
        "",
    ),
    ("Assistive Technologies and Equipment", "Assistive technologies including telecare"),
    ("Community Based Schemes", "Integrated neighbourhood services"),
    ("Integrated Care Planning and Navigation", "Care navigation and planning"),
    ("Prevention / Early Intervention", "Falls prevention"),
    ("Community Based Schemes", "Enhanced health in care homes"),
    ("DFG Related Schemes", "Adaptations, including statutory DFG grants"),
    ("Carers Services", "Respite services"),
    ("Enablers for Integration", "Programme management"),
    ("Residential Placements", "Care home"),
    ("Home Care or Domiciliary Care", "Domiciliary care packages"),
)
STREAMS = ("nhs_minimum", "la_better_care_grant", "dfg", "additional_la", "additional_nhs")


def synthetic_plan(seed: int, lines: int = 150, localities: int = 6, code: int = 1) -> Plan:
    """A plausible area: ~300,000 people (19% aged 65+), `lines` lines over every lever."""
    rng = np.random.default_rng(seed)
    pop = rng.integers(35_000, 65_000, localities)
    locs = tuple(
        Locality(name=f"Locality {i + 1}", population=int(p), population_65_plus=int(p * rng.uniform(0.15, 0.24)),
                 need_weight=float(rng.uniform(0.8, 1.25)))
        for i, p in enumerate(pop)
    )
    out = []
    for i in range(lines):
        kind = KINDS[i % len(KINDS)]
        out.append(ExpenditureLine(
            scheme_id=f"S{i + 1:03d}", scheme_name=f"Scheme {i + 1}", scheme_type=kind[0], sub_type=kind[1],
            source_of_funding=STREAMS[i % len(STREAMS)], amount=float(rng.integers(20, 600) * 1000),
            locality="" if i % 3 == 0 else locs[i % localities].name,
            new_existing="New" if i % 7 == 0 else "Existing"))
    return Plan(area=HWBArea(code=f"E06{code:06d}", name=f"Synthetic area {code}"), year="2026-27",
                lines=tuple(out), localities=locs, illustrative=True)


def demo_plan() -> tuple[Plan, str]:
    try:
        from budget.demo import demo_plan as build
    except ImportError:
        return synthetic_plan(0), "synthetic stand-in for the demo area"
    return build(), "demo area"


def rows() -> list[Row]:
    plan, what = demo_plan()
    scenario = Scenario(horizon_years=5)
    shape_1k = run(scenario, plan, runs=1000, seed=1).values.shape
    label = f"{what}: {len(plan.lines)} lines, {len(plan.localities)} localities, 5 years"
    out: list[Row] = []

    t_1k = median_seconds(lambda: run(scenario, plan, runs=1000, seed=1), repeat=7)
    size_1k = int(np.prod(shape_1k))
    draw_1k = median_seconds(lambda: np.random.default_rng(1).standard_normal(size_1k), repeat=7)
    out.append(Row(f"engine, {label}, 1,000 runs", t_1k, "NumPy drawing as many normals", draw_1k,
                   "<= 50 ms", t_1k <= 0.050))

    size_10k = size_1k * 10
    t_10k = median_seconds(lambda: run(scenario, plan, runs=10_000, seed=1), repeat=3)
    draw_10k = median_seconds(lambda: np.random.default_rng(1).standard_normal(size_10k), repeat=3)
    out.append(Row(f"engine, {label}, 10,000 runs ({size_10k:,} values)", t_10k,
                   "NumPy drawing as many normals", draw_10k, "<= 5x baseline", t_10k <= 5 * draw_10k))

    tracemalloc.start()
    t0 = time.perf_counter()
    results = run(scenario, plan, runs=10_000, seed=1)
    t_mem = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out.append(
        Row(
            f"peak memory, 10,000 runs: {peak / 2**20:,.0f} MiB (results {results.values.nbytes / 2**20:,.0f} MiB)",
            t_mem,
        )
    )
    del results

    areas = [synthetic_plan(seed, lines=int(60 + seed % 90), code=seed + 1) for seed in range(153)]

    def national() -> None:
        for area in areas:
            run(scenario, area, runs=1000, seed=1)

    t_nat = median_seconds(national, repeat=3, warmup=1)
    out.append(Row("national: 153 synthetic areas x 1,000 runs", t_nat, "one demo run x 153", t_1k * 153,
                   "<= 5 s", t_nat <= 5.0))
    return out


if __name__ == "__main__":
    for r in rows():
        print(r.line())
