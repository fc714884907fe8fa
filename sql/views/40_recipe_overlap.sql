-- For each recipe, the k recipes that use most of what one buys for it (perishables weigh
-- most; pantry staples are ignored). score: share of the recipe's perishable shopping that
-- other_slug also uses; rank 1 is the best partner.
CREATE OR REPLACE VIEW recipe_overlap AS
SELECT recipe_slug, other_slug, score, rank
FROM read_parquet('{lake}/overlap/current/recipe_overlap.parquet');
