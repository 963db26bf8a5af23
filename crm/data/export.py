"""The export format: one JSON document (lossless) or one CSV file per table, written and read as streams.

The JSON export holds every table with its ids, rows ordered by id, columns in model order, dates
ISO, one row per line. Nothing that changes between runs is written unless asked (`exported_at`),
so export -> import into an empty database -> export is byte-identical. Rows pass through one at a
time in both directions: memory stays flat whatever the size of the store. A document in any other
JSON layout (re-indented, minified) is read whole instead, up to `files.MAX_WHOLE_BYTES`.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
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


@contextlib.contextmanager
def _reading(rows: Iterable[Row]) -> Iterator[Iterator[Row]]:
    """`rows` as an iterator closed when the block ends, even on a failed write: a stream ends its cursor
    while the database is still open, instead of whenever it is collected."""
    each = iter(rows)
    try:
        yield each
    finally:
        close = getattr(each, "close", None)
        if close is not None:
            close()


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
    for t, (name, _, table_rows) in enumerate(tables):
        out.write(("," if t else "") + f"\n    {json.dumps(name)}: [")
        first = True
        with _reading(table_rows) as rows:
            for row in rows:
                out.write(("\n" if first else ",\n") + "      " + json.dumps(row, ensure_ascii=False))
                first = False
                count += 1
        out.write("]" if first else "\n    ]")
    out.write("\n  }\n}\n")
    return count


# What a spreadsheet takes for the start of a formula (OWASP's CSV injection list), and a plain number,
# which it reads as a number, never as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)\Z")


def spreadsheet_text(text: str) -> str:
    """`text` as a CSV cell no spreadsheet evaluates: a leading "'" when it would start a formula."""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return spreadsheet_text(value) if isinstance(value, str) else value


# A spreadsheet shows ids as numbers: beside each of these id columns the CSV export writes the name
# of the row it points at, from the tables written before it (companies, contacts, applications).
# (id column, the table it points at, the name column written after it)
NAMED_IDS = {"company_id": ("company", "company"), "person_id": ("person", "contact"),
             "application_id": ("application", "application")}
NAME_OF = {"company": "name", "person": "name", "application": "title"}  # the column that names a row


def _with_names(name: str, columns: list[str], names: dict[str, dict[Any, str]]) -> tuple[list[str], list[tuple]]:
    """The header with a name column after each id column that points at a named table, and where."""
    header, extra = [], []
    for i, column in enumerate(columns):
        header.append(column)
        target = NAMED_IDS.get(column)
        if target is not None and target[0] != name and target[1] not in columns:
            header.append(target[1])
            extra.append((i, names.setdefault(target[0], {})))
    return header, extra


def write_csv(folder: Path, tables: Iterable[Table]) -> list[Path]:
    """One `<table>.csv` per table in `folder` (empty cells for nulls, true/false for flags), owner-only.

    Formulas are neutralised (OWASP's rule for CSV injection): a text cell that starts with `=`, `+`,
    `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text instead
    of running it (`=HYPERLINK(...)` is written `'=HYPERLINK(...)`). A text cell that is a plain number
    (`-5`, `+3.5`) is left alone, since a spreadsheet reads it as that number; so are the numbers,
    flags and dates crm writes itself. Only the CSV export does this: the JSON export keeps every
    value exactly as stored.

    Every file is written to a temporary file first and all are renamed into place only once every
    table is written: a failure leaves the folder as it was (a folder made for the export is removed).
    Beside each id that points at a company, a contact or an application stands its name (`NAMED_IDS`).
    """
    names: dict[str, dict[Any, str]] = {}  # table -> id -> name, filled as each named table goes by
    made = not folder.is_dir()
    if made:  # a file of that name: FileExistsError, which the command reports
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # whatever the umask; an existing folder is the user's to set
    written = []
    try:
        with contextlib.ExitStack() as files:
            for name, columns, table_rows in tables:
                path = folder / f"{name}.csv"
                handle = files.enter_context(private_file(path))
                writer = csv.writer(handle)
                header, named = _with_names(name, list(columns), names)
                writer.writerow(header)
                mine = names.setdefault(name, {}) if name in NAME_OF else None
                with _reading(table_rows) as rows:
                    for row in rows:
                        cells = [_cell(v) for v in row.values()]
                        if mine is not None:
                            mine[row["id"]] = row[NAME_OF[name]] or ""
                        for i, found in reversed(named):  # from the right, so earlier positions stay put
                            cells.insert(i + 1, _cell(found.get(cells[i], "")))
                        writer.writerow(cells)
                handle.flush()  # a full disk shows here, before any file is renamed into place
                written.append(path)
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
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
