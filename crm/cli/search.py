"""`crm search`: find contacts, companies, applications and logged interactions by their words."""

from __future__ import annotations

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import wide_option
from crm.cli.output import emit_json, emit_table


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--kind", "kinds", metavar="KIND", multiple=True,
              help="Only contact, company, application or interaction results (repeat for several).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="At most this many results.")
@wide_option
@json_option
@with_store
def search(text: tuple[str, ...], kinds: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search contacts (name, title, email, notes), companies (name, domain, notes), applications (title,
    company, department, location, notes) and logged interactions (notes), best match first.

    Every word must match the start of a word ("glob" finds Globex); case and accents do not matter
    ("lena" finds Léna). The ID is the REF the other commands take.

    \b
    Example:
      crm search lena
      crm search "backend glob" --kind application --json
    """
    from crm import store

    hits = store.search(" ".join(text), kinds=kinds, limit=limit)
    if as_json:
        emit_json([h.record() for h in hits])
        return
    emit_table([(h.kind, h.id, h.label, f"{h.field}: {h.snippet}") for h in hits], ["KIND", "ID", "WHAT", "MATCH"],
               empty="No matches.")
