"""The undo journal: what each command's writes changed, written by the database in the same transaction.

A *change* is one command that wrote (`change`: the command line, when, whether it was undone); each
row it inserted, updated or deleted is one `journal` row (table, key, operation, and for an update or
delete the row as it was, as JSON). Triggers write them, so every write path is covered: a model's
save, `rows.bulk_insert`, a bulk UPDATE, a foreign key's ON DELETE CASCADE or SET NULL.

The triggers are made from the live schema (whatever migrations ran, whoever wrote them), for every
table but the journal's own, the search index's and schema_migrations:

- SQLite: TEMP triggers that each connection makes just before its first write (a command that only
  reads makes none), reading the session (the command line, the time, whether journaling is on) from a
  TEMP table. Another program writing the file (the sqlite3 shell, a benchmark seeding rows) meets no
  trigger it cannot run.
- PostgreSQL: one plpgsql function, `crm_journal()`, behind a statement trigger for inserts (a bulk
  insert is one write to the journal) and row triggers for updates and deletes (`row_to_json(OLD)`);
  the session lives in custom settings (`crm.journal`, `crm.command`, ...). They are remade when the
  schema version differs from the one the function was made for (its comment says which).

A change row is made by the first row a command writes, so a command that writes nothing (or fails
and rolls back) leaves no trace. Only the last `keep()` changes are kept (CRM_UNDO_KEEP, default 200).
Undo (`undo_last`) replays the journal of the last change backwards in one transaction with the
journal paused, and marks the change undone; the next undo goes one further back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from crm import clock
from crm.errors import CrmError, InvalidValue
from crm.store.models import Change, JournalEntry, database

KEEP = 200  # changes kept for `crm undo`; CRM_UNDO_KEEP overrides it
SKIPPED = ("schema_migrations", "change", "journal")  # never journaled; nor the search index (search_index*)
OPS = ("insert", "update", "delete")


def keep() -> int:
    """How many changes the journal keeps (CRM_UNDO_KEEP, default KEEP; at least 1)."""
    text = os.environ.get("CRM_UNDO_KEEP", "").strip()
    if not text:
        return KEEP
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise InvalidValue(f"CRM_UNDO_KEEP must be a whole number from 1 to 100000, not {text!r}")
    return int(text)


def _postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


def journaled_tables(db: pw.Database) -> dict[str, tuple[str, list[str]]]:
    """Every table the journal covers: name -> (primary-key column, all columns), from the live schema.

    A table without a one-column primary key cannot be keyed and is left out.
    """
    found: dict[str, tuple[str, list[str]]] = {}
    for table in db.get_tables():
        if table in SKIPPED or table.startswith(("search_index", "sqlite_")):
            continue
        columns = db.get_columns(table)
        keys = [c.name for c in columns if c.primary_key]
        if len(keys) == 1:
            found[table] = (keys[0], [c.name for c in columns])
    return found


# ---- SQLite: TEMP triggers per connection ----------------------------------------------------------

_SESSION = "journal_session"  # a TEMP table: a trigger body may not qualify names


def _sqlite_json(columns: list[str], alias: str) -> str:
    pairs = ", ".join(f"'{c}', {alias}.\"{c}\"" for c in columns)
    return f"json_object({pairs})"


def _sqlite_install(db: pw.Database) -> None:
    """Make the triggers just before the connection's first write (crm.store.db's SQLite runs the hook),
    or now for a database without that hook."""
    db._crm_journal = {"ready": False, "session": ("", _stamp(), keep())}  # type: ignore[attr-defined]
    if hasattr(db, "before_write"):
        db.before_write = lambda: ensure(db)  # type: ignore[attr-defined]
        db.before_reshape = lambda: _forget(db)  # type: ignore[attr-defined]
    else:
        ensure(db)


def _forget(db: pw.Database) -> None:
    """Drop this connection's triggers before a table changes shape; the next write makes them anew."""
    state = getattr(db, "_crm_journal", None)
    if state is None or not state["ready"]:
        return
    for (name,) in db.execute_sql("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall():
        db.execute_sql(f'DROP TRIGGER temp."{name}"')
    state["ready"] = False
    db.before_write = lambda: ensure(db)  # type: ignore[attr-defined]


def ensure(db: pw.Database | None = None) -> None:
    """Make this SQLite connection's journal triggers now, if they are not made yet (PostgreSQL: nothing)."""
    db = db or database.obj
    state = getattr(db, "_crm_journal", None)
    if state is None or state["ready"]:
        return
    state["ready"] = True  # first: the statements below pass through the same hook
    db.before_write = None  # type: ignore[attr-defined]
    db.execute_sql(f"CREATE TEMP TABLE IF NOT EXISTS journal_session (command TEXT, made_at TEXT, "
                   "on_ INTEGER, change_id INTEGER, keep INTEGER)")
    db.execute_sql(f"DELETE FROM {_SESSION}")
    db.execute_sql(f"INSERT INTO {_SESSION} VALUES (?, ?, 1, NULL, ?)", state["session"])
    for (name,) in db.execute_sql("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall():
        db.execute_sql(f'DROP TRIGGER temp."{name}"')
    # A BEFORE trigger makes the change row, once per change (its WHEN is false once the session knows
    # the id); the AFTER trigger writes the journal row. Two cheap triggers a row, not one heavy one.
    start = (f"INSERT INTO change (command, made_at, undone) SELECT command, made_at, 0 FROM {_SESSION}; "
             f"UPDATE {_SESSION} SET change_id = last_insert_rowid();")
    first = f"WHEN (SELECT on_ = 1 AND change_id IS NULL FROM {_SESSION})"
    when = f"WHEN (SELECT on_ FROM {_SESSION}) = 1"
    for table, (key, columns) in journaled_tables(db).items():
        def write(op: str, row: str, old: str) -> str:
            return (f"INSERT INTO journal (change_id, table_name, row_key, op, old) "
                    f"SELECT change_id, '{table}', {row}.\"{key}\", '{op}', {old} FROM {_SESSION};")
        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
        for op, row, old, extra in (("insert", "NEW", "NULL", ""), ("update", "OLD", _sqlite_json(columns, "OLD"),
                                                                    f" AND ({changed})"),
                                    ("delete", "OLD", _sqlite_json(columns, "OLD"), "")):
            event = f'{op.upper()} ON main."{table}"'
            db.execute_sql(f'CREATE TEMP TRIGGER "journal_{table}_{op}_first" BEFORE {event} {first}{extra} '
                           f"BEGIN {start} END")
            db.execute_sql(f'CREATE TEMP TRIGGER "journal_{table}_{op}" AFTER {event} {when}{extra} '
                           f"BEGIN {write(op, row, old)} END")
    # Trimming: each new change drops those past the number kept.
    db.execute_sql(
        "CREATE TEMP TRIGGER journal_trim AFTER INSERT ON main.change BEGIN "
        f"DELETE FROM journal WHERE change_id <= NEW.id - (SELECT keep FROM {_SESSION}); "
        f"DELETE FROM change WHERE id <= NEW.id - (SELECT keep FROM {_SESSION}); END")


# ---- PostgreSQL: one function, remade when the schema changes -------------------------------------

_FUNCTION = r"""
CREATE FUNCTION crm_journal() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  cid bigint;
  old_row json;
BEGIN
  IF current_setting('crm.journal', true) IS DISTINCT FROM 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_LEVEL = 'STATEMENT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
  END IF;
  cid := nullif(current_setting('crm.change_id', true), '')::bigint;
  IF cid IS NULL THEN
    INSERT INTO change (command, made_at, undone)
      VALUES (coalesce(current_setting('crm.command', true), ''),
              coalesce(nullif(current_setting('crm.made_at', true), '')::timestamp, localtimestamp(0)), false)
      RETURNING id INTO cid;
    PERFORM set_config('crm.change_id', cid::text, false);
    DELETE FROM journal WHERE change_id <= cid - coalesce(nullif(current_setting('crm.keep', true), '')::bigint, 200);
    DELETE FROM change WHERE id <= cid - coalesce(nullif(current_setting('crm.keep', true), '')::bigint, 200);
  END IF;
  IF TG_LEVEL = 'STATEMENT' THEN
    EXECUTE format('INSERT INTO journal (change_id, table_name, row_key, op) '
                   'SELECT $1, $2, n.%I::text, ''insert'' FROM new_rows n', TG_ARGV[0]) USING cid, TG_TABLE_NAME;
  ELSE
    old_row := row_to_json(OLD);
    INSERT INTO journal (change_id, table_name, row_key, op, old)
      VALUES (cid, TG_TABLE_NAME, old_row ->> TG_ARGV[0], lower(TG_OP), old_row::text);
  END IF;
  RETURN NULL;
END
$body$
"""


def _postgres_installed(db: pw.Database) -> str | None:
    """The comment on crm_journal(): the schema its triggers were made for (read from the catalog tables
    themselves: to_regproc's cache may not have heard yet of a function another session just made)."""
    row = db.execute_sql("SELECT d.description FROM pg_proc p JOIN pg_description d ON d.objoid = p.oid "
                         "AND d.classoid = 'pg_proc'::regclass WHERE p.proname = 'crm_journal' "
                         "AND p.pronamespace = current_schema()::regnamespace").fetchone()
    return row[0] if row else None


def _postgres_install(db: pw.Database, version: str) -> None:
    version = f"{version}; journal {hashlib.sha256(_FUNCTION.encode()).hexdigest()[:12]}"  # a new crm_journal too
    if _postgres_installed(db) == version:
        return
    with db.atomic():
        # One session at a time; a table lock (not an advisory one) also brings this session's catalog
        # cache up to date with what the session before it made.
        db.execute_sql("LOCK TABLE journal IN SHARE ROW EXCLUSIVE MODE")
        if _postgres_installed(db) == version:
            return
        db.execute_sql("DROP FUNCTION IF EXISTS crm_journal() CASCADE")  # and every trigger calling it
        db.execute_sql(_FUNCTION.replace("%", "%%"))  # psycopg2 reads "%" as a placeholder
        for table, (key, _columns) in journaled_tables(db).items():
            name = f'"journal_{table}'
            db.execute_sql(f'CREATE TRIGGER {name}_insert" AFTER INSERT ON "{table}" REFERENCING NEW TABLE AS new_rows '
                           f"FOR EACH STATEMENT EXECUTE PROCEDURE crm_journal('{key}')")
            db.execute_sql(f'CREATE TRIGGER {name}_update" AFTER UPDATE ON "{table}" FOR EACH ROW '
                           f"WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE PROCEDURE crm_journal('{key}')")
            db.execute_sql(f'CREATE TRIGGER {name}_delete" AFTER DELETE ON "{table}" FOR EACH ROW '
                           f"EXECUTE PROCEDURE crm_journal('{key}')")
        # Deferrable (still checked at the end of each statement), so an undo can check them at its commit.
        for table, name in db.execute_sql(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f' AND NOT condeferrable "
                "AND connamespace = current_schema()::regnamespace").fetchall():
            db.execute_sql(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY IMMEDIATE')
        db.execute_sql(f"COMMENT ON FUNCTION crm_journal() IS '{version}'")


def install(db: pw.Database, version: str) -> None:
    """Make (or bring up to date) the journal's triggers for the live schema, and start a session.

    `version` names the schema (the migrations applied): PostgreSQL's triggers are remade only when it
    differs from the one they were made for; SQLite's are this connection's own, made each time.
    """
    if not db.table_exists("journal"):
        return  # migration 0006 has not run (a store opened without migrating)
    if _postgres(db):
        _postgres_install(db, version)
    else:
        _sqlite_install(db)
    begin_change("", db)


def _stamp() -> str:
    return clock.now().strftime("%Y-%m-%d %H:%M:%S")


def begin_change(command: str = "", db: pw.Database | None = None) -> None:
    """Start a new change: the writes from now on are one entry of `crm undo --list`, under `command`."""
    db = db or database.obj
    # PostgreSQL takes no NUL in a string; a pasted novel need not be kept whole.
    command = command.replace("\x00", "\\x00")
    command = command if len(command) <= 2000 else command[:1999] + "\u2026"
    made_at = _stamp()
    if _postgres(db):
        db.execute_sql("SELECT set_config('crm.journal', 'on', false), set_config('crm.command', %s, false), "
                       "set_config('crm.made_at', %s, false), set_config('crm.change_id', '', false), "
                       "set_config('crm.keep', %s, false)", (command, made_at, str(keep())))
        return
    state = getattr(db, "_crm_journal", None)
    if state is None:
        return  # no journal in this store (opened without migrating)
    state["session"] = (command, made_at, keep())
    if state["ready"]:
        db.execute_sql(f"UPDATE {_SESSION} SET command = ?, made_at = ?, keep = ?, change_id = NULL",
                       state["session"])


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Inside this block nothing is journaled (an undo's own writes)."""
    db = database.obj
    if _postgres(db):
        old = db.execute_sql("SELECT current_setting('crm.journal', true)").fetchone()[0]
        db.execute_sql("SELECT set_config('crm.journal', 'off', false)")
        try:
            yield
        finally:
            db.execute_sql("SELECT set_config('crm.journal', %s, false)", (old or "",))
        return
    ensure(db)
    db.execute_sql(f"UPDATE {_SESSION} SET on_ = 0")
    try:
        yield
    finally:
        db.execute_sql(f"UPDATE {_SESSION} SET on_ = 1")


# ---- Reading and undoing ---------------------------------------------------------------------------

# How a table's rows are named to a person.
NOUNS = {"person": ("contact", "contacts"), "application_contact": ("link", "links"),
         "interview_participant": ("interview seat", "interview seats"),
         "status_change": ("status change", "status changes"), "company": ("company", "companies"),
         "contact_alias": ("contact address", "contact addresses")}


def noun(table: str, n: int) -> str:
    """`n` rows of `table` in words: "1 contact", "3 links", "2 companies"."""
    one, many = NOUNS.get(table, (table.replace("_", " "), table.replace("_", " ") + "s"))
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class ChangeSummary:
    """One change as `crm undo --list` shows it."""

    id: int
    command: str
    made_at: Any
    undone: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # op -> table -> rows

    def describe(self, words: dict[str, str] | None = None) -> str:
        """"added 1 contact; removed 2 links", the verbs per operation from `words`."""
        words = words or {"insert": "added", "update": "changed", "delete": "removed"}
        parts = []
        for op in OPS:
            tables = self.counts.get(op)
            if tables:
                parts.append(f"{words[op]} " + ", ".join(noun(t, n) for t, n in tables.items()))
        return "; ".join(parts) or "nothing"

    def record(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {"id": self.id, "command": self.command, "made_at": self.made_at, "undone": self.undone,
                "rows": self.counts}


def _counts(change_ids: list[int]) -> dict[int, dict[str, dict[str, int]]]:
    out: dict[int, dict[str, dict[str, int]]] = {}
    if not change_ids:
        return out
    query = (JournalEntry.select(JournalEntry.change, JournalEntry.op, JournalEntry.table_name,
                                 pw.fn.COUNT(JournalEntry.id))
             .where(JournalEntry.change.in_(change_ids))
             .group_by(JournalEntry.change, JournalEntry.op, JournalEntry.table_name)
             .order_by(JournalEntry.change, JournalEntry.op, pw.fn.MIN(JournalEntry.id)))
    for change_id, op, table, n in query.tuples():
        out.setdefault(change_id, {}).setdefault(op, {})[table] = n
    return out


def recent_changes(limit: int = 20) -> list[ChangeSummary]:
    """The last `limit` changes, newest first."""
    rows = list(Change.select().order_by(Change.id.desc()).limit(limit))
    counts = _counts([c.id for c in rows])
    return [ChangeSummary(c.id, c.command, c.made_at, c.undone, counts.get(c.id, {})) for c in rows]


@dataclass(frozen=True)
class UndoResult:
    """What an undo took back: the change, and the rows per table it restored, removed and reverted."""

    change: ChangeSummary
    names: tuple[str, ...]  # the contacts, companies and applications brought back, by name

    def describe(self) -> str:
        """"restored 1 contact, 1 interaction; removed 1 company" for the change undone."""
        return self.change.describe({"insert": "removed", "update": "reverted", "delete": "restored"})


_NAMED = {"person": ("contact", "name"), "company": ("company", "name"), "application": ("application", "title")}


def _restore_sql(db: pw.Database, table: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = "(" + ", ".join([db.param] * len(columns)) + ")"
    for start in range(0, len(rows), 200):
        batch = rows[start:start + 200]
        db.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES {", ".join([marks] * len(batch))}',
                       [row.get(c) for row in batch for c in columns])


def _revert_sql(db: pw.Database, table: str, key: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    """Set rows back to their old values (PostgreSQL: one UPDATE a batch, from json_populate_recordset)."""
    if not _postgres(db):
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        db.cursor().executemany(f'UPDATE "{table}" SET {sets} WHERE "{key}" = ?',
                                [[row.get(c) for c in columns] + [row[key]] for row in rows])
        return
    sets = ", ".join(f'"{c}" = r."{c}"' for c in columns)
    for start in range(0, len(rows), 1000):
        db.execute_sql(f'UPDATE "{table}" AS t SET {sets} FROM json_populate_recordset(NULL::"{table}", %s) AS r '
                       f'WHERE t."{key}" = r."{key}"', (json.dumps(rows[start:start + 1000]),))


def _reverse(db: pw.Database, table: str, key: str, columns: list[str], op: str, items: list[str]) -> list[dict]:
    """Undo one run of the same operation on one table (the journal read backwards); the rows put back."""
    if op == "insert":
        for start in range(0, len(items), 500):
            part = items[start:start + 500]
            db.execute_sql(f'DELETE FROM "{table}" WHERE "{key}" IN ({", ".join([db.param] * len(part))})', part)
        return []
    rows = [json.loads(old) for old in items]
    present = [c for c in columns if all(c in row for row in rows)]  # a column added since: left as it is
    if op == "delete":
        _restore_sql(db, table, present, rows)
        return rows
    # Updated twice in one change: the row goes back to the first old value (the last read backwards).
    _revert_sql(db, table, key, [c for c in present if c != key], list({row[key]: row for row in rows}.values()))
    return []


def undo_last() -> UndoResult:
    """Take back the last change not yet undone, in one transaction; the journal does not record it."""
    db = database.obj
    tables = journaled_tables(db)
    with paused(), database.atomic():
        change = Change.select().where(Change.undone == False).order_by(Change.id.desc()).first()  # noqa: E712
        if change is None:
            raise CrmError("nothing to undo: no change is left in the journal (crm undo --list shows it)")
        # Foreign keys are checked at commit: PostgreSQL journals a deleted row before the rows its foreign
        # keys cascade to, so put back in the journal's order a child may come back before its parent.
        db.execute_sql("SET CONSTRAINTS ALL DEFERRED" if _postgres(db) else "PRAGMA defer_foreign_keys = ON")
        entries = (JournalEntry.select(JournalEntry.table_name, JournalEntry.row_key, JournalEntry.op, JournalEntry.old)
                   .where(JournalEntry.change == change.id).order_by(JournalEntry.id.desc()).tuples())
        names: list[str] = []
        run: tuple[str, str] | None = None  # the table and operation of the rows gathered in `items`
        items: list[str] = []

        def flush() -> None:
            if run is None:
                return
            table, op = run
            key, columns = tables[table]
            back = _reverse(db, table, key, columns, op, items)
            if table in _NAMED and len(names) < 5:
                names.extend(f"{_NAMED[table][0]} #{r[key]} {r.get(_NAMED[table][1]) or ''}".rstrip()
                             for r in back[:5 - len(names)])

        try:
            for table, row_key, op, old in entries:
                if table not in tables:
                    raise CrmError(f"cannot undo change #{change.id}: the table {table!r} is gone")
                if run != (table, op):
                    flush()
                    run, items = (table, op), []
                items.append(row_key if op == "insert" else old)
            flush()
            if not _postgres(db):
                problem = db.execute_sql("PRAGMA foreign_key_check").fetchone()
                if problem:
                    raise CrmError(f"cannot undo change #{change.id}: a {problem[0]} row would point at a "
                                   f"{problem[2]} row that is gone (it was changed outside crm since)")
        except pw.IntegrityError as e:
            raise CrmError(f"cannot undo change #{change.id}: the rows it touched have changed since "
                           f"({str(e).splitlines()[0]})") from e
        Change.update(undone=True).where(Change.id == change.id).execute()
        summary = ChangeSummary(change.id, change.command, change.made_at, True, _counts([change.id]).get(change.id, {}))
    return UndoResult(summary, tuple(names))
