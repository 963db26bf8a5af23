"""`crm unlog`: take back one logged interaction (a wrong date, the wrong contact, logged twice)."""

from __future__ import annotations

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import emit_json, message


@click.command()
@click.argument("interaction_ref", metavar="ID")
@json_option
@with_store
def unlog(interaction_ref: str, as_json: bool) -> None:
    """Remove one logged interaction by its id (the "#12" that `crm history` shows).

    \b
    Example:
      crm history "Jane Doe"
      crm unlog 12
    """
    from crm import store

    i = store.resolve_interaction(interaction_ref)
    who = i.person.name
    record = store.remove_interaction(i)
    arrow = "to" if record["direction"] == "out" else "from"
    message(f"Removed {record['kind']} ({record['channel']}) {arrow} {who} "
            f"on {record['occurred_at']:%Y-%m-%d %H:%M} (#{record['id']})")
    if as_json:
        emit_json(record)
