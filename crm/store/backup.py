"""Backup and restore of the whole store: its tables handed out as row streams for `crm.data.export`
to write, and an export read back, checked and merged in here.

Restoring is one transaction, and idempotent, and streamed: rows are checked and written in batches
of a few hundred, so memory stays flat whatever the size of the export; anything refused half-way
rolls the whole transaction back. Tables are read parent first; each row is
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
the wrong type or a fixed-value field (a status, a kind ...) outside its list is refused, and
nothing of it is kept.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

import peewee as pw

from crm.data.export import FORMAT, VERSION, JsonExport, LayoutError, Table
from crm.data.files import open_import, read_whole
from crm.errors import ImportFormatError
from crm.store.db import unmapped
from crm.store.models import (CHANNELS, DIRECTIONS, EMAIL_SOURCES, KINDS, MODELS, ROLES, STATUSES, Application,
                              ApplicationContact, Company, Interaction, InterviewParticipant, Person,
                              StatusChange, database)
from crm.store.models import (MAIL_PROPOSALS, MAIL_STATES, ContactAlias, MailBounce, MailFolder, MailMessage,
                              MailProposal)
from crm.store.rows import BATCH, Row, bulk_insert, encode, reset_sequences, table_columns, table_name, table_rows
from crm.text import plural

NATURAL_KEYS: dict[type[pw.Model], tuple[tuple[str, ...], ...]] = {
    Company: (("name_key",), ("domain",)),
    Application: (("url",),),
    ApplicationContact: (("application_id", "person_id", "role"),),
    InterviewParticipant: (("interview_id", "person_id"),),
    # crm mail: an alias, a folder's place, a logged message, a proposal, a bounce are each one per key
    ContactAlias: (("address",),),
    MailFolder: (("account", "name"),),
    MailMessage: (("message_id", "interaction_id"),),
    MailProposal: (("message_id", "kind"),),
    MailBounce: (("address", "message_id"),),
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
    MailProposal: {"kind": MAIL_PROPOSALS, "state": MAIL_STATES},
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


def export_tables() -> Iterator[Table]:
    """Every table as (name, column names, rows in id order), read in one transaction: one snapshot."""
    with unmapped(), database.atomic():
        for model in MODELS:
            yield table_name(model), [f.column_name for f in table_columns(model)], table_rows(model)


def _check_head(head: Any) -> None:
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ImportFormatError(f'not a crm export: no "format": "{FORMAT}"')
    version = head.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFormatError(f"bad crm export version {version!r}")
    if version > VERSION:
        raise ImportFormatError(f"this export has format version {version}; this crm reads up to {VERSION}: upgrade crm")


MAX_LINE = 50_000_000  # bytes: crm writes one row a line; a longer line is some other layout


def _lines(handle: IO[bytes]) -> Iterator[str]:
    """The file's text line by line (a UTF-8 BOM skipped); one error line when it is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while raw := handle.readline(MAX_LINE):
            if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
                raise LayoutError  # no line of ours is this long: read the document whole (capped)
            yield decoder.decode(raw)
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ImportFormatError("not a crm export: not UTF-8 text") from None
    if tail:
        yield tail


def restore_file(path: str | Path) -> RestoreSummary:
    """Check and merge a crm JSON export file into the store (see the module docstring)."""
    with open_import(path) as handle:
        return restore_stream(handle, path)


def restore_stream(handle: IO[bytes], name: str | Path = "the export") -> RestoreSummary:
    """Restore from an open binary file: streamed in crm's own layout, read whole in any other."""
    try:
        reader = JsonExport(_lines(handle))
        _check_head(reader.head)
        return _restore(reader.tables())
    except LayoutError:  # the transaction is rolled back already: read the document whole instead
        handle.seek(0)
        return _restore(_whole_document(read_whole(handle, name)))


def _whole_document(data: bytes) -> Iterator[tuple[str, Iterable[Any]]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFormatError("not a crm export: not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ImportFormatError(f"not a complete JSON document (truncated?): {e.msg} (line {e.lineno})") from None
    _check_head(doc)
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        raise ImportFormatError('bad crm export: "tables" is not an object')
    unknown = sorted(set(tables) - {table_name(m) for m in MODELS})
    if unknown:
        raise ImportFormatError(f"bad crm export: unknown table {unknown[0]!r}")
    for model in MODELS:  # parents first, whatever the order in the file
        name = table_name(model)
        if name in tables:
            rows = tables[name]
            if not isinstance(rows, list):
                raise ImportFormatError(f"bad crm export: table {name!r} is not a list")
            yield name, rows


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




class _Ids:
    """The ids one table of the export holds: kept as packed integers (8 bytes each), in order."""

    def __init__(self) -> None:
        self._sorted = array("q")
        self._others: set[int] | None = None  # only when a file lists ids out of order

    def add(self, row_id: int) -> bool:
        """Record an id; False when the table already had it."""
        if self._others is None:
            if not self._sorted or row_id > self._sorted[-1]:
                self._sorted.append(row_id)
                return True
            self._others = set(self._sorted)
        if row_id in self._others:
            return False
        self._others.add(row_id)
        return True

    def __contains__(self, row_id: object) -> bool:
        if self._others is not None:
            return row_id in self._others
        i = bisect_left(self._sorted, row_id)  # type: ignore[arg-type]
        return i < len(self._sorted) and self._sorted[i] == row_id


class _Restore:
    """One restore: the export's ids per referenced table, and where each id went when it moved."""

    def __init__(self) -> None:
        self.ids: dict[type[pw.Model], _Ids] = {}
        self.moved: dict[type[pw.Model], dict[int, int]] = {}

    def follow(self, model: type[pw.Model], field: pw.ForeignKeyField, row: Row) -> None:
        """Point a foreign key at where its parent went; refuse one to a parent the export lacks."""
        target = row[field.column_name]
        if target is None:
            return
        if target not in self.ids.get(field.rel_model, ()):
            raise ImportFormatError(f"bad crm export: {table_name(model)} {row['id']} refers to missing "
                                    f"{table_name(field.rel_model)} {target}")
        row[field.column_name] = self.moved.get(field.rel_model, {}).get(target, target)


def _parse_row(model: type[pw.Model], fields: dict[str, pw.Field], raw: Any, n: int) -> Row:
    """One row of the export checked and decoded to Python values; ImportFormatError otherwise."""
    name = table_name(model)
    if not isinstance(raw, dict):
        raise ImportFormatError(f"bad crm export: {name} row {n} is not an object")
    extra = [c for c in raw if c not in fields]
    if extra:
        raise ImportFormatError(f"bad crm export: {name} row {n} has unknown column {sorted(extra)[0]!r}")
    row: Row = {}
    for column, field in fields.items():
        if column not in raw and (field.null or field.default is not None) and column != "id":
            row[column] = field.default() if callable(field.default) else field.default
            continue
        try:
            row[column] = _decode(field, raw.get(column))
        except (TypeError, ValueError) as e:
            raise ImportFormatError(f"bad crm export: {name} row {n}, {column}={raw.get(column)!r}: {e}") from None
    for column, allowed in CHOICES.get(model, {}).items():
        if row[column] is not None and row[column] not in allowed:
            raise ImportFormatError(f"bad crm export: {name} id {row['id']}, {column}={row[column]!r}: "
                                    f"not one of {', '.join(allowed)}")
    return row


def _db_value(field: pw.Field, value: Any) -> Any:
    value = field.db_value(value)
    if not isinstance(database.obj, pw.PostgresqlDatabase) and isinstance(value, (dt.date, dt.datetime)):
        return str(value)  # as stored on SQLite (see rows.bulk_insert)
    return value


class _Table:
    """Restoring one table: rows matched to what the store held before, new ones written in batches."""

    def __init__(self, model: type[pw.Model], state: _Restore) -> None:
        self.model, self.state = model, state
        self.columns = table_columns(model)
        self.fields = {f.column_name: f for f in self.columns}
        self.foreign = [f for f in self.columns if isinstance(f, pw.ForeignKeyField)]
        self.keys = NATURAL_KEYS.get(model, ())
        self.groups = ID_IDENTITY.get(model, ())
        # Rows that were there before: an empty table (a restore into a new store) needs no matching.
        self.max_before = model.select(pw.fn.MAX(model.id)).scalar() or 0
        self.had_rows = bool(self.max_before)
        self.added_before: list[int] = []  # ids this restore added at or below max_before
        self.top = self.max_before
        self.deferred: list[Row] = []  # rows whose id is taken: written last, under new ids
        self.added = self.present = self.conflicts = 0

    def run(self, raw_rows: Iterable[Any]) -> TableCount:
        ids = self.state.ids.setdefault(self.model, _Ids())
        numbered = enumerate(raw_rows, 1)
        while True:
            batch = []
            for n, raw in islice(numbered, BATCH):
                row = _parse_row(self.model, self.fields, raw, n)
                if row["id"] is None or not ids.add(row["id"]):
                    raise ImportFormatError(f"bad crm export: {table_name(self.model)} row {n} has a missing "
                                            "or repeated id")
                batch.append(row)
            if not batch:
                break
            self._batch(batch)
        self._write_deferred()
        return TableCount(table_name(self.model), self.added, self.present, self.conflicts)

    def _batch(self, batch: list[Row]) -> None:
        for row in batch:
            for field in self.foreign:
                self.state.follow(self.model, field, row)
            self.top = max(self.top, row["id"])
        existing = self._existing([r["id"] for r in batch]) if self.had_rows else {}
        new = []
        for row in batch:
            target = self._match(row, existing)
            if target is None:
                if row["id"] in existing:
                    self.deferred.append(row)
                else:
                    new.append(row)
            elif target != row["id"]:
                self.state.moved.setdefault(self.model, {})[row["id"]] = target
        self._write(new)

    def _existing(self, ids: list[int]) -> dict[int, Row]:
        """The stored rows with these ids, by column name (foreign keys as ids)."""
        names = list(self.fields)
        query = self.model.select(*self.columns).where(self.model.id.in_(ids)).tuples()
        return {values[0]: dict(zip(names, values)) for values in query}

    def _content(self, row: Row) -> tuple:
        return _content(self.columns, row)

    def _match(self, row: Row, existing: dict[int, Row]) -> int | None:
        """The id of the stored row this one is (counting present or conflict), or None when it is new."""
        if not self.had_rows:
            return None
        content = self._content(row)
        same_id = existing.get(row["id"])
        if same_id is not None and self._content(same_id) == content:
            self.present += 1
            return row["id"]
        hits = [hit for key in self.keys if (hit := self._by_key(key, row)) is not None]
        if self.groups and same_id is not None and _identity(self.groups, same_id) & _identity(self.groups, row):
            hits.append(row["id"])  # the same record, edited since the export
        if hits:
            stored = existing.get(hits[0]) or self._existing([hits[0]])[hits[0]]
            same = self._content(stored) == content
            self.present += same
            self.conflicts += not same
            return hits[0]
        found = self._by_content(row)
        if found is not None:
            self.present += 1
        return found

    def _by_key(self, key: tuple[str, ...], row: Row) -> int | None:
        values = [row[c] for c in key]
        if None in values:
            return None
        cond = [self.fields[c] == _db_value(self.fields[c], v) for c, v in zip(key, values)]
        return self.model.select(self.model.id).where(*cond).scalar()

    def _by_content(self, row: Row) -> int | None:
        """A row that was stored before this restore with exactly this content (nulls equal), lowest id first."""
        cond = []
        for field in self.columns:
            if field.column_name == "id":
                continue
            value = row[field.column_name]
            cond.append(field.is_null() if value is None else field == _db_value(field, value))
        query = self.model.select(self.model.id).where(*cond, self.model.id <= self.max_before)
        if self.added_before:
            query = query.where(self.model.id.not_in(self.added_before))
        return query.order_by(self.model.id).limit(1).scalar()

    def _write(self, rows: list[Row]) -> None:
        if rows:
            bulk_insert(self.model, rows)
            self.added += len(rows)
            if self.had_rows:
                self.added_before += [r["id"] for r in rows if r["id"] <= self.max_before]

    def _write_deferred(self) -> None:
        moved = self.state.moved.setdefault(self.model, {})
        for row in self.deferred:
            self.top += 1
            moved[row["id"]], row["id"] = self.top, self.top
        self._write(self.deferred)


def _restore(tables: Iterable[tuple[str, Iterable[Any]]]) -> RestoreSummary:
    """Merge an export's tables, parents first, into the bound store in one transaction."""
    models = {table_name(m): m for m in MODELS}
    order = {m: i for i, m in enumerate(MODELS)}
    state = _Restore()
    counts: dict[type[pw.Model], TableCount] = {}
    try:
        with database.atomic():
            for name, rows in tables:
                model = models.get(name)
                if model is None:
                    raise ImportFormatError(f"bad crm export: unknown table {name!r}")
                if model in counts or any(order[m] > order[model] for m in counts):
                    raise LayoutError  # children before parents: only a whole read can reorder
                counts[model] = _Table(model, state).run(rows)
            reset_sequences()
    except pw.PeeweeException as e:  # e.g. a value too long for a PostgreSQL varchar
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ImportFormatError(f"the database refused the import, nothing was written: {first}") from e
    return RestoreSummary(tuple(counts.get(m) or TableCount(table_name(m), 0, 0, 0) for m in MODELS))
