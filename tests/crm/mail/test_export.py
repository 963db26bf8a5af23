"""What the sync stored survives export -> import -> export byte for byte, on both backends; no password in it."""

from __future__ import annotations

from pathlib import Path

from crm.store.db import close_db, init_db
from crm.store.models import MailMessage, MailProposal
from tests.crm.exporting import export_text, restore_text
from tests.crm.mail.conftest import configure, seed_store
from tests.crm.mail.dovecot import PASSWORD


def test_synced_mail_round_trips_losslessly(db, seeded, crm, store_url: str, tmp_path: Path) -> None:
    seed_store()
    crm("mail", "alias", "Bob Li", "bob.li@gmail.example")
    configure(crm, seeded)
    crm("mail", "sync", "--keep-bodies")
    crm("mail", "accept", str(MailProposal.get(MailProposal.kind == "rejected").id))
    text = export_text()
    assert PASSWORD not in text
    assert '"mail_message": [' in text and "Thanks for the note!" in text
    close_db()
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    init_db(other)
    first = restore_text(text)
    assert first.total("conflicts") == 0 and first.total("present") == 0
    assert export_text() == text
    assert restore_text(text).total("added") == 0  # idempotent
    assert MailMessage.select().count() == 9
    close_db()
    init_db(store_url)  # and back into the store it came from: all present, nothing added
    again = restore_text(text)
    assert (again.total("added"), again.total("conflicts")) == (0, 0)
