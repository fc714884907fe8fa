-- Every ingredient line of every recipe as the pack states it (parsed quantity, unit, match).
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
    pack
FROM read_parquet('{lake}/catalog/current/recipe_ingredients.parquet');
