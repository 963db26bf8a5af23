"""Fault routes for LocalServer (drops, stalls, truncations, sequences) and a fake clock for waits."""

from __future__ import annotations

import email.utils
import socket
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Union

from scrapers.localserver import Handler, Reply
from tests.pinned import NOON

Step = Union[Reply, Handler]

STALL_SECONDS = 3.0  # how long a stalled server thread holds on; the client gives up long before


class FakeTime:
    """An injected sleep and clock: sleeping records the wait and moves the clock, nothing really waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now

    def wall(self) -> datetime:
        """The date and time: the pinned noon, moved on by every wait."""
        return NOON + timedelta(seconds=self.now - 1000.0)


def sequence(*steps: Step) -> Handler:
    """A route answering with each step in turn; the last one repeats."""
    calls = {"n": 0}
    lock = threading.Lock()

    def handle(handler: BaseHTTPRequestHandler) -> Reply | None:
        with lock:
            step = steps[min(calls["n"], len(steps) - 1)]
            calls["n"] += 1
        return step if isinstance(step, Reply) else step(handler)

    return handle


def drop(handler: BaseHTTPRequestHandler) -> None:
    """Close the socket without sending a single byte of response."""
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def stall(handler: BaseHTTPRequestHandler) -> None:
    """Send the headers of a 100-byte body, then nothing until the test ends."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.write(b"<html>")
    handler.wfile.flush()
    threading.Event().wait(STALL_SECONDS)  # a daemon server thread: the test never waits for it
    handler.close_connection = True


def truncated(body: bytes, claimed: int, content_type: str = "application/json") -> Handler:
    """A route that promises `claimed` bytes, sends `body` (shorter) and hangs up."""

    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(claimed))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    return handle


def unsized(body: bytes, content_type: str = "text/html; charset=utf-8") -> Handler:
    """A route sending `body` with no Content-Length, ended by closing the connection."""

    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True

    return handle


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to `location`."""
    return Reply(b"", status=status, headers={"Location": location})


def http_date(seconds_from_now: float) -> str:
    """An HTTP date `seconds_from_now` seconds after the pinned noon (for Retry-After; FakeTime.wall)."""
    when = NOON + timedelta(seconds=seconds_from_now)
    return email.utils.format_datetime(when, usegmt=True)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
