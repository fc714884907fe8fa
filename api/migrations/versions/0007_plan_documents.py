"""plan documents: a plan's shopping list and carts as one JSON row per plan

The four tables `shopping_list_items`, `cart_items`, `cart_unsold` and `cart_totals` held 66
of a plan's 91 serving rows; publishing 100,000 plans spent most of the server's time
inserting, indexing and (on a re-run) deleting them and parsing their `jsonb` and `text[]`
values. The API reads a plan's list and carts whole, so `plan_documents` keeps them as two
JSON documents per plan (`simmer.store.plan_documents` describes them) in `text` columns
(`json` would have the server check the syntax of what polars' JSON encoder wrote: 1.5 CPU
s more per 400 MB of documents, 20,000 plans, in a measurement), compressed with lz4 where the
server has it. The trigger `plans_delete_children` now deletes a deleted plan's
meals, days and documents.

Upgrade turns the existing rows into documents (an approved plan's list and carts are never
re-published); downgrade turns the documents back into rows (a cart item whose ingredient was
not on its list was never served and is not in a document).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ROW_TABLES = ("shopping_list_items", "cart_items", "cart_unsold", "cart_totals")
DOCUMENTS = ("shopping_list", "carts")


def _delete_children(children: tuple[str, ...]) -> None:
    deletes = "\n".join(
        f"  DELETE FROM {table} WHERE plan_id IN (SELECT plan_id FROM gone);" for table in children
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION delete_plan_children() RETURNS trigger LANGUAGE plpgsql"
        f" AS $$\nBEGIN\n{deletes}\n  RETURN NULL;\nEND $$"
    )


LISTS = """
SELECT plan_id, json_agg((to_jsonb(i) - 'plan_id' - 'position') ORDER BY position) AS list
FROM shopping_list_items i GROUP BY plan_id
"""
CARTS = """
SELECT t.plan_id, json_agg(to_jsonb(t) - 'plan_id' || jsonb_build_object(
  'items', COALESCE((
    SELECT jsonb_agg(to_jsonb(c) - 'plan_id' - 'vendor' || jsonb_build_object('aisle', i.aisle)
                     ORDER BY i.position, c.sku)
    FROM cart_items c JOIN shopping_list_items i USING (plan_id, ingredient_slug)
    WHERE c.plan_id = t.plan_id AND c.vendor = t.vendor), '[]'),
  'unsold', COALESCE((
    SELECT jsonb_agg(to_jsonb(u) - 'plan_id' - 'vendor' ORDER BY u.ingredient_slug)
    FROM cart_unsold u WHERE u.plan_id = t.plan_id AND u.vendor = t.vendor), '[]')
) ORDER BY t.vendor) AS carts
FROM cart_totals t GROUP BY t.plan_id
"""


def upgrade() -> None:
    op.create_table(
        "plan_documents",
        sa.Column("plan_id", sa.UUID(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in DOCUMENTS),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_documents")),
    )
    op.execute(
        "DO $$ BEGIN ALTER TABLE plan_documents ALTER COLUMN shopping_list SET COMPRESSION lz4,"
        " ALTER COLUMN carts SET COMPRESSION lz4;"
        " EXCEPTION WHEN feature_not_supported THEN NULL; END $$"
    )
    op.execute(
        f"INSERT INTO plan_documents SELECT p.plan_id, COALESCE(l.list::text, '[]'),"
        f" COALESCE(c.carts::text, '[]') FROM plans p LEFT JOIN ({LISTS}) l USING (plan_id)"
        f" LEFT JOIN ({CARTS}) c USING (plan_id)"
    )
    _delete_children(("plan_meals", "plan_days", "plan_documents"))
    for table in ROW_TABLES:
        op.drop_table(table)


def downgrade() -> None:
    _create_row_tables()
    op.execute(
        "INSERT INTO shopping_list_items SELECT d.plan_id, e.n - 1, r.ingredient_slug, r.name,"
        " r.aisle, r.pantry_staple, r.as_needed, r.unmatched, r.grams, r.on_hand_grams,"
        " r.to_buy_grams, r.display, r.texts, r.meals, r.lines FROM plan_documents d,"
        " json_array_elements(d.shopping_list::json) WITH ORDINALITY e (item, n),"
        " json_populate_record(NULL::shopping_list_items, e.item) r"
    )
    for table, part in (("cart_totals", None), ("cart_items", "items"), ("cart_unsold", "unsold")):
        rows = f"json_array_elements(c.cart -> '{part}') e (row)," if part else ""
        columns = [c for c in _columns(table) if c not in ("plan_id", "vendor")]
        op.execute(
            f"INSERT INTO {table} (plan_id, vendor, {', '.join(columns)}) SELECT d.plan_id,"
            f" c.cart ->> 'vendor', {', '.join(f'r.{c}' for c in columns)} FROM plan_documents d,"
            f" json_array_elements(d.carts::json) c (cart), {rows}"
            f" json_populate_record(NULL::{table}, {'e.row' if part else 'c.cart'}) r"
        )
    _delete_children(("plan_meals", "plan_days", *ROW_TABLES))
    op.drop_table("plan_documents")


def _columns(table: str) -> list[str]:
    return [c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)]


def _create_row_tables() -> None:
    """The four tables as migrations 0005 and 0006 left them (no foreign keys)."""
    op.create_table(
        "shopping_list_items",
        sa.Column("plan_id", sa.UUID(), nullable=False),
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
        sa.Column("plan_id", sa.UUID(), nullable=False),
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
        sa.Column("plan_id", sa.UUID(), nullable=False),
        sa.Column("vendor", sa.Text(), nullable=False),
        sa.Column("ingredient_slug", sa.Text(), nullable=False),
        sa.Column("grams", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint(
            "plan_id", "vendor", "ingredient_slug", name=op.f("pk_cart_unsold")
        ),
    )
    op.create_table(
        "cart_totals",
        sa.Column("plan_id", sa.UUID(), nullable=False),
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


def _floats(*names: str, nullable: bool) -> list[sa.Column[float]]:
    return [sa.Column(name, sa.Double(), nullable=nullable) for name in names]
