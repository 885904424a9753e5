"""Revision 0003: the old version table removed once Alembic records the schema, and put back on the way down."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from scenarios.store_tables import SCHEMA_REVISION
from scenarios.store_upgrade import Where, _where, config
from tests import old_stores


def test_the_old_version_table_goes_and_comes_back_at_schema_2(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    old_stores.build(url, 2)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.stamp(config(conn), "0002")
        command.upgrade(config(conn), "0003")
        assert not sa.inspect(conn).has_table("bcf_schema_version")
        command.downgrade(config(conn), "0002")
        assert conn.exec_driver_sql("SELECT max(version) FROM bcf_schema_version").scalar() == 2
        command.downgrade(config(conn), "base")  # Alembic's own record goes with the last revision
        assert not sa.inspect(conn).has_table("bcf_scenarios")
    engine.dispose()


def test_a_new_database_never_had_the_old_table_and_is_upgraded_all_the_same(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'n.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(config(conn), "head")
        assert _where(conn) == Where(SCHEMA_REVISION)
    engine.dispose()
