"""Revision 0005: the work-in-progress table, added to a store with scenarios already, and its removal."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from scenarios.store_upgrade import config
from tests import old_stores


def test_a_store_upgraded_to_0005_keeps_its_scenarios_and_holds_no_work_in_progress(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    old_stores.build(url, 2)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.stamp(config(conn), "0002")
        command.upgrade(config(conn), "0004")
        before = conn.exec_driver_sql("SELECT name, owner, latest_version FROM bcf_scenarios ORDER BY name").all()
        command.upgrade(config(conn), "0005")
        inspector = sa.inspect(conn)
        assert {c["name"] for c in inspector.get_columns("bcf_working")} == {
            "token", "owner", "updated_at", "state", "workbook_digest", "workbook"}
        assert inspector.get_pk_constraint("bcf_working")["constrained_columns"] == ["token"]
        assert conn.exec_driver_sql("SELECT count(*) FROM bcf_working").scalar() == 0
        assert conn.exec_driver_sql("SELECT name, owner, latest_version FROM bcf_scenarios ORDER BY name").all() == (
            before)
    with engine.begin() as conn:
        command.downgrade(config(conn), "0004")
        assert not sa.inspect(conn).has_table("bcf_working")
        assert sa.inspect(conn).has_table("bcf_submitted")
    engine.dispose()
