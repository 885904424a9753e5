"""Revision 0004: the submitted records' table, added to a store with scenarios already, and its removal."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from scenarios.store_upgrade import config
from tests import old_stores


def test_a_store_upgraded_to_0004_keeps_its_scenarios_and_has_no_submitted_records(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    old_stores.build(url, 2)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.stamp(config(conn), "0002")
        command.upgrade(config(conn), "0003")
        before = conn.exec_driver_sql("SELECT name, owner, latest_version FROM bcf_scenarios ORDER BY name").all()
        command.upgrade(config(conn), "0004")
        inspector = sa.inspect(conn)
        assert {c["name"] for c in inspector.get_columns("bcf_submitted")} == {
            "id", "scenario_id", "number", "scenario_name", "scenario_version", "area_code", "area_name", "year",
            "submitted_by", "submitted_at", "document"}
        assert [u["column_names"] for u in inspector.get_unique_constraints("bcf_submitted")] == [
            ["scenario_id", "number"]]
        assert conn.exec_driver_sql("SELECT count(*) FROM bcf_submitted").scalar() == 0
        assert conn.exec_driver_sql("SELECT name, owner, latest_version FROM bcf_scenarios ORDER BY name").all() == (
            before)
        conn.exec_driver_sql("INSERT INTO bcf_submitted (scenario_id, number, scenario_name, scenario_version, "
                             "area_code, area_name, year, submitted_by, submitted_at, document) VALUES "
                             "(1, 1, 'A', 1, 'E1', 'Area', '2025-26', 'ann', '2025-06-01', '{}')")
        try:
            conn.exec_driver_sql("INSERT INTO bcf_submitted (scenario_id, number, scenario_name, scenario_version, "
                                 "area_code, area_name, year, submitted_by, submitted_at, document) VALUES "
                                 "(1, 1, 'A', 2, 'E1', 'Area', '2025-26', 'bob', '2025-06-02', '{}')")
            raise AssertionError("a second record with the same number was accepted")
        except sa.exc.IntegrityError:
            pass
    with engine.begin() as conn:
        command.downgrade(config(conn), "0003")
        assert not sa.inspect(conn).has_table("bcf_submitted")
        assert sa.inspect(conn).has_table("bcf_scenarios")
    engine.dispose()
