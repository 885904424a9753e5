"""Schema 4: the plan as submitted, kept: one read-only record each time a scenario is marked as submitted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A table of submitted records; a store upgraded to it holds none until a plan is marked as submitted."""
    op.create_table(
        "bcf_submitted",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("bcf_scenarios.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("scenario_name", sa.String(200), nullable=False),
        sa.Column("scenario_version", sa.Integer, nullable=False),
        sa.Column("area_code", sa.String(200), nullable=False),
        sa.Column("area_name", sa.String(200), nullable=False),
        sa.Column("year", sa.String(200), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.UniqueConstraint("scenario_id", "number", name="uq_submitted_number"),
    )


def downgrade() -> None:
    """Remove the submitted records (a release before schema 4 has nowhere to keep them)."""
    op.drop_table("bcf_submitted")
