"""households and preferences

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("diet", sa.String(length=20), nullable=False),
        sa.Column("allergies", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("dislikes", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("weekly_budget", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kcal_per_person", sa.Integer(), nullable=False),
        sa.Column("protein_g_per_person", sa.Integer(), nullable=True),
        sa.Column("fat_g_per_person", sa.Integer(), nullable=True),
        sa.Column("carbs_g_per_person", sa.Integer(), nullable=True),
        sa.Column("meal_slots", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("max_cook_time_min", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "allergies <@ ARRAY['milk', 'egg', 'fish', 'shellfish', 'tree_nuts', 'peanuts', 'wheat', 'soy', 'sesame']::text[]",
            name=op.f("ck_households_allergens"),
        ),
        sa.CheckConstraint(
            "diet IN ('omnivore', 'pescatarian', 'vegetarian', 'vegan')",
            name=op.f("ck_households_diet_vocabulary"),
        ),
        sa.CheckConstraint(
            "meal_slots <@ ARRAY['breakfast', 'lunch', 'dinner']::text[]",
            name=op.f("ck_households_meal_slots"),
        ),
        sa.CheckConstraint(
            "cardinality(meal_slots) >= 1", name=op.f("ck_households_some_meal_slot")
        ),
        sa.CheckConstraint(
            "kcal_per_person BETWEEN 800 AND 6000", name=op.f("ck_households_kcal_range")
        ),
        sa.CheckConstraint(
            "max_cook_time_min IS NULL OR max_cook_time_min > 0",
            name=op.f("ck_households_cook_time"),
        ),
        sa.CheckConstraint("size BETWEEN 1 AND 20", name=op.f("ck_households_size_range")),
        sa.CheckConstraint(
            "weekly_budget IS NULL OR weekly_budget > 0", name=op.f("ck_households_budget_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    op.create_index(op.f("ix_households_timezone"), "households", ["timezone"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_households_timezone"), table_name="households")
    op.drop_table("households")
