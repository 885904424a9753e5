"""scenarios.store_tables: the tables, and migrations that bring a version-1 database up to SCHEMA_VERSION."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, select, text

from scenarios.store_tables import MIGRATIONS, SCHEMA_VERSION, metadata, scenarios_t, versions_t


def test_a_migration_for_every_version():
    assert SCHEMA_VERSION == 2
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


def test_the_tables_and_their_keys():
    assert set(metadata.tables) == {"bcf_schema_version", "bcf_scenarios", "bcf_scenario_versions"}
    assert scenarios_t.c.name.unique and scenarios_t.c.name.type.length == 200
    fk = next(iter(versions_t.c.scenario_id.foreign_keys))
    assert fk.target_fullname == "bcf_scenarios.id"
    assert {c.name for c in versions_t.constraints if c.name} >= {"uq_scenario_version"}


def test_migrations_in_order_make_every_column(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    with engine.begin() as conn:
        for v in sorted(MIGRATIONS):
            MIGRATIONS[v](conn)
        columns = {c["name"] for c in inspect(conn).get_columns("bcf_scenarios")}
    assert columns == {c.name for c in scenarios_t.c}


def test_migration_2_adds_shared_false_to_scenarios_saved_before(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    with engine.begin() as conn:
        MIGRATIONS[1](conn)
        conn.exec_driver_sql("ALTER TABLE bcf_scenarios DROP COLUMN shared")  # as version 1 made it
        conn.execute(text("INSERT INTO bcf_scenarios (name, owner, created_at, updated_at, latest_version, deleted) "
                          "VALUES ('Old', 'ann', '2025-01-01', '2025-01-01', 1, 0)"))
        MIGRATIONS[2](conn)
        MIGRATIONS[2](conn)  # a second run finds the column and leaves it
        shared = conn.execute(select(scenarios_t.c.shared)).scalar_one()
    assert shared is False
