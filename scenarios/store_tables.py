"""The scenario store's tables, as the latest schema has them.

The migrations that build them, and bring a database made by an older release up to them, are Alembic
revisions in ``scenarios/migrations/versions/``; ``SCHEMA_REVISION`` names the latest, and Alembic records the
revision a database is at in ``VERSION_TABLE``. ``tests/integration/test_store_upgrade.py`` checks that the
revisions build exactly these tables (``alembic check``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

SCHEMA_REVISION = "0005"  # the latest revision in scenarios/migrations/versions/
VERSION_TABLE = "bcf_alembic_version"  # where Alembic records a database's revision
OLD_VERSION_TABLE = "bcf_schema_version"  # where releases before Alembic recorded their schema version (1 or 2)
OLD_SCHEMA_REVISIONS = {1: "0001", 2: "0002"}  # each old schema version and the revision that builds the same

metadata = MetaData()
scenarios_t = Table(
    "bcf_scenarios", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("owner", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("latest_version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("shared", Boolean, nullable=False, default=False, server_default=false()),
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
submitted_t = Table(  # the plan as submitted: read-only records, a new one each time a plan is marked submitted
    "bcf_submitted", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", Integer, ForeignKey("bcf_scenarios.id"), nullable=False),
    Column("number", Integer, nullable=False),  # 1 for the first submission of a scenario, 2 for a re-submission ...
    Column("scenario_name", String(200), nullable=False),  # the scenario's name when it was submitted
    Column("scenario_version", Integer, nullable=False),
    Column("area_code", String(200), nullable=False),
    Column("area_name", String(200), nullable=False),
    Column("year", String(200), nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("document", Text, nullable=False),  # JSON: the plan as submitted, the plan it was built on, the scenario
    UniqueConstraint("scenario_id", "number", name="uq_submitted_number"),
)
working_t = Table(  # each browser's work in progress, so a reload picks it up (scenarios.store_working)
    "bcf_working", metadata,
    Column("token", String(64), primary_key=True),  # the secret in the browser's address, never shown in a page
    Column("owner", String(200), nullable=False),  # the signed-in user, "" when sign-in is off
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("state", Text, nullable=False),  # JSON: the workbook's name, area and year, the scenario and its lines
    Column("workbook_digest", String(64), nullable=False),  # SHA-256 of the workbook, "demo" for the demo area
    Column("workbook", LargeBinary, nullable=True),  # the workbook, compressed (zlib); None for the demo area
)
