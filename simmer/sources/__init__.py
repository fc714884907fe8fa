"""Builders that turn public source data (USDA SR26, recipe markdown) into packs."""


class SourceError(ValueError):
    """Source data a builder cannot use; the message says which file (and line) and why."""
