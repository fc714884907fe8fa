CREATE OR REPLACE VIEW tags AS
SELECT slug, name, pack
FROM read_parquet('{lake}/catalog/current/tags.parquet');
