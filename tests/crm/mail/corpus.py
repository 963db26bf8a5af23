"""Messages built with the standard `email` package in the shapes real mail takes, for the mail tests.

multipart/alternative, HTML-only, quoted-printable, base64, Latin-1 and Windows-1252 bodies, RFC 2047
encoded headers, raw 8-bit headers, long threads with quoted history, attachments, DSN bounces,
out-of-office replies, ATS confirmations and rejections.
"""

from __future__ import annotations

import datetime as dt
from email import charset as email_charset
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.header import Header
from email.utils import format_datetime, make_msgid

ME = "me@example.org"
UTC = dt.timezone.utc


def when(day: str, hour: int = 9, minute: int = 0) -> str:
    return format_datetime(dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC))


def plain(sender: str, to: str, subject: str, body: str, day: str, *, hour: int = 9, msgid: str | None = None,
          cte: str | None = None, charset: str = "utf-8", headers: dict[str, str] | None = None,
          cc: str | None = None) -> bytes:
    """A text/plain message; `cte` "quoted-printable" or "base64" forces that transfer encoding."""
    cs = email_charset.Charset(charset)
    if cte == "quoted-printable":
        cs.body_encoding = email_charset.QP
    elif cte == "base64":
        cs.body_encoding = email_charset.BASE64
    msg = MIMEText(body, "plain", cs)
    return _finish(msg, sender, to, subject, day, hour, msgid, headers, cc)


def alternative(sender: str, to: str, subject: str, body: str, day: str, *, hour: int = 9,
                msgid: str | None = None, attachment: bytes | None = None) -> bytes:
    """multipart/alternative (plain + HTML), inside multipart/mixed with an attachment when given."""
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText(body, "plain", "utf-8"))
    html = "".join(f"<p>{line}</p>" for line in body.split("\n"))
    alt.attach(MIMEText(f"<html><body>{html}</body></html>", "html", "utf-8"))
    msg: Message = alt
    if attachment is not None:
        mixed = MIMEMultipart("mixed")
        mixed.attach(alt)
        part = MIMEApplication(attachment, "pdf")
        part.add_header("Content-Disposition", "attachment", filename="CV.pdf")
        mixed.attach(part)
        msg = mixed
    return _finish(msg, sender, to, subject, day, hour, msgid, None, None)


def html_only(sender: str, to: str, subject: str, html: str, day: str, *, hour: int = 9,
              msgid: str | None = None) -> bytes:
    """An HTML-only message, base64 encoded, as some webmail sends."""
    cs = email_charset.Charset("utf-8")
    cs.body_encoding = email_charset.BASE64
    return _finish(MIMEText(html, "html", cs), sender, to, subject, day, hour, msgid, None, None)


def _finish(msg: Message, sender: str, to: str, subject: str, day: str, hour: int, msgid: str | None,
            headers: dict[str, str] | None, cc: str | None) -> bytes:
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = Header(subject, "utf-8").encode() if any(ord(c) > 127 for c in subject) else subject
    msg["Date"] = when(day, hour)
    msg["Message-ID"] = msgid or make_msgid(domain=sender.rpartition("@")[2].strip(">"))
    for k, v in (headers or {}).items():
        msg[k] = v
    return msg.as_bytes()


def raw_8bit(sender_name: str, sender: str, to: str, subject: str, body: str, day: str, charset: str,
             *, msgid: str) -> bytes:
    """Headers and body in a legacy charset, unencoded: what broken mailers still send."""
    head = (f"From: {sender_name} <{sender}>\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {when(day)}\r\n"
            f"Message-ID: {msgid}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n")
    return head.encode(charset) + body.replace("\n", "\r\n").encode(charset)


def dsn(failed: str, original_subject: str, day: str, *, msgid: str) -> bytes:
    """A delivery-status notification (RFC 3464) from the user's own mail server, as Postfix writes one."""
    boundary = "dsn-boundary-1"
    return (f"From: Mail Delivery Subsystem <mailer-daemon@example.org>\r\nTo: {ME}\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nDate: {when(day, 10)}\r\nMessage-ID: {msgid}\r\n"
            "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            f"Your message to {failed} could not be delivered.\r\nThe address was not found.\r\n\r\n"
            f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
            "Reporting-MTA: dns; mx.example.org\r\n\r\n"
            f"Final-Recipient: rfc822; {failed}\r\nOriginal-Recipient: rfc822; {failed}\r\nAction: failed\r\n"
            "Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"From: {ME}\r\nTo: {failed}\r\nSubject: {original_subject}\r\n\r\n--{boundary}--\r\n").encode()


def thread(sender: str, to: str, subject: str, new: str, history: list[tuple[str, str, str]], day: str, *,
           hour: int = 9, msgid: str | None = None) -> bytes:
    """A reply with its quoted history: each earlier message under an 'On ..., X wrote:' line."""
    quoted = ""
    for who, older_day, text in history:
        lines = (text + ("\n" + quoted if quoted else "")).split("\n")
        quoted = f"On {older_day}, {who} wrote:\n" + "\n".join("> " + ln for ln in lines)
    body = f"{new}\n\n{quoted}"
    return plain(sender, to, subject, body, day, hour=hour, msgid=msgid)
