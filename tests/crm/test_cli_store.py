"""The CRM commands end to end through CliRunner, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.store.db import open_database

Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str) -> Run:
    """Run `crm --db URL ARGS...` and check the exit code (0 unless `code=` says otherwise)."""

    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        return result

    return run


@pytest.fixture
def seeded(crm: Run) -> Run:
    crm("company", "add", "Acme, Inc.", "--domain", "acme.example")
    crm("contact", "add", "Jane Doe", "--company", "acme", "--title", "Engineering Manager",
        "--email", "jane@acme.example")
    crm("app", "add", "https://jobs.example/acme/1", "--company", "Acme", "--title", "Backend Engineer",
        "--applied-on", "2026-11-02")
    crm("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    crm("log", "Jane Doe", "--kind", "after-apply", "--app", "1", "--on", "2026-11-03 09:30", "--note", "Hello")
    return crm


def test_company_commands(crm: Run) -> None:
    assert crm("company", "add", "Acme, Inc.", "--domain", "ACME.example").stderr == "Added company #1 Acme, Inc.\n"
    crm("company", "add", "Globex", "--website", "https://www.globex.example/")
    assert crm("company", "list").stdout == (
        "ID  NAME        DOMAIN          CONTACTS  APPS\n"
        "--  ----------  --------------  --------  ----\n"
        "1   Acme, Inc.  acme.example    0         0\n"
        "2   Globex      globex.example  0         0\n")
    [acme, _] = json.loads(crm("company", "list", "--json").stdout)
    assert {k: acme[k] for k in ("id", "name", "domain", "contacts", "applications")} == {
        "id": 1, "name": "Acme, Inc.", "domain": "acme.example", "contacts": 0, "applications": 0}
    crm("company", "edit", "globex.example", "--name", "Globex Corporation")
    assert json.loads(crm("company", "show", "2", "--json").stdout)["name"] == "Globex Corporation"
    assert crm("company", "rm", "Globex Corporation", "--yes").stderr == "Removed company #2 Globex Corporation\n"
    assert crm("company", "show", "2", code=1).stderr == "Error: no company with id 2\n"


def test_contact_commands(seeded: Run) -> None:
    crm = seeded
    assert crm("contact", "add", "Bob Roe", "--company", "Globex", "--new-company").stderr == (
        "Created company #2 Globex\nAdded contact #2 Bob Roe at Globex\n")
    assert crm("contact", "list", "--company", "acme").stdout == (
        "ID  NAME      TITLE                COMPANY     EMAIL              LAST OUT    LAST IN\n"
        "--  --------  -------------------  ----------  -----------------  ----------  -------\n"
        "1   Jane Doe  Engineering Manager  Acme, Inc.  jane@acme.example  2026-11-03\n")
    shown = json.loads(crm("contact", "show", "JANE DOE", "--json").stdout)
    assert (shown["last_contacted"], shown["last_heard_from"]) == ("2026-11-03T09:30:00", None)
    assert shown["roles"] == [{"application_id": 1, "title": "Backend Engineer", "company": "Acme, Inc.",
                               "status": "applied", "role": "hiring_manager"}]
    assert [e["summary"] for e in shown["history"]] == ["after-apply (email) to Jane Doe: Hello"]
    crm("contact", "edit", "jane@acme.example", "--title", "Director", "--do-not-contact", "--company", "")
    edited = json.loads(crm("contact", "show", "1", "--json").stdout)
    assert (edited["title"], edited["do_not_contact"], edited["company"]) == ("Director", True, None)
    assert crm("contact", "rm", "Jane Doe", "--yes").stderr == "Removed contact #1 Jane Doe (1 interaction, 1 link)\n"
    assert json.loads(crm("contact", "list", "--json").stdout)[0]["name"] == "Bob Roe"


def test_contact_show_human(seeded: Run) -> None:
    assert seeded("contact", "show", "1").stdout == (
        "id:             1\n"
        "name:           Jane Doe\n"
        "title:          Engineering Manager\n"
        "company:        Acme, Inc.\n"
        "email:          jane@acme.example\n"
        "last contacted: 2026-11-03 09:30\n"
        "\n"
        "APP  ROLE            TITLE             COMPANY     STATUS\n"
        "---  --------------  ----------------  ----------  -------\n"
        "1    hiring_manager  Backend Engineer  Acme, Inc.  applied\n"
        "\n"
        "WHEN              TYPE         WHAT\n"
        "----------------  -----------  -----------------------------------------\n"
        "2026-11-03 09:30  interaction  #1 after-apply (email) to Jane Doe: Hello\n")


def test_app_commands(seeded: Run) -> None:
    crm = seeded
    assert crm("app", "status", "Backend Engineer at Acme, Inc.", "interviewing", "--on", "2026-11-10").stderr == (
        "Application #1: applied -> interviewing on 2026-11-10\n")
    crm("app", "decision", "https://jobs.example/acme/1", "--on", "2026-12-15")
    crm("app", "edit", "1", "--location", "Berlin", "--department", "Platform")
    crm("app", "add", "https://jobs.example/acme/2", "--company", "1", "--title", "SRE")
    assert crm("app", "list").stdout == (
        "ID  STATUS        TITLE             COMPANY     APPLIED     URL\n"
        "--  ------------  ----------------  ----------  ----------  ---------------------------\n"
        "2   saved         SRE               Acme, Inc.              https://jobs.example/acme/2\n"
        "1   interviewing  Backend Engineer  Acme, Inc.  2026-11-02  https://jobs.example/acme/1\n")
    assert [a["id"] for a in json.loads(crm("app", "list", "--status", "saved", "--json").stdout)] == [2]
    shown = json.loads(crm("app", "show", "1", "--json").stdout)
    assert {k: shown[k] for k in ("status", "applied_on", "decision_on", "location", "department")} == {
        "status": "interviewing", "applied_on": "2026-11-02", "decision_on": "2026-12-15",
        "location": "Berlin", "department": "Platform"}
    assert [e["summary"] for e in shown["history"]] == [
        "status applied", "after-apply (email) to Jane Doe: Hello", "status applied -> interviewing"]
    assert crm("app", "rm", "2", "--yes").stderr == (
        "Removed application #2 (0 links, 1 status change, 0 interviews; 0 logged interactions kept)\n")


def test_history_and_log(seeded: Run) -> None:
    crm = seeded
    out = json.loads(crm("log", "1", "--kind", "reply", "--direction", "in", "--channel", "linkedin",
                         "--on", "2026-11-04", "--json").stdout)
    assert out == {"id": 2, "contact_id": 1, "application_id": None, "kind": "reply", "channel": "linkedin",
                   "direction": "in", "occurred_at": "2026-11-04T09:00:00", "note": ""}
    assert crm("history", "1", code=1).stderr == (
        "Error: '1' is both contact #1 Jane Doe and application #1; use --contact or --app\n")
    assert crm("history", "--contact", "1").stdout == (
        "WHEN              TYPE         WHAT\n"
        "----------------  -----------  -----------------------------------------\n"
        "2026-11-03 09:30  interaction  #1 after-apply (email) to Jane Doe: Hello\n"
        "2026-11-04 09:00  interaction  #2 reply (linkedin) from Jane Doe\n")
    assert [e["type"] for e in json.loads(crm("history", "https://jobs.example/acme/1", "--json").stdout)] == [
        "status", "interaction"]
    assert crm("history", "nobody", code=1).stderr == "Error: no contact or application matches 'nobody'\n"


def test_due_simple_rule(seeded: Run) -> None:
    crm = seeded
    assert crm("due", "--simple", "--today", "2026-11-29").stdout == (
        "DUE         LATE  CONTACT   APPLICATION                     KIND      REASON\n"
        "----------  ----  --------  ------------------------------  --------  "
        "----------------------------------------------------------------------------------------\n"
        "2026-11-10  19    Jane Doe  Backend Engineer at Acme, Inc.  check-in  "
        "no message since 2026-11-03 (26 days); hiring manager for Backend Engineer at Acme, Inc.\n")
    [item] = json.loads(crm("due", "--simple", "--today", "2026-11-29", "--json").stdout)
    assert list(item) == ["contact", "application", "kind", "due_on", "days_overdue", "reason"]
    assert crm("due", "--simple", "--today", "2026-11-05", "--json").stdout == "[]\n"
    assert crm("due", "--simple", "--today", "2026-11-05").stderr == "Nobody is due. Nice.\n"
    assert crm("due", "--simple", "--today", "2026-11-05", "--days", "1").stdout.count("Jane Doe") == 1


def _snapshot(url: str) -> dict[str, list[tuple]]:
    db = open_database(url)
    db.connect()
    try:
        return {t: [tuple(r) for r in db.execute_sql(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()]
                for t in db.get_tables()}
    finally:
        db.close()


FAILING = [
    (("company", "add", "ACME"), "Error: company 'ACME' already exists as #1 Acme, Inc. (acme.example)"),
    (("company", "add", "Other", "--domain", "acme.example"),
     "Error: domain acme.example already belongs to #1 Acme, Inc."),
    (("contact", "add", "jane doe", "--company", "acme.example"),
     "Error: contact 'jane doe' already exists as #1 Jane Doe at Acme, Inc.; use --allow-duplicate to add another"),
    (("contact", "add", "Bob", "--company", "Newco", "--new-company", "--email", "jane@ACME.example"),
     "Error: jane@acme.example already belongs to #1 Jane Doe"),
    (("app", "add", "HTTPS://JOBS.EXAMPLE/acme/1/?utm_source=linkedin&utm_medium=jobs#apply"),
     "Error: an application for https://jobs.example/acme/1 already exists (#1)"),
    (("log", "Jane Doe", "--kind", "note", "--on", "2030-01-01"),
     "Error: 2030-01-01 is in the future: log what happened; use `crm interview add` for what is planned"),
    (("company", "show", "Nope"), "Error: no company matches 'Nope'"),
    (("contact", "add", "Bob", "--company", "Newco", "--new-company", "--email", "bob@"),
     "Error: bad email address 'bob@': expected name@example.com"),
    (("contact", "add", "Bob", "--company", "Newco", "--new-company", "--linkedin", "bob"),
     "Error: bad LinkedIn URL 'bob': expected http(s)://host/..."),
    (("contact", "edit", "Jane Doe", "--email", "nope"), "Error: bad email address 'nope': expected name@example.com"),
    (("contact", "rm", "42"), "Error: no contact with id 42"),
    (("app", "add", "https://jobs.example/acme/1"), "Error: an application for https://jobs.example/acme/1 "
                                                     "already exists (#1)"),
    (("app", "add", "https://jobs.example/9", "--company", "Newco", "--new-company", "--status", "hired"),
     "Error: bad status 'hired': use one of saved, applied, interviewing, offer, accepted, rejected, withdrawn, "
     "ghosted"),
    (("app", "add", "https://jobs.example/9", "--applied-on", "last week"),
     "Error: bad date 'last week': use YYYY-MM-DD, today, yesterday or tomorrow"),
    (("app", "status", "1", "offer", "--on", "2026-13-01"),
     "Error: bad date '2026-13-01': use YYYY-MM-DD, today, yesterday or tomorrow"),
    (("app", "status", "1", "applied"), "Error: application #1 is already 'applied' since 2026-11-02; to correct "
                                        "that date: crm app status 1 applied --on DATE"),
    (("app", "link", "1", "Jane Doe", "--role", "hiring_manager"),
     "Error: Jane Doe is already linked to application #1 as hiring_manager"),
    (("app", "link", "1", "Jane Doe", "--role", "boss"),
     "Error: bad role 'boss': use one of hiring_manager, recruiter, interviewer, referrer, other"),
    (("app", "edit", "1", "--url", "nope"), "Error: bad posting URL 'nope': expected http(s)://host/..."),
    (("app", "decision", "1", "--on", "soon"), "Error: bad date 'soon': use YYYY-MM-DD, today, yesterday or tomorrow"),
    (("log", "Jane Doe", "--kind", "lunch"), "Error: bad kind 'lunch': use one of after-apply, thank-you, "
                                             "check-in, reply, call, meeting, interview, note, other"),
    (("log", "Jane Doe", "--kind", "call", "--channel", "fax"),
     "Error: bad channel 'fax': use one of email, linkedin, phone, in-person, other"),
    (("log", "Jane Doe", "--kind", "call", "--app", "7"), "Error: no application with id 7"),
    (("log", "Jane Doe", "--kind", "call", "--on", "2026-11-01 25:00"),
     "Error: bad time in '2026-11-01 25:00': use YYYY-MM-DD HH:MM"),
    (("app", "list", "--status", "open"), "Error: bad status 'open': use one of saved, applied, interviewing, "
                                          "offer, accepted, rejected, withdrawn, ghosted"),
    (("contact", "list", "--company", "Initech"), "Error: no company matches 'Initech'"),
    (("due", "--today", "someday"), "Error: bad date 'someday': use YYYY-MM-DD, today, yesterday or tomorrow"),
    # corrections and the board (issue 11, parts 6 and 7)
    (("app", "status", "1", "offer", "--on", "2030-01-01"),
     "Error: 2030-01-01 is in the future: a status changes when it happens"),
    (("app", "status", "1", "interviewing", "--on", "2026-11-01"),
     "Error: application #1 has been applied since 2026-11-02: a move to interviewing cannot be dated before that "
     "(to correct that date: crm app status 1 applied --on DATE)"),
    (("log", "edit", "1", "--kind", "lunch"), "Error: bad kind 'lunch': use one of after-apply, thank-you, "
                                              "check-in, reply, call, meeting, interview, note, other"),
    (("log", "edit", "1", "--on", "2030-01-01", "--note", "x"),
     "Error: 2030-01-01 is in the future: log what happened; use `crm interview add` for what is planned"),
    (("log", "edit", "9", "--note", "x"), "Error: no logged interaction with id 9"),
    (("interview", "edit", "9", "--kind", "onsite"), "Error: no interview with id 9"),
    (("config", "set", "checkin_days", "ten"), "Error: setting checkin_days must be a whole number, not 'ten'"),
    (("board", "--today", "someday"), "Error: bad date 'someday': use YYYY-MM-DD, today, yesterday or tomorrow"),
    (("stats", "--today", "someday"), "Error: bad date 'someday': use YYYY-MM-DD, today, yesterday or tomorrow"),
    # deletes without a terminal and without --yes; merges that cannot be (issue 11, parts 3 and 4)
    (("contact", "rm", "Jane Doe"), "Error: deleting contact #1 Jane Doe needs a yes: add --yes to confirm (stdin is "
                                    "not a terminal to ask on); nothing was done"),
    (("company", "rm", "acme"), "Error: deleting company #1 Acme, Inc. needs a yes: add --yes to confirm (stdin is "
                                "not a terminal to ask on); nothing was done"),
    (("app", "rm", "1"), "Error: deleting application #1 Backend Engineer needs a yes: add --yes to confirm (stdin "
                         "is not a terminal to ask on); nothing was done"),
    (("app", "unlink", "1", "Jane Doe"), "Error: removing the links of Jane Doe to application #1 Backend Engineer "
                                         "needs a yes: add --yes to confirm (stdin is not a terminal to ask on); "
                                         "nothing was done"),
    (("unlog", "1"), "Error: removing logged interaction #1 needs a yes: add --yes to confirm (stdin is not a "
                     "terminal to ask on); nothing was done"),
    (("contact", "merge", "Jane Doe", "jane@acme.example"), "Error: cannot merge contact #1 into itself"),
    (("company", "merge", "acme", "Initech"), "Error: no company matches 'Initech'"),
    (("contact", "merge", "1", "2"), "Error: no contact with id 2"),
    # --company as a REF, applications of every kind, keep in touch (issue 11, parts 2 and 5)
    (("contact", "add", "Bob", "--company", "Acmee"),
     "Error: no company matches 'Acmee'; did you mean 'Acme, Inc.' (#1)? (to create it, add --new-company)"),
    (("app", "add", "--title", "SRE", "--company", "Globex"),
     "Error: no company matches 'Globex' (to create it, add --new-company)"),
    (("app", "add", "--company", "Newco", "--new-company"),
     "Error: an application without a posting URL needs a title (--title)"),
    (("app", "add", "--title", "SRE", "--company", "Newco", "--new-company", "--salary", "120k-90k"),
     "Error: bad salary '120k-90k': the low end is above the high end"),
    (("app", "add", "--title", "SRE", "--source", "newspaper"),
     "Error: bad source 'newspaper': use one of job-board, company-site, referral, recruiter, other"),
    (("app", "edit", "1", "--remote", "sometimes", "--tag", "x"), "Error: bad remote 'sometimes': use one of yes, "
                                                                  "hybrid, no"),
    (("app", "edit", "1", "--title", "", "--url", ""), "Error: an application without a posting URL needs a title"),
    (("contact", "add", "Bob", "--every", "often"),
     "Error: bad rhythm 'often': use days, weeks, months or years like 90d, 12w, 3m, 1y (up to 10y), or none"),
    (("contact", "edit", "Jane Doe", "--every", "0d"),
     "Error: bad rhythm '0d': use days, weeks, months or years like 90d, 12w, 3m, 1y (up to 10y), or none"),
]


@pytest.mark.parametrize("args, error", FAILING, ids=[" ".join(a[:2]) for a, _ in FAILING])
def test_a_failed_command_changes_nothing(seeded: Run, store_url: str, args: tuple[str, ...], error: str) -> None:
    before = _snapshot(store_url)
    result = seeded(*args, code=1)
    assert (result.stdout, result.stderr) == ("", error + "\n")
    assert _snapshot(store_url) == before


def test_ambiguous_ref_lists_the_matches(crm: Run) -> None:
    crm("contact", "add", "Sam Lee", "--company", "Acme", "--new-company")
    crm("contact", "add", "sam lee")
    assert crm("contact", "show", "Sam Lee", code=1).stderr == (
        "Error: contact 'Sam Lee' is ambiguous: #1 Sam Lee (Acme), #2 sam lee; use the id\n")


@pytest.mark.parametrize("args", [("company", "add"), ("app", "status", "1"), ("due", "--days", "x"),
                                  ("due", "--simple", "--days", "-1"), ("due", "--within", "-3"),
                                  ("contact", "frobnicate"), ("log", "x")])
def test_usage_errors_exit_2(crm: Run, args: tuple[str, ...]) -> None:
    assert crm(*args, code=2).stderr.startswith("Usage: ")


def test_default_database_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CRM_HOME", str(home))
    result = CliRunner().invoke(cli, ["company", "add", "Acme"])
    assert result.exit_code == 0, result.stderr
    file = home / "crm.sqlite3"
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    monkeypatch.setenv("CRM_DATABASE_URL", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert CliRunner().invoke(cli, ["company", "list", "--json"]).stdout == "[]\n"


def test_sqlite_pragmas(sqlite_url: str) -> None:
    from crm.store.db import close_db, init_db

    db = init_db(sqlite_url)
    try:
        pragmas = [db.execute_sql(f"PRAGMA {p}").fetchone()[0] for p in ("journal_mode", "foreign_keys",
                                                                          "busy_timeout", "synchronous",
                                                                          "cache_size")]
    finally:
        close_db()
    assert pragmas == ["wal", 1, 10_000, 1, -64_000]  # synchronous 1 = NORMAL
