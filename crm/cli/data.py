"""`crm export`, `crm import` and `crm contact export`: your data in and out."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import emit_json, message
from crm.text import plural


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn a failed write (no such folder, a file where a folder should be) into one Error line."""
    from crm.errors import CrmError

    try:
        yield
    except OSError as e:
        raise CrmError(f"cannot write {path}: {e.strerror or e}") from None


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="One JSON document (what `crm import` restores), or one CSV file per table for spreadsheets.")
@click.option("--out", type=click.Path(path_type=Path), metavar="PATH",
              help="File for JSON (default: stdout); folder for CSV (required).")
@click.option("--timestamp", is_flag=True, help="Record exported_at (the file then differs between runs).")
@with_store
def export(fmt: str, out: Path | None, timestamp: bool) -> None:
    """Export the whole store, ids included, to restore with `crm import`.

    \b
    Example:
      crm export --out crm-backup.json
      crm export --format csv --out crm-backup/
    """
    from crm import backup
    from crm.models import now

    if fmt == "csv":
        if out is None:
            raise click.UsageError("--format csv needs --out FOLDER")
        with _writing(out):
            written = backup.write_csv(out)
        message(f"Wrote {plural(len(written), 'CSV file')} to {out}")
        return
    doc = backup.export_document(exported_at=now() if timestamp else None)
    text = backup.dump_json(doc)
    rows = sum(len(r) for r in doc["tables"].values())
    if out is None:
        click.echo(text, nl=False)
        return
    with _writing(out):
        backup.write_private(out, text)  # owner-only, atomic, the same bytes on every platform
    message(f"Exported {plural(rows, 'row')} to {out}")


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
    from crm import backup, linkedin

    data = backup.read_file(file)
    kind = fmt or backup.sniff_format(data)
    if kind == "crm":
        summary = backup.restore(backup.parse_export(data))
        if as_json:
            emit_json({"format": "crm", "tables": [t.__dict__ for t in summary.tables]})
        message(summary.describe())
        return
    parsed = linkedin.read_connections(data)
    result = linkedin.import_connections(parsed.rows, parsed.skipped, parsed.kept)
    if as_json:
        emit_json({"format": "linkedin", "added": result.added, "updated": result.updated,
                   "unchanged": result.unchanged, "companies_added": result.companies_added,
                   "skipped": [{"line": s.line, "reason": s.reason} for s in result.skipped],
                   "kept_with_problems": [{"line": k.line, "reason": k.reason} for k in result.kept]})
    message(result.describe())
    for problem in result.problems():
        message(f"  {problem}")


@click.command("export")
@click.option("--vcf", required=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              metavar="FILE", help="Write vCard 3.0 to FILE ('-' for stdout).")
@click.argument("refs", nargs=-1, metavar="[REF]...")
@with_store
def contact_export(vcf: Path, refs: tuple[str, ...]) -> None:
    """Export contacts (all, or the REFs given) as vCard 3.0 for an address book.

    \b
    Example:
      crm contact export --vcf contacts.vcf
      crm contact export --vcf jane.vcf "Jane Doe"
    """
    from peewee import JOIN

    from crm.models import Company, Person
    from crm.refs import resolve_contact
    from crm.vcard import vcards_text

    if refs:
        people = list({p.id: p for p in (resolve_contact(r) for r in refs)}.values())
    else:
        query = Person.select(Person, Company).join(Company, JOIN.LEFT_OUTER)
        people = list(query.order_by(Person.id))
    text = vcards_text(people)
    if str(vcf) == "-":
        click.echo(text, nl=False)
        return
    with _writing(vcf), vcf.open("w", encoding="utf-8", newline="") as handle:  # keep vCard's CRLF
        handle.write(text)
    message(f"Wrote {plural(len(people), 'contact')} to {vcf}")
