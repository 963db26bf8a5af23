"""The shared HTTP cache on disk: one SQLite file kept by hishel (RFC 9111: Cache-Control, ETag and
Last-Modified, revalidated with conditional requests), capped in size.

`scrapers.http` wires it under its client; this module only opens, measures and clears the file,
so `crm cache info` and `crm cache clear` never need httpx.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapers.errors import ScraperError

FILE = "http-cache.sqlite"
DEFAULT_MAX_BYTES = 200_000_000
DAY = 86_400.0
DEFAULT_FRESH_PAGES = 7 * DAY  # a company's team and about pages change seldom
DEFAULT_FRESH_POSTINGS = DAY  # postings close and change


def cache_file(folder: str | Path) -> Path:
    """The cache's database file inside `folder`."""
    return Path(folder) / FILE


def open_storage(folder: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """A hishel SqliteStorage in `folder` (created), shared safely between threads."""
    from hishel import SqliteStorage

    path = cache_file(folder)
    try:
        # The pages are public, but what you looked at is yours: the folder is the owner's alone.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return SqliteStorage(database_path=path, max_size=max_bytes)
    except (OSError, sqlite3.Error) as e:
        raise ScraperError(f"cannot open the HTTP cache at {path}: {e}") from e


@dataclass(frozen=True)
class CacheInfo:
    """What `crm cache info` shows."""

    path: str
    exists: bool
    entries: int
    bytes: int  # on disk, the database and its write-ahead log


def info(folder: str | Path) -> CacheInfo:
    """How many responses the cache holds and how much disk it takes."""
    path = cache_file(folder)
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    size = sum(f.stat().st_size for f in files if f.exists())
    if not path.exists():
        return CacheInfo(str(path), False, 0, 0)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            entries = connection.execute("SELECT count(*) FROM entries WHERE expires_at IS NULL OR expires_at > 0").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        entries = 0  # a cache that was never written to has no table yet
    return CacheInfo(str(path), True, int(entries), size)


def clear(folder: str | Path) -> int:
    """Delete the cache's files; the bytes freed."""
    before = info(folder).bytes
    path = cache_file(folder)
    for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            f.unlink()
        except FileNotFoundError:
            pass
        except OSError as e:
            raise ScraperError(f"cannot delete {f}: {e.strerror or e}") from e
    return before
