"""`bcf capacity`: the JSON contract, its figures against the demo plan's lines by hand, the area's own
seasonal profile and pathway shares from a scenario file, and a bad profile or bad shares as one sentence."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
import yaml

from budget.cli import main
from budget.demo import demo_plan
from budget.need import need_weight
from budget.reference_records import norm

PATHWAYS, SERVICES = ("P0", "P1", "P2", "P3"), ("ucr", "reablement", "bed_based", "social_support")
CAP = yaml.safe_load((resources.files("scenarios") / "assumptions" / "capacity.yaml").read_text(encoding="utf-8"))
LEVERS_Y = yaml.safe_load((resources.files("scenarios") / "assumptions" / "levers.yaml").read_text(encoding="utf-8"))
G65 = yaml.safe_load((resources.files("scenarios") / "assumptions" / "baseline.yaml").read_text(encoding="utf-8"))[
    "growth_per_year"]["population_65_plus"]["value"]
OBSERVED = "NHS England, Acute discharge situation report, daily series, England, February 2023 to January 2024"


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
    # the pathways share discharges 86.4/8.8/3.4/1.3 as capacity.yaml says (P0: only those who need support)
    def needing(p: str) -> float:
        d = CAP["pathways"][p]
        return d["share"]["value"] * d.get("needs_support", {"value": 1.0})["value"]

    p0 = out["discharge"]["P0"]["demand"]
    for p in PATHWAYS[1:]:
        assert sum(out["discharge"][p]["demand"]) == pytest.approx(sum(p0) * needing(p) / needing("P0"), rel=1e-3)
    assert out["seasonal_profile"]["source"] == "shipped"
    assert all(s["source"] and s["grade"] for s in out["sources"])
    assert {tuple(s) for s in out["sources"]} == {("name", "value", "unit", "source", "grade")}
    # the sources name the pathway shares' source and period, and the seasonal profile's
    shares = {s["name"]: s for s in out["sources"] if s["name"].endswith("share of discharges")}
    assert {k: v["value"] for k, v in shares.items()} == {
        "P0 share of discharges": 0.864,
        "P1 share of discharges": 0.088,
        "P2 share of discharges": 0.034,
        "P3 share of discharges": 0.013,
    }
    assert all(v["source"] == OBSERVED for v in shares.values())
    profile = next(s for s in out["sources"] if s["name"].startswith("seasonal profile"))
    assert profile["source"].endswith("England, April 2022 to March 2023")


def test_demo_p1_and_ucr_capacity_equal_the_plans_lines_by_hand(capsys):
    """Capacity is the people the impact model says the money serves: the demo's reablement and locality teams
    buy more people than their eligibility caps allow in (nearly) every locality, so each locality's cap is shared
    among the lines there in proportion to their planned outputs (or spend ÷ unit cost)."""
    out = run_json(capsys, "demo")
    plan = demo_plan()
    grow = 1 + G65
    levers = LEVERS_Y["levers"]

    def cap(lever: str, where: str) -> float:
        loc = next(x for x in plan.localities if x.name == where)
        return loc.population_65_plus * grow * levers[lever]["eligible_share_65_plus"]["value"] \
            * levers[lever]["max_uptake"]["value"]

    home = [x for x in plan.lines if x.scheme_type == "Home-based intermediate care services"]
    assert home and all(x.locality and norm(x.output_unit) == "packages" for x in home)
    p1 = 0.0
    for where in {x.locality for x in home}:
        here = [x for x in home if x.locality == where]
        bought = sum(x.planned_outputs for x in here)
        on_p1 = sum(x.planned_outputs for x in here if "to support discharge" in x.sub_type)
        p1 += min(bought, cap("reablement", where)) * on_p1 / bought
    p1_home_care = (
        sum(x.amount for x in plan.lines if "pathway 1" in norm(x.sub_type))
        / CAP["unit_costs"]["p1_home_care"]["value"]
    )
    assert sum(out["discharge"]["P1"]["capacity"]) == pytest.approx(p1 + p1_home_care, abs=1.0)

    teams_cost = levers["integrated_locality_teams"]["staff"]["cost_per_fte"]["central"] \
        / levers["integrated_locality_teams"]["staff"]["people_per_fte"]["value"]
    teams = {"Urgent Community Response", "Community Based Schemes", "Integrated Care Planning and Navigation"}
    ucr = 0.0
    for loc in plan.localities:
        here = [x for x in plan.lines if x.locality == loc.name and x.scheme_type in teams
                and (x.scheme_type != "Community Based Schemes" or "care homes" not in x.sub_type)]
        stated = sum(x.planned_outputs for x in here if x.scheme_type == "Urgent Community Response")
        bought = stated + sum(x.amount for x in here if x.scheme_type != "Urgent Community Response") / teams_cost
        ucr += min(bought, cap("integrated_locality_teams", loc.name)) * stated / bought
    assert sum(out["community"]["ucr"]["capacity"]) == pytest.approx(ucr, abs=1.0)
    assert len(set(out["discharge"]["P1"]["capacity"])) == 1  # spread evenly


def test_the_scenarios_own_profile_shares_and_changes_are_used(tmp_path, capsys):
    base = run_json(capsys, "demo")
    f = tmp_path / "winter.yaml"
    f.write_text(yaml.safe_dump({
        "name": "Winter", "base": "demo",
        "changes": [{"kind": "add_line", "scheme_id": "W1", "scheme_type": "Home-based intermediate care services",
                     "sub_type": "Reablement at home (to support discharge)", "amount_gbp": 300_000}],
        "submission": {"capacity": {"seasonal_profile": [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1],
                                    "pathway_shares": {"P0": 50, "P1": 45, "P2": 4, "P3": 1,
                                                       "source": "Guidance planning assumption", "period": "2020"}}}}))
    out = run_json(capsys, str(f))
    assert out["seasonal_profile"]["source"] == "area"
    d = out["discharge"]["P1"]["demand"]
    assert d[8] == pytest.approx(2 * d[0], abs=0.11)
    # P1 demand: the area's 45% of discharges against the observed 8.8%, the year's admissions unchanged
    assert sum(d) == pytest.approx(sum(base["discharge"]["P1"]["demand"]) * 45 / 8.8, rel=1e-3)
    shares = {s["name"]: s for s in out["sources"] if s["name"].endswith("share of discharges")}
    assert shares["P1 share of discharges"]["value"] == 0.45
    assert shares["P1 share of discharges"]["source"] == "the area's own figures: Guidance planning assumption, 2020"
    # the demo's reablement is within its eligibility cap everywhere, so £300,000 more (area-wide, shared by
    # people aged 65+ and need) buys packages at the plan's own cost in each locality, all on P1; nothing else moves
    def year(x, key):
        return sum(x["discharge"].get(key, x["community"].get(key, {})).get("capacity", []))

    plan = demo_plan()
    weight = {x.name: x.population_65_plus * need_weight(x)[0] for x in plan.localities}
    added = 0.0
    for name, w in weight.items():
        lines = [
            x for x in plan.lines if x.scheme_type == "Home-based intermediate care services" and x.locality == name
        ]
        added += (
            300_000 * w / sum(weight.values()) * sum(x.planned_outputs for x in lines) / sum(x.amount for x in lines)
        )
    assert 300_000 / 3_000 < added < 300_000 / 2_800  # packages cost £2,800 to £3,000
    assert year(out, "P1") == pytest.approx(year(base, "P1") + added, abs=0.7)  # months rounded to 0.1
    assert year(out, "reablement") == pytest.approx(year(base, "reablement"), abs=0.7)
    for key in ("P0", "P2", "P3", "ucr", "bed_based", "social_support"):
        assert year(out, key) == year(base, key), key


def test_bad_pathway_shares_in_a_scenario_file_are_one_sentence(tmp_path, capsys):
    f = tmp_path / "bad.yaml"
    f.write_text(
        yaml.safe_dump(
            {
                "name": "Bad",
                "base": "demo",
                "submission": {"capacity": {"pathway_shares": {"P0": 50, "P1": 45, "P2": 4, "P3": 11}}},
            }
        )
    )
    assert main(["capacity", str(f)]) == 2
    err = capsys.readouterr().err
    assert "pathway_shares add up to 110%; the four shares must add up to 100%" in err
    assert "Traceback" not in err


def test_a_bad_profile_in_a_scenario_file_is_one_sentence(tmp_path, capsys):
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump({"name": "Bad", "base": "demo",
                                 "submission": {"capacity": {"seasonal_profile": [1, 1, 1]}}}))
    assert main(["capacity", str(f)]) == 2
    err = capsys.readouterr().err
    assert "seasonal_profile needs 12 monthly weights, April to March, not 3" in err
    assert "Traceback" not in err


def test_money_above_a_cap_is_the_impact_models_sentence_word_for_word(tmp_path, capsys):
    f = tmp_path / "more.yaml"
    f.write_text(yaml.safe_dump({"name": "More reablement", "base": "demo", "changes": [
        {"kind": "add_line", "scheme_id": "W1", "lever": "reablement", "amount_gbp": 3_000_000}]}))
    assert main(["capacity", str(f)]) == 0
    text = capsys.readouterr().out
    assert main(["run", str(f), "--runs", "20", "--json"]) == 0
    sentences = [w for w in json.loads(capsys.readouterr().out)["warnings"] if "above the cap" in w]
    assert len(sentences) == 1 and "of reablement (home-based intermediate care) spend in 2026-27" in sentences[0]
    assert sentences[0] in text


def test_text_output_names_the_shortfalls(capsys):
    out = run_json(capsys, "demo")
    assert main(["capacity", "demo"]) == 0
    text = capsys.readouterr().out
    # the months the text marks "Shortfall" are those the JSON lists, pathway by pathway
    blocks = re.split(r"\n  (?! )", text)  # a pathway's or service's block: its label, then its table
    for flow in [*out["discharge"].values(), *out["community"].values()]:
        block = next(b for b in blocks if b.startswith(flow["label"] + "\n"))
        marked = [line.split()[0] + " " + line.split()[1] for line in block.splitlines() if line.endswith("Shortfall")]
        assert marked == flow["shortfall_months"]
        assert all(g <= -0.5 for m, g in zip(out["months"], flow["gap"], strict=True) if m in marked)
    assert any(flow["shortfall_months"] for flow in out["discharge"].values())  # the demo has some
    assert "Intermediate care capacity and demand 2026-27" in text
    assert "P1: home with reablement, rehabilitation or care" in text
    assert "Shortfall" in text and "Apr 2026" in text and "Mar 2027" in text
    assert "demand for P2 exceeds capacity by" in text
    assert f"Shares of discharges: P0 86.4%, P1 8.8%, P2 3.4%, P3 1.3% ({OBSERVED})." in text
    assert "Seasonal profile: observed discharges (NHS England, Acute discharge situation report, monthly" in text
    # the demo spends within every eligibility cap: no sentence on money above one
    assert "above the cap" not in text
