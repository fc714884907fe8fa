-- Recipes (one row each); their ingredient lines are in recipe_ingredients.
CREATE OR REPLACE VIEW recipes AS
SELECT
    slug,
    title,
    servings,
    servings_estimated,
    prep_time_min,
    cook_time_min,
    total_time_min,
    tags,
    meal_slots,
    author,
    source,
    license,
    pack
FROM read_parquet('{lake}/catalog/current/recipes.parquet');
