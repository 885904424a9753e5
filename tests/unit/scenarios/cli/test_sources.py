"""A SOURCE turned into the scenario it stands for and the plan it builds on."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenarios.cli.sources import MAX_BASE_CHAIN, load_plans, resolve_plan, scenario_for_source
from scenarios.schema import Scenario, ScenarioError
from scenarios.store import Store
from scenarios.store_records import StoreError

ROOT = Path(__file__).resolve().parents[4]
WORKBOOK = ROOT / "templates" / "demo_area.xlsx"


def test_the_demo_is_the_plan_as_submitted():
    scenario, folder = scenario_for_source("demo")
    assert (scenario.name, scenario.base, scenario.changes, folder) == ("Demo area plan as submitted", "demo", (), None)
    plan = resolve_plan(scenario)
    assert (plan.area.code, plan.year) == ("E06999999", "2026-27")


def test_a_workbook_is_its_plan_as_submitted():
    scenario, folder = scenario_for_source(str(WORKBOOK))
    assert (scenario.name, scenario.base, folder) == ("demo_area as submitted", str(WORKBOOK), None)
    plan = resolve_plan(scenario)
    assert plan.lines and plan.area.code == resolve_plan(scenario_for_source("demo")[0]).area.code


def test_a_workbook_read_once_is_kept_while_unchanged():
    assert load_plans(str(WORKBOOK)) is load_plans(str(WORKBOOK))


def test_a_scenario_file_reads_its_base_beside_itself(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "area.xlsx").write_bytes(WORKBOOK.read_bytes())
    path = tmp_path / "option.yaml"
    path.write_text(yaml.safe_dump({"name": "Option", "base": "plans/area.xlsx", "runs": 50}), encoding="utf-8")
    scenario, folder = scenario_for_source(str(path))
    assert (scenario.name, scenario.base, scenario.runs, folder) == ("Option", "plans/area.xlsx", 50, tmp_path)
    assert resolve_plan(scenario, folder).area.code == "E06999999"


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.yaml", "missing.yaml: no such file"),
    (lambda d: d, "is a folder; give a scenario file (.yaml/.json) or a workbook (.xlsx)"),
])
def test_a_source_that_is_not_there_is_a_sentence(tmp_path, make, message):
    with pytest.raises(ScenarioError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        scenario_for_source(str(make(tmp_path)))


def test_an_area_the_workbook_lacks_is_named():
    with pytest.raises(ScenarioError, match=r"no area E09000001 in this workbook \(areas: E06999999\)"):
        resolve_plan(Scenario(base=str(WORKBOOK)), area="E09000001")


def test_a_saved_scenario_builds_on_its_saved_plan(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = Store(db, user="ann")
    scenario, _ = scenario_for_source("demo")
    plan = resolve_plan(scenario)
    store.save("Saved", scenario.model_copy(update={"runs": 40}), base_plan=plan)
    got, folder = scenario_for_source("scenario:Saved", db)
    assert (got.base, got.runs, folder) == ("scenario:Saved", 40, None)
    assert resolve_plan(got, db=db) == plan
    with pytest.raises(StoreError, match="no saved scenario is called 'Other'"):
        scenario_for_source("scenario:Other", db)


def test_a_chain_of_saved_bases_is_followed_and_a_loop_refused(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = Store(db, user="ann")
    store.save("Root", Scenario(base="demo", seed=5))
    store.save("Child", Scenario(base="scenario:Root"))
    assert resolve_plan(Scenario(base="scenario:Child"), db=db).area.code == "E06999999"
    store.save("A", Scenario(base="scenario:B"))
    store.save("B", Scenario(base="scenario:A"))
    with pytest.raises(ScenarioError, match="scenario 'A' is based on 'B', which is based on 'A': a scenario cannot "
                                            "be built on itself"):
        resolve_plan(Scenario(base="scenario:A"), db=db)


def test_a_chain_deeper_than_the_limit_is_refused(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = Store(db, user="ann")
    store.save("S0", Scenario(base="demo"))
    for i in range(1, MAX_BASE_CHAIN + 1):
        store.save(f"S{i}", Scenario(base=f"scenario:S{i - 1}"))
    # S(MAX - 1) is MAX saved scenarios from the demo (S(MAX - 1) ... S0): followed; one more is refused
    assert resolve_plan(Scenario(base=f"scenario:S{MAX_BASE_CHAIN - 1}"), db=db).area.code == "E06999999"
    with pytest.raises(ScenarioError, match=f"based on a chain of more than {MAX_BASE_CHAIN} saved scenarios"):
        resolve_plan(Scenario(base=f"scenario:S{MAX_BASE_CHAIN}"), db=db)
