"""`bcf goals`: suggested goals for the three BCF metrics, as text and JSON."""

from __future__ import annotations

from types import SimpleNamespace

from scenarios.cli.goals import goals_json, register
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


def test_the_parser_takes_a_source_and_the_model_options():
    args = parser_for(register).parse_args(["goals", "demo", "--runs", "15", "--seed", "2", "--area", "E06999999"])
    assert (args.source, args.runs, args.seed, args.area, args.json) == ("demo", 15, 2, "E06999999", False)


def test_goals_json_rounds_to_three_places_and_says_who_set_the_goal():
    g = SimpleNamespace(name="m", label="A metric", unit="per 100,000", baseline=1234.56789, baseline_period="2024-25",
                        baseline_source="SUS", effect_p10=-1.00049, effect_p50=-2.0, effect_p90=-3.0, goal=1200.12345,
                        quarterly=(300.0001, 300.0, 300.0, 300.1234), suggested=1200.5, set_by_area=True,
                        probability_met=0.61234, forecast_p10=1.0, forecast_p50=2.0, forecast_p90=3.0, rationale="why")
    out = goals_json("2026-27", [g])
    m = out["metrics"]["m"]
    assert out["year"] == "2026-27"
    assert m["baseline"] == {"value": 1234.568, "period": "2024-25", "source": "SUS"}
    assert m["plan_effect"] == {"p10": -1.0, "p50": -2.0, "p90": -3.0}
    assert m["goal"]["value"] == 1200.123 and m["goal"]["quarterly"] == [300.0, 300.0, 300.0, 300.123]
    assert (m["goal"]["set_by"], m["goal"]["probability_met"]) == ("area", 0.612)


def test_the_demo_gets_a_goal_for_each_metric(capsys):
    status, out = call_json(register, ["goals", "demo", "--runs", "15", "--seed", "2", "--json"], capsys)
    assert status == 0
    assert out["year"] == "2026-27"
    assert len(out["metrics"]) == 3
    for m in out["metrics"].values():
        assert m["goal"]["set_by"] == "suggested"
        assert m["goal"]["value"] == m["goal"]["suggested"]
        assert 0 <= m["goal"]["probability_met"] <= 1
        assert len(m["goal"]["quarterly"]) == 4


def test_the_text_gives_each_goal_with_its_chance_of_being_met(capsys):
    status, out = call(register, ["goals", "demo", "--runs", "15", "--seed", "2"], capsys)
    assert status == 0
    assert out.startswith("Suggested goals for 2026-27: Northbrook (illustrative), Demo area plan as submitted")
    assert out.count("  Goal ") == 3 and out.count("% of runs. Quarters: ") == 3
