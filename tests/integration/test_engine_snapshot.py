"""A fixed-seed snapshot of the demo area's summary, so that any change to the model or its
assumptions shows as a reviewable diff of tests/snapshots/engine_demo_summary.json.

Regenerate after an intended change with:  BCF_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/integration/test_engine_snapshot.py
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import numpy as np
import pytest

from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import headline, totals

SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots" / "engine_demo_summary.json"
UPDATE = os.environ.get("BCF_UPDATE_SNAPSHOTS") == "1"

pytestmark = pytest.mark.skipif(importlib.util.find_spec("budget.demo") is None,
                                reason="budget.demo (the demo area) is not written yet")


@pytest.fixture(scope="module")
def demo():
    from budget.demo import demo_plan

    return demo_plan()


def _summary(plan) -> dict:
    out = {}
    for stance in ("controlled", "pilot"):
        h = headline(run(Scenario(name="Demo snapshot", stance=stance), plan, runs=2000, seed=20260401))
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


def test_demo_summary_matches_the_snapshot(demo):
    actual = json.loads(json.dumps(_summary(demo)))
    if UPDATE or not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.skip(f"wrote a new snapshot {SNAPSHOT.name}; review and commit it")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    diffs = _differences(expected, actual)
    assert not diffs, (f"{len(diffs)} difference(s) from {SNAPSHOT.name} (set BCF_UPDATE_SNAPSHOTS=1 to accept):\n"
                       + "\n".join(diffs[:40]))


def test_pilot_claims_give_larger_effects_than_controlled_evidence_on_the_demo(demo):
    c = run(Scenario(stance="controlled"), demo, runs=2000, seed=3)
    p = run(Scenario(stance="pilot"), demo, runs=2000, seed=3)
    for name in ("emergency_admissions_avoided", "ae_attendances_avoided", "home_care_hours_saved", "gross_saving_gbp"):
        assert np.percentile(totals(p, name), 50) > np.percentile(totals(c, name), 50), name
        assert totals(p, name)[0] > totals(c, name)[0], name


def test_demo_p50_is_stable_between_seeds_at_10000_runs(demo):
    a = run(Scenario(), demo, runs=10_000, seed=1)
    b = run(Scenario(), demo, runs=10_000, seed=2)
    # 1% of the P50, or of the P10-P90 width where the P50 is small beside it
    # (see tests/unit/test_engine_convergence.py)
    for name in ("emergency_admissions_avoided", "ae_attendances_avoided", "care_home_admissions_avoided",
                 "gross_saving_gbp", "net_saving_gbp", "home_care_hours_saved", "bed_days_saved"):
        ta = totals(a, name)
        p10, pa, p90 = np.percentile(ta, [10, 50, 90])
        pb = np.percentile(totals(b, name), 50)
        assert abs(pa - pb) < 0.01 * max(abs(pa), p90 - p10), (name, pa, pb)


def test_demo_results_are_sensible(demo):
    h = headline(run(Scenario(), demo, runs=1000, seed=1))
    assert len(h["localities"]) == len(demo.localities)
    o = h["outcomes"]
    ea = h["metrics"]["emergency_admissions_65_plus_per_100k"]
    # the modelled effect on the area's admissions rate is a few per cent at most under controlled evidence
    assert 0 <= ea["without_scenario"][0] - ea["with_scenario"]["p50"][0] < 0.06 * ea["without_scenario"][0]
    assert o["spend_gbp"]["p50"] > 0 and o["gross_saving_gbp"]["p90"] > o["gross_saving_gbp"]["p10"]
    assert h["spend_gbp"]["total"] == pytest.approx(demo.total_expenditure * 5, rel=1e-9)
