"""Tokens: minted by the admin (shown once, stored hashed), revoked by the admin or the
household, and a revoked token stops working on the very next request."""

from __future__ import annotations

import hashlib
import uuid

from apiclient import ADMIN, V1, assert_problem, create_household
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from simmer.store.models import ApiToken, AuditEvent


def test_a_minted_token_works_and_only_its_hash_is_stored(
    client: TestClient, engine: Engine
) -> None:
    created = create_household(client)
    response = client.post(
        f"{V1}/households/{created.id}/tokens", json={"label": "phone"}, headers=ADMIN
    )
    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    minted = response.json()
    assert minted["household_id"] == created.id and minted["label"] == "phone"
    headers = {"Authorization": f"Bearer {minted['token']}"}
    assert client.get(f"{V1}/households/{created.id}", headers=headers).status_code == 200
    with engine.connect() as connection:
        stored = connection.execute(
            select(ApiToken.token_sha256).where(ApiToken.id == uuid.UUID(minted["id"]))
        ).scalar_one()
    assert stored == hashlib.sha256(minted["token"].encode()).digest()


def test_a_revoked_token_stops_at_once_and_revoking_is_audited(
    client: TestClient, engine: Engine
) -> None:
    created = create_household(client)
    second = client.post(f"{V1}/households/{created.id}/tokens", json={}, headers=ADMIN).json()
    url = f"{V1}/households/{created.id}/tokens/{created.token_id}"
    assert client.delete(url, headers=created.headers).status_code == 204  # revokes itself
    assert_problem(client.get(f"{V1}/households/{created.id}", headers=created.headers), 401)
    assert client.delete(url, headers=ADMIN).status_code == 204  # twice is harmless
    other = {"Authorization": f"Bearer {second['token']}"}
    assert client.get(f"{V1}/households/{created.id}", headers=other).status_code == 200
    with engine.connect() as connection:
        actions = connection.execute(
            select(AuditEvent.action, AuditEvent.actor)
            .where(AuditEvent.household_id == uuid.UUID(created.id))
            .order_by(AuditEvent.id)
        ).all()
    assert [a for a, _ in actions] == [
        "household.created",
        "token.minted",
        "token.minted",
        "token.revoked",
    ]
    assert actions[-1].actor == f"token:{created.token_id}"


def test_minting_for_a_missing_household_is_a_404(client: TestClient) -> None:
    url = f"{V1}/households/{uuid.uuid4()}/tokens"
    assert_problem(client.post(url, headers=ADMIN), 404)
    assert_problem(client.post(url, json={}, headers=ADMIN), 404)
    created = create_household(client)
    long_label = {"label": "x" * 101}
    url = f"{V1}/households/{created.id}/tokens"
    problem = assert_problem(client.post(url, json=long_label, headers=ADMIN), 422)
    assert problem["errors"][0]["location"] == "body.label"
    assert client.post(url, headers=ADMIN).status_code == 201
