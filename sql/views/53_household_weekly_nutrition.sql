-- Planned energy and macros per household and day against the day's energy target (the
-- household's people times their targets times the share of the day the planned slots carry).
CREATE OR REPLACE VIEW household_weekly_nutrition AS
SELECT household_id, week, day, kcal, kcal_target, protein_g, fat_g, carbs_g
FROM read_parquet('{lake}/planning/plans/*/*/current/daily_nutrition.parquet');
