"""Shopping lists of plans: what the week's meals need, one item per ingredient.

- Lines: every line of every recipe cooked in a plan (leftover meals cook nothing, so buy
  nothing), scaled to the meal's servings: the line's grams (`simmer.grams`, as the nutrition
  step computed them in `recipe_lines`) / the recipe's servings x the meal's servings.
- Each line is one of `LINE_KINDS`: `weighed` (its grams are known and counted), `as_needed` (a
  matched line with no amount: "salt to taste"), `unweighed` (an amount whose grams cannot be
  known, or an implausible one: "2 cans tomatoes" without a can portion) and `unmatched` (no
  catalog ingredient). Nothing is dropped: every line lands in exactly one item.
- Items: one per plan and ingredient, merging every unit and dimension through grams ("1 cup
  flour" + "200 g flour" is one item); unmatched lines are one item per original text. `grams`
  is the sum of the weighed lines (null when none has an amount: the item is `as_needed`);
  `texts` are the original texts of the lines without grams; `meals` the (day, slot, recipe)
  that need it; `lines` how many planned lines it accounts for. Lines are merged per recipe
  first (`recipe_items`, once per catalog), then per plan from the cooked meals, so the work
  grows with meals x items rather than meals x lines.
- Pantry: the household's grams on hand of an ingredient (`simmer.households.PANTRY`) are
  subtracted: `on_hand_grams` = min(on hand, needed), `to_buy_grams` = the rest.
- Pantry staples (the catalog's `pantry_staple` ingredients, as `simmer.overlap`) are flagged
  `pantry_staple` and listed apart; the cart (`simmer.cart`) does not buy them.
- Aisle: `AISLES` maps the ingredient's USDA food group to an aisle (unknown groups and
  unmatched lines: 'Other'); an `aisles(ingredient_slug, aisle)` frame (a vendor's or pack's
  own) overrides it per ingredient.
- Name: the catalog's name in lower case where it is the slug in words but for its hyphens
  ("all-purpose flour"), else the slug in words ("abiyuch raw" for "Abiyuch, raw", so plurals
  and the line read as words).
- Display: the quantity a person shops by (`display`), in the kind of unit the item's recipes
  mostly use (by grams): whole items through the ingredient's count portion ("3 onions
  (≈ 330 g)", rounded up to a whole item; a portion that is not the item itself is named:
  "10 cloves garlic (≈ 30 g)", "4 slices bread"), volumes in cups to the quarter (or tablespoons,
  teaspoons below a quarter cup) through its cup portion or density ("2 ¼ cups (280 g)
  all-purpose flour"), else mass ("450 g", "1.2 kg chicken thighs"). The same portion rules as
  recipe lines choose the portion (`simmer.grams.with_grams`). A weighed item's lines without
  grams follow in lower case ("2 tbsp (27 g) olive oil, plus olive oil for frying"); one that
  only names the ingredient reads "more as needed" ("1 ½ tbsp (28 g) salt, plus more as
  needed", not "plus Salt").
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

import polars as pl

from simmer.figures import Frame, known_sum
from simmer.grams import (
    ITEM_ITSELF_UNITS,
    counted_grams,
    is_unmatched,
    unit_factors,
    with_grams,
)
from simmer.overlap import food_group_key

LINE_KINDS = ("weighed", "as_needed", "unweighed", "unmatched")
OTHER_AISLE = "Other"
AISLES: MappingProxyType[str, str] = MappingProxyType(
    {
        # USDA SR food groups as `simmer.overlap` normalizes them -> the aisle they are shelved in
        "vegetables-and-vegetable-products": "Produce",
        "fruits-and-fruit-juices": "Produce",
        "beef-products": "Meat and poultry",
        "pork-products": "Meat and poultry",
        "poultry-products": "Meat and poultry",
        "lamb-veal-and-game-products": "Meat and poultry",
        "sausages-and-luncheon-meats": "Meat and poultry",
        "finfish-and-shellfish-products": "Fish and seafood",
        "dairy-and-egg-products": "Dairy and eggs",
        "baked-products": "Bakery",
        "cereal-grains-and-pasta": "Grains, pasta and cereals",
        "breakfast-cereals": "Grains, pasta and cereals",
        "legumes-and-legume-products": "Canned and dry goods",
        "soups-sauces-and-gravies": "Canned and dry goods",
        "nut-and-seed-products": "Nuts and seeds",
        "fats-and-oils": "Oils, vinegars and condiments",
        "spices-and-herbs": "Spices and herbs",
        "sweets": "Baking and sweets",
        "beverages": "Beverages",
        "snacks": "Snacks",
        "meals-entrees-and-side-dishes": "Prepared foods",
        "fast-foods": "Prepared foods",
        "restaurant-foods": "Prepared foods",
        "baby-foods": "Baby food",
        "american-indian-alaska-native-foods": OTHER_AISLE,
    }
)
# The list's order: plan (by its rank in plan_id order: an integer sorts faster than the id),
# staples last, aisle, name, ingredient. It is total: within a plan a matched item is the only
# one of its ingredient, and an unmatched item's name is one of its texts, whose trimmed lower
# case is the item's key.
LIST_ORDER = ("plan_no", "pantry_staple", "aisle", "name", "ingredient_slug")
# Lists and carts are collected by polars' in-memory engine: on their list and struct
# aggregations it takes about a third less CPU than the streaming one (bench/bench_shopping.py).
ENGINE: Final = "in-memory"
MEAL = pl.Struct({"day": pl.Date(), "slot": pl.String(), "recipe_slug": pl.String()})


def cooked_meals(plans: Frame, plan_meals: Frame) -> pl.LazyFrame:
    """The plans' cooked meals (a leftover meal cooks nothing): plan_id, household_id, day,
    slot, recipe_slug, servings."""
    return (
        plan_meals.lazy()
        .filter(~pl.col("leftover").fill_null(False))
        .join(plans.lazy().select("plan_id", "household_id"), on="plan_id")
        .select("plan_id", "household_id", "day", "slot", "recipe_slug", "servings")
    )


def line_kind() -> pl.Expr:
    """`LINE_KINDS` of a recipe line (with grams_issue from `simmer.grams.line_grams`)."""
    issue = pl.col("grams_issue")
    return (
        pl.when(is_unmatched() | (issue == "unmatched ingredient"))
        .then(pl.lit("unmatched"))
        .when(counted_grams().is_not_null())
        .then(pl.lit("weighed"))
        .when(issue == "no quantity")
        .then(pl.lit("as_needed"))
        .otherwise(pl.lit("unweighed"))
    )


def item_key() -> pl.Expr:
    """An item is an ingredient, or for an unmatched line its original text (trimmed, lower)."""
    text = pl.col("text").fill_null("").str.strip_chars().str.to_lowercase()
    return pl.coalesce(pl.col("ingredient"), pl.lit("text:") + text)


SHOP_BY_KINDS = ("count", "mass", "volume")  # in this order on a tie of grams


def _line_unit_kind(lines: pl.LazyFrame) -> pl.LazyFrame:
    """`unit_kind` of each line: mass, volume, or count (a count unit or none)."""
    kinds = unit_factors().lazy().select("unit", "unit_kind")
    return lines.join(kinds, on="unit", how="left").with_columns(
        unit_kind=pl.when(pl.col("unit_kind").is_in(["mass", "volume"]))
        .then(pl.col("unit_kind"))
        .otherwise(pl.lit("count"))
    )


def recipe_items(recipe_lines: Frame, recipe_servings: Frame) -> pl.LazyFrame:
    """One row per recipe and item (`item_key`), per serving of the recipe: ingredient (null
    when unmatched), unmatched, lines, grams (known sum of the weighed lines), grams by
    `SHOP_BY_KINDS` (`<kind>_grams`, null when no weighed line is of that kind), and the
    texts of the lines without grams."""
    servings = recipe_servings.lazy().select(
        "recipe_slug", pl.col("servings").cast(pl.Float64).alias("recipe_servings")
    )
    weighed = pl.col("kind") == "weighed"
    per_serving = pl.when(weighed).then(counted_grams() / pl.col("recipe_servings"))
    return (
        _line_unit_kind(recipe_lines.lazy())
        .join(servings, on="recipe_slug", how="left")
        .with_columns(kind=line_kind())
        .with_columns(
            ingredient=pl.when(pl.col("kind") != "unmatched").then(pl.col("ingredient")),
            grams=per_serving,
        )
        .group_by("recipe_slug", item=item_key())
        .agg(
            pl.col("ingredient").first(),
            unmatched=(pl.col("kind") == "unmatched").all(),
            lines=pl.len().cast(pl.Int32),
            grams=known_sum(pl.col("grams")),
            texts=pl.col("text").filter(pl.col("grams").is_null()),
            **{
                f"{k}_grams": known_sum(pl.col("grams").filter(pl.col("unit_kind") == k))
                for k in SHOP_BY_KINDS
            },
        )
    )


def _shop_by() -> pl.Expr:
    """The kind in `SHOP_BY_KINDS` carrying most of an item's grams (null when none)."""
    grams = {k: pl.col(f"{k}_grams").fill_null(-1.0) for k in SHOP_BY_KINDS}
    chosen = pl.lit(None, pl.String)
    for i, kind in reversed(list(enumerate(SHOP_BY_KINDS))):
        wins = pl.col(f"{kind}_grams").is_not_null()
        for j, other in enumerate(SHOP_BY_KINDS):
            if j != i:
                wins = wins & (grams[kind] > grams[other] if j < i else grams[kind] >= grams[other])
        chosen = pl.when(wins).then(pl.lit(kind)).otherwise(chosen)
    return chosen


def merged_items(meals: pl.LazyFrame, items_per_recipe: pl.LazyFrame) -> pl.LazyFrame:
    """One row per plan and item: household_id, ingredient, grams (the recipe items' grams x
    the meals' servings, summed), texts of the lines without grams (distinct, sorted) and
    what the display says of them (`said`: distinct, sorted, one that only names the
    ingredient as `MORE_AS_NEEDED`, last), meals (day, slot, recipe in that order), lines,
    unmatched, `shop_by`, and `plan_no` (the plan's rank in plan_id order, to sort on an
    integer). Grouped on one integer key (plan number x item number), names joined back
    after."""
    scaled = pl.col("servings")
    numbered_meals = meals.sort("plan_id", "day", "slot", "recipe_slug").with_columns(
        plan_no=pl.col("plan_id").rank("dense").cast(pl.UInt64)
    )
    numbered_items = items_per_recipe.with_columns(
        item_no=pl.col("item").rank("dense").cast(pl.UInt64)
    )
    joined = numbered_meals.join(
        numbered_items, on="recipe_slug", maintain_order="left"
    ).with_columns(key=pl.col("plan_no") * (1 << 32) + pl.col("item_no"))
    plans = numbered_meals.select("plan_no", "plan_id", "household_id").unique("plan_no")
    names = numbered_items.select("item_no", "item", "ingredient").unique("item_no")
    texts = (
        joined.filter(pl.col("texts").list.len() > 0)
        .select("key", "ingredient", text="texts")
        .explode("text")
        .unique()
        .with_columns(said=_said(pl.col("text")))
        .with_columns(bare=(pl.col("said") == _said(pl.col("ingredient"))).fill_null(False))
        .group_by("key")
        .agg(
            pl.col("text").sort().alias("texts"),
            pl.col("said").filter(~pl.col("bare")).unique().sort(),
            pl.col("bare").any(),
        )
        .with_columns(
            said=pl.when("bare")
            .then(pl.concat_list("said", pl.lit([MORE_AS_NEEDED])))
            .otherwise("said")
        )
        .drop("bare")
    )
    return (
        joined.group_by("key")
        .agg(
            pl.col("plan_no", "item_no").first(),
            grams=known_sum(pl.col("grams") * scaled),
            unmatched=pl.col("unmatched").all(),
            lines=pl.col("lines").sum(),
            meals=pl.struct("day", "slot", "recipe_slug"),
            **{f"{k}_grams": (pl.col(f"{k}_grams") * scaled).sum() for k in SHOP_BY_KINDS},
            **{f"{k}_known": pl.col(f"{k}_grams").is_not_null().any() for k in SHOP_BY_KINDS},
        )
        .with_columns(
            pl.when(pl.col(f"{k}_known")).then(pl.col(f"{k}_grams")).alias(f"{k}_grams")
            for k in SHOP_BY_KINDS
        )
        .with_columns(shop_by=_shop_by())
        .join(texts, on="key", how="left")
        .with_columns(pl.col("texts", "said").fill_null([]))
        .join(plans, on="plan_no")
        .join(names, on="item_no")
        .drop(
            "key",
            "item_no",
            "item",
            *(f"{k}_grams" for k in SHOP_BY_KINDS),
            *(f"{k}_known" for k in SHOP_BY_KINDS),
        )
    )


MORE_AS_NEEDED = "more as needed"


def _said(text: pl.Expr) -> pl.Expr:
    """A text as the display says a line without grams: lower case, hyphens as spaces, no
    surrounding punctuation (a slug so becomes its words)."""
    return text.str.to_lowercase().str.replace_all("-", " ").str.strip_chars(" .,;:")


def with_pantry(items: pl.LazyFrame, pantry: Frame) -> pl.LazyFrame:
    """`on_hand_grams` (what the pantry covers of the need) and `to_buy_grams` (the rest)."""
    on_hand = (
        pantry.lazy()
        .group_by("household_id", pl.col("ingredient_slug").alias("ingredient"))
        .agg(pantry_grams=pl.col("grams").sum())
    )
    return (
        items.join(on_hand, on=["household_id", "ingredient"], how="left")
        .with_columns(
            on_hand_grams=pl.when(pl.col("grams").is_not_null()).then(  # as needed: unknown
                pl.min_horizontal("grams", pl.col("pantry_grams").fill_null(0.0))
            )
        )
        .with_columns(to_buy_grams=pl.col("grams") - pl.col("on_hand_grams"))
        .drop("pantry_grams")
    )


def ingredient_facts(ingredients: Frame, aisles: Frame | None = None) -> pl.LazyFrame:
    """Per ingredient: name (its slug in words), aisle, pantry_staple."""
    overrides = (
        aisles.lazy().select(pl.col("ingredient_slug").alias("slug"), override="aisle")
        if aisles is not None
        else pl.LazyFrame(schema={"slug": pl.String, "override": pl.String})
    )
    by_group = food_group_key(pl.col("food_group")).replace_strict(
        dict(AISLES), default=OTHER_AISLE, return_dtype=pl.String
    )
    return (
        ingredients.lazy()
        .join(overrides.unique("slug", keep="first"), on="slug", how="left")
        .select(
            pl.col("slug").alias("ingredient"),
            _item_name().alias("name"),
            pl.coalesce("override", by_group, pl.lit(OTHER_AISLE)).alias("aisle"),
            pl.col("pantry_staple").fill_null(False),
        )
    )


def _item_name() -> pl.Expr:
    """The catalog name in lower case where it is the slug in words but for its hyphens
    ('all-purpose flour'), else the slug in words ('abiyuch raw' for 'Abiyuch, raw')."""
    words = pl.col("slug").str.replace_all("-", " ")
    name = pl.col("name").str.to_lowercase()
    return pl.when(name.str.replace_all("-", " ") == words).then(name).otherwise(words)


def shop_by_portions(ingredients: Frame, portions: Frame) -> pl.LazyFrame:
    """Per ingredient the grams of one whole item (and the unit of the portion chosen for it)
    and of one cup, as recipe lines weigh them (`simmer.grams.with_grams`)."""
    slugs = ingredients.lazy().select(pl.col("slug").alias("ingredient"))
    probes = pl.concat(
        [
            slugs.with_columns(quantity=pl.lit(1.0), unit=pl.lit(None, pl.String), probe=0),
            slugs.with_columns(quantity=pl.lit(1.0), unit=pl.lit("cup"), probe=1),
        ]
    )
    weighed = with_grams(probes, ingredients, portions, whole_item_unit=True)
    item = pl.col("probe") == 0
    return weighed.group_by("ingredient").agg(
        grams_per_item=pl.col("grams").filter(item).first(),
        item_unit=pl.col("whole_item_unit").filter(item).first(),
        grams_per_cup=pl.col("grams").filter(pl.col("probe") == 1).first(),
    )


def shopping_list(
    plans: Frame,
    plan_meals: Frame,
    recipe_lines: Frame,
    recipe_servings: Frame,
    ingredients: Frame,
    portions: Frame,
    pantry: Frame,
    aisles: Frame | None = None,
) -> pl.DataFrame:
    """The shopping list of every plan (`SHOPPING_ITEMS` columns), sorted by plan, staples
    last, aisle and name. `recipe_servings(recipe_slug, servings)`; `pantry` as
    `simmer.households.PANTRY`; `aisles(ingredient_slug, aisle)` overrides the food groups'."""
    items = (
        merged_items(cooked_meals(plans, plan_meals), recipe_items(recipe_lines, recipe_servings))
        .pipe(with_pantry, pantry)
        .join(ingredient_facts(ingredients, aisles), on="ingredient", how="left")
        .join(shop_by_portions(ingredients, portions), on="ingredient", how="left")
        .with_columns(
            name=pl.coalesce("name", pl.col("texts").list.first()),
            aisle=pl.col("aisle").fill_null(OTHER_AISLE),
            pantry_staple=pl.col("pantry_staple").fill_null(False),
            as_needed=pl.col("grams").is_null() & ~pl.col("unmatched"),
        )
        .with_columns(display=display())
    )
    return (
        items.rename({"ingredient": "ingredient_slug"})
        .sort(*LIST_ORDER)
        .select(SHOPPING_ITEMS.names())
        .cast(SHOPPING_ITEMS)
        .collect(engine=ENGINE)
    )


def display() -> pl.Expr:
    """What a person reads for an item (module docstring: Display)."""
    texts = pl.col("texts").list.join("; ")
    weighed = _shop_by_text(pl.col("to_buy_grams"), pl.col("name"))
    unweighed = pl.when((pl.col("texts").list.len() > 0) & pl.col("grams").is_not_null()).then(
        pl.format(", plus {}", pl.col("said").list.join("; "))
    )
    on_hand = pl.when(pl.col("on_hand_grams") > 0).then(
        pl.format(
            " ({} g on hand, {} g needed)",
            pl.col("on_hand_grams").round(0).cast(pl.Int64),
            pl.col("grams").round(0).cast(pl.Int64),
        )
    )
    return pl.when(pl.col("unmatched")).then(pl.format("{} (not in the catalog)", texts)).when(
        pl.col("as_needed")
    ).then(pl.format("{}, as needed", pl.col("name"))).when(pl.col("to_buy_grams") <= 0).then(
        pl.format("{}: none to buy", pl.col("name")) + on_hand.fill_null("")
    ).otherwise(weighed + on_hand.fill_null("")) + unweighed.fill_null("")


def _grams_text(grams: pl.Expr) -> pl.Expr:
    """'450 g' below a kilogram, else '1.2 kg' (to 0.1 kg)."""
    kilos = (grams / 1000).round(1)
    kilos_text = kilos.cast(pl.String).str.replace(r"\.0$", "")
    return (
        pl.when(grams < 1000)
        .then(pl.format("{} g", grams.round(0).cast(pl.Int64).clip(1)))
        .otherwise(pl.format("{} kg", kilos_text))
    )


def _mixed_number(quarters: pl.Expr) -> pl.Expr:
    """A number of quarters as a cook writes it: '2 ¼', '½', '3'."""
    whole = (quarters // 4).cast(pl.Int64)
    fraction = (
        (quarters % 4)
        .cast(pl.Int64)
        .replace_strict({0: "", 1: "¼", 2: "½", 3: "¾"}, return_dtype=pl.String)
    )
    return (
        pl.when(whole == 0)
        .then(fraction)
        .when(fraction == "")
        .then(whole.cast(pl.String))
        .otherwise(pl.format("{} {}", whole, fraction))
    )


def _plural(name: pl.Expr) -> pl.Expr:
    """English plural of the last word, by the common rules (onions, tomatoes, berries)."""
    return (
        pl.when(name.str.contains(r"(s|x|z|ch|sh|o)$"))
        .then(name + "es")
        .when(name.str.contains(r"[^aeiou]y$"))
        .then(name.str.replace(r"y$", "ies"))
        .otherwise(name + "s")
    )


def _shop_by_text(grams: pl.Expr, name: pl.Expr) -> pl.Expr:
    """'3 onions (≈ 330 g)', '2 ¼ cups (280 g) all-purpose flour', '1.2 kg chicken thighs'."""
    grams_text = _grams_text(grams)
    items = (grams / pl.col("grams_per_item") - 0.05).ceil().clip(1).cast(pl.Int64)
    cups = grams / pl.col("grams_per_cup")
    quarters = (cups * 4).round(0)
    tablespoons = (cups * 16 * 2).round(0).clip(1) / 2
    teaspoons = (cups * 48 * 4).round(0).clip(1)
    some = items != 1
    count = (
        pl.when(pl.col("item_unit").is_in(list(ITEM_ITSELF_UNITS)) | pl.col("item_unit").is_null())
        .then(
            pl.format(
                "{} {} (≈ {})", items, pl.when(some).then(_plural(name)).otherwise(name), grams_text
            )
        )
        .otherwise(
            pl.format(
                "{} {} {} (≈ {})",
                items,
                pl.when(some).then(_plural(pl.col("item_unit"))).otherwise(pl.col("item_unit")),
                name,
                grams_text,
            )
        )
    )
    volume = (
        pl.when(quarters >= 1)
        .then(
            pl.format(
                "{} {} ({}) {}",
                _mixed_number(quarters),
                pl.when(quarters <= 4).then(pl.lit("cup")).otherwise(pl.lit("cups")),
                grams_text,
                name,
            )
        )
        .when(tablespoons >= 1)
        .then(pl.format("{} tbsp ({}) {}", _mixed_number(tablespoons * 4), grams_text, name))
        .otherwise(pl.format("{} tsp ({}) {}", _mixed_number(teaspoons), grams_text, name))
    )
    by_count = pl.col("shop_by").eq("count") & pl.col("grams_per_item").is_not_null()
    by_volume = pl.col("shop_by").eq("volume") & pl.col("grams_per_cup").is_not_null()
    return (
        pl.when(by_count)
        .then(count)
        .when(by_volume)
        .then(volume)
        .otherwise(pl.format("{} {}", grams_text, name))
    )


SHOPPING_ITEMS = pl.Schema(
    {
        "plan_id": pl.String(),
        "household_id": pl.String(),
        "ingredient_slug": pl.String(),
        "name": pl.String(),
        "aisle": pl.String(),
        "pantry_staple": pl.Boolean(),
        "as_needed": pl.Boolean(),
        "unmatched": pl.Boolean(),
        "grams": pl.Float64(),
        "on_hand_grams": pl.Float64(),
        "to_buy_grams": pl.Float64(),
        "display": pl.String(),
        "texts": pl.List(pl.String()),
        "meals": pl.List(MEAL),
        "lines": pl.Int32(),
    }
)
