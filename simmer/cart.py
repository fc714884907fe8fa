"""Cart previews: what a shopping list costs at each vendor, bought in whole packages.

- What is bought: every item of a list with grams to buy (after the pantry), pantry staples
  and as-needed items left out (staples are at home; listed apart on the list).
- Packages: a vendor's products of the ingredient, their grams as `simmer.cost.package_prices`
  weighs them. Per item the cheapest multiset of packages whose grams cover the grams to buy,
  exactly: ties go to the fewest leftover grams, then the fewest packages. An optimal multiset
  never holds more of a package than ceil(need / its grams) (one fewer would still cover and
  cost no more), so every such multiset up to the largest need of the batch is enumerated once
  per (vendor, ingredient); sorted by the grams they cover, a running minimum from the top
  gives for every threshold its cheapest cover, and an as-of join hands each item the first
  multiset covering it. No loop over items, carts or plans.
- Leftover: purchased grams minus grams to buy, in grams and in money (the item's price per
  purchased gram); an item's leftover is split over its packages by their grams.
  Perishable: an ingredient whose perishability (`simmer.overlap.ingredient_weights`) is at
  least `PERISHABLE_WEIGHT` (0.6: meat, fish, dairy, vegetables, fruit, bread).
- Totals per plan and vendor: the total in the vendor's currency, leftover shares of grams and
  of money (perishables apart), the items the vendor does not sell, and whether the total is
  within the household's weekly budget (null without a budget or in another currency). Sums
  are added in integer millionths (`simmer.figures.known_sum`): the same rows give the same
  totals to the last bit in whatever order the group-by sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from simmer.cost import package_prices
from simmer.figures import Frame, known_sum
from simmer.households import PANTRY
from simmer.overlap import WEIGHT_UNITS, ingredient_weights
from simmer.shopping import ENGINE, shopping_list

PERISHABLE_WEIGHT = 0.6
CENTS = 100
MAX_COMBINATIONS = 2_000_000  # per batch; more means a package far smaller than the needs


@dataclass(frozen=True)
class Carts:
    items: pl.DataFrame  # one row per plan, vendor, ingredient and sku bought
    unsold: pl.DataFrame  # plan, vendor, ingredient the vendor does not sell
    totals: pl.DataFrame  # one row per plan and vendor


def wanted(items: Frame) -> pl.LazyFrame:
    """The items a cart buys: plan_id, household_id, ingredient, need (grams to buy), plan_no
    (the plan's rank in plan_id order, to sort on an integer)."""
    return (
        items.lazy()
        .filter(
            (pl.col("to_buy_grams") > 0)
            & ~pl.col("pantry_staple")
            & pl.col("ingredient_slug").is_not_null()
        )
        .select(
            "plan_id",
            "household_id",
            ingredient="ingredient_slug",
            need="to_buy_grams",
            plan_no=pl.col("plan_id").rank("dense"),
        )
    )


def packages(vendor_products: Frame, ingredients: Frame, portions: Frame) -> pl.LazyFrame:
    """vendor, ingredient, sku, package_grams, cents, currency, rank (0.. per vendor and
    ingredient, by package grams then sku), sku_no (0.. in vendor, ingredient, sku order)."""
    return (
        package_prices(vendor_products, ingredients, portions)
        .select(
            "vendor",
            "ingredient",
            "sku",
            "package_grams",
            cents=(pl.col("price") * CENTS).round(0).cast(pl.Int64),
            currency="currency",
        )
        .sort("vendor", "ingredient", "sku")
        .with_row_index("sku_no")
        .sort("vendor", "ingredient", "package_grams", "sku")
        .with_columns(rank=pl.int_range(pl.len()).over("vendor", "ingredient"))
    )


def combinations(products: pl.DataFrame, needs: pl.DataFrame) -> pl.DataFrame:
    """Every multiset of a vendor's packages of an ingredient, each package at most
    ceil(largest need / its grams) times: vendor, ingredient, covered, cents, packs (counts
    by rank), count (packages)."""
    bounded = products.join(needs, on="ingredient").with_columns(
        most=(pl.col("max_need") / pl.col("package_grams")).ceil().cast(pl.Int64)
    )
    combos = (
        bounded.select("vendor", "ingredient")
        .unique()
        .with_columns(
            covered=pl.lit(0.0), cents=pl.lit(0, pl.Int64), packs=pl.lit([], pl.List(pl.Int64))
        )
    )
    ranks = products.get_column("rank").n_unique()
    for rank in range(ranks):  # over sizes, not rows
        step = bounded.filter(pl.col("rank") == rank).select(
            "vendor",
            "ingredient",
            "package_grams",
            step_cents="cents",
            n=pl.int_ranges(0, pl.col("most") + 1),
        )
        combos = (
            combos.join(step, on=["vendor", "ingredient"], how="left")
            .explode("n")
            .with_columns(n=pl.col("n").fill_null(0))
            .select(
                "vendor",
                "ingredient",
                covered=pl.col("covered") + pl.col("n") * pl.col("package_grams").fill_null(0.0),
                cents=pl.col("cents") + pl.col("n") * pl.col("step_cents").fill_null(0),
                packs=pl.concat_list("packs", "n"),
            )
        )
        if combos.height > MAX_COMBINATIONS:
            raise ValueError(
                f"cart: more than {MAX_COMBINATIONS:,} package combinations (rank {rank}): a "
                "vendor sells a package far smaller than the quantities needed"
            )
    return combos.filter(pl.col("covered") > 0).with_columns(count=pl.col("packs").list.sum())


ORDER_BITS = 24


def cheapest_covers(combos: pl.DataFrame) -> pl.DataFrame:
    """Per vendor and ingredient, by covered grams: the cheapest multiset covering at least
    that much (fewest cents, then least covered, then fewest packages)."""
    distinct = (
        combos.sort("vendor", "ingredient", "covered", "cents", "count", "packs")
        .unique(["vendor", "ingredient", "covered"], keep="first", maintain_order=True)
        .with_columns(order=pl.int_range(pl.len()).over("vendor", "ingredient"))
    )
    key = pl.col("cents") * (1 << ORDER_BITS) + pl.col("order")
    best = distinct.with_columns(
        best_order=(key.cum_min(reverse=True).over("vendor", "ingredient") % (1 << ORDER_BITS))
    )
    return (
        best.select("vendor", "ingredient", "covered", "best_order")
        .join(
            distinct.select(
                "vendor", "ingredient", "order", "packs", "cents", bought_grams="covered"
            ),
            left_on=["vendor", "ingredient", "best_order"],
            right_on=["vendor", "ingredient", "order"],
        )
        .sort("vendor", "ingredient", "covered")
        .drop("best_order")
    )


def offers(wanted_items: pl.DataFrame, products: pl.DataFrame) -> pl.DataFrame:
    """Each wanted item at each vendor: its columns, vendor, bought_grams, cents, packs (counts
    by the products' rank; null when the vendor does not sell the ingredient)."""
    needs = wanted_items.group_by("ingredient").agg(max_need=pl.col("need").max())
    covers = cheapest_covers(combinations(products, needs))
    vendors = products.select("vendor").unique().sort("vendor")
    return (
        wanted_items.join(vendors, how="cross")
        .sort("need")
        .join_asof(
            covers.rename({"covered": "need_at"}).sort("need_at"),
            left_on="need",
            right_on="need_at",
            by=["vendor", "ingredient"],
            strategy="forward",
            check_sortedness=False,  # sorted by need overall, so within every group too
        )
        .drop("need_at")
    )


def chosen_packages(wanted_items: pl.DataFrame, products: pl.DataFrame) -> pl.DataFrame:
    """Each wanted item at each vendor selling its ingredient (`offers` with packs)."""
    return offers(wanted_items, products).filter(pl.col("packs").is_not_null())


def package_rows(chosen: pl.DataFrame, products: pl.DataFrame) -> pl.DataFrame:
    """One row per plan, vendor, ingredient and sku bought, the item's leftover split over its
    packages by their grams."""
    per_sku = (
        chosen.with_columns(rank=pl.int_ranges(pl.col("packs").list.len()))
        .explode("packs", "rank")
        .filter(pl.col("packs") > 0)
        .join(products, on=["vendor", "ingredient", "rank"])
    )
    grams = pl.col("packs") * pl.col("package_grams")
    leftover = pl.col("bought_grams") - pl.col("need")
    item_price = pl.col("cents") / CENTS
    return per_sku.sort("plan_no", "sku_no").select(
        "plan_id",
        "household_id",
        "vendor",
        "sku",
        ingredient_slug="ingredient",
        packages=pl.col("packs").cast(pl.Int32),
        package_grams="package_grams",
        price=(pl.col("packs") * pl.col("cents_right") / CENTS).round(2),
        currency="currency",
        need_grams=pl.col("need") * grams / pl.col("bought_grams"),
        purchased_grams=grams,
        leftover_grams=leftover * grams / pl.col("bought_grams"),
        leftover_money=item_price
        * leftover
        / pl.col("bought_grams")
        * grams
        / pl.col("bought_grams"),
    )


def carts(
    items: Frame,
    households: Frame,
    vendor_products: Frame,
    ingredients: Frame,
    portions: Frame,
) -> Carts:
    """The cart of every plan's list (`simmer.shopping.shopping_list`) at every vendor."""
    products = packages(vendor_products, ingredients, portions).collect(engine=ENGINE)
    found = offers(wanted(items).collect(engine=ENGINE), products)
    rows = package_rows(found.filter(pl.col("packs").is_not_null()), products)
    unsold = (
        found.filter(pl.col("packs").is_null())
        .sort("plan_no", "vendor", "ingredient")
        .select("plan_id", "vendor", ingredient_slug="ingredient", grams="need")
    )
    vendor_currencies = products.select("vendor", "currency").unique()
    totals = cart_totals(rows, unsold, vendor_currencies, items, households, ingredients)
    return Carts(rows, unsold, totals)


def _share(part: str, whole: str) -> pl.Expr:
    return pl.when(pl.col(whole) > 0).then(pl.col(part) / pl.col(whole))


def cart_totals(
    rows: pl.DataFrame,
    unsold: pl.DataFrame,
    vendors: pl.DataFrame,
    items: Frame,
    households: Frame,
    ingredients: Frame,
) -> pl.DataFrame:
    """Per plan and every vendor (`vendors`: vendor, currency), even one selling nothing on the
    list: total, leftover shares (perishables apart), unsold items, budget."""
    perishable = ingredient_weights(ingredients.lazy()).select(
        ingredient_slug="slug", perishable=pl.col("weight") >= PERISHABLE_WEIGHT * WEIGHT_UNITS
    )
    plan_vendors = (
        items.lazy().select("plan_id", "household_id").unique().join(vendors.lazy(), how="cross")
    )
    is_p = pl.col("perishable").fill_null(False)
    bought = (
        rows.lazy()
        .join(perishable, on="ingredient_slug", how="left")
        .group_by("plan_id", "vendor")
        .agg(
            total=known_sum(pl.col("price")),
            items_bought=pl.col("ingredient_slug").n_unique().cast(pl.Int32),
            purchased_grams=known_sum(pl.col("purchased_grams")),
            leftover_grams=known_sum(pl.col("leftover_grams")),
            leftover_money=known_sum(pl.col("leftover_money")),
            perishable_purchased_grams=known_sum(pl.col("purchased_grams").filter(is_p)),
            perishable_leftover_grams=known_sum(pl.col("leftover_grams").filter(is_p)),
        )
    )
    missing = unsold.lazy().group_by("plan_id", "vendor").agg(items_unsold=pl.len().cast(pl.Int32))
    budgets = households.lazy().select("household_id", "weekly_budget", budget_currency="currency")
    return (
        plan_vendors.join(bought, on=["plan_id", "vendor"], how="left")
        .join(missing, on=["plan_id", "vendor"], how="left")
        .join(budgets, on="household_id", how="left")
        .with_columns(
            pl.col("total", "purchased_grams", "leftover_grams", "leftover_money").fill_null(0.0),
            pl.col("perishable_purchased_grams", "perishable_leftover_grams").fill_null(0.0),
            pl.col("items_bought", "items_unsold").fill_null(0),
        )
        .with_columns(
            leftover_share=_share("leftover_grams", "purchased_grams"),
            perishable_leftover_share=_share(
                "perishable_leftover_grams", "perishable_purchased_grams"
            ),
            leftover_money_share=_share("leftover_money", "total"),
            within_budget=pl.when(pl.col("currency") == pl.col("budget_currency")).then(
                pl.col("total") <= pl.col("weekly_budget")
            ),
        )
        .drop("budget_currency")
        .sort("plan_id", "vendor")
        .collect(engine=ENGINE)
    )


def shopping_tables(
    catalog: dict[str, pl.DataFrame],
    nutrition: dict[str, pl.DataFrame],
    households: dict[str, pl.DataFrame],
    plans: dict[str, pl.DataFrame],
) -> dict[str, pl.DataFrame]:
    """A partition's lists and carts from its table sets (catalog, nutrition, the households
    snapshot with its pantry, the plans): shopping_list_items, cart_items, cart_unsold,
    cart_totals."""
    products = catalog["vendor_products"]
    aisles = (
        products.select(pl.col("ingredient").alias("ingredient_slug"), "aisle")
        if "aisle" in products.columns
        else None
    )
    items = shopping_list(
        plans["plans"].filter(pl.col("status") != "infeasible"),
        plans["plan_meals"],
        nutrition["recipe_lines"],
        nutrition["recipe_macros"].select(recipe_slug="slug", servings="servings"),
        catalog["ingredients"],
        catalog["portions"],
        households.get("pantry", pl.DataFrame(schema=PANTRY)),
        aisles,
    )
    found = carts(
        items,
        households["households"],
        catalog["vendor_products"],
        catalog["ingredients"],
        catalog["portions"],
    )
    return {
        "shopping_list_items": items,
        "cart_items": found.items,
        "cart_unsold": found.unsold,
        "cart_totals": found.totals,
    }
