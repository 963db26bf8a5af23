"""Applications: one per posting URL, their status history and the people on them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm import clock
from crm.errors import Duplicate, InvalidValue, NotFound
from crm.store.checks import check_choice, check_url, unique
from crm.store.keys import normalize_posting_url
from crm.store.models import (ROLES, STATUSES, Application, ApplicationContact, Company, Interaction, Interview,
                              InterviewParticipant, Person, StatusChange, database, now)
from crm.store.records import APPLICATION_COLUMNS, application_record, application_row
from crm.store.refs import shorten
from crm.store.timeline import history


def applications_query() -> pw.Select:
    return (Application.select(Application, Company).join(Company, pw.JOIN.LEFT_OUTER)
            .order_by(Application.created_at.desc(), Application.id.desc()))


def _posting_url(url: str | None) -> str:
    """A checked posting URL in its normal form (one application per posting, however the link was spelt)."""
    checked = check_url(url, "posting URL")
    if checked is None:
        raise InvalidValue("an application needs its posting URL")
    return normalize_posting_url(checked)


def _url_taken(url: str, exclude: int | None = None) -> None:
    query = Application.select().where(Application.url == url)
    if exclude is not None:
        query = query.where(Application.id != exclude)
    other = query.first()
    if other is not None:
        raise Duplicate(f"an application for {shorten(url)} already exists (#{other.id})")


def add_application(url: str, company: Company | None = None, *, title: str = "", status: str | None = None,
                    applied_on: dt.date | None = None, department: str = "", location: str = "",
                    notes: str = "", today: dt.date | None = None) -> Application:
    """Create an application and its first status change (`applied` when an applied date is given)."""
    today = today or clock.today()
    url = _posting_url(url)
    status = check_choice(status or ("applied" if applied_on else "saved"), STATUSES, "status")
    if status != "saved" and applied_on is None and status in ("applied", "interviewing"):
        applied_on = today
    _url_taken(url)
    with unique(f"an application for {shorten(url)} already exists"), database.atomic():
        app = Application.create(url=url, company=company, title=title or "", status=status,
                                 applied_on=applied_on, department=department, location=location, notes=notes)
        StatusChange.create(application=app, from_status=None, to_status=status,
                            changed_on=applied_on if status == "applied" and applied_on else today)
    return app


def list_applications(status: str | None = None) -> list[dict[str, Any]]:
    """Applications, newest first, optionally of one status, read as plain rows."""
    query = applications_query().select(*APPLICATION_COLUMNS)
    if status:
        query = query.where(Application.status == check_choice(status, STATUSES, "status"))
    return [application_row(row) for row in database.execute(query)]


def application_contacts(a: Application) -> list[dict[str, Any]]:
    """The contacts linked to an application, with their roles."""
    query = (ApplicationContact.select(ApplicationContact, Person).join(Person)
             .where(ApplicationContact.application == a).order_by(ApplicationContact.id))
    return [{"contact_id": r.person_id, "name": r.person.name, "title": r.person.title, "role": r.role,
             "email": r.person.email, "email_source": r.person.email_source,
             "email_confidence": r.person.email_confidence} for r in query]


def show_application(a: Application) -> dict[str, Any]:
    """An application with its contacts and history."""
    return {**application_record(a), "contacts": application_contacts(a),
            "history": [e.record() for e in history(application=a)]}


def set_status(a: Application, status: str, on: dt.date | None = None) -> StatusChange:
    """Move an application to `status`, recorded in the status history (sets applied_on if empty)."""
    on = on or clock.today()
    check_choice(status, STATUSES, "status")
    if a.status == status:
        raise InvalidValue(f"application #{a.id} is already {status!r}")
    with database.atomic():
        change = StatusChange.create(application=a, from_status=a.status, to_status=status, changed_on=on)
        a.status = status
        if status == "applied" and a.applied_on is None:
            a.applied_on = on
        a.updated_at = now()
        a.save()
    return change


def set_decision(a: Application, on: dt.date) -> Application:
    """Set the expected decision date."""
    a.decision_on, a.updated_at = on, now()
    with database.atomic():
        a.save()
    return a


def edit_application(a: Application, **changes: str | None) -> Application:
    """Change title, department, location, notes or url (None leaves a field alone)."""
    allowed = ("title", "department", "location", "notes", "url")
    for key, value in changes.items():
        if key not in allowed:
            raise InvalidValue(f"unknown application field {key!r}")
        if value is None:
            continue
        if key == "url":
            value = _posting_url(value)
            _url_taken(value, exclude=a.id)
        setattr(a, key, value)
    a.updated_at = now()
    with unique("an application for that URL already exists"), database.atomic():
        a.save()
    return a


def remove_application(a: Application) -> dict[str, int]:
    """Delete an application with its links, status changes and interviews; its log stays, detached.

    Returns the counts: "links", "status_changes", "interviews" deleted and "interactions" detached.
    """
    with database.atomic():
        interviews = Interview.select(Interview.id).where(Interview.application == a)
        InterviewParticipant.delete().where(InterviewParticipant.interview.in_(interviews)).execute()
        counts = {
            "links": ApplicationContact.delete().where(ApplicationContact.application == a).execute(),
            "status_changes": StatusChange.delete().where(StatusChange.application == a).execute(),
            "interviews": Interview.delete().where(Interview.application == a).execute(),
            "interactions": Interaction.update(application=None).where(Interaction.application == a).execute(),
        }
        a.delete_instance()
    return counts


def link(a: Application, p: Person, role: str, score: float | None = None) -> ApplicationContact:
    """Give a contact a role on an application; the same link twice is a `Duplicate`."""
    check_choice(role, ROLES, "role")
    query = ApplicationContact.select().where((ApplicationContact.application == a)
                                              & (ApplicationContact.person == p) & (ApplicationContact.role == role))
    message = f"{p.name} is already linked to application #{a.id} as {role}"
    if query.exists():
        raise Duplicate(message)
    with unique(message), database.atomic():
        return ApplicationContact.create(application=a, person=p, role=role, score=score)


def unlink(a: Application, p: Person, role: str | None = None) -> int:
    """Remove a contact's role on an application (every role when `role` is None); return how many went."""
    cond = (ApplicationContact.application == a) & (ApplicationContact.person == p)
    if role is not None:
        cond &= ApplicationContact.role == check_choice(role, ROLES, "role")
    with database.atomic():
        removed = ApplicationContact.delete().where(cond).execute()
    if not removed:
        raise NotFound(f"{p.name} is not linked to application #{a.id}" + (f" as {role}" if role else ""))
    return removed
