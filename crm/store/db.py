"""The one place the database is opened: URL resolution, pragmas, file permissions, migrations."""

from __future__ import annotations

import importlib
import math
import os
import pkgutil
import re
import stat
import time
import unicodedata
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote, urlsplit

import contextlib
from collections.abc import Iterator

import peewee as pw

from crm import clock
from crm.store import migrations as migrations_pkg
from crm.errors import CrmError
from crm.store import journal
from crm.store.drivers import load_postgres_driver
from crm.home import data_dir
from crm.store.models import database

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,  # ms: a second crm process waits instead of failing
    "synchronous": "normal",
    # Reads straight from the OS page cache and a 64 MB page cache: `crm due` over 200,000
    # interactions runs about a fifth faster in a fresh process.
    "mmap_size": 256 * 1024 * 1024,
    "cache_size": -64_000,
}


# PostgreSQL waits this long (seconds) for a server to answer, then gives up. A server that takes the
# connection and never answers hung a command forever; a statement stuck behind a lock did too.
CONNECT_TIMEOUT = 5  # libpq's connect_timeout; CRM_DB_CONNECT_TIMEOUT or ?connect_timeout= overrides it
STATEMENT_TIMEOUT = 60  # the server's statement_timeout; CRM_DB_STATEMENT_TIMEOUT or ?options= overrides it


def default_url() -> str:
    """`CRM_DATABASE_URL`, else a SQLite file in the data directory."""
    return os.environ.get("CRM_DATABASE_URL") or f"sqlite:///{data_dir() / 'crm.sqlite3'}"


def _prepare_sqlite_file(path: str) -> None:
    """Create the folder and an empty file readable only by its owner, before SQLite opens it."""
    if path in ("", ":memory:") or path.startswith("file:"):
        return
    file = Path(path).expanduser()
    # Checked before the chmod below, which (run as root) made `--db sqlite:////` lock up "/".
    if "\x00" in path:
        raise CrmError(f"cannot open the database {path!r}: a path cannot contain a NUL character")
    if file.exists() and not file.is_file():
        what = "a folder" if file.is_dir() else "not a regular file"
        raise CrmError(f"cannot open the database {file}: it is {what}")
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not file.exists():
            fd = os.open(file, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        mode = stat.S_IMODE(file.stat().st_mode)
        if mode & 0o077:
            file.chmod(0o600)
    except OSError as e:
        raise CrmError(f"cannot create the database file {file}: {e.strerror or e}") from e


def _unicode_lower(value: object) -> object:
    """LOWER() for SQLite as PostgreSQL has it: SQLite's own folds only A-Z ("Łukasz" stayed "Łukasz")."""
    return value.lower() if isinstance(value, str) else value


def open_database(url: str) -> pw.Database:
    """A peewee Database for a `sqlite:///path` or `postgresql://...` URL, not yet connected."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite://"):]
        _prepare_sqlite_file(path)
        # BEGIN IMMEDIATE: a write transaction takes the lock up front and waits (busy timeout)
        # instead of failing when another process committed between its first read and write.
        db = _Sqlite(path or ":memory:", pragmas=SQLITE_PRAGMAS, timeout=10, lock_type="IMMEDIATE")
        db.register_function(_unicode_lower, "lower", 1, deterministic=True)
        return db
    if scheme in ("postgres", "postgresql"):
        # Loaded only here: SQLite users never pay for playhouse.db_url or the PostgreSQL driver.
        try:
            load_postgres_driver()
        except ImportError:
            raise CrmError("PostgreSQL needs psycopg2: pip install 'crm[postgres]'") from None
        params = postgres_params(url)
        return _Postgres(params.pop("database"), **params)
    raise CrmError(f"unsupported database URL {shown(url)!r}: use sqlite:////ABSOLUTE/PATH, sqlite:///RELATIVE/PATH "
                   "or postgresql://...")


def postgres_params(url: str) -> dict[str, Any]:
    """psycopg2's keyword arguments for a `postgresql://` URL, with a connect and a statement timeout.

    The URL's own `connect_timeout` and `options=-c statement_timeout=...` win, then
    CRM_DB_CONNECT_TIMEOUT / CRM_DB_STATEMENT_TIMEOUT, then libpq's PGCONNECT_TIMEOUT / PGOPTIONS,
    then CONNECT_TIMEOUT / STATEMENT_TIMEOUT. A password may be percent-encoded, as libpq allows.
    """
    from playhouse.db_url import parse

    try:
        params = parse(url, unquote_password=True, unquote_user=True)
    except ValueError as e:  # urllib: a port that is not a number or out of range, a broken IPv6 host
        # urllib quotes the "port", which is part of the password when that holds a raw "/" or "#".
        why = ("the port is not a number (in a password, write / # ? @ as %2F %23 %3F %40)"
               if "could not be cast" in str(e) else clean_text(e, url))
        raise CrmError(f"bad database URL {shown(url)!r}: {why}") from None
    if not params.get("database"):  # playhouse's own words, without the password it quoted
        scheme = url.split(":", 1)[0]
        raise CrmError(f'bad database URL {shown(url)!r}: "{shown(url)}" has no database name. Local databases take '
                       f'three slashes ("{scheme}:///dbname"), remote ones "{scheme}://host/dbname".')
    if "connect_timeout" not in params and ("CRM_DB_CONNECT_TIMEOUT" in os.environ
                                            or "PGCONNECT_TIMEOUT" not in os.environ):
        seconds = _seconds("CRM_DB_CONNECT_TIMEOUT", CONNECT_TIMEOUT)
        if seconds:
            params["connect_timeout"] = max(1, math.ceil(seconds))  # libpq takes whole seconds
    # Passing options= hides PGOPTIONS from libpq, so theirs are carried along; a later -c wins.
    theirs = str(params["options"] or "") if "options" in params else os.environ.get("PGOPTIONS", "")
    if "statement_timeout" not in theirs or ("options" not in params and "CRM_DB_STATEMENT_TIMEOUT" in os.environ):
        seconds = _seconds("CRM_DB_STATEMENT_TIMEOUT", STATEMENT_TIMEOUT)
        if seconds:
            params["options"] = f"{theirs} -c statement_timeout={max(1, round(seconds * 1000))}".strip()
    return params


def _seconds(name: str, default: float) -> float:
    """The number of seconds the environment variable `name` holds (0: no limit), else `default`."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 86_400):
        raise CrmError(f"{name} must be a number of seconds from 0 (no limit) to 86400, not {text!r}")
    return value


def _secrets(url: str) -> list[str]:
    """Every spelling of a password in `url` (user-info or a query's `password=`), raw and decoded, longest first."""
    if url.lower().startswith("sqlite:"):
        return []  # a path, whatever ":" and "@" it holds
    head, _, query = url.partition("?")
    authority = head.split("://", 1)[-1]
    # Where a malformed URL's user-info ends is ambiguous (an "@" or "/" in a raw password): take every
    # reading; hiding a little too much is better than showing a password.
    found = set(re.findall(r"://[^/?#@:]*:([^/?#@]*)@", url))
    if "@" in authority:
        for userinfo in (authority.split("@", 1)[0], authority.rsplit("@", 1)[0],
                         authority.split("/", 1)[0].rpartition("@")[0]):
            found.add(userinfo.partition(":")[2])
    try:
        found.add(urlsplit(url).password or "")
    except ValueError:
        pass
    found.update(re.findall(r"(?i)password=([^&#]*)", query))
    found.update(value for key, value in parse_qsl(query, keep_blank_values=True) if "password" in key.lower())
    found.update([unquote(secret) for secret in found])
    return sorted(filter(None, found), key=len, reverse=True)


def hide_password(text: str, url: str) -> str:
    """`text` with every password `url` holds replaced by `***` (the URL itself, or a driver's message)."""
    for secret in _secrets(url):
        text = text.replace(secret, "***")
    return text


def shown(url: str) -> str:
    """A database URL as an error message may show it: `postgresql://u:***@host/db`."""
    return hide_password(url, url)


def clean_text(error: BaseException, url: str) -> str:
    """An error's first line as a message may show it: no password, no control characters, not too long.

    The text may come from the server itself, and a hostile one can send anything in it.
    """
    lines = str(error).strip().splitlines()
    text = hide_password(lines[0] if lines else type(error).__name__, url)
    text = "".join("?" if unicodedata.category(c)[0] == "C" else c for c in text)
    return text if len(text) <= 300 else text[:299] + "…"


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_RESHAPES = ("ALTER TABLE", "DROP TABLE")


class _Sqlite(pw.SqliteDatabase):
    """SQLite that runs `before_write` (the undo journal's TEMP triggers, crm.store.journal) just before
    this connection's first write, so a command that only reads never pays for making them, and
    `before_reshape` before a table is altered or dropped (a trigger naming a dropped column stops it)."""

    before_write: Callable[[], None] | None = None
    before_reshape: Callable[[], None] | None = None

    def begin(self, lock_type: str | None = None) -> None:
        """BEGIN, after `before_write`."""
        self._ready()
        super().begin(lock_type)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        """Run a statement; a write outside a transaction runs `before_write` first."""
        head = sql.lstrip()[:11].upper()
        if self.before_write is not None and not self.in_transaction() and head.startswith(_WRITES):
            self._ready()
        elif self.before_reshape is not None and head.startswith(_RESHAPES):
            self.before_reshape()
        return super().execute_sql(sql, params)

    def _ready(self) -> None:
        hook, self.before_write = self.before_write, None
        if hook is not None:
            hook()


class _Postgres(pw.PostgresqlDatabase):
    """PostgreSQL whose statements cancelled by the statement timeout are one CrmError that says so."""

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        """Run a statement; a statement_timeout cancellation becomes a CrmError naming the setting."""
        try:
            return super().execute_sql(sql, params)
        except pw.OperationalError as e:
            if getattr(getattr(e, "orig", None), "pgcode", None) != "57014" or "statement timeout" not in str(e):
                raise
            raise CrmError("the database cancelled a statement that ran past the statement timeout "
                           "(CRM_DB_STATEMENT_TIMEOUT sets it, in seconds; 0 for none)") from e


def init_db(url: str | None = None, *, migrate: bool = True) -> pw.Database:
    """Bind the models to the database at `url` (default `default_url()`), connect and migrate."""
    global _opened_url
    url = _opened_url = url or default_url()
    db = open_database(url)
    database.initialize(db)
    try:
        _connect(db)
        if migrate:
            apply_migrations(db)
    except pw.DatabaseError as e:  # "file is not a database", a refused connection, a read-only file
        text = clean_text(e, url)
        if text.endswith("timeout expired") and db.connect_params.get("connect_timeout"):
            text += (f" (no answer within {db.connect_params['connect_timeout']} s; "
                     "CRM_DB_CONNECT_TIMEOUT sets the limit)")
        raise CrmError(f"cannot open the database: {text}") from e
    return db


_opened_url: str = ""  # the URL of the store open now, so an error about it never shows its password


def database_failure(error: BaseException) -> CrmError | None:
    """A database error the machine caused, not crm (a read-only file or folder, a full disk, a server
    gone): one line saying so, the password never in it; None for anything else."""
    if not isinstance(error, (pw.OperationalError, pw.InternalError)):
        return None
    text = clean_text(error, _opened_url)
    hint = " (is the database file or its folder read-only?)" if "readonly" in text.replace("-", "").replace(" ", "") else ""
    return CrmError(f"the database refused the change: {text}{hint}")


def _connect(db: pw.Database, *, patience: float = 10.0, sleep: Callable[[float], None] = time.sleep) -> None:
    """Connect, retrying while another process holds a lock the busy timeout does not cover.

    Switching a fresh SQLite file to WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once (no busy wait) when two processes make that switch together.
    """
    deadline = time.monotonic() + patience
    delay = 0.01
    while True:
        try:
            db.connect(reuse_if_open=True)
            return
        except pw.OperationalError as e:
            # Only SQLite's lock is worth waiting for: a PostgreSQL server saying "locked" is not one.
            if "locked" not in str(e) or isinstance(db, pw.PostgresqlDatabase) or time.monotonic() + delay > deadline:
                raise
        sleep(delay)
        delay = min(delay * 2, 0.25)


def close_db() -> None:
    """Close the bound database if one is open."""
    if database.obj is not None and not database.is_closed():
        database.close()


class SchemaVersion(pw.Model):
    version = pw.IntegerField(primary_key=True)
    name = pw.CharField()
    applied_at = pw.DateTimeField()

    class Meta:
        table_name = "schema_migrations"


def migration_modules() -> list[tuple[int, str]]:
    """(number, module name) of every `crm/store/migrations/NNNN_*.py`, in order."""
    found = []
    for info in pkgutil.iter_modules(migrations_pkg.__path__):
        head = info.name.split("_", 1)[0]
        if head.isdigit():
            found.append((int(head), info.name))
    return sorted(found)


def migrator_for(db: pw.Database) -> object:
    """playhouse.migrate's migrator for this backend (loaded only when a migration runs)."""
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

    return PostgresqlMigrator(db) if isinstance(db, pw.PostgresqlDatabase) else SqliteMigrator(db)


_PG_LOCK_KEY = 0x63726D  # "crm": the advisory lock that serialises migrations on PostgreSQL


def _applied(db: pw.Database) -> set[int]:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return set()
    return {row.version for row in SchemaVersion.select(SchemaVersion.version)}


def apply_migrations(db: pw.Database) -> list[str]:
    """Run every migration not yet applied, each in its own transaction; return their names.

    Safe when two processes start at once on a fresh database: each migration runs under a write
    lock (SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock) and re-reads the applied set first.
    """
    with SchemaVersion.bind_ctx(db):
        done = _applied(db)
        pending = [(n, name) for n, name in migration_modules() if n not in done]
        applied = []
        for number, name in pending:
            module = importlib.import_module(f"{migrations_pkg.__name__}.{name}")
            with db.atomic():
                if isinstance(db, pw.PostgresqlDatabase):
                    db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK_KEY,))
                db.create_tables([SchemaVersion], safe=True)
                if number in _applied(db):
                    continue  # another process applied it while we waited for the lock
                module.up(migrator_for(db), db)
                SchemaVersion.create(version=number, name=name, applied_at=clock.now())
            applied.append(name)
        # The undo journal's triggers follow the live schema, whatever the migrations made of it.
        journal.install(db, "schema " + ",".join(str(n) for n in sorted(done | {n for n, _ in pending})))
        return applied


def open_store(url: str | None = None) -> pw.Database:
    """Open and migrate the store at `url` (default `default_url()`) for one command."""
    return init_db(url)


def close_store() -> None:
    """Close the store if it is open."""
    close_db()


def open_existing_store(url: str | None = None) -> bool:
    """Open the store only if it already exists (never creates a file or tables); True when open.

    A lookup without --save must work on a machine with no CRM, and must not leave one behind.
    """
    url = url or default_url()
    if url.lower().startswith("sqlite:"):
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite://"):]
        file = Path(path).expanduser() if path and path != ":memory:" and not path.startswith("file:") else None
        if file is None or not file.is_file() or file.stat().st_size == 0:
            return False
    db = init_db(url, migrate=False)
    if not db.table_exists(SchemaVersion._meta.table_name):
        close_db()
        return False  # an empty database: nothing to know, and nothing to create
    apply_migrations(db)  # an older schema is brought up to date, as any command would
    return True


@contextlib.contextmanager
def unmapped() -> Iterator[None]:
    """Inside this block SQLite reads through its page cache, not through a mapping of the file.

    A whole-store read (an export) touches every page once, so the mapping saves nothing, yet every
    page it maps counts in the process's memory: 256 MB of a large store, on top of the cache.
    """
    if isinstance(database.obj, pw.PostgresqlDatabase):
        yield
        return
    database.execute_sql("PRAGMA mmap_size = 0")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA mmap_size = {SQLITE_PRAGMAS['mmap_size']}")


@contextlib.contextmanager
def transaction() -> Iterator[None]:
    """One transaction around several store calls: all of them are kept, or none."""
    with database.atomic():
        yield
