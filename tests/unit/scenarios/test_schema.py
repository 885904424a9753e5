"""Scenario files: defaults, checks and round trips."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from budget.models import REFERENCE_NAME
from scenarios.schema import (
    Scenario,
    ScenarioError,
    dump_scenario,
    load_scenario,
    parse_scenario,
    reference_scenario,
)

EXAMPLE = """
schema_version: 1
name: More reablement in the north
base: demo
horizon_years: 3
stance: pilot
runs: 500
seed: 9
changes:
  - kind: move
    from: {lever: integrated_locality_teams}
    to: {lever: reablement, locality: North}
    amount_gbp: 250000
  - kind: add_line
    scheme_id: NEW1
    lever: falls_prevention
    amount_gbp: 120000
    from_year: 2
  - kind: remove_line
    scheme_id: S014
assumption_overrides:
  - lever: reablement
    effects:
      - {outcome: emergency_admissions, low: 0.85, central: 0.95, high: 1.0, source: Local evaluation,
         grade: matched_control}
"""


def test_defaults():
    s = Scenario()
    assert (s.schema_version, s.base, s.stance, s.horizon_years, s.runs, s.seed) == (
        1,
        "demo",
        "controlled",
        5,
        1000,
        1,
    )
    assert s.changes == () and s.assumption_overrides == ()
    hash(s)  # usable as a cache key


def test_yaml_and_json_round_trip(tmp_path):
    src = tmp_path / "s.yaml"
    src.write_text(EXAMPLE, encoding="utf-8")
    s = load_scenario(src)
    assert s.name == "More reablement in the north" and s.stance == "pilot" and len(s.changes) == 3
    assert s.changes[0].from_.lever == "integrated_locality_teams" and s.changes[0].to.locality == "North"
    assert s.assumption_overrides[0].effects[0].grade == "matched_control"
    for suffix in (".json", ".yaml"):
        out = dump_scenario(s, tmp_path / f"copy{suffix}")
        assert load_scenario(out) == s
    assert json.loads((tmp_path / "copy.json").read_text())["changes"][0]["from"] == {
        "lever": "integrated_locality_teams", "scheme_id": None, "locality": None}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"colour": "red"}, "colour"),
        ({"horizon_years": 6}, "horizon_years"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"stance": "hopeful"}, "stance"),
        ({"runs": 0}, "runs"),
        ({"schema_version": 2}, "schema_version"),
        ({"deadweight": 1.0}, "deadweight"),
        ({"changes": [{"kind": "move", "from": {}, "to": {}}]}, "exactly one of amount_gbp"),
        ({"changes": [{"kind": "move", "from": {}, "to": {}, "amount_gbp": 5, "share": 0.1}]}, "exactly one"),
        ({"changes": [{"kind": "add_line", "scheme_id": "X", "amount_gbp": 5}]}, "lever or a scheme_type"),
        ({"changes": [{"kind": "add_line", "scheme_id": "X", "lever": "magic", "amount_gbp": 5}]}, "lever"),
        ({"changes": [{"kind": "explode"}]}, "kind"),
        (
            {"horizon_years": 2, "changes": [{"kind": "remove_line", "scheme_id": "X", "from_year": 3}]},
            "after the 2-year",
        ),
        (
            {"assumption_overrides": [{"lever": "reablement", "unit_cost": {"low": 3, "central": 2, "high": 4}}]},
            "low <= central",
        ),
    ],
)
def test_bad_scenarios_are_refused_naming_the_field(data, message):
    with pytest.raises(ScenarioError) as e:
        parse_scenario(data, name="s.yaml")
    assert any(message in m for m in e.value.messages), e.value.messages
    assert all(m.startswith("s.yaml: ") for m in e.value.messages)


def test_unreadable_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="cannot be opened"):
        load_scenario(tmp_path / "missing.json")
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ScenarioError, match="mapping"):
        load_scenario(listing)


def test_scenarios_are_frozen():
    s = Scenario()
    with pytest.raises(ValidationError):
        s.runs = 5


MOVE = {"kind": "move", "from": {"lever": "reablement"}, "to": {"lever": "falls_prevention"}}
ADD = {"kind": "add_line", "scheme_id": "N1", "lever": "reablement", "amount_gbp": 1000}


def _effect(**kw):
    return {"assumption_overrides": [{"lever": "reablement", "effects": [
        {"outcome": "emergency_admissions", "low": 0.8, "central": 0.9, "high": 1.0, **kw}]}]}


@pytest.mark.parametrize("data, field", [
    ({"changes": [{**MOVE, "amount_gbp": float("nan")}]}, "changes.0.move.amount_gbp"),
    ({"changes": [{**MOVE, "amount_gbp": float("inf")}]}, "changes.0.move.amount_gbp"),
    ({"changes": [{**MOVE, "amount_gbp": 1e308}]}, "changes.0.move.amount_gbp"),
    ({"changes": [{**ADD, "amount_gbp": float("-inf")}]}, "changes.0.add_line.amount_gbp"),
    ({"changes": [{**ADD, "amount_gbp": -5}]}, "changes.0.add_line.amount_gbp"),
    ({"changes": [{**ADD, "amount_gbp": 1e308}]}, "changes.0.add_line.amount_gbp"),
    ({"changes": [{**MOVE, "share": float("nan")}]}, "changes.0.move.share"),
    ({"deadweight": float("nan")}, "deadweight"),
    ({"seed": 10**30}, "seed"),
    (_effect(low=-0.5, distribution="normal"), "assumption_overrides.0.effects.0.low"),
    (_effect(high=float("inf")), "assumption_overrides.0.effects.0.high"),
    (_effect(central=float("nan")), "assumption_overrides.0.effects.0.central"),
    (_effect(high=1e308), "assumption_overrides.0.effects.0.high"),
    (_effect(source="Local\x00evaluation"), "assumption_overrides.0.effects.0.source"),
    ({"assumption_overrides": [{"lever": "reablement", "cohort_rate_ratio": [
        {"outcome": "emergency_admissions", "value": -2}]}]}, "assumption_overrides.0.cohort_rate_ratio.0.value"),
    ({"assumption_overrides": [{"lever": "reablement", "max_uptake": {"value": float("nan")}}]},
     "assumption_overrides.0.max_uptake.value"),
    ({"assumption_overrides": [{"lever": "reablement", "unit_cost": {"low": 1, "central": 2, "high": 1e308}}]},
     "assumption_overrides.0.unit_cost.high"),
    ({"name": "Plan\x1b[31m red"}, "name"),
    ({"name": "x" * 100_000}, "name"),
    ({"description": "a\x07b"}, "description"),
    ({"changes": [{**ADD, "scheme_name": "Bell\x07"}]}, "changes.0.add_line.scheme_name"),
    ({"changes": [{**MOVE, "amount_gbp": 5, "from": {"locality": "North\x00"}}]}, "changes.0.move.from.locality"),
    ({"schema_version": True}, "schema_version"),
    ({"runs": True}, "runs"),
    ({"horizon_years": True}, "horizon_years"),
])
def test_values_a_workbook_would_refuse_are_refused_naming_the_field(data, field):
    with pytest.raises(ScenarioError) as e:
        parse_scenario(data, name="s.json")
    assert any(m.startswith(f"s.json: {field}: ") for m in e.value.messages), e.value.messages
    assert not any("Value error," in m or "nan" == m.rsplit(" ", 1)[-1] for m in e.value.messages)


def test_a_description_may_run_over_several_lines():
    assert parse_scenario({"description": "First line\nsecond line\ttabbed"}).description.count("\n") == 1


def test_money_messages_read_like_the_workbook_readers():
    with pytest.raises(ScenarioError) as e:
        parse_scenario({"changes": [{**ADD, "amount_gbp": 5e9}]}, name="s.json")
    assert "more than £1,000,000,000" in e.value.messages[0]
    with pytest.raises(ScenarioError) as e:
        parse_scenario({"changes": [{**ADD, "amount_gbp": float("nan")}]}, name="s.json")
    assert "expected an amount in pounds" in e.value.messages[0]


@pytest.mark.parametrize("suffix, text", [
    (".json", "[" * 100_000 + "]" * 100_000),
    (".json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    (".yaml", "name: " + "[" * 100_000 + "]" * 100_000),
    (".json", '{"seed": ' + "9" * 5000 + "}"),
    (".json", '{"runs": NaN}'),
    (".json", '{"runs": Infinity}'),
])
def test_nested_or_unreadable_text_is_a_sentence(tmp_path, suffix, text):
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert all(m.startswith(str(path)) for m in e.value.messages), e.value.messages


def test_scenarios_with_non_finite_numbers_cannot_be_dumped(tmp_path):
    s = parse_scenario({"changes": [ADD]})
    bad = s.model_copy(update={"deadweight": float("nan")})  # only possible by bypassing validation
    with pytest.raises(ValueError):
        dump_scenario(bad, tmp_path / "x.json")


def test_folders_and_oversized_files_are_refused(tmp_path):
    with pytest.raises(ScenarioError, match="folder"):
        load_scenario(tmp_path / "")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (6 * 1024 * 1024))
    with pytest.raises(ScenarioError, match="limit"):
        load_scenario(big)


def test_the_reference_scenario_is_the_plan_as_submitted_under_the_scenarios_settings():
    sc = Scenario.model_validate({"name": "Moved", "horizon_years": 3, "runs": 50, "stance": "pilot", "changes": [
        {"kind": "move", "from": {"lever": "carers"}, "to": {"lever": "reablement"}, "share": 0.5}]})
    ref = reference_scenario(sc)
    assert ref.name == REFERENCE_NAME == "Plan as submitted" and ref.changes == ()
    assert (ref.horizon_years, ref.runs, ref.stance) == (3, 50, "pilot")
    assert reference_scenario() == Scenario() and Scenario().name == REFERENCE_NAME



def test_a_plan_the_model_cannot_run_on_is_a_plan_error_not_a_change_that_failed():
    from budget.models import HWBArea, Plan
    from scenarios.capacity import capacity_plan
    from scenarios.schema import PlanError, ScenarioError, reference_scenario
    from scenarios.spend import build_spend

    plan = Plan(area=HWBArea(code="E06999999", name="Testborough"), year="2025-26")
    for attempt in (lambda: build_spend(plan, reference_scenario()), lambda: capacity_plan(plan)):
        with pytest.raises(PlanError, match="no localities") as info:
            attempt()
        assert isinstance(info.value, ScenarioError)  # callers that catch any refusal still catch it
