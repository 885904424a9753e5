"""Alembic records the schema: the version table of the releases before it is removed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_VERSION_TABLE = "bcf_schema_version"


def upgrade() -> None:
    """Drop the old version table where a release before Alembic made one."""
    op.execute(f"DROP TABLE IF EXISTS {OLD_VERSION_TABLE}")


def downgrade() -> None:
    """Put back the old version table at schema 2, so a release before Alembic can open the database."""
    table = op.create_table(OLD_VERSION_TABLE, sa.Column("version", sa.Integer, nullable=False))
    op.bulk_insert(table, [{"version": 1}, {"version": 2}])
