"""The Excel return's tables from one model run: their figures are the Summary's, rows appear where the run has
them, and the submission copy's note on changes it does not write says how many and where they go."""

from __future__ import annotations

import pytest

from reports import returns
from scenarios.goals import goals, plan_weights
from scenarios.schema import Scenario
from scenarios.views import label, model

MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000}  # as the shared `moved` fixture (tests/unit/reports/conftest.py) moves


@pytest.fixture(scope="module")
def view(plan):
    return model(Scenario(name="Plan"), plan, runs=60, seed=5)


def rows_of(table, view_name: str) -> dict:
    return {(r[1], r[2]): r[3:] for r in table.rows if r[0] == view_name}


def test_the_whole_horizon_and_each_year_are_the_summarys_figures(view):
    t = returns.results_table(view)
    assert t.columns == ("View", "Group", "Outcome", "P10", "P50", "P90")
    whole = rows_of(t, "Whole horizon")
    for o in returns.RESULT_OUTCOMES:
        s = view.stat(o)
        assert whole[("All", label(o))] == (s["p10"], s["p50"], s["p90"])
    by_year = rows_of(t, "By year")
    for year, d in view.by_year.items():
        assert by_year[(year, label("emergency_admissions_avoided"))][1] == d["emergency_admissions_avoided"].p50


def test_the_years_add_up_to_the_horizon_at_the_central_run(view):
    # each year's P50 need not add to the horizon's P50, but spend, the same every run, does
    spend = [view.by_year[y]["spend_gbp"].p50 for y in view.years]
    assert sum(spend) == pytest.approx(view.stat("spend_gbp")["p50"], rel=1e-9)


def test_changes_and_their_appraisal_appear_only_with_changes(view, moved):
    plain = {r[0] for r in returns.results_table(view).rows}
    assert "Change vs the plan as submitted" not in plain and "Appraisal of the changes" not in plain
    assert "Appraisal of the pool" in plain
    t = returns.results_table(moved)
    change = rows_of(t, "Change vs the plan as submitted")
    c = moved.change("emergency_admissions_avoided")
    assert change[("All", label("emergency_admissions_avoided"))] == (c["p10"], c["p50"], c["p90"])
    npv = moved.appraisal_change.net_present_value
    appraisal = {r[2]: r for r in t.rows if r[0] == "Appraisal of the changes"}
    assert appraisal["Net present value (£)"][1] == f"mean {npv.mean:,.0f}"


def test_the_metrics_sheet_has_a_row_per_metric_and_year(view):
    t = returns.metrics_table(view)
    assert len(t.rows) == sum(len(m.years) for m in view.metrics.values())
    m = next(iter(view.metrics.values()))
    first = t.rows[0]
    assert first[:2] == (m.label, m.years[0])
    assert first[2:] == (m.with_todays_services[0], m.without_pool.p50[0], m.with_plan.p50[0],
                         m.with_scenario.p10[0], m.with_scenario.p50[0], m.with_scenario.p90[0])


def test_the_analysis_copys_sheets_and_the_goals_table(view):
    assert list(returns.return_tables(view, "controlled")) == ["Metrics", "Results", "Assumptions"]
    found = goals(view, Scenario(name="Plan").submission, plan_weights(Scenario(name="Plan").submission))
    t = returns.goals_table(found, "2026-27")
    assert len(t.rows) == len(found) and t.title == "Goals for the BCF metrics, 2026-27"
    assert [r[0] for r in t.rows] == [g.label for g in found]


def test_unwritten_changes_are_counted_and_those_starting_later_said_apart():
    one = Scenario(name="One", changes=(MOVE,))
    assert returns.unwritten_changes(one).startswith("The scenario's 1 modelled change to the plan year")
    assert "make the scenario the plan" in returns.unwritten_changes(one)
    later = Scenario(name="Later", changes=(MOVE, {**MOVE, "from_year": 2}, {**MOVE, "from_year": 3}))
    said = returns.unwritten_changes(later)
    assert "The scenario's 1 modelled change" in said and said.endswith(
        "2 changes start after the plan year and change only the later years, which the Expenditure sheet does "
        "not hold.")
    assert returns.unwritten_changes(Scenario(name="None")) == ""


def test_scenarios_compared_side_by_side_with_their_paired_change(view, moved):
    tables = returns.comparison_tables([view, moved])
    assert list(tables) == ["Headline", "By lever", "Metrics"]
    head = tables["Headline"]
    row = {r[0]: r for r in head.rows}[label("emergency_admissions_avoided")]
    s0, s1 = view.stat("emergency_admissions_avoided"), moved.stat("emergency_admissions_avoided")
    assert row[1:7] == (s0["p10"], s0["p50"], s0["p90"], s1["p10"], s1["p50"], s1["p90"])
    assert 0.0 <= row[-1] <= 1.0  # the chance the second is better
    assert head.columns[-1] == "Move vs Plan: chance better"
    meta = returns.comparison_metadata([view, moved], "9.9")
    assert meta["Scenarios"] == "Plan; Move" and meta["Monte Carlo runs"] == "60"
