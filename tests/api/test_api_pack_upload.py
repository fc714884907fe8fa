"""`POST /api/v1/catalog/packs`: the admin uploads an archive `simmer pack release` wrote; it
is validated as `simmer pack validate` does, stored in the packs folder the sensor watches,
and the sensor and `make plan`'s run ingest it. Bad archives are a 422 (every problem located)
or a 413, and the packs folder is left as it was."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from apiclient import ADMIN, V1, api_settings, assert_problem, create_household
from fastapi.testclient import TestClient
from packfactory import RECIPES, write_base, write_recipes

from api.main import create_app
from pipelines.definitions import build_definitions
from pipelines.plan import run_plan
from simmer.cli import main
from simmer.packs.source import pack_checksum
from simmer.settings import Settings
from simmer.warehouse import query

UPLOAD = f"{V1}/catalog/packs"
MAX_PACK_BYTES = 16_384
MAX_BODY_BYTES = 512  # below a pack archive: the upload has a limit of its own


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """The packs folder the API stores into: mini-base installed, mini-recipes not yet."""
    folder = tmp_path / "home" / "packs"
    write_base(folder)
    return folder


@pytest.fixture
def client(database_url: str, tmp_path: Path, packs: Path) -> Iterator[TestClient]:
    settings = api_settings(
        database_url,
        tmp_path / "home",
        SIMMER_MAX_PACK_BYTES=MAX_PACK_BYTES,
        SIMMER_MAX_BODY_BYTES=MAX_BODY_BYTES,
    )
    assert settings.packs_dir == packs
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def released(tmp_path: Path, **changes: object) -> Path:
    """mini-recipes released by `simmer pack release` (beside its mini-base)."""
    src = tmp_path / f"src-{len(list(tmp_path.glob('src-*')))}"
    write_base(src)
    write_recipes(src, **changes)
    out = tmp_path / "dist"
    assert main(["pack", "release", str(src / "mini-recipes"), "--out", str(out)]) == 0
    version = changes.get("version", "1.0.0")
    return out / f"mini-recipes-{version}.tar.gz"


def upload(client: TestClient, name: str, data: bytes, headers: dict[str, str] = ADMIN) -> object:
    files = {"archive": (name, data, "application/gzip")}
    return client.post(UPLOAD, files=files, headers=headers)


def listing(folder: Path) -> dict[str, bytes]:
    """Every file and folder under the packs folder (hidden ones too), with file contents."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b""
        for p in sorted(folder.rglob("*"))
    }


def test_uploaded_release_is_stored_and_ingested_by_the_sensor_and_the_plan(
    client: TestClient,
    packs: Path,
    tmp_path: Path,
    simmer_home: Path,
    serving_database: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    archive = released(tmp_path)
    data = archive.read_bytes()
    assert len(data) > MAX_BODY_BYTES
    response = upload(client, archive.name, data)
    assert response.status_code == 201, response.text
    stored = packs / "mini-recipes-1.0.0.tar.gz"
    body = response.json()
    assert (body["name"], body["version"], body["path"]) == ("mini-recipes", "1.0.0", str(stored))
    assert stored.read_bytes() == data
    assert body["archive_sha256"] == hashlib.sha256(data).hexdigest()
    assert body["checksum"] == pack_checksum(stored) and body["replaced"] == []
    assert "sensor" in body["ingestion"]
    assert sorted(p.name for p in packs.iterdir()) == ["mini-base", stored.name]
    again = upload(client, archive.name, data)
    assert again.status_code == 200 and again.json() == body

    monkeypatch.setenv("SIMMER_PACKS", str(packs))
    settings = Settings()
    defs = build_definitions(settings)
    sensor = defs.resolve_sensor_def("pack_change_sensor")
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(
            instance=instance, definitions=defs, resources=defs.resources
        )
        request = sensor(context)
        assert isinstance(request, dg.RunRequest)
        assert "mini-recipes" in request.tags["simmer/changed_packs"].split(",")
        run = run_plan(settings, instance)
        assert run.success, run.failure
        assert "mini-recipes" in run.changed_packs
        assert isinstance(sensor(context), dg.SkipReason)
    recipes = query(settings.warehouse_path, "SELECT slug, pack FROM recipes ORDER BY slug")
    assert recipes == [("crepes", "mini-recipes"), ("pancakes", "mini-recipes")]


def test_a_new_version_replaces_the_uploaded_one(
    client: TestClient, packs: Path, tmp_path: Path
) -> None:
    first = released(tmp_path)
    assert upload(client, first.name, first.read_bytes()).status_code == 201
    second = released(tmp_path, version="1.0.1")
    response = upload(client, second.name, second.read_bytes())
    assert response.status_code == 201, response.text
    assert response.json()["replaced"] == [str(packs / first.name)]
    assert sorted(p.name for p in packs.iterdir()) == ["mini-base", second.name]


def test_other_content_under_an_installed_name_and_version_is_a_409(
    client: TestClient, packs: Path, tmp_path: Path
) -> None:
    first = released(tmp_path)
    assert upload(client, first.name, first.read_bytes()).status_code == 201
    before = listing(packs)
    changed = released(tmp_path, recipes=[{**RECIPES[0], "title": "Fluffy pancakes"}])
    problem = assert_problem(upload(client, changed.name, changed.read_bytes()), 409)
    assert "mini-recipes-1.0.0.tar.gz is already installed with other content" in problem["detail"]
    assert listing(packs) == before


def tar_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def folder_members(folder: Path, top: str) -> dict[str, bytes]:
    return {f"{top}/{p.name}": p.read_bytes() for p in sorted(folder.iterdir())}


def test_every_problem_is_a_422_naming_file_line_and_field(
    client: TestClient, packs: Path, tmp_path: Path
) -> None:
    write_recipes(tmp_path / "src")
    members = folder_members(tmp_path / "src" / "mini-recipes", "mini-recipes-1.0.0")
    lines = members["mini-recipes-1.0.0/recipes.jsonl"].decode().splitlines()
    lines[1] = json.dumps({**json.loads(lines[1]), "servings": "two"})
    members["mini-recipes-1.0.0/recipes.jsonl"] = ("\n".join(lines) + "\n").encode()
    before = listing(packs)
    problem = assert_problem(upload(client, "edited.tar.gz", tar_of(members)), 422)
    assert {(e["location"], e["message"]) for e in problem["errors"]} == {
        (
            "recipes.jsonl",
            "recipes.jsonl changed since pack.json was sealed; run `simmer pack seal`",
        ),
        ("recipes.jsonl:2:servings", "Input should be a valid integer"),
    }
    assert listing(packs) == before


@pytest.mark.parametrize(
    ("data", "location", "message"),
    [
        (
            tar_of({"../escape.txt": b"out of the pack"}),
            "upload.tar.gz!../escape.txt",
            "archive member escapes the pack with '..'",
        ),
        (b"PK\x03\x04 a zip, not a gzip", "upload.tar.gz", "unreadable or truncated archive"),
        (tar_of({"README.md": b"# no manifest"}), "upload.tar.gz", "no pack.json"),
    ],
    ids=["path traversal", "not gzip", "no manifest"],
)
def test_a_bad_archive_is_a_422_and_changes_nothing(
    client: TestClient, packs: Path, data: bytes, location: str, message: str
) -> None:
    before = listing(packs)
    problem = assert_problem(upload(client, "upload.tar.gz", data), 422)
    [error] = problem["errors"]
    assert error["location"] == location and message in error["message"]
    assert listing(packs) == before


def test_an_archive_over_the_upload_limit_is_a_413(client: TestClient, packs: Path) -> None:
    before = listing(packs)
    problem = assert_problem(upload(client, "big.tar.gz", b"\x1f\x8b" * MAX_PACK_BYTES), 413)
    assert str(MAX_PACK_BYTES) in problem["detail"]
    assert listing(packs) == before


def test_only_the_admin_uploads(client: TestClient, packs: Path, tmp_path: Path) -> None:
    archive = released(tmp_path).read_bytes()
    household = create_household(client)
    before = listing(packs)
    assert_problem(upload(client, "a.tar.gz", archive, household.headers), 403)
    assert_problem(upload(client, "a.tar.gz", archive, {}), 401)
    assert listing(packs) == before
