"""`crm mail import`: an mbox file and a Maildir folder read through the same matching as a sync."""

from __future__ import annotations

import mailbox
from pathlib import Path

from crm.store.models import Interaction, MailMessage, MailProposal
from tests.crm.mail.conftest import mailbox as story, seed_store
from tests.crm.mail.test_sync import EXPECTED, logged


def _mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(str(path))
    for raw in messages:
        box.add(raw)
    box.close()
    return path


def _maildir(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.Maildir(str(path))
    for raw in messages:
        box.add(raw)
    box.close()
    return path


def test_mbox_and_maildir_give_what_a_sync_gives(db, crm, tmp_path: Path) -> None:
    seed_store()
    inbox, sent = ([raw for _, raw in story()[f]] for f in ("INBOX", "Sent"))
    out = crm("mail", "import", str(_mbox(tmp_path / "inbox.mbox", inbox)), "--address", "me@example.org").output
    assert "1 unreadable skipped" in out
    crm("mail", "import", str(_maildir(tmp_path / "Sent", sent)), "--sent")
    assert logged() == EXPECTED
    assert MailProposal.select().count() == 7
    # The same messages again, from the other format: nothing new.
    again = crm("mail", "import", str(_maildir(tmp_path / "inbox-maildir", inbox))).output
    assert "0 logged" in again and Interaction.select().count() == len(EXPECTED)


def test_since_and_bad_paths(db, crm, tmp_path: Path) -> None:
    seed_store()
    inbox = [raw for _, raw in story()["INBOX"]]
    crm("mail", "import", str(_mbox(tmp_path / "inbox.mbox", inbox)), "--since", "2026-11-25")
    assert {str(d)[:10] for (d,) in Interaction.select(Interaction.occurred_at).tuples()} == {"2026-11-25", "2026-11-26"}
    (tmp_path / "notes.txt").write_text("hello")
    out = crm("mail", "import", str(tmp_path / "notes.txt"), code=1).output
    assert out.strip() == f"Error: {tmp_path / 'notes.txt'} is not an mbox file (it should begin with 'From ')"
    (tmp_path / "empty").mkdir()
    out = crm("mail", "import", str(tmp_path / "empty"), code=1).output
    assert "is a folder but not a Maildir" in out
    assert MailMessage.select().count() == 2


def test_hostile_text_is_cleaned_before_it_is_stored(db, crm, tmp_path: Path) -> None:
    from tests.crm.mail import corpus as c

    seed_store()
    evil = c.plain("Bob Li <bob@globex.example>", c.ME, "Hi \x1b[2J\x1b]0;owned\x07 there \u202eevil",
                   "Hello \x1b[31mred\x1b[0m and \u202ereversed", "2026-11-27", msgid="<evil@globex.example>")
    crm("mail", "import", str(_mbox(tmp_path / "evil.mbox", [evil])))
    row = MailMessage.get()
    assert "\x1b" not in row.subject + row.snippet and "\u202e" not in row.subject + row.snippet
    assert row.snippet == "Hello red and reversed"
