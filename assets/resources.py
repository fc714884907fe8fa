"""Dagster resources: where Simmer keeps its state, fed from the environment."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from simmer.settings import Settings


class SimmerHome(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The state folder (lake, warehouse) and the packs folder the pipeline reads."""

    simmer_home: str
    packs_dir: str

    @property
    def settings(self) -> Settings:
        return Settings(SIMMER_HOME=Path(self.simmer_home), SIMMER_PACKS=Path(self.packs_dir))

    @property
    def lake_dir(self) -> Path:
        return self.settings.lake_dir

    @property
    def packs(self) -> Path:
        return Path(self.packs_dir).resolve()


def default_resources(settings: Settings) -> dict[str, object]:
    return {
        "simmer": SimmerHome(
            simmer_home=str(settings.home), packs_dir=str(settings.packs_dir.resolve())
        )
    }
