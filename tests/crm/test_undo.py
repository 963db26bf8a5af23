"""Deletes say what they touch and ask first; `crm undo` takes back the last change, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.store.db import open_database

Run = Callable[..., Result]
JOURNAL = ("change", "journal")


@pytest.fixture
def crm(store_url: str) -> Run:
    """Run `crm --db URL ARGS...` (stdin not a terminal) and check the exit code."""

    def run(*args: str, code: int = 0, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, ["--db", store_url, *args], input=input)
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        return result

    return run


@pytest.fixture
def seeded(crm: Run) -> Run:
    crm("company", "add", "Acme, Inc.", "--domain", "acme.example")
    crm("company", "add", "Globex")
    crm("contact", "add", "Jane Doe", "--company", "acme", "--title", "Engineering Manager",
        "--email", "jane@acme.example")
    crm("contact", "add", "Bob Roe", "--company", "acme")
    crm("app", "add", "https://jobs.example/acme/1", "--company", "Acme", "--title", "Backend Engineer",
        "--applied-on", "2026-11-02")
    crm("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    crm("interview", "add", "1", "--on", "2026-11-20 14:00", "--with", "Jane Doe", "--with", "Bob Roe")
    crm("log", "Jane Doe", "--kind", "after-apply", "--app", "1", "--on", "2026-11-03 09:30", "--note", "Hello")
    return crm


def snapshot(url: str, *, journal: bool = False) -> dict[str, list[tuple]]:
    """Every row of every table (the journal's own only with `journal`), as stored."""
    db = open_database(url)
    db.connect()
    try:
        return {t: [tuple(r) for r in db.execute_sql(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()]
                for t in db.get_tables()
                if (journal or t not in JOURNAL) and not t.startswith("search_index")}  # FTS5 pages: not rows
    finally:
        db.close()


DELETES = [
    (("contact", "rm", "Jane Doe"), "deleting contact #1 Jane Doe"),
    (("company", "rm", "Acme"), "deleting company #1 Acme, Inc."),
    (("app", "rm", "1"), "deleting application #1 Backend Engineer"),
    (("interview", "rm", "1"), "deleting interview #1"),
    (("unlog", "1"), "removing logged interaction #1"),
    (("app", "unlink", "1", "Jane Doe"), "removing the links of Jane Doe to application #1 Backend Engineer"),
]


@pytest.mark.parametrize("args, what", DELETES, ids=[" ".join(a[:2]) for a, _ in DELETES])
def test_a_delete_without_a_terminal_needs_yes(seeded: Run, store_url: str, args: tuple[str, ...], what: str) -> None:
    before = snapshot(store_url, journal=True)
    result = seeded(*args, code=1)
    assert (result.stdout, result.stderr) == ("", f"Error: {what} needs a yes: add --yes to confirm (stdin is not a "
                                                  "terminal to ask on); nothing was done\n")
    assert snapshot(store_url, journal=True) == before


@pytest.mark.parametrize("args, what", DELETES, ids=[" ".join(a[:2]) for a, _ in DELETES])
def test_every_delete_is_taken_back_by_undo(seeded: Run, store_url: str, args: tuple[str, ...], what: str) -> None:
    before = snapshot(store_url)
    seeded(*args, "--yes")
    assert snapshot(store_url) != before
    assert seeded("undo").stderr.startswith(f"Undid change #9 (crm {' '.join(a if ' ' not in a else repr(a) for a in args)} --yes, ")
    assert snapshot(store_url) == before


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands see a terminal on stdin."""
    monkeypatch.setattr("crm.cli.common.interactive", lambda: True)


def test_contact_rm_on_a_terminal_says_what_goes_and_asks(seeded: Run, store_url: str, terminal: None) -> None:
    before = snapshot(store_url, journal=True)
    result = seeded("contact", "rm", "Jane Doe", input="n\n", code=1)
    assert result.stderr == (
        "Delete contact #1 Jane Doe, with:\n"
        "  2 links (Jane Doe as hiring_manager on #1 Backend Engineer, Jane Doe as interviewer on #1 Backend Engineer)\n"
        "  1 interaction\n"
        "  1 interview seat\n"
        "Delete? (crm undo takes it back) [y/N]: n\n"
        "Nothing was done.\n")
    assert snapshot(store_url, journal=True) == before
    result = seeded("contact", "rm", "Jane Doe", input="y\n")
    assert result.stderr.endswith("[y/N]: y\nRemoved contact #1 Jane Doe (1 interaction, 2 links)\n")


def test_company_rm_on_a_terminal_names_what_stays(seeded: Run, terminal: None) -> None:
    result = seeded("company", "rm", "Acme", input="y\n")
    assert result.stderr == (
        "Delete company #1 Acme, Inc..\n"
        "These stay, without the link:\n"
        "  2 contacts (#1 Jane Doe, #2 Bob Roe)\n"
        "  1 application (#1 Backend Engineer)\n"
        "Delete? (crm undo takes it back) [y/N]: y\n"
        "Removed company #1 Acme, Inc.\n")


def test_app_rm_on_a_terminal_lists_what_goes_and_what_stays(seeded: Run, terminal: None) -> None:
    result = seeded("app", "rm", "1", input="y\n")
    assert result.stderr.startswith(
        "Delete application #1 Backend Engineer, with:\n"
        "  3 links (Jane Doe as hiring_manager on #1 Backend Engineer, Jane Doe as interviewer on #1 Backend Engineer, "
        "Bob Roe as interviewer on #1 Backend Engineer)\n"
        "  2 status changes\n"
        "  1 interview\n"
        "  2 interview seats\n"
        "These stay, without the link:\n"
        "  1 interaction\n")


def test_undo_goes_back_one_change_at_a_time_and_lists_them(seeded: Run, store_url: str) -> None:
    crm = seeded
    first = snapshot(store_url)
    crm("contact", "edit", "Jane Doe", "--title", "Director")
    second = snapshot(store_url)
    crm("contact", "rm", "Bob Roe", "--yes")
    listed = crm("undo", "--list", "--limit", "3").stdout.splitlines()
    assert [line.split("  ")[0] for line in listed] == ["ID", "--", "10", "9", "8"]
    assert "crm contact rm 'Bob Roe' --yes" in listed[2] and "removed 1 link, 1 interview seat, 1 contact" in listed[2]
    assert "crm contact edit 'Jane Doe' --title Director" in listed[3] and "changed 1 contact" in listed[3]
    assert crm("undo").stderr == (
        f"Undid change #10 (crm contact rm 'Bob Roe' --yes, {_when(crm, 10)}): restored 1 link, 1 interview seat, 1 contact\n"
        "Back: contact #2 Bob Roe\n")
    assert snapshot(store_url) == second
    assert crm("undo").stderr.startswith("Undid change #9 (crm contact edit 'Jane Doe' --title Director, ")
    assert snapshot(store_url) == first
    [latest] = json.loads(crm("undo", "--list", "--limit", "1", "--json").stdout)
    assert (latest["id"], latest["undone"], latest["rows"]) == (10, True, {"delete": {
        "application_contact": 1, "interview_participant": 1, "person": 1}})


def _when(crm: Run, change_id: int) -> str:
    [row] = [c for c in json.loads(crm("undo", "--list", "--json").stdout) if c["id"] == change_id]
    return row["made_at"][:16].replace("T", " ")


def test_a_new_change_after_an_undo_is_undone_first(seeded: Run, store_url: str) -> None:
    crm = seeded
    crm("company", "rm", "Globex", "--yes")
    crm("undo")
    crm("contact", "edit", "Bob Roe", "--title", "CTO")
    assert crm("undo").stderr.startswith("Undid change #10 (crm contact edit 'Bob Roe' --title CTO")
    assert crm("undo").stderr.startswith("Undid change #8 (crm log 'Jane Doe' --kind after-apply")


def test_reads_and_failed_commands_leave_no_change(seeded: Run, store_url: str) -> None:
    before = snapshot(store_url, journal=True)
    seeded("contact", "list")
    seeded("due", "--today", "2026-11-29")
    seeded("contact", "add", "Jane Doe", "--company", "Acme", code=1)
    seeded("app", "add", "https://jobs.example/acme/1", code=1)
    assert snapshot(store_url, journal=True) == before


def test_nothing_to_undo_is_one_error_line(crm: Run) -> None:
    assert crm("undo", code=1).stderr == ("Error: nothing to undo: no change is left in the journal "
                                          "(crm undo --list shows it)\n")
    assert crm("undo", "--list").stderr == "Nothing to undo yet.\n"


def test_the_journal_keeps_the_last_changes(crm: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_UNDO_KEEP", "3")
    for i in range(6):
        crm("company", "add", f"Company {i}")
    assert [c["id"] for c in json.loads(crm("undo", "--list", "--json").stdout)] == [6, 5, 4]
    monkeypatch.setenv("CRM_UNDO_KEEP", "lots")
    assert crm("undo", code=1).stderr == "Error: CRM_UNDO_KEEP must be a whole number from 1 to 100000, not 'lots'\n"


def test_undo_of_a_linkedin_import_and_an_edit_that_set_a_company(crm: Run, store_url: str, tmp_path: Path) -> None:
    crm("company", "add", "Acme")
    crm("contact", "add", "Jane Doe", "--email", "jane@acme.example")
    before = snapshot(store_url)
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Initech,CTO,01 Nov 2026\n"
                   "Jane,Doe,https://www.linkedin.com/in/jane-doe,jane@acme.example,Acme,VP,02 Nov 2026\n")
    crm("import", str(csv))
    assert snapshot(store_url) != before
    assert crm("undo").stderr.startswith("Undid change #3 (crm import ")
    assert snapshot(store_url) == before


def test_a_cascade_made_outside_the_store_functions_comes_back(crm: Run, store_url: str) -> None:
    """A foreign key's ON DELETE CASCADE and SET NULL are journaled row by row, whatever order they fire in."""
    from crm import store
    from crm.store.models import Person

    crm("company", "add", "Acme")
    crm("contact", "add", "Jane Doe", "--company", "Acme")
    crm("app", "add", "https://jobs.example/1", "--company", "Acme", "--title", "Engineer")
    crm("app", "link", "1", "Jane Doe", "--role", "recruiter")
    crm("log", "Jane Doe", "--kind", "call", "--app", "1", "--on", "2026-11-20")
    before = snapshot(store_url)
    store.open_store(store_url)
    try:
        store.begin_change("a script")
        Person.delete().execute()  # the interaction and the link go by cascade
        store.remove_application(store.resolve_application("1"))
    finally:
        store.close_store()
    assert crm("undo").stderr.startswith("Undid change #6 (a script, ")
    assert snapshot(store_url) == before


def test_another_program_can_still_write_a_sqlite_store(sqlite_url: str) -> None:
    CliRunner().invoke(cli, ["--db", sqlite_url, "company", "add", "Acme"])
    path = sqlite_url[len("sqlite:///"):]
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE company SET notes = 'edited in the sqlite3 shell'")
    con.close()
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "undo", "--list", "--json"])
    assert [c["rows"] for c in json.loads(result.stdout)] == [{"insert": {"company": 1}}]  # not journaled


def test_triggers_follow_a_table_added_after_the_journal(store_url: str) -> None:
    """A later migration's table is journaled: the triggers are made from the live schema."""
    from crm.store import journal
    from crm.store.db import close_db, init_db

    db = init_db(store_url)
    try:
        db.execute_sql("CREATE TABLE later_table (id INTEGER PRIMARY KEY, word TEXT)")
        journal.install(db, "schema with later_table")
        db.execute_sql("INSERT INTO later_table (id, word) VALUES (7, 'hello')")
        with db.atomic():
            db.execute_sql("UPDATE later_table SET word = 'changed' WHERE id = 7")
        rows = db.execute_sql("SELECT table_name, row_key, op FROM journal ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == [("later_table", "7", "insert"), ("later_table", "7", "update")]
        journal.undo_last()
        assert db.execute_sql("SELECT count(*) FROM later_table").fetchone()[0] == 0
    finally:
        close_db()


def test_refused_deletes_merges_and_undos_leave_the_file_byte_for_byte(tmp_path: Path) -> None:
    """Nothing reaches the SQLite file or its log when a new command refuses (TEMP triggers live elsewhere)."""
    db = tmp_path / "crm.sqlite3"
    url = f"sqlite:///{db}"
    for args in (["company", "add", "Acme"], ["contact", "add", "Jane Doe", "--company", "Acme"]):
        assert CliRunner().invoke(cli, ["--db", url, *args]).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = db.read_bytes()
    for args in (["contact", "rm", "1"], ["company", "rm", "1"], ["contact", "merge", "1", "1"],
                 ["company", "merge", "1", "2"], ["contact", "dupes"], ["undo", "--list"]):
        CliRunner().invoke(cli, ["--db", url, *args])
        assert db.read_bytes() == before, args
        wal = db.with_name(db.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0, args


def test_unlink_unlog_and_interview_rm_on_a_terminal(seeded: Run, terminal: None) -> None:
    assert seeded("app", "unlink", "1", "Jane Doe", "--role", "interviewer", input="y\n").stderr == (
        "Remove the links of Jane Doe to application #1 Backend Engineer, with:\n"
        "  1 link (Jane Doe as interviewer on #1 Backend Engineer)\n"
        "Remove? (crm undo takes it back) [y/N]: y\n"
        "Unlinked Jane Doe from application #1 (interviewer)\n")
    assert seeded("interview", "rm", "1", input="y\n").stderr == (
        "Delete interview #1, with:\n"
        "  2 interview seats\n"
        "Delete? (crm undo takes it back) [y/N]: y\n"
        "Removed interview #1 (2 participants)\n")
    assert seeded("unlog", "1", input="\n", code=1).stderr == (
        "Remove logged interaction #1.\n"
        "Remove? (crm undo takes it back) [y/N]: \n"
        "Nothing was done.\n")


def test_an_undone_delete_is_found_by_search_again(seeded: Run) -> None:
    def found() -> list:
        return [(h["kind"], h["id"]) for h in json.loads(seeded("search", "jane", "--json").stdout)]

    before = found()
    assert ("contact", 1) in before
    seeded("contact", "rm", "Jane Doe", "--yes")
    assert ("contact", 1) not in found()
    seeded("undo")
    assert found() == before
