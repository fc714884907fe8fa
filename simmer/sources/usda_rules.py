"""Allergen and diet flags for SR26 foods: a reviewed rule table.

Every flag is a claim a household's safety depends on, so the rules only add certainty where the
food group or the description makes it certain; everything else stays unknown (a key left out of
the dict), and the planner treats unknown as unsafe.

How a food is flagged (`food_flags`):

1. **Plain or composite.** A food is *plain* when its SR description names one food, simply
   processed (raw, cooked, dried, frozen, canned in water, juice or brine), with no composite
   marker: "with ...", sauce, gravy, prepared, recipe, mix, mixed, breaded, batter, fried,
   stuffed, seasoned, flavored, imitation, soup, salad, spread, style, a brand name in capitals...
   ("with salt", "without skin", "with added vitamin D", "mixed species" are not markers). Groups
   add markers of their own (dairy: process, topping, fruit, chocolate...; legumes: butter, miso,
   hummus...). Fats and oils are plain only for "Oil, ...", "Fat, ...", lard; sweets only for
   sugars, honey, syrups, jams, cocoa and gelatin; beverages only for water, brewed coffee and
   tea, club soda; breakfast cereals only for plain oats and grits; baked products only for
   leavening agents. Sausages, soups and sauces, snacks, fast foods, meals, restaurant and baby
   foods and American Indian foods are always composite.
2. **Known absent.** A plain food gets `False` for all nine allergens, except:
   - nuts and seeds never get peanuts or tree nuts `False` (they share processing lines), and a
     food with peanuts present never gets tree nuts `False`, nor the other way round;
   - grains other than rice, corn, quinoa, millet, sorghum, tapioca, arrowroot, amaranth and teff
     never get wheat `False` (oats, barley, rye and buckwheat are milled alongside wheat);
   - canned fish and seafood keep soy unknown (vegetable broth, soybean oil);
   - molluscs keep shellfish unknown, and coconut keeps tree nuts unknown (see below);
   - soybean and peanut *oils* keep soy and peanuts unknown (see below).
3. **Known present.** Keywords set `True` in any food, plain or composite: milk (milk, butter,
   cheese, cream, yogurt, whey, casein, ghee...; not coconut/almond/soy milk, peanut butter, cream
   of tartar, cream-style corn), egg (egg, mayonnaise, meringue, custard...; not eggplant), fish
   (fish, anchovy, salmon, tuna, cod, worcestershire...; not shellfish, crayfish, jellyfish),
   shellfish (shrimp, prawn, crab, lobster, crayfish, krill), tree nuts (almond, walnut, cashew,
   pecan, pistachio, hazelnut, macadamia, brazil nut, pine nut, chestnut but not water chestnut,
   "Nuts, ..." foods, marzipan, praline, pesto...), peanuts, wheat (wheat, flour unless a
   non-wheat flour such as rice, corn, masa, soy, potato, chickpea, rye or oat; bread, pasta
   (not pasta sauce), noodles other than rice or glass noodles, semolina, couscous, bulgur,
   spelt, durum, triticale, seitan, pretzels...), soy (soy, soya, tofu, tempeh, edamame, miso,
   shoyu, tamari) and sesame (sesame, tahini, halva, za'atar). Dairy foods other than eggs and
   dairy imitations have milk; "Fish, ..." foods have fish; "Crustaceans, ..." shellfish.
4. **Reviewed foods.** The composite staples recipes use most (broths and bouillon, spice
   blends, soy, fish, oyster and worcestershire sauces, mayonnaise, margarine, peanut butter,
   bread, pasta, tortillas, chocolate, ice cream, wine, beer, spirits, hot sauces...) and a few
   plain condiments whose SR name says "prepared" are reviewed one by one in
   `data/usda_reviewed.csv`: what the product is made of (`reason`), the allergens it contains
   (`present`), those that commonly differ between products or come from shared lines
   (`varies`: they stay unknown, safety first: bread may contain milk or egg), and every other
   allergen is known absent. The row replaces the derived allergens; its diets (`fits`,
   `does_not_fit`) are added to the derived ones. Each row names its SR description (`food`),
   checked when the pack is built, so a mistyped NDB number cannot flag another food.

Decisions:

- **Shellfish** means *crustacean* shellfish, as in US FALCPA (shrimp, crab, lobster, crayfish).
  Molluscs (clams, mussels, oysters, scallops, squid, octopus, snails) are not flagged present but
  never absent either: shellfish stays unknown, so a household avoiding shellfish never gets them.
  Molluscs and crustaceans are known not to be fish.
- **Coconut** is not a tree nut here (the FDA dropped it from its tree nut list in 2025), but it
  is never claimed absent either: tree nuts stay unknown for coconut foods.
- **Refined oils.** FALCPA exempts highly refined oils, so soybean and peanut *oil* (also
  hydrogenated, in shortening or mayonnaise) set soy or peanuts neither present nor absent: they
  stay unknown. Soy lecithin is soy. Sesame oil (usually unrefined) is sesame; nut oils are tree
  nuts.
- **Reviewed foods** claim an allergen absent only when the product's usual recipe has none of
  it and it is not commonly made beside it; shared lines known for the product keep it unknown
  (nuts for chocolate and phyllo, egg for dry pasta). Fining agents keep milk, egg and fish
  unknown for wine and beer, and their diets too; distilled spirits carry no protein.
- **Diets.** Omnivore is always true. Meat (the beef, pork, lamb/veal/game, poultry and sausage
  groups; meat words elsewhere; gelatin and marshmallows) is not vegetarian, pescatarian or
  vegan. Fish and seafood are neither vegetarian nor vegan; plain seafood is pescatarian. Plain
  dairy and eggs are vegetarian and pescatarian; nothing with milk or egg present is vegan. Plain
  plant foods are vegan (so vegetarian and pescatarian too). Honey is not vegan; sugar is (bone
  char is a filter aid, not an ingredient). Cheeses whose traditional recipe requires animal
  rennet (parmesan, romano/pecorino, gruyere, grana, roquefort, gorgonzola) stay unknown for
  vegetarian and pescatarian. Composite foods get no diet but what a keyword makes certain.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import TypeVar

from simmer.packs.schema import Allergen, Diet
from simmer.sources import SourceError

MILK, EGG, FISH, SHELLFISH = Allergen.MILK, Allergen.EGG, Allergen.FISH, Allergen.SHELLFISH
TREE_NUTS, PEANUTS, WHEAT = Allergen.TREE_NUTS, Allergen.PEANUTS, Allergen.WHEAT
SOY, SESAME = Allergen.SOY, Allergen.SESAME
VEGAN, VEGETARIAN = Diet.VEGAN, Diet.VEGETARIAN
PESCATARIAN, OMNIVORE = Diet.PESCATARIAN, Diet.OMNIVORE

ALL_ALLERGENS = frozenset(Allergen)
NO_ALLERGENS: Mapping[Allergen, bool] = dict.fromkeys(ALL_ALLERGENS, False)
PLANT_DIETS: Mapping[Diet, bool] = {VEGAN: True, VEGETARIAN: True, PESCATARIAN: True}
MEAT_DIETS: Mapping[Diet, bool] = {VEGAN: False, VEGETARIAN: False, PESCATARIAN: False}
DAIRY_DIETS: Mapping[Diet, bool] = {VEGAN: False, VEGETARIAN: True, PESCATARIAN: True}
SEAFOOD_DIETS: Mapping[Diet, bool] = {VEGAN: False, VEGETARIAN: False}
FlagKey = TypeVar("FlagKey", Allergen, Diet)
REVIEWED_FOODS = "usda_reviewed.csv"


def _words(alternatives: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive pattern for comma-separated regexes (a literal comma: '\\,')."""
    parts = (part.strip().replace("\\,", ",") for part in re.split(r"(?<!\\),", alternatives))
    return re.compile(r"\b(?:" + "|".join(part for part in parts if part) + r")\b", re.I)


def _prefix(alternatives: str) -> re.Pattern[str]:
    """Case-insensitive pattern for a description starting with one of '|'-separated regexes."""
    return re.compile("^(?:" + re.sub(r"\s*\n\s*", "", alternatives) + r")\b", re.I)


@dataclass(frozen=True)
class FoodFlags:
    """What the rules know about one food: absent keys are unknown."""

    allergens: dict[Allergen, bool]
    diets: dict[Diet, bool]


@dataclass(frozen=True)
class GroupRule:
    """How the foods of one SR food group are flagged."""

    diets_when_plain: Mapping[Diet, bool] = field(default_factory=dict)
    diets_always: Mapping[Diet, bool] = field(default_factory=dict)
    markers: re.Pattern[str] | None = None
    plain_only: re.Pattern[str] | None = None
    always_composite: bool = False


@dataclass(frozen=True)
class NdbRule:
    """A reviewed statement about one food (a row of `REVIEWED_FOODS`), applied after every
    other rule: its allergens replace the derived ones, its diets are added to them."""

    ndb: str
    food: str
    reason: str
    allergens: Mapping[Allergen, bool]
    diets: Mapping[Diet, bool]
    where: str


# --- plain or composite --------------------------------------------------------------------------

BENIGN_PHRASES = re.compile(
    r"\b(?:with|without)\s+(?:added\s+)?(?:salt|sugar|skin|peel|bones?|seeds|pits|refuse|liquid|"
    r"vitamins?(?:\s+[a-z])?|ascorbic acid|calcium|iron|nutrients|sulfites?|alkali|tap water|"
    r"\d+ volumes? water)\b|\bno salt added\b|\bcountry-style\b|\bcottage, creamed\b|"
    r"\bmixed species\b|\bsalad or cooking\b|\bprepared with (?:calcium sulfate|nigari)\b|"
    r"\bUSDA (?:choice|select|prime)\b|\(includes USDA commodity[^)]*\)|\bnon-enhanced\b|"
    r"\bprepared with (?:tap|distilled) water\b",
    re.IGNORECASE,
)
COMPOSITE_MARKERS = _words(
    """with, sauces?, gravy, prepared, home-prepared, recipe, mix, mixed, mixture, breaded,
    batter, battered, fried, stuffed, stuffing, seasoned, seasoning, flavou?r, flavou?red,
    imitation, substitute, formulated, analog, vegetarian, meatless, soups?, salad, spread, dip,
    style, dinner, entree, casserole, souffle, scalloped, au gratin, creamed, fillings?, glazed,
    coated, candied, marinated, enhanced, pancakes, fritters, puffs, nuggets, sticks, patties,
    restaurant, babyfood"""
)
BRAND_NAME = re.compile(r"\b[A-Z][A-Z'&.-]{2,}")

# --- allergens present ---------------------------------------------------------------------------

PRESENT: Mapping[Allergen, re.Pattern[str]] = {
    MILK: _words(
        """milks?, buttermilk, butter, butterfat, cheeses?, cheesecake, creams?, yogh?urts?, whey,
        casein, caseinate, ghee, kefir, lactose, custard, milkshakes?, half and half,
        dulce de leche, eggnog, alfredo, paneer"""
    ),
    EGG: _words("eggs?, eggnog, mayonnaise, meringue, custard, omelet, hollandaise"),
    FISH: _words(
        """fish, anchov(?:y|ies), sardines?, salmon, tuna, cod, haddock, halibut, herring,
        mackerel, trout, tilapia, pollock, catfish, swordfish, caviar, lox, surimi,
        worcestershire"""
    ),
    SHELLFISH: _words("shrimps?, prawns?, crabs?, crabmeat, lobsters?, cra[wy]fish, krill"),
    TREE_NUTS: _words(
        """almonds?, walnuts?, cashews?, pecans?, pistachios?, hazelnuts?, filberts?,
        macadamias?, brazil ?nuts?, pine ?nuts?, pinyon, pignoli, chestnuts?, hickory ?nuts?,
        beechnuts?, butternuts, pilinuts?, shea ?nuts?, ginkgo, nuts, marzipan, praline, nougat,
        pesto, baklava, frangipane"""
    ),
    PEANUTS: _words("peanuts?, groundnuts?"),
    WHEAT: _words(
        """wheat, breads?, bagels?, croissants?, pasta, macaroni, spaghetti, noodles?, semolina,
        couscous, bulgh?ur, spelt, durum, farina, triticale, kamut, farro, seitan, gluten,
        matz[oa]h?, pretzels?, croutons?, saltines?, pita, naan, focaccia, graham, phyllo,
        puff pastry, pie crust, wontons?, biscuits?, muffins?, doughnuts?, waffles?, shoyu,
        rolls(?=\\,)"""
    ),
    SOY: _words(
        """(?<!non-)soy, soya, soybeans?, soymilk, tofu, tempeh, edamame, miso, shoyu, tamari,
        natto, okara, bean curd"""
    ),
    SESAME: _words("sesame, tahini, tahina, halvah?, za'?atar, benne"),
}
# Phrases that look like an allergen keyword but are not that allergen: removed before searching.
NOT_PRESENT: Mapping[Allergen, re.Pattern[str]] = {
    MILK: _words(
        """(?:coconut|almond|soy|rice|oat|cashew|hemp|nut) (?:milk|cream|beverage),
        (?:peanut|almond|cashew|sesame|seed|nut|apple|cocoa|shea|nutmeg|ucuhuba) butter,
        butter beans, cream of tartar, cream[ -]style, milkfish, milkweed, non-?dairy,
        hard butter, ice cream coatings, milk\\, imitation, imitation (?:milk|cheese),
        (?:cream|milk|cheese) substitutes?, soybean\\, curd cheese"""
    ),
    EGG: _words("egg-?free, eggless, mayonnaise\\, made with tofu"),
    FISH: _words("shellfish, jellyfish, cra[wy]fish, starfish"),
    TREE_NUTS: _words("water ?chestnuts?, coconuts?"),
    WHEAT: _words(
        """buckwheat, gluten-free, breadfruit, breadnut,
        (?:rice|glass|cellophane|bean thread|mung bean|shirataki) noodles?,
        noodles\\, (?:rice|chinese\\, cellophane), sauce\\, pasta, pasta sauce, spaghetti sauce,
        spaghetti/marinara, prego pasta"""
    ),
}
REFINED_OIL: Mapping[Allergen, re.Pattern[str]] = {
    SOY: _words("soy(?:bean)? oil, oil\\, soy(?:bean)?(?! lecithin)"),
    PEANUTS: _words("peanut oil, oil\\, peanut"),
}
NON_WHEAT_FLOUR = _words(
    """rice, corn, masa, maize, potato, soy, peanut, chickpea, besan, rye, oat, barley, millet,
    sorghum, buckwheat, arrowroot, tapioca, cassava, carob, acorn, sesame, sunflower seed,
    cottonseed, almond, coconut, lupin, mesquite, fish"""
)
FLOUR = re.compile(r"\bflour\b", re.IGNORECASE)
FLOUR_CONTEXT_CHARS = 30
CATEGORY_PREFIX = re.compile(r"^(?:nuts|seeds), ", re.IGNORECASE)
NUTS_PREFIX = re.compile(r"^nuts, (?!coconut|formulated)", re.IGNORECASE)
FISH_PREFIX = _prefix("fish|salmon|tuna|roe|caviar")
CRUSTACEAN_PREFIX = _prefix("crustaceans")
MOLLUSC_PREFIX = _prefix("mollusks")
EGG_FOOD = re.compile(r"^eggs?\b(?!nog)", re.IGNORECASE)
DAIRY_ANALOG = _words(
    "imitation, substitutes?, non-?dairy, non-butterfat, dessert topping, whipped topping"
)
CANNED = _words("canned")
COCONUT = _words("coconuts?")
WHEAT_FREE_GRAIN = _prefix(
    """rice|wild rice|corn|cornmeal|cornstarch|hominy|quinoa|millet|sorghum|tapioca|arrowroot|
    amaranth|teff|cereals, corn grits"""
)

# --- diet signals --------------------------------------------------------------------------------

MEAT = _words(
    """beef, pork, veal, lamb, mutton, goat, chicken, turkey, duck, goose, quail, pheasant, squab,
    capon, ham, hamburgers?, bacon, sausages?, salami, pepperoni, bologna, chorizo, pastrami,
    prosciutto, frankfurters?, wieners?, meats?, meatballs?, meatloaf, liver, giblets, venison,
    deer, elk, moose, caribou, bison, buffalo, rabbit, squirrel, seal, whale, walrus, lard, tallow,
    suet, gelatins?, marshmallows?"""
)
NOT_MEAT = _words(
    """coconut meat, grated meat, nutmeat, crab ?meat, meat substitute, meat extender,
    (?:beef|chicken|pork|bacon|ham|turkey|meat)[ -]flavou?r(?:ed)?, duck sauce, sauce\\, duck,
    cod liver, fish liver, rolls\\, hamburger, eggs?\\, (?:duck|goose|quail|turkey),
    (?:milk|cheese)\\, (?:indian )?(?:goat|buffalo|sheep), goat cheese"""
)
VEGETARIAN_HINT = _words("vegetarian, meatless, veggie, vegan, meat analog")
HONEY = _words("honey")
RENNET_CHEESE = _words("parmesan, romano, pecorino, gruyere, grana, roquefort, gorgonzola")

# --- the group table -----------------------------------------------------------------------------

GRAIN_GROUPS = frozenset({"Cereal Grains and Pasta", "Breakfast Cereals"})
SEAFOOD_GROUP = "Finfish and Shellfish Products"
DAIRY_GROUP = "Dairy and Egg Products"
FATS_GROUP = "Fats and Oils"
NUTS_GROUP = "Nut and Seed Products"
_MEAT_RULE = GroupRule(diets_always=MEAT_DIETS, markers=_words("flour, canned"))
GROUP_RULES: Mapping[str, GroupRule] = {
    "Vegetables and Vegetable Products": GroupRule(PLANT_DIETS),
    "Fruits and Fruit Juices": GroupRule(PLANT_DIETS),
    "Spices and Herbs": GroupRule(
        PLANT_DIETS, markers=_words("chili powder, curry powder, pumpkin pie spice, poultry")
    ),
    "Legumes and Legume Products": GroupRule(
        PLANT_DIETS,
        markers=_words(
            """butter, cheese, pork, meat extender, miso, tempeh, hummus, baked, refried, chili,
            soymilk, yogurt, links, burgers?, bacon, frankfurters?, franks"""
        ),
    ),
    NUTS_GROUP: GroupRule(PLANT_DIETS, markers=_words("paste, honey, chocolate, trail")),
    "Cereal Grains and Pasta": GroupRule(
        PLANT_DIETS, markers=_words("pasta, macaroni, spaghetti, noodles?")
    ),
    "Breakfast Cereals": GroupRule(
        PLANT_DIETS,
        plain_only=_prefix("cereals, oats, regular and quick, not fortified|cereals, corn grits"),
    ),
    FATS_GROUP: GroupRule(
        PLANT_DIETS,
        plain_only=_prefix("oil|fat|lard|animal fat|fish oil"),
        markers=_words("lecithin"),
    ),
    "Poultry Products": _MEAT_RULE,
    "Beef Products": _MEAT_RULE,
    "Pork Products": _MEAT_RULE,
    "Lamb, Veal, and Game Products": _MEAT_RULE,
    "Sausages and Luncheon Meats": GroupRule(diets_always=MEAT_DIETS, always_composite=True),
    SEAFOOD_GROUP: GroupRule(
        {PESCATARIAN: True},
        diets_always=SEAFOOD_DIETS,
        markers=_words("surimi, gefiltefish, cakes?, portions"),
    ),
    DAIRY_GROUP: GroupRule(
        DAIRY_DIETS,
        diets_always={VEGAN: False},
        markers=_words(
            """process, food, product, dessert, topping, eggnog, shakes?, beverage, supplement,
            fruit, chocolate, vanilla, lemon, ice creams?, filled, whitener, creamer,
            sour dressing, omelet, scrambled, dulce"""
        ),
    ),
    "Sweets": GroupRule(
        PLANT_DIETS,
        plain_only=_prefix(
            """sugars?, (?:granulated|brown|powdered|maple|turbinado)|honey$|
            syrups?, (?:maple|corn, (?:light|dark))|molasses$|sweetener, syrup, agave|
            jams and preserves|jellies$|marmalade|gelatins, dry powder, unsweetened|
            cocoa, dry powder, unsweetened|baking chocolate, unsweetened, squares"""
        ),
    ),
    "Baked Products": GroupRule(PLANT_DIETS, plain_only=_prefix("leavening agents")),
    "Beverages": GroupRule(
        PLANT_DIETS,
        plain_only=_prefix(
            """water, (?:tap|bottled, generic)|coffee, brewed from grounds|
            tea, (?:black|herb), (?:other than chamomile, )?brewed|
            carbonated beverage, club soda"""
        ),
    ),
}
COMPOSITE_RULE = GroupRule(always_composite=True)


def read_reviewed_foods(text: str, source: str = REVIEWED_FOODS) -> dict[str, NdbRule]:
    """NDB number -> reviewed rule, from the CSV table (columns ndb, food, present, varies,
    fits, does_not_fit, reason; allergen and diet names separated by spaces)."""
    rules: dict[str, NdbRule] = {}
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        where = f"{source}:{reader.line_num}"
        ndb = row["ndb"]
        if not re.fullmatch(r"\d{5}", ndb) or ndb in rules:
            raise SourceError(f"{where}: ndb: {ndb!r} is no 5-digit NDB number listed once")
        if not row["food"].strip() or not row["reason"].strip():
            raise SourceError(f"{where}: food and reason must not be empty")
        present = _names(row, "present", Allergen, where)
        varies = _names(row, "varies", Allergen, where)
        fits = _names(row, "fits", Diet, where)
        does_not_fit = _names(row, "does_not_fit", Diet, where)
        if present & varies or fits & does_not_fit:
            raise SourceError(f"{where}: a name is listed as both known and unknown, or both ways")
        absent = ALL_ALLERGENS - present - varies
        allergens = dict.fromkeys(absent, False) | dict.fromkeys(present, True)
        diets = dict.fromkeys(fits, True) | dict.fromkeys(does_not_fit, False)
        rules[ndb] = NdbRule(ndb, row["food"], row["reason"], allergens, diets, where)
    return rules


def _names(
    row: Mapping[str, str], column: str, vocabulary: type[FlagKey], where: str
) -> set[FlagKey]:
    names = set()
    for name in (row[column] or "").split():
        try:
            names.add(vocabulary(name))
        except ValueError:
            raise SourceError(f"{where}: {column}: {name!r} is not a known name") from None
    return names


def _reviewed_foods_text() -> str:
    return resources.files("simmer.sources").joinpath("data", REVIEWED_FOODS).read_text("utf-8")


NDB_RULES: Mapping[str, NdbRule] = read_reviewed_foods(_reviewed_foods_text())


def food_flags(ndb: str, group: str, description: str) -> FoodFlags:
    """Allergen and diet flags for one SR26 food (see the module docstring for the rules)."""
    rule = GROUP_RULES.get(group, COMPOSITE_RULE)
    plain = is_plain(description, rule)
    allergens = _allergens(group, description, plain)
    diets = _diets(group, description, rule, plain, allergens)
    ndb_rule = NDB_RULES.get(ndb)
    if ndb_rule is not None:
        if ndb_rule.food != description:
            raise SourceError(
                f"{ndb_rule.where}: food: NDB {ndb} is reviewed as {ndb_rule.food!r}, "
                f"but the source names it {description!r}"
            )
        allergens = dict(ndb_rule.allergens)
        diets.update(ndb_rule.diets)
    return FoodFlags(_in_order(allergens, Allergen), _in_order(diets, Diet))


def is_plain(description: str, rule: GroupRule) -> bool:
    """True when `description` names one simply processed food of a group with such foods."""
    if rule.always_composite:
        return False
    if rule.plain_only is not None and not rule.plain_only.search(description):
        return False
    text = BENIGN_PHRASES.sub(" ", description)
    if BRAND_NAME.search(text) or COMPOSITE_MARKERS.search(text):
        return False
    return rule.markers is None or not rule.markers.search(text)


def allergens_present(group: str, description: str) -> set[Allergen]:
    """Allergens that a keyword in `description`, or the food group, shows to be present."""
    text = CATEGORY_PREFIX.sub("", description)
    present = {
        allergen
        for allergen, pattern in PRESENT.items()
        if pattern.search(_strip(text, NOT_PRESENT.get(allergen)))
    }
    if _has_wheat_flour(text):
        present.add(WHEAT)
    return (present | _present_by_group(group, description)) - refined_oils(group, description)


def refined_oils(group: str, description: str) -> set[Allergen]:
    """Soy and peanut that a food has only as refined oil (exempt under FALCPA)."""
    in_fats = group == FATS_GROUP and "lecithin" not in description.lower()
    return {
        allergen
        for allergen, pattern in REFINED_OIL.items()
        if pattern.search(description) or (in_fats and PRESENT[allergen].search(description))
    }


def _allergens(group: str, description: str, plain: bool) -> dict[Allergen, bool]:
    present = allergens_present(group, description)
    absent = set(ALL_ALLERGENS) if plain else set()
    absent -= _kept_unknown(group, description) | present
    if present & {PEANUTS, TREE_NUTS}:
        absent -= {PEANUTS, TREE_NUTS}
    return dict.fromkeys(absent, False) | dict.fromkeys(present, True)


def _kept_unknown(group: str, description: str) -> set[Allergen]:
    """Allergens that stay unknown even for a plain food (see the module docstring)."""
    unknown = refined_oils(group, description)
    if group == NUTS_GROUP:
        unknown |= {PEANUTS, TREE_NUTS}
    if group in GRAIN_GROUPS and not WHEAT_FREE_GRAIN.search(description):
        unknown.add(WHEAT)
    if group == SEAFOOD_GROUP:
        if CANNED.search(description):
            unknown.add(SOY)
        if MOLLUSC_PREFIX.search(description):
            unknown.add(SHELLFISH)
        elif not (CRUSTACEAN_PREFIX.search(description) or FISH_PREFIX.search(description)):
            unknown |= {FISH, SHELLFISH}
    if COCONUT.search(description):
        unknown.add(TREE_NUTS)
    return unknown


def _present_by_group(group: str, description: str) -> set[Allergen]:
    present: set[Allergen] = set()
    if group == DAIRY_GROUP and not (
        EGG_FOOD.search(description) or DAIRY_ANALOG.search(description)
    ):
        present.add(MILK)
    if group == SEAFOOD_GROUP and FISH_PREFIX.search(description):
        present.add(FISH)
    if group == SEAFOOD_GROUP and CRUSTACEAN_PREFIX.search(description):
        present.add(SHELLFISH)
    if group == NUTS_GROUP and NUTS_PREFIX.search(description):
        present.add(TREE_NUTS)
    return present


def _diets(
    group: str,
    description: str,
    rule: GroupRule,
    plain: bool,
    allergens: Mapping[Allergen, bool],
) -> dict[Diet, bool]:
    diets: dict[Diet, bool] = dict(rule.diets_when_plain) if plain else {}
    diets.update(rule.diets_always)
    if group == SEAFOOD_GROUP and not _is_seafood(description):
        diets.pop(PESCATARIAN, None)
    if allergens.get(MILK) or allergens.get(EGG) or HONEY.search(description):
        diets[VEGAN] = False
    if (allergens.get(FISH) or allergens.get(SHELLFISH)) and group != SEAFOOD_GROUP:
        diets.update(SEAFOOD_DIETS)
        diets.pop(PESCATARIAN, None)
    if _mentions_meat(description):
        diets.update(MEAT_DIETS)
    if RENNET_CHEESE.search(description):
        diets.pop(VEGETARIAN, None)
        diets.pop(PESCATARIAN, None)
    diets[OMNIVORE] = True
    return diets


def _is_seafood(description: str) -> bool:
    prefixes = (FISH_PREFIX, CRUSTACEAN_PREFIX, MOLLUSC_PREFIX)
    return any(prefix.search(description) for prefix in prefixes)


def _mentions_meat(description: str) -> bool:
    if VEGETARIAN_HINT.search(description):
        return False
    return bool(MEAT.search(_strip(description, NOT_MEAT)))


def _has_wheat_flour(text: str) -> bool:
    """'flour' not qualified by a non-wheat grain or seed in the words just before it."""
    for found in FLOUR.finditer(text):
        before = text[max(0, found.start() - FLOUR_CONTEXT_CHARS) : found.start()]
        if not NON_WHEAT_FLOUR.search(before.rsplit(",", 1)[-1]):
            return True
    return False


def _strip(text: str, pattern: re.Pattern[str] | None) -> str:
    return text if pattern is None else pattern.sub(" ", text)


def _in_order(flags: Mapping[FlagKey, bool], order: Iterable[FlagKey]) -> dict[FlagKey, bool]:
    return {key: flags[key] for key in order if key in flags}
