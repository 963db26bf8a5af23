"""Reading the dates and times people type: ISO `YYYY-MM-DD`, `today`, `yesterday`, `tomorrow`."""

from __future__ import annotations

import datetime as dt

from crm import clock
from crm.errors import InvalidValue

_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """An ISO date or a relative word; anything else is an `InvalidValue` that says what is accepted."""
    value = (text or "").strip().lower()
    base = today or clock.today()
    if value in _RELATIVE:
        return base + dt.timedelta(days=_RELATIVE[value])
    try:
        if len(value) != 10:
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"bad date {text!r}: use YYYY-MM-DD, today, yesterday or tomorrow") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # follow-ups are computed weeks ahead: keep room
        raise InvalidValue(f"bad date {text!r}: use a year from {FIRST_YEAR} to {LAST_YEAR}")
    return day


def parse_datetime(text: str, today: dt.date | None = None, *, default_time: dt.time = dt.time(9, 0)) -> dt.datetime:
    """`YYYY-MM-DD HH:MM` (or with a `T`), or a date alone (at `default_time`)."""
    value = (text or "").strip()
    head, sep, tail = value.replace("T", " ").partition(" ")
    day = parse_date(head, today)
    if not sep:
        return dt.datetime.combine(day, default_time)
    try:
        clock = dt.time.fromisoformat(tail.strip())
    except ValueError:
        raise InvalidValue(f"bad time in {text!r}: use YYYY-MM-DD HH:MM") from None
    return dt.datetime.combine(day, clock.replace(tzinfo=None, microsecond=0))


_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7, "m": 30, "month": 30, "months": 30,
          "y": 365, "year": 365, "years": 365}


def parse_every(text: str) -> int | None:
    """A rhythm in days: "90d", "12w", "3m" (30 days a month), "1y", "90"; "none"/"off"/"" is None."""
    value = (text or "").strip().lower().replace(" ", "")
    if value in ("", "none", "off", "never"):
        return None
    number = value.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = value[len(number):] or "d"
    if not number.isdigit() or unit not in _UNITS or not 1 <= int(number) * _UNITS[unit] <= 3650:
        raise InvalidValue(f"bad rhythm {text!r}: use days, weeks, months or years like 90d, 12w, 3m, 1y (up to 10y), "
                           "or none")
    return int(number) * _UNITS[unit]
