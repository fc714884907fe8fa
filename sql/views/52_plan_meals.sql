-- One row per planned meal. servings: servings to cook (for a leftover, the servings eaten);
-- leftover: the meal eats what the previous day's dinner cooked (it buys nothing); pinned: the
-- meal honours one of the household's pins.
CREATE OR REPLACE VIEW plan_meals AS
SELECT plan_id, day, slot, recipe_slug, servings, leftover, pinned
FROM read_parquet('{lake}/planning/plans/*/*/current/plan_meals.parquet');
