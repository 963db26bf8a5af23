"""The mail tests' world: a throwaway Dovecot on loopback, a store with three applications, and mail about them.

The story (today is tests/pinned.py's 2026-11-29): Jane Doe manages the Acme application (applied
2026-11-20), Bob Li recruits for Globex (applied 2026-11-10), Marie Dupont and Klaus Weber are at
Soylent and Umbrella; Carl Smith and Dana Wu at Globex have guessed addresses. `MAILBOX` holds what
arrived (INBOX) and what was sent (Sent), each message with its expected reading.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.crm.mail import corpus as c
from tests.crm.mail.dovecot import PASSWORD, USER, Dovecot, available

PDF = b"%PDF-1.4\n" + os.urandom(600_000)  # an attachment crm must never download


def mailbox() -> dict[str, list[tuple[str, bytes]]]:
    """(label, message) per folder: the label says what the sync should make of it."""
    jane, bob = "Jane Doe <jane.doe@acme.example>", "Bob Li <bob@globex.example>"
    inbox = [
        ("reply:jane", c.thread("Jane Doe <Jane.Doe+Jobs@ACME.example>", c.ME, "Re: My application for Senior Backend Engineer",
                                "Thanks for the note! I've passed your CV to the team.\n\nBest,\nJane\n--\nJane Doe | "
                                "Engineering Manager, Acme Robotics",
                                [("Me <me@example.org>", "Sat, 21 Nov 2026", "Hi Jane, I just applied for the Senior "
                                  "Backend Engineer role.")], "2026-11-23", hour=15, msgid="<reply-1@acme.example>")),
        ("interview:acme", c.plain(jane, c.ME, "Interview: Senior Backend Engineer",
                                   "Hi,\n\nWe'd like to invite you to an interview for the Senior Backend Engineer "
                                   "role on 2 December at 14:00. Does that work?\n\nJane", "2026-11-24",
                                   msgid="<invite-1@acme.example>", cte="quoted-printable")),
        ("reply:jane-attachment", c.alternative(jane, c.ME, "The team page", "Here is the deck I mentioned.",
                                                "2026-11-24", hour=16, msgid="<deck-1@acme.example>",
                                                attachment=PDF)),
        ("contact:priya", c.plain("Priya Shah <priya.shah@acme.example>", c.ME, "Coffee next week?",
                                  "Hi! Jane mentioned you applied; happy to chat about the team.", "2026-11-25",
                                  msgid="<priya-1@acme.example>")),
        ("rejected:globex", c.html_only("Globex Recruiting <no-reply@us.greenhouse-mail.io>", c.ME,
                                        "Your application to Globex",
                                        "<html><body><p>Dear applicant,</p><p>Thank you for your interest in the "
                                        "<b>Data Engineer</b> role at Globex. Unfortunately, we have decided to move "
                                        "forward with other candidates.</p><div class='footer'>Globex Careers</div>"
                                        "</body></html>", "2026-11-26", msgid="<gh-rej-1@greenhouse-mail.io>")),
        ("applied:initech", c.plain("Initech Hiring <noreply@candidates.workablemail.com>", c.ME,
                                    "Thank you for applying to Initech",
                                    "Hi,\n\nThank you for applying for the Platform Engineer position at Initech. "
                                    "We have received your application and will be in touch.", "2026-11-21",
                                    msgid="<wk-1@workablemail.com>", cte="base64")),
        ("bounce:carl", c.dsn("carl.smith@globex.example", "Hello from a candidate", "2026-11-22",
                              msgid="<dsn-1@example.org>")),
        ("auto:bob", c.plain(bob, c.ME, "Automatic reply: Checking in",
                             "I am out of the office and back on 7 December. For urgent matters contact hr@globex.example.",
                             "2026-11-27", msgid="<ooo-1@globex.example>", headers={"Auto-Submitted": "auto-replied"})),
        ("rejected:soylent", c.plain("Marie Dupont <marie.dupont@soylent.example>", c.ME,
                                     "Votre candidature – Développeuse Python",
                                     "Bonjour,\n\nNous vous remercions de votre candidature au poste de Développeuse "
                                     "Python. Malheureusement, nous avons décidé de ne pas donner suite à votre "
                                     "candidature.\n\nCordialement,\nMarie", "2026-11-25",
                                     msgid="<fr-1@soylent.example>", charset="iso-8859-1")),
        ("rejected:umbrella", c.raw_8bit("Klaus Weber", "klaus.weber@umbrella.example", c.ME,
                                         "Ihre Bewerbung als Softwareentwickler", "Sehr geehrte Bewerberin,\n\nvielen "
                                         "Dank für Ihre Bewerbung. Leider müssen wir Ihnen mitteilen, dass wir uns für "
                                         "einen anderen Kandidaten entschieden haben.\n\nMit freundlichen Grüßen",
                                         "2026-11-26", "windows-1252", msgid="<de-1@umbrella.example>")),
        ("ignored:newsletter", c.plain("News <news@shop.example>", c.ME, "Black Friday", "50% off everything",
                                       "2026-11-27", msgid="<news-1@shop.example>")),
        ("malformed:no-sender", b"To: jane.doe@acme.example\r\nSubject: broken\r\nMessage-ID: <broken-1@x>\r\n\r\nno "
                                b"sender here\r\n"),
    ]
    sent = [
        ("after-apply:jane", c.alternative(f"Me <{c.ME}>", jane, "My application for Senior Backend Engineer",
                                           "Hi Jane, I just applied for the Senior Backend Engineer role.", "2026-11-21",
                                           msgid="<sent-1@example.org>")),
        ("after-apply:bob", c.html_only(f"Me <{c.ME}>", bob, "Data Engineer application",
                                        "<p>Hi Bob,</p><p>I applied for the Data Engineer role on Tuesday.</p>",
                                        "2026-11-12", msgid="<sent-2@example.org>")),
        ("check-in:bob", c.thread(f"Me <{c.ME}>", bob, "Re: Data Engineer application",
                                  "Hi Bob, just checking in on the Data Engineer role.",
                                  [("Me <me@example.org>", "Thu, 12 Nov 2026", "Hi Bob, I applied for the Data "
                                    "Engineer role on Tuesday.")], "2026-11-19", msgid="<sent-3@example.org>")),
        ("bounced-send:carl", c.plain(f"Me <{c.ME}>", "carl.smith@globex.example", "Hello from a candidate",
                                      "Hi Carl, ...", "2026-11-22", msgid="<sent-4@example.org>")),
    ]
    return {"INBOX": inbox, "Sent": sent}


def seed_store() -> dict[str, int]:
    """The contacts and applications the mail is about; their ids by short name."""
    from crm import store

    acme = store.add_company("Acme Robotics", domain="acme.example")
    globex = store.add_company("Globex", domain="globex.example")
    initech = store.add_company("Initech", domain="initech.example")
    soylent = store.add_company("Soylent", domain="soylent.example")
    umbrella = store.add_company("Umbrella", domain="umbrella.example")
    jane = store.add_contact("Jane Doe", acme, email="jane.doe@acme.example", title="Engineering Manager")
    bob = store.add_contact("Bob Li", globex, email="bob@globex.example", title="Recruiter")
    marie = store.add_contact("Marie Dupont", soylent, email="marie.dupont@soylent.example")
    klaus = store.add_contact("Klaus Weber", umbrella, email="klaus.weber@umbrella.example")
    carl = store.add_contact("Carl Smith", globex, email="carl.smith@globex.example")
    dana = store.add_contact("Dana Wu", globex, email="dana.wu@globex.example")
    from crm.store.models import Person

    Person.update(email_source="guessed", email_confidence=0.75).where(Person.id.in_([carl.id, dana.id])).execute()
    a = store.add_application("https://jobs.acme.example/1", acme, title="Senior Backend Engineer",
                              applied_on=dt.date(2026, 11, 20), today=dt.date(2026, 11, 29))
    g = store.add_application("https://boards.greenhouse.io/globex/jobs/2", globex, title="Data Engineer",
                              applied_on=dt.date(2026, 11, 10), today=dt.date(2026, 11, 29))
    i = store.add_application("https://apply.workable.com/initech/j/3", initech, title="Platform Engineer",
                              today=dt.date(2026, 11, 29))
    s = store.add_application("https://soylent.example/jobs/4", soylent, title="Développeuse Python",
                              applied_on=dt.date(2026, 11, 15), today=dt.date(2026, 11, 29))
    u = store.add_application("https://umbrella.example/jobs/5", umbrella, title="Softwareentwickler",
                              applied_on=dt.date(2026, 11, 16), today=dt.date(2026, 11, 29))
    store.link(a, jane, "hiring_manager")
    store.link(g, bob, "recruiter")
    store.link(s, marie, "recruiter")
    store.link(u, klaus, "hiring_manager")
    return {"jane": jane.id, "bob": bob.id, "marie": marie.id, "klaus": klaus.id, "carl": carl.id, "dana": dana.id,
            "acme": a.id, "globex": g.id, "initech": i.id, "soylent": s.id, "umbrella": u.id}


@pytest.fixture
def dovecot(tmp_path_factory: pytest.TempPathFactory):
    """A running throwaway Dovecot (skipped where it is not installed, failed under CI)."""
    if not available():
        if os.environ.get("CI"):
            pytest.fail("dovecot is not installed: .ci/run must install dovecot-imapd")
        pytest.skip("dovecot not installed (apt-get install dovecot-imapd)")
    # Not under pytest's own temporary folder: as root that is 0700, and Dovecot's processes run as
    # their own users, which must reach the passwd file and the Maildir.
    root = Path(tempfile.mkdtemp(prefix="crm-dovecot-"))
    server = Dovecot(root)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def seeded(dovecot: Dovecot) -> Dovecot:
    """The server holding `mailbox()`."""
    for folder, items in mailbox().items():
        dovecot.append(folder, [raw for _, raw in items])
    return dovecot


@pytest.fixture
def crm(store_url: str, monkeypatch: pytest.MonkeyPatch):
    """Run `crm --db <the store> ARGS...` and return the result; the exit code is checked."""
    from crm.cli import cli

    monkeypatch.setenv("CRM_MAIL_PASSWORD", PASSWORD)

    def run(*args: str, code: int = 0):
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        assert result.exit_code == code, (args, result.output, result.exception)
        return result

    return run


def configure(crm, server: Dovecot, *, tls: bool = False, folders: tuple[str, ...] = ()) -> None:  # noqa: ANN001
    """`crm mail setup` against the test server (plain on loopback, or TLS with its CA)."""
    args = ["mail", "setup", "--host", "127.0.0.1", "--user", USER]
    if tls:
        args += ["--port", str(server.tls_port), "--cafile", server.cafile]
    else:
        args += ["--port", str(server.plain_port), "--security", "plain"]
    for f in folders:
        args += ["--folder", f]
    crm(*args)
