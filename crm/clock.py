"""The one place crm reads the time: the wall clock, unless `CRM_TODAY` pins the day.

`CRM_TODAY=YYYY-MM-DD` makes every command behave as on that day (a command's own `--today` still
wins): for replaying a history in a script, and for tests, which pin it so they pass on any date.
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "CRM_TODAY"


def today() -> dt.date:
    """The day commands treat as today: `CRM_TODAY` when set, else the local date."""
    pinned = os.environ.get(ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            from crm.errors import InvalidValue

            raise InvalidValue(f"bad {ENV} {pinned!r}: use YYYY-MM-DD") from None
    return dt.date.today()


def now() -> dt.datetime:
    """The local time without microseconds; on a pinned day, that day at the current time of day."""
    stamp = dt.datetime.now().replace(microsecond=0)
    day = today()
    return stamp if stamp.date() == day else dt.datetime.combine(day, stamp.time())
