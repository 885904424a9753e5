"""`bcf capacity`: the JSON contract, its figures against the demo plan's lines by hand, the area's own
seasonal profile from a scenario file, and a bad profile as one sentence."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import yaml

from budget.cli import main
from budget.demo import demo_plan
from budget.reference import norm

PATHWAYS, SERVICES = ("P0", "P1", "P2", "P3"), ("ucr", "reablement", "bed_based", "social_support")
CAP = yaml.safe_load((resources.files("scenarios") / "assumptions" / "capacity.yaml").read_text(encoding="utf-8"))


def run_json(capsys, *args: str) -> dict:
    assert main(["capacity", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_capacity_json_contract(capsys):
    out = run_json(capsys, "demo")
    assert list(out)[:5] == ["year", "months", "discharge", "community", "area"]
    assert out["year"] == "2026-27"
    assert out["months"] == ["Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026",
                             "Nov 2026", "Dec 2026", "Jan 2027", "Feb 2027", "Mar 2027"]
    assert tuple(out["discharge"]) == PATHWAYS and tuple(out["community"]) == SERVICES
    for flow in [*out["discharge"].values(), *out["community"].values()]:
        assert {"demand", "capacity", "gap"} <= set(flow)
        for k in ("demand", "capacity", "gap"):
            assert len(flow[k]) == 12 and all(isinstance(v, float) for v in flow[k])
        for d, c, g in zip(flow["demand"], flow["capacity"], flow["gap"], strict=True):
            assert g == pytest.approx(c - d, abs=0.11)
    # the pathways share discharges 50/45/4/1 as capacity.yaml says (P0: only those who need support)
    def needing(p: str) -> float:
        d = CAP["pathways"][p]
        return d["share"]["value"] * d.get("needs_support", {"value": 1.0})["value"]

    p0 = out["discharge"]["P0"]["demand"]
    for p in PATHWAYS[1:]:
        assert sum(out["discharge"][p]["demand"]) == pytest.approx(sum(p0) * needing(p) / needing("P0"), rel=1e-3)
    assert out["seasonal_profile"]["source"] == "shipped"
    assert all(s["source"] and s["grade"] for s in out["sources"])


def test_demo_p1_and_ucr_capacity_equal_the_plans_lines_by_hand(capsys):
    out = run_json(capsys, "demo")
    plan = demo_plan()
    p1_outputs = sum(x.planned_outputs for x in plan.lines
                     if x.scheme_type == "Home-based intermediate care services"
                     and "to support discharge" in x.sub_type)
    p1_home_care = sum(x.amount for x in plan.lines if "pathway 1" in norm(x.sub_type)) / CAP["unit_costs"]["p1_home_care"]["value"]
    ucr = sum(x.planned_outputs for x in plan.lines if x.scheme_type == "Urgent Community Response")
    assert sum(out["discharge"]["P1"]["capacity"]) == pytest.approx(p1_outputs + p1_home_care, abs=1.0)
    assert sum(out["community"]["ucr"]["capacity"]) == pytest.approx(ucr, abs=1.0)
    assert len(set(out["discharge"]["P1"]["capacity"])) == 1  # spread evenly


def test_the_scenarios_own_profile_and_changes_are_used(tmp_path, capsys):
    base = run_json(capsys, "demo")
    f = tmp_path / "winter.yaml"
    f.write_text(yaml.safe_dump({
        "name": "Winter", "base": "demo",
        "changes": [{"kind": "add_line", "scheme_id": "W1", "scheme_type": "Home-based intermediate care services",
                     "sub_type": "Reablement at home (to support discharge)", "amount_gbp": 300_000}],
        "submission": {"capacity": {"seasonal_profile": [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1]}}}))
    out = run_json(capsys, str(f))
    assert out["seasonal_profile"]["source"] == "area"
    d = out["discharge"]["P0"]["demand"]
    assert d[8] == pytest.approx(2 * d[0], abs=0.11)
    assert sum(d) == pytest.approx(sum(base["discharge"]["P0"]["demand"]), abs=1.0)
    extra = 300_000 / 3000  # levers.yaml reablement central unit cost
    assert sum(out["discharge"]["P1"]["capacity"]) - sum(base["discharge"]["P1"]["capacity"]) == pytest.approx(extra, abs=1.0)
    assert all(out["community"][s]["capacity"] == base["community"][s]["capacity"] for s in SERVICES)


def test_a_bad_profile_in_a_scenario_file_is_one_sentence(tmp_path, capsys):
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump({"name": "Bad", "base": "demo",
                                 "submission": {"capacity": {"seasonal_profile": [1, 1, 1]}}}))
    assert main(["capacity", str(f)]) == 2
    err = capsys.readouterr().err
    assert "seasonal_profile needs 12 monthly weights, April to March, not 3" in err
    assert "Traceback" not in err


def test_text_output_names_the_shortfalls(capsys):
    assert main(["capacity", "demo"]) == 0
    text = capsys.readouterr().out
    assert "Intermediate care capacity and demand 2026-27" in text
    assert "P1: home with reablement, rehabilitation or care" in text
    assert "Shortfall" in text and "Apr 2026" in text and "Mar 2027" in text
    assert "demand for P1 exceeds capacity by" in text
