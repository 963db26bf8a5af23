"""Turn-taking per host, shared by every client of a batch: one request in flight to a host at a time,
and the politeness delay counted from the end of the last one, whichever lookup made it.

A single `HttpClient` gets a gate of its own (the rules it always kept); a batch hands one gate to
all its clients, so running lookups side by side never makes a host see two requests at once.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator


class HostGate:
    """Per-host locks and the time each host's last response ended (thread-safe)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.RLock] = {}
        self._last: dict[str, float] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Hold `host` for one request: others wait until it has been answered (or failed)."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.RLock())
        with lock:
            yield

    def last(self, host: str) -> float | None:
        """When (on the client's clock) the last response from `host` ended; None before the first."""
        with self._guard:
            return self._last.get(host)

    def mark(self, host: str, when: float) -> None:
        """Record that a response from `host` ended at `when`."""
        with self._guard:
            self._last[host] = when
