-- One row per plan, vendor, ingredient and package bought: the cheapest multiset of packages
-- covering the grams to buy (README "Shopping lists and carts"). price in the vendor's currency; leftover_grams and
-- leftover_money: the item's leftover, split over its packages by their grams.
CREATE OR REPLACE VIEW cart_items AS
SELECT plan_id, household_id, vendor, sku, ingredient_slug, packages, package_grams, price,
       currency, need_grams, purchased_grams, leftover_grams, leftover_money
FROM read_parquet('{lake}/planning/shopping/*/*/current/cart_items.parquet');
