"""The one place the database is opened: URL resolution, pragmas, file permissions, migrations."""

from __future__ import annotations

import importlib
import os
import pkgutil
import stat
import time
from pathlib import Path
from typing import Callable

import contextlib
from collections.abc import Iterator

import peewee as pw

from crm import clock
from crm.store import migrations as migrations_pkg
from crm.errors import CrmError
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
        db = pw.SqliteDatabase(path or ":memory:", pragmas=SQLITE_PRAGMAS, timeout=10, lock_type="IMMEDIATE")
        db.register_function(_unicode_lower, "lower", 1, deterministic=True)
        return db
    if scheme in ("postgres", "postgresql"):
        # Loaded only here: SQLite users never pay for playhouse.db_url or the PostgreSQL driver.
        try:
            load_postgres_driver()
        except ImportError:
            raise CrmError("PostgreSQL needs psycopg2: pip install 'crm[postgres]'") from None
        from playhouse.db_url import connect

        try:
            return connect(url)
        except ValueError as e:  # playhouse.db_url: no database name, a broken IPv6 host, a bad port
            raise CrmError(f"bad database URL {url!r}: {e}") from e
    raise CrmError(f"unsupported database URL {url!r}: use sqlite:////ABSOLUTE/PATH, sqlite:///RELATIVE/PATH "
                   "or postgresql://...")


def init_db(url: str | None = None, *, migrate: bool = True) -> pw.Database:
    """Bind the models to the database at `url` (default `default_url()`), connect and migrate."""
    db = open_database(url or default_url())
    database.initialize(db)
    try:
        _connect(db)
        if migrate:
            apply_migrations(db)
    except pw.DatabaseError as e:  # "file is not a database", a refused connection, a read-only file
        raise CrmError(f"cannot open the database: {str(e).strip().splitlines()[0]}") from e
    return db


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
            if "locked" not in str(e) or time.monotonic() + delay > deadline:
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
