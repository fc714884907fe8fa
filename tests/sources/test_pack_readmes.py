"""The committed recipes packs' READMEs report the coverage of the committed packs."""

from __future__ import annotations

from pathlib import Path

import pytest

from simmer.sources.pack_report import coverage_figures, coverage_markdown

PACKS = Path(__file__).resolve().parents[2] / "packs"


@pytest.mark.parametrize(
    "pack", ["public-domain-recipes", "usda-myplate-kitchen", "wikibooks-cookbook"]
)
def test_recipes_readme_coverage_is_current(pack: str) -> None:
    expected = coverage_markdown(coverage_figures(PACKS / pack, PACKS))
    readme = (PACKS / pack / "README.md").read_text(encoding="utf-8")
    assert expected in readme, f"run `uv run simmer pack coverage packs/{pack} --update-readme`"
