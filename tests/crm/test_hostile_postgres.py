"""Hostile PostgreSQL servers and URLs: each ends the command with one `Error:` line, soon, no password shown.

The servers are real sockets on 127.0.0.1 that speak just enough of the protocol to misbehave; the
connect timeout is set to 1 s, so a server that never answers costs about a second.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner

from crm.cli import cli
from tests.conftest import PG_URL, _reset_postgres

SECRET = "s3cretpw"

Behaviour = Callable[[socket.socket, threading.Event], None]


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _error(text: bytes, code: bytes = b"28000") -> bytes:
    """An ErrorResponse: severity, SQLSTATE and the message the client will show."""
    return _message(b"E", b"SFATAL\0VFATAL\0C" + code + b"\0M" + text + b"\0\0")


def _read_startup(conn: socket.socket) -> None:
    """Answer "no" to the SSL / GSS requests and read the startup packet."""
    while True:
        (length,) = struct.unpack("!i", _read(conn, 4))
        body = _read(conn, length - 4)
        if length == 8 and body in (struct.pack("!i", 80877103), struct.pack("!i", 80877104)):
            conn.sendall(b"N")
            continue
        return


def _read(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the client went away")
        data += chunk
    return data


def black_hole(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait()


def garbage_then_hang(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    stop.wait()


def binary_garbage_then_hang(conn: socket.socket, stop: threading.Event) -> None:
    _read_startup(conn)
    conn.sendall(bytes(range(256)) * 4)
    stop.wait()


def close_at_once(conn: socket.socket, stop: threading.Event) -> None:
    conn.close()


def silent_after_startup(conn: socket.socket, stop: threading.Event) -> None:
    _read_startup(conn)
    stop.wait()


def drips_forever(conn: socket.socket, stop: threading.Event) -> None:
    """Starts an authentication request of 1,000 bytes and sends one byte every 50 ms: never idle, never done."""
    _read_startup(conn)
    conn.sendall(b"R" + struct.pack("!i", 1000))
    while not stop.wait(0.05):
        conn.sendall(b"\0")


def echoes_the_password(conn: socket.socket, stop: threading.Event) -> None:
    """Asks for the password in clear text and puts it in its error, as a hostile or careless server may."""
    _read_startup(conn)
    conn.sendall(_message(b"R", struct.pack("!i", 3)))
    kind, length = struct.unpack("!ci", _read(conn, 5))
    password = _read(conn, length - 4).rstrip(b"\0")
    conn.sendall(_error(b"password authentication failed for " + password, b"28P01"))


def terminal_escapes(conn: socket.socket, stop: threading.Event) -> None:
    _read_startup(conn)
    conn.sendall(_error(b"\x1b[2J\x1b[31mowned\x07 \x1b]0;title\x07\rsecond line"))


def long_error(conn: socket.socket, stop: threading.Event) -> None:
    _read_startup(conn)
    conn.sendall(_error(b"x" * 20_000))


def huge_error(conn: socket.socket, stop: threading.Event) -> None:
    """A megabyte of error text: libpq drops it and says only that the connection failed."""
    _read_startup(conn)
    conn.sendall(_error(b"x" * 1_000_000))


def says_locked(conn: socket.socket, stop: threading.Event) -> None:
    """An error that reads like SQLite's "database is locked", which the store retries for SQLite only."""
    _read_startup(conn)
    conn.sendall(_error(b"database is locked", b"55P03"))


class HostileServer:
    """A listening socket on 127.0.0.1 that treats every connection with `behaviour`."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.stop = threading.Event()
        self.accepted = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                self.behaviour(conn, self.stop)
            except OSError:
                pass  # the client gave up first, as it should

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def hostile() -> Iterator[Callable[[Behaviour], HostileServer]]:
    """Start hostile servers; all are stopped when the test ends."""
    servers: list[HostileServer] = []

    def start(behaviour: Behaviour) -> HostileServer:
        servers.append(HostileServer(behaviour))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _crm(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """A real `crm` process; a hang fails the test instead of stopping the suite."""
    full = {**os.environ, "CRM_DB_CONNECT_TIMEOUT": "1", **env}
    return subprocess.run([sys.executable, "-m", "crm", "--db", url, *(args or ("contact", "list"))],
                          capture_output=True, text=True, env=full, timeout=30)


def _one_error_line(stdout: str, stderr: str, *secrets: str) -> str:
    """Assert the output is one `Error:` line on stderr, no traceback, no secret; return that line."""
    assert stdout == "", stdout
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1 and stderr.endswith("\n"), stderr[:2000]
    assert "Traceback" not in stderr
    for secret in (SECRET, *secrets):
        assert secret not in stdout + stderr, f"the password {secret!r} was printed: {stderr}"
    assert "\x1b" not in stderr and "\x07" not in stderr and "\r" not in stderr, repr(stderr)
    return stderr


# --- 1. Servers that take the connection and then misbehave -------------------------------------------

@pytest.mark.parametrize("behaviour, says", [
    (black_hole, "timeout expired (no answer within 1 s; CRM_DB_CONNECT_TIMEOUT sets the limit)"),
    (silent_after_startup, "timeout expired (no answer within 1 s; CRM_DB_CONNECT_TIMEOUT sets the limit)"),
    (drips_forever, "timeout expired (no answer within 1 s; CRM_DB_CONNECT_TIMEOUT sets the limit)"),
    (garbage_then_hang, "received invalid response to SSL negotiation: H"),
    (binary_garbage_then_hang, "expected authentication request from server, but received"),
    (close_at_once, "server closed the connection unexpectedly"),
    (echoes_the_password, "password authentication failed for ***"),
    (terminal_escapes, "FATAL:  ?[2J?[31mowned? ?]0;title?\n"),
    (long_error, "xxxxxxxxxx…\n"),
    (huge_error, "failed:\n"),
    (says_locked, "database is locked"),
    (None, "Connection refused"),
])
def test_a_hostile_server_ends_the_command_with_one_line_soon(hostile, behaviour: Behaviour | None,
                                                              says: str) -> None:
    server = hostile(behaviour) if behaviour else None
    port = server.port if server else _closed_port()
    started = time.perf_counter()
    result = _crm(f"postgresql://crm:{SECRET}@127.0.0.1:{port}/crm")
    elapsed = time.perf_counter() - started
    line = _one_error_line(result.stdout, result.stderr)
    assert result.returncode == 1
    assert line.startswith("Error: cannot open the database: ") and says in line, line
    assert len(line) < 500, "a server's error text is cut, not printed whole"
    assert elapsed < 8, f"took {elapsed:.1f} s: the connect timeout did not hold"
    if server and behaviour is says_locked:
        assert server.accepted <= 2, "a PostgreSQL error that says 'locked' is not retried like SQLite's lock"


def test_the_url_s_own_connect_timeout_wins_over_the_environment(hostile) -> None:
    server = hostile(black_hole)
    started = time.perf_counter()
    result = _crm(f"postgresql://crm@127.0.0.1:{server.port}/crm?connect_timeout=1", CRM_DB_CONNECT_TIMEOUT="60")
    assert "no answer within 1 s" in _one_error_line(result.stdout, result.stderr)
    assert time.perf_counter() - started < 8


@pytest.mark.parametrize("query, env, timeout, options", [
    ("", {}, 5, "-c statement_timeout=60000"),  # the defaults
    ("", {"CRM_DB_CONNECT_TIMEOUT": "0.5", "CRM_DB_STATEMENT_TIMEOUT": "0.2"}, 1, "-c statement_timeout=200"),
    ("", {"CRM_DB_CONNECT_TIMEOUT": "0", "CRM_DB_STATEMENT_TIMEOUT": "0"}, None, None),  # no limits
    ("?connect_timeout=9&options=-c%20statement_timeout%3D7", {"CRM_DB_CONNECT_TIMEOUT": "2"}, 9,
     "-c statement_timeout=7"),
    ("?options=-c%20search_path%3Dx", {}, 5, "-c search_path=x -c statement_timeout=60000"),
    ("", {"PGCONNECT_TIMEOUT": "3", "PGOPTIONS": "-c statement_timeout=7"}, None, None),  # libpq's own, kept
    ("", {"PGOPTIONS": "-c search_path=x"}, 5, "-c search_path=x -c statement_timeout=60000"),
    ("", {"PGOPTIONS": "-c statement_timeout=7", "CRM_DB_STATEMENT_TIMEOUT": "2"}, 5,
     "-c statement_timeout=7 -c statement_timeout=2000"),
])
def test_where_the_timeouts_come_from(monkeypatch: pytest.MonkeyPatch, query: str, env: dict[str, str],
                                      timeout: int | None, options: str | None) -> None:
    from crm.store.db import postgres_params

    for name in ("CRM_DB_CONNECT_TIMEOUT", "CRM_DB_STATEMENT_TIMEOUT", "PGCONNECT_TIMEOUT", "PGOPTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    params = postgres_params(f"postgresql://u:p%40ss@db.example/crm{query}")
    assert (params.get("connect_timeout"), params.get("options"), params["password"]) == (timeout, options, "p@ss")


@pytest.mark.parametrize("name, value", [
    ("CRM_DB_CONNECT_TIMEOUT", "abc"),
    ("CRM_DB_CONNECT_TIMEOUT", "-1"),
    ("CRM_DB_CONNECT_TIMEOUT", "nan"),
    ("CRM_DB_STATEMENT_TIMEOUT", "inf"),
    ("CRM_DB_STATEMENT_TIMEOUT", "1e9"),
])
def test_a_bad_timeout_setting_is_one_line(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["--db", f"postgresql://crm:{SECRET}@127.0.0.1:{_closed_port()}/crm",
                                      "contact", "list"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {name} must be a number of seconds from 0 (no limit) to 86400, not {value!r}\n"


@pytest.fixture
def pg_url() -> str:
    """The real PostgreSQL test server, emptied; skipped where CRM_TEST_PG_URL is not set."""
    if not PG_URL:
        pytest.skip("CRM_TEST_PG_URL not set (bash .ci/run starts a throwaway PostgreSQL)")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.mark.postgres
@pytest.mark.parametrize("setting, query, shows", [
    ("", "", "1min"),  # the default, STATEMENT_TIMEOUT
    ("0.2", "", "200ms"),
    ("2.5", "?options=-c%20search_path%3Dpublic", "2500ms"),  # the URL's other options are kept
    ("0.2", "?options=-c%20statement_timeout%3D300", "300ms"),  # the URL's own setting wins
    ("0", "", "0"),  # no limit: the server's own default
])
def test_the_session_has_the_statement_timeout(pg_url: str, monkeypatch: pytest.MonkeyPatch, setting: str,
                                               query: str, shows: str) -> None:
    from crm.store.db import close_db, init_db

    monkeypatch.setenv("CRM_DB_STATEMENT_TIMEOUT", setting)
    db = init_db(pg_url + query)
    try:
        assert db.execute_sql("SHOW statement_timeout").fetchone()[0] == shows
        if "search_path" in query:
            assert db.execute_sql("SHOW search_path").fetchone()[0] == "public"
    finally:
        close_db()


@pytest.mark.postgres
def test_a_statement_past_the_timeout_is_one_error(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from crm.errors import CrmError
    from crm.store.db import close_db, init_db

    monkeypatch.setenv("CRM_DB_STATEMENT_TIMEOUT", "0.2")
    db = init_db(pg_url)
    try:
        started = time.perf_counter()
        with pytest.raises(CrmError, match="ran past the statement timeout .CRM_DB_STATEMENT_TIMEOUT sets it"):
            db.execute_sql("SELECT pg_sleep(5)")
        assert time.perf_counter() - started < 3
        assert db.execute_sql("SELECT 1").fetchone() == (1,), "the connection is still usable"
    finally:
        close_db()


@pytest.mark.postgres
def test_a_command_stuck_behind_a_lock_ends_with_one_line(pg_url: str) -> None:
    import psycopg2

    assert _crm(pg_url, "company", "add", "Acme").returncode == 0
    holder = psycopg2.connect(pg_url)  # another program holds the table and never lets go
    try:
        holder.cursor().execute("LOCK TABLE company IN ACCESS EXCLUSIVE MODE")
        started = time.perf_counter()
        result = _crm(pg_url, "company", "list", CRM_DB_STATEMENT_TIMEOUT="0.3")
        assert result.returncode == 1
        assert "ran past the statement timeout" in _one_error_line(result.stdout, result.stderr)
        assert time.perf_counter() - started < 8
    finally:
        holder.close()


# --- 2. Malformed and failing URLs never show the password ---------------------------------------------

@pytest.mark.parametrize("url, says", [
    (f"postgresql://u:{SECRET}@127.0.0.1:99999/db", "'postgresql://u:***@127.0.0.1:99999/db': Port out of range"),
    (f"postgresql://u:{SECRET}@127.0.0.1:notaport/db", "the port is not a number"),
    (f"postgresql://u:{SECRET}@localhost/", '"postgresql://u:***@localhost/" has no database name'),
    (f"postgresql://u:{SECRET}@localhost", "has no database name"),
    (f"postgresql://u:{SECRET}@[::1/db", "Invalid IPv6 URL"),
    ("postgresql://u:s3cret/pw@localhost/db", "'postgresql://u:***@localhost/db': the port is not a number"),
    ("postgresql://u:s3cret#pw@localhost/db", "the port is not a number (in a password, write / # ? @ as"),
    (f"postgresql://u@127.0.0.1:notaport/db?password={SECRET}&sslmode=require", "?password=***&sslmode=require"),
    (f"mysql://u:{SECRET}@localhost/db", "unsupported database URL 'mysql://u:***@localhost/db'"),
    (f"postgresql://u:{SECRET}@no-such-host.invalid/db", 'could not translate host name "no-such-host.invalid"'),
    (f"postgresql://u:{SECRET}@127.0.0.1:{{refused}}/db", "Connection refused"),
    (f"postgresql://u:{SECRET}@127.0.0.1:{{refused}}/db?bogus_option=1", 'invalid connection option "bogus_option"'),
    (f"postgresql://u@127.0.0.1:{{refused}}/db?password={SECRET}", "Connection refused"),
    (f"postgresql://u:{SECRET}@127.0.0.1:{{echo}}/db", "password authentication failed for ***"),
    ("postgresql://u:s3cret%2Fpw@127.0.0.1:{echo}/db", "password authentication failed for ***"),  # decoded
    ("postgresql://u:s3cret%40pw@127.0.0.1:{echo}/db", "password authentication failed for ***"),
    ("postgresql://u@127.0.0.1:{echo}/db?password=s3cret%26pw", "password authentication failed for ***"),
    (f"postgresql://u:{SECRET}@127.0.0.1:{{echo}}/postgresql://x:{SECRET}@y/z", "password authentication failed"),
    (f"postgresql://nobody:{SECRET}@{{pg}}/crm_test", 'role "nobody" does not exist'),
    (f"postgresql://crm:{SECRET}@{{pg}}/no_such_db", 'database "no_such_db" does not exist'),
])
def test_no_url_shows_its_password(hostile, monkeypatch: pytest.MonkeyPatch, url: str, says: str) -> None:
    if "{pg}" in url:
        if not PG_URL:
            pytest.skip("CRM_TEST_PG_URL not set")
        url = url.replace("{pg}", PG_URL.split("@", 1)[1].split("/", 1)[0])
    url = url.replace("{refused}", str(_closed_port()))
    if "{echo}" in url:
        url = url.replace("{echo}", str(hostile(echoes_the_password).port))
    monkeypatch.setenv("CRM_DB_CONNECT_TIMEOUT", "1")
    result = CliRunner().invoke(cli, ["--db", url, "contact", "list"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    line = _one_error_line(result.stdout, result.stderr, "s3cret/pw", "s3cret%2Fpw", "s3cret@pw", "s3cret%40pw",
                           "s3cret&pw", "s3cret%26pw", "s3cret#pw")
    assert says in line, line


# --- 3. A PostgreSQL URL without psycopg2 ----------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "postgresql://crm@127.0.0.1:5/crm",
    f"postgresql://u:{SECRET}@localhost/db",
    f"postgres://u:{SECRET}@localhost:99999/",
    f"postgresql://u@localhost/db?password={SECRET}",
])
def test_a_postgresql_url_without_its_driver_is_one_line(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    import peewee

    monkeypatch.setitem(sys.modules, "psycopg2", None)  # as on a machine without the `postgres` extra
    monkeypatch.setattr(peewee, "psycopg2", None)
    result = CliRunner().invoke(cli, ["--db", url, "contact", "list"])
    assert (result.exit_code, result.output) == (1, "Error: PostgreSQL needs psycopg2: pip install 'crm[postgres]'\n")


def test_a_process_that_cannot_import_psycopg2_says_what_to_install() -> None:
    code = ("import sys; sys.modules['psycopg2'] = None; sys.argv = ['crm', '--db', sys.argv[1], 'contact', 'list']; "
            "from crm.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code, f"postgresql://u:{SECRET}@localhost/db"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    line = _one_error_line(result.stdout, result.stderr)
    assert line == "Error: PostgreSQL needs psycopg2: pip install 'crm[postgres]'\n"
