"""scenarios.store_tables: the store's tables as the latest schema has them, and the names the migrations use."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, insert, inspect, select

from scenarios.store_tables import (
    OLD_SCHEMA_REVISIONS,
    SCHEMA_REVISION,
    VERSION_TABLE,
    metadata,
    scenarios_t,
    submitted_t,
    versions_t,
)


def test_the_tables_and_their_keys():
    assert set(metadata.tables) == {"bcf_scenarios", "bcf_scenario_versions", "bcf_submitted", "bcf_working"}
    assert scenarios_t.c.name.unique and scenarios_t.c.name.type.length == 200
    fk = next(iter(versions_t.c.scenario_id.foreign_keys))
    assert fk.target_fullname == "bcf_scenarios.id"
    assert {c.name for c in versions_t.constraints if c.name} >= {"uq_scenario_version"}
    fk = next(iter(submitted_t.c.scenario_id.foreign_keys))
    assert fk.target_fullname == "bcf_scenarios.id"
    assert {c.name for c in submitted_t.constraints if c.name} >= {"uq_submitted_number"}


def test_a_scenario_is_private_unless_shared_in_the_database_too(tmp_path):
    """`shared` defaults to false in the database itself, so a row written without it is private."""
    engine = create_engine(f"sqlite:///{tmp_path / 't.sqlite'}")
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.exec_driver_sql("INSERT INTO bcf_scenarios (name, owner, created_at, updated_at, latest_version, "
                             "deleted) VALUES ('Old', 'ann', '2025-01-01', '2025-01-01', 1, 0)")
        when = dt.datetime(2025, 1, 1)
        conn.execute(insert(scenarios_t).values(name="New", owner="bob", created_at=when, updated_at=when,
                                                latest_version=1))
        rows = conn.execute(select(scenarios_t.c.name, scenarios_t.c.shared, scenarios_t.c.deleted)).all()
        assert {c["name"] for c in inspect(conn).get_columns("bcf_scenarios")} == set(scenarios_t.c.keys())
    assert sorted(rows) == [("New", False, False), ("Old", False, False)]


def test_the_names_the_migrations_use():
    assert VERSION_TABLE.startswith("bcf_") and VERSION_TABLE not in metadata.tables
    assert OLD_SCHEMA_REVISIONS == {1: "0001", 2: "0002"}
    assert SCHEMA_REVISION not in OLD_SCHEMA_REVISIONS.values()
