"""`bcf goals`: the three metrics' baselines with their real periods, the plan's modelled effect, the
forecast for the plan year, suggested goals (the forecast's P50) and the chance of meeting them, checked
against the model's Summary by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from budget.cli import main
from budget.demo import demo_plan
from scenarios.capacity import seasonal_weights
from scenarios.engine import run
from scenarios.goals import goals
from scenarios.schema import Scenario
from scenarios.summary import summarise

NAMES = ("emergency_admissions_65_plus", "discharge_delay", "care_home_admissions_65_plus")


PERIODS = {"emergency_admissions_65_plus": "2025-26",  # the demo's own locality figures, the year before the plan
           "discharge_delay": "December 2022, England, all adult acute patients",
           "care_home_admissions_65_plus": "2019-20, England"}


def test_goals_json_contract_and_figures(capsys):
    assert main(["goals", "demo", "--runs", "300", "--seed", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == "2026-27" and tuple(out["metrics"]) == NAMES
    summary = summarise(run(Scenario(name="Demo area plan as submitted"), demo_plan(), runs=300, seed=2))
    weights = seasonal_weights(None)[0]
    for name, metric in zip(NAMES, ("emergency_admissions_65_plus_per_100k", "discharge_delay_days",
                                     "care_home_admissions_65_plus_per_100k"), strict=True):
        g = out["metrics"][name]
        assert set(g) >= {"unit", "baseline", "plan_effect", "goal", "rationale"}
        m = summary.metrics[metric]
        assert g["baseline"]["value"] == pytest.approx(m.base_year, abs=1e-3)
        assert g["baseline"]["period"] == PERIODS[name] and g["baseline"]["source"]
        assert "evidence.md" not in g["baseline"]["source"] and "§" not in g["baseline"]["source"]
        today = m.with_todays_services[0]
        # the effect is today's trend less the plan's line, so its P10 comes from the line's P90
        assert g["plan_effect"]["p50"] == pytest.approx(today - m.with_plan.p50[0], abs=1e-3)
        assert g["plan_effect"]["p10"] == pytest.approx(today - m.with_plan.p90[0], abs=1e-3)
        assert g["plan_effect"]["p10"] <= g["plan_effect"]["p50"] <= g["plan_effect"]["p90"]
        # the forecast is the plan's line in the plan year; the suggested goal its P50 at the metric's precision
        runs = np.array(m.plan_year_runs)
        assert len(runs) == 300
        for k, q in (("p10", 10), ("p50", 50), ("p90", 90)):
            assert g["goal"]["forecast"][k] == pytest.approx(np.percentile(runs, q), abs=1e-3)
        assert g["goal"]["forecast"]["p50"] == pytest.approx(m.with_plan.p50[0], abs=1e-3)
        assert g["goal"]["value"] == round(m.with_plan.p50[0], m.digits) == g["goal"]["suggested"]
        assert g["goal"]["probability_met"] == pytest.approx(np.mean(runs <= g["goal"]["value"]), abs=1e-3)
        quarters = g["goal"]["quarterly"]
        assert len(quarters) == 4
        if name == "discharge_delay":  # an average: the same in every quarter
            assert quarters == [g["goal"]["value"]] * 4
        else:  # a rate a year: the quarters add up to it, in the shape of the seasonal profile
            assert sum(quarters) == pytest.approx(g["goal"]["value"], abs=0.01)
            for i in range(4):
                assert quarters[i] == pytest.approx(g["goal"]["value"] * sum(weights[3 * i:3 * i + 3]) / 12, abs=1e-3)
    # the demo's new schemes lower emergency admissions; its discharge teams are all established, so only
    # new reablement and bed-based care move the delay, by a few thousandths of a day
    ea = out["metrics"]["emergency_admissions_65_plus"]
    assert ea["plan_effect"]["p50"] > 0
    assert 0 <= out["metrics"]["discharge_delay"]["plan_effect"]["p50"] < 0.05
    # the suggested goal sits in the middle of the model's own forecast: met in about half the runs
    assert 0.4 <= ea["goal"]["probability_met"] <= 0.6


def test_goals_follow_the_scenario_and_a_plan_with_more_new_spend_gets_a_lower_goal():
    plan = demo_plan()
    base = {g.name: g for g in goals(summarise(run(Scenario(), plan, runs=200, seed=4)))}
    more = Scenario(changes=({"kind": "add_line", "scheme_id": "X1", "lever": "integrated_locality_teams",
                              "amount_gbp": 2_000_000, "new": True},))
    bigger = {g.name: g for g in goals(summarise(run(more, plan, runs=200, seed=4)))}
    # goals follow the scenario: more money for the teams, a lower forecast and goal
    a, b = base["emergency_admissions_65_plus"], bigger["emergency_admissions_65_plus"]
    assert b.forecast_p50 < a.forecast_p50 and b.goal < a.goal
    extra = demo_plan().model_copy(update={"lines": (*plan.lines, plan.lines[0].model_copy(update={
        "scheme_id": "X1", "scheme_type": "Community Based Schemes", "sub_type": "Enhanced health in care homes",
        "amount": 2_000_000.0, "new_existing": "New", "planned_outputs": None, "output_unit": "", "locality": ""}))})
    grown = {g.name: g for g in goals(summarise(run(Scenario(), extra, runs=200, seed=4)))}
    a, b = base["emergency_admissions_65_plus"], grown["emergency_admissions_65_plus"]
    assert b.effect_p50 > a.effect_p50 and b.goal < a.goal and np.isclose(a.baseline, b.baseline)


def test_goals_text_and_a_bad_source(capsys):
    assert main(["goals", "demo", "--runs", "100"]) == 0
    out = capsys.readouterr().out
    locs = demo_plan().localities  # the baseline: the localities' emergency admissions per 100,000 aged 65+
    rate = sum(x.emergency_admissions_65_plus for x in locs) / sum(x.population_65_plus for x in locs) * 1e5
    assert "Suggested goals for 2026-27" in out and "Quarters:" in out and f"Baseline {rate:,.1f} (2025-26)" in out
    assert main(["goals", "no-such.xlsx"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_scenario_files_own_goals_and_baselines(tmp_path, capsys):
    """Goals, rationale and a baseline set in a scenario file's submission are what `bcf goals` reports;
    the plan's modelled effect is the same as without them."""
    assert main(["goals", "demo", "--runs", "200", "--seed", "3", "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)["metrics"]
    path = tmp_path / "own.yaml"
    path.write_text(yaml.safe_dump({"name": "Own goals", "runs": 200, "seed": 3, "submission": {"goals": [
        {"metric": "discharge_delay", "value": 0.9, "rationale": "Our ward-level plan."},
        {"metric": "care_home_admissions_65_plus",
         "baseline": {"value": 600.0, "period": "2024-25", "source": "ASCOF 2C, 2024-25"}},
    ]}}), encoding="utf-8")
    assert main(["goals", str(path), "--json"]) == 0
    own = json.loads(capsys.readouterr().out)["metrics"]
    dd, ch, ea = own["discharge_delay"], own["care_home_admissions_65_plus"], own["emergency_admissions_65_plus"]
    assert dd["goal"]["value"] == 0.9 and dd["goal"]["set_by"] == "area" and dd["rationale"] == "Our ward-level plan."
    assert dd["goal"]["quarterly"] == [0.9] * 4 and dd["plan_effect"] == plain["discharge_delay"]["plan_effect"]
    assert ch["baseline"] == {"value": 600.0, "period": "2024-25", "source": "ASCOF 2C, 2024-25"}
    assert ch["goal"]["set_by"] == "suggested"
    # the forecast is re-anchored to the area's own baseline: each run scaled by 600 over the model's baseline
    m = summarise(run(Scenario(runs=200, seed=3), demo_plan())).metrics["care_home_admissions_65_plus_per_100k"]
    scaled = np.array(m.plan_year_runs) * 600.0 / m.base_year
    assert ch["goal"]["value"] == round(float(np.percentile(scaled, 50)), 1)
    assert dd["goal"]["probability_met"] == 0.0  # 0.9 days is far below every run's forecast
    assert ea == plain["emergency_admissions_65_plus"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"submission": {"goals": [{"metric": "discharge_delay", "value": -1}]}}))
    assert main(["goals", str(bad)]) == 2
    assert "submission.goals.0.value" in capsys.readouterr().err
