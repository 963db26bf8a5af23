"""The day every test runs on, whatever the real date (tests/conftest.py pins the clock to it).

The dates written into tests are chosen around it. `.ci/run` runs the suite a second time under a
clock moved years ahead, which proves that no test reads the real clock.
"""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 29)
NOON = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=dt.timezone.utc)
