"""Real `crm` processes writing to one SQLite file at once, from its very first start, all succeed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm.store.db import close_db, init_db
from crm.store.models import Interaction, Person

WRITERS = 6


def _start(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crm", "--db", url, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy())


def _finish(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, f"a concurrent crm failed: {err}"


@pytest.mark.parametrize("round_", range(3))
def test_first_start_on_a_fresh_file(tmp_path: Path, round_: int) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    # Every process finds no database, creates it and runs the migrations at the same moment.
    _finish([_start(url, "contact", "add", f"Person {n}") for n in range(WRITERS)])
    init_db(url)
    try:
        assert sorted(p.name for p in Person.select()) == [f"Person {n}" for n in range(WRITERS)]
    finally:
        close_db()


def test_concurrent_read_then_write_transactions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    _finish([_start(url, "contact", "add", "Jane Doe")])
    # `log` reads (resolve the contact) then writes: the pattern that fails with "database is locked"
    # under deferred transactions in WAL mode.
    _finish([_start(url, "log", "Jane Doe", "--kind", "check-in", "--note", str(n)) for n in range(WRITERS)])
    init_db(url)
    try:
        assert Interaction.select().count() == WRITERS
    finally:
        close_db()


class _FlakyDatabase:
    """Stands in for a peewee database whose first connects meet another process's lock."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        self.connected = False

    def connect(self, reuse_if_open: bool = False) -> None:
        if self.failures:
            import peewee as pw

            raise pw.OperationalError(self.failures.pop(0))
        self.connected = True


def test_connect_retries_while_locked() -> None:
    from crm.store.db import _connect

    slept: list[float] = []
    db = _FlakyDatabase(["database is locked"] * 3)
    _connect(db, sleep=slept.append)  # type: ignore[arg-type]
    assert db.connected and slept == [0.01, 0.02, 0.04]


@pytest.mark.parametrize("failures, patience", [(["unable to open database file"], 10.0),
                                                (["database is locked"] * 100, 0.0)])
def test_connect_gives_up(failures: list[str], patience: float) -> None:
    import peewee as pw

    from crm.store.db import _connect

    slept: list[float] = []
    with pytest.raises(pw.OperationalError):
        _connect(_FlakyDatabase(failures), patience=patience, sleep=slept.append)  # type: ignore[arg-type]
    assert slept == []


def test_first_start_on_either_backend(store_url: str) -> None:
    # On PostgreSQL the migrations are serialised by an advisory lock instead of BEGIN IMMEDIATE.
    from crm.store.db import migration_modules
    from crm.store.models import Company, database

    _finish([_start(store_url, "company", "add", f"Company {n}") for n in range(4)])
    init_db(store_url)
    try:
        assert Company.select().count() == 4
        applied = database.execute_sql("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        assert [r[0] for r in applied] == [n for n, _ in migration_modules()]  # each applied once
    finally:
        close_db()
