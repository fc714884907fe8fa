-- One row per plan and item of its shopping list (every (week, zone) partition). grams: what the
-- week's cooked meals need (null for an as-needed or unmatched item); on_hand_grams: what the
-- household's pantry covers; to_buy_grams: the rest. display: the quantity to shop by. aisle:
-- from the food group (README "Shopping lists and carts"); pantry_staple items are listed apart and not
-- bought. texts: original texts of lines without grams; meals: (day, slot, recipe_slug) needing it.
CREATE OR REPLACE VIEW shopping_list_items AS
SELECT plan_id, household_id, ingredient_slug, name, grams, display, aisle, as_needed, unmatched,
       pantry_staple, on_hand_grams, to_buy_grams, texts, meals, lines
FROM read_parquet('{lake}/planning/shopping/*/*/current/shopping_list_items.parquet');
