"""Revision 0001: the tables of schema 1, and their removal."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from scenarios.store_upgrade import config


def test_it_makes_the_two_tables_of_schema_1_and_takes_them_away(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(config(conn), "0001")
        inspector = sa.inspect(conn)
        assert {c["name"] for c in inspector.get_columns("bcf_scenarios")} == {
            "id", "name", "owner", "created_at", "updated_at", "latest_version", "deleted"}
        assert {c["name"] for c in inspector.get_columns("bcf_scenario_versions")} == {
            "id", "scenario_id", "version", "author", "created_at", "summary", "document"}
        assert [u["column_names"] for u in inspector.get_unique_constraints("bcf_scenarios")] == [["name"]]
        conn.exec_driver_sql("INSERT INTO bcf_scenarios (name, owner, created_at, updated_at, latest_version, deleted)"
                             " VALUES ('A', 'ann', '2025-01-01', '2025-01-01', 1, 0)")
        try:
            conn.exec_driver_sql("INSERT INTO bcf_scenarios (name, owner, created_at, updated_at, latest_version, "
                                 "deleted) VALUES ('A', 'bob', '2025-01-01', '2025-01-01', 1, 0)")
            raise AssertionError("a second scenario of the same name was accepted")
        except sa.exc.IntegrityError:
            pass
    with engine.begin() as conn:
        command.downgrade(config(conn), "base")
        assert not ({"bcf_scenarios", "bcf_scenario_versions"} & set(sa.inspect(conn).get_table_names()))
    engine.dispose()
