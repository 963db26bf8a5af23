"""The export format: one JSON document (lossless) or one CSV file per table, written and read as streams.

The JSON export holds every table with its ids, rows ordered by id, columns in model order, dates
ISO, one row per line. Nothing that changes between runs is written unless asked (`exported_at`),
so export -> import into an empty database -> export is byte-identical. Rows pass through one at a
time in both directions: memory stays flat whatever the size of the store. A document in any other
JSON layout (re-indented, minified) is read whole instead, up to `files.MAX_WHOLE_BYTES`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from crm.data.files import private_file
from crm.errors import ImportFormatError

FORMAT = "crm-export"
VERSION = 1
Row = dict[str, Any]
# (table name, column names, rows): what the store hands over to be written.
Table = tuple[str, list[str], Iterable[Row]]


def write_json(out: IO[str], tables: Iterable[Table], exported_at: str | None = None) -> int:
    """Write the document to `out`, one row per line as it comes; return the number of rows written."""
    head: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if exported_at is not None:
        head["exported_at"] = exported_at
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write('  "tables": {')
    count = 0
    for t, (name, _, rows) in enumerate(tables):
        out.write(("," if t else "") + f"\n    {json.dumps(name)}: [")
        first = True
        for row in rows:
            out.write(("\n" if first else ",\n") + "      " + json.dumps(row, ensure_ascii=False))
            first = False
            count += 1
        out.write("]" if first else "\n    ]")
    out.write("\n  }\n}\n")
    return count


def write_csv(folder: Path, tables: Iterable[Table]) -> list[Path]:
    """One `<table>.csv` per table in `folder` (empty cells for nulls, true/false for flags), owner-only."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # whatever the umask; an existing folder is the user's to set
    written = []
    for name, columns, rows in tables:
        path = folder / f"{name}.csv"
        with private_file(path) as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v
                                 for v in row.values()])
        written.append(path)
    return written


class LayoutError(Exception):
    """The document is JSON in another layout than `write_json`'s: read it whole instead."""


def _truncated(line_no: int) -> ImportFormatError:
    return ImportFormatError(f"not a complete JSON document (truncated?): it ends at line {line_no}")


class JsonExport:
    """A streaming reader of `write_json`'s layout: `head`, then `tables()` yields (name, rows).

    Each table's rows must be read before the next table is asked for. Anything outside the layout
    raises `LayoutError` (the caller then reads the document whole); a file that ends early raises
    the same "not a complete JSON document" error a whole read would.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = enumerate(lines, 1)
        self.line_no = 0
        self.head: dict[str, Any] = {}
        if self._next() != "{":
            raise LayoutError
        while True:
            line = self._next()
            if line == '"tables": {':
                return
            key, sep, value = line.rstrip(",").partition(": ")
            if not sep or not line.endswith(","):
                raise LayoutError
            try:
                self.head[json.loads(key)] = json.loads(value)
            except ValueError:
                raise LayoutError from None

    def _next(self) -> str:
        for self.line_no, line in self._lines:
            text = line.strip()
            if text:
                return text
        raise _truncated(self.line_no)

    def tables(self) -> Iterator[tuple[str, Iterator[Row]]]:
        """(table name, its rows) in file order; each row a dict as written."""
        line = self._next()
        more = line != "}"
        while more:
            key, sep, rest = line.partition(": ")
            if not sep or rest not in ("[", "[]", "[],"):
                raise LayoutError
            try:
                name = json.loads(key)
            except ValueError:
                raise LayoutError from None
            if rest == "[":
                rows = self._rows()
                yield name, rows
                for _ in rows:  # whatever the caller left unread
                    pass
                more = self._closing == "],"
            else:
                yield name, iter(())
                more = rest == "[],"
            line = self._next()
        if line != "}" or self._next() != "}":
            raise LayoutError
        for _, trailing in self._lines:
            if trailing.strip():
                raise LayoutError

    def _rows(self) -> Iterator[Row]:
        while True:
            line = self._next()
            if line in ("]", "],"):
                self._closing = line
                return
            try:
                row = json.loads(line.removesuffix(","))
            except ValueError:
                raise LayoutError from None
            if not isinstance(row, dict):
                raise LayoutError
            yield row
