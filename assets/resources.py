"""Dagster resources the assets and the sensor take: where Simmer keeps its state.

Defined here, below the assets that use them; `pipelines.definitions` only binds them
(`SimmerHome.from_settings`) to the environment's settings.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from simmer.settings import Settings


class SimmerHome(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The state folder (lake, warehouse, reports) and the packs folder the pipeline reads."""

    simmer_home: str
    packs_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> SimmerHome:
        return cls(simmer_home=str(settings.home), packs_dir=str(settings.packs_dir.resolve()))

    @property
    def settings(self) -> Settings:
        return Settings(SIMMER_HOME=Path(self.simmer_home), SIMMER_PACKS=Path(self.packs_dir))

    @property
    def lake_dir(self) -> Path:
        return self.settings.lake_dir

    @property
    def packs(self) -> Path:
        return Path(self.packs_dir).resolve()
