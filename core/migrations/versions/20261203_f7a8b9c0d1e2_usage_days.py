"""Usage days: who used which workspace on which day, and from a phone

Revision ID: f7a8b9c0d1e2
Revises: d4e5f6a7b8c9
Create Date: 2026-12-03 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f7a8b9c0d1e2"
down_revision = "d4e5f6a7b8c9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "usage_days",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("phone_requests", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "day", "user_id", name=op.f("pk_usage_days")
        ),
    )


def downgrade():
    op.drop_table("usage_days")
