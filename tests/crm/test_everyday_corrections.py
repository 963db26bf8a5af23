"""Corrections (issue 11, part 6) at the command line, on SQLite and PostgreSQL: status dates, log and
interview edits, the same interview twice, `crm config set/get/unset`, the unsigned-draft hint."""

from __future__ import annotations

import datetime as dt
import json
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.followup.settings import config_path, setting_names

Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str) -> Run:
    """`crm --db URL ARGS...` with the exit code checked; Acme, Jane Doe, Ann Lee, application #1 saved on TODAY."""

    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
        if code == 1:
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
        return result

    run("company", "add", "Acme")
    run("contact", "add", "Jane Doe", "--company", "Acme", "--email", "jane@acme.example")
    run("contact", "add", "Ann Lee", "--company", "Acme")
    run("app", "add", "https://jobs.example/acme/1", "--company", "Acme", "--title", "Backend Engineer")
    return run


def statuses(crm: Run, app: str = "1") -> list[tuple[str | None, str, str]]:
    data = json.loads(crm("app", "show", app, "--json").stdout)
    return [(e["from_status"], e["to_status"], e["on"]) for e in data["history"] if e["type"] == "status"]


def applied_on(crm: Run, app: str = "1") -> str | None:
    return json.loads(crm("app", "show", app, "--json").stdout)["applied_on"]


# ---- crm app status --on ----------------------------------------------------------------------

def test_a_move_on_a_date_then_its_date_corrected(crm: Run) -> None:
    # saved today (2026-11-29) in crm, applied four weeks before: the saved entry moves back with it
    assert crm("app", "status", "1", "applied", "--on", "2026-11-02").stderr == (
        "Application #1: saved -> applied on 2026-11-02 (saved moved back from 2026-11-29 to match)\n")
    assert statuses(crm) == [(None, "saved", "2026-11-02"), ("saved", "applied", "2026-11-02")]
    assert crm("app", "status", "1", "applied", code=1).stderr == (
        "Error: application #1 is already 'applied' since 2026-11-02; to correct that date: "
        "crm app status 1 applied --on DATE\n")
    assert crm("app", "status", "1", "applied", "--on", "2026-11-04").stderr == (
        "Application #1: applied on 2026-11-04 (corrected from 2026-11-02)\n")
    assert statuses(crm) == [(None, "saved", "2026-11-02"), ("saved", "applied", "2026-11-04")]
    assert applied_on(crm) == "2026-11-04"  # the date the cadence counts from follows the correction


def test_an_earlier_status_is_corrected_never_moved_back_to(crm: Run) -> None:
    crm("app", "status", "1", "applied", "--on", "2026-11-02")
    crm("app", "status", "1", "interviewing", "--on", "2026-11-20")
    # applied while interviewing: the applied date was wrong, the application does not go back
    assert crm("app", "status", "1", "applied", "--on", "2026-11-05").stderr == (
        "Application #1: applied on 2026-11-05 (corrected from 2026-11-02)\n")
    assert json.loads(crm("app", "show", "1", "--json").stdout)["status"] == "interviewing"
    assert crm("app", "status", "1", "applied", code=1).stderr == (
        "Error: application #1 is interviewing since 2026-11-20, past 'applied'; to correct the date it became "
        "applied: crm app status 1 applied --on DATE\n")
    # dates keep their order
    assert crm("app", "status", "1", "applied", "--on", "2026-11-21", code=1).stderr == (
        "Error: application #1 moved on to interviewing on 2026-11-20: applied cannot be dated after that\n")
    assert crm("app", "status", "1", "interviewing", "--on", "2026-11-01", code=1).stderr == (
        "Error: application #1 became applied on 2026-11-05: interviewing cannot be dated before that "
        "(correct that date first: crm app status 1 applied --on DATE)\n")
    assert statuses(crm) == [(None, "saved", "2026-11-02"), ("saved", "applied", "2026-11-05"),
                             ("applied", "interviewing", "2026-11-20")]


def test_a_skipped_step_goes_into_the_history_in_its_place(crm: Run) -> None:
    crm("app", "status", "1", "interviewing", "--on", "2026-11-20")
    assert crm("app", "status", "1", "applied", "--on", "2026-11-10").stderr == (
        "Application #1: applied on 2026-11-10 added to its history (still interviewing) "
        "(saved moved back from 2026-11-20 to match)\n")
    assert statuses(crm) == [(None, "saved", "2026-11-10"), ("saved", "applied", "2026-11-10"),
                             ("applied", "interviewing", "2026-11-20")]
    assert applied_on(crm) == "2026-11-10"


def test_a_closed_application_that_comes_back_moves(crm: Run) -> None:
    crm("app", "status", "1", "applied", "--on", "2026-11-02")
    crm("app", "status", "1", "interviewing", "--on", "2026-11-10")
    crm("app", "status", "1", "ghosted", "--on", "2026-11-20")
    assert crm("app", "status", "1", "interviewing", "--on", "2026-11-25").stderr == (
        "Application #1: ghosted -> interviewing on 2026-11-25\n")
    # before it went quiet, the same words correct the first interviewing date
    assert crm("app", "status", "1", "ghosted", "--on", "2026-11-26").stderr == (
        "Application #1: interviewing -> ghosted on 2026-11-26\n")
    assert crm("app", "status", "1", "interviewing", "--on", "2026-11-12").stderr == (
        "Application #1: interviewing on 2026-11-12 (corrected from 2026-11-10)\n")


@pytest.mark.parametrize("args, error", [
    (("app", "status", "1", "applied", "--on", "2030-01-01"),
     "2030-01-01 is in the future: a status changes when it happens"),
    (("app", "status", "1", "appplied"),
     "bad status 'appplied': use one of saved, applied, interviewing, offer, accepted, rejected, withdrawn, ghosted"),
    (("app", "status", "1", "applied", "--on", "2026-13-01"),
     "bad date '2026-13-01': use YYYY-MM-DD, today, yesterday or tomorrow"),
    (("app", "status", "1", "saved"),
     "application #1 is already 'saved' since 2026-11-29; to correct that date: crm app status 1 saved --on DATE"),
])
def test_bad_status_changes_write_nothing(crm: Run, args: tuple[str, ...], error: str) -> None:
    before = statuses(crm)
    assert crm(*args, code=1).stderr == f"Error: {error}\n"
    assert statuses(crm) == before


# ---- interviews ------------------------------------------------------------------------------

def test_an_interview_recorded_late_dates_the_move_at_the_interview(crm: Run) -> None:
    crm("app", "status", "1", "applied", "--on", "2026-11-02")
    assert crm("interview", "add", "1", "--on", "2026-11-20 10:00", "--with", "Jane Doe").stderr == (
        "Recorded interview #1 on 2026-11-20 10:00 with Jane Doe; status applied -> interviewing on 2026-11-20\n")
    assert statuses(crm)[-1] == ("applied", "interviewing", "2026-11-20")


def test_an_interview_recorded_late_keeps_the_history_in_order(crm: Run) -> None:
    # saved in crm today, interviewed last week: the saved entry moves back with it
    assert crm("interview", "add", "1", "--on", "2026-11-20 10:00", "--with", "Jane Doe").stderr == (
        "Recorded interview #1 on 2026-11-20 10:00 with Jane Doe; status saved -> interviewing on 2026-11-20\n")
    assert statuses(crm) == [(None, "saved", "2026-11-20"), ("saved", "interviewing", "2026-11-20")]
    # applied on the 25th, says the user, then an interview on the 20th: never before the application
    crm("app", "add", "https://jobs.example/acme/2", "--company", "Acme", "--title", "SRE", "--applied-on",
        "2026-11-25")
    assert crm("interview", "add", "2", "--on", "2026-11-20 10:00", "--with", "Jane Doe").stderr.endswith(
        "; status applied -> interviewing on 2026-11-25\n")


def test_an_interview_ahead_moves_the_application_today(crm: Run) -> None:
    assert crm("interview", "add", "1", "--on", "2026-12-03 10:00", "--with", "Jane Doe").stderr == (
        "Recorded interview #1 on 2026-12-03 10:00 with Jane Doe; status saved -> interviewing\n")
    assert statuses(crm)[-1] == ("saved", "interviewing", "2026-11-29")


def test_the_same_interview_twice_is_refused(crm: Run) -> None:
    crm("interview", "add", "1", "--on", "2026-12-03 10:00", "--with", "Jane Doe")
    assert crm("interview", "add", "1", "--on", "2026-12-03 10:00", "--with", "Ann Lee", code=1).stderr == (
        "Error: interview #1 on 2026-12-03 10:00 is already recorded for application #1: "
        "change it with `crm interview edit 1`\n")
    crm("interview", "add", "1", "--on", "2026-12-04 10:00", "--with", "Ann Lee")  # another round is fine
    assert crm("interview", "edit", "2", "--on", "2026-12-03 10:00", code=1).stderr.startswith(
        "Error: interview #1 on 2026-12-03 10:00 is already recorded")
    assert len(json.loads(crm("interview", "list", "--json").stdout)) == 2


def test_interview_edit_reschedules_and_changes_the_people(crm: Run) -> None:
    crm("interview", "add", "1", "--on", "2026-12-03 10:00", "--with", "Jane Doe", "--kind", "phone screen")
    assert crm("interview", "edit", "1", "--on", "2026-12-04").stderr == (
        "Updated interview #1: moved from 2026-12-03 10:00 to 2026-12-04 10:00\n")  # a day alone keeps the time
    assert crm("interview", "edit", "1", "--on", "2026-12-04 15:30", "--with", "Ann Lee", "--without", "Jane Doe",
               "--kind", "onsite", "--location", "HQ").stderr == (
        "Updated interview #1: moved from 2026-12-04 10:00 to 2026-12-04 15:30; kind onsite; location HQ; "
        "with Ann Lee; without Jane Doe\n")
    [row] = json.loads(crm("interview", "list", "--json").stdout)
    assert (row["starts_at"], row["kind"], row["location"], row["with"]) == (
        "2026-12-04T15:30:00", "onsite", "HQ", ["Ann Lee"])
    # the new interviewer is on the application (owed a thank-you); Jane keeps her role there
    roles = {(c["name"], c["role"]) for c in json.loads(crm("app", "show", "1", "--json").stdout)["contacts"]}
    assert roles == {("Jane Doe", "interviewer"), ("Ann Lee", "interviewer")}


def test_rescheduling_the_first_interview_moves_the_date_it_set(crm: Run) -> None:
    crm("app", "status", "1", "applied", "--on", "2026-11-02")
    crm("interview", "add", "1", "--on", "2026-11-20 10:00", "--with", "Jane Doe")
    assert crm("interview", "edit", "1", "--on", "2026-11-18").stderr == (
        "Updated interview #1: moved from 2026-11-20 10:00 to 2026-11-18 10:00; interviewing since 2026-11-18\n")
    assert statuses(crm)[-1] == ("applied", "interviewing", "2026-11-18")
    # moved ahead of today: the move happened today at the latest
    crm("interview", "edit", "1", "--on", "2026-12-05 10:00")
    assert statuses(crm)[-1] == ("applied", "interviewing", "2026-11-29")
    # a date the user set themselves stays
    crm("app", "status", "1", "interviewing", "--on", "2026-11-25")
    assert crm("interview", "edit", "1", "--on", "2026-12-06 10:00").stderr == (
        "Updated interview #1: moved from 2026-12-05 10:00 to 2026-12-06 10:00\n")
    assert statuses(crm)[-1] == ("applied", "interviewing", "2026-11-25")


def test_corrections_read_the_history_in_date_order(crm: Run) -> None:
    # saved, then straight to interviewing at an interview; the skipped applied step added afterwards
    crm("interview", "add", "1", "--on", "2026-11-24 10:00", "--with", "Jane Doe")
    crm("app", "status", "1", "applied", "--on", "2026-11-18")
    assert crm("interview", "edit", "1", "--on", "2026-11-23").stderr == (
        "Updated interview #1: moved from 2026-11-24 10:00 to 2026-11-23 10:00; interviewing since 2026-11-23\n")
    assert crm("app", "status", "1", "applied", "--on", "2026-11-20").stderr == (
        "Application #1: applied on 2026-11-20 (corrected from 2026-11-18)\n")
    assert crm("app", "status", "1", "interviewing", "--on", "2026-11-19", code=1).stderr == (
        "Error: application #1 became applied on 2026-11-20: interviewing cannot be dated before that "
        "(correct that date first: crm app status 1 applied --on DATE)\n")
    assert statuses(crm) == [(None, "saved", "2026-11-18"), ("saved", "applied", "2026-11-20"),
                             ("applied", "interviewing", "2026-11-23")]


@pytest.mark.parametrize("args, error", [
    (("interview", "edit", "1", "--without", "Ann Lee"), "Ann Lee is not in interview #1"),
    (("interview", "edit", "1", "--without", "Jane Doe"),
     "interview #1 would have nobody in it: add someone, or remove it with `crm interview rm 1`"),
    (("interview", "edit", "1", "--on", "2026-12-40"), "bad date '2026-12-40': use YYYY-MM-DD, today, yesterday or tomorrow"),
    (("interview", "edit", "9", "--kind", "x"), "no interview with id 9"),
    (("interview", "edit", "1", "--with", "Nobody Known"), "no contact matches 'Nobody Known'"),
])
def test_bad_interview_edits_write_nothing(crm: Run, args: tuple[str, ...], error: str) -> None:
    crm("interview", "add", "1", "--on", "2026-12-03 10:00", "--with", "Jane Doe")
    before = crm("interview", "list", "--json").stdout
    assert crm(*args, code=1).stderr == f"Error: {error}\n"
    assert crm("interview", "list", "--json").stdout == before


# ---- crm log edit ----------------------------------------------------------------------------

def test_log_edit_corrects_each_field(crm: Run) -> None:
    crm("log", "Jane Doe", "--kind", "after-apply", "--on", "2026-11-03 10:15", "--note", "Hello")
    assert crm("log", "edit", "1", "--on", "2026-11-04", "--kind", "check-in").stderr == (
        "Updated logged interaction #1: date 2026-11-03 10:15 -> 2026-11-04 10:15; kind after-apply -> check-in\n")
    result = crm("log", "edit", "#1", "--channel", "linkedin", "--direction", "in", "--note", "They wrote back",
                 "--json")
    assert result.stderr == ("Updated logged interaction #1: note Hello -> 'They wrote back'; channel email -> "
                             "linkedin; direction out -> in\n")
    row = json.loads(result.stdout)
    assert {k: row[k] for k in ("kind", "channel", "direction", "occurred_at", "note")} == {
        "kind": "check-in", "channel": "linkedin", "direction": "in", "occurred_at": "2026-11-04T10:15:00",
        "note": "They wrote back"}
    assert crm("log", "edit", "1", "--kind", "check-in").stderr == (
        "Nothing changed in logged interaction #1: it already says that\n")
    assert crm("history", "Jane Doe").stdout.splitlines()[-1] == (
        "2026-11-04 10:15  interaction  #1 check-in (linkedin) from Jane Doe: They wrote back")


@pytest.mark.parametrize("args, error", [
    (("log", "edit", "1", "--on", "2030-01-01"),
     "2030-01-01 is in the future: log what happened; use `crm interview add` for what is planned"),
    (("log", "edit", "1", "--kind", "lunch"),
     "bad kind 'lunch': use one of after-apply, thank-you, check-in, reply, call, meeting, interview, note, other"),
    (("log", "edit", "1", "--direction", "sideways"), "bad direction 'sideways': use one of out, in"),
    (("log", "edit", "1", "--channel", "fax"), "bad channel 'fax': use one of email, linkedin, phone, in-person, other"),
    (("log", "edit", "7", "--note", "x"), "no logged interaction with id 7"),
    (("log", "edit", "1", "--on", "2026-11-04 25:00"), "bad time in '2026-11-04 25:00': use YYYY-MM-DD HH:MM"),
])
def test_bad_log_edits_write_nothing(crm: Run, args: tuple[str, ...], error: str) -> None:
    crm("log", "Jane Doe", "--kind", "after-apply", "--on", "2026-11-03 10:15", "--note", "Hello")
    before = crm("history", "Jane Doe", "--json").stdout
    assert crm(*args, code=1).stderr == f"Error: {error}\n"
    assert crm("history", "Jane Doe", "--json").stdout == before


def test_log_edit_moves_an_interaction_to_another_application_or_none(crm: Run) -> None:
    crm("app", "add", "https://jobs.example/acme/2", "--company", "Acme", "--title", "SRE")
    crm("log", "Jane Doe", "--kind", "call", "--app", "1", "--on", "2026-11-03 10:15")
    assert crm("log", "edit", "1", "--app", "SRE").stderr == "Updated logged interaction #1: application #1 -> #2\n"
    assert crm("log", "edit", "1", "--app", "").stderr == "Updated logged interaction #1: application #2 -> none\n"
    assert json.loads(crm("log", "edit", "1", "--app", "2", "--json").stdout)["application_id"] == 2
    assert crm("log", "edit", "1", "--app", "9", code=1).stderr == "Error: no application with id 9\n"


def test_log_edit_with_nothing_to_change_is_a_usage_error(crm: Run) -> None:
    assert crm("log", "edit", "1", code=2).stderr.splitlines()[-1] == (
        "Error: Nothing to change: give at least one of --on, --kind, --note, --channel, --direction, --app")


def test_logging_still_works_beside_edit(crm: Run) -> None:
    assert crm("log", "Jane Doe", "--kind", "note", "--on", "2026-11-03").stderr == (
        "Logged note (email) to Jane Doe on 2026-11-03 09:00 (#1)\n")
    assert "crm log edit" in crm("log", "--help").stdout
    assert "Correct a logged interaction" in crm("log", "edit", "--help").stdout


# ---- crm config set / get / unset ------------------------------------------------------------

def test_config_set_keeps_the_users_comments_and_keys(crm: Run) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# my own settings\n[cadence]\nafter_apply_days = 5  # slower, I prefer\n")
    assert crm("config", "set", "drafts.signature", "Jane Q. Doe").stderr == (
        f'drafts.signature = "Jane Q. Doe" in {path}\n')
    assert crm("config", "set", "checkin_days", "10").stderr == f"cadence.checkin_days = 10 in {path}\n"
    assert path.read_text() == ("# my own settings\n[cadence]\nafter_apply_days = 5  # slower, I prefer\n"
                                "checkin_days = 10\n\n[drafts]\nsignature = \"Jane Q. Doe\"\n")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert crm("config", "get", "signature").stdout == "Jane Q. Doe\n"
    assert crm("config", "get", "cadence.after_apply_days").stdout == "5\n"
    assert json.loads(crm("config", "get", "rejection_note", "--json").stdout) == {
        "key": "cadence.rejection_note", "value": True}
    assert crm("config", "set", "checkin_days", "10").stderr == "cadence.checkin_days is already 10\n"
    assert crm("config", "unset", "checkin_days").stderr == (
        f"cadence.checkin_days removed (the default again: 7) in {path}\n")
    assert crm("config", "get", "checkin_days").stdout == "7\n"
    crm("config", "set", "rejection_note", "no")
    assert json.loads(crm("config", "--json").stdout)["settings"]["cadence"]["rejection_note"] is False


def test_config_set_on_a_fresh_home_writes_a_file(crm: Run) -> None:
    assert not config_path().exists()
    crm("config", "set", "calendar.reminder_hour", "8")
    assert config_path().read_text() == "[calendar]\nreminder_hour = 8\n"
    assert "reminder_hour = 8" in crm("config").stdout


@pytest.mark.parametrize("args, error", [
    (("config", "set", "signatur", "x"), "unknown setting 'signatur'; did you mean drafts.signature?"),
    (("config", "set", "cadence.signature", "x"), "unknown setting 'cadence.signature'; did you mean drafts.signature?"),
    (("config", "get", "colour"), f"unknown setting 'colour'; use one of {', '.join(setting_names())}"),
    (("config", "set", "checkin_days", "ten"), "setting checkin_days must be a whole number, not 'ten'"),
    (("config", "set", "checkin_days", "400"), "setting checkin_days must be between 0 and 365, not 400"),
    (("config", "set", "reminder_hour", "24"), "setting reminder_hour must be between 0 and 23, not 24"),
    (("config", "set", "rejection_note", "maybe"), "setting rejection_note must be true or false, not 'maybe'"),
    (("config", "set", "signature", "a\nb"), "setting signature must be one line"),
])
def test_bad_config_settings_leave_the_file_as_it_was(crm: Run, args: tuple[str, ...], error: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# mine\n[cadence]\ncheckin_days = 9\n")
    assert crm(*args, code=1).stderr == f"Error: {error}\n"
    assert path.read_text() == "# mine\n[cadence]\ncheckin_days = 9\n"


def test_config_set_into_a_broken_file_is_refused(crm: Run) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[cadence\nbroken")
    error = crm("config", "set", "checkin_days", "3", code=1).stderr
    assert error.startswith(f"Error: {path}: cannot read the config file: ") and error.endswith(
        "(fix it, or delete it to use the defaults)\n")
    assert path.read_text() == "[cadence\nbroken"


# ---- the unsigned draft says how to sign it --------------------------------------------------

def test_an_unsigned_draft_at_a_terminal_says_how_to_sign(crm: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import crm.cli.draft as draft_module

    crm("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    assert crm("draft", "Jane Doe", "--kind", "check-in").stderr == ""  # a script's stderr stays quiet
    monkeypatch.setattr(draft_module, "_at_terminal", lambda: True)
    hint = 'Note: this draft is unsigned: sign every draft with  crm config set drafts.signature "Your Name"\n'
    assert crm("draft", "Jane Doe", "--kind", "check-in").stderr == hint
    crm("config", "set", "signature", "Sam Seeker")
    result = crm("draft", "Jane Doe", "--kind", "check-in")
    assert result.stderr == "" and result.stdout.rstrip().endswith("Sam Seeker")


@pytest.mark.usefixtures("db")
def test_an_application_without_a_change_into_its_status() -> None:
    """Rows written before the history was kept (or restored from elsewhere) still get one Error line."""
    from crm import store
    from crm.errors import InvalidValue
    from crm.store.models import Application

    app = store.add_application("https://jobs.example/acme/9", title="Old", applied_on=dt.date(2026, 11, 2),
                                today=dt.date(2026, 11, 2))
    Application.update(status="interviewing").where(Application.id == app.id).execute()
    app = Application.get_by_id(app.id)
    with pytest.raises(InvalidValue, match=r"^application #1 is interviewing, past 'applied'; to correct"):
        store.change_status(app, "applied", today=dt.date(2026, 11, 29))
    done = store.change_status(app, "offer", dt.date(2026, 11, 20), today=dt.date(2026, 11, 29))
    assert (done.action, done.before, done.on) == ("moved", "interviewing", dt.date(2026, 11, 20))
