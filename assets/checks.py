"""Asset check results from `simmer` check outcomes (the checks themselves live in `simmer/`)."""

import dagster as dg

from simmer.recipe_analysis import CheckOutcome


def check_result(check: str, asset: dg.AssetKey, outcome: CheckOutcome) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name=check,
        passed=outcome.passed,
        description=outcome.summary,
        metadata=dict(outcome.details),
    )
