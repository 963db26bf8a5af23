"""`crm mail ...`: keep the follow-up log from your own mailbox, read-only (IMAP, mbox or Maildir)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import emit_json, emit_table, message
from crm.text import DATE_WORDS

KEYRING_SERVICE = "crm-mail"


@click.group()
def mail() -> None:
    """Your mail: setup, sync, import, review, accept, dismiss, status, forget, alias.

    Reads your mailbox (never writes to it) and logs the messages to and from your contacts, so
    `crm due` follows the mail you really sent and received.

    \b
    Example:
      crm mail setup --host imap.example.com --user me@example.com
      crm mail sync
    """


def _config_path() -> Path:
    from crm.followup.settings import config_path

    return config_path()


def _password(config: Any, *, ask: bool = True) -> str:
    """CRM_MAIL_PASSWORD, else the system keyring (when installed), else a prompt; never stored by crm."""
    from crm.errors import CrmError

    secret = os.environ.get("CRM_MAIL_PASSWORD")
    if secret:
        return secret
    try:
        import keyring

        secret = keyring.get_password(KEYRING_SERVICE, config.account)
    except Exception:  # not installed, or no usable backend: fall through to the prompt
        secret = None
    if secret:
        return secret
    from crm.cli.common import interactive

    if ask and interactive():
        return click.prompt(f"Password for {config.user} at {config.host}", hide_input=True, err=True)
    raise CrmError("no mail password: set CRM_MAIL_PASSWORD, store it in the system keyring "
                   "(pip install 'crm[mail]'; crm mail setup --keyring), or run in a terminal to be asked")


@mail.command("setup")
@click.option("--host", help="The IMAP server (imap.gmail.com, outlook.office365.com, imap.fastmail.com ...).")
@click.option("--port", type=click.IntRange(1, 65535), help="[default: 993 for tls, 143 for starttls or plain]")
@click.option("--security", type=click.Choice(["tls", "starttls", "plain"]), default="tls", show_default=True,
              help="plain only to this machine (127.0.0.1, localhost).")
@click.option("--user", help="The login, usually your address.")
@click.option("--folder", "folders", multiple=True, help="A folder to read [default: INBOX]; may be repeated.")
@click.option("--sent", "sent", multiple=True, help="Your Sent folder [default: found on the server].")
@click.option("--address", "addresses", multiple=True, help="Another address of yours; may be repeated.")
@click.option("--cafile", type=click.Path(dir_okay=False), help="CA bundle for a server with its own certificate.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=20.0, show_default=True,
              help="Seconds to wait for the server to connect and to answer.")
@click.option("--keyring", "use_keyring", is_flag=True, help="Keep the password in the system keyring.")
@click.option("--no-test", is_flag=True, help="Write the settings without logging in.")
def setup(host: str | None, port: int | None, security: str, user: str | None, folders: tuple[str, ...],
          sent: tuple[str, ...], addresses: tuple[str, ...], cafile: str | None, timeout: float, use_keyring: bool,
          no_test: bool) -> None:
    """Say where your mailbox is; test the login and find the Sent folder; write [mail] in config.toml.

    The password is never written to config.toml: it comes from CRM_MAIL_PASSWORD, the system
    keyring (--keyring), or a prompt. Gmail, Outlook, iCloud, Yahoo and Fastmail want an app password.

    \b
    Example:
      crm mail setup --host imap.gmail.com --user me@gmail.com
    """
    from crm.data.files import write_private
    from crm.mail import config as mail_config
    from crm.mail import imap

    host = host or click.prompt("IMAP server", err=True)
    user = user or click.prompt("Login (usually your address)", err=True)
    table: dict[str, Any] = {"host": host, "user": user, "security": security,
                             "port": port or mail_config.DEFAULT_PORTS[security],
                             "folders": list(folders) or ["INBOX"], "sent": list(sent), "addresses": list(addresses),
                             "timeout": timeout}
    if cafile:
        table["cafile"] = str(Path(cafile).resolve())
    config = mail_config.from_table(table)
    if not no_test:
        password = _password(config)
        client = imap.connect(config, password)
        try:
            if not sent:
                found = imap.find_sent(client)
                table["sent"] = [found] if found else []
            for name in table["folders"] + table["sent"]:
                imap.examine(client, name)
        finally:
            imap.close(client)
        config = mail_config.from_table(table)
        if use_keyring:
            try:
                import keyring

                keyring.set_password(KEYRING_SERVICE, config.account, password)
            except ImportError:
                raise click.ClickException("the keyring needs: pip install 'crm[mail]'") from None
            except Exception as e:  # no backend on this machine
                raise click.ClickException(f"the system keyring refused the password: {type(e).__name__}") from None
    path = _config_path()
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, mail_config.with_section(old, config).encode())
    tested = "" if no_test else " (login tested)"
    message(f"Mail settings written to {path}{tested}: {config.user} at {config.host}:{config.port} ({config.security}); "
            f"folders {', '.join(config.folders)}; sent {', '.join(config.sent) or 'none found'}")


def _say(tally: Any, what: str) -> str:
    c = tally.counts
    parts = [f"{c['read']} read", f"{c['logged']} logged", f"{c['matched']} matched to hand-logged",
             f"{c['already']} already logged", f"{c['proposals']} proposals", f"{c['bounces']} bounces",
             f"{c['auto-replies']} automatic replies", f"{c['malformed']} unreadable skipped"]
    return f"{what}: " + ", ".join(parts)


def _record(batch: list[Any], book: Any, tally: Any, *, keep_bodies: bool, settings: Any, **where: Any) -> None:
    from crm import clock, store
    from crm.mail.message import Unreadable, read

    mails = []
    for fetched in batch:
        if not getattr(fetched, "full", True):
            continue
        try:
            mails.append(read(fetched.raw, getattr(fetched, "arrived", None)))
        except Unreadable:
            tally.add("malformed")
    tally.add("read", len(batch))
    store.record_mail(mails, book, tally, keep_bodies=keep_bodies, thank_you_days=settings.thank_you_days,
                      today=clock.today(), read=len(batch), **where)


@mail.command("sync")
@click.option("--since", metavar="DATE", help=f"On a folder's first sync, read nothing older ({DATE_WORDS}).")
@click.option("--folder", "folders", multiple=True, help="Only this folder; may be repeated [default: the configured ones].")
@click.option("--keep-bodies", is_flag=True, help="Store each logged message's whole text, not just a snippet.")
@click.option("--cafile", type=click.Path(dir_okay=False), help="CA bundle for a server with its own certificate.")
@json_option
@with_store
def sync(since: str | None, folders: tuple[str, ...], keep_bodies: bool, cafile: str | None, as_json: bool) -> None:
    """Read what is new in your mailbox and log the messages to and from your contacts.

    Read-only: folders are opened with EXAMINE and bodies read with BODY.PEEK, so nothing is
    marked read, moved or deleted. Each folder's place is kept, so a daily sync reads only what is
    new; a message already logged (by Message-ID, or by hand the same day) is never added twice.

    \b
    Example:
      crm mail sync --since 2026-09-01
    """
    import dataclasses

    from crm import store
    from crm.dates import parse_date
    from crm.followup.settings import load_settings
    from crm.mail import config as mail_config
    from crm.mail import imap

    config = mail_config.load(_config_path())
    if cafile:
        config = dataclasses.replace(config, cafile=cafile)
    first_day = parse_date(since) if since else None
    settings = load_settings()
    password = _password(config)
    client = imap.connect(config, password)
    tally = store.MailTally()
    try:
        book = store.mail_address_book(config.own)
        domains = {o.domain for o in book.openings if o.domain}
        wanted = imap.wanted_by(book.people, book.own, domains)
        chosen = folders or tuple(dict.fromkeys(config.folders + config.sent))
        for folder in chosen:
            validity, _next = imap.examine(client, folder)
            old_validity, last = store.mail_folder_state(config.account, folder)
            if old_validity is not None and old_validity != validity:
                last = 0  # the server renumbered the folder: read it again; Message-IDs keep it from doubling
            bounded = first_day is not None and not last
            uids = imap.new_uids(client, last, first_day if bounded else None)
            try:
                for batch in imap.read(client, uids, wanted):
                    _record(batch, book, tally, keep_bodies=keep_bodies, settings=settings, account=config.account,
                            folder=folder, sent=folder in config.sent, uid_validity=validity, last_uid=batch[-1].uid)
                if bounded and _next > 1:  # what --since left out stays out: the next run starts after today's mail
                    store.record_mail([], book, tally, account=config.account, folder=folder, uid_validity=validity,
                                      last_uid=_next - 1)
            except imap.BROKEN as e:  # the server or the network went away: whole batches are saved
                raise imap.MailError(f"the connection to {config.host} broke off in {folder} after {tally['read']} "
                                     f"messages ({type(e).__name__}); what was read is saved: run crm mail sync "
                                     "again to go on") from None
    finally:
        imap.close(client)
    if as_json:
        emit_json(dict(tally.counts))
    message(_say(tally, f"{config.account}"))


@mail.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--since", metavar="DATE", help=f"Skip messages older than this ({DATE_WORDS}).")
@click.option("--sent", is_flag=True, help="These are messages you sent (a Sent folder's export).")
@click.option("--address", "addresses", multiple=True, help="An address of yours; may be repeated "
                                                            "[default: those in [mail] of config.toml].")
@click.option("--keep-bodies", is_flag=True, help="Store each logged message's whole text, not just a snippet.")
@json_option
@with_store
def import_(path: str, since: str | None, sent: bool, addresses: tuple[str, ...], keep_bodies: bool,
            as_json: bool) -> None:
    """Read an mbox file or a Maildir folder (a mail program's export, a takeout archive) like a sync.

    \b
    Example:
      crm mail import ~/Takeout/Mail/All\\ mail\\ Including\\ Spam\\ and\\ Trash.mbox
    """
    from crm import store
    from crm.dates import parse_date
    from crm.errors import CrmError
    from crm.followup.settings import load_settings
    from crm.mail import config as mail_config
    from crm.mail.files import messages

    own = list(addresses)
    try:
        own += list(mail_config.load(_config_path()).own)
    except CrmError:
        pass  # no [mail] section: the addresses given (or none: direction comes from --sent)
    first_day = parse_date(since) if since else None
    settings = load_settings()
    tally = store.MailTally()
    book = store.mail_address_book(own)
    name = str(Path(path).resolve())
    batch: list[Any] = []

    def flush() -> None:
        _record(batch, book, tally, keep_bodies=keep_bodies, settings=settings, account="file", folder=name, sent=sent)
        batch.clear()

    for fetched in messages(Path(path), first_day):
        batch.append(fetched)
        if len(batch) >= 500:
            flush()
    flush()
    if as_json:
        emit_json(dict(tally.counts))
    message(_say(tally, name))


@mail.command("review")
@click.option("--state", type=click.Choice(["open", "accepted", "dismissed"]), default="open", show_default=True)
@json_option
@with_store
def review(state: str, as_json: bool) -> None:
    """List what your mail proposes (new contacts, statuses, interviews, snoozes), with the evidence.

    \b
    Example:
      crm mail review
    """
    from crm import store

    rows = store.mail_proposals(state)
    if as_json:
        emit_json(rows)
        return
    emit_table([(r["id"], r["day"], r["kind"], r["what"], r["evidence"]) for r in rows],
               ["#", "DAY", "KIND", "PROPOSAL", "EVIDENCE"], empty=f"No {state} proposals.")


@mail.command("accept")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Accept every open proposal.")
@click.option("--on", "on", metavar="DATETIME", help="The interview's time, when the message names none.")
@with_store
def accept(ids: tuple[int, ...], every: bool, on: str | None) -> None:
    """Apply proposals from `crm mail review` (all of them, or none if one fails).

    \b
    Example:
      crm mail accept 1 3
      crm mail accept --all
    """
    from crm import store
    from crm.dates import parse_datetime

    if bool(ids) == every:
        raise click.UsageError("give proposal numbers or --all")
    at = parse_datetime(on) if on else None
    for line in store.accept_mail_proposals(None if every else list(ids), at):
        message(line)


@mail.command("dismiss")
@click.argument("ids", nargs=-1, type=int, required=True)
@with_store
def dismiss(ids: tuple[int, ...]) -> None:
    """Drop proposals from `crm mail review`; they are not proposed again.

    \b
    Example:
      crm mail dismiss 2
    """
    from crm import store

    n = store.dismiss_mail_proposals(list(ids))
    message(f"Dismissed {n} proposal{'s' if n != 1 else ''}")


@mail.command("status")
@json_option
@with_store
def status(as_json: bool) -> None:
    """Each folder's last sync and what the sync has stored.

    \b
    Example:
      crm mail status
    """
    from crm import store

    data = store.mail_status()
    if as_json:
        emit_json(data)
        return
    emit_table([(f["account"], f["folder"], f["synced_at"] and f["synced_at"].strftime("%Y-%m-%d %H:%M"), f["read"],
                 f["last_uid"]) for f in data["folders"]],
               ["ACCOUNT", "FOLDER", "LAST SYNC", "READ", "LAST UID"], empty="Never synced.")
    p = data["proposals"]
    click.echo(f"\n{data['messages']} messages logged as {data['interactions']} interactions; "
               f"proposals: {p['open']} open, {p['accepted']} accepted, {p['dismissed']} dismissed; "
               f"{data['bounces']} bounces; {data['aliases']} aliases")


@mail.command("forget")
@click.option("--interactions", is_flag=True, help="Also remove the interactions the sync logged.")
@click.option("--yes", is_flag=True, help="Do not ask.")
@with_store
def forget(interactions: bool, yes: bool) -> None:
    """Remove what the sync stored: message ids, subjects, snippets, proposals and each folder's place.

    The logged interactions stay (they are your history) unless --interactions; the next sync
    reads the mailbox from the start again.

    \b
    Example:
      crm mail forget --yes
    """
    from crm import store

    if not yes:
        from crm.cli.common import interactive

        if not interactive():
            raise click.UsageError("crm mail forget removes stored mail data: add --yes")
        click.confirm("Remove the stored message ids, snippets, proposals and sync state?", abort=True, err=True)
    removed = store.forget_mail(interactions)
    message(f"Forgot {removed['messages']} messages, {removed['proposals']} proposals, {removed['folders']} folder "
            f"places; removed {removed['interactions']} interactions")


@mail.command("alias")
@click.argument("contact_ref", metavar="CONTACT")
@click.argument("address")
@with_store
def alias(contact_ref: str, address: str) -> None:
    """Give a contact another address: mail to or from it is theirs.

    \b
    Example:
      crm mail alias "Jane Doe" jane.doe@gmail.com
    """
    from crm import store

    person = store.resolve_contact(contact_ref)
    row = store.add_alias(person, address)
    message(f"{row.address} is now an address of {person.name}")
