"""household pantry: grams of an ingredient on hand, subtracted from shopping lists

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "household_pantry",
        sa.Column("household_id", sa.UUID(), nullable=False),
        sa.Column("ingredient_slug", sa.Text(), nullable=False),
        sa.Column("grams", sa.Double(), nullable=False),
        sa.CheckConstraint("grams > 0", name=op.f("ck_household_pantry_grams_positive")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_pantry_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "household_id", "ingredient_slug", name=op.f("pk_household_pantry")
        ),
    )


def downgrade() -> None:
    op.drop_table("household_pantry")
