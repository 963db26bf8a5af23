"""`crm export`: the whole store, ids included, as one JSON document or one CSV file per table."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from crm.cli.common import with_store
from crm.cli.output import message
from crm.text import plural


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="One JSON document (what `crm import` restores), or one CSV file per table for spreadsheets.")
@click.option("--out", type=click.Path(path_type=Path), metavar="PATH",
              help="File for JSON (default: stdout); folder for CSV (required).")
@click.option("--timestamp", is_flag=True, help="Record exported_at (the file then differs between runs).")
@with_store
def export(fmt: str, out: Path | None, timestamp: bool) -> None:
    """Export the whole store, ids included, to restore with `crm import` (streamed: any size).

    \b
    Example:
      crm export --out crm-backup.json
      crm export --format csv --out crm-backup/
    """
    from crm import clock, store
    from crm.data import export as formats
    from crm.data.files import private_file
    from crm.errors import CrmError

    if fmt == "csv" and out is None:
        raise click.UsageError("--format csv needs --out FOLDER")
    stamp = clock.now().isoformat() if timestamp else None
    # The tables are read in one transaction held open between rows: closing the stream ends it even
    # when a write fails half-way (a full disk), or closing the store would fail on an open transaction.
    with contextlib.closing(store.export_tables()) as tables:
        try:
            if fmt == "csv":
                written = formats.write_csv(out, tables)
                message(f"Wrote {plural(len(written), 'CSV file')} to {out}")
            elif out is None:
                formats.write_json(sys.stdout, tables, stamp)
            else:
                with private_file(out) as handle:  # owner-only, atomic, the same bytes on every platform
                    rows = formats.write_json(handle, tables, stamp)
                message(f"Exported {plural(rows, 'row')} to {out}")
        except OSError as e:  # no such folder, a file where a folder should be, a full disk
            if isinstance(e, BrokenPipeError):
                raise
            raise CrmError(f"cannot write {out or 'the output'}: {e.strerror or e}") from None
