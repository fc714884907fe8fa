"""`/api/v1/recipes` and `/api/v1/ingredients`: the catalog, to any valid token. The same for
every caller, so cacheable by shared caches for a few minutes. A recipe's export in other
apps' formats; `POST /api/v1/catalog/packs`: the admin installs a pack archive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Query, Response, UploadFile

from api.catalog import service
from api.catalog.schemas import InstalledPackOut, ReadIngredient, ReadRecipe, ReadRecipeSummary
from api.deps import WRITE_LIMIT, AdminDep, PrincipalDep, SessionDep, SettingsDep
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor
from api.problems import responses
from simmer.interchange.export import Format
from simmer.packs.install import PackConflict
from simmer.packs.schema import Allergen, Diet

CATALOG_CACHE = "public, max-age=300"
PACK_UPLOAD_PATH = "/catalog/packs"
router = APIRouter(tags=["catalog"], responses=responses(401, 422))
TagQuery = Annotated[str, Query(max_length=100)]


@router.get("/recipes")
def list_recipes(
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
    tag: Annotated[list[TagQuery], Query(description="every tag must be present")] = [],  # noqa: B006
    diet: Diet | None = None,
    free_of: Annotated[
        list[Allergen], Query(description="known free of these (an unknown status is not free)")
    ] = [],  # noqa: B006
    max_time_min: Annotated[int | None, Query(gt=0, le=10_000)] = None,
    max_kcal_per_serving: Annotated[float | None, Query(gt=0, le=100_000)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ReadRecipeSummary]:
    response.headers["Cache-Control"] = CATALOG_CACHE
    where = service.RecipeFilter(tag, diet, free_of, max_time_min, max_kcal_per_serving)
    return service.list_recipes(session, where, decode_cursor(cursor), limit)


@router.get("/recipes/{slug}", responses=responses(404))
def read_recipe(
    slug: str,
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
) -> ReadRecipe:
    recipe = service.get_recipe(session, slug)
    if recipe is None:
        raise HTTPException(404, f"no recipe {slug!r}")
    response.headers["Cache-Control"] = CATALOG_CACHE
    return recipe


@router.get(
    "/recipes/{slug}/export",
    response_class=Response,
    responses={
        200: {
            "description": "the recipe's file (also sent as an attachment's file name)",
            "content": {media: {} for media in service.EXPORT_MEDIA_TYPES.values()},
        },
        **responses(404, 503),
    },
)
def export_recipe(
    slug: str,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[
        Format,
        Query(
            alias="format",
            description="schema-org (JSON-LD), mealie (the zip its import reads) or "
            "cronometer (Simmer's own Cronometer-ready text, not an official format)",
        ),
    ],
) -> Response:
    """The recipe as `simmer recipe export` writes it, with Simmer's computed nutrition."""
    try:
        export = service.export_recipe(session, settings.lake_dir, slug, form)
    except service.ExportUnavailable as error:
        raise HTTPException(503, str(error)) from None
    if export is None:
        raise HTTPException(404, f"no recipe {slug!r}")
    disposition = f'attachment; filename="{export.file_name}"'
    headers = {"Cache-Control": CATALOG_CACHE, "Content-Disposition": disposition}
    return Response(export.body, media_type=export.media_type, headers=headers)


@router.post(
    PACK_UPLOAD_PATH,
    status_code=201,
    dependencies=[WRITE_LIMIT],
    responses={
        200: {"description": "this very pack was installed already", "model": InstalledPackOut},
        **responses(403, 409, 413, 429),
    },
)
def upload_pack(
    admin: AdminDep,
    settings: SettingsDep,
    response: Response,
    archive: Annotated[
        UploadFile, File(description="a pack archive (.tar.gz) as `simmer pack release` writes")
    ],
) -> InstalledPackOut:
    """Validate the archive as `simmer pack validate` does (a 422 lists every problem as
    `file:line:field`, nothing written) and store it in the packs folder as
    `NAME-VERSION.tar.gz`, where the pack change sensor ingests it. The same pack again is a
    200; other content under an installed name and version is a 409."""
    response.headers["Cache-Control"] = "no-store"
    try:
        installed, created = service.install_pack(
            archive.file, archive.filename or "upload.tar.gz", settings.packs_dir
        )
    except PackConflict as error:
        raise HTTPException(409, str(error)) from None
    if not created:
        response.status_code = 200
    return installed


@router.get("/ingredients")
def list_ingredients(
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
    tag: TagQuery | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ReadIngredient]:
    response.headers["Cache-Control"] = CATALOG_CACHE
    return service.list_ingredients(session, tag, decode_cursor(cursor), limit)
