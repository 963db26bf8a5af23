"""What every command module shares: opening the store, the --json and --today options, seconds."""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any, Callable

import click

from crm.text import DATE_WORDS


def _db_url(ctx: click.Context | None = None) -> str | None:
    root = (ctx or click.get_current_context()).find_root()
    return (root.obj or {}).get("db_url")


def open_store(ctx: click.Context | None = None) -> None:
    """Open and migrate the database named by `--db` / `CRM_DATABASE_URL`; closed when the command ends."""
    from crm import store

    ctx = ctx or click.get_current_context()
    store.open_store(_db_url(ctx))
    ctx.find_root().call_on_close(store.close_store)
    store.begin_change(command_line(ctx))


def command_line(ctx: click.Context) -> str:
    """The command as typed, for the undo journal: `crm contact rm 'Jane Doe'` (never --db and its URL)."""
    import shlex

    words, argv = ["crm"], list(ctx.meta.get("crm.argv", []))
    while argv:
        word = argv.pop(0)
        if word == "--db":
            argv = argv[1:]
        elif not word.startswith("--db="):
            words.append(word)
    return shlex.join(words)


def open_existing_store(ctx: click.Context | None = None) -> bool:
    """Open the store only when it exists already (a lookup must not create one); True when open."""
    from crm import store
    from crm.errors import CrmError
    from crm.cli.output import message

    ctx = ctx or click.get_current_context()
    try:
        opened = store.open_existing_store(_db_url(ctx))
    except CrmError as e:
        message(f"Note: your connections were not checked: {e}")
        return False
    if opened:
        ctx.find_root().call_on_close(store.close_store)
        store.begin_change(command_line(ctx))
    return opened


def with_store(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: open the store before the command body runs."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        open_store()
        return func(*args, **kwargs)

    return wrapper


class Seconds(click.FloatRange):
    """A number of seconds up to an hour; unlike click.FloatRange, "nan" and "inf" are refused.

    Past the range the client's sleep raised OverflowError, and a NaN compares false with both
    bounds, so FloatRange alone lets it through.
    """

    name = "seconds"

    def __init__(self, *, zero_ok: bool) -> None:
        super().__init__(min=0, max=3600, min_open=not zero_ok)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The value as a float, or click's usage error when it is not a finite number in range."""
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


# The longest span a day-count option takes: ten years. Past it a date sum leaves the calendar
# (OverflowError) long before it means anything; click reports the range as a usage error.
MAX_DAYS = 3650

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
today_option = click.option("--today", "today_text", metavar="DATE", default="today", show_default=True,
                            help=f"Pretend it is this day ({DATE_WORDS}).")


def today_from(text: str) -> dt.date:
    """The day a `--today` option names (CRM_TODAY or the clock for "today")."""
    from crm.dates import parse_date

    return parse_date(text)


new_company_option = click.option(
    "--new-company", is_flag=True,
    help="Create the company --company names when none has that name (without it a name that matches "
         "no company is refused, so a typo never makes one).")


def company_from(ref: str | None, new_company: bool) -> tuple[Any, bool]:
    """The company `--company REF` names and whether it was just created; (None, False) without one.
    Needs the store open and a transaction around it, so a new company goes only with the record."""
    if ref is None:
        if new_company:
            raise click.UsageError("--new-company needs --company NAME")
        return None, False
    from crm import store

    return store.company_for(ref, create=new_company)


def say_created(company: Any, created: bool) -> None:
    """Tell the user (stderr) that `--company` created a company."""
    if created:
        from crm.cli.output import message

        message(f"Created company #{company.id} {company.name}")


def say_waiting(message: str) -> None:
    """What the HTTP client is waiting for (a Retry-After, a back-off), on stderr: never in --json output."""
    import sys

    clear = "\r\x1b[K" if sys.stderr.isatty() else ""  # over a status line being drawn
    click.echo(f"{clear}crm: {message}", err=True, color=bool(clear))


class StatusLine:
    """One line on stderr redrawn in place, on a terminal only: the step a long command is at ("reading
    https://acme.example/team · 12 people so far"). Steps come as "reading ..." (the page) and anything
    else (what was found so far); the line shows the latest of each, cut to the terminal's width."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._page = self._found = ""
        self._drawn = False

    @classmethod
    def for_terminal(cls, quiet: bool = False) -> "StatusLine":
        import sys

        return cls(not quiet and sys.stderr.isatty())

    def __call__(self, step: str) -> None:
        if not self.enabled:
            return
        if step.startswith("reading "):
            self._page = step
        else:
            self._found = step
        import shutil

        from crm.text import visible

        text = visible("crm: " + " · ".join(x for x in (self._page, self._found) if x))
        width = shutil.get_terminal_size().columns - 1
        click.echo("\r\x1b[K" + (text if len(text) <= width else text[:width - 1] + "…"), err=True, nl=False,
                   color=True)  # click would strip the escape codes where it guesses no terminal
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            click.echo("\r\x1b[K", err=True, nl=False, color=True)
            self._drawn = False


yes_option = click.option("--yes", "-y", "yes", is_flag=True,
                          help="Do it without asking (for scripts; without a terminal crm asks for this).")


def interactive() -> bool:
    """True when a person can answer a question: stdin is a terminal."""
    import sys

    return sys.stdin.isatty()


def confirm_delete(what: str, touches: list[Any], yes: bool, *, verb: str = "Delete") -> None:
    """Say what a delete touches and ask first on a terminal; `--yes` skips the question.

    Without a terminal and without --yes nothing happens: one Error line names --yes.
    """
    from crm.cli.output import message
    from crm.errors import CrmError
    from crm.text import visible

    if yes:
        return
    if not interactive():
        doing = {"Delete": "deleting", "Remove": "removing"}.get(verb, verb.lower())
        raise CrmError(f"{doing} {what} needs a yes: add --yes to confirm (stdin is not a terminal to ask on); "
                       "nothing was done")
    deleted = [t.describe() for t in touches if t.deleted]
    kept = [t.describe() for t in touches if not t.deleted]
    message(visible(f"{verb} {what}" + (", with:" if deleted else ".")))
    for line in deleted:
        message(visible(f"  {line}"))
    if kept:
        message("These stay, without the link:")
        for line in kept:
            message(visible(f"  {line}"))
    if not click.confirm(f"{verb}? (crm undo takes it back)", default=False, err=True):
        message("Nothing was done.")
        click.get_current_context().exit(1)
