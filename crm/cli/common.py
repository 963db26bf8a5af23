"""Helpers every command module shares: opening the store, the --json flag, date arguments."""

from __future__ import annotations

import functools
import math
from typing import Any, Callable

import click


def open_store(ctx: click.Context | None = None) -> None:
    """Bind and migrate the database named by `--db` / `CRM_DATABASE_URL`; closed when the command ends."""
    from crm.db import close_db, init_db

    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    url = (root.obj or {}).get("db_url")
    init_db(url)
    root.call_on_close(close_db)


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


def company_for(ref: str | None) -> tuple[Any, bool]:
    """The company `--company REF` names, or a new one when no name matches (True when created).

    The caller says "Created company ..." only after its own write succeeded, so a failed command
    neither keeps the new company nor claims to have made it.
    """
    if ref is None:
        return None, False
    from crm import store

    return store.find_or_create_company(ref)


def say_created(company: Any, created: bool) -> None:
    """Tell the user (stderr) that `--company` created a company."""
    if created:
        from crm.cli.output import message

        message(f"Created company #{company.id} {company.name}")
