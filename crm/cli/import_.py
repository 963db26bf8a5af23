"""`crm import`: restore a crm export, or read a LinkedIn Connections.csv; all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import emit_json, message


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["crm", "linkedin"]),
              help="What FILE is [default: recognised from its content].")
@json_option
@with_store
def import_(file: Path, fmt: str | None, as_json: bool) -> None:
    """Import a crm JSON export (restore) or a LinkedIn Connections.csv; all or nothing.

    \b
    Example:
      crm import crm-backup.json
      crm import ~/Downloads/Connections.csv
    """
    from crm import store
    from crm.data import linkedin
    from crm.data.files import open_import, read_whole, sniff_format

    with open_import(file) as handle:
        kind = fmt or sniff_format(handle.read(20_000))
        handle.seek(0)
        if kind == "crm":
            summary = store.restore_stream(handle, file)
            if as_json:
                emit_json({"format": "crm", "tables": [t.__dict__ for t in summary.tables]})
            message(summary.describe())
            return
        parsed = linkedin.read_connections(read_whole(handle, file))
    result = store.import_connections(parsed.rows, parsed.skipped, parsed.kept)
    if as_json:
        emit_json({"format": "linkedin", "added": result.added, "updated": result.updated,
                   "unchanged": result.unchanged, "companies_added": result.companies_added,
                   "skipped": [{"line": s.line, "reason": s.reason} for s in result.skipped],
                   "kept_with_problems": [{"line": k.line, "reason": k.reason} for k in result.kept],
                   "merged": [{"line": m.line, "contact_id": m.contact_id, "contact": m.contact, "how": m.how}
                              for m in result.merged]})
    message(result.describe())
    for line in result.merges():
        message(f"  {line}")
    for problem in result.problems():
        message(f"  {problem}")
