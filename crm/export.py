"""Writing the whole store out: one JSON document (lossless) or one CSV file per table.

The JSON export holds every table of `crm.models.MODELS` with its ids, rows ordered by id, columns in
model order, dates ISO, one row per line. Nothing that changes between runs is written unless asked
(`exported_at`), so export -> import into an empty database -> export is byte-identical. Reading an
export back is `crm.backup`'s.

An export is the user's personal data: files are written owner-only (0600, a new CSV folder 0700,
like the database itself), each through a temporary file in the same folder renamed into place, so
a failed export never leaves a half-written file behind (and never a readable one).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import peewee as pw

from crm.errors import CrmError
from crm.models import MODELS

FORMAT = "crm-export"
VERSION = 1
Row = dict[str, Any]


def table_name(model: type[pw.Model]) -> str:
    """The SQL table name of a model, used as its key in an export."""
    return model._meta.table_name


def table_columns(model: type[pw.Model]) -> list[pw.Field]:
    """A model's columns in model order, the order an export writes them in."""
    return list(model._meta.sorted_fields)


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


def table_rows(model: type[pw.Model]) -> Iterable[Row]:
    """Every row of a table as it appears in an export, ordered by id."""
    fields = table_columns(model)
    query = model.select(*fields).order_by(model._meta.primary_key).tuples()
    for values in query.iterator():
        yield {f.column_name: encode(f, v) for f, v in zip(fields, values)}


def export_document(*, exported_at: dt.datetime | None = None) -> dict[str, Any]:
    """Every table as one JSON-ready document; `exported_at` only when given (it breaks byte equality)."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if exported_at is not None:
        doc["exported_at"] = exported_at.replace(microsecond=0).isoformat()
    doc["tables"] = {table_name(m): list(table_rows(m)) for m in MODELS}
    return doc


def dump_json(doc: dict[str, Any]) -> str:
    """The document as text with one row per line: readable, diffable, and the same bytes every time."""
    head = {k: v for k, v in doc.items() if k != "tables"}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "tables": {')
    tables = list(doc.get("tables", {}).items())
    for t, (name, table) in enumerate(tables):
        end = "," if t < len(tables) - 1 else ""
        if not table:
            lines.append(f"    {json.dumps(name)}: []{end}")
            continue
        lines.append(f"    {json.dumps(name)}: [")
        lines += [f"      {json.dumps(r, ensure_ascii=False)}{',' if i < len(table) - 1 else ''}"
                  for i, r in enumerate(table)]
        lines.append(f"    ]{end}")
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[Any]:
    """A text handle whose content replaces `path` (mode 0600) only once the block completes."""
    # The rename would replace whatever `path` names: `--out /dev/null` run as root swapped the
    # device for a regular file. Only a regular file (or nothing yet) is ours to replace.
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file"
        raise CrmError(f"cannot write {path}: it is {what}")
    # mkstemp creates the file 0600 whatever the umask; a rename within one folder is atomic.
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` owner-only and atomically (the same bytes on every platform)."""
    with private_file(path) as handle:
        handle.write(text)


def write_csv(folder: Path) -> list[Path]:
    """One `<table>.csv` per table in `folder` (empty cells for nulls, true/false for flags)."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # whatever the umask; an existing folder is the user's to set
    written = []
    for model in MODELS:
        path = folder / f"{table_name(model)}.csv"
        with private_file(path) as handle:
            writer = csv.writer(handle)
            writer.writerow([f.column_name for f in table_columns(model)])
            for row in table_rows(model):
                writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row.values()])
        written.append(path)
    return written
