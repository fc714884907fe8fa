-- Planned energy and macros per household and day against the day's targets: energy is the
-- household's people times their targets times the share of the day the planned slots carry;
-- protein, fat and carbohydrate targets the same of the household's goals per person (null
-- where it sets none), as the planner aims at them.
CREATE OR REPLACE VIEW household_weekly_nutrition AS
SELECT household_id, week, day, kcal, kcal_target, protein_g, fat_g, carbs_g,
       protein_g_target, fat_g_target, carbs_g_target
FROM read_parquet('{lake}/planning/plans/*/*/current/daily_nutrition.parquet', union_by_name = true);
