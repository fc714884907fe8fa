"""The pack sensor: re-ingest what changed under packs/, and everything downstream of it.

A sensor rather than declarative automation because packs change out of band (a `git pull`,
a maintainer dropping in an archive): the sensor hashes the files themselves and asks for a run
only when a checksum differs from the one last ingested. The run key is the changed packs'
checksums and the runs that last ingested them: a change is requested once (ticks while its
run waits in the queue ask again under the same key, which Dagster drops), and a pack changed
back to content it had before is a new key, so it is ingested again.
"""

import hashlib

import dagster as dg

from assets.packs import pack_key
from assets.planning import PLANNING_GROUP
from assets.resources import SimmerHome
from pipelines.changes import changed_packs
from simmer.packs.source import pack_sources


@dg.sensor(
    minimum_interval_seconds=60,
    target=dg.AssetSelection.all() - dg.AssetSelection.groups(PLANNING_GROUP),
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def pack_change_sensor(
    context: dg.SensorEvaluationContext, simmer: SimmerHome
) -> dg.RunRequest | dg.SkipReason:
    changed = changed_packs(context.instance, pack_sources(simmer.packs))
    if not changed:
        return dg.SkipReason("every pack is ingested at its current checksum")
    # the planning assets are partitioned by (week, zone): the Sunday schedule plans them
    selection = dg.AssetSelection.assets(
        *(pack_key(source) for source in changed)
    ).downstream() - dg.AssetSelection.groups(PLANNING_GROUP)
    repository = context.repository_def
    assert repository is not None, "a sensor is evaluated inside its code location"
    keys = sorted(selection.resolve(repository.asset_graph), key=lambda k: k.to_user_string())
    state = sorted(
        (str(source.path), change.checksum, change.last_ingestion_run or "")
        for source, change in changed.items()
    )
    run_key = hashlib.sha256(repr(state).encode()).hexdigest()[:16]
    return dg.RunRequest(
        run_key=run_key,
        asset_selection=keys,
        tags={"simmer/changed_packs": ",".join(sorted(source.name for source in changed))},
    )
