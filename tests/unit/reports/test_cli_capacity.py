"""`bcf capacity`: the plan year's intermediate-care demand and capacity, month by month."""

from __future__ import annotations

import pytest

from reports.cli_capacity import register
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


def test_the_parser_has_no_model_options():
    args = parser_for(register).parse_args(["capacity", "demo", "--json"])
    assert (args.source, args.json, args.area, args.db) == ("demo", True, None, None)
    assert not hasattr(args, "runs")


def test_the_text_has_twelve_months_and_a_year_per_flow(capsys):
    status, out = call(register, ["capacity", "demo"], capsys)
    assert status == 0
    assert out.startswith("Intermediate care capacity and demand 2026-27: Northbrook (illustrative)")
    flows = out.count("    Month ")
    assert flows >= 2
    assert out.count("    Year ") == flows
    for line in out.splitlines():
        if line.startswith("    Year "):
            _, demand, capacity, gap = line.split()[:4]
            number = [int(x.replace(",", "").replace("−", "-")) for x in (demand, capacity, gap)]
            assert abs(number[1] - number[0] - number[2]) <= 1  # gap = capacity − demand, each rounded


def test_the_json_holds_the_same_year(capsys):
    status, out = call_json(register, ["capacity", "demo", "--json"], capsys)
    assert status == 0
    assert out["year"] == "2026-27"
    assert (out["area"], len(out["months"]), out["months"][0]) == ("Northbrook (illustrative)", 12, "Apr 2026")
    for flow in (*out["discharge"].values(), *out["community"].values()):
        assert len(flow["demand"]) == len(flow["capacity"]) == len(flow["gap"]) == 12
        assert flow["gap"] == pytest.approx([c - d for c, d in zip(flow["capacity"], flow["demand"], strict=True)],
                                            abs=0.11)  # each rounded to 0.1
