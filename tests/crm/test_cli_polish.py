"""Polish after a QA walk-through: lookup budget and URLs, labels, wording, JSON fields, app edit --company."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from crm.cli import cli
from crm.text import DATE_WORDS, plural
from scrapers.localserver import LocalServer, Reply
from scrapers.team.lookup import check_company_url

POSTING = ("<html><head><title>Data Engineer</title></head><body><h1>Data Engineer</h1>"
           "<p>Join us as a data engineer.</p></body></html>")
TEAM = ("<html><body><h1>Team</h1><div><div><h3>Ada Lovelace</h3><p>Head of Data</p></div>"
        "<div><h3>Alan Turing</h3><p>CEO</p></div></div></body></html>")


def invoke(*args: str, db: str | None = None):
    return CliRunner().invoke(cli, [*(["--db", db] if db else []), *args])


@pytest.fixture
def jobs():
    routes = {"/job.html": Reply(POSTING), "/": Reply("<a href='/about/team.html'>Team</a>"),
              "/about/team.html": Reply(TEAM)}
    with LocalServer(routes) as server:
        yield server


def test_max_pages_1_reads_the_posting_and_says_the_budget_stopped_it(jobs: LocalServer) -> None:
    result = invoke("lookup", jobs.url("/job.html"), "--max-pages", "1")
    assert result.exit_code == 0, result.output
    assert jobs.requests == ["/robots.txt", "/job.html"]  # robots.txt of the posting's host is outside the budget
    assert "Note: stopped at the request budget (--max-pages 1)\n" in result.stderr
    assert result.stdout.endswith(f"Pages read (2 requests, robots.txt included):\n  {jobs.url('/job.html')}\n")


def test_the_page_count_says_robots_txt_is_included(jobs: LocalServer) -> None:
    result = invoke("lookup", jobs.url("/job.html"))
    pages = result.stdout.split("Pages read ")[1].splitlines()
    assert pages[0] == f"({len(jobs.requests)} requests, robots.txt included):"
    assert len(pages) - 1 == len(jobs.requests) - 1  # every request but robots.txt is listed (read or not found)


@pytest.mark.parametrize("given", ["not a url", "ftp://acme.example/", "mailto:jane@acme.example", "/about"])
def test_a_bad_company_url_is_one_error_line_before_any_request(jobs: LocalServer, given: str) -> None:
    from scrapers.errors import InvalidURL

    result = invoke("lookup", jobs.url("/job.html"), "--company-url", given)
    with pytest.raises(InvalidURL) as caught:
        check_company_url(given)
    assert (result.exit_code, result.stderr) == (1, f"Error: {caught.value}\n")
    assert str(caught.value).startswith("--company-url: ") and jobs.requests == []


@pytest.mark.parametrize("given, url", [("acme.com", "https://acme.com"), ("https://acme.com/team", "https://acme.com/team"),
                                        ("HTTP://Acme.com/", "http://Acme.com/")])
def test_a_company_url_may_be_a_bare_domain(given: str, url: str) -> None:
    assert check_company_url(given) == url


@given(st.text(max_size=40))
def test_a_company_url_is_an_absolute_web_address_or_one_error(text: str) -> None:
    from scrapers.errors import InvalidURL

    try:
        url = check_company_url(text)
    except InvalidURL as e:
        assert str(e).startswith("--company-url: ") and "\n" not in str(e).replace(text, "")
    else:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.hostname


def test_the_home_page_note_names_the_page_read(jobs: LocalServer) -> None:
    team = jobs.url("/about/team.html")
    result = invoke("lookup", jobs.url("/job.html"), "--company-url", team)
    assert result.exit_code == 0, result.output
    assert "1  Ada Lovelace" in result.stdout
    assert f"Note: people listed on {team} only\n" in result.stderr and "home page" not in result.stderr


@pytest.mark.parametrize("url", ["not a url", "not-a-url", "ftp://acme.example/jobs/1", "http://acme.example:99999/"])
def test_posting_and_lookup_word_a_bad_url_alike(url: str) -> None:
    posting, lookup = invoke("posting", url), invoke("lookup", url)
    assert posting.exit_code == lookup.exit_code == 1
    assert posting.stderr == lookup.stderr and posting.stderr.startswith("Error: ") and posting.stderr.count("\n") == 1


# ---- the CRM commands ---------------------------------------------------------------------------

Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str) -> Run:
    """`crm --db URL ARGS...` on a store holding Jane Doe (hiring manager) on application #1 at Acme."""

    def run(*args: str, code: int = 0) -> Result:
        result = invoke(*args, db=store_url)
        assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
        return result

    run("contact", "add", "Jane Doe", "--company", "Acme", "--new-company", "--email", "jane@acme.example")
    run("app", "add", "https://jobs.example/acme/1", "--company", "Acme", "--title", "Engineer",
        "--status", "applied", "--applied-on", "2026-11-02")
    run("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    return run


@pytest.fixture
def rows(store_url: str):
    """The same store opened for direct writes and checks."""
    from crm.store.db import close_db, init_db

    init_db(store_url)
    yield
    close_db()


@pytest.mark.parametrize("n, word, words, text", [
    (0, "interview", None, "0 interviews"), (1, "interview", None, "1 interview"), (2, "link", None, "2 links"),
    (1, "new company", "new companies", "1 new company"), (3, "new company", "new companies", "3 new companies"),
])
def test_plural(n: int, word: str, words: str | None, text: str) -> None:
    assert plural(n, word, words) == text


def test_app_show_marks_a_guessed_address_as_contact_show_does(crm: Run, rows) -> None:
    from crm.store.models import Person

    Person.update(email_source="guessed", email_confidence=0.8).execute()
    label = "jane@acme.example (guessed, 0.80)"
    assert f"email:   {label}\n" in crm("contact", "show", "1").stdout
    lines = crm("app", "show", "1").stdout.splitlines()
    start = lines.index("ID  CONTACT   ROLE            TITLE  EMAIL")
    assert lines[start:start + 3] == [
        "ID  CONTACT   ROLE            TITLE  EMAIL",
        "--  --------  --------------  -----  ---------------------------------",
        f"1   Jane Doe  hiring_manager         {label}"]


def test_contact_json_says_whether_they_are_a_connection(crm: Run, rows) -> None:
    import datetime as dt

    from crm.store.models import Person

    shown = json.loads(crm("contact", "show", "1", "--json").stdout)
    assert (shown["is_connection"], shown["connected_on"]) == (False, None)
    Person.update(is_connection=True, connected_on=dt.date(2025, 12, 7)).execute()
    for data in (json.loads(crm("contact", "show", "1", "--json").stdout),
                 json.loads(crm("contact", "list", "--json").stdout)[0]):
        assert (data["is_connection"], data["connected_on"]) == (True, "2025-12-07")


def test_interview_list_json_gives_the_application_id(crm: Run) -> None:
    crm("interview", "add", "1", "--on", "2026-11-20 10:00", "--with", "Jane Doe", "--today", "2026-11-10")
    listed = json.loads(crm("interview", "list", "--json").stdout)
    assert [i["application"] for i in listed] == [{"id": 1, "title": "Engineer", "company": "Acme"}]


@pytest.mark.parametrize("until, said", [
    ("2026-11-20", "Snoozed Jane Doe until 2026-11-20\n"),
    ("tomorrow", "Snoozed Jane Doe until 2026-11-11\n"),
    ("today", "Snooze on Jane Doe ended (2026-11-10 is not after today): follow-ups are due again\n"),
    ("2026-11-01", "Snooze on Jane Doe ended (2026-11-01 is not after today): follow-ups are due again\n"),
])
def test_snooze_says_when_a_date_ends_the_snooze(crm: Run, until: str, said: str) -> None:
    assert crm("snooze", "Jane Doe", "--until", until, "--today", "2026-11-10").stderr == said


def test_removing_a_contact_counts_in_words(crm: Run) -> None:
    crm("log", "Jane Doe", "--kind", "check-in", "--on", "2026-11-03")
    assert crm("contact", "rm", "1", "--yes").stderr == "Removed contact #1 Jane Doe (1 interaction, 1 link)\n"


@pytest.mark.parametrize("command", [["app", "add"], ["app", "status"], ["app", "decision"], ["interview", "add"],
                                     ["interview", "list"], ["snooze"], ["draft"], ["calendar"]])
def test_date_options_name_every_word_parse_date_takes(command: list[str]) -> None:
    text = " ".join(invoke(*command, "--help").stdout.split())
    assert "today or yesterday" not in text and "today, yesterday" not in text.replace(DATE_WORDS, "")
    if command != ["interview", "list"]:
        assert DATE_WORDS in text


@pytest.mark.parametrize("command", [["contact", "add"], ["contact", "edit"], ["app", "add"], ["app", "edit"],
                                     ["company", "edit"]])
def test_every_option_of_the_add_and_edit_commands_has_help(command: list[str]) -> None:
    import click

    from crm.cli import cli as group

    ctx = click.Context(group)
    found = group
    for name in command:
        found = found.get_command(ctx, name)
    assert [p.name for p in found.params if isinstance(p, click.Option) and not p.help] == []


@pytest.mark.parametrize("spelling", ["--note", "--notes"])
def test_note_and_notes_are_one_option(crm: Run, spelling: str) -> None:
    crm("contact", "add", "Ann Lee", spelling, "met at PyCon")
    crm("contact", "edit", "Ann Lee", spelling, "met twice")
    crm("app", "edit", "1", spelling, "referral")
    assert json.loads(crm("contact", "show", "Ann Lee", "--json").stdout)["notes"] == "met twice"
    assert json.loads(crm("app", "show", "1", "--json").stdout)["notes"] == "referral"


@pytest.mark.parametrize("command", [["contact", "edit", "1"], ["app", "edit", "1"], ["company", "edit", "Acme"]])
def test_an_edit_with_nothing_to_change_is_a_usage_error(crm: Run, command: list[str]) -> None:
    result = crm(*command, code=2)
    assert result.stderr.endswith("Error: Nothing to change: give at least one option\n")


def test_app_edit_moves_an_application_to_another_company(crm: Run, rows) -> None:
    from crm.store.models import Application, Company

    moved = crm("app", "edit", "1", "--company", "Globex", "--new-company")
    assert moved.stderr == "Created company #2 Globex\nUpdated application #1: company Globex\n"
    assert Application.get_by_id(1).company.name == "Globex"
    assert crm("app", "edit", "1", "--company", "acme").stderr == "Updated application #1: company Acme\n"
    assert crm("app", "edit", "1", "--company", "", "--json").stderr == "Updated application #1: company none\n"
    assert Application.get_by_id(1).company_id is None and Company.select().count() == 2


def test_a_bad_date_in_a_linkedin_export_is_kept_and_reported(crm: Run, rows, tmp_path: Path) -> None:
    from crm.store.models import Person

    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
                    "Good,Date,https://www.linkedin.com/in/good,,Acme,CTO,07 Dec 2025\r\n"
                    "Bad,Date,https://www.linkedin.com/in/bad,,Acme,CEO,31 Feb 2026\r\n", encoding="utf-8")
    result = crm("import", str(path))
    assert result.stderr == ("LinkedIn connections: 2 added, 0 updated, 0 unchanged, 0 skipped, "
                             "1 row kept with a problem; 0 new companies\n"
                             "  line 3: bad date '31 Feb 2026' (kept without a date)\n")
    bad = Person.get(Person.name == "Bad Date")
    assert (bad.is_connection, bad.connected_on) == (True, None)
