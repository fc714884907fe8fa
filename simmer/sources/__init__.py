"""Builders that turn public source data (USDA SR26, recipe markdown) into packs."""
