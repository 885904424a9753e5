"""scenarios.scenario_file: writing a saved scenario as a file, reading it back, and refusing other files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from budget.demo import demo_plan
from scenarios.scenario_file import FILE_KIND, FILE_VERSION, MAX_FILE_BYTES, from_file_text, to_file_text
from scenarios.schema import Scenario
from scenarios.store_records import Saved, StoreError


def saved(plan=None):
    return Saved(name="North", version=2, author="a", saved_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                 summary="created", scenario=Scenario(name="North", runs=40, seed=8), base_plan=plan)


def test_a_file_holds_kind_version_name_scenario_and_plan():
    data = json.loads(to_file_text(saved()))
    assert set(data) == {"kind", "schema_version", "name", "scenario", "base_plan"}
    assert (data["kind"], data["schema_version"], data["name"]) == ("bcf-planner-scenario", 1, "North")
    assert data["base_plan"] is None and data["scenario"]["runs"] == 40
    assert to_file_text(saved()).endswith("}\n")


@pytest.mark.parametrize("plan", [None, "demo"])
def test_round_trip(plan):
    plan = demo_plan() if plan else None
    scenario, got_plan = from_file_text(to_file_text(saved(plan)))
    assert scenario == Scenario(name="North", runs=40, seed=8)
    assert got_plan == plan


def test_bytes_are_read_too():
    scenario, _ = from_file_text(to_file_text(saved()).encode("utf-8"))
    assert scenario.seed == 8


def test_a_bare_scenario_object_of_version_0_is_migrated():
    scenario, plan = from_file_text(json.dumps(Scenario(name="Old", runs=12).to_json_dict()))
    assert (scenario.name, scenario.runs, plan) == ("Old", 12, None)


@pytest.mark.parametrize("text, message", [
    ("{not json", "the file is not JSON (Expecting property name enclosed in double quotes, line 1 column 2); "
                  "export the scenario again"),
    ("[1, 2]", "the file is JSON but not a scenario: expected an object with a 'scenario'"),
    ('{"runs": 5}', "the file is JSON but not a scenario: expected 'kind', 'schema_version' and 'scenario'"),
    ('{"kind": "workbook", "schema_version": 1}', "the file is a 'workbook', not a BCF Planner scenario"),
    (json.dumps({"kind": FILE_KIND, "schema_version": 2}),
     "scenario files of schema_version 2 are not known to this version of BCF Planner (it reads version 1); "
     "update BCF Planner"),
    (json.dumps({"kind": FILE_KIND, "schema_version": True}), "scenario files of schema_version True are not known"),
])
def test_other_files_are_refused_with_a_sentence(text, message):
    with pytest.raises(StoreError) as e:
        from_file_text(text)
    assert str(e.value).startswith(message)


def test_an_invalid_scenario_or_plan_is_named():
    bad = {"kind": FILE_KIND, "schema_version": FILE_VERSION, "scenario": {"runs": 0}}
    with pytest.raises(StoreError, match=r"^the scenario in the file is not valid: scenario: runs: "):
        from_file_text(json.dumps(bad))
    bad = {"kind": FILE_KIND, "schema_version": FILE_VERSION, "scenario": {}, "base_plan": {"area": 3}}
    with pytest.raises(StoreError, match=r"^the plan in the file is not valid: base_plan: "):
        from_file_text(json.dumps(bad))


def test_nan_is_not_json():
    with pytest.raises(StoreError, match="NaN is not a number JSON allows"):
        from_file_text('{"kind": "bcf-planner-scenario", "schema_version": 1, "scenario": {"deadweight": NaN}}')


def test_a_file_over_the_limit_is_refused_before_reading():
    with pytest.raises(StoreError, match="the scenario file is over 5 MB; it is not a scenario file"):
        from_file_text(" " * (MAX_FILE_BYTES + 1))
