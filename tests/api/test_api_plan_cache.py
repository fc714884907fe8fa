"""The serialized-plan cache of `GET /plans/{id}` (`api.plans.documents`): a cached body is
served only at the version it was read at (approving and re-planning change body and ETag),
the token is checked on every request (revoked: 401; another household: 404), and the cache
keeps at most its bound, dropping the plan used least recently."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from apiclient import ADMIN, V1, HouseholdAccess, assert_problem, generate_plan, planned_household
from fastapi.testclient import TestClient

from api.plans.documents import Document, PlanDocuments


@pytest.fixture
def client(planning_client: TestClient) -> TestClient:
    return planning_client


def _read(client: TestClient, plan: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.get(f"{V1}/plans/{plan['id']}", headers=headers)


def _cached(client: TestClient, household: HouseholdAccess, plan: dict[str, Any]) -> Any:
    """The plan read twice by its household: the second answer comes from the cache."""
    first = _read(client, plan, household.headers)
    assert first.status_code == 200, first.text
    again = _read(client, plan, household.headers)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    return again


def test_approving_changes_the_cached_body_and_its_etag(client: TestClient) -> None:
    household, plan = planned_household(client, name="Cached approvers")
    before = _cached(client, household, plan)
    assert before.json()["status"] == "proposed"
    approve = client.post(f"{V1}/plans/{plan['id']}/approve", headers=household.headers)
    assert approve.status_code == 200, approve.text
    after = _read(client, plan, {**household.headers, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert after.json() == approve.json() and after.json()["status"] == "approved"
    unchanged = _read(client, plan, {**household.headers, "If-None-Match": after.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.headers["etag"] == after.headers["etag"]


def test_replanning_with_new_content_changes_the_cached_body(client: TestClient) -> None:
    household, plan = planned_household(client, name="Cached replanners")
    before = _cached(client, household, plan)
    kept = next(m for m in plan["meals"] if not m["leftover"])
    replanned = generate_plan(client, household, keep=[{"day": kept["day"], "slot": kept["slot"]}])
    assert replanned.status_code == 201, replanned.text
    after = _read(client, plan, household.headers)
    assert after.json() == replanned.json() != before.json()
    assert after.headers["etag"] != before.headers["etag"]


def test_the_token_is_checked_even_when_the_body_is_cached(client: TestClient) -> None:
    household, plan = planned_household(client, name="Cached and revoked")
    _cached(client, household, plan)
    other, _ = planned_household(client, name="Cached neighbours")
    assert_problem(_read(client, plan, other.headers), 404)  # as a missing plan (isolation)
    assert _read(client, plan, ADMIN).content == _read(client, plan, household.headers).content
    revoke = f"{V1}/households/{household.id}/tokens/{household.token_id}"
    assert client.delete(revoke, headers=ADMIN).status_code == 204
    assert_problem(_read(client, plan, household.headers), 401)


def _document(published: int, body: bytes = b"{}") -> Document:
    return Document.of((datetime.fromtimestamp(published, UTC), None, "proposed"), body)


def test_the_cache_keeps_its_bound_dropping_the_least_recently_used() -> None:
    documents = PlanDocuments(max_entries=2)
    first, second, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    documents.put(first, _document(1))
    documents.put(second, _document(1))
    assert documents.get(first, _document(1).version) is not None  # first is now the latest
    documents.put(third, _document(1))
    assert len(documents) == 2
    assert documents.get(second, _document(1).version) is None  # dropped
    assert documents.get(first, _document(1).version) == _document(1)
    assert documents.get(first, _document(2).version) is None  # another version: a miss
