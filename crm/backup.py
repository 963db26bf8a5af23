"""Backup and restore of the whole store: the export is written by `crm.export` (one JSON document,
lossless, or one CSV file per table), and read back, checked and merged in here.

Restoring (`restore`) is one transaction, and idempotent. Tables are read parent first; each row is
matched to an existing row, in this order:
  1. the row with the same id, when its content is the same            -> already present
  2. the same record: a row with the same natural key (company name key or domain, application URL,
     a person's role on an application, an interview participant), or the row with the same id
     that is recognisably the same: for a person the same name ignoring case, the same LinkedIn URL
     or the same email; for an application the same title at the same company
                                                                         -> that row; when its
     content differs it is a conflict and the EXISTING row is kept (a restore never overwrites what
     the user has changed since)
  3. any row with exactly the same content                               -> already present
  4. otherwise the row is added, under its own id when that id is free, else under a new id.
Foreign keys of later rows follow their parent wherever it went, so the children of a matched row
(its interactions, roles, interview seats) are compared against that row's children: one equal to
an existing child is already present, and only genuinely new rows are added. Restoring a backup
after editing a contact therefore keeps the edited contact, counts one conflict and duplicates
nothing.
An export of a newer format version, a document that is not an export, truncated JSON, a value of
the wrong type or a fixed-value field (a status, a kind ...) outside its list is refused before
anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw

from crm.errors import ImportFormatError
# The writing half lives in crm.export; the command line and the benchmarks reach it as backup.X.
from crm.export import FORMAT, VERSION, Row, encode, table_columns, table_name, table_rows
from crm.export import dump_json as dump_json, export_document as export_document, write_csv as write_csv
from crm.export import write_private as write_private
from crm.models import (
    CHANNELS,
    DIRECTIONS,
    EMAIL_SOURCES,
    KINDS,
    MODELS,
    ROLES,
    STATUSES,
    Application,
    ApplicationContact,
    Company,
    Interaction,
    InterviewParticipant,
    Person,
    StatusChange,
    database,
)
from crm.text import plural

_BATCH = 500  # rows per INSERT: well under SQLite's bound-variable limit
# The unique keys users rely on, as column tuples: a restored row with one of these is the same row.
NATURAL_KEYS: dict[type[pw.Model], tuple[tuple[str, ...], ...]] = {
    Company: (("name_key",), ("domain",)),
    Application: (("url",),),
    ApplicationContact: (("application_id", "person_id", "role"),),
    InterviewParticipant: (("interview_id", "person_id"),),
}
# Rows without a unique key users keep stable: the row with the same id is the same record when one
# of these column groups agrees (text ignoring case and surrounding blanks, none of it blank), e.g.
# after `crm contact edit` changed a title or `crm app edit --url` a posting URL.
ID_IDENTITY: dict[type[pw.Model], tuple[tuple[str, ...], ...]] = {
    Person: (("name",), ("linkedin_url",), ("email",)),
    Application: (("title", "company_id"),),
}
# Columns that take one of a fixed list of values: anything else would break the cadence and the CLI.
CHOICES: dict[type[pw.Model], dict[str, tuple[str, ...]]] = {
    Person: {"email_source": EMAIL_SOURCES},
    Application: {"status": STATUSES},
    ApplicationContact: {"role": ROLES},
    Interaction: {"kind": KINDS, "channel": CHANNELS, "direction": DIRECTIONS},
    StatusChange: {"from_status": STATUSES, "to_status": STATUSES},
}


@dataclass(frozen=True)
class TableCount:
    """What a restore did to one table."""

    table: str
    added: int
    present: int
    conflicts: int


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore did, table by table."""

    tables: tuple[TableCount, ...]

    def total(self, what: str) -> int:
        """The sum of one of "added", "present", "conflicts" over every table."""
        return sum(getattr(t, what) for t in self.tables)

    def describe(self) -> str:
        """One line for the terminal."""
        added, present, conflicts = (self.total(w) for w in ("added", "present", "conflicts"))
        return (f"crm export restored: {plural(added, 'row')} added, {present} already present, "
                f"{plural(conflicts, 'conflict')} (existing rows kept)")


def _decode(field: pw.Field, value: Any) -> Any:
    """An export's value as the Python value the column stores; ValueError when it is not one."""
    if value is None:
        if not field.null and not isinstance(field, pw.AutoField):
            raise ValueError("null in a column that needs a value")
        return None
    if isinstance(field, (pw.DateTimeField, pw.DateField)):
        return _iso(field, value)
    if isinstance(field, pw.BooleanField):
        if not isinstance(value, bool):
            raise ValueError("not true or false")
        return value
    if isinstance(field, pw.FloatField):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("not a number")
        return float(value)
    if isinstance(field, (pw.IntegerField, pw.AutoField, pw.ForeignKeyField)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not an integer")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _iso(field: pw.Field, value: Any) -> dt.date | dt.datetime:
    timed = isinstance(field, pw.DateTimeField)
    try:
        if not isinstance(value, str) or (not timed and len(value) != 10):
            raise ValueError
        return dt.datetime.fromisoformat(value) if timed else dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("not an ISO date-time" if timed else "not a YYYY-MM-DD date") from None


def parse_export(text: str | bytes) -> dict[type[pw.Model], list[Row]]:
    """Check an export completely and return its rows as Python values; ImportFormatError otherwise."""
    try:
        doc = json.loads(text.decode("utf-8-sig") if isinstance(text, bytes) else text)
    except UnicodeDecodeError:
        raise ImportFormatError("not a crm export: not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ImportFormatError(f"not a complete JSON document (truncated?): {e.msg} (line {e.lineno})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportFormatError(f'not a crm export: no "format": "{FORMAT}"')
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFormatError(f"bad crm export version {version!r}")
    if version > VERSION:
        raise ImportFormatError(f"this export has format version {version}; this crm reads up to {VERSION}: upgrade crm")
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        raise ImportFormatError('bad crm export: "tables" is not an object')
    models = {table_name(m): m for m in MODELS}
    unknown = sorted(set(tables) - set(models))
    if unknown:
        raise ImportFormatError(f"bad crm export: unknown table {unknown[0]!r}")
    parsed = {m: _parse_table(m, tables.get(table_name(m), [])) for m in MODELS}
    _check_references(parsed)
    return parsed


def _parse_table(model: type[pw.Model], rows: Any) -> list[Row]:
    name = table_name(model)
    if not isinstance(rows, list):
        raise ImportFormatError(f"bad crm export: table {name!r} is not a list")
    fields = {f.column_name: f for f in table_columns(model)}
    choices = CHOICES.get(model, {})
    parsed: list[Row] = []
    seen: set[int] = set()
    for n, raw in enumerate(rows, 1):
        if not isinstance(raw, dict):
            raise ImportFormatError(f"bad crm export: {name} row {n} is not an object")
        extra = sorted(set(raw) - set(fields))
        if extra:
            raise ImportFormatError(f"bad crm export: {name} row {n} has unknown column {extra[0]!r}")
        row: Row = {}
        for column, field in fields.items():
            if column not in raw and (field.null or field.default is not None) and column != "id":
                value = field.default() if callable(field.default) else field.default
                row[column] = value
                continue
            try:
                row[column] = _decode(field, raw.get(column))
            except (TypeError, ValueError) as e:
                raise ImportFormatError(f"bad crm export: {name} row {n}, {column}={raw.get(column)!r}: {e}") from None
        if row["id"] is None or row["id"] in seen:
            raise ImportFormatError(f"bad crm export: {name} row {n} has a missing or repeated id")
        for column, allowed in choices.items():
            if row[column] is not None and row[column] not in allowed:
                raise ImportFormatError(f"bad crm export: {name} id {row['id']}, {column}={row[column]!r}: "
                                        f"not one of {', '.join(allowed)}")
        seen.add(row["id"])
        parsed.append(row)
    return parsed


def _check_references(parsed: dict[type[pw.Model], list[Row]]) -> None:
    ids = {m: {r["id"] for r in rows} for m, rows in parsed.items()}
    for model, rows in parsed.items():
        for field in table_columns(model):
            if not isinstance(field, pw.ForeignKeyField):
                continue
            for row in rows:
                target = row[field.column_name]
                if target is not None and target not in ids[field.rel_model]:
                    raise ImportFormatError(
                        f"bad crm export: {table_name(model)} {row['id']} refers to missing "
                        f"{table_name(field.rel_model)} {target}")


def _content(columns: list[pw.Field], row: Row) -> tuple:
    return tuple(encode(f, row[f.column_name]) for f in columns if f.column_name != "id")


def _identity(groups: tuple[tuple[str, ...], ...], row: Row) -> set[tuple]:
    """A row's identifying values per column group, normalized; groups with a blank value left out."""
    found = set()
    for group in groups:
        values = tuple(v.strip().casefold() if isinstance(v, str) else v for v in (row[c] for c in group))
        if all(v not in (None, "") for v in values):
            found.add((group, *values))
    return found


def _restore_table(model: type[pw.Model], rows: list[Row], id_maps: dict[type[pw.Model], dict[int, int]]) -> TableCount:
    columns = table_columns(model)
    foreign = [f for f in columns if isinstance(f, pw.ForeignKeyField)]
    keys = NATURAL_KEYS.get(model, ())
    groups = ID_IDENTITY.get(model, ())
    existing: dict[int, tuple] = {}
    identity: dict[int, set[tuple]] = {}
    by_content: dict[tuple, int] = {}
    by_key: dict[tuple, int] = {}
    for row in table_rows(model):
        content = tuple(v for c, v in row.items() if c != "id")
        existing[row["id"]] = content
        if groups:
            identity[row["id"]] = _identity(groups, row)
        by_content.setdefault(content, row["id"])
        for key in keys:
            values = tuple(row[c] for c in key)
            if None not in values:
                by_key[(key, *values)] = row["id"]
    next_id = max([*existing, *(r["id"] for r in rows), 0]) + 1
    id_map: dict[int, int] = {}
    added: list[Row] = []
    present = conflicts = 0
    for source in rows:
        row = dict(source)
        for field in foreign:
            if row[field.column_name] is not None:
                row[field.column_name] = id_maps[field.rel_model][row[field.column_name]]
        content = _content(columns, row)
        old_id = row["id"]
        if existing.get(old_id) == content:
            id_map[old_id] = old_id
            present += 1
            continue
        probes = [(k, *(encode(model._meta.columns[c], row[c]) for c in k)) for k in keys]
        hits = [by_key[p] for p in probes if None not in p[1:] and p in by_key]
        if groups and identity.get(old_id, set()) & _identity(groups, row):
            hits.append(old_id)  # the same record, edited since the export
        if hits:
            id_map[old_id] = hits[0]
            present += existing[hits[0]] == content
            conflicts += existing[hits[0]] != content
            continue
        if content in by_content:
            id_map[old_id] = by_content[content]
            present += 1
            continue
        if old_id in existing:
            row["id"], next_id = next_id, next_id + 1
        id_map[old_id] = row["id"]
        existing[row["id"]] = content
        if groups:
            identity[row["id"]] = _identity(groups, row)
        added.append(row)
    bulk_insert(model, added)
    id_maps[model] = id_map
    return TableCount(table_name(model), len(added), present, conflicts)


def bulk_insert(model: type[pw.Model], rows: list[Row]) -> None:
    """Insert rows (dicts by column name, the same keys in each; no Python defaults) in multi-row INSERTs.

    Peewee's insert_many spends most of a large restore building SQL; one prepared statement shape
    per batch and values converted once is several times faster on both backends.
    """
    if not rows:
        return
    db = database.obj
    sqlite = not isinstance(db, pw.PostgresqlDatabase)
    columns = [model._meta.columns[c] for c in rows[0]]
    names = ", ".join(f'"{f.column_name}"' for f in columns)
    one = "(" + ", ".join([db.param] * len(columns)) + ")"

    def value(field: pw.Field, v: Any) -> Any:
        """A value as the driver takes it."""
        v = field.db_value(v)
        # Store dates as peewee does on SQLite (text), without relying on sqlite3's deprecated adapters.
        if sqlite and isinstance(v, (dt.date, dt.datetime)):
            return str(v)
        return v

    for start in range(0, len(rows), _BATCH):
        batch = rows[start:start + _BATCH]
        params = [value(f, row[f.column_name]) for row in batch for f in columns]
        db.execute_sql(f'INSERT INTO "{table_name(model)}" ({names}) VALUES {", ".join([one] * len(batch))}', params)


def reset_sequences(db: pw.Database) -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the largest id."""
    if not isinstance(db, pw.PostgresqlDatabase):
        return
    for model in MODELS:
        table = table_name(model)
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 1), (SELECT MAX(id) FROM \"{table}\") IS NOT NULL)")


def restore(parsed: dict[type[pw.Model], list[Row]]) -> RestoreSummary:
    """Merge parsed export rows into the bound store in one transaction (see the module docstring)."""
    id_maps: dict[type[pw.Model], dict[int, int]] = {}
    try:
        with database.atomic():
            counts = tuple(_restore_table(m, parsed.get(m, []), id_maps) for m in MODELS)
            reset_sequences(database.obj)
    except pw.PeeweeException as e:  # e.g. a value too long for a PostgreSQL varchar
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ImportFormatError(f"the database refused the import, nothing was written: {first}") from e
    return RestoreSummary(counts)


MAX_IMPORT_BYTES = 200_000_000  # far above any real export; past it the file is something else


def read_file(path: str | Path) -> bytes:
    """The bytes of a file to import; a one-line ImportFormatError when it cannot be read."""
    file = Path(path)
    try:
        # A device or a pipe never ends (`crm import /dev/zero` filled the memory) or never starts.
        if file.exists() and not file.is_file():
            raise ImportFormatError(f"cannot read {file}: it is not a regular file")
        with file.open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as e:
        raise ImportFormatError(f"cannot read {file}: {e.strerror or e}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFormatError(f"cannot read {file}: it is larger than {MAX_IMPORT_BYTES // 1_000_000} MB, "
                                "too big for a crm export or a LinkedIn CSV")
    return data


def import_export_file(path: str | Path) -> RestoreSummary:
    """Read, check and restore a crm JSON export file."""
    return restore(parse_export(read_file(path)))


def sniff_format(data: bytes) -> str:
    """What a file given to `crm import` is: "crm" (a JSON export) or "linkedin" (Connections.csv)."""
    from crm.linkedin import looks_like_connections

    head = data[:64].decode("utf-8-sig", errors="replace").lstrip()
    if head.startswith("{"):
        return "crm"
    if looks_like_connections(data):
        return "linkedin"
    raise ImportFormatError("not a crm export or a LinkedIn Connections.csv (use --format to say which)")
