"""Errors raised while fetching or parsing; each says whether it is expected or a bug."""

from __future__ import annotations


class ScraperError(Exception):
    """Root of every scraping failure. `expected` is False when it looks like a bug or a layout change."""

    expected = True

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class InvalidURL(ScraperError):
    """Not a URL we can fetch: not http(s), no host, or a host we never fetch (LinkedIn)."""


class FetchError(ScraperError):
    """The site could not be reached or answered with an error after the retries."""

    def __init__(self, message: str, *, url: str | None = None, status_code: int | None = None) -> None:
        super().__init__(message, url=url)
        self.status_code = status_code


class NotFoundError(FetchError):
    """404 or 410: the posting (or page) does not exist or is closed."""


class RobotsError(ScraperError):
    """robots.txt disallows the URL for our User-Agent."""


class TooLargeError(FetchError):
    """The body went past the size cap."""


class ContentTypeError(FetchError):
    """The body is not of the kind asked for (HTML, JSON, XML)."""


class RequestLimitError(ScraperError):
    """The per-command request budget is spent."""


class DeadlineError(ScraperError):
    """The command's overall deadline passed: a slow server is cut off, nothing more is fetched."""


class ParseError(ScraperError):
    """A mandatory field is missing or a document cannot be read; likely a layout change."""

    expected = False

    def __init__(self, message: str, *, url: str | None = None, field: str | None = None) -> None:
        super().__init__(message, url=url)
        self.field = field
