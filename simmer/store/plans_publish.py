"""Publish plans to the serving database: each plan with its meals, days, shopping list and
carts, for a whole (week, zone) partition (the Sunday run) or for one household's week
(on-demand re-planning), in one transaction.

    publish_plans(bind, tables, *, source, replace) -> PlansPublished

- `bind`: an Engine (the function opens and commits its own transaction) or a Connection (it
  runs inside the caller's transaction, begun if there is none yet, which the caller commits
  or rolls back).
- `tables`: the lake's table sets of the scope, by table name: `plans`, `plan_meals`,
  `daily_nutrition` (`simmer.planner.schema`) and `shopping_list_items`, `cart_items`,
  `cart_unsold`, `cart_totals` (`simmer.cart.shopping_tables`), e.g. `{**plans, **shopping}`.
  Column names are the live tables' names; extra columns are ignored. Plan ids are
  `simmer.planner.schema.plan_id(household, week)`, so a re-run meets the plan it replaces.
- `source`: `schedule` (the pipeline) or `regenerate` (a household re-planning its week).
- `replace`: `Partition(week, zone)`: every plan of the partition is replaced, and a plan of
  the partition that `tables` no longer has (its household left the zone) is removed; or
  `HouseholdWeek(household_id, week)`: that one plan. A row of `tables` outside the scope, or
  a child row whose plan is not in `plans`, is a `ValueError` that names it; nothing changes.

How, all in the one transaction (a reader sees the old week or the new one, never half): the
plans are COPYed into a temporary staging table (`simmer.store.staging`), the live plans of
the scope (and of the staged ids) are locked, the kept ones set aside, the plans merged by
`plan_id`, and the child rows of every other plan whose content changed deleted and COPYed
straight into the live tables, in primary-key order. The child tables are `plan_meals`,
`plan_days` and `plan_documents`: a plan's shopping list and carts are one row of JSON
documents built in polars (`simmer.store.plan_documents`, migration 0007), sent in
PostgreSQL's binary COPY format. A plan's content is `content_hash`, a hash of its child rows
computed in polars (`with_content_hash`): a plan whose live hash is the same keeps its child
rows untouched. The child tables have no foreign key to `plans` (migration 0006: its upkeep
was half the server's time); this module checks every child's plan, and the trigger
`plans_delete_children` deletes a deleted plan's rows (also by the cascade from
`households`). `PlansPublished.rows` counts the lake's rows published, by table.
Publishing the same tables again leaves the same rows: a plan row is only rewritten when a
value (or its content hash) differs, so `published_at` says when the plan last changed.

Kept, never overwritten:
- an `approved` plan, with its meals, days, list and carts: the new proposal for that
  household's week is dropped and counted (`approved_kept`); a `regenerate` publish over an
  approved plan raises `PlanApproved` and changes nothing;
- on a `schedule` publish, a plan whose source is `regenerate` (the household made it through
  the API): likewise dropped and counted (`regenerated_kept`).
A plan of a household no longer in the database is not published (`households_gone`).
Meal titles are the catalog read model's recipe titles at publishing time.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import polars as pl
from psycopg import Cursor
from sqlalchemy import Connection, Engine, text

from simmer.store.models import Base, Plan, PlanDay, PlanDocument, PlanMeal
from simmer.store.plan_documents import (
    CART_ITEM_FIELDS,
    SHOPPING_FIELDS,
    TOTAL_FIELDS,
    UNSOLD_FIELDS,
    plan_documents,
)
from simmer.store.staging import (
    copy_binary,
    copy_frame,
    driver_connection,
    stage_frame,
    uuid_bytes,
)

Source = Literal["schedule", "regenerate"]
KEEP = "(status = 'approved' OR (source = 'regenerate' AND %(source)s = 'schedule'))"
PUBLISHED_ONLY = {
    "plans": ("currency", "source", "published_at", "approved_at", "content_hash"),
    "plan_meals": ("title",),
}
ROW_TABLES = {Plan: "plans", PlanMeal: "plan_meals", PlanDay: "daily_nutrition"}
DOCUMENT_TABLES = {
    "shopping_list_items": SHOPPING_FIELDS,
    "cart_items": CART_ITEM_FIELDS,
    "cart_unsold": UNSOLD_FIELDS,
    "cart_totals": TOTAL_FIELDS,
}
PUBLISHED_TABLES = (*(model.__tablename__ for model in ROW_TABLES), PlanDocument.__tablename__)


@dataclass(frozen=True)
class Partition:
    """Every plan of a (week, zone) partition."""

    week: date
    zone: str

    def where(self) -> str:
        return "week = %(week)s AND zone = %(zone)s"

    def outside(self) -> pl.Expr:
        return (pl.col("week") != self.week) | (pl.col("zone") != self.zone)

    def params(self) -> dict[str, Any]:
        return {"week": self.week, "zone": self.zone}


@dataclass(frozen=True)
class HouseholdWeek:
    """One household's plan for a week."""

    household_id: str
    week: date

    def where(self) -> str:
        return "household_id = %(household_id)s AND week = %(week)s"

    def outside(self) -> pl.Expr:
        return (pl.col("household_id") != self.household_id) | (pl.col("week") != self.week)

    def params(self) -> dict[str, Any]:
        return {"household_id": self.household_id, "week": self.week}


Scope = Partition | HouseholdWeek


@dataclass(frozen=True)
class PlansPublished:
    plans: int
    approved_kept: int
    regenerated_kept: int
    removed: int
    households_gone: int
    rows: dict[str, int]


class PlanApproved(Exception):
    """A re-planned week whose plan is already approved: nothing was written."""

    def __init__(self, plan_ids: list[str]) -> None:
        super().__init__(f"plan {', '.join(plan_ids)} is approved and is never overwritten")
        self.plan_ids = plan_ids


def lake_columns(model: type[Base]) -> list[str]:
    """The columns of a live table that come from the lake (by the same name)."""
    publishing = PUBLISHED_ONLY.get(model.__tablename__, ())
    return [c.name for c in model.__table__.columns if c.name not in publishing]


def _table(tables: Mapping[str, pl.DataFrame], name: str, columns: list[str]) -> pl.DataFrame:
    """The lake table `name` of `tables`, which must have `columns`."""
    if name not in tables:
        raise ValueError(f"publish_plans: no table {name!r} (given: {', '.join(sorted(tables))})")
    missing = [c for c in columns if c not in tables[name].columns]
    if missing:
        raise ValueError(f"publish_plans: table {name!r} lacks columns {', '.join(missing)}")
    return tables[name].select(columns)


def staged_frames(tables: Mapping[str, pl.DataFrame], scope: Scope) -> dict[str, pl.DataFrame]:
    """The rows to publish, checked against `scope`: `plans`, `plan_meals`, `plan_days` (by
    live table name) and the lake's list and cart tables the plans' documents are made of."""
    plans = _table(tables, "plans", lake_columns(Plan))
    _reject(plans.with_row_index("row").filter(scope.outside()), "plans", f"outside {scope}")
    day_columns = [c for c in lake_columns(PlanDay) if c != "plan_id"]
    days = _table(tables, "daily_nutrition", ["household_id", "week", *day_columns]).join(
        plans.select("plan_id", "household_id", "week"), on=["household_id", "week"], how="left"
    )
    children = {
        "plan_meals": _table(tables, "plan_meals", lake_columns(PlanMeal)),
        "plan_days": days.select(lake_columns(PlanDay)),
        **{
            name: _table(tables, name, ["plan_id", *fields])
            for name, fields in DOCUMENT_TABLES.items()
        },
    }
    lake_names = {"plan_days": "daily_nutrition"}
    for name, frame in children.items():
        orphans = frame.with_row_index("row").join(plans, on="plan_id", how="anti")
        _reject(orphans, lake_names.get(name, name), "whose plan is not in table 'plans'")
    return {"plans": plans, **children}


def _reject(bad: pl.DataFrame, table: str, why: str) -> None:
    if bad.height:
        first = bad.row(0, named=True)
        raise ValueError(
            f"publish_plans: {bad.height} rows of table {table!r} {why}, the first row "
            f"{first['row']} (plan_id {first.get('plan_id')})"
        )


def publish_plans(
    bind: Engine | Connection,
    tables: Mapping[str, pl.DataFrame],
    *,
    source: Source,
    replace: Scope,
) -> PlansPublished:
    """Publish `tables` over the plans of `replace` (see the module docstring)."""
    frames = staged_frames(tables, replace)
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            return _publish(connection, frames, source, replace)
    if not bind.in_transaction():
        bind.begin()  # else SQLAlchemy's commit() would not see the driver's transaction
    return _publish(bind, frames, source, replace)


def _publish(
    connection: Connection, frames: dict[str, pl.DataFrame], source: Source, scope: Scope
) -> PlansPublished:
    params = {**scope.params(), "source": source}
    with driver_connection(connection).cursor() as cursor:
        frames = with_titles(frames, _titles(cursor, frames["plan_meals"]))
        stage_frame(cursor, "plans", with_content_hash(frames))
        _index(cursor, "stage_plans")
        approved, regenerated = _keep(cursor, scope, params)
        if approved and source == "regenerate":
            cursor.execute("DROP TABLE stage_plans, publish_kept")
            raise PlanApproved(approved)
        cursor.execute(
            f"DELETE FROM plans WHERE {scope.where()} AND NOT {KEEP} AND NOT EXISTS"
            " (SELECT FROM stage_plans s WHERE s.plan_id = plans.plan_id)",
            params,
        )
        removed = cursor.rowcount
        cursor.execute(
            "CREATE TEMP TABLE publish_fresh ON COMMIT DROP AS SELECT s.plan_id,"
            " live.content_hash IS NOT DISTINCT FROM s.content_hash AS unchanged"
            " FROM stage_plans s JOIN households h ON h.id = s.household_id"
            " LEFT JOIN plans live ON live.plan_id = s.plan_id"
            " WHERE NOT EXISTS (SELECT FROM publish_kept k WHERE k.plan_id = s.plan_id)"
        )
        _index(cursor, "publish_fresh")
        cursor.execute("SELECT plan_id::text, unchanged FROM publish_fresh")
        fresh = pl.DataFrame(
            cursor.fetchall(), schema={"plan_id": pl.String, "unchanged": pl.Boolean}, orient="row"
        )
        _merge_plans(cursor, params)
        changed = fresh.filter(~pl.col("unchanged"))
        rows = {
            table: frame.join(fresh, on="plan_id", how="semi").height
            for table, frame in frames.items()
            if table != "plans"
        }
        _write_children(cursor, frames, changed)
        cursor.execute("DROP TABLE stage_plans, publish_kept, publish_fresh")
    return PlansPublished(
        plans=fresh.height,
        approved_kept=len(approved),
        regenerated_kept=len(regenerated),
        removed=removed,
        households_gone=frames["plans"].height - fresh.height - len(approved) - len(regenerated),
        rows={"plans": fresh.height, **rows},
    )


def _index(cursor: Cursor[Any], temp_table: str) -> None:
    """Index a temporary table by plan_id and give the planner its statistics: else, with
    `plans` freshly filled and not analyzed yet, it joined them by a nested loop over a
    sequential scan of the temporary table (100,000 x 100,000 rows)."""
    cursor.execute(f"CREATE INDEX ON {temp_table} (plan_id)")
    cursor.execute(f"ANALYZE {temp_table}")


def _keep(cursor: Cursor[Any], scope: Scope, params: dict[str, Any]) -> tuple[list[str], ...]:
    """Lock the live plans of the scope and of the staged plan ids (a household may have
    moved zone); the ids of those kept as they are: (approved, regenerated)."""
    touched = f"(({scope.where()}) OR plan_id IN (SELECT plan_id FROM stage_plans))"
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM plans WHERE {touched} FOR UPDATE) l", params
    )
    cursor.execute(
        "CREATE TEMP TABLE publish_kept ON COMMIT DROP AS"
        " SELECT plan_id, status = 'approved' AS approved FROM plans"
        f" WHERE {touched} AND plan_id IN (SELECT plan_id FROM stage_plans)"
        f" AND {KEEP}",
        params,
    )
    cursor.execute("SELECT plan_id::text, approved FROM publish_kept ORDER BY plan_id")
    kept = cursor.fetchall()
    return [p for p, approved in kept if approved], [p for p, approved in kept if not approved]


def _merge_plans(cursor: Cursor[Any], params: dict[str, Any]) -> None:
    """Insert or update the fresh plans; a row whose values are all the same is left alone."""
    lake = [*lake_columns(Plan), "content_hash"]
    written = [*lake, "currency", "source"]
    values = ", ".join(f"s.{c}" for c in lake)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*written, "published_at", "approved_at"])
    live = ", ".join(f"live.{c}" for c in written)
    new = ", ".join(f"EXCLUDED.{c}" for c in written)
    cursor.execute(
        f"INSERT INTO plans AS live ({', '.join(written)}, published_at, approved_at)"
        f" SELECT {values}, h.currency, %(source)s, now(), NULL FROM stage_plans s"
        " JOIN households h ON h.id = s.household_id"
        " WHERE s.plan_id IN (SELECT plan_id FROM publish_fresh)"
        f" ON CONFLICT (plan_id) DO UPDATE SET {updates}"
        f" WHERE ({live}) IS DISTINCT FROM ({new})",
        params,
    )


def _write_children(
    cursor: Cursor[Any], frames: Mapping[str, pl.DataFrame], changed: pl.DataFrame
) -> None:
    """Replace the meals, days and documents of the `changed` plans; their documents are built
    (in polars, on a thread: it releases the GIL) while the server takes the meals and days."""
    rows = {
        name: frame.join(changed, on="plan_id", how="semi")
        for name, frame in frames.items()
        if name != "plans"
    }
    with ThreadPoolExecutor(max_workers=1) as pool:
        built = pool.submit(documents, rows, changed)
        for table in ("plan_meals", "plan_days"):
            _replace_children(cursor, table, rows[table])
        _replace_children(cursor, PlanDocument.__tablename__, built.result())


def _replace_children(cursor: Cursor[Any], table: str, rows: pl.DataFrame) -> None:
    """Replace the rows of the changed fresh plans in a child table by `rows`, COPYed straight
    into the live table (the transaction keeps it from readers until commit) in primary-key
    order (the index grows at its right edge instead of splitting pages all over)."""
    cursor.execute(
        f"DELETE FROM {table} WHERE plan_id IN"
        " (SELECT plan_id FROM publish_fresh WHERE NOT unchanged)"
    )
    rows = rows.sort(_primary_key(table))
    if table == PlanDocument.__tablename__:
        copy_binary(cursor, table, rows.with_columns(uuid_bytes("plan_id")))
    else:
        copy_frame(cursor, table, rows)


def _primary_key(table: str) -> list[str]:
    return [column.name for column in Base.metadata.tables[table].primary_key.columns]


def with_titles(
    frames: Mapping[str, pl.DataFrame], titles: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """`frames` with each meal's recipe title from `titles` (recipe_slug, title)."""
    return {**frames, "plan_meals": frames["plan_meals"].join(titles, on="recipe_slug", how="left")}


def documents(frames: Mapping[str, pl.DataFrame], plans: pl.DataFrame) -> pl.DataFrame:
    """The `plan_documents` rows of `plans` (a `plan_id` column) from the lake's list and cart
    tables in `frames`."""
    return plan_documents(plans, *(frames[name] for name in DOCUMENT_TABLES))


def with_content_hash(frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """The plans with `content_hash`: one 64-bit hash of each plan's rows in every other table
    of `frames` (meal titles included; the list and cart rows its documents are made of), so a
    re-publish skips the children of a plan whose hash the live plan already has (and does
    not build its documents). Polars' hash is stable for one polars version; after an upgrade the
    hashes differ and every plan's children are rewritten once."""
    hashes = [
        frame.select("plan_id", h=pl.struct(pl.all().exclude("plan_id")).hash(seed))
        .group_by("plan_id")
        .agg(pl.col("h").sort())
        .select("plan_id", pl.col("h").hash(seed).alias(table))
        for seed, (table, frame) in enumerate(frames.items())
        if table != "plans"
    ]
    plans = frames["plans"]
    with_children = plans.select("plan_id")
    for table_hashes in hashes:
        with_children = with_children.join(table_hashes, on="plan_id", how="left")
    content = with_children.select(
        "plan_id",
        content_hash=pl.struct(pl.all().exclude("plan_id")).hash(0).reinterpret(signed=True),
    )
    return plans.join(content, on="plan_id", how="left")


def _titles(cursor: Cursor[Any], meals: pl.DataFrame) -> pl.DataFrame:
    """The catalog read model's title of each recipe of `meals`."""
    slugs = meals.get_column("recipe_slug").unique().to_list()
    cursor.execute("SELECT slug, title FROM catalog_recipes WHERE slug = ANY(%s)", [slugs])
    found = cursor.fetchall()
    return pl.DataFrame(found, schema={"recipe_slug": pl.String, "title": pl.String}, orient="row")


PER_CART = "(SELECT sum(json_array_length(c -> '{}')) FROM json_array_elements(carts::json) c)"
DOCUMENT_COUNTS = {
    "shopping_list_items": "json_array_length(shopping_list::json)",
    "cart_items": PER_CART.format("items"),
    "cart_unsold": PER_CART.format("unsold"),
    "cart_totals": "json_array_length(carts::json)",
}


def published_counts(connection: Connection, partitions: list[tuple[date, str]]) -> dict[str, int]:
    """Rows served for these (week, zone) partitions, per table (the list and cart rows in the
    plans' documents by the lake's table names), and the approved plans."""
    scoped = (
        "SELECT plan_id, status FROM plans WHERE (week, zone) IN"
        " (SELECT * FROM unnest(CAST(:weeks AS date[]), CAST(:zones AS text[])))"
    )
    counts = [
        f"(SELECT count(*) FROM {table} JOIN scoped USING (plan_id)) AS {table}"
        for table in PUBLISHED_TABLES[:-1]
    ] + [
        f"(SELECT coalesce(sum({count}), 0) FROM plan_documents JOIN scoped USING (plan_id))"
        f" AS {name}"
        for name, count in DOCUMENT_COUNTS.items()
    ]
    row = connection.execute(
        text(
            f"WITH scoped AS ({scoped}) SELECT {', '.join(counts)},"
            " (SELECT count(*) FROM scoped WHERE status = 'approved') AS approved"
        ),
        {"weeks": [week for week, _ in partitions], "zones": [zone for _, zone in partitions]},
    ).one()
    return {name: int(value) for name, value in row._mapping.items()}
