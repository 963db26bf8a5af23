"""`crm sources`: where `crm lookup` looks for people, which sources are on, and why the others are off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from crm.cli.common import json_option
from crm.cli.output import emit_json, emit_table, wide_option

if TYPE_CHECKING:
    from scrapers.sources.registry import Choice


@click.command()
@click.option("--sources", "source_names", metavar="NAMES",
              help="Show what `crm lookup --sources NAMES` would run (comma-separated).")
@wide_option
@json_option
def sources(source_names: str | None, as_json: bool) -> None:
    """List the people sources: name, kind, on or off and why, the key and API variables each reads.

    A lookup reads the chosen sources in this order: --sources, else `[lookup] sources` in
    config.toml, else the defaults. A source that needs a key it lacks is off whatever is chosen.
    Keys are only ever said to be set or not set, never shown.

    \b
    Example:
      crm sources
      crm sources --sources team,posting,blog,github
      crm sources --wide
      HUNTER_API_KEY=... crm sources --json
    """
    import os

    from crm.lookup import configured_sources
    from scrapers.sources.registry import choose, parse_names

    chosen = parse_names(source_names) if source_names is not None else None
    choices = choose(chosen, config=configured_sources() if chosen is None else None, env=os.environ)
    if as_json:
        emit_json([_describe(c) for c in choices])
        return
    rows = [(c.source.NAME, c.source.KIND, "on" if c.on else "off", c.why, _key_state(c), c.source.API_ENV or "",
             c.source.DESCRIPTION) for c in choices]
    emit_table(rows, ["NAME", "KIND", "STATE", "WHY", "KEY", "API ENV", "READS"], empty="No people sources registered.")


def _key_state(choice: Choice) -> str:
    source = choice.source
    if not source.KEY_ENV:
        return ""
    state = "set" if source.key() else "not set"
    return f"{source.KEY_ENV} {state}" + ("" if source.KEY_REQUIRED else " (optional)")


def _describe(choice: Choice) -> dict[str, Any]:
    """One source as JSON: what it is, whether it runs, why not, what it reads (never a key's value)."""
    s = choice.source
    return {"name": s.NAME, "kind": s.KIND, "on": choice.on, "why": choice.why, "description": s.DESCRIPTION,
            "key_env": s.KEY_ENV, "key_set": bool(s.key()) if s.KEY_ENV else None, "key_required": s.KEY_REQUIRED,
            "api_env": s.API_ENV, "api_base": s.api_base() or None, "on_by_default": s.ON_BY_DEFAULT,
            "module": s.__module__}
