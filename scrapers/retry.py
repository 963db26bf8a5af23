"""The retry policy, as plain rules: what is worth another attempt, how long to wait, what to say at the end.

`scrapers.http` applies these through tenacity (it stays the only module importing httpx and tenacity);
nothing here fetches, sleeps or reads a clock: the time a Retry-After date is counted from is given.
"""

from __future__ import annotations

import email.utils
import random
from datetime import datetime, timezone

from scrapers.errors import FetchError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Retryable(FetchError):
    """A failure worth another attempt (transport error, timeout, 429, 5xx); `retry_after` in seconds."""

    def __init__(self, message: str, *, url: str, status_code: int | None = None, retry_after: float | None = None,
                 unreachable: bool = False):
        super().__init__(message, url=url, status_code=status_code)
        self.retry_after = retry_after
        self.unreachable = unreachable  # the host could not be reached at all (connect failed or timed out)


def wait_before(attempt: int, error: BaseException | None, cap: float, rng: random.Random) -> float:
    """Seconds before attempt `attempt` + 1: the server's Retry-After, else back-off with jitter; both capped.

    `attempt` counts the attempts made so far, from 1: the back-off is 2 ** (attempt - 1) s plus up to 1 s.
    """
    if isinstance(error, Retryable) and error.retry_after is not None:
        return min(error.retry_after, cap)
    backoff = 2.0 ** (attempt - 1) + rng.uniform(0, 1)
    return min(backoff, cap)


def final_error(error: Retryable, attempts: int) -> FetchError:
    """After the last attempt: the last error, saying how many attempts were made."""
    if attempts <= 1:
        return FetchError(str(error), url=error.url, status_code=error.status_code)
    return FetchError(f"{error} (gave up after {attempts} attempts)", url=error.url, status_code=error.status_code)


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (counted from `now`, an
    aware datetime); None when unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())
