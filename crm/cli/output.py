"""The one renderer: readable tables for people, JSON for programs. Data to stdout, messages to stderr."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Sequence

import click


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(data: Any) -> None:
    """Print `data` as indented JSON (dates as ISO strings, keys in the order given)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_default))


MAX_CELL = 100  # characters; a 2,000-character tracking URL must not make every row a screen wide


def _cell(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).replace("\n", " ")


def emit_table(rows: Iterable[Sequence[Any]], headers: Sequence[str], *, empty: str = "Nothing to show.") -> None:
    """Print rows as an aligned plain-text table, or `empty` (to stderr) when there are none."""
    cells = [[_cell(v) for v in row] for row in rows]
    if not cells:
        click.echo(empty, err=True)
        return
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()
    click.echo(line)
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def message(text: str) -> None:
    """A note for the person at the terminal (stderr), never mixed into data."""
    click.echo(text, err=True)


def emit_fields(record: dict[str, Any], keys: Sequence[str] | None = None) -> None:
    """Print one record as aligned `key: value` lines, skipping empty values."""
    shown = [(k, _cell(record.get(k))) for k in (keys or list(record))]
    shown = [(k.replace("_", " "), v) for k, v in shown if v]
    width = max((len(k) for k, _ in shown), default=0)
    for key, value in shown:
        click.echo(f"{key + ':':<{width + 1}} {value}")
