"""The .ics export: parses back with icalendar, one alarm per entry, UIDs stable across exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from crm.followup.calendar import InterviewEntry, build_calendar, followup_uid, interview_uid
from crm.cli import cli
from crm.followup.settings import Settings

ITEM = {
    "contact": {"id": 7, "name": "Jane Doe"},
    "application": {"id": 3, "title": "Backend Engineer", "company": "Acme"},
    "kind": "thank-you", "due_on": "2026-03-11", "days_overdue": 0,
    "reason": "onsite interview on 2026-03-10; thank them within 24 hours",
    "urgency": "due today", "rule": "thank-you/1d",
}
INTERVIEW = InterviewEntry(4, dt.datetime(2026, 3, 12, 14, 0), "Backend Engineer", "Acme", "onsite", "HQ",
                           ("Ann Lee", "Jane Doe"))


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_followups_are_todos_and_interviews_events_each_with_an_alarm():
    cal = parse(build_calendar([ITEM], [INTERVIEW], Settings(alarm_minutes=20)))
    todos, events = cal.walk("VTODO"), cal.walk("VEVENT")
    assert [str(t["UID"]) for t in todos] == ["followup-3-7-thank-you@crm.local"]
    assert [str(e["UID"]) for e in events] == ["interview-4@crm.local"]
    todo, event = todos[0], events[0]
    assert str(todo["SUMMARY"]) == "Thank-you to Jane Doe (Backend Engineer at Acme)"
    assert todo.decoded("DUE") == dt.datetime(2026, 3, 11, 9, 0)
    assert str(event["SUMMARY"]) == "Onsite interview: Backend Engineer at Acme"
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 12, 14)
    assert event.decoded("DTEND") == dt.datetime(2026, 3, 12, 15)
    assert (str(event["LOCATION"]), str(event["DESCRIPTION"])) == ("HQ", "With Ann Lee, Jane Doe")
    for component in (todo, event):
        alarms = component.walk("VALARM")
        assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == dt.timedelta(minutes=-20)


@pytest.mark.parametrize(("urgency", "priority"), [("overdue", 1), ("due today", 5), ("upcoming", 5)])
def test_overdue_items_are_high_priority(urgency, priority):
    cal = parse(build_calendar([{**ITEM, "urgency": urgency}], [], Settings()))
    assert cal.walk("VTODO")[0]["PRIORITY"] == priority


def test_uids_depend_on_ids_and_kind_only():
    moved = {**ITEM, "due_on": "2026-04-01", "reason": "other", "contact": {"id": 7, "name": "Jane D."}}
    assert followup_uid(moved) == followup_uid(ITEM)
    assert followup_uid({**ITEM, "kind": "check-in"}) != followup_uid(ITEM)
    assert followup_uid({**ITEM, "application": None}) == "followup-0-7-thank-you@crm.local"
    assert interview_uid(4) == "interview-4@crm.local"


def test_cli_export_twice_keeps_every_uid(tmp_path: Path, sqlite_url: str):
    run = CliRunner().invoke
    setup = [
        ["company", "add", "Acme"],
        ["contact", "add", "Jane Doe", "--company", "Acme"],
        ["contact", "add", "Ann Lee", "--company", "Acme"],
        ["app", "add", "https://acme.com/jobs/1", "--company", "Acme", "--title", "Engineer", "--status", "applied",
         "--applied-on", "2026-03-02"],
        ["app", "add", "https://acme.com/jobs/2", "--company", "Acme", "--title", "Designer", "--status", "applied",
         "--applied-on", "2026-03-03"],
        ["app", "link", "2", "Ann Lee", "--role", "hiring_manager"],
        ["interview", "add", "1", "--on", "2026-03-20 10:00", "--with", "Jane Doe", "--today", "2026-03-04"],
    ]
    for args in setup:
        result = run(cli, ["--db", sqlite_url, *args])
        assert result.exit_code == 0, (args, result.output)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    for out, today in ((first, "2026-03-04"), (second, "2026-03-06")):
        result = run(cli, ["--db", sqlite_url, "calendar", "--out", str(out), "--today", today, "--within", "30"])
        assert result.exit_code == 0, result.output
    uids = [sorted(str(c["UID"]) for c in parse(f.read_bytes()).walk() if "UID" in c) for f in (first, second)]
    assert uids[0] == uids[1] == ["followup-1-1-thank-you@crm.local", "followup-2-2-after-apply@crm.local",
                                  "interview-1@crm.local"]
    assert "Wrote 2 follow-ups and 1 interview to" in result.output
