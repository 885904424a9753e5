"""Revision 0002: the `shared` flag, false for every scenario saved before; and its removal."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from scenarios.store_upgrade import config


def test_scenarios_saved_before_sharing_are_private_and_the_flag_can_be_removed(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(config(conn), "0001")
        conn.exec_driver_sql("INSERT INTO bcf_scenarios (name, owner, created_at, updated_at, latest_version, deleted)"
                             " VALUES ('Before', 'ann', '2025-01-01', '2025-01-01', 3, 1)")
        command.upgrade(config(conn), "0002")
        assert conn.exec_driver_sql("SELECT name, shared, deleted, latest_version FROM bcf_scenarios").all() == [
            ("Before", 0, 1, 3)]
        conn.exec_driver_sql("UPDATE bcf_scenarios SET shared = 1")
        command.downgrade(config(conn), "0001")
        assert {c["name"] for c in sa.inspect(conn).get_columns("bcf_scenarios")} == {
            "id", "name", "owner", "created_at", "updated_at", "latest_version", "deleted"}
        assert conn.exec_driver_sql("SELECT name, deleted, latest_version FROM bcf_scenarios").all() == [
            ("Before", 1, 3)]
    engine.dispose()
