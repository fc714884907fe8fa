-- The households snapshot each (week, zone) partition was planned from: one row per household
-- and week. kcal_target_per_person is the household's default per person; members (with their
-- own kcal_target) override it where listed. dislikes are ingredient slugs.
CREATE OR REPLACE VIEW households AS
SELECT
    household_id,
    week,
    size,
    diet,
    allergies,
    dislikes,
    timezone,
    kcal_per_person AS kcal_target_per_person,
    protein_g_per_person,
    fat_g_per_person,
    carbs_g_per_person,
    weekly_budget,
    currency,
    meal_slots,
    max_cook_time_min,
    leftovers,
    members,
    pins
FROM read_parquet('{lake}/planning/households/*/*/current/households.parquet');
