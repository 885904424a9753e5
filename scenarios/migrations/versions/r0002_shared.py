"""Schema 2: scenarios private to their owner unless shared; every scenario saved before is private.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A `shared` flag, false for every scenario already saved."""
    op.add_column("bcf_scenarios", sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Remove the flag (every scenario is then visible to everyone again)."""
    with op.batch_alter_table("bcf_scenarios") as batch:
        batch.drop_column("shared")
