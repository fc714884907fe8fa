"""planner preferences: leftovers, members with their own energy targets, pins

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "households",
        sa.Column("leftovers", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.create_table(
        "household_members",
        sa.Column("household_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kcal_target", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kcal_target BETWEEN 800 AND 6000", name=op.f("ck_household_members_kcal_range")
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_household_members_position_positive")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_members_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", "position", name=op.f("pk_household_members")),
    )
    op.create_table(
        "household_pins",
        sa.Column("household_id", sa.UUID(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=20), nullable=False),
        sa.Column("recipe_slug", sa.Text(), nullable=True),
        sa.Column("tag", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(recipe_slug IS NULL) <> (tag IS NULL)", name=op.f("ck_household_pins_recipe_or_tag")
        ),
        sa.CheckConstraint(
            "slot IN ('breakfast', 'lunch', 'dinner')", name=op.f("ck_household_pins_slot")
        ),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_household_pins_weekday_range")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_pins_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", "weekday", "slot", name=op.f("pk_household_pins")),
    )


def downgrade() -> None:
    op.drop_table("household_pins")
    op.drop_table("household_members")
    op.drop_column("households", "leftovers")
