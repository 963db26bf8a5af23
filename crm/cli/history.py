"""`crm history`: a contact's or an application's timeline (interactions, status changes, interviews)."""

from __future__ import annotations

from typing import Any

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import wide_option
from crm.cli.output import emit_history, emit_json


@click.command()
@click.argument("ref")
@click.option("--contact", "kind", flag_value="contact", help="REF is a contact.")
@click.option("--app", "kind", flag_value="app", help="REF is an application.")
@wide_option
@json_option
@with_store
def history(ref: str, kind: str | None, as_json: bool) -> None:
    """Show a contact's or an application's timeline: interactions, status changes, interviews.

    \b
    Example:
      crm history "Jane Doe"
      crm history --app 3 --json
    """
    from crm import store
    from crm.errors import Ambiguous, NotFound

    found: dict[str, Any] = {}
    for name, resolve in (("contact", store.resolve_contact), ("app", store.resolve_application)):
        if kind in (None, name):
            try:
                found[name] = resolve(ref)
            except NotFound:
                if kind is not None:
                    raise
    if not found:
        raise NotFound(f"no contact or application matches {ref!r}")
    if len(found) > 1:
        p, a = found["contact"], found["app"]
        raise Ambiguous(f"{ref!r} is both contact #{p.id} {p.name} and application #{a.id}; "
                        "use --contact or --app")
    events = store.history(person=found.get("contact"), application=found.get("app"))
    if as_json:
        emit_json([e.record() for e in events])
        return
    emit_history([e.record() for e in events])
