"""`crm unlog`: take back one logged interaction (a wrong date, the wrong contact, logged twice)."""

from __future__ import annotations

import click

from crm.cli.common import json_option, with_store
from crm.cli.common import confirm_delete, yes_option
from crm.cli.output import emit_json, message


@click.command()
@click.argument("interaction_ref", metavar="ID")
@yes_option
@json_option
@with_store
def unlog(interaction_ref: str, yes: bool, as_json: bool) -> None:
    """Remove one logged interaction by its id (the "#12" that `crm history` shows).

    \b
    Example:
      crm history "Jane Doe"
      crm unlog 12 --yes
    """
    from crm import store

    i = store.resolve_interaction(interaction_ref)
    confirm_delete(store.label(i), store.removal_touches(i), yes, verb="Remove")
    who = i.person.name
    record = store.remove_interaction(i)
    arrow = "to" if record["direction"] == "out" else "from"
    message(f"Removed {record['kind']} ({record['channel']}) {arrow} {who} "
            f"on {record['occurred_at']:%Y-%m-%d %H:%M} (#{record['id']})")
    if as_json:
        emit_json(record)
