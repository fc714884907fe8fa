"""The committed recipes pack README reports the coverage of the committed pack."""

from __future__ import annotations

from pathlib import Path

from simmer.sources.pack_report import coverage_figures, coverage_markdown

PACKS = Path(__file__).resolve().parents[2] / "packs"


def test_recipes_readme_coverage_is_current() -> None:
    expected = coverage_markdown(coverage_figures(PACKS / "public-domain-recipes", PACKS))
    readme = (PACKS / "public-domain-recipes" / "README.md").read_text(encoding="utf-8")
    assert expected in readme, (
        "run `uv run simmer pack coverage packs/public-domain-recipes --update-readme`"
    )
