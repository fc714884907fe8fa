"""The `simmer` command: local database, demo households, the API admin token, packs
(validate and build), reports.

Pack builds report their progress on stderr; results go to stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from simmer.households import demo_households, seed_households
from simmer.localpg import LocalPgError
from simmer.packs.jsonschema import SCHEMA_DIR, write_schemas
from simmer.packs.source import PackError
from simmer.packs.validate import load_pack
from simmer.progress import to_stderr
from simmer.settings import Settings
from simmer.sources import SourceError
from simmer.store.engine import engine_for
from simmer.store.models import Household
from simmer.tokens import ensure_admin_token_file

Command = Callable[[argparse.Namespace, Settings], int]


def db_up(args: argparse.Namespace, settings: Settings) -> int:
    if settings.database_url:
        print(settings.database_url)
        return 0
    port = args.port or settings.pg_port
    print(settings.local_cluster.up(("simmer", "simmer_dagster"), port=port))
    return 0


def db_down(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.database_url:
        settings.local_cluster.down()
    return 0


def db_url(args: argparse.Namespace, settings: Settings) -> int:
    print(settings.dagster_url() if args.dagster else settings.serving_url())
    return 0


def households_seed(args: argparse.Namespace, settings: Settings) -> int:
    engine = engine_for(settings.serving_url())
    if args.if_empty:
        with engine.connect() as connection:
            existing = connection.execute(select(func.count()).select_from(Household)).scalar_one()
        if existing:
            print(f"households: {existing} already, none seeded")
            return 0
    with engine.begin() as connection:
        inserted = seed_households(connection, demo_households(args.count, args.seed))
    print(f"households: {inserted} seeded ({args.count - inserted} were there already)")
    return 0


def admin_token(args: argparse.Namespace, settings: Settings) -> int:
    if settings.admin_token:
        print("admin token: SIMMER_ADMIN_TOKEN")
        return 0
    written = ensure_admin_token_file(settings.admin_token_file)
    print(f"admin token: {settings.admin_token_file}{' (new)' if written else ''}")
    return 0


def pack_validate(args: argparse.Namespace, settings: Settings) -> int:
    try:
        loaded = load_pack(args.path, args.packs_dir)
    except PackError as error:
        print(f"{args.path}: invalid pack, {error}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{table} {frame.height}" for table, frame in loaded.tables.items())
    print(f"{args.path}: {loaded.name} {loaded.manifest.version} is valid ({rows})")
    return 0


def pack_new(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.packs.maintain import new_pack

    manifest = new_pack(
        args.path,
        license=args.license,
        attribution=args.attribution or f"{args.path.name} maintainers",
        description=args.description or f"Recipes of {args.path.name}",
        depends=args.depends,
    )
    print(f"{args.path}: {manifest.name} {manifest.version} scaffolded (pack.json, README.md)")
    return 0


def pack_seal(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.packs.maintain import seal_pack

    manifest = seal_pack(args.path, args.bump)
    files = ", ".join(manifest.files) or "no data files yet"
    print(f"{args.path}: {manifest.name} {manifest.version} sealed ({files})")
    return 0


def pack_diff(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.packs.maintain import diff_packs

    diffs = diff_packs(args.old, args.new)
    for diff in diffs:
        print("\n".join(diff.lines()))
    if not diffs:
        print(f"{args.old} and {args.new}: no record differs")
    return 0


def pack_release(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.packs.maintain import release_pack

    archive = release_pack(args.path, args.out, args.packs_dir)
    print(f"{archive}: written and validated")
    return 0


def pack_import(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.interchange.importer import import_recipes

    reports = import_recipes(args.sources, args.into, args.packs_dir)
    for report in reports:
        print("\n".join(report.lines()))
    manifest = load_pack(args.into, args.packs_dir).manifest
    print(f"{args.into}: {manifest.name} {manifest.version} sealed and valid")
    return 0


def pack_build_usda(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.sources.usda import build_usda_pack

    manifest = build_usda_pack(args.src, args.out, progress=to_stderr())
    print(f"{args.out}: {manifest.name} {manifest.version} written")
    return 0


def pack_build_recipes(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.sources.recipes_pack import build_recipes_pack

    manifest = build_recipes_pack(args.src, args.usda, args.out, progress=to_stderr())
    print(f"{args.out}: {manifest.name} {manifest.version} written")
    return 0


def pack_build_myplate(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.sources.myplate import build_myplate_pack

    manifest = build_myplate_pack(args.src, args.packs_dir, args.out, progress=to_stderr())
    print(f"{args.out}: {manifest.name} {manifest.version} written")
    return 0


def pack_build_wikibooks(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.sources.wikibooks import build_wikibooks_pack

    manifest = build_wikibooks_pack(args.src, args.packs_dir, args.out, progress=to_stderr())
    print(f"{args.out}: {manifest.name} {manifest.version} written")
    return 0


def pack_build_vendor(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.sources.vendor_pack import build_vendor_pack

    manifest = build_vendor_pack(args.recipes, args.usda, args.out, args.count)
    print(f"{args.out}: {manifest.name} {manifest.version} written")
    return 0


def pack_coverage(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.sources.pack_report import coverage_figures, coverage_markdown, update_readme

    markdown = coverage_markdown(coverage_figures(args.path, args.packs_dir))
    print(markdown)
    if args.update_readme:
        update_readme(args.path / "README.md", markdown)
    return 0


def recipe_export(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.interchange.export import catalog_recipes, write_export

    if bool(args.slugs) == args.all:
        print("simmer: give recipe slugs or --all (not both)", file=sys.stderr)
        return 2
    items = catalog_recipes(settings.lake_dir, None if args.all else args.slugs)
    for path in write_export(items, args.format, args.out):
        print(path)
    return 0


def _built_warehouse(settings: Settings) -> Path | None:
    """The warehouse `make plan` built, or None (having said so) when there is none yet."""
    warehouse = settings.warehouse_path
    if not warehouse.exists():
        print(f"simmer: no warehouse at {warehouse}: run `make plan` first", file=sys.stderr)
        return None
    return warehouse


def report_nutrition(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.report import write_report

    warehouse = _built_warehouse(settings)
    if warehouse is None:
        return 1
    out = args.out or settings.report_path
    write_report(warehouse, out)
    print(out)
    return 0


def report_catalog(args: argparse.Namespace, settings: Settings) -> int:
    from simmer.catalog_report import catalog_figures, catalog_markdown, load_catalog_macros

    warehouse = _built_warehouse(settings)
    if warehouse is None:
        return 1
    print(catalog_markdown(catalog_figures(load_catalog_macros(warehouse))), end="")
    return 0


def pack_schema(args: argparse.Namespace, settings: Settings) -> int:
    for path in write_schemas(args.out):
        print(path)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="simmer", description=__doc__)
    groups = parser.add_subparsers(dest="group", required=True)

    db = groups.add_parser(
        "db", help="the project-local PostgreSQL: start, stop, print URLs"
    ).add_subparsers(required=True)
    up = db.add_parser("up", help="start the local cluster (unless DATABASE_URL is set)")
    up.add_argument(
        "--port",
        type=int,
        default=None,
        help="port on first start (default: SIMMER_PG_PORT, or free)",
    )
    up.set_defaults(run=db_up)
    db.add_parser("down", help="stop the local cluster").set_defaults(run=db_down)
    url = db.add_parser("url", help="print the serving database URL")
    url.add_argument("--dagster", action="store_true", help="Dagster's storage URL instead")
    url.set_defaults(run=db_url)

    households = groups.add_parser(
        "households", help="the serving database's households: seed demo ones"
    ).add_subparsers(required=True)
    seed = households.add_parser("seed", help="create varied demo households")
    seed.add_argument("--count", type=int, default=12)
    seed.add_argument("--seed", type=int, default=0)
    seed.add_argument("--if-empty", action="store_true", help="only when there are none")
    seed.set_defaults(run=households_seed)

    groups.add_parser(
        "admin-token", help="write an API admin token to $SIMMER_HOME/admin-token unless set"
    ).set_defaults(run=admin_token)

    packs = groups.add_parser(
        "pack", help="packs: validate, build from public sources, coverage, JSON Schema"
    ).add_subparsers(required=True)
    validate = packs.add_parser("validate", help="validate a pack folder or .tar.gz")
    validate.add_argument("path", type=Path)
    validate.add_argument("--packs-dir", type=Path, default=None, help="where dependencies are")
    validate.set_defaults(run=pack_validate)
    new = packs.add_parser("new", help="scaffold a pack folder (its name is the pack's name)")
    new.add_argument("path", type=Path, help="e.g. packs/family-recipes")
    new.add_argument("--license", default="CC0-1.0")
    new.add_argument("--attribution", default=None, help="default: '<name> maintainers'")
    new.add_argument("--description", default=None)
    new.add_argument(
        "--depends", nargs="*", default=["usda-sr26"], help="packs it needs (default usda-sr26)"
    )
    new.set_defaults(run=pack_new)
    seal = packs.add_parser("seal", help="rewrite pack.json's file checksums")
    seal.add_argument("path", type=Path)
    seal.add_argument("--bump", choices=["major", "minor", "patch"], default=None)
    seal.set_defaults(run=pack_seal)
    diff = packs.add_parser("diff", help="records added, removed, changed between two packs")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.set_defaults(run=pack_diff)
    release = packs.add_parser("release", help="validate and write NAME-VERSION.tar.gz")
    release.add_argument("path", type=Path)
    release.add_argument(
        "--out", type=Path, default=Path("dist"), help="where the archive goes (default dist/)"
    )
    release.add_argument("--packs-dir", type=Path, default=None, help="where dependencies are")
    release.set_defaults(run=pack_release)
    into = packs.add_parser(
        "import", help="import recipes (schema.org, Mealie, Tandoor, Nextcloud, Paprika)"
    )
    into.add_argument("sources", type=Path, nargs="+", help=".json .html .zip .paprikarecipes")
    into.add_argument("--into", type=Path, required=True, help="the pack, e.g. packs/family")
    into.add_argument("--packs-dir", type=Path, default=None, help="default: the pack's folder")
    into.set_defaults(run=pack_import)
    usda = packs.add_parser("build-usda", help="build packs/usda-sr26 from SR26 ASCII files")
    usda.add_argument("src", type=Path, help="folder with FOOD_DES.txt, ABBREV.txt, ...")
    usda.add_argument("--out", type=Path, default=Path("packs/usda-sr26"))
    usda.set_defaults(run=pack_build_usda)
    recipes = packs.add_parser("build-recipes", help="build packs/public-domain-recipes")
    recipes.add_argument("src", type=Path, help="folder with content/*.md")
    recipes.add_argument("--usda", type=Path, default=Path("packs/usda-sr26"))
    recipes.add_argument("--out", type=Path, default=Path("packs/public-domain-recipes"))
    recipes.set_defaults(run=pack_build_recipes)
    for command, name, src_help, run in (
        ("build-myplate", "usda-myplate-kitchen", "folder with recipes.json", pack_build_myplate),
        (
            "build-wikibooks",
            "wikibooks-cookbook",
            "folder with recipes_en-us.json",
            pack_build_wikibooks,
        ),
    ):
        builder = packs.add_parser(command, help=f"build packs/{name}")
        builder.add_argument("src", type=Path, help=src_help)
        builder.add_argument(
            "--packs-dir", type=Path, default=Path("packs"), help="usda-sr26 and recipe packs"
        )
        builder.add_argument("--out", type=Path, default=Path("packs") / name)
        builder.set_defaults(run=run)
    vendor = packs.add_parser("build-vendor", help="build packs/demo-vendor (illustrative prices)")
    vendor.add_argument("--recipes", type=Path, default=Path("packs/public-domain-recipes"))
    vendor.add_argument("--usda", type=Path, default=Path("packs/usda-sr26"))
    vendor.add_argument("--out", type=Path, default=Path("packs/demo-vendor"))
    vendor.add_argument("--count", type=int, default=160, help="ingredients to stock")
    vendor.set_defaults(run=pack_build_vendor)
    coverage = packs.add_parser("coverage", help="coverage figures of a recipes pack")
    coverage.add_argument("path", type=Path)
    coverage.add_argument("--packs-dir", type=Path, default=Path("packs"))
    coverage.add_argument("--update-readme", action="store_true", help="write them into README")
    coverage.set_defaults(run=pack_coverage)
    schema = packs.add_parser("schema", help="regenerate the JSON Schema files of the format")
    schema.add_argument("--out", type=Path, default=SCHEMA_DIR)
    schema.set_defaults(run=pack_schema)

    recipe = groups.add_parser(
        "recipe", help="recipes of the current catalog: export to other apps"
    ).add_subparsers(required=True)
    export = recipe.add_parser("export", help="schema.org JSON-LD, Mealie zip, Cronometer text")
    export.add_argument("slugs", nargs="*", help="recipe slugs")
    export.add_argument("--all", action="store_true", help="every recipe of the catalog")
    export.add_argument(
        "--format", choices=["schema-org", "mealie", "cronometer"], default="schema-org"
    )
    export.add_argument("--out", type=Path, default=Path("exports"), help="default exports/")
    export.set_defaults(run=recipe_export)

    reports = groups.add_parser(
        "report", help="analysts' reports from the warehouse"
    ).add_subparsers(required=True)
    nutrition = reports.add_parser("nutrition", help="HTML nutrition report with charts")
    nutrition.add_argument("--out", type=Path, default=None, help="default: $SIMMER_HOME/reports")
    nutrition.set_defaults(run=report_nutrition)
    catalog = reports.add_parser(
        "catalog", help="recipes by status; plannable ones per pack, slot, diet, allergen"
    )
    catalog.set_defaults(run=report_catalog)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command: Command = args.run
    try:
        return command(args, Settings())
    except (LocalPgError, PackError, SourceError, OSError) as error:
        print(f"simmer: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"simmer: database error: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
