"""plan_days: protein, fat and carbohydrate targets per day

The planner's day targets for the household's macro goals (`simmer.planner.core.
day_macro_targets`), null where the household sets no goal; plans published before this have
null targets until they are published again.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TARGETS = ("protein_g_target", "fat_g_target", "carbs_g_target")


def upgrade() -> None:
    for column in TARGETS:
        op.add_column("plan_days", sa.Column(column, sa.Double(), nullable=True))


def downgrade() -> None:
    for column in reversed(TARGETS):
        op.drop_column("plan_days", column)
