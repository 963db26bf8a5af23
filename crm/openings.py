"""`crm openings`: a company's open postings, filtered, aged, checked for re-listings, and saved.

The board is read by `scrapers.boards`; what crm adds is the user's filters, the age of each posting
counted from the ATS's own dates against today, and the re-listings (the same title at the same
company under another id, on the board itself or among the postings saved before).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from scrapers.boards import Board, Opening
    from scrapers.http import HttpSettings

STALE_DAYS = 60  # a posting up this long is flagged "stale": many are never filled


@dataclass(frozen=True)
class Listed:
    """One opening as `crm openings` shows it."""

    opening: Opening
    age_days: int | None  # days since the ATS says it was posted
    updated_days: int | None
    relisted: int  # other ids under the same title at the company (board and store)
    saved: bool = False

    def flags(self) -> list[str]:
        """Words for the table: "posted 94 days ago", "re-listed 3 times", "updated 2 days ago"."""
        words = []
        if self.age_days is not None and (self.opening.posted or not self.opening.posted_text):
            words.append(f"posted {_days(self.age_days)}")
        elif self.opening.posted_text:  # the board's own words: "posted 30+ days ago"
            words.append(" ".join(self.opening.posted_text.lower().split()))
        if self.updated_days is not None and self.age_days is not None and self.updated_days < self.age_days - 1:
            words.append(f"updated {_days(self.updated_days)}")
        if self.relisted:
            words.append(f"re-listed {self.relisted} time{'s' if self.relisted != 1 else ''}")
        return words

    def tags(self) -> tuple[str, ...]:
        """The tags a saved application gets: "stale" (up long, or re-listed) and "relisted"."""
        return (("stale",) if self.stale else ()) + (("relisted",) if self.relisted else ())

    @property
    def stale(self) -> bool:
        """Up for a long time, or posted again under a new id: perhaps never to be filled."""
        return bool(self.relisted) or (self.age_days is not None and self.age_days >= STALE_DAYS)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: the opening and what crm makes of it."""
        return {**self.opening.to_dict(), "age_days": self.age_days, "relisted": self.relisted, "stale": self.stale,
                "saved": self.saved}


def _days(n: int) -> str:
    return "today" if n <= 0 else "yesterday" if n == 1 else f"{n} days ago"


def read(url: str, settings: HttpSettings, *, notify: Any = None) -> Board:
    """The board at `url`, read with a polite client through the shared cache."""
    from scrapers.boards import read_board
    from scrapers.http import HttpClient

    with HttpClient(settings, notify=notify) as client:
        return read_board(url, client)


def matches(item: Opening, *, words: str = "", department: str = "", location: str = "",
            remote: bool = False) -> bool:
    """Whether an opening passes the filters: every word in its title (or department, team); the
    department and location as parts of theirs; remote when asked. Case and accents aside."""
    hay = _fold(" ".join(x for x in (item.title, item.department, item.team) if x))
    if any(w not in hay for w in _fold(words).split()):
        return False
    if department and _fold(department) not in _fold(" ".join(x for x in (item.department, item.team) if x)):
        return False
    if location and _fold(location) not in _fold(item.location or ""):
        return False
    return not remote or item.remote is True or "remote" in _fold(item.location or "")


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def listed(board: Board, chosen: Iterable[Opening], today: dt.date, stored: dict[str, list[str]] | None = None,
           saved: set[str] | None = None) -> list[Listed]:
    """Each chosen opening with its age and re-listings (other ids under its title, on this board and
    in `stored`: title key -> URLs saved before)."""
    from crm.store.openings import title_key

    on_board: dict[str, set[str]] = {}
    for item in board.openings:
        on_board.setdefault(title_key(item.title), set()).add(item.id or item.url)
    stored = stored or {}
    rows = []
    for item in chosen:
        key = title_key(item.title)
        others = {i for i in on_board.get(key, set()) if i != (item.id or item.url)}
        others |= {_id_in(u) for u in stored.get(key, []) if not _same(u, item)}
        age = _age(item.posted, today)
        rows.append(Listed(item, age if age is not None else relative_age(item.posted_text), _age(item.updated, today),
                           len(others), item.url in (saved or set())))
    return rows


def _age(iso: str | None, today: dt.date) -> int | None:
    if not iso:
        return None
    try:
        return max(0, (today - dt.date.fromisoformat(iso)).days)
    except ValueError:
        return None


def relative_age(text: str | None) -> int | None:
    """Days from a board's words: "Posted Today" 0, "Posted Yesterday" 1, "Posted 3 Days Ago" 3,
    "Posted 30+ Days Ago" 30 (at least); None for anything else."""
    words = (text or "").lower()
    if "today" in words:
        return 0
    if "yesterday" in words:
        return 1
    found = re.search(r"(\d+)\+?\s*days?\s+ago", words)
    return int(found.group(1)) if found else None


def _same(url: str, item: Opening) -> bool:
    from crm.store.keys import normalize_posting_url

    return normalize_posting_url(url) == normalize_posting_url(item.url) or bool(item.id and item.id in url)


def _id_in(url: str) -> str:
    """A stored posting URL's id (its last path part), which names it among re-listings."""
    return re.split(r"[/?=]", url.rstrip("/"))[-1] or url


def store_view(board: Board) -> tuple[dict[str, list[str]], set[str]]:
    """What the store knows for this board: stored URLs by title at its company, and which openings are saved."""
    from crm.store.openings import saved_posting_urls, titles_at

    return titles_at(board.company), saved_posting_urls(o.url for o in board.openings)


def save(rows: Iterable[Listed]) -> Any:
    """Save the openings as applications (one transaction, idempotent), tagged stale / relisted."""
    from crm.store.openings import save_openings

    rows = list(rows)
    return save_openings([r.opening for r in rows], flags={r.opening.url: r.tags() for r in rows if r.tags()})


def posting_flags(url: str, title: str, company: str, posted: str | None, today: dt.date,
                  store_open: bool, others: Iterable[tuple[str, str, str]] = ()) -> tuple[int | None, int]:
    """A looked-up posting's age in days (from the ATS's date) and how many times its title was posted
    at its company under another URL: among `others` (url, title, company) and, when the store is
    open, among the saved applications."""
    from crm.store.keys import company_key, normalize_posting_url
    from crm.store.openings import title_key, titles_at

    key, firm, mine = title_key(title), company_key(company), normalize_posting_url(url)
    seen = {normalize_posting_url(u) for u, t, c in others if title_key(t) == key and company_key(c) == firm}
    if store_open and company:
        seen |= {normalize_posting_url(u) for u in titles_at(company).get(key, [])}
    seen.discard(mine)
    return _age(posted, today), len(seen)


def flag_words(age: int | None, relisted: int) -> str:
    """"posted 94 days ago, re-listed 3 times" (either part when known)."""
    words = [f"posted {_days(age)}"] if age is not None else []
    if relisted:
        words.append(f"re-listed {relisted} time{'s' if relisted != 1 else ''}")
    return ", ".join(words)


def flag_tags(age: int | None, relisted: int) -> tuple[str, ...]:
    """The tags a saved lookup gets for its age and re-listings."""
    stale = bool(relisted) or (age is not None and age >= STALE_DAYS)
    return (("stale",) if stale else ()) + (("relisted",) if relisted else ())


def tag_saved(application_id: int, age: int | None, relisted: int) -> None:
    """Tag a saved lookup's application "stale" / "relisted" when its posting is (the store is open)."""
    from crm.store.openings import tag_application

    tags = flag_tags(age, relisted)
    if tags:
        tag_application(application_id, tags)
