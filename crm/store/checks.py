"""Checks every write makes: allowed values, email addresses, URLs, and uniqueness said clearly."""

from __future__ import annotations

import contextlib
import re
from typing import Iterator

import peewee as pw

from crm.errors import Duplicate, InvalidValue
from crm.store.refs import shorten

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
