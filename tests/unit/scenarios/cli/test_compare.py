"""`bcf compare`: several sources side by side on the same runs, each against the first."""

from __future__ import annotations

import pytest
import yaml

from budget.cli import UserError
from scenarios.cli.compare import register
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


def test_the_parser_takes_several_sources():
    args = parser_for(register).parse_args(["compare", "demo", "other.yaml", "--runs", "10", "--seed", "2"])
    assert (args.sources, args.runs, args.seed, args.json) == (["demo", "other.yaml"], 10, 2, False)
    assert not hasattr(args, "area")


def test_one_source_is_refused(capsys):
    args = parser_for(register).parse_args(["compare", "demo"])
    with pytest.raises(UserError, match="at least two sources"):
        args.func(args)


@pytest.fixture
def moved(tmp_path):
    path = tmp_path / "moved.yaml"
    path.write_text(yaml.safe_dump({"name": "Moved", "base": "demo", "changes": [
        {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "reablement"},
         "amount_gbp": 1_000_000}]}), encoding="utf-8")
    return str(path)


def test_the_first_source_differs_from_itself_by_nothing(capsys, moved):
    status, out = call_json(register, ["compare", "demo", moved, "--runs", "12", "--seed", "4", "--json"], capsys)
    assert status == 0
    assert (out["runs"], out["seed"]) == (12, 4)
    first, second = out["scenarios"]
    assert (first["scenario"], second["scenario"]) == ("Demo area plan as submitted", "Moved")
    for o, d in first["difference_vs_first"].items():
        assert (d["p10"], d["p50"], d["p90"], d["mean"]) == (0, 0, 0, 0), o
    moved_diff = second["difference_vs_first"]["emergency_admissions_avoided"]
    assert moved_diff["p50"] != 0 or moved_diff["p10"] != moved_diff["p90"]


def test_the_text_shows_each_source_under_each_outcome(capsys, moved):
    status, out = call(register, ["compare", "demo", moved, "--runs", "12", "--seed", "4"], capsys)
    assert status == 0
    assert out.startswith("12 runs, seed 4, the same draws for every source.")
    assert out.count("Demo area plan as submitted") == out.count("Moved") >= 2
    assert "% better" in out
