-- One row per plan and vendor: the cart's total, its leftover shares (of purchased grams, of
-- perishable grams, of money), the items the vendor does not sell, and whether the total fits
-- the household's weekly budget (null without a budget or in another currency).
CREATE OR REPLACE VIEW cart_totals AS
SELECT plan_id, household_id, vendor, currency, total, weekly_budget, within_budget,
       items_bought, items_unsold, purchased_grams, leftover_grams, leftover_share,
       perishable_purchased_grams, perishable_leftover_grams, perishable_leftover_share,
       leftover_money, leftover_money_share
FROM read_parquet('{lake}/planning/shopping/*/*/current/cart_totals.parquet');
