"""Errors the store and the command line raise; each becomes one `Error: ...` line."""

from __future__ import annotations


class CrmError(Exception):
    """Root of every expected failure in the crm package (bad input, unknown REF, duplicates)."""


class NotFound(CrmError):
    """A REF matched nothing."""


class Ambiguous(CrmError):
    """A REF matched more than one record; the message lists the matches."""


class Duplicate(CrmError):
    """A write would break a uniqueness rule users expect (one company per name or domain, ...)."""


class InvalidValue(CrmError):
    """A value is not one of the allowed ones (status, kind, channel, date, URL ...)."""


class ImportFormatError(CrmError):
    """A file given to `crm import` is not something we can read; nothing was written."""
