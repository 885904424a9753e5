"""`bcf optimise`: its bounds and locks read from the command line, and a short search on the demo."""

from __future__ import annotations

import math

import pytest

from budget.cli import UserError
from budget.demo import demo_plan
from scenarios.cli.optimise import parse_bounds, register, resolve_locks
from tests.unit.scenarios.cli.commands import call, call_json, parser_for

SHORT = ["--runs", "20", "--search-runs", "20", "--seed", "2"]


def test_bounds_are_read_as_pounds_with_an_open_side():
    got = parse_bounds(["reablement=£6,000,000", "carers=1m"], ["reablement=8000000"], "lever")
    assert got == {"reablement": (6_000_000.0, 8_000_000.0), "carers": (1_000_000.0, math.inf)}
    assert parse_bounds(None, ["North = 2,500"], "locality") == {"North": (0.0, 2500.0)}
    assert parse_bounds(None, None, "lever") == {}


@pytest.mark.parametrize("item, message", [
    ("reablement", "--lever-min expects NAME=AMOUNT, e.g. --lever-min 'Riverside=6000000'; got 'reablement'"),
    ("=5", "--lever-min expects NAME=AMOUNT"),
    ("reablement=lots", "--lever-min reablement=lots: 'lots' is not an amount in pounds"),
])
def test_a_bad_bound_is_one_sentence_naming_the_option(item, message):
    with pytest.raises(UserError) as e:
        parse_bounds([item], None, "lever")
    assert e.value.messages[0].startswith(message)


def test_locks_match_exactly_else_ignoring_capitals_with_a_note():
    plan = demo_plan()
    some = sorted({x.scheme_id for x in plan.lines})[0]
    assert resolve_locks(plan, [some]) == ({some}, [])
    locked, notes = resolve_locks(plan, [some.lower()] if some.lower() != some else [some.upper()])
    assert locked == {some}
    assert notes and "matched ignoring capitals" in notes[0]
    assert resolve_locks(plan, None) == (set(), [])


def test_an_unknown_lock_names_the_nearest_schemes():
    with pytest.raises(UserError, match=r"--lock NOPE-999: the plan has no scheme with this ID; "):
        resolve_locks(demo_plan(), ["NOPE-999"])


def test_the_parser_defaults():
    args = parser_for(register).parse_args(["optimise", "demo"])
    assert (args.objective, args.max_change, args.per_locality, args.runs, args.search_runs, args.seed) == (
        "admissions", 25.0, True, 1000, 300, 1)
    args = parser_for(register).parse_args(["optimise", "demo", "--no-per-locality", "--lock", "A", "--lock", "B"])
    assert (args.per_locality, args.lock) == (False, ["A", "B"])


@pytest.mark.parametrize("argv, message", [
    (["--max-change", "120"], "--max-change is a percentage between 0 and 100"),
    (["--lever-min", "wishes=5"], "'wishes' is not a lever"),
    (["--search-runs", "0"], "--search-runs: "),
    (["--near-need", "-1"], "--near-need is a number of percentage points between 0 and 100"),
])
def test_options_are_checked_before_the_search(argv, message):
    args = parser_for(register).parse_args(["optimise", "demo", *argv])
    with pytest.raises(UserError) as e:
        args.func(args)
    assert e.value.messages[0].startswith(message)


def test_a_short_search_on_the_demo_keeps_the_total_and_does_no_worse(capsys):
    status, out = call_json(register, ["optimise", "demo", *SHORT, "--json"], capsys)
    assert status == 0
    assert (out["runs"], out["search_runs"], out["seed"], out["objective"]) == (20, 20, 2, "admissions")
    assert out["optimised_total_spend"] == pytest.approx(out["baseline_total_spend"])
    assert out["optimised_admissions_avoided_p50"] >= out["baseline_admissions_avoided_p50"] - 1e-6
    moved = sum(abs(a["after"] - a["before"]) for a in out["allocation"].values())
    assert out["improved"] == (moved > 1)
    assert sum(a["after"] for a in out["allocation"].values()) == pytest.approx(
        sum(a["before"] for a in out["allocation"].values()), abs=1)


def test_the_text_shows_the_allocation_before_and_after(capsys):
    status, out = call(register, ["optimise", "demo", *SHORT, "--no-per-locality"], capsys)
    assert status == 0
    assert out.startswith("Objective: admissions; spend per lever within ±25% of today's movable spend; ")
    assert "Spend by locality" not in out
    assert "Emergency admissions avoided P50: " in out and " -> " in out


def test_near_need_keeps_each_locality_s_money_near_its_need(capsys):
    from scenarios.optimise import optimise
    from scenarios.spend import locality_need

    status, out = call_json(register, ["optimise", "demo", *SHORT, "--near-need", "0.1", "--json"], capsys)
    assert status == 0
    assert (out["near_need_points"], out["moved_to_need"]) == (0.1, False)
    after = out["locality_need"]["after"]
    assert all(abs(r["spend_share"] - r["need_share"]) <= 0.001 + 1e-4 for r in after)  # shares given to 4 places
    again = optimise(demo_plan(), runs=20, search_runs=20, seed=2, need_distance=0.001)
    assert [r["spend_gbp"] for r in after] == [round(r.spend_gbp) for r in locality_need(again.plan)]
    status, text = call(register, ["optimise", "demo", *SHORT, "--near-need", "0.1"], capsys)
    assert "each locality's share of the money within 0.1 points of its share of the need" in text
    assert f"  {after[0]['sentence']}" in text.splitlines()
