"""scenarios.store: versions, conflicts, privacy, deletion, restore and files, on an SQLite file in tmp_path."""

from __future__ import annotations

import json

import pytest

from budget.demo import demo_plan
from scenarios.schema import Scenario
from scenarios.store import KEEP_VERSIONS, Store, _changed_keys, _checked_name
from scenarios.store_records import ConflictError, StoreError


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 's.sqlite'}", user="alice")


def test_a_new_scenario_is_version_1_by_the_stores_user(store):
    assert store.save("Plan A", Scenario(runs=50)) == 1
    s = store.open("Plan A")
    assert (s.name, s.version, s.author, s.summary, s.scenario.runs, s.scenario.name) == (
        "Plan A", 1, "alice", "created", 50, "Plan A")
    assert s.base_plan is None


def test_whitespace_in_a_name_is_collapsed(store):
    store.save("  Plan \t  B  ", Scenario())
    assert [x.name for x in store.list()] == ["Plan B"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_name_of_no_or_too_many_characters_is_refused(name):
    with pytest.raises(StoreError, match="give the scenario a name of 1 to 200 characters"):
        _checked_name(name)


def test_a_name_with_a_direction_mark_is_refused():
    with pytest.raises(StoreError, match="^the name "):
        _checked_name("abc\u202edef")


def test_each_save_is_a_new_version_with_what_changed(store):
    store.save("P", Scenario(runs=50))
    assert store.save("P", Scenario(runs=60, seed=3), base_version=1) == 2
    assert store.save("P", Scenario(runs=60, seed=3), base_version=2) == 3
    vs = store.versions("P")
    assert [v.version for v in vs] == [3, 2, 1]
    assert vs[1].summary == "changed scenario.runs, scenario.seed"
    assert vs[0].summary == "saved with no changes"
    assert [s.scenario.runs for s in store.history("P")] == [50, 60, 60]
    assert store.open("P", 1).scenario.runs == 50


def test_a_save_from_an_old_version_is_refused_and_names_who_saved(store):
    store.save("P", Scenario())
    store.save("P", Scenario(runs=10), base_version=1, author="bob")
    with pytest.raises(ConflictError) as e:
        store.save("P", Scenario(runs=20), base_version=1)
    assert e.value.current == 2
    assert "'P' was saved as version 2 by bob at " in str(e.value)
    assert "after the version you started from (1); your changes were not saved" in str(e.value)
    assert store.open("P").scenario.runs == 10


def test_a_new_scenario_over_an_existing_name_is_a_conflict(store):
    store.save("P", Scenario())
    with pytest.raises(ConflictError, match=r"started from \(none\)"):
        store.save("P", Scenario())


def test_saving_to_a_missing_scenario_from_a_version_is_refused(store):
    with pytest.raises(StoreError, match="no saved scenario is called 'Q'; save it as a new scenario"):
        store.save("Q", Scenario(), base_version=3)


def test_the_plan_is_kept_when_a_later_save_gives_none(store):
    plan = demo_plan()
    store.save("P", Scenario(), base_plan=plan)
    store.save("P", Scenario(runs=5), base_version=1)
    assert store.open("P").base_plan == plan


def test_only_the_latest_versions_are_kept(store):
    store.save("P", Scenario(seed=0))
    for v in range(1, KEEP_VERSIONS + 2):
        store.save("P", Scenario(seed=v), base_version=v)
    kept = [v.version for v in store.versions("P")]
    assert len(kept) == KEEP_VERSIONS and min(kept) == 3
    with pytest.raises(StoreError, match=f"'P' has no version 1: the store keeps the latest {KEEP_VERSIONS} "
                                         f"versions of each scenario \\(versions 3 to {KEEP_VERSIONS + 2}\\)"):
        store.open("P", 1)


def test_delete_hides_and_undelete_brings_back(store):
    store.save("P", Scenario())
    store.delete("P")
    assert store.list() == [] and [x.deleted for x in store.list(include_deleted=True)] == [True]
    with pytest.raises(StoreError, match=r"it was deleted; restore it first"):
        store.open("P")
    with pytest.raises(StoreError, match="'P' was deleted; restore it or choose another name"):
        store.save("P", Scenario(), base_version=1)
    store.undelete("P")
    assert store.open("P").version == 1


def test_restore_makes_an_old_version_the_latest_as_a_new_one(store):
    store.save("P", Scenario(runs=10))
    store.save("P", Scenario(runs=20), base_version=1)
    assert store.restore("P", 1) == 3
    latest = store.open("P")
    assert latest.scenario.runs == 10 and latest.summary == "restored version 1"


def test_private_unless_shared(store):
    store.save("Mine", Scenario(), viewer="alice")
    assert store.list(viewer="bob") == []
    with pytest.raises(StoreError, match="or it is private to another user"):
        store.open("Mine", viewer="bob")
    with pytest.raises(StoreError, match="or it is private to another user"):
        store.share("Mine", viewer="bob")
    store.share("Mine", viewer="alice")
    with pytest.raises(StoreError, match="only the owner of 'Mine', alice, can share or unshare it"):
        store.share("Mine", False, viewer="bob")
    assert [x.shared for x in store.list(viewer="bob")] == [True]
    assert store.save("Mine", Scenario(runs=7), base_version=1, viewer="bob") == 2
    assert store.open("Mine").author == "bob"
    with pytest.raises(StoreError, match="only the owner of 'Mine', alice, can delete it"):
        store.delete("Mine", viewer="bob")
    assert [x.name for x in store.list()] == ["Mine"]  # no viewer: every scenario


def test_rename_and_copies(store):
    store.save("A", Scenario(runs=3), base_plan=demo_plan())
    store.save("B", Scenario())
    with pytest.raises(StoreError, match="a scenario called 'B' already exists; choose another name"):
        store.rename("A", "B")
    with pytest.raises(StoreError, match="a scenario called 'B' already exists"):
        store.duplicate("A", "B")
    store.rename("A", "C")
    assert store.duplicate("C", "D") == 1
    d = store.open("D")
    assert d.scenario.runs == 3 and d.scenario.name == "D" and d.base_plan == demo_plan()
    assert [x.name for x in store.list()] == ["B", "C", "D"]


def test_export_then_import_round_trips(store):
    store.save("A", Scenario(runs=9, seed=4), base_plan=demo_plan())
    text = store.export_json("A")
    assert json.loads(text)["name"] == "A"
    got = store.import_json(text, name="A copy")
    assert (got.name, got.version, got.scenario.runs, got.scenario.seed) == ("A copy", 1, 9, 4)
    assert got.base_plan == demo_plan()


def test_a_damaged_version_is_a_sentence(store, tmp_path):
    store.save("P", Scenario())
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE bcf_scenario_versions SET document = '{not json'")
    with pytest.raises(StoreError, match="version 1 of 'P' is damaged and cannot be read; open or restore another"):
        store.open("P")


def test_a_second_store_on_the_same_file_sees_the_same_scenarios(store):
    store.save("P", Scenario())
    again = Store(store.url, user="bob")
    assert [x.name for x in again.list()] == ["P"]


def test_changed_keys_walk_nested_mappings():
    assert _changed_keys({"a": 1, "b": {"c": 2, "d": 3}}, {"a": 1, "b": {"c": 5, "d": 3}, "e": 0}) == ["b.c", "e"]
    assert _changed_keys({"x": [1]}, {"x": [1]}) == []
