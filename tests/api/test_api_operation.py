"""Operation: ETags and 304s, Cache-Control, write rate limits (429), the body limit (413),
CORS, request ids on every log line and response, never a token in the logs."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import ADMIN, V1, api_settings, assert_problem, create_household
from fastapi.testclient import TestClient

from api.logs import JsonFormatter
from api.main import create_app


def test_get_has_an_etag_and_if_none_match_gives_304(client: TestClient) -> None:
    created = create_household(client)
    url = f"{V1}/households/{created.id}"
    first = client.get(url, headers=created.headers)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = client.get(url, headers={**created.headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    client.put(f"{url}/preferences", json={"diet": "vegan"}, headers=created.headers)
    changed = client.get(url, headers={**created.headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_catalog_is_publicly_cacheable_and_revalidates(client: TestClient) -> None:
    first = client.get(f"{V1}/recipes", headers=ADMIN)
    assert first.headers["cache-control"] == "public, max-age=300"
    etag = first.headers["etag"]
    assert client.get(f"{V1}/recipes", headers={**ADMIN, "If-None-Match": etag}).status_code == 304
    other = client.get(f"{V1}/recipes?tag=sweet&limit=1", headers={**ADMIN, "If-None-Match": etag})
    assert other.status_code == 200


def test_errors_carry_no_etag(client: TestClient) -> None:
    response = client.get(f"{V1}/recipes/nope", headers=ADMIN)
    assert response.status_code == 404 and "etag" not in response.headers


@pytest.fixture
def limited(database_url: str, tmp_path: Path, published_catalog: None) -> Iterator[TestClient]:
    settings = api_settings(database_url, tmp_path, SIMMER_WRITES_PER_MINUTE=3)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_writes_over_the_rate_are_429_with_retry_after(limited: TestClient) -> None:
    created = create_household(limited)  # the admin's first write
    url = f"{V1}/households/{created.id}/preferences"
    statuses = [limited.put(url, json={}, headers=created.headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = limited.put(url, json={}, headers=created.headers)
    problem = assert_problem(response, 429)
    assert int(response.headers["retry-after"]) >= 1 and problem["detail"]
    # reads are not limited, and the admin has its own bucket
    assert limited.get(f"{V1}/households/{created.id}", headers=created.headers).status_code == 200
    assert create_household(limited).id


def test_a_body_over_the_limit_is_413(database_url: str, tmp_path: Path) -> None:
    settings = api_settings(database_url, tmp_path, SIMMER_MAX_BODY_BYTES=1000)
    with TestClient(create_app(settings)) as small:
        created = create_household(small)
        url = f"{V1}/households/{created.id}/preferences"
        body = {"dislikes": ["salt"] * 400}
        assert_problem(small.put(url, json=body, headers=created.headers), 413)

        def chunks() -> Iterator[bytes]:
            yield b'{"dislikes": ['
            yield b'"salt",' * 300
            yield b'"salt"]}'

        streamed = small.put(
            url, content=chunks(), headers={**created.headers, "Content-Type": "application/json"}
        )
        assert_problem(streamed, 413)
        unchanged = small.get(f"{V1}/households/{created.id}", headers=created.headers).json()
        assert unchanged["preferences"]["dislikes"] == []


def test_cors_allows_only_the_configured_origins(database_url: str, tmp_path: Path) -> None:
    settings = api_settings(database_url, tmp_path, SIMMER_CORS_ORIGINS="https://app.example")
    with TestClient(create_app(settings)) as cors:
        preflight = {"Access-Control-Request-Method": "PUT"}
        allowed = cors.options(
            f"{V1}/households", headers={"Origin": "https://app.example", **preflight}
        )
        assert allowed.headers["access-control-allow-origin"] == "https://app.example"
        denied = cors.options(
            f"{V1}/households", headers={"Origin": "https://evil.example", **preflight}
        )
        assert "access-control-allow-origin" not in denied.headers


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("simmer.api")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_every_log_line_has_the_request_id_and_no_token(
    client: TestClient, log_lines: io.StringIO
) -> None:
    created = create_household(client)
    response = client.get(
        f"{V1}/households/{created.id}", headers={**created.headers, "X-Request-ID": "trace-42"}
    )
    assert response.headers["x-request-id"] == "trace-42"
    generated = client.get(f"{V1}/recipes/nope", headers=ADMIN).headers["x-request-id"]
    assert len(generated) == 32
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert lines and all(line["request_id"] for line in lines)
    requests = {line["request_id"]: line for line in lines if line["message"] == "request"}
    assert requests["trace-42"]["status"] == 200
    assert requests[generated]["status"] == 404
    text = log_lines.getvalue()
    assert created.token not in text and "test-admin-token" not in text
