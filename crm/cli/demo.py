"""`crm demo`: the whole flow offline, against a bundled sample company site and a throwaway database."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import click

from crm import clock
from crm.cli.output import email_label, emit_due, emit_lookup, message, saved_line
from crm.text import visible, visible_lines

DEMO_SITE = Path(__file__).resolve().parent.parent / "demo_site"


def demo_posting_path() -> str:
    """The path of the bundled sample posting (the first in the demo site's truth.json)."""
    truth = json.loads((DEMO_SITE / "truth.json").read_text(encoding="utf-8"))
    return truth["postings"][0]["path"]


def _follow_up(application_id: int, manager_name: str | None) -> None:
    """Steps 4 and 5: mark the saved application applied, then show the cadence's due list and a draft."""
    import datetime as dt

    from crm import store
    from crm.followup import drafts
    from crm.followup.settings import load_settings

    today = clock.today()
    settings = load_settings()
    application = store.resolve_application(str(application_id))
    store.set_status(application, "applied", today - dt.timedelta(days=3))
    click.echo(f"$ crm app status {application_id} applied --on {today - dt.timedelta(days=3)}")
    click.echo("$ crm due")
    planned = store.plan_due(today, settings)
    emit_due(planned.items, planned.cold, as_json=False, marked=False)
    if manager_name:
        _step(5, f"a short note to {manager_name}, never sent (crm draft)")
        person = store.resolve_contact(manager_name)
        chosen = store.choose_draft(person, application, None, today, settings)
        result = drafts.render(chosen.kind, chosen.context)
        guessed = " (guessed: check it before sending)" if person.email_source == "guessed" else ""
        click.echo(f"To: {visible(result.to)}{guessed}" if result.to else "To: (no address yet)")
        click.echo(f"Subject: {visible(result.subject)}\n\n{visible_lines(result.body)}", nl=False)


def _step(number: int, text: str) -> None:
    click.echo("")
    click.echo(click.style(f"== Step {number}: {text}", bold=True))


@click.command()
@click.option("--keep", is_flag=True, help="Keep the throwaway database and print its path.")
def demo(keep: bool) -> None:
    """See the whole flow offline: lookup, save and due on a sample company site.

    Serves a bundled sample company site on 127.0.0.1, looks up the hiring manager for its posting
    (with likely email addresses learned from the site's published ones), saves the result to a
    throwaway SQLite database, marks it applied, lists who is due for a follow-up and drafts the
    note. Your own database is never touched.

    \b
    Example:
      crm demo
      crm demo --keep
    """
    from crm import store
    from crm.errors import CrmError
    from crm.lookup import run_lookup
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
            emit_lookup(result, 5)
        _step(3, "save the application, the people and the hiring manager (crm lookup --save)")
        store.open_store(f"sqlite:///{db_path}")
        try:
            saved = store.save_lookup(result)
            click.echo(saved_line(saved))
            if saved.hiring_manager:
                manager = store.show_contact(store.resolve_contact(saved.hiring_manager))
                label = email_label(manager)
                if label:
                    click.echo(f"Stored for {manager['name']}: {label}")
            again = store.save_lookup(result)
            click.echo(f"Saving again adds {again.contacts_created} contacts and {again.links_created} links "
                       "(it is idempotent).")
            _step(4, "you applied three days ago; who is due for a follow-up? (crm due)")
            _follow_up(saved.application_id, saved.hiring_manager)
        finally:
            store.close_store()
        click.echo("")
        click.echo("Next: try `crm lookup URL` on a real posting, then `crm due` every morning.")
    finally:
        if keep:
            message(f"Demo database kept at {db_path} (use: crm --db sqlite:///{db_path} app list)")
        else:
            shutil.rmtree(folder, ignore_errors=True)
