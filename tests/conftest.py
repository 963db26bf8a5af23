"""Shared fixtures: the store on SQLite and PostgreSQL, real-world data, fixture regeneration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import time_machine

from tests.pinned import NOON, TODAY

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REALWORLD = ROOT.parent / "shared" / "realworld"
PG_URL = os.environ.get("CRM_TEST_PG_URL")  # set by .ci/run to a throwaway cluster


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-fixtures",
        action="store_true",
        help="Rewrite every fixtures/<scraper>/<case>.expected.json from the current parser output "
        "(review the diff before committing).",
    )


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite expected fixture files instead of comparing with them."""
    return bool(request.config.getoption("--regen-fixtures"))


@pytest.fixture
def realworld() -> Path:
    """The shared real-world data folder; the test is skipped when it is absent."""
    if not REALWORLD.is_dir():
        pytest.skip(f"real-world data not found at {REALWORLD}")
    return REALWORLD


def _reset_postgres(url: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    conn.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to an empty database: a SQLite file, and (where CRM_TEST_PG_URL is set) PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'crm.sqlite3'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CRM_TEST_PG_URL is not set: .ci/run must start PostgreSQL")
        pytest.skip("CRM_TEST_PG_URL not set (bash .ci/run starts a throwaway PostgreSQL)")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def db(store_url: str):
    """The store bound and migrated on each backend; closed afterwards."""
    from crm.store.db import close_db, init_db

    database = init_db(store_url)
    yield database
    close_db()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL to an empty SQLite file, for tests that need only one backend."""
    return f"sqlite:///{tmp_path / 'crm.sqlite3'}"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch):
    """Pin "today" for every test: the wall clock in this process (time-machine, still ticking from
    noon) and `CRM_TODAY` for the crm processes a test starts. Move it with `clock.move_to(...)`."""
    monkeypatch.setenv("CRM_TODAY", TODAY.isoformat())
    with time_machine.travel(NOON, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real data directory or database."""
    monkeypatch.setenv("CRM_HOME", str(tmp_path_factory.mktemp("crm-home")))
    monkeypatch.delenv("CRM_DATABASE_URL", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # tables fit COLUMNS when set: tests choose their own width
    monkeypatch.setenv("CRM_HTTP_DELAY", "0")
