"""Scenario files: defaults, checks and round trips."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from scenarios.schema import Scenario, ScenarioError, dump_scenario, load_scenario, parse_scenario

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
      - {outcome: emergency_admissions, low: 0.85, central: 0.95, high: 1.0, source: Local evaluation, grade: matched_control}
"""


def test_defaults():
    s = Scenario()
    assert (s.schema_version, s.base, s.stance, s.horizon_years, s.runs, s.seed) == (1, "demo", "controlled", 5, 1000, 1)
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


@pytest.mark.parametrize("data, message", [
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
    ({"horizon_years": 2, "changes": [{"kind": "remove_line", "scheme_id": "X", "from_year": 3}]}, "after the 2-year"),
    ({"assumption_overrides": [{"lever": "reablement", "unit_cost": {"low": 3, "central": 2, "high": 4}}]}, "low <= central"),
])
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
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "missing.json")
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ScenarioError, match="mapping"):
        load_scenario(listing)


def test_scenarios_are_frozen():
    s = Scenario()
    with pytest.raises(ValidationError):
        s.runs = 5
