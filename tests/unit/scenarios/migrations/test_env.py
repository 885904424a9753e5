"""scenarios/migrations/env.py: Alembic on the store's connection, on a URL of its own, or writing SQL (offline)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from scenarios.store_tables import SCHEMA_REVISION, VERSION_TABLE
from scenarios.store_upgrade import config


def test_offline_it_writes_the_sql_for_each_database_and_touches_none(tmp_path, capsys):
    for url, key in ((f"sqlite:///{tmp_path / 'never.sqlite'}", "INTEGER NOT NULL"),
                     ("postgresql+psycopg://admin@db.example/bcf", "SERIAL NOT NULL")):
        command.upgrade(config(url=url), "head", sql=True)
        sql = capsys.readouterr().out
        assert "CREATE TABLE bcf_scenarios" in sql and f"id {key}" in sql
        assert f"CREATE TABLE {VERSION_TABLE}" in sql and f"'{SCHEMA_REVISION}'" in sql
        assert "ALTER TABLE bcf_scenarios ADD COLUMN shared BOOLEAN" in sql
    assert not (tmp_path / "never.sqlite").exists()


def test_online_without_a_connection_it_opens_the_url_itself(tmp_path):
    url = f"sqlite:///{tmp_path / 'own.sqlite'}"
    command.upgrade(config(url=url), "head")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar() == SCHEMA_REVISION
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"  # the store's own engine set-up
    engine.dispose()


def test_in_the_stores_transaction_nothing_is_kept_unless_the_caller_commits(tmp_path):
    """The store's SQLite engine makes table changes part of the transaction, as PostgreSQL does, and the
    migrations run inside the transaction the store began (store_upgrade.upgrade_engine)."""
    from scenarios.store_database import make_engine

    url = f"sqlite:///{tmp_path / 'held.sqlite'}"
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.begin()
        command.upgrade(config(conn), "head")
        assert sa.inspect(conn).has_table("bcf_scenarios")
        conn.rollback()
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table("bcf_scenarios")
    engine.dispose()
