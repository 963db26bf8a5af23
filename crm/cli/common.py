"""Helpers every command module shares: opening the store, the --json flag, date arguments."""

from __future__ import annotations

import functools
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


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def company_for(ref: str | None) -> Any:
    """The company `--company REF` names, created (and said so on stderr) when no name matches."""
    if ref is None:
        return None
    from crm import store
    from crm.cli.output import message

    found, created = store.find_or_create_company(ref)
    if created:
        message(f"Created company #{found.id} {found.name}")
    return found
