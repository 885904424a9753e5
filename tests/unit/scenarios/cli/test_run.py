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


def test_a_bad_option_is_one_sentence_naming_it(capsys):
    args = parser_for(register).parse_args(["run", "demo", "--runs", "0"])
    with pytest.raises(UserError) as e:
        args.func(args)
    assert e.value.messages[0].startswith("--runs: ")
    assert capsys.readouterr().out == ""
