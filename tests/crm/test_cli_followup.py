"""The follow-up commands end to end with CliRunner: interview, snooze, draft, calendar, config."""

from __future__ import annotations

import datetime as dt
import email
import json
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli
from crm.store.db import close_db, init_db
from crm.store.models import (
    Application,
    ApplicationContact,
    Interaction,
    Interview,
    InterviewParticipant,
    Person,
    StatusChange,
)
from crm.followup.settings import config_path


@pytest.fixture
def crm(sqlite_url: str):
    """Run `crm --db <a fresh SQLite file> ARGS...`; the store holds Jane (hiring manager) on application #1."""

    def run(*args: str, code: int = 0):
        result = CliRunner().invoke(cli, ["--db", sqlite_url, *args])
        assert result.exit_code == code, (args, result.output, result.exception)
        return result

    run("company", "add", "Acme")
    run("contact", "add", "Jane Doe", "--company", "Acme", "--email", "jane@acme.com")
    run("contact", "add", "Ann Lee", "--company", "Acme")
    run("app", "add", "https://acme.com/jobs/1", "--company", "Acme", "--title", "Backend Engineer",
        "--status", "applied", "--applied-on", "2026-03-02")
    run("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    return run


@pytest.fixture
def rows(sqlite_url: str):
    """Open the same database for direct checks."""
    init_db(sqlite_url)
    yield
    close_db()


def test_interview_add_links_interviewers_and_moves_the_application(crm, rows):
    result = crm("interview", "add", "Backend Engineer", "--on", "2026-03-10 14:00", "--with", "Jane Doe",
                 "--with", "Ann Lee", "--with", "2", "--kind", "onsite", "--location", "HQ", "--today", "2026-03-05")
    assert result.stderr == ("Recorded interview #1 on 2026-03-10 14:00 with Jane Doe, Ann Lee; "
                             "status applied -> interviewing\n")
    interview = Interview.get()
    assert (interview.starts_at, interview.kind, interview.location) == (dt.datetime(2026, 3, 10, 14), "onsite", "HQ")
    assert sorted(p.person.name for p in InterviewParticipant.select()) == ["Ann Lee", "Jane Doe"]
    roles = sorted((r.person.name, r.role) for r in ApplicationContact.select())
    assert roles == [("Ann Lee", "interviewer"), ("Jane Doe", "hiring_manager"), ("Jane Doe", "interviewer")]
    change = StatusChange.select().order_by(StatusChange.id.desc()).get()
    assert (change.from_status, change.to_status, change.changed_on) == ("applied", "interviewing", dt.date(2026, 3, 5))
    assert Application.get().status == "interviewing"


@pytest.mark.parametrize(("args", "error"), [
    (["--with", "Nobody"], "Error: no contact matches 'Nobody'\n"),
    (["--with", "Jane Doe", "--on", "someday"],
     "Error: bad date 'someday': use YYYY-MM-DD, today, yesterday or tomorrow\n"),
])
def test_interview_add_bad_input_writes_nothing(crm, rows, args, error):
    full = ["interview", "add", "1", "--on", "2026-03-10", *args]
    if "--on" in args:
        full = ["interview", "add", "1", *args]
    assert crm(*full, code=1).stderr == error
    assert Interview.select().count() == 0 and Application.get().status == "applied"


def test_interview_add_needs_an_interviewer(crm):
    assert "Missing option '--with'" in crm("interview", "add", "1", "--on", "2026-03-10", code=2).stderr


def test_interview_list_table_and_json(crm):
    crm("interview", "add", "1", "--on", "2026-03-10 14:00", "--with", "Jane Doe", "--kind", "onsite")
    assert crm("interview", "list").stdout == (
        "ID  WHEN              APPLICATION               KIND    LOCATION  WITH\n"
        "--  ----------------  ------------------------  ------  --------  --------\n"
        "1   2026-03-10 14:00  Backend Engineer at Acme  onsite            Jane Doe\n"
    )
    assert json.loads(crm("interview", "list", "1", "--json").stdout) == [{
        "id": 1, "starts_at": "2026-03-10T14:00:00",
            "application": {"id": 1, "title": "Backend Engineer", "company": "Acme"},
        "kind": "onsite", "location": "", "with": ["Jane Doe"]}]


def test_snooze(crm, rows):
    assert crm("snooze", "jane@acme.com", "--until", "tomorrow", "--today", "2026-03-05").stderr == (
        "Snoozed Jane Doe until 2026-03-06\n")
    assert Person.get(Person.name == "Jane Doe").snoozed_until == dt.date(2026, 3, 6)


AFTER_APPLY = """\
To: jane@acme.com
Subject: My application for the Backend Engineer role at Acme

Hi Jane,

I have just applied for the Backend Engineer role at Acme and wanted to introduce myself briefly.
The role matches the work I enjoy most, and I would be excited to contribute to the team.

I would be glad to share more about my background or answer any questions. Could you let me know what the next steps look like?

Best regards,
"""


def test_draft_defaults_to_what_is_due(crm):
    assert crm("draft", "Jane Doe", "--today", "2026-03-04").stdout == AFTER_APPLY


def test_draft_mailto_eml_and_log(crm, rows, tmp_path: Path):
    eml = tmp_path / "note.eml"
    result = crm("draft", "Jane Doe", "--mailto", "--eml", str(eml), "--log", "--today", "2026-03-04")
    assert result.stdout.startswith("mailto:jane@acme.com?subject=My%20application%20for%20the%20Backend")
    assert result.stderr == f"Wrote draft to {eml}\nLogged after-apply to Jane Doe on 2026-03-04\n"
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert (msg["X-Unsent"], str(msg["To"])) == ("1", "Jane Doe <jane@acme.com>")
    row = Interaction.get()
    assert (row.kind, row.direction, row.occurred_at.date(), row.application_id) == (
        "after-apply", "out", dt.date(2026, 3, 4), 1)
    # Sent: nothing is due now, so a draft needs an explicit kind.
    assert crm("draft", "Jane Doe", "--today", "2026-03-05", code=1).stderr == (
        "Error: nothing is due for Jane Doe (next: check-in on 2026-03-11): choose a note with --kind\n")


def test_thank_you_draft_names_the_interview_day(crm):
    crm("interview", "add", "1", "--on", "2026-03-10 14:00", "--with", "Jane Doe")
    out = crm("draft", "Jane Doe", "--today", "2026-03-11").stdout
    assert "Subject: Thank you - Backend Engineer at Acme\n" in out
    assert "speak with me on Tuesday 10 March about the Backend Engineer role at Acme." in out


def test_draft_refuses_do_not_contact(crm, rows):
    Person.update(do_not_contact=True).execute()
    assert crm("draft", "Jane Doe", "--kind", "check-in", code=1).stderr == (
        "Error: Jane Doe is marked do-not-contact: no draft\n")


def test_draft_kind_is_checked_by_click(crm):
    assert "Invalid value for '--kind'" in crm("draft", "Jane Doe", "--kind", "nudge", code=2).stderr


def test_config_shows_defaults_then_init_writes_a_file(crm):
    shown = crm("config").stdout
    assert shown.startswith(f"# {config_path()} (not found: built-in defaults)\n\n[cadence]\nafter_apply_days = 2\n")
    assert crm("config", "--init").stderr == f"Wrote {config_path()}\n"
    assert "spacing_days = 3  # never two messages" in config_path().read_text()
    assert crm("config", "--init", code=1).stderr.startswith("Error: ")
    data = json.loads(crm("config", "--json").stdout)
    assert (data["exists"], data["settings"]["cadence"]["checkin_days"]) == (True, 7)


def test_config_file_changes_the_cadence(crm):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[cadence]\nafter_apply_days = 5\n")
    assert json.loads(crm("config", "--json").stdout)["settings"]["cadence"]["after_apply_days"] == 5
    out = crm("calendar", "--out", str(config_path().parent / "x.ics"), "--today", "2026-03-04", "--within", "2")
    assert out.stderr == f"Wrote 0 follow-ups and 0 interviews to {config_path().parent / 'x.ics'}\n"


@pytest.mark.parametrize(("text", "error"), [
    ("[cadence]\nfoo = 1\n", "unknown setting 'foo' in [cadence]"),
    ("[cadence]\nspacing_days = true\n", "setting spacing_days must be int, not True"),
    ("[cadence]\nspacing_days = -1\n", "setting spacing_days must be between 0 and 365, not -1"),
    ("[weather]\nsunny = true\n", "unknown settings section [weather]: use cadence, calendar, drafts"),
])
def test_a_bad_config_file_is_one_error_line(crm, text, error):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(text)
    expected = f"Error: {config_path()}: {error} (fix it, or delete it to use the defaults)\n"
    assert crm("config", code=1).stderr == expected
    assert crm("due", code=1).stderr == expected  # every command names the file to fix


def test_an_unreadable_config_file_is_one_error_line(crm):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[cadence\n")
    assert crm("config", code=1).stderr.startswith(f"Error: cannot read {config_path()}: ")


@pytest.mark.parametrize("command", [["interview", "add"], ["interview", "list"], ["snooze"], ["draft"],
                                     ["calendar"], ["config"]])
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_after_a_rejection_the_default_draft_is_the_optional_thank_you(crm, rows):
    crm("app", "status", "1", "rejected", "--on", "2026-03-20")
    assert crm("draft", "Jane Doe", "--today", "2026-03-21").stdout.startswith(
        "To: jane@acme.com\nSubject: Thank you for your time\n\nHi Jane,\n\nThank you for letting me know")
    crm("draft", "Jane Doe", "--today", "2026-03-21", "--log")
    assert Interaction.get().kind == "thank-you"
    assert "nothing is due" in crm("draft", "Jane Doe", "--today", "2026-03-22", code=1).stderr


def test_show_due_table_json_and_cold(crm, sqlite_url):
    run = CliRunner().invoke
    result = run(cli, ["--db", sqlite_url, "log", "Jane Doe", "--kind", "after-apply", "--app", "1",
                       "--on", "2026-03-03"])
    assert result.exit_code == 0
    def due(*args: str):
        return CliRunner().invoke(cli, ["--db", sqlite_url, "due", *args])

    reason = "no reply since your message on 2026-03-03 (check-in 1 of 2)"
    assert due("--today", "2026-03-12").stdout == (
        "DUE         URGENCY  LATE  CONTACT   APPLICATION               KIND      RULE         REASON\n"
        "----------  -------  ----  --------  ------------------------  --------  -----------  " + "-" * len(reason)
        + "\n2026-03-10  overdue  2     Jane Doe  Backend Engineer at Acme  check-in  check-in/7d  " + reason + "\n"
    )
    assert json.loads(due("--today", "2026-03-12", "--json").stdout)[0]["rule"] == "check-in/7d"
    for day in ("2026-03-12", "2026-03-19"):
        CliRunner().invoke(cli, ["--db", sqlite_url, "log", "Jane Doe", "--kind", "check-in", "--app", "1",
                                 "--on", day])
    cold = due("--today", "2026-03-27")
    assert cold.stderr == ("Nobody is due. Nice.\n"
                           "Would mark cold: #1 Backend Engineer at Acme (2 check-ins unanswered since 2026-03-19)\n"
                           "Record it with: crm due --mark-cold\n")
    assert due("--today", "2026-03-27", "--mark-cold").stderr.splitlines()[1].startswith("Marked cold: #1")
    assert due("--today", "2026-03-28").stderr == "Nobody is due. Nice.\n"


def test_a_draft_to_a_guessed_address_says_so(crm, rows):
    Person.update(email_source="guessed", email_confidence=0.75).where(Person.name == "Jane Doe").execute()
    result = crm("draft", "Jane Doe", "--kind", "after-apply", "--today", "2026-03-03")
    assert result.stdout.startswith("To: jane@acme.com\n")
    assert result.stderr == "Note: jane@acme.com is a guessed address, never verified: check it before sending.\n"
    Person.update(email_source="user").execute()
    assert crm("draft", "Jane Doe", "--kind", "after-apply", "--today", "2026-03-03").stderr == ""
