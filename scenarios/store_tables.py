"""The scenario store's tables, and the migrations that bring an older database up to SCHEMA_VERSION."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 2

metadata = MetaData()
schema_version_t = Table("bcf_schema_version", metadata, Column("version", Integer, nullable=False))
scenarios_t = Table(
    "bcf_scenarios", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("owner", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("latest_version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("shared", Boolean, nullable=False, default=False),
)
versions_t = Table(
    "bcf_scenario_versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", Integer, ForeignKey("bcf_scenarios.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("summary", Text, nullable=False),
    Column("document", Text, nullable=False),
    UniqueConstraint("scenario_id", "version", name="uq_scenario_version"),
)


def _migration_1(conn) -> None:
    metadata.create_all(conn, tables=[scenarios_t, versions_t])


def _migration_2(conn) -> None:
    """Scenarios private unless shared: a `shared` flag, false for every scenario saved before."""
    from sqlalchemy import inspect

    if "shared" not in {c["name"] for c in inspect(conn).get_columns("bcf_scenarios")}:
        conn.exec_driver_sql("ALTER TABLE bcf_scenarios ADD COLUMN shared BOOLEAN NOT NULL DEFAULT FALSE")


MIGRATIONS = {1: _migration_1, 2: _migration_2}
