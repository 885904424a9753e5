"""scenarios.cli.summary_json: the JSON object `bcf run --json` prints, with its stable keys and rounding."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios.cli.summary_json import change_json, digits_for, rounded, run_json, stat_json, summary_json
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.stats import Stat
from scenarios.summary import REFERENCE_NAME, Change, summarise
from tests.unit.scenarios.small_plans import FALLS, REABLEMENT, line, plan_of

PLAN = plan_of(line(FALLS, 100_000, "S1", "Town 1"), line(REABLEMENT, 200_000, "S2", "Town 2"), localities=2)
SCENARIO = Scenario(name="Test run", horizon_years=2, runs=20, seed=5)


@pytest.fixture(scope="module")
def results():
    return run(SCENARIO, PLAN)


def test_rounded():
    assert rounded(2.345, 1) == 2.3 and rounded(2.5, 0) == 2 and rounded(3.5, 0) == 4
    assert isinstance(rounded(12.7, 0), int) and rounded(12.7, -1) == 13
    assert rounded(None, 2) is None and rounded(math.nan, 1) is None and rounded(math.inf, 0) is None
    assert math.copysign(1.0, rounded(-0.01, 1)) == 1.0  # never -0.0


@given(st.floats(-1e9, 1e9), st.integers(1, 4))
def test_rounded_is_within_half_a_unit_of_the_last_place(x, digits):
    assert abs(rounded(x, digits) - x) <= 0.5 * 10**-digits + 1e-9 * abs(x)


def test_money_to_the_pound_and_counts_to_one_place():
    assert digits_for("net_saving_gbp") == 0
    assert digits_for("emergency_admissions_avoided") == 1


def test_stat_and_change():
    s = Stat(p10=1.04, p50=2.06, p90=3.0, mean=2.449, central=-0.04)
    assert stat_json(s) == {"p10": 1.0, "p50": 2.1, "p90": 3.0, "mean": 2.4, "central": 0.0}
    c = Change(p10=-10.4, p50=0.0, p90=9.6, mean=1.0, central=2.0, probability_better=0.123456)
    assert change_json(c, 0) == {"p10": -10, "p50": 0, "p90": 10, "mean": 1, "central": 2,
                                 "probability_better": 0.1235}


def test_the_stable_keys(results):
    out = summary_json(summarise(results))
    assert list(out) == [
        "scenario", "area", "plan_year", "stance", "stance_label", "runs", "seed", "years", "localities", "outcomes",
        "probability_net_saving_positive", "return_per_pound", "cost_per_admission_avoided_gbp", "spend_gbp",
        "change_vs_plan", "in_plan_year", "cost_per_outcome_gbp", "appraisal", "warnings", "by_lever", "by_year",
        "metrics", "waterfall", "effects", "drivers_of_net_saving", "baseline_sources", "settings", "notes"]
    assert out["scenario"] == "Test run" and (out["runs"], out["seed"]) == (20, 5)
    assert out["area"] == {"code": "E06000001", "name": "Testshire"}
    assert out["localities"] == ["Town 1", "Town 2"]
    assert out["change_vs_plan"]["reference"] == REFERENCE_NAME
    assert out["in_plan_year"]["year"] == out["years"][0]


def test_the_figures_are_the_summarys_rounded(results):
    s = summarise(results)
    out = summary_json(s)
    ea = s.stat("emergency_admissions_avoided")
    assert out["outcomes"]["emergency_admissions_avoided"]["p50"] == round(ea.p50, 1)
    assert out["outcomes"]["net_saving_gbp"]["mean"] == int(round(s.stat("net_saving_gbp").mean))
    spend = out["spend_gbp"]
    assert spend["total"] == int(round(s.spend_modelled_gbp + s.spend_no_effect_gbp))
    # no changes: the plan as submitted, so every change is zero
    assert all(c["mean"] == 0 for c in out["change_vs_plan"]["outcomes"].values())
    assert out["baseline_sources"] and all(v == "plan" or v.startswith("default: ")
                                           for v in out["baseline_sources"].values())
    assert set(out["by_lever"]) >= {"falls_prevention", "reablement"}


def test_it_is_json_and_the_same_each_time(results):
    text = json.dumps(summary_json(summarise(results)), allow_nan=False)
    assert json.dumps(run_json(results), allow_nan=False) == text
