"""Follow-up drafts rendered from plain-text templates; a draft is never sent, only shown or saved.

A template is `Subject: ...`, a blank line, then the body, with `$placeholders` (string.Template).
Built-in templates live in `crm/followup/templates/`; a file with the same name in `data_dir()/templates/`
replaces one.
"""

from __future__ import annotations

import datetime as dt
import string
import unicodedata
from dataclasses import dataclass
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from crm.errors import InvalidValue

KINDS = ("after-apply", "thank-you", "check-in", "reply", "thank-you-after-rejection", "keep-in-touch")
PLACEHOLDERS = ("first_name", "name", "role", "company", "interview_when", "interest", "next_steps", "close")

# One sincere line per kind; deliberately short so the note stays a note.
INTEREST = {
    "after-apply": "The role matches the work I enjoy most, and I would be excited to contribute to the team.",
    "thank-you": "I enjoyed our conversation and came away even more interested in the role and the team.",
    "check-in": "I remain very interested in the role and in what the team is building.",
    "reply": "I am still very interested in the role and happy to help with whatever you need from me.",
    "thank-you-after-rejection": "",
    "keep-in-touch": "",
}


@dataclass(frozen=True)
class DraftContext:
    """What a template can say about the person and the application."""

    name: str
    role: str = ""
    company: str = ""
    interview_on: dt.datetime | None = None
    decision_on: dt.date | None = None
    signature: str = ""
    email: str | None = None


@dataclass(frozen=True)
class Draft:
    """A rendered message, ready to be copied, opened as a mailto: link, or saved as a draft file."""

    kind: str
    to: str | None
    to_name: str
    subject: str
    body: str


def first_name(name: str) -> str:
    """The given name to greet someone by ("Dr. Jane Q. Doe" -> "Jane")."""
    from nameparser import HumanName

    parsed = HumanName(name or "")
    return parsed.first or (name.split()[0] if name.strip() else "there")


def template_dir() -> Path:
    """The folder whose files override the built-in templates."""
    from crm.home import data_dir

    return data_dir() / "templates"


def template_text(kind: str, override_dir: Path | None = None) -> str:
    """The template for `kind`: the user's file when present, else the built-in one."""
    if kind not in KINDS:
        raise InvalidValue(f"unknown draft kind {kind!r}: use {', '.join(KINDS)}")
    own = (override_dir or template_dir()) / f"{kind}.txt"
    if own.is_file():
        try:
            return own.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise InvalidValue(f"cannot read your template {own}: it is not UTF-8 (save it as UTF-8)") from e
    return resources.files("crm.followup").joinpath("templates", f"{kind}.txt").read_text(encoding="utf-8")


def _next_steps(decision_on: dt.date | None) -> str:
    if decision_on:
        return (f"Could you confirm the next steps, and whether {_long_date(decision_on)} "
                "is still the expected decision date?")
    return "Could you let me know the next steps, and when you expect to make a decision?"


def _long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def values(kind: str, ctx: DraftContext) -> dict[str, str]:
    """The placeholder values for one draft."""
    close = "Best regards," + (f"\n{ctx.signature}" if ctx.signature else "")
    company = ctx.company or "your company"
    when = f"on {_long_date(ctx.interview_on.date())}" if ctx.interview_on else "recently"
    interest = INTEREST.get(kind, "")
    return {
        "first_name": first_name(ctx.name),
        "name": ctx.name,
        "role": ctx.role or "open",
        "company": company,
        "interview_when": when,
        "interest": interest,
        "next_steps": _next_steps(ctx.decision_on),
        "close": close,
    }


def render(kind: str, ctx: DraftContext, override_dir: Path | None = None) -> Draft:
    """Fill the template for `kind`; a template with no Subject line or an unknown placeholder is an error."""
    text = template_text(kind, override_dir).replace("\r\n", "\n")
    head, _, body = text.partition("\n")
    if not head.lower().startswith("subject:"):
        raise InvalidValue(f"the {kind} template must start with a 'Subject:' line")
    try:
        subject = string.Template(head.split(":", 1)[1].strip()).substitute(values(kind, ctx))
        filled = string.Template(body.strip("\n")).substitute(values(kind, ctx))
    except KeyError as e:
        raise InvalidValue(f"the {kind} template has an unknown placeholder ${e.args[0]}: use "
                           + ", ".join(f"${p}" for p in PLACEHOLDERS)) from e
    except ValueError as e:  # a lone "$" or "${": string.Template says where
        raise InvalidValue(f"the {kind} template has a stray '$' ({str(e).split(': ', 1)[-1]}): write $$ for a "
                           "dollar sign, or use " + ", ".join(f"${p}" for p in PLACEHOLDERS)) from e
    # An empty $interest leaves a blank line behind; drop it rather than leave a gap in the note.
    lines = [line.rstrip() for line in filled.split("\n")]
    tidy = [line for i, line in enumerate(lines) if line or (i > 0 and lines[i - 1])]
    return Draft(kind, ctx.email, ctx.name, subject, "\n".join(tidy).strip() + "\n")


def mailto(draft: Draft) -> str:
    """A mailto: link with the subject and body percent-encoded (RFC 6068)."""
    to = quote(draft.to or "", safe="@")
    return f"mailto:{to}?subject={quote(draft.subject, safe='')}&body={quote(draft.body, safe='')}"


def header_text(text: str) -> str:
    """`text` on one line, for a mail header: each run of line breaks, control characters and spaces is one space."""
    # str.split() breaks at \r, \n, \v, \f, \x1c-\x1f, \x85, U+2028 and U+2029 too: all could end a header line.
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


def as_message(draft: Draft) -> EmailMessage:
    """An RFC 5322 draft (marked X-Unsent so mail clients open it as a new message).

    A name or subject with a line break in it (from an imported CSV, a company name) is folded onto
    one line, so it can never start a header of its own; an address that is not one plain address
    raises InvalidValue instead of being written.
    """
    msg = EmailMessage()
    if draft.to:
        name = header_text(draft.to_name)
        try:
            # Address quotes a name with a comma in it and refuses anything but one addr-spec.
            msg["To"] = Address(display_name=name, addr_spec=draft.to)
        except (ValueError, MessageError):
            raise InvalidValue(f"cannot write the draft: {draft.to!r} is not a usable email address "
                               f"(fix it with: crm contact edit \"{name}\" --email ADDRESS)") from None
    msg["Subject"] = header_text(draft.subject)
    msg["X-Unsent"] = "1"
    msg.set_content(draft.body)
    return msg
