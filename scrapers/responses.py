"""What the HTTP client hands back: a raw response (for robots.txt and redirects) and a decoded page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from scrapers.errors import ParseError

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Page:
    """One response body, decoded, with where it finally came from."""

    url: str  # final URL after redirects
    status: int
    content_type: str  # media type only, e.g. "text/html"
    text: str  # decoded body
    headers: dict[str, str]  # lower-case names

    def json(self) -> Any:
        """The body parsed as JSON; ParseError (one line, naming the URL) when it is malformed."""
        try:
            return json.loads(self.text)
        except ValueError as e:
            raise ParseError(f"malformed JSON from {self.url}: {e}", url=self.url) from e


@dataclass(frozen=True)
class Raw:
    """One response before decoding: a redirect (empty body) or a body within the size cap."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def redirect(self) -> bool:
        """Whether this is a redirect to follow (by hand: see HttpClient._fetch)."""
        return self.status in REDIRECT_STATUSES
