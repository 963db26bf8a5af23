"""The scraper contract: URL patterns, a fetch that uses the shared client, and a pure parse."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from scrapers.types import Posting

if TYPE_CHECKING:  # the client imports httpx; scrapers only receive it
    from scrapers.http import HttpClient


@dataclass(frozen=True)
class Document:
    """What `fetch` hands to `parse`: the posting URL the user gave and what was read for it."""

    url: str  # the posting URL as given (after normalisation)
    data: Any  # parsed JSON for API scrapers, HTML text for page scrapers
    source_url: str = ""  # the URL actually fetched (API endpoint or final page URL)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. a second API response


class Scraper:
    """Base class: subclasses set NAME, URL_PATTERNS and EXAMPLE_URLS and implement fetch/parse."""

    NAME: ClassVar[str] = ""
    # Regular expressions with named groups, matched (re.match) against the whole URL.
    URL_PATTERNS: ClassVar[tuple[str, ...]] = ()
    # The hosts (and their sub-domains) whose pages carry other companies' postings: never a company's
    # own website. `registry.board_hosts()` is the union over every scraper, plugins included.
    HOSTS: ClassVar[tuple[str, ...]] = ()
    # URLs this scraper must claim and no other may (checked by a test).
    EXAMPLE_URLS: ClassVar[tuple[str, ...]] = ()
    # The environment variable that overrides API_DEFAULT (a regional host, a mirror, a test server).
    API_ENV: ClassVar[str | None] = None
    API_DEFAULT: ClassVar[str | None] = None
    GENERIC: ClassVar[bool] = False  # fallbacks are tried after every specific scraper
    # Boards (scrapers.boards): the URL group naming a company's board, the group naming one posting,
    # and a board URL to show as an example. A scraper without BOARD_KEY lists no boards.
    BOARD_KEY: ClassVar[str | None] = None
    POSTING_KEY: ClassVar[str | None] = None
    BOARD_EXAMPLE: ClassVar[str] = ""

    _compiled: ClassVar[tuple[re.Pattern[str], ...]] = ()

    @classmethod
    def patterns(cls) -> tuple[re.Pattern[str], ...]:
        if len(cls._compiled) != len(cls.URL_PATTERNS) or "_compiled" not in cls.__dict__:
            cls._compiled = tuple(re.compile(p, re.IGNORECASE) for p in cls.URL_PATTERNS)
        return cls._compiled

    @classmethod
    def match(cls, url: str) -> dict[str, str] | None:
        """The named groups of the first pattern that matches `url`, or None."""
        for pattern in cls.patterns():
            found = pattern.match(url)
            if found:
                return {k: v for k, v in found.groupdict().items() if v is not None}
        return None

    @classmethod
    def suitable(cls, url: str) -> bool:
        """True when this scraper claims `url`."""
        return cls.match(url) is not None

    @classmethod
    def api_base(cls) -> str:
        """The API base URL: `API_ENV` from the environment when set, else `API_DEFAULT`."""
        value = (os.environ.get(cls.API_ENV) if cls.API_ENV else None) or cls.API_DEFAULT or ""
        return value.rstrip("/")

    @classmethod
    def board_of(cls, url: str) -> dict[str, str] | None:
        """The URL's named groups when they name a company's board (a board URL or a posting on it)."""
        found = cls.match(url) if cls.BOARD_KEY else None
        return found if found and cls.BOARD_KEY in found else None

    @classmethod
    def names_posting(cls, url: str) -> bool:
        """True when `url` is one posting (not a whole board) of this scraper's."""
        found = cls.match(url)
        return bool(found) and (cls.POSTING_KEY is None or cls.POSTING_KEY in found)

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """Read the board API's listing of the company's open postings."""
        raise NotImplementedError

    def parse_board(self, document: Document) -> Any:
        """Turn a fetched board listing into a `scrapers.boards.Board`; pure (no I/O)."""
        raise NotImplementedError

    def fetch(self, url: str, client: HttpClient) -> Document:
        """Read what `parse` needs for `url` through the shared client."""
        raise NotImplementedError

    def parse(self, document: Document) -> Posting:
        """Turn a fetched document into a Posting; pure (no I/O)."""
        raise NotImplementedError
