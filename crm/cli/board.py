"""`crm board`: the whole search at a glance, a column per status (rows on a narrow terminal)."""

from __future__ import annotations

from typing import Any

import click

from crm.cli.common import json_option, today_from, today_option, with_store
from crm.cli.output import cut, emit_json, is_wide, table_lines, terminal_width, wide_option
from crm.text import visible

NOT_A_TERMINAL_WIDTH = 100  # the board's width when printed to a file or a pipe (COLUMNS overrides it)
MIN_COLUMN = 22  # narrower than this, a column cannot hold a card: the board turns into rows
SEPARATOR = " | "


def _step_lines(app: dict[str, Any]) -> list[str]:
    """The next action in two short lines (what and when, then who or how), so a narrow card keeps it."""
    step = app["next"]
    if step is None:
        return ["→ nothing planned"]
    kind, on, late = step["kind"], step["on"], step["days_overdue"]
    if kind == "interview":
        return ["→ interview", "  " + step["text"].removeprefix("interview ")]
    if kind == "apply":
        return ["→ apply", f"  then: crm app status {app['id']} applied"]
    if kind == "link":
        return ["→ nobody to write to", f"  crm app link {app['id']} CONTACT"]
    if kind == "decision":
        return [f"→ decision expected {on}"]
    return [f"→ {kind}, " + (f"{late}d late" if late else f"due {on}"), f"  to {step['contact']}"]


def _card(app: dict[str, Any]) -> list[str]:
    """A card's lines: id and title, company and days in the stage, the next action."""
    days = app["days_in_stage"]
    stage = f"{days}d in stage" if days is not None else ""
    return [visible(line) for line in [f"#{app['id']} {app['title'] or '(untitled)'}",
                                       " · ".join(x for x in (app["company"], stage) if x), *_step_lines(app)]]


def _columns(columns: list[dict[str, Any]], width: int | None) -> list[str] | None:
    """The board as side-by-side columns, or None when `width` cannot hold them."""
    heads = [f"{c['status'].upper()} ({len(c['applications'])})" for c in columns]
    cards = [[_card(a) for a in c["applications"]] for c in columns]
    natural = max(max(len(h) for h in heads), *(len(line) for col in cards for card in col for line in card))
    if width is None:
        col = natural
    else:
        col = (width - len(SEPARATOR) * (len(columns) - 1)) // len(columns)
        if col < MIN_COLUMN:
            return None
        col = min(col, natural)
    stacks = []
    for head, col_cards in zip(heads, cards):
        lines = [cut(head, col), "-" * col]
        for i, card in enumerate(col_cards):
            lines += ([""] if i else []) + [cut(line, col) for line in card]
        stacks.append(lines)
    lines = []
    for i in range(max(len(s) for s in stacks)):
        cells = [s[i] if i < len(s) else "" for s in stacks]
        last = max(j for j, cell in enumerate(cells) if cell) if any(cells) else 0
        lines.append(SEPARATOR.join(cell.ljust(col) for cell in cells[: last + 1]).rstrip())
    return lines


def _rows(columns: list[dict[str, Any]], width: int | None) -> list[str]:
    """The board as one table, a section per status, for a terminal too narrow for columns."""
    cells = [[f"#{a['id']}", visible(" at ".join(x for x in (a["title"], a["company"]) if x)),
              f"{a['days_in_stage']}d" if a["days_in_stage"] is not None else "",
              visible(a["next"]["text"]) if a["next"] else ""] for c in columns for a in c["applications"]]
    table = table_lines(cells, ["ID", "APPLICATION", "DAYS", "NEXT"], width)
    lines, rows = table[:2], iter(table[2:])
    for i, column in enumerate(columns):
        lines += ([""] if i else []) + [cut(f"{column['status'].upper()} ({len(column['applications'])})",
                                            width or 10**6)]
        lines += [next(rows) for _ in column["applications"]]
    return lines


@click.command()
@click.option("--active", "active_only", is_flag=True,
              help="Leave out closed applications (accepted, rejected, withdrawn, ghosted).")
@click.option("--rows", "as_rows", is_flag=True,
              help="The narrow layout (one table, a section per status) even on a wide terminal.")
@today_option
@wide_option
@json_option
@with_store
def board(active_only: bool, as_rows: bool, today_text: str, as_json: bool) -> None:
    """Every application on a board: a column per status, each card with its company, days in its
    stage and its next action from the follow-up cadence (rows on a narrow terminal).

    \b
    Example:
      crm board
      crm board --active --json
    """
    from crm import store
    from crm.followup.settings import load_settings

    today = today_from(today_text)
    columns = store.board(today, load_settings(), active_only=active_only)
    if as_json:
        emit_json(columns)
        return
    if not columns:
        click.echo("No applications yet: crm app add URL (or crm lookup URL --save).", err=True)
        return
    width = None if is_wide() else (terminal_width() or NOT_A_TERMINAL_WIDTH)
    laid = None if as_rows else _columns(columns, width)
    for line in laid if laid is not None else _rows(columns, width):
        click.echo(line)
