"""Interviews: recorded with their people (each then owed a thank-you), listed, removed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import peewee as pw

from crm import clock
from crm.errors import Duplicate, InvalidValue
from crm.followup.calendar import InterviewEntry
from crm.store.statuses import move_on
from crm.store.models import (Application, ApplicationContact, Company, Interview, InterviewParticipant, Person,
                              StatusChange, database)
from crm.store.records import as_date, as_datetime


def _not_twice(application: Application, starts_at: dt.datetime, exclude: int | None = None) -> None:
    """The same interview (one application, one start) recorded twice is refused, naming the first."""
    query = Interview.select().where((Interview.application == application) & (Interview.starts_at == starts_at))
    if exclude is not None:
        query = query.where(Interview.id != exclude)
    same = query.first()
    if same is not None:
        raise Duplicate(f"interview #{same.id} on {starts_at:%Y-%m-%d %H:%M} is already recorded for application "
                        f"#{application.id}: change it with `crm interview edit {same.id}`")


def record_interview(application: Application, starts_at: dt.datetime, people: list[Person], *, kind: str = "",
                     location: str = "", today: dt.date | None = None) -> Interview:
    """Record an interview, link its people as interviewers, and move the application to interviewing.

    An interview recorded after it happened dates the move to interviewing at the interview, not today.
    """
    changed_on = min(starts_at.date(), today or clock.today())
    unique = list({p.id: p for p in people}.values())
    _not_twice(application, starts_at)
    with database.atomic():
        interview = Interview.create(application=application, starts_at=starts_at, kind=kind, location=location)
        for person in unique:
            InterviewParticipant.create(interview=interview, person=person)
            ApplicationContact.get_or_create(application=application, person=person, role="interviewer")
        # Only forward: an interview recorded late must not reopen an offer or a rejection.
        if application.status in ("saved", "applied"):
            move_on(application, "interviewing", changed_on)
    return interview


def _interview_rows(application_id: int | None, since: dt.datetime | None) -> tuple[list[Any], dict[int, list[str]]]:
    """Interview rows (with application title and company name) and their people's names, in two queries."""
    query = (Interview.select(Interview, Application.title, Company.name.alias("company_name"))
             .join(Application).join(Company, pw.JOIN.LEFT_OUTER)
             .order_by(Interview.starts_at, Interview.id))
    if application_id is not None:
        query = query.where(Interview.application == application_id)
    if since is not None:
        query = query.where(Interview.starts_at >= since)
    rows = list(query.objects())
    names: dict[int, list[str]] = defaultdict(list)
    if rows:
        people = (InterviewParticipant.select(InterviewParticipant.interview, Person.name).join(Person)
                  .where(InterviewParticipant.interview.in_([r.id for r in rows]))
                  .order_by(Person.name).tuples())
        for interview_id, name in people:
            names[interview_id].append(name)
    return rows, names


def list_interviews(application_id: int | None = None, since: dt.datetime | None = None) -> list[InterviewEntry]:
    """Interviews (optionally of one application, or from `since` on) with their people, in two queries."""
    rows, names = _interview_rows(application_id, since)
    return [InterviewEntry(r.id, as_datetime(r.starts_at), r.title or "", r.company_name, r.kind or "",
                           r.location or "", tuple(names[r.id])) for r in rows]


def interview_records(application_id: int | None = None) -> list[dict[str, Any]]:
    """What `crm interview list --json` prints: each interview with its application's id, title and company."""
    rows, names = _interview_rows(application_id, None)
    return [{"id": r.id, "starts_at": as_datetime(r.starts_at),
             "application": {"id": r.application_id, "title": r.title or "", "company": r.company_name},
             "kind": r.kind or "", "location": r.location or "", "with": names[r.id]} for r in rows]




def delete_interview(v: Interview) -> int:
    """Delete an interview with its participants (the log stays); return how many participants it had."""
    with database.atomic():
        participants = InterviewParticipant.delete().where(InterviewParticipant.interview == v).execute()
        v.delete_instance()
    return participants


def _follow(v: Interview, starts_at: dt.datetime, today: dt.date | None = None) -> dt.date | None:
    """A rescheduled first interview takes the move to interviewing it dated along with it.

    Only when that move is dated on the old interview's day (it was recorded with it, or corrected to
    it) and the new day keeps the history in order; otherwise the user dated it and it stays.
    """
    old_day, new_day = as_datetime(v.starts_at).date(), min(starts_at.date(), today or clock.today())
    earlier = Interview.select().where((Interview.application == v.application_id) & (Interview.id != v.id)
                                       & (Interview.starts_at < dt.datetime.combine(old_day, dt.time.max)))
    if earlier.exists():
        return None
    changes = sorted(StatusChange.select().where(StatusChange.application == v.application_id),
                     key=lambda c: (as_date(c.changed_on), c.id))
    moved = [i for i, c in enumerate(changes) if c.to_status == "interviewing" and as_date(c.changed_on) == old_day]
    if not moved:
        return None
    i = moved[0]
    before = as_date(changes[i - 1].changed_on) if i else None
    after = as_date(changes[i + 1].changed_on) if i + 1 < len(changes) else None
    if (before is None or before <= new_day) and (after is None or new_day <= after):
        changes[i].changed_on = new_day
        changes[i].save()
        return new_day if new_day != old_day else None
    return None


def edit_interview(v: Interview, *, starts_at: dt.datetime | None = None, kind: str | None = None,
                   location: str | None = None, add: list[Person] = (), remove: list[Person] = (),
                   today: dt.date | None = None) -> dict[str, Any]:
    """Reschedule an interview, change its kind or place, add or take off people; one transaction.

    A person added is linked to the application as an interviewer (and owed a thank-you); one taken
    off keeps their role on the application. A first interview moved to another day takes the move
    to interviewing it dated with it (`_follow`). Returns the names added and removed.
    """
    application = v.application
    if starts_at is not None and starts_at != v.starts_at:
        _not_twice(application, starts_at, exclude=v.id)
    seated = {pid for (pid,) in InterviewParticipant.select(InterviewParticipant.person)
              .where(InterviewParticipant.interview == v).tuples()}
    adding = [p for p in {p.id: p for p in add}.values() if p.id not in seated]
    dropping = [p for p in {p.id: p for p in remove}.values()]
    for p in dropping:
        if p.id not in seated:
            raise InvalidValue(f"{p.name} is not in interview #{v.id}")
        if any(q.id == p.id for q in add):
            raise InvalidValue(f"{p.name} is both added and taken off interview #{v.id}")
    if len(seated) + len(adding) - len(dropping) < 1:
        raise InvalidValue(f"interview #{v.id} would have nobody in it: add someone, or remove it with "
                           f"`crm interview rm {v.id}`")
    followed = None
    with database.atomic():
        if starts_at is not None and starts_at != v.starts_at:
            followed = _follow(v, starts_at, today)
            v.starts_at = starts_at
        if kind is not None:
            v.kind = kind
        if location is not None:
            v.location = location
        v.save()
        for person in adding:
            InterviewParticipant.create(interview=v, person=person)
            ApplicationContact.get_or_create(application=application, person=person, role="interviewer")
        if dropping:
            InterviewParticipant.delete().where((InterviewParticipant.interview == v)
                                                & InterviewParticipant.person.in_([p.id for p in dropping])).execute()
    return {"added": [p.name for p in adding], "removed": [p.name for p in dropping], "interviewing_on": followed}
