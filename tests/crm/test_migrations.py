"""A migrated empty database has exactly the schema of crm.store.models, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from typing import Any

import peewee as pw
import pytest

from crm.store.db import apply_migrations, close_db, init_db, migration_modules, open_database
from crm.store.models import JOURNAL_MODELS, MODELS
from crm.store.search import INDEX

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _schema(db: pw.Database) -> dict[str, Any]:
    """Tables, columns (type, nullability, primary key), indexes and foreign keys, by name.

    The search index (0005: not a model, never exported) is left out, with SQLite's FTS5 tables behind it.
    """
    out: dict[str, Any] = {}
    for table in sorted(t for t in db.get_tables()
                        if t != "schema_migrations" and t != INDEX and not t.startswith(f"{INDEX}_")):
        out[table] = {
            "columns": sorted((c.name, c.data_type.lower(), c.null, c.primary_key) for c in db.get_columns(table)),
            "indexes": sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table)),
            "foreign_keys": sorted(_foreign_keys(db, table)),
        }
    return out


def _foreign_keys(db: pw.Database, table: str) -> list[tuple[str, str, str, str]]:
    if isinstance(db, pw.PostgresqlDatabase):
        sql = ("SELECT kcu.column_name, ccu.table_name, ccu.column_name, rc.delete_rule "
               "FROM information_schema.referential_constraints rc "
               "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name "
               "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.constraint_name "
               "WHERE kcu.table_name = %s")
        return [tuple(r) for r in db.execute_sql(sql, (table,))]
    rows = db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
    return [(r[3], r[2], r[4], r[6]) for r in rows]  # from, table, to, on_delete


def _reset(url: str) -> None:
    if url.startswith("postgres"):
        from tests.conftest import _reset_postgres

        _reset_postgres(url)


def test_migrated_schema_equals_models(store_url: str) -> None:
    migrated = _schema(init_db(store_url))
    close_db()
    _reset(store_url)
    if store_url.startswith("sqlite"):
        store_url = store_url.replace("crm.sqlite3", "models.sqlite3")
    fresh = open_database(store_url)
    fresh.connect()
    with fresh.bind_ctx(MODELS + JOURNAL_MODELS):  # the undo journal's tables (0006) are models too
        fresh.create_tables(MODELS + JOURNAL_MODELS)
    expected = _schema(fresh)
    fresh.close()
    assert set(migrated) == {m._meta.table_name for m in MODELS + JOURNAL_MODELS}
    assert migrated == expected, "a model changed without a migration: add crm/store/migrations/NNNN_*.py"


def test_foreign_keys_delete_as_in_models(db: pw.Database) -> None:
    rules = {(t, col): rule.upper().replace("_", " ")
             for t in db.get_tables() for col, _, _, rule in _foreign_keys(db, t)}
    for model in MODELS:
        for fk in model._meta.refs:
            assert rules[(model._meta.table_name, fk.column_name)] == fk.on_delete


def test_migrations_apply_once(db: pw.Database) -> None:
    assert apply_migrations(db) == []
    rows = db.execute_sql("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [tuple(r) for r in rows] == [(n, name) for n, name in migration_modules()]


def test_migration_does_not_import_models() -> None:
    import ast
    from pathlib import Path

    import crm.store.migrations as pkg

    for path in Path(pkg.__path__[0]).glob("[0-9]*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported |= {f"{node.module}.{a.name}" for a in node.names} | {node.module or ""}
        assert not {"crm.store.models", "crm"} & imported, f"{path.name} must freeze its models inline"


def test_old_rows_are_brought_into_the_normal_form_once(db: pw.Database) -> None:
    """0003: older versions stored posting URLs as fetched and lookups saved no first status."""
    from crm.store.models import Application, StatusChange

    when = dt.datetime(2026, 10, 1, 8)
    old = Application.create(url="https://Jobs.Example.com/1/?utm_source=x", created_at=when)
    twin = Application.create(url="https://jobs.example.com/1", created_at=when)  # already normal: keeps it
    spelt = Application.create(url="https://jobs.example.com/2?gh_src=abc", status="applied", created_at=when)
    StatusChange.create(application=spelt, from_status=None, to_status="applied", changed_on=dt.date(2026, 10, 2))
    db.execute_sql("DELETE FROM schema_migrations WHERE version = 3")
    assert apply_migrations(db) == ["0003_normalize_posting_urls"]
    urls = {a.id: a.url for a in Application.select()}
    assert urls == {old.id: "https://Jobs.Example.com/1/?utm_source=x", twin.id: "https://jobs.example.com/1",
                    spelt.id: "https://jobs.example.com/2"}
    firsts = {s.application_id: (s.to_status, s.changed_on) for s in StatusChange.select()}
    assert firsts == {old.id: ("saved", dt.date(2026, 10, 1)), twin.id: ("saved", dt.date(2026, 10, 1)),
                      spelt.id: ("applied", dt.date(2026, 10, 2))}
