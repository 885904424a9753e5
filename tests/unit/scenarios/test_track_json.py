"""`bcf track --json`'s object: the issue's contract, and by_line adding up to every total to the penny."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from budget.actuals import ActualLine, Actuals, months
from budget.demo import demo_actuals, demo_plan
from scenarios.track import Tracking, track
from scenarios.track_json import MONEY_FIELDS, tracking_json
from scenarios.track_money import monthly, track_lines
from tests.unit.scenarios.small_plans import CARERS, FALLS, REABLEMENT, line, plan_of

YEAR = months("2026-27")
PLAN = plan_of(line(REABLEMENT, 120_000.37, "R1"), line(FALLS, 60_000.11, "F1"), line(CARERS, 24_000.05, "C1"))


def _tracking(actuals: Actuals, elapsed: int) -> Tracking:
    lines = track_lines(PLAN, actuals, (1.0,) * 12, elapsed)
    planned, actual = monthly(PLAN, actuals, (1.0,) * 12, elapsed)
    return Tracking(year="2026-27", to=YEAR[elapsed - 1] if elapsed else None, months_elapsed=elapsed,
                    profile="even", area_code="E06000001", area_name="Testshire", scenario_name="Plan",
                    illustrative=False, lines=lines, planned_monthly=planned, actual_monthly=actual,
                    minimum_asc_required=None, outputs=(), metrics=(), runs=1, seed=1)


money = st.floats(0, 2e6, allow_nan=False).map(lambda x: round(x, 3))
spend = st.dictionaries(st.sampled_from(YEAR), money, max_size=12)


@settings(max_examples=80, deadline=None)
@given(r=spend, f=spend, x=spend, elapsed=st.integers(0, 12))
def test_by_line_adds_up_to_the_total(r, f, x, elapsed):
    a = Actuals(area_code="E06000001", year="2026-27", lines=(
        ActualLine(scheme_id="R1", scheme_type=REABLEMENT[0], source_of_funding="nhs_minimum", spend=r),
        ActualLine(scheme_id="F1", scheme_type=FALLS[0], sub_type=FALLS[1], source_of_funding="nhs_minimum", spend=f),
        ActualLine(scheme_id="Z9", scheme_type=CARERS[0], source_of_funding="nhs_minimum", spend=x)))
    s = tracking_json(_tracking(a, elapsed))["spend"]
    for field in MONEY_FIELDS:
        assert abs(sum(row[field] for row in s["by_line"]) - s["total"][field]) < 1e-6
        for group in ("by_stream", "by_scheme", "by_lever"):
            assert abs(sum(g[field] for g in s[group].values()) - s["total"][field]) < 1e-6
    assert abs(s["total"]["actual_to_date"] - round(sum(v for ln in a.lines for m, v in ln.spend.items()
                                                        if m in YEAR[:elapsed]), 2)) < 0.02


def test_the_contract_on_the_demo():
    j = track(demo_plan(), None, demo_actuals(), runs=80).to_json()
    json.dumps(j, allow_nan=False)  # strict JSON
    assert j["year"] == "2026-27" and j["to"] == "2026-09"
    assert set(j["spend"]["total"]) >= {"planned_to_date", "actual_to_date", "forecast_outturn", "planned_year"}
    assert j["spend"]["by_stream"] and j["outputs"]["by_line"]
    row = j["spend"]["by_line"][0]
    assert set(row) >= {"scheme_id", "scheme_name", "planned_to_date", "actual_to_date", "forecast_outturn"}
    assert set(j["metrics"]) == {"emergency_admissions_65_plus", "discharge_delay", "care_home_admissions_65_plus"}
    for m in j["metrics"].values():
        assert set(m) >= {"months", "actual", "goal", "band", "status", "percentile_in_plan_range"}
        assert len(m["months"]) == len(m["actual"]) == len(m["goal"]) == len(m["band"]["p10"]) == 12
        assert all(lo <= hi for lo, hi in zip(m["band"]["p10"], m["band"]["p90"], strict=True))
    assert isinstance(j["warnings"], list)
    nhs = j["spend"]["nhs_minimum_social_care"]
    assert nhs["required"] == demo_plan().minimum_nhs_asc_required
    assert nhs["forecast_meets_required"] == (nhs["forecast_outturn"] >= nhs["required"])


def test_the_band_is_the_range_for_each_period_and_says_what_it_holds():
    """Each month's band and the year to date's range are ``track_range.expected``'s periods, at the model's seed, each
    metric on its own stream; the admissions' hold chance, the delay's does not."""
    import numpy as np

    from budget.metrics import METRICS
    from scenarios.goals import goal_runs, plan_weights
    from scenarios.schema import Scenario
    from scenarios.track_range import expected
    from scenarios.views import model

    plan, actuals = demo_plan(), demo_actuals()
    t = track(plan, None, actuals, runs=80, seed=4)
    j = t.to_json()
    summary = model(Scenario(), plan, runs=80, seed=4)
    weights = np.asarray(plan_weights(None))
    pop = actuals.metrics[0].population_65_plus
    for i, metric in enumerate(METRICS):
        m, d = j["metrics"][metric.id], metric.digits + 2
        runs = goal_runs(summary, None, metric.id)
        shares = weights / weights.sum() if metric.profile == "split" else np.ones(12)
        assert m["band_includes_chance"] == (metric.profile == "split")
        drawn = expected(metric, runs, list(shares), [pop] * 12, 4, stream=i)
        for k in (0, 5, 11):
            r = drawn.period([k])
            assert (m["band"]["p10"][k], m["band"]["p90"][k]) == (round(r.p10, d), round(r.p90, d))
        r = drawn.period(range(6))
        assert (m["year_to_date"]["p10"], m["year_to_date"]["p90"]) == (round(r.p10, d), round(r.p90, d))
        assert m["percentile_in_plan_range"] == round(r.percentile(t.metric(metric.id).ytd_actual), 1)
