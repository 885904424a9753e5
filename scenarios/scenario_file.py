"""Scenario files: a saved scenario as JSON with its kind, schema version, name, scenario and plan.

``to_file_text`` writes one; ``from_file_text`` reads one back, migrating files of earlier versions, and
refuses anything else with a sentence.
"""

from __future__ import annotations

import json

from budget.models import Plan
from scenarios.schema import Scenario, ScenarioError, parse_plan, parse_scenario, read_json
from scenarios.store_records import Saved, StoreError

FILE_KIND = "bcf-planner-scenario"
FILE_VERSION = 1  # version 0: a bare scenario object, as written by `dump_scenario`
MAX_FILE_BYTES = 5 * 1024 * 1024


def to_file_text(saved: Saved) -> str:
    """A saved scenario as a scenario file: JSON with its kind, schema version, name, scenario and plan."""
    return json.dumps({
        "kind": FILE_KIND, "schema_version": FILE_VERSION, "name": saved.name,
        "scenario": saved.scenario.to_json_dict(),
        "base_plan": saved.base_plan.model_dump(mode="json") if saved.base_plan is not None else None,
    }, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def from_file_text(text: str | bytes) -> tuple[Scenario, Plan | None]:
    """A scenario file, migrated from older versions; a bad file raises StoreError with a sentence."""
    if len(text) > MAX_FILE_BYTES:
        raise StoreError(f"the scenario file is over {MAX_FILE_BYTES // 1024 // 1024} MB; it is not a scenario file")
    try:
        data = read_json(text)
    except ScenarioError as e:
        raise StoreError(f"the file is {e.messages[0]}; export the scenario again") from None
    if not isinstance(data, dict):
        raise StoreError("the file is JSON but not a scenario: expected an object with a 'scenario'")
    if "kind" not in data:  # version 0: a bare scenario object, which always carries its schema_version
        if "schema_version" not in data or "base" not in data:
            raise StoreError("the file is JSON but not a scenario: expected 'kind', 'schema_version' and 'scenario'")
        data = {"kind": FILE_KIND, "schema_version": FILE_VERSION, "scenario": data, "base_plan": None}
    if data.get("kind") != FILE_KIND:
        raise StoreError(f"the file is a '{data.get('kind')}', not a BCF Planner scenario")
    version = data.get("schema_version")
    if version != FILE_VERSION or isinstance(version, bool):
        raise StoreError(f"scenario files of schema_version {version!r} are not known to this version of BCF Planner "
                         f"(it reads version {FILE_VERSION}); update BCF Planner")
    try:
        scenario = parse_scenario(data.get("scenario"))
    except ScenarioError as e:
        raise StoreError("the scenario in the file is not valid: " + "; ".join(e.messages)) from None
    plan = None
    if data.get("base_plan") is not None:
        try:
            plan = parse_plan(data["base_plan"])
        except ScenarioError as e:
            raise StoreError("the plan in the file is not valid: " + "; ".join(e.messages)) from None
    return scenario, plan
