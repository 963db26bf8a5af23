"""One message as the sync reads it: who, when, about what, its new text, and whether a machine sent it.

Built from raw RFC 5322 bytes (a whole message from a file, or the header and text parts an IMAP
fetch brought back). Headers are read with the standard `email` package; RFC 2047 words, 8-bit
headers, quoted-printable, base64 and legacy charsets (Latin-1, Windows-1252 ...) are decoded;
attachments are never read. A message that cannot be read raises `Unreadable`, which callers count.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parsedate_to_datetime

from crm.mail.addresses import parse_list
from crm.mail.text import html_text
from crm.text import clean

# The headers a sync reads first, for every message (the rest only for the messages it keeps).
HEADER_FIELDS = ("MESSAGE-ID", "DATE", "FROM", "TO", "CC", "SUBJECT", "CONTENT-TYPE", "CONTENT-TRANSFER-ENCODING",
                 "AUTO-SUBMITTED", "X-AUTOREPLY", "X-AUTORESPOND", "X-AUTO-RESPONSE-SUPPRESS", "PRECEDENCE",
                 "IN-REPLY-TO", "RETURN-PATH")
_HEADERS = BytesHeaderParser(policy=compat32)


class Unreadable(ValueError):
    """A message the sync cannot read (no sender, no date, broken beyond repair): skipped and counted."""


@dataclass(frozen=True)
class Mail:
    """What the sync needs from one message."""

    message_id: str
    date: dt.datetime  # local time, naive, like every time the store keeps
    sender: tuple[str, str]  # (display name, lower-cased address)
    recipients: tuple[tuple[str, str], ...]  # To and Cc
    subject: str
    text: str  # the readable body (HTML made text), quoted history and all
    automatic: str  # why a machine sent it ("Auto-Submitted: auto-replied"), "" for a person
    report: str  # a delivery-status notification's report part, "" for any other message
    content_type: str


def headers(raw: bytes) -> Message:
    """The header block of a message (compat32: fast, nothing decoded yet)."""
    return _HEADERS.parsebytes(raw, headersonly=True)


def addresses(head: Message) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(senders, recipients) of a header block, addresses lower-cased; names left encoded."""
    return (parse_list(_raw_all(head, "From")),
            parse_list(_raw_all(head, "To") + _raw_all(head, "Cc")))


def _raw_all(head: Message, name: str) -> list[str]:
    return [_text(v) for v in head.get_all(name, [])]


def _text(value: object) -> str:
    """A header value as text: 8-bit bytes read as UTF-8, else Windows-1252 (what mail clients send)."""
    if not isinstance(value, str):
        value = str(value)
    if any("\udc80" <= c <= "\udcff" for c in value):
        raw = value.encode("ascii", "surrogateescape")
        for charset in ("utf-8", "windows-1252"):
            try:
                return raw.decode(charset)
            except UnicodeDecodeError:
                continue
        return raw.decode("latin-1")
    return value


def decoded(value: object) -> str:
    """A header's text with RFC 2047 words decoded and runs of blanks made one space."""
    text = _text(value)
    try:
        text = str(make_header(decode_header(text)))
    except (LookupError, ValueError, UnicodeError, AssertionError):
        pass  # an unknown charset or a broken encoded word: keep the raw text
    return " ".join(text.split())


def message_id(head: Message, raw: bytes) -> str:
    """The Message-ID, or one made from the message's own bytes when it has none (stable between runs)."""
    value = " ".join(_text(head.get("Message-ID", "")).split())
    match = re.search(r"<[^<>\s]+>", value)
    if match:
        return match.group(0)
    if value:
        return f"<{value.strip('<>')}>"
    return f"<{hashlib.sha1(raw).hexdigest()}@crm.invalid>"


def message_date(head: Message, fallback: dt.datetime | None = None) -> dt.datetime:
    """The Date header in local time (naive), else `fallback` (the server's arrival time)."""
    value = head.get("Date")
    when = None
    if value:
        try:
            when = parsedate_to_datetime(_text(value))
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
    when = when or fallback
    if when is None:
        raise Unreadable("no date")
    try:
        if when.tzinfo is not None:
            when = when.astimezone().replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):  # a year 1 or 9999 that local time cannot hold
        raise Unreadable("a date out of range") from None
    if not 1970 <= when.year <= 2200:
        raise Unreadable("a date out of range")
    return when.replace(microsecond=0)


def automatic(head: Message) -> str:
    """Why headers say a machine wrote this ("" when they do not): RFC 3834 and the usual vendor headers."""
    auto = _text(head.get("Auto-Submitted", "")).strip().lower()
    if auto and not auto.startswith("no"):
        return f"Auto-Submitted: {auto}"
    for name in ("X-Autoreply", "X-Autorespond"):
        if head.get(name):
            return f"{name}: {_text(head.get(name)).strip()}"
    suppress = _text(head.get("X-Auto-Response-Suppress", "")).lower()
    if "oof" in suppress or suppress.strip() == "all":
        return f"X-Auto-Response-Suppress: {suppress.strip()}"
    if _text(head.get("Precedence", "")).strip().lower() in ("auto_reply",):
        return "Precedence: auto_reply"
    return ""


def read(raw: bytes, fallback_date: dt.datetime | None = None) -> Mail:
    """A whole message (or its headers and text parts) read into a `Mail`; `Unreadable` when it cannot be."""
    try:
        msg = message_from_bytes(raw, policy=compat32)
    except Exception as e:  # the parser is lenient; anything it still throws is a broken message
        raise Unreadable(str(e)) from e
    senders, recipients = addresses(msg)
    if not senders:
        raise Unreadable("no sender")
    text, report = _body(msg)
    # What a stranger wrote is cleaned before anything stores it: no terminal sequences, controls or bidi overrides.
    return Mail(message_id=clean(message_id(msg, raw)), date=message_date(msg, fallback_date),
                sender=(clean(decoded(senders[0][0])), senders[0][1]),
                recipients=tuple((clean(decoded(n)), a) for n, a in recipients),
                subject=clean(decoded(msg.get("Subject", ""))), text=clean(text, multiline=True),
                automatic=automatic(msg), report=report, content_type=msg.get_content_type())


def _body(msg: Message) -> tuple[str, str]:
    """(readable text, delivery report) of a message: the first plain part, else the first HTML one."""
    plain = html = report = None
    for part in msg.walk():
        kind = part.get_content_type()
        if kind in ("message/delivery-status", "message/global-delivery-status"):  # parsed as a multipart
            report = report if report is not None else _report(part)
            continue
        if part.is_multipart():
            continue
        if part.get_filename() or str(part.get("Content-Disposition", "")).lower().startswith("attachment"):
            continue  # an attachment: never read
        if kind == "text/plain" and plain is None:
            plain = _decode(part)
        elif kind == "text/html" and html is None:
            html = _decode(part)
    text = plain if plain and plain.strip() else html_text(html) if html else (plain or "")
    return text.replace("\r\n", "\n"), report or ""


def _report(part: Message) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):  # the email package parses the report's field groups as messages
        return "\n\n".join(str(p) for p in payload)
    return _decode(part)


def _decode(part: Message) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # broken base64 and the like
        return ""
    if data is None:
        return ""
    charsets = [c for c in (part.get_content_charset(),) if c] + ["utf-8", "windows-1252"]
    for charset in charsets:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")
