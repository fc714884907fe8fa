"""The committed OpenAPI document is the app's; fuzzing from it (schemathesis, bounded) finds
no 5xx and no error that is not a problem document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from apiclient import ADMIN, HouseholdAccess, api_settings, create_household, generate_plan
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.main import create_app
from api.openapi import OPENAPI_FILE, openapi_text
from api.problems import PROBLEM_JSON

FUZZ_EXAMPLES = 20
FUZZ_CASES_KEY = pytest.StashKey[list[int]]()


def test_committed_openapi_document_matches_the_app() -> None:
    assert OPENAPI_FILE.read_text(encoding="utf-8") == openapi_text(create_app()), (
        "api/openapi.json is stale: run `uv run python -m api.openapi` and commit it"
    )


@pytest.fixture(scope="module")
def fuzz_target(database_url: str, example_lake: Path) -> tuple[Any, HouseholdAccess, str]:
    """The app beside the example lake (so exports of its recipes answer), a household and
    its plan for the week (infeasible on two recipes, but a plan the plan routes find)."""
    app = create_app(api_settings(database_url, example_lake.parent))
    with TestClient(app) as client:
        household = create_household(client, name="Fuzzed")
        plan = generate_plan(client, household, headers=ADMIN)
        assert plan.status_code == 201, plan.text
    return app, household, plan.json()["id"]


SCHEMA = schemathesis.openapi.from_path(OPENAPI_FILE)
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
DOCUMENT = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


def _takes_input(label: str) -> bool:
    method, path = label.split(" ", 1)
    spec = DOCUMENT["paths"][path][method.lower()]
    return bool(spec.get("parameters") or spec.get("requestBody"))


# negative cases (data the schema forbids) only where there is input to get wrong
FUZZED = [
    (label, mode)
    for label in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or _takes_input(label)
]


def problem_documents(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx and 5xx is an RFC 7807 problem document with its status."""
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])
        assert PROBLEM_JSON in content_type[0], f"{response.status_code} is not {PROBLEM_JSON}"
        assert response.json()["status"] == response.status_code
    return None


@pytest.mark.parametrize(("label", "mode"), FUZZED)
def test_fuzzing_finds_no_server_error(
    label: str,
    mode: GenerationMode,
    fuzz_target: tuple[Any, HouseholdAccess, str],
    published_catalog: None,
    request: pytest.FixtureRequest,
) -> None:
    """The admin on the fuzzed household, its plan and an example recipe (so routes get past
    the 404), up to FUZZ_EXAMPLES generated requests per operation and mode, derandomized."""
    app, household, plan_id = fuzz_target
    operation = OPERATIONS[label]
    known = {"household_id": household.id, "plan_id": plan_id, "slug": "pancakes"}
    fixed = {name: value for name, value in known.items() if f"{{{name}}}" in operation.path}
    cases: list[int] = request.config.stash.setdefault(FUZZ_CASES_KEY, [])

    @given(case=operation.as_strategy(mode, path_parameters=fixed))
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def fuzz(case: Any) -> None:
        checks = [not_a_server_error, problem_documents]
        case.call_and_validate(app=app, headers=ADMIN, checks=checks)
        cases.append(1)

    fuzz()
