-- Household measures: `amount` `unit` of an ingredient weighs `grams`.
CREATE OR REPLACE VIEW portions AS
SELECT ingredient AS ingredient_slug, amount, unit, grams, description, pack
FROM read_parquet('{lake}/catalog/current/portions.parquet');
