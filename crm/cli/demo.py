"""`crm demo`: the whole flow offline, against a bundled sample company site and a throwaway database."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import click

from crm.cli.output import message

DEMO_SITE = Path(__file__).resolve().parent.parent / "demo_site"


def demo_posting_path() -> str:
    """The path of the bundled sample posting (the first in the demo site's truth.json)."""
    truth = json.loads((DEMO_SITE / "truth.json").read_text(encoding="utf-8"))
    return truth["postings"][0]["path"]


def _step(number: int, text: str) -> None:
    click.echo("")
    click.echo(click.style(f"== Step {number}: {text}", bold=True))


@click.command()
@click.option("--keep", is_flag=True, help="Keep the throwaway database and print its path.")
def demo(keep: bool) -> None:
    """See the whole flow offline: lookup, save and due on a sample company site.

    Serves a bundled sample company site on 127.0.0.1, looks up the hiring manager for its posting
    (with likely email addresses learned from the site's published ones), saves the result to a
    throwaway SQLite database, then lists who is due for a follow-up. Your own database is never
    touched.

    \b
    Example:
      crm demo
      crm demo --keep
    """
    import datetime as dt

    from crm.cli.lookup import render, run_lookup, saved_line
    from crm.db import close_db, init_db
    from crm.errors import CrmError
    from crm.lookup_save import save_lookup
    from scrapers.localserver import LocalServer

    if not (DEMO_SITE / "site").is_dir():
        raise CrmError(f"the demo site is missing from this installation ({DEMO_SITE})")
    folder = Path(tempfile.mkdtemp(prefix="crm-demo-"))
    db_path = folder / "demo.sqlite3"
    try:
        with LocalServer(root=DEMO_SITE / "site") as site:
            url = site.url(demo_posting_path())
            _step(1, f"a sample company site is served at {site.base_url}")
            click.echo(f"$ crm lookup {url}")
            _step(2, "look up the hiring manager (posting -> company pages -> people -> ranking)")
            result = run_lookup(url, delay=0, sleep=lambda seconds: None)
            render(result, 5)
        _step(3, "save the application, the people and the hiring manager (crm lookup --save)")
        init_db(f"sqlite:///{db_path}")
        try:
            saved = save_lookup(result)
            click.echo(saved_line(saved))
            if saved.hiring_manager:
                from crm.cli.contact import email_label
                from crm.models import Person

                manager = Person.get(Person.name == saved.hiring_manager)
                label = email_label({"email": manager.email, "email_source": manager.email_source,
                                     "email_confidence": manager.email_confidence})
                if label:
                    click.echo(f"Stored for {manager.name}: {label}")
            again = save_lookup(result)
            click.echo(f"Saving again adds {again.contacts_created} contacts and {again.links_created} links "
                       "(it is idempotent).")
            _step(4, "who is due for a follow-up (crm due)")
            from crm import store

            due_simple = getattr(store, "due_simple", None)
            if due_simple is None:
                click.echo("(skipped: this version has no `crm due` yet)")
            else:
                from crm.cli.due import _app_label
                from crm.cli.output import emit_table

                items = due_simple(dt.date.today(), 7)
                emit_table([(i["due_on"], i["contact"]["name"], _app_label(i["application"]), i["reason"])
                            for i in items], ["DUE", "CONTACT", "APPLICATION", "REASON"], empty="Nobody is due.")
        finally:
            close_db()
        click.echo("")
        click.echo("Next: try `crm lookup URL` on a real posting, then `crm due` every morning.")
    finally:
        if keep:
            message(f"Demo database kept at {db_path} (use: crm --db sqlite:///{db_path} app list)")
        else:
            shutil.rmtree(folder, ignore_errors=True)
