"""Whole tables as rows: read in id order from a cursor (exports), written in bulk (restores, imports).

A row is a dict by column name with its values as an export writes them (ISO dates, plain JSON
scalars). Reading never holds a table in memory; writing sends multi-row INSERTs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import peewee as pw

from crm.store.models import DERIVED, MODELS, database

Row = dict[str, Any]
BATCH = 500  # rows per INSERT: well under SQLite's bound-variable limit


def table_name(model: type[pw.Model]) -> str:
    """The SQL table name of a model, used as its key in an export."""
    return model._meta.table_name


def table_columns(model: type[pw.Model]) -> list[pw.Field]:
    """A model's columns in model order, the order an export writes them in; derived ones left out."""
    derived = DERIVED.get(model, {})
    return [f for f in model._meta.sorted_fields if f.column_name not in derived]


def encode(field: pw.Field, value: Any) -> Any:
    """A column value as it appears in an export: ISO dates, plain JSON scalars."""
    if value is None:
        return None
    if isinstance(field, (pw.DateTimeField, pw.DateField)):
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    if isinstance(field, pw.BooleanField):
        return bool(value)
    if isinstance(field, pw.FloatField):
        return float(value) + 0.0  # + 0.0: SQLite has no -0.0
    if isinstance(field, (pw.IntegerField, pw.AutoField, pw.ForeignKeyField)):
        return int(value)
    return str(value)


_CURSORS = itertools.count(1)
FETCH = 2000  # rows per round trip when PostgreSQL streams a query


def stream(query: pw.Query) -> Iterator[tuple]:
    """The raw rows of a query, fetched as they are read: memory stays flat whatever the table size.

    SQLite's cursor already reads lazily. psycopg2 would fetch the whole result on execute, so on
    PostgreSQL the query runs as an SQL cursor inside a transaction and is fetched in slices.
    """
    sql, params = query.sql()
    if not isinstance(database.obj, pw.PostgresqlDatabase):
        yield from database.execute_sql(sql, params)
        return
    name = f"crm_stream_{next(_CURSORS)}"
    with database.atomic():
        database.execute_sql(f"DECLARE {name} NO SCROLL CURSOR FOR {sql}", params)
        while True:
            rows = database.execute_sql(f"FETCH {FETCH} FROM {name}").fetchall()
            if not rows:
                break
            yield from rows
        database.execute_sql(f"CLOSE {name}")


def _converter(field: pw.Field) -> Callable[[Any], Any] | None:
    """How a raw driver value becomes its export form (None: it already is one)."""
    if isinstance(field, pw.DateTimeField):
        def timestamp(v: Any) -> str:
            # SQLite keeps "YYYY-MM-DD HH:MM:SS[.ffffff]": only the separator differs from isoformat().
            if isinstance(v, str) and v[10:11] == " " and v[11:13].isdigit():
                return f"{v[:10]}T{v[11:]}"
            return encode(field, field.python_value(v))
        return timestamp
    if isinstance(field, pw.DateField):
        return lambda v: v if isinstance(v, str) and len(v) == 10 else encode(field, field.python_value(v))
    if isinstance(field, (pw.BooleanField, pw.FloatField)):
        return lambda v: encode(field, v)
    return None


def table_rows(model: type[pw.Model]) -> Iterator[Row]:
    """Every row of a table as an export writes it, ordered by id, streamed (see `stream`)."""
    fields = table_columns(model)
    names = [f.column_name for f in fields]
    convert = [_converter(f) for f in fields]
    for values in stream(model.select(*fields).order_by(model._meta.primary_key)):
        yield {name: v if c is None or v is None else c(v) for name, c, v in zip(names, convert, values)}


def bulk_insert(model: type[pw.Model], rows: Iterable[Row]) -> int:
    """Insert rows (dicts by column name, the same keys in each; no Python defaults) in multi-row INSERTs.

    The model's derived columns (`models.DERIVED`) are computed here from their sources, whatever
    the rows say.

    Peewee's insert_many spends most of a large restore building SQL; one statement shape per batch
    and values converted once is several times faster on both backends (executemany would send one
    statement per row to PostgreSQL). Returns the number of rows inserted.
    """
    db = database.obj
    sqlite = not isinstance(db, pw.PostgresqlDatabase)
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    unknown = [c for c in first if c not in model._meta.columns]
    if unknown:
        from crm.errors import InvalidValue

        raise InvalidValue(f"{table_name(model)} has no column {unknown[0]!r}")
    rules = DERIVED.get(model, {})
    columns = [model._meta.columns[c] for c in first if c not in rules]
    derived = [(column, source, rule) for column, (source, rule) in rules.items() if source in first]
    names = ", ".join([f'"{f.column_name}"' for f in columns] + [f'"{column}"' for column, _, _ in derived])
    one = "(" + ", ".join([db.param] * (len(columns) + len(derived))) + ")"

    def value(field: pw.Field, v: Any) -> Any:
        v = field.db_value(v)
        # Store dates as peewee does on SQLite (text), without relying on sqlite3's deprecated adapters.
        return str(v) if sqlite and isinstance(v, (dt.date, dt.datetime)) else v

    count = 0
    pending: Iterator[Row] = iter([first, *islice(rows, BATCH - 1)])
    with database.atomic():
        while True:
            batch = list(pending)
            if not batch:
                return count
            if derived:
                params = [v for row in batch for v in (*[value(f, row[f.column_name]) for f in columns],
                                                       *[rule(row[source]) for _, source, rule in derived])]
            else:
                params = [value(f, row[f.column_name]) for row in batch for f in columns]
            sql = f'INSERT INTO "{table_name(model)}" ({names}) VALUES {", ".join([one] * len(batch))}'
            with pw.__exception_wrapper__:  # driver errors as peewee's, like execute_sql
                database.cursor().execute(sql, params)
            count += len(batch)
            pending = islice(rows, BATCH)


def reset_sequences() -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the largest id."""
    if not isinstance(database.obj, pw.PostgresqlDatabase):
        return
    for model in MODELS:
        table = table_name(model)
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 1), (SELECT MAX(id) FROM \"{table}\") IS NOT NULL)")
