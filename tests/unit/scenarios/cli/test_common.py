"""What the scenario commands share: option checks as one sentence naming the option, the model's errors as
`error:` lines, strict JSON and the shared options."""

from __future__ import annotations

import argparse

import pytest

from budget.cli import UserError
from scenarios.cli.common import (
    add_source_options,
    check_options,
    checked,
    print_json,
    scenario_and_plan,
    user_errors,
    with_options,
)
from scenarios.schema import Scenario, ScenarioError
from scenarios.store_records import StoreError


@pytest.mark.parametrize("field, value, option", [
    ("runs", 0, "--runs"), ("runs", 10**9, "--runs"), ("seed", -1, "--seed"), ("horizon_years", 9, "--horizon"),
])
def test_a_value_out_of_range_is_one_sentence_naming_the_option(field, value, option):
    with pytest.raises(UserError) as e:
        checked(field, value)
    assert len(e.value.messages) == 1
    assert e.value.messages[0].startswith(f"{option}: ")
    assert "validation" not in e.value.messages[0].lower() and "pydantic" not in e.value.messages[0].lower()


def test_a_value_in_range_is_kept_and_none_is_none():
    assert checked("runs", 250) == 250
    assert checked("seed", 0) == 0
    assert checked("runs", None) is None
    with pytest.raises(UserError, match=r"^--search-runs: "):
        checked("runs", 0, "--search-runs")


def test_check_options_stops_at_the_first_bad_option():
    check_options(runs=10, seed=None, horizon_years=3)
    with pytest.raises(UserError, match=r"^--horizon: "):
        check_options(runs=10, horizon_years=0)


def test_options_given_replace_the_scenarios_own():
    s = Scenario(runs=500, seed=7)
    assert with_options(s) is s
    assert with_options(s, runs=None, seed=None) is s
    changed = with_options(s, runs=20, horizon_years=2, stance="pilot")
    assert (changed.runs, changed.seed, changed.horizon_years, changed.stance) == (20, 7, 2, "pilot")
    with pytest.raises(UserError, match=r"^--stance:"):
        with_options(s, stance="hopeful")


def test_scenario_and_plan_applies_the_options_to_the_demo():
    scenario, plan = scenario_and_plan("demo", runs=30, seed=None)
    assert (scenario.name, scenario.base, scenario.runs, scenario.seed) == (
        "Demo area plan as submitted",
        "demo",
        30,
        1,
    )
    assert plan.area.code == "E06999999"


@pytest.mark.parametrize("error, said", [
    (ScenarioError("first problem", "second problem"), ("first problem", "second problem")),
    (ValueError("a value that cannot be used"), ("a value that cannot be used",)),
    (StoreError("no saved scenario is called 'X'"), ("no saved scenario is called 'X'",)),
])
def test_the_models_errors_become_error_lines(error, said):
    with pytest.raises(UserError) as e, user_errors():
        raise error
    assert e.value.messages == said


def test_other_errors_pass_unchanged():
    with pytest.raises(KeyError), user_errors():
        raise KeyError("not a user's mistake")


def test_json_is_printed_by_the_command_line_s_own_printer():
    import budget.cli

    assert print_json is budget.cli.print_json  # strict JSON, tested in tests/unit/budget/test_cli.py


def test_the_shared_options():
    p = argparse.ArgumentParser()
    add_source_options(p)
    args = p.parse_args(["demo", "--runs", "5", "--seed", "2", "--area", "E1", "--json", "--db", "sqlite://"])
    assert vars(args) == {"source": "demo", "runs": 5, "seed": 2, "area": "E1", "json": True, "db": "sqlite://"}
    p = argparse.ArgumentParser()
    add_source_options(p, model=False, area=False, json=False, db=False, many=True)
    assert vars(p.parse_args(["a", "b"])) == {"sources": ["a", "b"]}
