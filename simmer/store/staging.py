"""Bulk loading of polars frames into PostgreSQL, for the publishers of the serving database.

A frame is COPYed (CSV, psycopg 3 `cursor.copy`, in slices so memory stays flat) into a
temporary staging table shaped like a live table's columns and dropped at commit; the publisher
then merges the staging tables into the live ones inside the same transaction, so readers see
the old rows or the new ones, never half. Columns PostgreSQL reads from text are converted
first: lists of text or numbers become array literals, structs and lists of structs JSON.
Large text values that need no parsing (JSON documents) go in PostgreSQL's binary format
(`copy_binary`), which the server takes without CSV unquoting.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from psycopg import Connection as PgConnection
from psycopg import Cursor
from sqlalchemy import Connection

SLICE_ROWS = 50_000


def driver_connection(connection: Connection) -> PgConnection[Any]:
    """The psycopg connection under a SQLAlchemy connection (in its transaction)."""
    pg = connection.connection.driver_connection
    if not isinstance(pg, PgConnection):
        raise TypeError(f"the serving database needs the psycopg driver, not {type(pg)}")
    return pg


def json_array(items: pl.Expr) -> pl.Expr:
    """A list of structs as one JSON array (text that PostgreSQL reads into jsonb)."""
    encoded = items.list.eval(pl.element().struct.json_encode()).list.join(",")
    return pl.concat_str(pl.lit("["), encoded, pl.lit("]"))


def array_literal(items: pl.Expr) -> pl.Expr:
    """A list as a PostgreSQL array literal, every element quoted: {"a","b \\"c\\""}."""
    quoted = items.list.eval(
        pl.lit('"') + pl.element().cast(pl.String).str.replace_all(r'(["\\])', r"\$1") + '"'
    )
    return pl.concat_str(pl.lit("{"), quoted.list.join(","), pl.lit("}"))


def as_copy_text(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its list and struct columns as the text COPY reads into arrays and jsonb."""
    converted = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct):
            converted.append(json_array(column).alias(name))
        elif isinstance(dtype, pl.List):
            converted.append(array_literal(column).alias(name))
        elif isinstance(dtype, pl.Struct):
            converted.append(column.struct.json_encode().alias(name))
    return frame.with_columns(converted) if converted else frame


def copy_frame(cursor: Cursor[Any], table: str, frame: pl.DataFrame) -> None:
    """COPY every row of `frame` into `table` (its columns by name)."""
    columns = ", ".join(frame.columns)
    text = as_copy_text(frame)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
        for start in range(0, text.height, SLICE_ROWS):
            copy.write(text.slice(start, SLICE_ROWS).write_csv(include_header=False))


def copy_binary(cursor: Cursor[Any], table: str, frame: pl.DataFrame) -> None:
    """COPY every row of `frame` into `table` in PostgreSQL's binary format, each column
    already its type's binary value: String for text and json (sent as they are: the server
    does not parse them as CSV fields), Binary for the rest (a uuid's 16 bytes: `uuid_bytes`)."""
    types = ["bytea" if dtype == pl.Binary else "text" for dtype in frame.dtypes]
    columns = ", ".join(frame.columns)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in frame.iter_rows():
            copy.write_row(row)


def uuid_bytes(column: str) -> pl.Expr:
    """A column of uuids as text (`0d1f...-...`) as their 16 bytes."""
    return pl.col(column).str.replace_all("-", "", literal=True).str.decode("hex")


def stage_frame(cursor: Cursor[Any], table: str, frame: pl.DataFrame) -> str:
    """A temporary table `stage_<table>` with `frame`'s columns (typed as in `table`), dropped
    at commit, holding `frame`'s rows; its name."""
    stage = f"stage_{table}"
    cursor.execute(
        f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS "
        f"SELECT {', '.join(frame.columns)} FROM {table} WITH NO DATA"
    )
    copy_frame(cursor, stage, frame)
    return stage
