"""Checks every write makes: allowed values, email addresses, URLs, and uniqueness said clearly."""

from __future__ import annotations

import contextlib
import re
from typing import Iterator

import peewee as pw

from crm.errors import Duplicate, InvalidValue
from crm.text import shorten

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


def check_choice(value: str, allowed: tuple[str, ...], noun: str) -> str:
    """`value` if it is one of `allowed`, else an `InvalidValue` listing the allowed values."""
    if value not in allowed:
        raise InvalidValue(f"bad {noun} {value!r}: use one of {', '.join(allowed)}")
    return value


def check_email(value: str | None) -> str | None:
    """A plausible email address (lower-cased domain), None for empty, else `InvalidValue`."""
    text = (value or "").strip()
    if not text:
        return None
    if not _EMAIL.match(text):
        raise InvalidValue(f"bad email address {shorten(value)!r}: expected name@example.com")
    local, _, host = text.rpartition("@")
    return f"{local}@{host.lower()}"


def check_url(value: str | None, noun: str = "URL") -> str | None:
    """An http(s) URL with a dotted host, None for empty, else `InvalidValue`."""
    text = (value or "").strip()
    if not text:
        return None
    if not _URL.match(text):
        raise InvalidValue(f"bad {noun} {shorten(value)!r}: expected http(s)://host/...")
    return text


@contextlib.contextmanager
def unique(message: str) -> Iterator[None]:
    """Fallback for a race the pre-check missed: the database's uniqueness error, said clearly."""
    try:
        yield
    except pw.IntegrityError as e:
        raise Duplicate(message) from e


# Words people use for an application's source and for remote work, mapped to the stored value.
SOURCE_WORDS = {"board": "job-board", "jobboard": "job-board", "job-board": "job-board", "site": "company-site",
                "careers": "company-site", "company": "company-site", "company-site": "company-site",
                "referral": "referral", "referred": "referral", "recruiter": "recruiter", "headhunter": "recruiter",
                "agency": "recruiter", "other": "other"}
REMOTE_WORDS = {"yes": "yes", "remote": "yes", "true": "yes", "y": "yes", "hybrid": "hybrid", "no": "no",
                "onsite": "no", "on-site": "no", "office": "no", "false": "no", "n": "no"}


def check_word(value: str | None, words: dict[str, str], allowed: tuple[str, ...], noun: str) -> str:
    """The stored form of `value` ("" clears it) through `words`, else `InvalidValue` listing `allowed`."""
    text = (value or "").strip().lower()
    if not text:
        return ""
    if text not in words:
        raise InvalidValue(f"bad {noun} {shorten(value or '')!r}: use one of {', '.join(allowed)}")
    return words[text]


def check_tags(tags: "list[str] | tuple[str, ...]") -> list[str]:
    """Tags as stored: lower case, blanks squeezed, no commas, no duplicates, sorted."""
    kept = set()
    for tag in tags:
        for part in tag.split(","):
            word = " ".join(part.lower().split())
            if len(word) > 50:
                raise InvalidValue(f"bad tag {shorten(word, 60)!r}: 50 characters at most")
            if word:
                kept.add(word)
    return sorted(kept)
