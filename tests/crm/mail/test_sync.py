"""`crm mail sync` against a real Dovecot, on SQLite and PostgreSQL: what it logs, proposes, marks and skips."""

from __future__ import annotations

import datetime as dt

import pytest

from crm.store.models import (ContactAlias, Interaction, MailBounce, MailFolder, MailMessage, MailProposal, Person)
from tests.crm.mail import corpus as c
from tests.crm.mail.conftest import configure, seed_store
from tests.crm.mail.dovecot import PASSWORD


def logged() -> list[tuple[str, str, str, str, str]]:
    """(person, kind, direction, day, subject) of every interaction the sync logged, in time order."""
    rows = (Interaction.select(Person.name, Interaction.kind, Interaction.direction, Interaction.occurred_at,
                               MailMessage.subject)
            .join_from(Interaction, Person).join_from(Interaction, MailMessage)
            .order_by(Interaction.occurred_at).tuples())
    return [(n, k, d, str(at)[:10], s) for n, k, d, at, s in rows]


EXPECTED = [
    ("Bob Li", "after-apply", "out", "2026-11-12", "Data Engineer application"),
    ("Bob Li", "check-in", "out", "2026-11-19", "Re: Data Engineer application"),
    ("Jane Doe", "after-apply", "out", "2026-11-21", "My application for Senior Backend Engineer"),
    ("Carl Smith", "check-in", "out", "2026-11-22", "Hello from a candidate"),
    ("Jane Doe", "reply", "in", "2026-11-23", "Re: My application for Senior Backend Engineer"),
    ("Jane Doe", "reply", "in", "2026-11-24", "Interview: Senior Backend Engineer"),
    ("Jane Doe", "reply", "in", "2026-11-24", "The team page"),
    ("Marie Dupont", "reply", "in", "2026-11-25", "Votre candidature – Développeuse Python"),
    ("Klaus Weber", "reply", "in", "2026-11-26", "Ihre Bewerbung als Softwareentwickler"),
]


def test_a_first_sync_logs_mail_to_and_from_contacts(db, seeded, crm) -> None:
    seed_store()
    configure(crm, seeded)
    result = crm("mail", "sync")
    assert logged() == EXPECTED
    assert "1 unreadable skipped" in result.output and "1 bounces" in result.output
    # Snippets: the new words only, quoted history and signature gone, one line.
    snippets = dict(MailMessage.select(MailMessage.message_id, MailMessage.snippet).tuples())
    assert snippets["<reply-1@acme.example>"] == "Thanks for the note! I've passed your CV to the team."
    assert snippets["<sent-3@example.org>"] == "Hi Bob, just checking in on the Data Engineer role."
    assert snippets["<sent-2@example.org>"] == "Hi Bob, I applied for the Data Engineer role on Tuesday."
    assert snippets["<de-1@umbrella.example>"].startswith("Sehr geehrte Bewerberin, vielen Dank für Ihre Bewerbung.")
    assert snippets["<fr-1@soylent.example>"].startswith("Bonjour, Nous vous remercions de votre candidature au poste de Développeuse")
    assert all(len(s) <= 200 for s in snippets.values())
    assert MailMessage.select().where(MailMessage.body.is_null(False)).count() == 0  # no bodies without --keep-bodies


def test_a_second_sync_adds_nothing_and_reads_nothing_old(db, seeded, crm) -> None:
    seed_store()
    configure(crm, seeded)
    crm("mail", "sync")
    before = (Interaction.select().count(), MailMessage.select().count(), MailProposal.select().count())
    again = crm("mail", "sync")
    assert "0 read" in again.output
    assert (Interaction.select().count(), MailMessage.select().count(), MailProposal.select().count()) == before
    # Only what is new is read the next day, and logged once.
    seeded.append("INBOX", [c.plain("Bob Li <bob@globex.example>", c.ME, "Re: Checking in", "Sorry for the delay!",
                                    "2026-11-28", msgid="<late-1@globex.example>")])
    third = crm("mail", "sync")
    assert "1 read, 1 logged" in third.output
    assert Interaction.select().count() == before[0] + 1


def test_a_changed_uidvalidity_falls_back_to_message_ids(db, seeded, crm) -> None:
    seed_store()
    configure(crm, seeded)
    crm("mail", "sync")
    count = Interaction.select().count()
    MailFolder.update(uid_validity=1).execute()  # as if the server had renumbered every folder
    result = crm("mail", "sync")
    assert "0 logged" in result.output and "already logged" in result.output
    assert Interaction.select().count() == count


def test_a_message_logged_by_hand_is_matched_not_doubled(db, seeded, crm) -> None:
    ids = seed_store()
    crm("log", "Jane Doe", "--kind", "after-apply", "--app", str(ids["acme"]), "--on", "2026-11-21 08:00",
        "--note", "sent from my phone")
    configure(crm, seeded)
    result = crm("mail", "sync")
    assert "1 matched to hand-logged" in result.output
    rows = Interaction.select().where((Interaction.person == ids["jane"]) & (Interaction.kind == "after-apply"))
    assert [(r.note, r.mail.get().message_id) for r in rows] == [("sent from my phone", "<sent-1@example.org>")]


def test_since_bounds_the_first_run(db, seeded, crm) -> None:
    seed_store()
    configure(crm, seeded)
    crm("mail", "sync", "--since", "2026-11-24")
    assert [e[3] for e in logged()] == ["2026-11-24", "2026-11-24", "2026-11-25", "2026-11-26"]
    assert "0 read" in crm("mail", "sync").output  # what --since left out stays out on the next run


def test_proposals_bounces_and_auto_replies(db, seeded, crm) -> None:
    ids = seed_store()
    configure(crm, seeded)
    crm("mail", "sync")
    proposals = {(p.kind, p.application_id or p.person_id or p.email) for p in MailProposal.select()}
    assert proposals == {("interview", ids["acme"]), ("contact", ids["acme"]), ("rejected", ids["globex"]),
                         ("applied", ids["initech"]), ("snooze", ids["bob"]), ("rejected", ids["soylent"]),
                         ("rejected", ids["umbrella"])}
    # The automatic reply is not a reply: Bob's check-ins go on.
    assert not Interaction.select().where((Interaction.person == ids["bob"]) & (Interaction.direction == "in")).exists()
    # Carl's address bounced; Dana's guess on the same pattern at Globex is now less sure.
    assert [(b.address, b.person_id, str(b.bounced_on)) for b in MailBounce.select()] == [
        ("carl.smith@globex.example", ids["carl"], "2026-11-22")]
    assert Person.get_by_id(ids["dana"]).email_confidence == pytest.approx(0.375)
    assert Person.get_by_id(ids["carl"]).email_confidence == 0.0
    review = crm("mail", "review").output
    assert "interview for application #1 on 2026-12-02 14:00" in review
    assert "add Priya Shah <priya.shah@acme.example> at Acme Robotics" in review
    assert "snooze Bob Li until 2026-12-07" in review
    assert "other candidates" in review and "ne pas donner suite" in review


def test_accept_and_dismiss(db, seeded, crm) -> None:
    from crm.store.models import Application, Interview

    ids = seed_store()
    configure(crm, seeded)
    crm("mail", "sync")
    by_kind = {(p.kind, p.application_id): p.id for p in MailProposal.select()}
    crm("mail", "dismiss", str(by_kind[("rejected", ids["umbrella"])]))
    crm("mail", "accept", str(by_kind[("rejected", ids["globex"])]), str(by_kind[("interview", ids["acme"])]))
    assert Application.get_by_id(ids["globex"]).status == "rejected"
    assert Application.get_by_id(ids["umbrella"]).status == "applied"
    assert [str(i.starts_at) for i in Interview.select()] == ["2026-12-02 14:00:00"]
    out = crm("mail", "accept", "--all").output
    assert "added contact" in out and "snoozed Bob Li until 2026-12-07" in out
    assert Person.get(Person.email == "priya.shah@acme.example").company.name == "Acme Robotics"
    assert str(Person.get_by_id(ids["bob"]).snoozed_until) == "2026-12-07"
    assert Application.get_by_id(ids["initech"]).status == "applied"
    assert crm("mail", "review").output.strip() == "No open proposals."
    crm("mail", "accept", str(by_kind[("rejected", ids["umbrella"])]), code=1)  # dismissed stays dismissed


def test_an_alias_is_matched(db, seeded, crm) -> None:
    seed_store()
    crm("mail", "alias", "Bob Li", "Bob.Li@Gmail.example")
    assert [a.address for a in ContactAlias.select()] == ["bob.li@gmail.example"]
    seeded.append("INBOX", [c.plain("Bob <bob.li+work@gmail.example>", c.ME, "From my own address",
                                    "Writing from home.", "2026-11-28", msgid="<alias-1@gmail.example>")])
    configure(crm, seeded)
    crm("mail", "sync")
    assert ("Bob Li", "reply", "in", "2026-11-28", "From my own address") in logged()


def test_keep_bodies_status_and_forget(db, seeded, crm) -> None:
    seed_store()
    configure(crm, seeded)
    crm("mail", "sync", "--keep-bodies")
    assert MailMessage.get(MailMessage.message_id == "<reply-1@acme.example>").body.startswith("Thanks for the note!")
    status = crm("mail", "status").output
    assert "INBOX" in status and "Sent" in status and "9 messages logged as 9 interactions" in status
    interactions = Interaction.select().count()
    crm("mail", "forget", "--yes")
    assert (MailMessage.select().count(), MailFolder.select().count(), MailProposal.select().count()) == (0, 0, 0)
    assert Interaction.select().count() == interactions
    crm("mail", "sync")
    crm("mail", "forget", "--yes", "--interactions")
    assert Interaction.select().count() == 0


def test_the_server_is_never_changed(db, seeded, crm) -> None:
    """EXAMINE and BODY.PEEK: no message gains the \\Seen flag, none moves."""
    seed_store()
    configure(crm, seeded)
    session = seeded.imap()
    before = {f: session.select(f, readonly=True) and session.fetch("1:*", "(FLAGS)")[1] for f in ("INBOX", "Sent")}
    crm("mail", "sync")
    after = {f: session.select(f, readonly=True) and session.fetch("1:*", "(FLAGS)")[1] for f in ("INBOX", "Sent")}
    session.logout()
    assert before == after and all(b"\\Seen" not in line for lines in after.values() for line in lines)
