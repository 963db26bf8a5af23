"""LinkedIn connections: read the "Get a copy of your data" Connections.csv (pure).

`crm.store.connections` merges the rows into the store in one transaction. Contacts are
matched to companies by `company_key` (case, punctuation and legal suffixes ignored) and to existing
people by LinkedIn URL, else by name and company, so a later export updates instead of duplicating.
We never fetch anything from LinkedIn: the user downloads the file themselves.
"""

from __future__ import annotations

import csv
import functools
import datetime as dt
import io
import re
from dataclasses import dataclass

from crm.errors import ImportFormatError
from crm.text import clean, plural

HEADER_START = ("first name", "last name")
REQUIRED = ("first name", "last name", "company", "position", "connected on")
# What people put in LinkedIn's Company field when they have no employer: never a company record
# (one "Self-employed" company would make every freelancer a colleague of every other).
NO_EMPLOYER = frozenset({
    "self employed", "self", "freelance", "freelancer", "independent", "independent consultant", "stealth",
    "stealth startup", "stealth mode startup", "retired", "unemployed", "none", "n a", "na", "open to work",
    "looking for new opportunities", "various", "confidential", "student",
})
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%b %d, %Y", "%m/%d/%y", "%m/%d/%Y")


@dataclass(frozen=True)
class Connection:
    """One row of Connections.csv, cleaned."""

    line: int  # the file's line number, for messages
    first_name: str
    last_name: str
    url: str | None
    email: str | None
    company: str
    position: str
    connected_on: dt.date | None

    @property
    def name(self) -> str:
        """First and last name as one display name."""
        return " ".join(f"{self.first_name} {self.last_name}".split())


@dataclass(frozen=True)
class Skipped:
    """A row that was not imported, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class Kept:
    """A row imported with something left out, and what (a date that is no date)."""

    line: int
    reason: str


@dataclass(frozen=True)
class Merged:
    """A row that joined a contact already in the store (not yet a connection), and how it was matched."""

    line: int
    contact_id: int
    contact: str  # the contact's name as stored
    how: str  # "same profile", "same email" or "same name at COMPANY"


@dataclass(frozen=True)
class ConnectionsFile:
    """What `read_connections` found: the usable rows, the skipped ones, and rows kept with a problem."""

    rows: tuple[Connection, ...]
    skipped: tuple[Skipped, ...]
    kept: tuple[Kept, ...] = ()


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of a LinkedIn import, printed by `crm import`."""

    added: int
    updated: int
    unchanged: int
    skipped: tuple[Skipped, ...]
    companies_added: int = 0
    kept: tuple[Kept, ...] = ()  # imported, but with a problem the user should see
    merged: tuple[Merged, ...] = ()  # rows that joined contacts already stored

    def describe(self) -> str:
        """One line: "LinkedIn connections: 3 added, 1 updated, 0 unchanged, 1 skipped; 1 new company"."""
        kept = f", {plural(len(self.kept), 'row')} kept with a problem" if self.kept else ""
        merged = (f"; {plural(len(self.merged), 'connection')} merged into contacts you had"
                  if self.merged else "")
        return (f"LinkedIn connections: {self.added} added, {self.updated} updated, "
                f"{self.unchanged} unchanged, {len(self.skipped)} skipped{kept}; "
                f"{plural(self.companies_added, 'new company', 'new companies')}{merged}")

    def merges(self) -> list[str]:
        """One line per merged row: "line 3: Jane Doe joined contact #1 Jane Doe (same email)"."""
        return [f"line {m.line}: joined contact #{m.contact_id} {m.contact} ({m.how})" for m in self.merged]

    def problems(self) -> list[str]:
        """One line per skipped or kept row, in file order: "line 12: bad date '31 Feb 2026' (kept without a date)"."""
        found = [(s.line, f"skipped line {s.line}: {s.reason}") for s in self.skipped]
        found += [(k.line, f"line {k.line}: {k.reason}") for k in self.kept]
        return [text for _, text in sorted(found, key=lambda x: x[0])]


def normalize_profile_url(url: str) -> str | None:
    """A LinkedIn profile URL in one spelling: https, www host, no query or trailing slash."""
    text = (url or "").strip()
    if not text:
        return None
    text = re.sub(r"^(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com", "https://www.linkedin.com", text, flags=re.I)
    text = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
    return text.lower() if "linkedin.com/" in text.lower() else text


@functools.lru_cache(maxsize=4096)  # an export repeats the same few thousand days
def parse_connected_on(text: str) -> dt.date | None:
    """`07 Dec 2025` (and the few other spellings older exports used); None when unreadable."""
    value = " ".join((text or "").split())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFormatError(f"not a LinkedIn Connections.csv: not UTF-8 text (byte {e.start})") from None


def looks_like_connections(data: bytes | str) -> bool:
    """True when the text has a Connections.csv header in its first lines (for format detection)."""
    text = data[:20_000] if isinstance(data, str) else data[:20_000].decode("utf-8-sig", errors="replace")
    return any(line.lower().replace('"', "").startswith("first name,last name,") for line in text.splitlines()[:40])


def read_connections(data: bytes | str) -> ConnectionsFile:
    """Parse Connections.csv: skip the notes preamble, map columns by header name, clean each row."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    header: list[str] | None = None
    rows: list[Connection] = []
    skipped: list[Skipped] = []
    kept: list[Kept] = []
    for cells in reader:
        line = reader.line_num
        if header is None:
            names = [c.strip().lower() for c in cells]
            if tuple(names[:2]) == HEADER_START:
                missing = [c for c in REQUIRED if c not in names]
                if missing:
                    raise ImportFormatError(f"LinkedIn header on line {line} lacks {', '.join(missing)}")
                header = names
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            skipped.append(Skipped(line, f"{len(cells)} fields where the header has {len(header)}"))
            continue
        row = dict(zip(header, (clean(c).strip() for c in cells)))  # a cell never carries a terminal sequence
        if not (row["first name"] or row["last name"]):
            skipped.append(Skipped(line, "no name (the member hides it)"))
            continue
        connected_on = parse_connected_on(row["connected on"])
        if connected_on is None and row["connected on"]:
            kept.append(Kept(line, f"bad date {row['connected on']!r} (kept without a date)"))
        rows.append(Connection(
            line=line,
            first_name=row["first name"],
            last_name=row["last name"],
            url=normalize_profile_url(row.get("url", "")),
            email=row.get("email address", "").lower() or None,
            company=row["company"],
            position=row["position"],
            connected_on=connected_on,
        ))
    if header is None:
        raise ImportFormatError("not a LinkedIn Connections.csv: no 'First Name,Last Name,...' header")
    return ConnectionsFile(tuple(rows), tuple(skipped), tuple(kept))
