"""Packs: the format (schema), reading and validating them, and writing them (builders)."""
