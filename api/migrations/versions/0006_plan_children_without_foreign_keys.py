"""plan children without foreign keys (a trigger on plans deletes a deleted plan's rows) and
plans.content_hash

Each child row's foreign key to `plans` cost an index probe and a key-share lock on insert,
about half of the server's time of publishing (BENCHMARKS.md, publishing plans to PostgreSQL).
`simmer.store.plans_publish` is the only writer of these tables and checks every child's plan
itself; deleting a plan (directly, or by the cascade from `households`) still deletes its rows,
now through a statement-level trigger on `plans` (one set-based delete per child table).
`plans.content_hash` (a hash of the plan's child rows) lets a re-publish skip the children of a
plan that did not change.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
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
DELETES = "\n".join(
    f"  DELETE FROM {table} WHERE plan_id IN (SELECT plan_id FROM gone);" for table in CHILDREN
)


def upgrade() -> None:
    op.add_column("plans", sa.Column("content_hash", sa.BigInteger(), nullable=True))
    for table in CHILDREN:
        op.drop_constraint(f"fk_{table}_plan_id_plans", table, type_="foreignkey")
    op.execute(
        "CREATE FUNCTION delete_plan_children() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{DELETES}\n  RETURN NULL;\nEND $$"
    )
    op.execute(
        "CREATE TRIGGER plans_delete_children AFTER DELETE ON plans"
        " REFERENCING OLD TABLE AS gone FOR EACH STATEMENT"
        " EXECUTE FUNCTION delete_plan_children()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER plans_delete_children ON plans")
    op.execute("DROP FUNCTION delete_plan_children()")
    for table in CHILDREN:
        op.execute(
            f"DELETE FROM {table} c WHERE NOT EXISTS"
            " (SELECT 1 FROM plans p WHERE p.plan_id = c.plan_id)"
        )
        op.create_foreign_key(
            f"fk_{table}_plan_id_plans",
            table,
            "plans",
            ["plan_id"],
            ["plan_id"],
            ondelete="CASCADE",
        )
    op.drop_column("plans", "content_hash")
