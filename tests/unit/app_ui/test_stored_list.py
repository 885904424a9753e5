"""app_ui.stored_list: the shared store's scenarios as one session lists them, opened only when asked for."""

from __future__ import annotations

import pytest

from app_ui.stored_list import MAX_STORED_SHOWN, STORE_PREFIX, Stored
from budget.demo import demo_plan
from scenarios.schema import Scenario, ScenarioError
from scenarios.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'scenarios.sqlite'}", user="ann")


def test_listed_names_carry_the_prefix_and_open_once(store):
    plan = demo_plan()
    store.save("More reablement", Scenario(name="More reablement", runs=50), base_plan=plan)
    stored = Stored(store.list(), store, "ann", plan)
    assert list(stored) == [STORE_PREFIX + "More reablement"] and len(stored) == 1
    assert STORE_PREFIX + "More reablement" in stored and "More reablement" not in stored
    scenario, lines = stored[STORE_PREFIX + "More reablement"]
    assert scenario.runs == 50 and lines == plan.lines  # the same area: its lines come with it
    assert stored[STORE_PREFIX + "More reablement"][0] is scenario  # opened once


def test_a_scenario_saved_on_another_area_comes_without_its_lines(store):
    plan = demo_plan()
    other = plan.model_copy(update={"area": plan.area.model_copy(update={"code": "E06000001", "name": "Elsewhere"})})
    store.save("Elsewhere", Scenario(name="Elsewhere"), base_plan=other)
    stored = Stored(store.list(), store, "ann", plan)
    assert stored[STORE_PREFIX + "Elsewhere"][1] is None


def test_an_unlisted_name_is_a_key_error_and_a_deleted_one_a_scenario_error(store):
    store.save("Gone soon", Scenario(name="Gone soon"), base_plan=demo_plan())
    stored = Stored(store.list(), store, "ann", demo_plan())
    with pytest.raises(KeyError):
        stored[STORE_PREFIX + "Never saved"]
    store.delete("Gone soon")
    with pytest.raises(ScenarioError):
        stored[STORE_PREFIX + "Gone soon"]


def test_at_most_fifty_are_offered(store):
    class Row:
        def __init__(self, name):
            self.name = name

    stored = Stored([Row(f"S{i}") for i in range(MAX_STORED_SHOWN + 5)], store, "ann", demo_plan())
    assert len(stored) == MAX_STORED_SHOWN and len(stored.rows) == MAX_STORED_SHOWN + 5
