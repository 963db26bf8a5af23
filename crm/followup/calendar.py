"""Follow-ups and interviews as an RFC 5545 calendar (icalendar), with UIDs that survive re-exports.

A UID is derived from record ids and the kind only, never from dates or titles, so importing a newer
export into the same calendar updates each entry instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from crm import clock
from crm.followup.settings import Settings

if TYPE_CHECKING:  # icalendar is loaded by the functions that build entries: ~40 ms `crm due` never needs
    from icalendar import Alarm, Event, Todo

PRODID = "-//crm//follow-ups//EN"
DOMAIN = "crm.local"


@dataclass(frozen=True)
class InterviewEntry:
    """An interview as the calendar shows it."""

    id: int
    starts_at: dt.datetime
    title: str
    company: str | None
    kind: str = ""
    location: str = ""
    people: tuple[str, ...] = ()


def followup_uid(item: dict[str, Any]) -> str:
    """The stable UID of a due item: application, contact and kind."""
    app = item["application"]["id"] if item.get("application") else 0
    return f"followup-{app}-{item['contact']['id']}-{item['kind']}@{DOMAIN}"


def interview_uid(interview_id: int) -> str:
    """The stable UID of an interview event."""
    return f"interview-{interview_id}@{DOMAIN}"


def _alarm(minutes: int, text: str) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", dt.timedelta(minutes=-minutes))
    return alarm


def _about(item: dict[str, Any]) -> str:
    app = item.get("application")
    if not app:
        return ""
    role = " at ".join(x for x in (app.get("title"), app.get("company")) if x)
    return f" ({role})" if role else ""


def followup_todo(item: dict[str, Any], settings: Settings, stamp: dt.datetime) -> Todo:
    """A VTODO for one due item, starting and due at the reminder hour of its due day."""
    from icalendar import Todo

    todo = Todo()
    when = dt.datetime.combine(dt.date.fromisoformat(item["due_on"]), dt.time(settings.reminder_hour, 0))
    summary = f"{item['kind'].capitalize()} to {item['contact']['name']}{_about(item)}"
    todo.add("uid", followup_uid(item))
    todo.add("dtstamp", stamp)
    todo.add("summary", summary)
    todo.add("description", f"{item['reason']} [rule {item['rule']}]")
    todo.add("dtstart", when)
    todo.add("due", when)
    todo.add("status", "NEEDS-ACTION")
    todo.add("priority", 1 if item["urgency"] == "overdue" else 5)
    todo.add_component(_alarm(settings.alarm_minutes, summary))
    return todo


def interview_event(entry: InterviewEntry, settings: Settings, stamp: dt.datetime) -> Event:
    """A VEVENT for one interview."""
    from icalendar import Event

    event = Event()
    what = f"{entry.kind} interview" if entry.kind else "Interview"
    role = " at ".join(x for x in (entry.title, entry.company) if x)
    summary = f"{what[0].upper()}{what[1:]}" + (f": {role}" if role else "")
    event.add("uid", interview_uid(entry.id))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", entry.starts_at)
    event.add("dtend", entry.starts_at + dt.timedelta(minutes=settings.interview_minutes))
    if entry.location:
        event.add("location", entry.location)
    if entry.people:
        event.add("description", "With " + ", ".join(entry.people))
    event.add_component(_alarm(settings.alarm_minutes, summary))
    return event


def build_calendar(items: Sequence[dict[str, Any]], interviews: Sequence[InterviewEntry], settings: Settings,
                   stamp: dt.datetime | None = None) -> bytes:
    """The .ics bytes: one VTODO per due item and one VEVENT per interview."""
    from icalendar import Calendar

    stamp = stamp or clock.now().astimezone(dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "crm follow-ups")
    for item in items:
        cal.add_component(followup_todo(item, settings, stamp))
    for entry in interviews:
        cal.add_component(interview_event(entry, settings, stamp))
    return cal.to_ical()
