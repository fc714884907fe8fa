"""api tokens, idempotency keys, audit log, catalog read model

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("household_id", sa.UUID(), nullable=True),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(
        op.f("ix_audit_events_household_id"), "audit_events", ["household_id"], unique=False
    )
    op.create_table(
        "catalog_ingredients",
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("food_group", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Text(), nullable=True),
        sa.Column("pack", sa.Text(), nullable=False),
        sa.Column("kcal_per_100g", sa.Float(), nullable=True),
        sa.Column("protein_g_per_100g", sa.Float(), nullable=True),
        sa.Column("fat_g_per_100g", sa.Float(), nullable=True),
        sa.Column("carbs_g_per_100g", sa.Float(), nullable=True),
        sa.Column("allergens", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("allergens_unknown", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("diets", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("tags", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("catalog_version", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_catalog_ingredients")),
    )
    op.create_table(
        "catalog_recipes",
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("pack", sa.Text(), nullable=False),
        sa.Column("servings", sa.Integer(), nullable=True),
        sa.Column("servings_estimated", sa.Boolean(), nullable=False),
        sa.Column("total_time_min", sa.Integer(), nullable=True),
        sa.Column("tags", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("meal_slots", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("kcal_per_serving", sa.Float(), nullable=True),
        sa.Column("protein_g_per_serving", sa.Float(), nullable=True),
        sa.Column("fat_g_per_serving", sa.Float(), nullable=True),
        sa.Column("carbs_g_per_serving", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=False),
        sa.Column("fully_quantified", sa.Boolean(), nullable=False),
        sa.Column("allergens", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("allergens_unknown", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("diets", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("cost_per_serving", sa.Float(), nullable=True),
        sa.Column("currency", sa.Text(), nullable=True),
        sa.Column("cost_coverage", sa.Float(), nullable=True),
        sa.Column("lines", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("catalog_version", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_catalog_recipes")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_sha256", sa.LargeBinary(length=32), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("household_id", sa.UUID(), nullable=False),
        sa.Column("token_sha256", sa.LargeBinary(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_api_tokens_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    op.create_index(
        op.f("ix_api_tokens_household_id"), "api_tokens", ["household_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_api_tokens_household_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("idempotency_keys")
    op.drop_table("catalog_recipes")
    op.drop_table("catalog_ingredients")
    op.drop_index(op.f("ix_audit_events_household_id"), table_name="audit_events")
    op.drop_table("audit_events")
