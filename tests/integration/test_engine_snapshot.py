"""Fixed-seed snapshots of model summaries, so that any change to the model or its assumptions
shows as a reviewable diff: the demo area (tests/snapshots/engine_demo_summary.json) and a small
fixed plan written out here (tests/snapshots/engine_fixed_plan_summary.json), which does not depend
on the demo's contents.

Regenerate after an intended change with:
    BCF_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/integration/test_engine_snapshot.py
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import numpy as np
import pytest

from budget.models import Baselines, ExpenditureLine, HWBArea, Locality, Plan
from scenarios.cli.summary_json import run_json
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import totals

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
SNAPSHOT = SNAPSHOTS / "engine_demo_summary.json"
FIXED_SNAPSHOT = SNAPSHOTS / "engine_fixed_plan_summary.json"
UPDATE = os.environ.get("BCF_UPDATE_SNAPSHOTS") == "1"
needs_demo = pytest.mark.skipif(importlib.util.find_spec("budget.demo") is None,
                                reason="budget.demo (the demo area) is not written yet")


def fixed_plan() -> Plan:
    kinds = [
        ("Home-based intermediate care services", "Reablement at home (to support discharge)", 900_000.0, "Existing"),
        ("Community Based Schemes", "Integrated neighbourhood services", 1_200_000.0, "New"),
        ("Assistive Technologies and Equipment", "", 400_000.0, "Existing"),
        ("Prevention / Early Intervention", "Falls prevention", 150_000.0, "Existing"),
        ("Community Based Schemes", "Enhanced health in care homes", 350_000.0, "Existing"),
        ("DFG Related Schemes", "", 1_100_000.0, "Existing"),
        ("Carers Services", "", 300_000.0, "Existing"),
        ("Bed based intermediate care services", "", 800_000.0, "Existing"),
        ("Enablers for Integration", "", 250_000.0, "Existing"),
    ]
    locs = (Locality(name="North", population=90_000, population_65_plus=17_000, need_weight=1.1,
                     emergency_admissions_65_plus=4_300),
            Locality(name="South", population=70_000, population_65_plus=15_500, need_weight=0.9),
            Locality(name="Coast", population=40_000, population_65_plus=11_000, need_weight=1.2))
    lines = tuple(ExpenditureLine(scheme_id=f"F{i}", scheme_name=f"Scheme {i}", scheme_type=t, sub_type=st,
                                  source_of_funding="nhs_minimum", amount=a, new_existing=ne,
                                  locality=("", "North", "Coast")[i % 3])
                  for i, (t, st, a, ne) in enumerate(kinds))
    return Plan(area=HWBArea(code="E06000050", name="Fixed test area"), year="2026-27", lines=lines, localities=locs,
                baselines=Baselines(falls_admissions_65_plus_per_100k=2_100, mean_length_of_stay_days=7.5))


@pytest.fixture(scope="module")
def demo():
    from budget.demo import demo_plan

    return demo_plan()


def _summary(plan) -> dict:
    out = {}
    for stance in ("controlled", "pilot"):
        h = run_json(run(Scenario(name="Snapshot", stance=stance), plan, runs=2000, seed=20260401))
        out[stance] = {k: h[k] for k in ("area", "plan_year", "years", "outcomes", "probability_net_saving_positive",
                                         "return_per_pound", "cost_per_admission_avoided_gbp", "spend_gbp",
                                         "by_lever", "metrics", "waterfall")}
    return out


def _differences(expected, actual, path="") -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        diffs = [f"{path}.{k}: missing" for k in expected.keys() - actual.keys()]
        diffs += [f"{path}.{k}: new" for k in actual.keys() - expected.keys()]
        for k in expected.keys() & actual.keys():
            diffs += _differences(expected[k], actual[k], f"{path}.{k}")
        return diffs
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for d in _differences(e, a, f"{path}[{i}]")]
    if isinstance(expected, float | int) and isinstance(actual, float | int) and not isinstance(expected, bool):
        if actual == pytest.approx(expected, rel=1e-6, abs=0.11):  # allows last-digit rounding noise
            return []
    elif expected == actual:
        return []
    return [f"{path}: expected {expected!r}, got {actual!r}"]


def _check_snapshot(path: Path, summary: dict) -> None:
    actual = json.loads(json.dumps(summary))
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.skip(f"wrote a new snapshot {path.name}; review and commit it")
    expected = json.loads(path.read_text(encoding="utf-8"))
    diffs = _differences(expected, actual)
    assert not diffs, (f"{len(diffs)} difference(s) from {path.name} (set BCF_UPDATE_SNAPSHOTS=1 to accept):\n"
                       + "\n".join(diffs[:40]))


@needs_demo
def test_demo_summary_matches_the_snapshot(demo):
    _check_snapshot(SNAPSHOT, _summary(demo))


def test_fixed_plan_summary_matches_the_snapshot():
    _check_snapshot(FIXED_SNAPSHOT, _summary(fixed_plan()))


@needs_demo
def test_pilot_claims_give_larger_effects_than_controlled_evidence_on_the_demo(demo):
    c = run(Scenario(stance="controlled"), demo, runs=2000, seed=3)
    p = run(Scenario(stance="pilot"), demo, runs=2000, seed=3)
    for name in ("emergency_admissions_avoided", "ae_attendances_avoided", "home_care_hours_saved", "gross_saving_gbp"):
        assert np.percentile(totals(p, name), 50) > np.percentile(totals(c, name), 50), name
        assert totals(p, name)[0] > totals(c, name)[0], name


@needs_demo
def test_demo_p50_is_stable_between_seeds_at_10000_runs(demo):
    a = run(Scenario(), demo, runs=10_000, seed=1)
    b = run(Scenario(), demo, runs=10_000, seed=2)
    # 1% of the P50, or of the P10-P90 width where the P50 is small beside it
    # (see tests/unit/scenarios/test_engine_convergence.py)
    for name in ("emergency_admissions_avoided", "ae_attendances_avoided", "care_home_admissions_avoided",
                 "gross_saving_gbp", "net_saving_gbp", "home_care_hours_saved", "bed_days_saved"):
        ta = totals(a, name)
        p10, pa, p90 = np.percentile(ta, [10, 50, 90])
        pb = np.percentile(totals(b, name), 50)
        assert abs(pa - pb) < 0.01 * max(abs(pa), p90 - p10), (name, pa, pb)


@needs_demo
def test_demo_results_are_sensible(demo):
    h = run_json(run(Scenario(), demo, runs=1000, seed=1))
    assert len(h["localities"]) == len(demo.localities)
    o = h["outcomes"]
    ea = h["metrics"]["emergency_admissions_65_plus_per_100k"]
    # the modelled effect on the area's admissions rate is a few per cent at most under controlled evidence
    assert 0 <= ea["without_scenario"][0] - ea["with_scenario"]["p50"][0] < 0.06 * ea["without_scenario"][0]
    assert o["spend_gbp"]["p50"] > 0 and o["gross_saving_gbp"]["p90"] > o["gross_saving_gbp"]["p10"]
    assert h["spend_gbp"]["total"] == pytest.approx(demo.total_expenditure * 5, rel=1e-9)
