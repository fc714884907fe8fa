-- Ingredients with nutrition per 100 g and what is known of their allergens and diets.
CREATE OR REPLACE VIEW ingredients AS
SELECT
    slug,
    name,
    food_group,
    source_id,
    energy_kcal AS kcal_per_100g,
    protein_g AS protein_g_per_100g,
    fat_g AS fat_g_per_100g,
    carbohydrate_g AS carbs_g_per_100g,
    fiber_g AS fiber_g_per_100g,
    sugars_g AS sugars_g_per_100g,
    sodium_mg AS sodium_mg_per_100g,
    saturated_fat_g AS saturated_fat_g_per_100g,
    allergens,
    allergens_unknown,
    diets,
    diets_unknown,
    synonyms,
    density_g_per_ml,
    negligible_in_nutrition,
    pantry_staple,
    pack
FROM read_parquet('{lake}/catalog/current/ingredients.parquet');
