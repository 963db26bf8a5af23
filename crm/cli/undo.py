"""`crm undo`: take back the last change any command made (the journal keeps the last 200)."""

from __future__ import annotations

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import wide_option
from crm.cli.output import emit_json, emit_table, message


@click.command()
@click.option("--list", "listing", is_flag=True, help="Show the recent changes instead, newest first.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000),
              help="How many changes --list shows.")
@wide_option
@json_option
@with_store
def undo(listing: bool, limit: int, as_json: bool) -> None:
    """Take back the last change a command made (again: the one before it); --list shows them.

    \b
    Example:
      crm contact rm "Jane Doe" --yes
      crm undo
      crm undo --list
    """
    from crm import store

    if listing:
        changes = store.recent_changes(limit)
        if as_json:
            emit_json([c.record() for c in changes])
            return
        emit_table([(c.id, f"{c.made_at:%Y-%m-%d %H:%M}", c.command or "(not from the command line)",
                     c.describe(), "undone" if c.undone else "") for c in changes],
                   ["ID", "WHEN", "COMMAND", "CHANGED", "STATE"], empty="Nothing to undo yet.")
        return
    result = store.undo_last()
    change = result.change
    if as_json:
        emit_json({**change.record(), "restored": list(result.names)})
    what = change.command or "a change made outside the command line"
    message(f"Undid change #{change.id} ({what}, {change.made_at:%Y-%m-%d %H:%M}): {result.describe()}")
    if result.names:
        message("Back: " + ", ".join(result.names))
