CREATE OR REPLACE VIEW vendor_products AS
SELECT vendor, sku, ingredient AS ingredient_slug, name, package_size, package_unit, price, currency, pack
FROM read_parquet('{lake}/catalog/current/vendor_products.parquet');
