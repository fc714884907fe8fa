"""Recipes in and out: importing other apps' exports into a pack, exporting recipes to them."""
