"""scenarios.store_backup: a store as one checked file and back, on SQLite (PostgreSQL: tests/integration)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from scenarios.schema import Scenario
from scenarios.store import Store
from scenarios.store_backup import FORMAT_VERSION, KIND, BackupRefused, _iso, backup, checksum, read_backup, restore
from scenarios.store_tables import SCHEMA_REVISION
from tests import old_stores


@pytest.fixture
def store(tmp_path):
    url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    old_stores.build(url, 2)
    return Store(url)


@pytest.fixture
def empty(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'target.sqlite'}")


def _resealed(data: dict) -> str:
    data = {**data}
    data["checksum"] = checksum(data)
    return json.dumps(data)


def test_a_backup_holds_every_scenario_with_its_versions_and_a_checksum_of_the_rest(store):
    data = json.loads(backup(store))
    assert (data["kind"], data["format_version"], data["schema_revision"]) == (KIND, FORMAT_VERSION, SCHEMA_REVISION)
    assert data["scenarios"] == old_stores.expected(2)
    rest = {k: v for k, v in data.items() if k != "checksum"}
    canonical = json.dumps(rest, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert data["checksum"] == "sha256:" + hashlib.sha256(canonical).hexdigest()


def test_times_are_written_in_utc_whatever_zone_they_come_in():
    utc = dt.datetime(2025, 6, 1, 12, 0, 0, 5, tzinfo=dt.UTC)
    assert _iso(utc) == "2025-06-01T12:00:00.000005+00:00"
    assert _iso(utc.replace(tzinfo=None)) == _iso(utc)  # SQLite's times, which the store wrote in UTC
    assert _iso(utc.astimezone(dt.timezone(dt.timedelta(hours=1)))) == _iso(utc)


def test_restore_gives_an_empty_store_the_same_scenarios(store, empty):
    text = backup(store)
    done = restore(empty, text)
    assert (done.added, done.versions, done.unchanged) == (3, 6, 0)
    assert json.loads(backup(empty))["scenarios"] == json.loads(text)["scenarios"]
    assert empty.open("Plan A", viewer="bob@nhs.net").scenario == store.open("Plan A").scenario


def test_a_non_empty_store_is_refused_unless_merging(store, empty):
    empty.save("Mine", Scenario(seed=8))
    text = backup(store)
    with pytest.raises(BackupRefused, match="the scenario store already holds 1 scenario, so the backup was not "
                                            "restored; restore into an empty store, or add"):
        restore(empty, text)
    done = restore(empty, text, merge=True)
    assert (done.added, done.unchanged) == (3, 0)
    assert restore(empty, text, merge=True).unchanged == 3  # a second merge finds them all there already
    assert [x.name for x in empty.list(include_deleted=True)] == ["Café plan ✓", "Mine", "Plan A", "Plan B (old)"]


def test_a_merge_refuses_a_name_held_with_other_contents(store, empty):
    text = backup(store)
    restore(empty, text)
    empty.share("Café plan ✓")
    with pytest.raises(BackupRefused, match="'Café plan ✓' is both in the store and in the backup, with different"):
        restore(empty, text, merge=True)


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.3, 0.5, 0.9, 0.999])
def test_a_backup_cut_short_anywhere_is_refused(store, fraction):
    text = backup(store)
    with pytest.raises(BackupRefused, match="is not a complete backup|does not match its checksum"):
        read_backup(text[: int(len(text) * fraction)])


def test_every_change_after_writing_is_found(store):
    data = json.loads(backup(store))
    for change in (lambda d: d["scenarios"][0].update(owner="mallory"),
                   lambda d: d["scenarios"][1]["versions"].pop(),
                   lambda d: d["scenarios"].pop(),
                   lambda d: d["scenarios"][2]["versions"][0].update(document="{}"),
                   lambda d: d.update(written_at="2020-01-01")):
        changed = json.loads(json.dumps(data))
        change(changed)
        with pytest.raises(BackupRefused, match="^the backup does not match its checksum: it was changed or damaged "
                                                "after it was written; nothing was restored$"):
            read_backup(json.dumps(changed))


@pytest.mark.parametrize("change, says", [
    (lambda d: d.update(kind="bcf-planner-scenario"), "is not a BCF Planner backup"),
    (lambda d: d.update(format_version=3), "is a backup of format 3, which this release does not read"),
    (lambda d: d.update(format_version=True), "is a backup of format True"),
])
def test_a_file_of_another_kind_or_format_is_refused(store, change, says):
    data = json.loads(backup(store))
    change(data)
    with pytest.raises(BackupRefused, match=says):
        read_backup(_resealed(data), "b.json")


@pytest.mark.parametrize("change, says", [
    (lambda d: d["scenarios"][0].update(created_at="yesterday"), "scenarios.0.created_at"),
    (lambda d: d["scenarios"][0].update(created_at="2025-01-01T00:00:00"), "scenarios.0.created_at"),
    (lambda d: d["scenarios"][0].update(latest_version=9), "do not end at its latest version"),
    (lambda d: d["scenarios"][0].update(shared="yes"), "scenarios.0.shared"),
    (lambda d: d["scenarios"][0].update(colour="red"), "scenarios.0.colour"),
    (lambda d: d["scenarios"][1].update(name=d["scenarios"][0]["name"]), "a scenario name appears twice"),
    (lambda d: d["scenarios"][0].update(versions=[]), "scenarios.0.versions"),
])
def test_a_resealed_backup_that_holds_what_a_store_cannot_is_refused(store, change, says):
    data = json.loads(backup(store))
    change(data)
    with pytest.raises(BackupRefused) as e:
        read_backup(_resealed(data), "b.json")
    assert str(e.value).startswith("b.json holds something a backup cannot (") and says in str(e.value)
    assert str(e.value).endswith("; nothing was restored")


def test_a_backup_too_large_to_restore_is_not_written(store, monkeypatch):
    from scenarios import store_backup
    from scenarios.store_records import StoreError

    size = len(backup(store).encode("utf-8"))
    monkeypatch.setattr(store_backup, "MAX_BACKUP_BYTES", size - 1)
    with pytest.raises(StoreError, match="over the 0 GB a backup may hold, so none was written"):
        backup(store)
    monkeypatch.setattr(store_backup, "MAX_BACKUP_BYTES", size + 100)  # the written_at time may differ by a digit
    assert read_backup(backup(store))


def test_submitted_records_go_into_the_backup_and_come_back(tmp_path, empty):
    from budget.demo import demo_plan

    source = Store(f"sqlite:///{tmp_path / 'with_submitted.sqlite'}", user="ann")
    source.save("Final", Scenario(seed=3), base_plan=demo_plan())
    first = source.submit("Final")
    source.save("Final", Scenario(seed=4), base_version=1)
    second = source.submit("Final")
    text = backup(source)
    assert [(r["scenario"], r["number"]) for r in json.loads(text)["submitted"]] == [("Final", 1), ("Final", 2)]
    done = restore(empty, text)
    assert (done.added, done.submitted) == (1, 2)
    assert empty.open_submitted("Final", 1) == first and empty.open_submitted("Final", 2) == second
    assert json.loads(backup(empty))["submitted"] == json.loads(text)["submitted"]
    again = restore(empty, text, merge=True)  # everything already there as the backup has it
    assert (again.added, again.unchanged, again.submitted) == (0, 1, 0)


def test_a_submitted_record_in_both_with_different_contents_is_refused_whole(tmp_path, empty):
    from budget.demo import demo_plan

    source = Store(f"sqlite:///{tmp_path / 'with_submitted.sqlite'}", user="ann")
    source.save("Final", Scenario(), base_plan=demo_plan())
    source.submit("Final")
    text = backup(source)
    restore(empty, text)
    with empty.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE bcf_submitted SET submitted_by = 'someone else'")
    with pytest.raises(BackupRefused, match="submission 1 of 'Final' is both in the store and in the backup"):
        restore(empty, text, merge=True)


def test_a_backup_of_format_1_without_submitted_records_still_restores(store, empty):
    data = json.loads(backup(store))
    del data["submitted"]
    data["format_version"] = 1
    done = restore(empty, _resealed(data))
    assert (done.added, done.submitted) == (3, 0) and empty.submitted() == []


def test_a_submitted_record_naming_no_scenario_in_the_backup_is_refused(store):
    data = json.loads(backup(store))
    data["submitted"] = [{"scenario": "Nowhere", "number": 1, "scenario_name": "Nowhere", "scenario_version": 1,
                          "area_code": "E1", "area_name": "Area", "year": "2025-26", "submitted_by": "ann",
                          "submitted_at": "2025-06-01T00:00:00+00:00", "document": "{}"}]
    with pytest.raises(BackupRefused, match="names a scenario the backup does not hold"):
        read_backup(_resealed(data))
