"""Bad input found by using the tool as a person would: each is one `Error:` line, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli


def run(url: str, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == code, (args, result.output, result.exception)
    if code:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result


@pytest.mark.parametrize("name, typed", [
    ("José Müller-Łukasz", "josé müller-łukasz"),
    ("José Müller-Łukasz", "JOSÉ MÜLLER-ŁUKASZ"),
    ("Émile Zola", "émile zola"),
])
def test_accented_capitals_match_in_any_case_on_both_backends(store_url: str, name: str, typed: str) -> None:
    run(store_url, "company", "add", "Łódź Software")
    run(store_url, "contact", "add", name, "--company", "łódź software", "--new-company")
    assert "name:" in run(store_url, "contact", "show", typed).stdout
    assert "Łódź Software" in run(store_url, "company", "show", "ŁÓDŹ SOFTWARE").stdout


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    file = tmp_path / "Connections.csv"
    file.write_text("First Name,Last Name\nJane,Doe\n" * 200)
    result = run(f"sqlite:///{file}", "due", code=1)
    assert result.stderr == "Error: cannot open the database: file is not a database\n"
    assert file.read_text().startswith("First Name,Last Name")


def test_a_database_where_no_file_can_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    result = run(f"sqlite:///{blocker}/crm.sqlite3", "due", code=1)
    assert result.stderr.startswith(f"Error: cannot create the database file {blocker}/crm.sqlite3: ")


@pytest.fixture
def seeded(sqlite_url: str) -> str:
    run(sqlite_url, "contact", "add", "Jane Doe", "--company", "Acme", "--new-company", "--email", "jane@acme.example")
    run(sqlite_url, "app", "add", "https://acme.example/jobs/1", "--company", "Acme", "--title", "Engineer",
        "--applied-on", "2026-03-02")
    run(sqlite_url, "app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    return sqlite_url


def test_writing_a_draft_or_calendar_into_a_missing_folder(seeded: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = run(seeded, "draft", "Jane Doe", "--kind", "after-apply", "--eml", str(missing / "x.eml"), code=1)
    assert result.stderr == f"Error: No such file or directory: {missing / 'x.eml'}\n"
    result = run(seeded, "calendar", "--out", str(missing / "x.ics"), code=1)
    assert result.stderr == f"Error: No such file or directory: {missing / 'x.ics'}\n"


@pytest.mark.parametrize("args", [("due", "--today", "9999-12-30", "--within", "5"),
                                  ("calendar", "--out", "x.ics", "--today", "9999-12-25")])
def test_dates_at_the_end_of_the_calendar(seeded: str, args: tuple[str, ...]) -> None:
    assert "use a year from 1900 to 2999" in run(seeded, *args, code=1).stderr


def test_a_very_long_url_is_cut_in_tables_but_kept_whole_in_json(sqlite_url: str) -> None:
    url = "https://jobs.example.com/acme/42?" + "&".join(f"q{i}=x" for i in range(300))
    run(sqlite_url, "app", "add", url, "--title", "Engineer")
    table = run(sqlite_url, "app", "list").stdout
    assert max(len(line) for line in table.splitlines()) < 200 and "…" in table
    assert url in run(sqlite_url, "app", "list", "--json").stdout


def test_corrections_through_the_command_line(seeded: str) -> None:
    run(seeded, "interview", "add", "1", "--on", "2026-03-10 14:00", "--with", "Jane Doe")
    assert run(seeded, "interview", "rm", "1", "--yes").stderr == "Removed interview #1 (1 participant)\n"
    assert run(seeded, "interview", "rm", "1", "--yes", code=1).stderr.startswith("Error: ")
    assert run(seeded, "app", "unlink", "1", "Jane Doe", "--yes").stderr == (
        "Unlinked Jane Doe from application #1 (2 roles)\n")  # hiring manager, and interviewer from the interview
    assert run(seeded, "app", "unlink", "1", "Jane Doe", "--yes", code=1).stderr.startswith("Error: Jane Doe is not linked")
    logged = run(seeded, "log", "Jane Doe", "--kind", "note", "--on", "2026-03-04", "--note", "oops")
    assert logged.stderr.startswith("Logged note")
    assert "#1 note" in run(seeded, "history", "Jane Doe").stdout
    assert run(seeded, "unlog", "1", "--yes").stderr == "Removed note (email) to Jane Doe on 2026-03-04 09:00 (#1)\n"
    assert "Error: contact 'jane doe' already exists as #1 Jane Doe at Acme" in run(seeded, "contact", "add", "jane doe", "--company",
                                                              "Acme", code=1).stderr
    run(seeded, "contact", "add", "jane doe", "--company", "Acme", "--allow-duplicate")


def test_a_note_is_a_memo_not_a_touch(seeded: str) -> None:
    run(seeded, "log", "Jane Doe", "--kind", "note", "--on", "2026-03-04", "--note", "likes Rust")
    [row] = json_of(run(seeded, "contact", "list", "--json"))
    assert row["last_contacted"] is None
    [item] = json_of(run(seeded, "due", "--simple", "--today", "2026-03-20", "--json"))
    assert item["reason"].startswith("never contacted")


def json_of(result) -> object:
    import json

    return json.loads(result.stdout)


def test_a_reader_that_stops_early_ends_the_command_quietly(sqlite_url: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    for i in range(3):
        run(sqlite_url, "company", "add", f"Company {i}")
    env = {**os.environ, "CRM_HOME": str(tmp_path)}
    listing = subprocess.Popen([sys.executable, "-m", "crm", "--db", sqlite_url, "company", "list"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    listing.stdout.close()  # like `| head -0`: nobody reads
    assert listing.wait(timeout=60) == 0
    assert listing.stderr.read() == b""


def test_a_postgresql_url_without_its_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import peewee

    monkeypatch.setitem(sys.modules, "psycopg2", None)  # as on a machine without the `postgres` extra
    monkeypatch.setattr(peewee, "psycopg2", None)
    result = CliRunner().invoke(cli, ["--db", "postgresql://crm@127.0.0.1:5/crm", "contact", "list"])
    assert (result.exit_code, result.output) == (1, "Error: PostgreSQL needs psycopg2: pip install 'crm[postgres]'\n")
