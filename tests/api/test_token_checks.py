"""The coalesced token checks (`api.token_checks`) on the real PostgreSQL: checks answered in
one batch each get their own answer (a live token's household, a revoked or unknown token's
None, a plan's version only for its own household), and concurrent requests through the app
each get their own status."""

from __future__ import annotations

import asyncio
import hashlib
import random
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from apiclient import (
    ADMIN,
    V1,
    HouseholdAccess,
    api_settings,
    create_household,
    planned_household,
    publish_lake_catalog,
)
from fastapi.testclient import TestClient

from api.main import create_app
from api.reader import Reader
from api.token_checks import TokenAccess, TokenCheck, token_checks


@pytest.fixture(scope="module")
def households(
    database_url: str, planning_lake: Path
) -> tuple[HouseholdAccess, dict[str, Any], HouseholdAccess, str]:
    """A household with a plan, another household, and a revoked token of the first."""
    publish_lake_catalog(planning_lake, database_url)
    settings = api_settings(database_url, planning_lake.parent)
    with TestClient(create_app(settings)) as client:
        planned, plan = planned_household(client, name="Checked planners")
        other = create_household(client, name="Checked neighbours")
        url = f"{V1}/households/{planned.id}/tokens"
        revoked = client.post(url, json={}, headers=ADMIN).json()
        assert client.delete(f"{url}/{revoked['id']}", headers=ADMIN).status_code == 204
    return planned, plan, other, revoked["token"]


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def test_checks_in_one_batch_each_get_their_own_answer(
    database_url: str, households: tuple[HouseholdAccess, dict[str, Any], HouseholdAccess, str]
) -> None:
    planned, plan, other, revoked = households
    plan_id, missing = uuid.UUID(plan["id"]), uuid.uuid4()
    checks = [
        TokenCheck(_digest(planned.token), plan_id),
        TokenCheck(_digest(other.token), plan_id),
        TokenCheck(_digest(revoked), plan_id),
        TokenCheck(_digest("sim_never-minted"), None),
        TokenCheck(_digest(planned.token), missing),
        TokenCheck(_digest(other.token), None),
    ]

    async def check_all() -> list[TokenAccess | None]:
        reader = Reader(lambda: database_url, size=1)
        try:
            checked = token_checks(reader, max_in_flight=1)
            return list(await asyncio.gather(*(checked(check) for check in checks)))
        finally:
            await reader.close()

    own, neighbours, revoked_access, unknown, missing_plan, other_alone = asyncio.run(check_all())
    assert own is not None and own.plan_version is not None
    assert (str(own.household_id), str(own.token_id)) == (planned.id, planned.token_id)
    assert own.plan_version[2] == plan["status"]
    assert neighbours is not None and neighbours.plan_version is None
    assert str(neighbours.household_id) == other.id
    assert revoked_access is None and unknown is None
    assert missing_plan is not None and missing_plan.plan_version is None
    assert other_alone == neighbours


def test_concurrent_requests_each_get_their_own_status(
    database_url: str,
    tmp_path: Path,
    households: tuple[HouseholdAccess, dict[str, Any], HouseholdAccess, str],
) -> None:
    planned, plan, other, revoked = households
    own_plan, missing_plan = f"{V1}/plans/{plan['id']}", f"{V1}/plans/{uuid.uuid4()}"
    expected = [
        (own_plan, planned.token, 200),
        (own_plan, other.token, 404),
        (own_plan, revoked, 401),
        (missing_plan, planned.token, 404),
        (f"{V1}/households/{other.id}", other.token, 200),
        (f"{V1}/households/{other.id}", planned.token, 404),
        (own_plan, ADMIN["Authorization"].removeprefix("Bearer "), 200),
    ] * 12
    random.Random(7).shuffle(expected)
    app = create_app(api_settings(database_url, tmp_path))

    async def request_all() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
                answers = await asyncio.gather(
                    *(
                        client.get(path, headers={"Authorization": f"Bearer {token}"})
                        for path, token, _ in expected
                    )
                )
        finally:
            await app.state.reader.close()
        return [answer.status_code for answer in answers]

    assert asyncio.run(request_all()) == [status for _, _, status in expected]
