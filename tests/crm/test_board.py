"""`crm board` and tables that fit the terminal (issue 11, part 7), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.cli.output import cut, fit_widths, table_lines

Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`crm --db URL ARGS...` (COLUMNS=... as a keyword sets the terminal width); a week of a search."""
    monkeypatch.delenv("COLUMNS", raising=False)

    def run(*args: str, code: int = 0, columns: int | None = None) -> Result:
        env = {"COLUMNS": str(columns)} if columns else None
        result = CliRunner().invoke(cli, ["--db", store_url, *args], env=env)
        assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
        return result

    for name in ("Acme", "Globex", "Initech"):
        run("company", "add", name)
    run("contact", "add", "Jane Doe", "--company", "Acme", "--email", "jane@acme.example")
    run("contact", "add", "Raj Patel", "--company", "Globex")
    run("app", "add", "https://jobs.example/a/1", "--company", "Acme", "--title", "Backend Engineer",
        "--applied-on", "2026-11-10")
    run("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    run("log", "Jane Doe", "--kind", "after-apply", "--app", "1", "--on", "2026-11-12")
    run("app", "add", "https://jobs.example/g/2", "--company", "Globex",
        "--title", "Platform Engineer, Developer Experience", "--applied-on", "2026-11-20")
    run("app", "link", "2", "Raj Patel", "--role", "recruiter")
    run("interview", "add", "2", "--on", "2026-12-02 14:00", "--with", "Raj Patel")
    run("app", "add", "https://jobs.example/i/3", "--company", "Initech", "--title", "SRE")
    run("app", "add", "https://jobs.example/i/4", "--company", "Initech", "--title", "Data Engineer",
        "--applied-on", "2026-10-01")
    run("app", "status", "4", "rejected", "--on", "2026-11-01")
    return run


def test_the_board_has_a_column_per_status(crm: Run) -> None:
    assert crm("board", columns=120).stdout == (
        "SAVED (1)                   | APPLIED (1)                 | INTERVIEWING (1)            | REJECTED (1)\n"
        "--------------------------- | --------------------------- | --------------------------- | "
        "---------------------------\n"
        "#3 SRE                      | #1 Backend Engineer         | #2 Platform Engineer, Deve… | #4 Data Engineer\n"
        "Initech · 0d in stage       | Acme · 19d in stage         | Globex · 0d in stage        | "
        "Initech · 28d in stage\n"
        "→ apply                     | → check-in, 10d late        | → interview                 | "
        "→ nothing planned\n"
        "  then: crm app status 3 a… |   to Jane Doe               |   2026-12-02 14:00\n")


def test_a_narrow_terminal_gets_rows(crm: Run) -> None:
    out = crm("board", "--active", columns=60).stdout
    assert out == (
        "ID  APPLICATION               DAYS  NEXT\n"
        "--  ------------------------  ----  ------------------------\n"
        "SAVED (1)\n"
        "#3  SRE at Initech            0d    apply; then crm app sta…\n"
        "\n"
        "APPLIED (1)\n"
        "#1  Backend Engineer at Acme  19d   check-in to Jane Doe, 1…\n"
        "\n"
        "INTERVIEWING (1)\n"
        "#2  Platform Engineer, Deve…  0d    interview 2026-12-02 14…\n")
    assert crm("board", "--rows", columns=200).stdout.startswith("ID  APPLICATION")


def test_wide_shows_every_card_whole(crm: Run) -> None:
    out = crm("board", "--wide", columns=60).stdout
    assert "  then: crm app status 3 applied" in out and "#2 Platform Engineer, Developer Experience" in out
    assert "…" not in out


def test_the_board_as_json(crm: Run) -> None:
    columns = json.loads(crm("board", "--json").stdout)
    assert [(c["status"], [a["id"] for a in c["applications"]]) for c in columns] == [
        ("saved", [3]), ("applied", [1]), ("interviewing", [2]), ("rejected", [4])]
    [applied] = columns[1]["applications"]
    assert applied == {"id": 1, "title": "Backend Engineer", "company": "Acme", "status": "applied",
                       "since": "2026-11-10", "days_in_stage": 19,
                       "next": {"kind": "check-in", "on": "2026-11-19", "contact": "Jane Doe", "days_overdue": 10,
                                "text": "check-in to Jane Doe, 10d late"}}
    [interviewing] = columns[2]["applications"]
    assert interviewing["next"]["kind"] == "interview" and interviewing["since"] == "2026-11-29"
    assert [c["status"] for c in json.loads(crm("board", "--active", "--json").stdout)] == [
        "saved", "applied", "interviewing"]


def test_days_in_stage_follow_a_corrected_date(crm: Run) -> None:
    crm("app", "status", "1", "applied", "--on", "2026-11-01")
    [applied] = json.loads(crm("board", "--json").stdout)[1]["applications"]
    assert (applied["since"], applied["days_in_stage"]) == ("2026-11-01", 28)


def test_an_empty_board_says_how_to_start(store_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", store_url, "board"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "No applications yet: crm app add URL (or crm lookup URL --save).\n")


# ---- every table fits the terminal -----------------------------------------------------------

def test_a_list_fits_the_terminal_and_wide_shows_it_all(crm: Run) -> None:
    whole = crm("interview", "list").stdout  # not a terminal, no COLUMNS: as before, whole lines
    assert "Platform Engineer, Developer Experience at Globex" in whole
    narrow = crm("interview", "list", columns=50).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 50 and "…" in narrow
    assert narrow.splitlines()[0].startswith("ID  WHEN")
    assert crm("interview", "list", "--wide", columns=50).stdout == whole


@pytest.mark.parametrize("args", [("app", "list"), ("contact", "list"), ("company", "list"), ("due",),
                                  ("history", "--app", "1"), ("search", "engineer"), ("app", "show", "1"),
                                  ("company", "show", "Acme"), ("contact", "show", "Jane Doe")])
def test_every_listing_fits_and_takes_wide(crm: Run, args: tuple[str, ...]) -> None:
    for width in (40, 72):
        out = crm(*args, "--today", "2026-11-29", columns=width).stdout if args == ("due",) else \
            crm(*args, columns=width).stdout
        assert out and max(len(line) for line in out.splitlines()) <= width, out
    crm(*args, "--wide", columns=40)


def test_fields_fit_too_and_the_other_tables_take_wide(crm: Run) -> None:
    shown = crm("app", "show", "2", columns=30).stdout
    assert max(len(line) for line in shown.splitlines()) <= 30
    assert "title:      Platform Engineer, Developer Experience" in crm("app", "show", "2", "--wide", columns=30).stdout
    for args in (("undo", "--list"), ("scrapers",)):
        assert max(len(line) for line in crm(*args, columns=30).stdout.splitlines()) <= 30
        assert max(len(line) for line in crm(*args, "--wide", columns=30).stdout.splitlines()) > 30


def test_fit_widths_gives_way_from_the_widest_column() -> None:
    assert fit_widths([2, 10, 40], ["ID", "NAME", "NOTES"], None) == [2, 10, 40]
    assert fit_widths([2, 10, 40], ["ID", "NAME", "NOTES"], 80) == [2, 10, 40]
    assert fit_widths([2, 10, 40], ["ID", "NAME", "NOTES"], 40) == [2, 10, 24]
    assert fit_widths([2, 30, 40], ["ID", "NAME", "NOTES"], 40) == [2, 17, 17]
    lines = table_lines([["1", "Jane Doe", "x" * 50]], ["ID", "NAME", "NOTES"], 30)
    assert lines == ["ID  NAME      NOTES", "--  --------  ----------------", "1   Jane Doe  " + "x" * 15 + "…"]
    assert cut("abcdef", 4) == "abc…" and cut("abc", 4) == "abc" and cut("abc", 0) == ""
    # past the narrowest columns the line itself is cut: never wrapped
    assert all(len(line) <= 10 for line in table_lines([["a" * 9] * 5], ["HEADER"] * 5, 10))
