"""Schema 5: each browser's work in progress, kept so that reloading the page picks it up.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A table of work in progress; a store upgraded to it holds none until a page is used."""
    op.create_table(
        "bcf_working",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("workbook_digest", sa.String(64), nullable=False),
        sa.Column("workbook", sa.LargeBinary, nullable=True),
    )


def downgrade() -> None:
    """Remove the work in progress (a release before schema 5 has nowhere to keep it)."""
    op.drop_table("bcf_working")
