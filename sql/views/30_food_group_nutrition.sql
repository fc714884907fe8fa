-- Nutrition report by food group: what each group brings per 100 g, and how much of it the
-- recipes use.
CREATE OR REPLACE VIEW food_group_nutrition AS
WITH used AS (
    SELECT ingredient_slug, count(*) AS recipe_lines, sum(grams) AS grams_in_recipes
    FROM recipe_ingredients
    GROUP BY ingredient_slug
)
SELECT
    coalesce(i.food_group, '(none)') AS food_group,
    count(*) AS ingredients,
    round(avg(i.kcal_per_100g), 1) AS avg_kcal_per_100g,
    round(avg(i.protein_g_per_100g), 2) AS avg_protein_g_per_100g,
    round(avg(i.fat_g_per_100g), 2) AS avg_fat_g_per_100g,
    round(avg(i.carbs_g_per_100g), 2) AS avg_carbs_g_per_100g,
    coalesce(sum(u.recipe_lines), 0) AS recipe_lines,
    round(coalesce(sum(u.grams_in_recipes), 0), 0) AS grams_in_recipes
FROM ingredients AS i
LEFT JOIN used AS u ON u.ingredient_slug = i.slug
GROUP BY 1
ORDER BY recipe_lines DESC, food_group;
