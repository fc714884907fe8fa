"""One observable source and one ingestion asset per pack found in the packs folder.

The source's data version is the pack's content checksum; the ingestion asset validates the
pack and stages its tables in the lake, recording the checksum it ingested. A pack whose
checksum is already staged is not ingested again.
"""

import re
import warnings
from pathlib import Path

import dagster as dg

from assets.resources import SimmerHome
from simmer.catalog import find_staged, stage_pack
from simmer.packs.source import PackError, discover_packs, pack_checksum
from simmer.packs.validate import load_pack

PACK_GROUP = "packs"
SOURCE_SUFFIX = "_source"


def pack_name(path: Path) -> str:
    return re.sub(r"\.(tar\.gz|tgz)$", "", path.name)


def pack_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["pack", re.sub(r"[^A-Za-z0-9_]", "_", name)])


def pack_source_key(name: str) -> dg.AssetKey:
    key = pack_key(name)
    return dg.AssetKey([*key.path[:-1], key.path[-1] + SOURCE_SUFFIX])


def pack_definitions(packs_dir: Path) -> list[dg.AssetsDefinition | dg.SourceAsset]:
    return [d for path in discover_packs(packs_dir) for d in _pack_pair(path)]


def _pack_pair(path: Path) -> list[dg.AssetsDefinition | dg.SourceAsset]:
    name = pack_name(path)

    def observe() -> dg.DataVersion:
        return dg.DataVersion(pack_checksum(path))

    with warnings.catch_warnings():  # observable sources are beta in Dagster 1.13, knowingly used
        warnings.simplefilter("ignore", dg.BetaWarning)
        source = dg.observable_source_asset(
            key=pack_source_key(name),
            group_name=PACK_GROUP,
            description=f"The files of pack {name} ({path.name}); data version = content checksum.",
        )(observe)

    @dg.asset(
        key=pack_key(name),
        deps=[source.key],
        group_name=PACK_GROUP,
        description=f"Pack {name}, validated and staged in the lake.",
        check_specs=[dg.AssetCheckSpec("checksum_match", asset=pack_key(name))],
        pool="lake",
    )
    def ingest(  # Dagster matches the bare MaterializeResult class in this annotation
        context: dg.AssetExecutionContext, simmer: SimmerHome
    ) -> dg.MaterializeResult:  # type: ignore[type-arg]
        try:
            checksum = pack_checksum(path)
            staged = find_staged(simmer.lake_dir, name, checksum)
            reused = staged is not None
            if staged is None:
                staged = stage_pack(load_pack(path, simmer.packs), checksum, simmer.lake_dir)
        except PackError as error:
            raise dg.Failure(
                description=f"pack {name} rejected, lake unchanged\n{error}"
            ) from error
        tables = staged.tables()
        context.log.info(
            f"pack {name}: {'already staged' if reused else 'ingested'} ({checksum[:12]})"
        )
        return dg.MaterializeResult(
            metadata={
                "checksum": checksum,
                "version": staged.manifest.version,
                "reused": reused,
                **{f"rows_{t}": dg.MetadataValue.int(f.height) for t, f in tables.items()},
            },
            data_version=dg.DataVersion(checksum),
            check_results=[
                dg.AssetCheckResult(
                    check_name="checksum_match",
                    passed=pack_checksum(path) == checksum,
                    metadata={"checksum": checksum},
                    description="the pack on disk is the one staged",
                )
            ],
        )

    return [source, ingest]
