"""serving plans: plans with their meals, days, shopping list items and carts

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import SchemaItem

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHILDREN = (
    "plan_meals",
    "plan_days",
    "shopping_list_items",
    "cart_items",
    "cart_unsold",
    "cart_totals",
)


def _plan_key(table: str) -> list[SchemaItem]:
    return [
        sa.Column("plan_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.plan_id"],
            name=op.f(f"fk_{table}_plan_id_plans"),
            ondelete="CASCADE",
        ),
    ]


def _floats(*names: str, nullable: bool) -> list[sa.Column[float]]:
    return [sa.Column(name, sa.Double(), nullable=nullable) for name in names]


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("plan_id", sa.UUID(), nullable=False),
        sa.Column("household_id", sa.UUID(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("zone", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("catalog_version", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("goal_misses", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("notes", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("meals", sa.Integer(), nullable=False),
        *_floats("kcal_deviation", "macro_deviation", nullable=True),
        sa.Column("distinct_ingredients", sa.Integer(), nullable=True),
        sa.Column("cost", sa.Double(), nullable=True),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column(
            "published_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('proposed', 'infeasible', 'approved')", name=op.f("ck_plans_status")
        ),
        sa.CheckConstraint("source IN ('schedule', 'regenerate')", name=op.f("ck_plans_source")),
        sa.CheckConstraint(
            "(status = 'approved') = (approved_at IS NOT NULL)", name=op.f("ck_plans_approved_at")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_plans_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plans")),
        sa.UniqueConstraint("household_id", "week", name=op.f("uq_plans_household_id")),
    )
    op.create_index("ix_plans_week_zone", "plans", ["week", "zone"], unique=False)
    op.create_table(
        "plan_meals",
        *_plan_key("plan_meals"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.Text(), nullable=False),
        sa.Column("recipe_slug", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("servings", sa.Double(), nullable=False),
        sa.Column("leftover", sa.Boolean(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "day", "slot", name=op.f("pk_plan_meals")),
    )
    op.create_table(
        "plan_days",
        *_plan_key("plan_days"),
        sa.Column("day", sa.Date(), nullable=False),
        *_floats("kcal", "kcal_target", "protein_g", "fat_g", "carbs_g", nullable=True),
        sa.PrimaryKeyConstraint("plan_id", "day", name=op.f("pk_plan_days")),
    )
    op.create_table(
        "shopping_list_items",
        *_plan_key("shopping_list_items"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ingredient_slug", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("aisle", sa.Text(), nullable=True),
        sa.Column("pantry_staple", sa.Boolean(), nullable=False),
        sa.Column("as_needed", sa.Boolean(), nullable=False),
        sa.Column("unmatched", sa.Boolean(), nullable=False),
        *_floats("grams", "on_hand_grams", "to_buy_grams", nullable=True),
        sa.Column("display", sa.Text(), nullable=False),
        sa.Column("texts", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("meals", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 0", name=op.f("ck_shopping_list_items_position_positive")),
        sa.PrimaryKeyConstraint("plan_id", "position", name=op.f("pk_shopping_list_items")),
    )
    op.create_table(
        "cart_items",
        *_plan_key("cart_items"),
        sa.Column("vendor", sa.Text(), nullable=False),
        sa.Column("ingredient_slug", sa.Text(), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("packages", sa.Integer(), nullable=False),
        sa.Column("package_grams", sa.Double(), nullable=False),
        sa.Column("price", sa.Double(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        *_floats(
            "need_grams", "purchased_grams", "leftover_grams", "leftover_money", nullable=False
        ),
        sa.PrimaryKeyConstraint(
            "plan_id", "vendor", "ingredient_slug", "sku", name=op.f("pk_cart_items")
        ),
    )
    op.create_table(
        "cart_unsold",
        *_plan_key("cart_unsold"),
        sa.Column("vendor", sa.Text(), nullable=False),
        sa.Column("ingredient_slug", sa.Text(), nullable=False),
        sa.Column("grams", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint(
            "plan_id", "vendor", "ingredient_slug", name=op.f("pk_cart_unsold")
        ),
    )
    op.create_table(
        "cart_totals",
        *_plan_key("cart_totals"),
        sa.Column("vendor", sa.Text(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=True),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("items_bought", sa.Integer(), nullable=False),
        *_floats(
            "purchased_grams",
            "leftover_grams",
            "leftover_money",
            "perishable_purchased_grams",
            "perishable_leftover_grams",
            nullable=False,
        ),
        sa.Column("items_unsold", sa.Integer(), nullable=False),
        *_floats(
            "weekly_budget",
            "leftover_share",
            "perishable_leftover_share",
            "leftover_money_share",
            nullable=True,
        ),
        sa.Column("within_budget", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("plan_id", "vendor", name=op.f("pk_cart_totals")),
    )


def downgrade() -> None:
    for table in reversed(CHILDREN):
        op.drop_table(table)
    op.drop_index("ix_plans_week_zone", table_name="plans")
    op.drop_table("plans")
