"""The one renderer: readable tables for people, JSON for programs. Data to stdout, messages to stderr.

Also the renderings several commands share: a timeline, an address with where it came from, the
due list, a lookup's result. Nothing here reads the store.

Whatever reaches the terminal from the store or a page is shown with its control and bidi characters
escaped ("\\x1b[2J", "\\u202e"), so old rows, typed or imported text cannot drive the terminal; JSON
stays lossless, with those characters as \\u escapes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import click

from crm.text import json_visible, plural, visible

if TYPE_CHECKING:
    from crm.store import SaveResult
    from scrapers.team.emails import EmailGuess
    from scrapers.team.lookup import LookupResult


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(data: Any) -> None:
    """Print `data` as indented JSON (dates as ISO strings, keys in the order given)."""
    click.echo(json_visible(json.dumps(data, indent=2, ensure_ascii=False, default=_default)))


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
    return visible(str(value).replace("\n", " "))


def _set_wide(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["crm.wide"] = True


# Tables fit the terminal; `--wide` shows every cell whole (click keeps the flag in the context's meta,
# so a command adds the option and nothing else changes).
wide_option = click.option("--wide", is_flag=True, expose_value=False, callback=_set_wide,
                           help="Show every cell whole, however wide the terminal.")


def is_wide() -> bool:
    """True when the running command was given --wide."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get("crm.wide"))


def terminal_width() -> int | None:
    """The width output must fit: COLUMNS when set, else the terminal's; None when stdout is not a terminal
    (a script reading the output gets whole lines, as before) or when the command was given --wide."""
    import os
    import shutil
    import sys

    if is_wide():
        return None
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not sys.stdout.isatty():  # what click.echo writes to
        return None
    return shutil.get_terminal_size().columns


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters: whole, or cut with an ellipsis."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…" if width > 0 else ""


GAP = "  "  # between table columns


def fit_widths(natural: Sequence[int], headers: Sequence[str], width: int | None) -> list[int]:
    """Column widths that fit `width`: the widest columns give way first, down to a few characters
    each (a header's first letters stay readable); `None` keeps every column whole."""
    widths = list(natural)
    if width is None:
        return widths
    room = width - len(GAP) * (len(widths) - 1)
    if sum(widths) <= room:
        return widths
    floor = [min(n, max(3, min(len(h), 6))) for n, h in zip(natural, headers)]
    low, high = 0, max(widths)
    while low < high:  # the largest cap at which the capped widths fit
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floor)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [max(f, min(n, low)) for n, f in zip(natural, floor)]
    spare = room - sum(widths)
    for i, n in enumerate(natural):  # hand what is left to the columns still cut, left to right
        if spare <= 0:
            break
        extra = min(spare, n - widths[i])
        if extra > 0:
            widths[i] += extra
            spare -= extra
    return widths


def table_lines(cells: list[list[str]], headers: Sequence[str], width: int | None) -> list[str]:
    """An aligned table's lines (header, rule, rows) fitted to `width`: cells cut with …, never wrapped."""
    natural = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    widths = fit_widths(natural, headers, width)
    rows = [list(headers), ["-" * w for w in widths], *cells]
    lines = [GAP.join(cut(c, w).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    # Past the narrowest columns a line can still be too long: cut it too, never let the terminal wrap it.
    return [cut(line, width) for line in lines] if width is not None else lines


def emit_table(rows: Iterable[Sequence[Any]], headers: Sequence[str], *, empty: str = "Nothing to show.") -> None:
    """Print rows as an aligned plain-text table fitting the terminal (see `terminal_width`), or `empty`
    (to stderr) when there are none."""
    whole = is_wide()
    cells = [[_text(v) if whole else _cell(v) for v in row] for row in rows]
    if not cells:
        click.echo(empty, err=True)
        return
    for line in table_lines(cells, headers, terminal_width()):
        click.echo(line)


def message(text: str) -> None:
    """A note for the person at the terminal (stderr), never mixed into data; only its line breaks act."""
    click.echo("\n".join(visible(line) for line in text.split("\n")), err=True)


def emit_fields(record: dict[str, Any], keys: Sequence[str] | None = None) -> None:
    """Print one record as aligned `key: value` lines, skipping empty values."""
    whole = is_wide()
    shown = [(k, _text(record.get(k)) if whole else _cell(record.get(k))) for k in (keys or list(record))]
    shown = [(k.replace("_", " "), v) for k, v in shown if v]
    width = max((len(k) for k, _ in shown), default=0)
    room = terminal_width()
    for key, value in shown:
        line = f"{key + ':':<{width + 1}} {value}"
        click.echo(cut(line, room) if room else line)


def emit_history(events: list[dict[str, Any]]) -> None:
    """Print timeline records as a WHEN / TYPE / WHAT table; what can be removed shows its id ("#12")."""
    emit_table([(e["at"].strftime("%Y-%m-%d %H:%M") if e["type"] != "status" else e["at"].date(), e["type"],
                 e["summary"] if e["type"] == "status" else f"#{e['id']} {e['summary']}") for e in events],
               ["WHEN", "TYPE", "WHAT"], empty="No history yet.")


_EMAIL_ORIGINS = {"page": "published on the company's site", "import": "from LinkedIn"}


def email_label(record: dict[str, Any]) -> str | None:
    """The address with where it came from: "jane.doe@acme.com (guessed, 0.80)"; a typed one bare."""
    email, source = record.get("email"), record.get("email_source")
    if not email:
        return None
    if source == "guessed":
        confidence = record.get("email_confidence")
        return f"{email} (guessed" + (f", {confidence:.2f})" if confidence is not None else ")")
    return f"{email} ({_EMAIL_ORIGINS[source]})" if source in _EMAIL_ORIGINS else email


def app_label(title: str | None, company: str | None) -> str:
    """"Backend Engineer at Acme"; either part may be missing."""
    return " at ".join(x for x in (title, company) if x)


def emit_due(items: list[dict[str, Any]], cold: list[dict[str, Any]], *, as_json: bool, marked: bool,
             empty: str = "Nobody is due. Nice.") -> None:
    """The cadence's due list (stdout) and the applications gone cold (stderr, "would mark" unless marked)."""
    if as_json:
        emit_json(items)
    else:
        emit_table([(i["due_on"], i["urgency"], i["days_overdue"] or "", i["contact"]["name"],
                     app_label(i["application"]["title"], i["application"]["company"]) if i["application"] else "",
                     i["kind"], i["rule"], i["reason"]) for i in items],
                   ["DUE", "URGENCY", "LATE", "CONTACT", "APPLICATION", "KIND", "RULE", "REASON"],
                   empty=empty)
    verb = "Marked cold" if marked else "Would mark cold"
    for entry in cold:
        app = entry["application"]
        label = app_label(app["title"], app["company"]) or f"application #{app['id']}"
        message(f"{verb}: #{app['id']} {label} ({entry['reason']})")
    if cold and not marked:
        message("Record it with: crm due --mark-cold")


def you_know_line(company: str, connections: list[dict[str, Any]]) -> str:
    """"You know 2 people at Acme: Jane Doe (Director of Engineering), Raj Patel."."""
    people = ", ".join(f"{c['name']} ({c['title']})" if c["title"] else c["name"] for c in connections)
    count = f"{len(connections)} " + ("person" if len(connections) == 1 else "people")
    return visible(f"You know {count} at {company}: {people}.")


def email_text(guess: EmailGuess) -> str:
    """"jane.doe@acme.com (guessed, {first}.{last} seen 3 times, 0.80)" or "... (published on URL)"."""
    if not guess.guessed:
        return f"{guess.address} (published on {guess.sources[0]})" if guess.sources else f"{guess.address} (published)"
    if guess.evidence:
        seen = f"{guess.pattern} seen {plural(guess.evidence, 'time')}"
    else:
        seen = f"{guess.pattern} assumed, no addresses published"
    return f"{guess.address} (guessed, {seen}, {guess.confidence:.2f})"


def emit_lookup(result: LookupResult, top: int, connections: list[dict[str, Any]] | None = None) -> None:
    """A lookup for people: posting line, ranked table, likely emails, your connections, LinkedIn link, pages."""
    from scrapers.extract.posting import role_title

    p = result.posting
    where = ", ".join(x for x in (p.department, p.team, p.location) if x)
    click.echo(visible(f"{role_title(p)} at {p.company or 'a company the posting does not name'}"
                       + (f" ({where})" if where else "")))
    click.echo(visible(p.url))
    click.echo("")
    chosen = list(enumerate(result.candidates[:top], 1))
    rows = [(i, c.name, c.title, f"{c.score:.2f}", "; ".join(c.reasons)) for i, c in chosen]
    emit_table(rows, ["#", "NAME", "TITLE", "SCORE", "WHY"], empty="No people found on the company's pages.")
    emails = [(i, c.name, email_text(guess)) for i, c in chosen if (guess := result.email_for(c.name))]
    if emails:
        click.echo("")
        click.echo(visible(f"Likely email addresses at {result.mail_domain} "
                           "(a guess is never verified, nothing was sent):"))
        emit_table(emails, ["#", "NAME", "EMAIL"])
    if connections:
        click.echo("")
        click.echo(you_know_line(p.company, connections))
    click.echo("")
    click.echo(visible(f"LinkedIn search (open it yourself): {result.linkedin_search}"))
    click.echo(f"Pages read ({plural(result.requests, 'request')}, robots.txt included):")
    for page in result.pages:
        click.echo(f"  {visible(page)}")
    for page in result.missed:
        click.echo(f"  {visible(page)} (not found)")


def saved_line(saved: SaveResult) -> str:
    """One sentence on what `lookup --save` wrote."""
    parts = [f"application #{saved.application_id} " + ("saved" if saved.application_created else "already saved"),
             plural(saved.contacts_created, "new contact")]
    if saved.hiring_manager:
        parts.append(f"hiring manager: {visible(saved.hiring_manager)} ({saved.score:.2f})")
    return "Saved: " + ", ".join(parts) + "."


def capped_line(saved: SaveResult) -> str | None:
    """"Note: saved 25 of 2,000 people found (the best ranked); --save-top to change.", when some were left out."""
    if saved.people_saved >= saved.people_found:
        return None
    return (f"Note: saved {saved.people_saved:,} of {saved.people_found:,} people found (the best ranked); "
            "--save-top to change.")
