-- Every ingredient line of every recipe: what the pack states (parsed quantity, unit, match)
-- and what nutrition made of it (grams, how, or why not, whether estimated, and nutrient
-- contributions).
CREATE OR REPLACE VIEW recipe_ingredients AS
SELECT
    recipe_slug,
    line_no,
    text AS original_text,
    "group" AS line_group,
    quantity,
    quantity_max,
    unit,
    ingredient AS ingredient_slug,
    confidence,
    preparation,
    optional,
    status,
    note,
    grams,
    grams_method,
    grams_issue,
    estimated,
    kcal,
    protein_g,
    fat_g,
    carbs_g,
    fiber_g,
    sugars_g,
    sodium_mg,
    saturated_fat_g
FROM read_parquet('{lake}/nutrition/current/recipe_lines.parquet');
