"""The pure parts of crm mail: addresses, return dates, what a message says, the config section."""

from __future__ import annotations

import datetime as dt

import pytest

from crm.mail import classify
from crm.mail.addresses import fold, pattern_of
from crm.mail.config import MailConfig, from_table, with_section
from crm.mail.match import Opening, match_opening, outbound_kind
from crm.mail.message import read
from crm.mail.text import html_text, new_text
from tests.crm.mail import corpus as c

SENT = dt.date(2026, 11, 27)


@pytest.mark.parametrize("given, folded", [("Jane.Doe+Jobs@ACME.example", "jane.doe@acme.example"),
                                           ("<bob@globex.example>", "bob@globex.example"),
                                           ("+x@y.example", "+x@y.example")])
def test_fold(given: str, folded: str) -> None:
    assert fold(given) == folded


def test_pattern_of() -> None:
    assert pattern_of("jane.doe@acme.example", "Jane Doe") == "{first}.{last}"
    assert pattern_of("jdoe@acme.example", "Jane Doe") == "{f}{last}"
    assert pattern_of("jose.garcia@x.example", "José García") == "{first}.{last}"
    assert pattern_of("boss@acme.example", "Jane Doe") is None


@pytest.mark.parametrize("text, back", [
    ("I am out of the office until 14 December.", "2026-12-14"),
    ("Back on Monday, December 7th.", "2026-12-07"),
    ("Ich bin ab dem 7.12. wieder im Büro.", "2026-12-07"),
    ("Je suis absente, de retour le 7 décembre.", "2026-12-07"),
    ("Estaré fuera hasta el 7 de diciembre.", "2026-12-07"),
    ("Returning 2027-01-04.", "2027-01-04"),
    ("Back on 3 January.", "2027-01-03"),  # the next such day after the message
    ("I am on leave and will reply when I'm back.", None),
])
def test_return_dates(text: str, back: str | None) -> None:
    found = classify.return_date(text, SENT)
    assert (found.isoformat() if found else None) == back


def _mail(text: str, subject: str = "Your application", sender: str = "Talent <jobs@acme.example>") -> object:
    return read(c.plain(sender, c.ME, subject, text, "2026-11-27", msgid="<x@acme.example>"))


@pytest.mark.parametrize("text, kind", [
    ("Unfortunately, we have decided to move forward with other candidates.", "rejected"),
    ("Malheureusement, nous ne pouvons pas donner suite à votre candidature.", "rejected"),
    ("Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten entschieden haben.", "rejected"),
    ("Lamentablemente, hemos decidido continuar con otros candidatos.", "rejected"),
    ("Unfortunately your application for the role was not successful.", "rejected"),
    ("Unfortunately I'm out on Tuesday, could we talk on Thursday?", None),
    ("We'd like to invite you to an interview on 2 December at 14:00.", "interview"),
    ("Wir möchten Sie zu einem Vorstellungsgespräch einladen.", "interview"),
    ("Thank you for applying! We have received your application.", "applied"),
    ("Gracias por tu solicitud, hemos recibido tu candidatura.", "applied"),
    ("See you at the meetup tonight.", None),
])
def test_hiring_signals(text: str, kind: str | None) -> None:
    mail = _mail(text)
    signal = classify.hiring_signal(mail, new_text(mail.text))
    assert (signal.kind if signal else None) == kind


def test_an_interview_time_is_read_when_named() -> None:
    assert classify.interview_time("an interview on 2 December at 2:30pm", SENT) == dt.datetime(2026, 12, 2, 14, 30)
    assert classify.interview_time("an interview, 2026-12-03 09:15 CET", SENT) == dt.datetime(2026, 12, 3, 9, 15)
    assert classify.interview_time("an interview next week", SENT) is None


def test_bounces_read_the_report_and_plain_text() -> None:
    report = read(c.dsn("carl@globex.example", "Hi", "2026-11-22", msgid="<d@x>"))
    assert classify.bounce(report) == classify.Bounce(("carl@globex.example",), "smtp; 550 5.1.1 user unknown")
    plain = _mail("Delivery to the following recipient failed permanently:\n\n  dana@globex.example\n",
                  subject="Delivery Status Notification (Failure)", sender="postmaster@example.org")
    assert classify.bounce(plain).addresses == ("dana@globex.example",)
    assert classify.bounce(_mail("Delivery failed? No, all good.", subject="Re: delivery")) is None


def test_auto_replies_by_header_or_words() -> None:
    headed = read(c.plain("a@b.example", c.ME, "Re: hi", "Thanks!", "2026-11-27", msgid="<a@b>",
                          headers={"Auto-Submitted": "auto-replied"}))
    assert classify.auto_reply(headed) == "Auto-Submitted: auto-replied"
    assert classify.auto_reply(_mail("I am out of the office.", subject="Hello")) == '"out of the office"'
    assert classify.auto_reply(_mail("Sure, Tuesday works.", subject="Re: call")) == ""


def test_quoted_history_signatures_and_html_quotes_are_not_new_text() -> None:
    body = "Sounds good.\n\nBest,\nJane\n\nOn Mon, 23 Nov 2026, Me <me@example.org> wrote:\n> Shall we talk?\n"
    assert new_text(body) == "Sounds good."
    html = "<div>Yes, see you then.</div><div class='gmail_quote'>On Mon wrote:<blockquote>old</blockquote></div>"
    assert html_text(html) == "Yes, see you then."


def test_matching_an_application_needs_a_clear_winner() -> None:
    acme = Opening(1, "Data Engineer", "Acme Robotics", "acme.example", "applied")
    globex = Opening(2, "Data Engineer", "Globex", "globex.example", "applied")
    assert match_opening("x@greenhouse-mail.io", "", "Your application to Globex", "", [acme, globex])[0] == globex
    assert match_opening("x@acme.example", "", "Hello", "", [acme, globex])[1] == "from acme.example"
    assert match_opening("x@greenhouse-mail.io", "", "Data Engineer", "", [acme, globex]) is None  # a tie


def test_outbound_kinds_follow_the_cadence_facts() -> None:
    at = dt.datetime(2026, 11, 21, 9)
    assert outbound_kind(at, dt.date(2026, 11, 20), [], False, 1) == "after-apply"
    assert outbound_kind(at, dt.date(2026, 11, 20), [], True, 1) == "check-in"
    met = dt.datetime(2026, 11, 20, 15)
    assert outbound_kind(at, dt.date(2026, 11, 10), [(met, True)], True, 1) == "thank-you"
    assert outbound_kind(at, dt.date(2026, 11, 10), [(met, False)], False, 1) == "check-in"
    assert outbound_kind(at, None, [], False, 1) == "check-in"


def test_the_config_section_is_replaced_and_never_holds_a_password() -> None:
    config = from_table({"host": "imap.example.com", "user": "me@example.com", "sent": ["[Gmail]/Sent Mail"]})
    assert isinstance(config, MailConfig) and config.port == 993 and config.own == ("me@example.com",)
    old = "[cadence]\ncheckin_days = 5\n\n[mail]\nhost = \"old\"\nuser = \"x\"\n\n[drafts]\nsignature = \"J\"\n"
    text = with_section(old, config)
    assert "checkin_days = 5" in text and 'signature = "J"' in text and '"old"' not in text
    assert 'sent = ["[Gmail]/Sent Mail"]' in text
    with pytest.raises(Exception, match="the password is never stored"):
        from_table({"host": "h", "user": "u", "password": "secret"})


@pytest.mark.parametrize("raw", [
    b"",
    b"\x00\xff garbage",
    b"From: a@b.example\r\nDate: Mon, 1 Jan 1001 00:00:00 +1400\r\n\r\nold",
    b"From: a@b.example\r\nDate: not a date\r\n\r\nno date, no fallback",
    b"Subject: no sender\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nx",
])
def test_unreadable_messages_raise_unreadable_only(raw: bytes) -> None:
    from crm.mail.message import Unreadable

    with pytest.raises(Unreadable):
        read(raw)


def test_broken_mime_still_reads() -> None:
    raw = (b"From: a@b.example\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nContent-Type: multipart/alternative\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64 and no boundary")
    mail = read(raw)
    assert mail.sender == ("", "a@b.example") and mail.date == dt.datetime(2026, 11, 23, 10, 0)
