"""Taking things back: unlog, delete an interview, unlink, what `app rm` removes; no log entry from the future."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from crm import store
from crm.cli import cli
from crm.cli.demo import DEMO_SITE, demo_posting_path
from crm.errors import InvalidValue, NotFound
from crm.store.models import (Application, ApplicationContact, Interaction, Interview, InterviewParticipant, Person,
                        StatusChange)
from crm.store.refs import resolve_interaction, resolve_interview
from scrapers.localserver import LocalServer
from tests.pinned import TODAY

D, T = dt.date, dt.datetime
FUTURE = "is in the future: log what happened; use `crm interview add` for what is planned"


def _setup() -> tuple[Application, Person, Person]:
    acme = store.add_company("Acme", domain="acme.example")
    jane = store.add_contact("Jane Doe", acme, email="jane@acme.example")
    greta = store.add_contact("Greta Vogel", acme)
    app = store.add_application("https://jobs.example/acme/1", acme, title="Backend Engineer",
                                applied_on=D(2026, 11, 2), today=D(2026, 11, 2))
    store.link(app, jane, "hiring_manager")
    store.link(app, jane, "interviewer")
    store.link(app, greta, "recruiter")
    return app, jane, greta


def _interview(app: Application, *people: Person) -> Interview:
    v = Interview.create(application=app, starts_at=T(2026, 12, 3, 10), kind="onsite")
    for p in people:
        InterviewParticipant.create(interview=v, person=p)
    return v


# ---- the store, on both backends --------------------------------------------------------------

@pytest.mark.usefixtures("db")
def test_remove_interaction() -> None:
    app, jane, _ = _setup()
    keep = store.log_interaction(jane, "after-apply", application=app, occurred_at=T(2026, 11, 3, 9, 30))
    wrong = store.log_interaction(jane, "note", occurred_at=T(2026, 11, 4, 9), note="typo")
    assert resolve_interaction(f"#{wrong.id}") == wrong
    record = store.remove_interaction(resolve_interaction(str(wrong.id)))
    assert (record["id"], record["kind"], record["note"]) == (wrong.id, "note", "typo")
    assert [i.id for i in Interaction.select()] == [keep.id]
    with pytest.raises(NotFound, match=f"^no logged interaction with id {wrong.id}$"):
        resolve_interaction(str(wrong.id))
    with pytest.raises(NotFound, match="^no logged interaction 'Jane': use its id from `crm history`$"):
        resolve_interaction("Jane")


@pytest.mark.usefixtures("db")
def test_delete_interview_keeps_the_people() -> None:
    app, jane, greta = _setup()
    v = _interview(app, jane, greta)
    other = _interview(app, jane)
    assert store.delete_interview(resolve_interview(str(v.id))) == 2
    assert [i.id for i in Interview.select()] == [other.id]
    assert InterviewParticipant.select().count() == 1 and Person.select().count() == 2
    with pytest.raises(NotFound, match=f"^no interview with id {v.id}$"):
        resolve_interview(str(v.id))


@pytest.mark.usefixtures("db")
def test_unlink_one_role_or_every_role() -> None:
    app, jane, greta = _setup()
    assert store.unlink(app, jane, "interviewer") == 1
    assert {(r.person.name, r.role) for r in ApplicationContact.select()} == {
        ("Jane Doe", "hiring_manager"), ("Greta Vogel", "recruiter")}
    with pytest.raises(NotFound, match="^Jane Doe is not linked to application #1 as interviewer$"):
        store.unlink(app, jane, "interviewer")
    with pytest.raises(InvalidValue, match="bad role 'boss'"):
        store.unlink(app, jane, "boss")
    store.link(app, jane, "interviewer")
    assert store.unlink(app, jane) == 2
    with pytest.raises(NotFound, match="^Jane Doe is not linked to application #1$"):
        store.unlink(app, jane)
    assert [r.person.name for r in ApplicationContact.select()] == ["Greta Vogel"]


@pytest.mark.usefixtures("db")
def test_remove_application_says_what_went() -> None:
    app, jane, greta = _setup()
    store.set_status(app, "interviewing", D(2026, 11, 10))
    _interview(app, jane, greta)
    store.log_interaction(jane, "after-apply", application=app, occurred_at=T(2026, 11, 3, 9, 30))
    store.log_interaction(greta, "call", application=app, occurred_at=T(2026, 11, 5, 9))
    store.log_interaction(greta, "note", occurred_at=T(2026, 11, 6, 9))
    other = store.add_application("https://jobs.example/acme/2", title="SRE")
    assert store.remove_application(app) == {"links": 3, "status_changes": 2, "interviews": 1, "interactions": 2}
    assert [a.id for a in Application.select()] == [other.id]
    assert (ApplicationContact.select().count(), Interview.select().count(), InterviewParticipant.select().count(),
            StatusChange.select().count()) == (0, 0, 0, 1)
    assert [i.application_id for i in Interaction.select()] == [None, None, None]
    assert store.remove_application(other) == {"links": 0, "status_changes": 1, "interviews": 0, "interactions": 0}


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("when, ok", [
    (T(2026, 11, 29, 23, 59), True), (T(2026, 11, 30, 23, 59), True),  # tomorrow: a clock ahead of ours
    (T(2026, 12, 1, 0, 0), False), (T(2030, 1, 1, 9, 0), False), (T(2020, 1, 1, 9, 0), True)])
def test_nothing_is_logged_after_tomorrow(when: T, ok: bool) -> None:
    _, jane, _ = _setup()
    if ok:
        assert store.log_interaction(jane, "note", occurred_at=when, today=TODAY).occurred_at == when
        return
    with pytest.raises(InvalidValue) as e:
        store.log_interaction(jane, "note", occurred_at=when, today=TODAY)
    assert str(e.value) == f"{when.date().isoformat()} {FUTURE}"
    assert Interaction.select().count() == 0


# ---- the command line -------------------------------------------------------------------------

@pytest.fixture
def crm(store_url: str, monkeypatch: pytest.MonkeyPatch):
    """Run `crm --db URL ARGS...` and check the exit code."""

    def run(*args: str, code: int = 0):
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        return result

    run("contact", "add", "Jane Doe", "--email", "jane@acme.example")
    run("log", "Jane Doe", "--kind", "after-apply", "--on", "2026-11-03 09:30", "--note", "Hello")
    run("log", "Jane Doe", "--kind", "note", "--on", "2026-11-04 10:00", "--note", "wrong person")
    return run


def test_history_shows_ids_and_unlog_takes_one_back(crm) -> None:
    assert crm("history", "Jane Doe").stdout == (
        "WHEN              TYPE         WHAT\n"
        "----------------  -----------  -----------------------------------------\n"
        "2026-11-03 09:30  interaction  #1 after-apply (email) to Jane Doe: Hello\n"
        "2026-11-04 10:00  interaction  #2 note (email) to Jane Doe: wrong person\n")
    assert [e["id"] for e in json.loads(crm("history", "Jane Doe", "--json").stdout)] == [1, 2]
    result = crm("unlog", "2", "--yes")
    assert (result.stdout, result.stderr) == ("", "Removed note (email) to Jane Doe on 2026-11-04 10:00 (#2)\n")
    assert [e["id"] for e in json.loads(crm("history", "Jane Doe", "--json").stdout)] == [1]
    assert crm("unlog", "#2", code=1).stderr == "Error: no logged interaction with id 2\n"
    assert crm("unlog", "Jane", code=1).stderr == (
        "Error: no logged interaction 'Jane': use its id from `crm history`\n")
    out = json.loads(crm("unlog", "#1", "--yes", "--json").stdout)
    assert (out["id"], out["kind"], out["note"]) == (1, "after-apply", "Hello")
    assert crm("history", "Jane Doe").stderr == "No history yet.\n"


def test_a_date_from_the_future_is_refused(crm) -> None:
    assert crm("log", "Jane Doe", "--kind", "note", "--on", "2030-01-01", code=1).stderr == (
        f"Error: 2030-01-01 {FUTURE}\n")
    crm("log", "Jane Doe", "--kind", "note", "--on", "tomorrow")
    assert len(json.loads(crm("history", "Jane Doe", "--json").stdout)) == 3


def test_history_shows_interview_ids(crm) -> None:
    crm("app", "add", "https://jobs.example/acme/1", "--title", "Backend Engineer", "--applied-on", "2026-11-02")
    crm("interview", "add", "1", "--on", "2026-12-03 10:00", "--kind", "onsite", "--with", "Jane Doe")
    lines = crm("history", "--app", "1").stdout.splitlines()
    assert lines[-1] == "2026-12-03 10:00  interview  #1 interview onsite"


# ---- lookup --save starts the history as `app add` does ---------------------------------------

@pytest.fixture
def site():
    with LocalServer(root=DEMO_SITE / "site") as server:
        yield server


def test_lookup_save_records_the_first_status_once(site: LocalServer, crm) -> None:
    url = site.url(demo_posting_path())
    crm("lookup", url, "--save")
    crm("lookup", url, "--save")
    [status] = [e for e in json.loads(crm("app", "show", "1", "--json").stdout)["history"] if e["type"] == "status"]
    assert (status["from_status"], status["to_status"], status["on"]) == (None, "saved", TODAY.isoformat())
    assert "No history yet." not in crm("app", "show", "1").stderr
