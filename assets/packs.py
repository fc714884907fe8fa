"""One observable source and one ingestion asset per pack found in the packs folder.

A pack is named by its manifest (`simmer.packs.source.pack_sources` owns the rule); its asset
key is `pack/<ident>`, the name as an identifier. The source's data version is the pack's
content checksum; the ingestion asset validates the pack and stages its tables in the lake,
recording the checksum it ingested. A pack whose checksum is already staged is not ingested
again. A pack that cannot be named (two packs claiming one name, an unreadable manifest) still
has its assets, whose ingestion fails saying why: the other packs load and run.
"""

import warnings

import dagster as dg

from assets.resources import SimmerHome
from simmer.catalog import find_staged, stage_pack
from simmer.packs.source import PackError, PackSource, pack_checksum
from simmer.packs.validate import load_pack

PACK_GROUP = "packs"
SOURCE_SUFFIX = "_source"


def pack_key(source: PackSource) -> dg.AssetKey:
    return dg.AssetKey(["pack", source.ident])


def pack_source_key(source: PackSource) -> dg.AssetKey:
    return dg.AssetKey(["pack", source.ident + SOURCE_SUFFIX])


def pack_definitions(sources: list[PackSource]) -> list[dg.AssetsDefinition | dg.SourceAsset]:
    return [d for source in sources for d in _pack_pair(source)]


def rejected(source: PackSource, error: PackError) -> dg.Failure:
    return dg.Failure(
        description=f"pack {source.name} ({source.path.name}) rejected, lake unchanged\n{error}"
    )


def _pack_pair(source: PackSource) -> list[dg.AssetsDefinition | dg.SourceAsset]:
    name, path = source.name, source.path

    def observe() -> dg.DataVersion:
        return dg.DataVersion(pack_checksum(path))

    with warnings.catch_warnings():  # observable sources are beta in Dagster 1.13, knowingly used
        warnings.simplefilter("ignore", dg.BetaWarning)
        observable = dg.observable_source_asset(
            key=pack_source_key(source),
            group_name=PACK_GROUP,
            description=f"The files of pack {name} ({path.name}); data version = content checksum.",
        )(observe)

    @dg.asset(
        key=pack_key(source),
        deps=[observable.key],
        group_name=PACK_GROUP,
        description=f"Pack {name}, validated and staged in the lake.",
        check_specs=[dg.AssetCheckSpec("checksum_match", asset=pack_key(source))],
        pool="lake",
    )
    def ingest(  # Dagster matches the bare MaterializeResult class in this annotation
        context: dg.AssetExecutionContext, simmer: SimmerHome
    ) -> dg.MaterializeResult:  # type: ignore[type-arg]
        try:
            if source.problems:
                raise PackError(list(source.problems))
            checksum = pack_checksum(path)
            staged = find_staged(simmer.lake_dir, name, checksum)
            reused = staged is not None
            if staged is None:
                staged = stage_pack(load_pack(path, simmer.packs), checksum, simmer.lake_dir)
        except PackError as error:
            raise rejected(source, error) from error
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

    return [observable, ingest]
