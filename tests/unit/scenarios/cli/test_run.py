"""`bcf run`: its options, and what it prints for the demo on a few runs."""

from __future__ import annotations

import pytest

from budget.cli import UserError
from budget.demo import demo_plan
from scenarios.cli.run import register
from scenarios.cli.summary_json import summary_json
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import summarise
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


def test_the_parser_takes_a_source_and_the_model_options():
    args = parser_for(register).parse_args(["run", "demo", "--runs", "20", "--seed", "3", "--horizon", "2",
                                            "--stance", "pilot", "--json"])
    assert (args.source, args.runs, args.seed, args.horizon, args.stance, args.json) == (
        "demo", 20, 3, 2, "pilot", True)
    defaults = parser_for(register).parse_args(["run", "demo"])
    assert (defaults.runs, defaults.seed, defaults.horizon, defaults.stance, defaults.json) == (
        None, None, None, None, False)


def test_an_unknown_stance_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        parser_for(register).parse_args(["run", "demo", "--stance", "hopeful"])
    assert "invalid choice" in capsys.readouterr().err


def test_the_json_is_the_summary_of_the_run_asked_for(capsys):
    status, out = call_json(
        register, ["run", "demo", "--runs", "20", "--seed", "3", "--horizon", "2", "--json"], capsys
    )
    assert status == 0
    assert (out["runs"], out["seed"], out["years"]) == (20, 3, ["2026-27", "2027-28"])
    expected = summary_json(summarise(run(Scenario(base="demo", horizon_years=2), demo_plan(), runs=20, seed=3)))
    assert out["outcomes"]["emergency_admissions_avoided"] == expected["outcomes"]["emergency_admissions_avoided"]


def test_the_text_names_the_area_runs_and_headline_figures(capsys):
    status, out = call(register, ["run", "demo", "--runs", "20", "--seed", "3", "--horizon", "2"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Demo area plan as submitted: Northbrook (illustrative) (E06999999), 2026-27 to 2027-28"
    assert "20 runs, seed 3" in lines[1]
    assert "The plan as submitted: no changes to measure against it." in out
    admissions = next(x for x in lines if x.strip().startswith("Emergency admissions avoided"))
    assert admissions.split()[3].replace(",", "").lstrip("−").isdigit()  # its P50, a whole number
    # the pool's figures in one column: each P50 ends where the others do, the longest label included
    start = lines.index(next(x for x in lines if x.startswith("What the whole pool buys"))) + 1
    pool = [x for x in lines[start:] if "  (" in x]
    assert len(pool) >= 7 and len({x.index("  (") for x in pool}) == 1, pool


def test_a_bad_option_is_one_sentence_naming_it(capsys):
    args = parser_for(register).parse_args(["run", "demo", "--runs", "0"])
    with pytest.raises(UserError) as e:
        args.func(args)
    assert e.value.messages[0].startswith("--runs: ")
    assert capsys.readouterr().out == ""


def test_the_json_gives_each_locality_s_need_beside_its_money(capsys):
    from budget.need import need_shares
    from scenarios.spend import spend_by_locality

    status, out = call_json(register, ["run", "demo", "--runs", "20", "--horizon", "2", "--json"], capsys)
    assert status == 0
    plan = demo_plan()
    rows = out["locality_need"]
    assert [r["locality"] for r in rows] == [x.name for x in plan.localities]
    assert set(rows[0]) >= {"locality", "population_65_plus", "population_85_plus", "deprivation_score",
                            "need_share", "spend_share", "weight_source"}
    money = spend_by_locality(plan)
    total = sum(money.values())
    for r, x, share in zip(rows, plan.localities, need_shares(plan.localities), strict=True):
        assert (r["population_65_plus"], r["population_85_plus"], r["deprivation_score"], r["weight_source"]) == (
            x.population_65_plus, x.population_85_plus, x.deprivation_score, "computed")
        assert r["need_share"] == pytest.approx(share, abs=5e-5)
        assert r["spend_share"] == pytest.approx(money[x.name] / total, abs=5e-5)
        assert r["sentence"].startswith(f"{x.name} has {share:.0%} of the need and {money[x.name] / total:.0%} of "
                                        "the money (£")
        assert r["spend_per_head_of_need_gbp"] == pytest.approx(
            money[x.name] / (x.population_65_plus * r["need_weight"]), rel=1e-3)
    assert sum(r["need_share"] for r in rows) == pytest.approx(1, abs=1e-3)
