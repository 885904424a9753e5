"""Scenarios are private to their owner unless shared, against real SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from budget.demo import demo_plan
from scenarios.schema import Scenario
from scenarios.store import Store, StoreError

pytestmark = pytest.mark.integration


def test_private_until_shared(db_url):
    s = Store(db_url)
    s.save("Ann's option", Scenario(seed=1), base_plan=demo_plan(), viewer="ann@council.gov.uk")
    s.save("Bob's option", Scenario(seed=2), viewer="bob@nhs.net")

    assert [x.name for x in s.list(viewer="ann@council.gov.uk")] == ["Ann's option"]
    assert [x.name for x in s.list(viewer="bob@nhs.net")] == ["Bob's option"]
    assert {x.name for x in s.list()} == {"Ann's option", "Bob's option"}  # no viewer: sign-in off, or an administrator
    assert s.list()[0].owner == "ann@council.gov.uk" and not s.list()[0].shared
    for call in (lambda: s.open("Ann's option", viewer="bob@nhs.net"),
                 lambda: s.history("Ann's option", viewer="bob@nhs.net"),
                 lambda: s.export_json("Ann's option", viewer="bob@nhs.net")):
        with pytest.raises(StoreError, match="no saved scenario is called"):
            call()
    for base_version in (1, None):  # saving over a private name says what opening a missing one says
        with pytest.raises(StoreError) as refused:
            s.save("Ann's option", Scenario(seed=9), base_version=base_version, viewer="bob@nhs.net")
        assert "no saved scenario is called 'Ann's option' (or it is private to another user)" in str(refused.value)
        assert "taken" not in str(refused.value)
    assert s.open("Ann's option").scenario.seed == 1  # Bob's attempt changed nothing

    with pytest.raises(StoreError, match="no saved scenario"):  # Bob cannot share what he cannot see
        s.share("Ann's option", viewer="bob@nhs.net")
    s.share("Ann's option", viewer="ann@council.gov.uk")
    listed = s.list(viewer="bob@nhs.net")
    assert [x.name for x in listed] == ["Ann's option", "Bob's option"]
    assert listed[0].shared and listed[0].owner == "ann@council.gov.uk"
    assert s.open("Ann's option", viewer="bob@nhs.net").base_plan == demo_plan()
    # shared: a colleague may add a version, recorded as theirs; only the owner may share, rename or delete
    assert s.save("Ann's option", Scenario(seed=5), base_version=1, viewer="bob@nhs.net") == 2
    assert [h.author for h in s.history("Ann's option", viewer="ann@council.gov.uk")] == \
        ["ann@council.gov.uk", "bob@nhs.net"]
    for call, verb in ((lambda: s.delete("Ann's option", viewer="bob@nhs.net"), "delete"),
                       (lambda: s.rename("Ann's option", "Mine now", viewer="bob@nhs.net"), "rename"),
                       (lambda: s.share("Ann's option", False, viewer="bob@nhs.net"), "share")):
        with pytest.raises(StoreError, match=f"only the owner of 'Ann's option', ann@council.gov.uk, can {verb}"):
            call()
    s.share("Ann's option", False, viewer="ann@council.gov.uk")
    assert [x.name for x in s.list(viewer="bob@nhs.net")] == ["Bob's option"]


def test_copies_and_imports_belong_to_whoever_made_them(db_url):
    s = Store(db_url)
    s.save("Shared plan", Scenario(seed=1), viewer="ann@council.gov.uk")
    s.share("Shared plan", viewer="ann@council.gov.uk")
    s.duplicate("Shared plan", "Bob's copy", viewer="bob@nhs.net")
    s.import_json(s.export_json("Shared plan", viewer="bob@nhs.net"), name="Bob's import", viewer="bob@nhs.net")
    mine = {x.name: x for x in s.list(viewer="bob@nhs.net")}
    assert mine["Bob's copy"].owner == mine["Bob's import"].owner == "bob@nhs.net"
    assert not mine["Bob's copy"].shared
    assert "Bob's copy" not in {x.name for x in s.list(viewer="ann@council.gov.uk")}


def test_a_store_made_before_sharing_is_migrated(tmp_path):
    from scenarios.store_tables import SCHEMA_REVISION

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # the first schema: no 'shared' column
        conn.exec_driver_sql("CREATE TABLE bcf_schema_version (version INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO bcf_schema_version VALUES (1)")
        conn.exec_driver_sql("CREATE TABLE bcf_scenarios (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE, "
                             "owner VARCHAR(200) NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, "
                             "latest_version INTEGER NOT NULL, deleted BOOLEAN NOT NULL)")
        conn.exec_driver_sql("CREATE TABLE bcf_scenario_versions (id INTEGER PRIMARY KEY, scenario_id INTEGER NOT NULL "
                             "REFERENCES bcf_scenarios(id), version INTEGER NOT NULL, author VARCHAR(200) NOT NULL, "
                             "created_at DATETIME NOT NULL, summary TEXT NOT NULL, document TEXT NOT NULL, "
                             "UNIQUE (scenario_id, version))")
        conn.exec_driver_sql("INSERT INTO bcf_scenarios VALUES (1, 'Before', 'ann@council.gov.uk', "
                             "'2026-01-05 10:00:00', '2026-01-05 10:00:00', 1, 0)")
        document = json.dumps({"scenario": Scenario(seed=4).to_json_dict(), "base_plan": None})
        conn.exec_driver_sql("INSERT INTO bcf_scenario_versions VALUES (1, 1, 1, 'ann@council.gov.uk', "
                             "'2026-01-05 10:00:00', 'created', ?)", (document,))
    engine.dispose()
    s = Store(url)
    assert [(x.name, x.shared) for x in s.list()] == [("Before", False)]
    assert s.list(viewer="bob@nhs.net") == []
    assert s.open("Before", viewer="ann@council.gov.uk").scenario.seed == 4
    with sa.create_engine(url).connect() as conn:  # Alembic records the schema now, in place of the old table
        assert conn.exec_driver_sql("SELECT version_num FROM bcf_alembic_version").scalar() == SCHEMA_REVISION
        assert not sa.inspect(conn).has_table("bcf_schema_version")


@pytest.mark.parametrize("bad", ["Option \u202eA", "Option\u2066 B", "x" * 201, "   "])
def test_a_name_that_could_disguise_itself_or_is_too_long_is_refused_in_a_sentence(tmp_path, bad):
    from scenarios.schema import Scenario
    from scenarios.store import Store, StoreError

    s = Store(f"sqlite:///{tmp_path / 'names.sqlite'}")
    with pytest.raises(StoreError) as refused:
        s.save(bad, Scenario())
    said = str(refused.value)
    assert "direction of the text" in said or "1 to 200 characters" in said
    s.save("Option A", Scenario())
    with pytest.raises(StoreError):
        s.rename("Option A", bad)
    assert [x.name for x in s.list()] == ["Option A"]
