-- One row per household and week over every (week, zone) partition. status: proposed or
-- infeasible (reason says which rule left how few recipes); goal_misses: the goals the plan
-- misses and by how much; notes: what was not honoured (a pin that breaks a hard rule) and why.
-- kcal_deviation and macro_deviation are mean relative daily deviations from target.
CREATE OR REPLACE VIEW plans AS
SELECT
    plan_id,
    household_id,
    week,
    zone,
    status,
    catalog_version,
    reason,
    goal_misses,
    notes,
    meals,
    kcal_deviation,
    macro_deviation,
    distinct_ingredients,
    cost
FROM read_parquet('{lake}/planning/plans/*/*/current/plans.parquet');
