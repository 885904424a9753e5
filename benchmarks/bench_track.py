"""Following the year: `scenarios.track.track` on the demo and its illustrative actuals, as ratios against the
model run it reads, measured in the same run.

* the whole `track` (the model run of the plan, people served, the money and the metrics) against `model` alone
  on the same plan, runs and seed: what following the year adds to the run every results page already makes;
  target <= 2x;
* `track` given the Summary already modelled (as the Monitor page gives it, from the app's cache) against the
  same model run: target <= 0.5x;
* the three metrics' ranges for every month and the year to date (``track_metrics``, the admissions' Poisson
  draws among them), the model run given, beside the same model run;
* reading the demo's actuals workbook against its plan, beside the model run.
"""

from __future__ import annotations

from benchmarks.harness import Row, median_seconds

RUNS = 1000


def rows() -> list[Row]:
    from budget.demo import demo_actuals, demo_actuals_bytes, demo_plan
    from budget.readers.actuals_files import read_actuals_uploads
    from scenarios.goals import plan_weights
    from scenarios.schema import Scenario
    from scenarios.track import track
    from scenarios.track_metrics import track_metrics
    from scenarios.views import model

    plan, actuals, data = demo_plan(), demo_actuals(), demo_actuals_bytes()
    scenario = Scenario(runs=RUNS)
    summary = model(scenario, plan)
    base = median_seconds(lambda: model(scenario, plan))
    whole = median_seconds(lambda: track(plan, scenario, actuals))
    given = median_seconds(lambda: track(plan, scenario, actuals, summary=summary))
    weights, older = plan_weights(None), sum(loc.population_65_plus for loc in plan.localities)
    ranges = median_seconds(lambda: track_metrics(summary, None, weights, actuals, 6, older))
    read = median_seconds(lambda: read_actuals_uploads([("actuals.xlsx", data)], plan=plan))
    name = f"model the demo, {RUNS:,} runs"
    return [
        Row(f"track the demo's year so far, {RUNS:,} runs", whole, name, base, "<= 2x", whole <= 2 * base),
        Row("track the demo's year so far, model run given", given, name, base, "<= 0.5x", given <= 0.5 * base),
        Row("the demo's metrics against the plan's ranges, 6 months", ranges, name, base),
        Row("read the demo's actuals workbook against its plan", read, name, base),
    ]


if __name__ == "__main__":
    for r in rows():
        print(r.line())
