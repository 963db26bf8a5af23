"""Applications: one per posting URL, their status history and the people on them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm import clock
from crm.errors import Duplicate, InvalidValue, NotFound
from crm.store.checks import REMOTE_WORDS, SOURCE_WORDS, check_choice, check_tags, check_url, check_word, unique
from crm.store.keys import normalize_posting_url
from crm.store.models import (REMOTE, ROLES, SOURCES, STATUSES, Application, ApplicationContact, Company, Interaction, Interview,
                              InterviewParticipant, Person, StatusChange, database, now)
from crm.store.records import APPLICATION_COLUMNS, application_record, application_row
from crm.text import shorten
from crm.store.timeline import history


def applications_query() -> pw.Select:
    return (Application.select(Application, Company).join(Company, pw.JOIN.LEFT_OUTER)
            .order_by(Application.created_at.desc(), Application.id.desc()))


def _posting_url(url: str | None) -> str | None:
    """A checked posting URL in its normal form (one application per posting, however the link was
    spelt); None when there is none (a referral, a recruiter's message, an emailed CV)."""
    checked = check_url(url, "posting URL")
    return normalize_posting_url(checked) if checked is not None else None


def _details(source: str | None = None, remote: str | None = None, salary: tuple | None = None,
             tags: list[str] | None = None, description: str | None = None) -> dict[str, Any]:
    """The checked columns for the details given (None leaves one out)."""
    found: dict[str, Any] = {}
    if source is not None:
        found["source"] = check_word(source, SOURCE_WORDS, SOURCES, "source")
    if remote is not None:
        found["remote"] = check_word(remote, REMOTE_WORDS, REMOTE, "remote")
    if salary is not None:
        low, high, currency = salary
        if any(v is not None and not 0 <= v < 10**12 for v in (low, high)):
            raise InvalidValue("bad salary: figures must be between 0 and 10^12")
        found.update(salary_min=low, salary_max=high, currency=(currency or "").upper())
    if tags is not None:
        found["tags"] = ",".join(check_tags(tags))
    if description is not None:
        found["description"] = description
    return found


def _url_taken(url: str | None, exclude: int | None = None) -> None:
    if url is None:
        return
    query = Application.select().where(Application.url == url)
    if exclude is not None:
        query = query.where(Application.id != exclude)
    other = query.first()
    if other is not None:
        raise Duplicate(f"an application for {shorten(url)} already exists (#{other.id})")


def add_application(url: str | None, company: Company | None = None, *, title: str = "", status: str | None = None,
                    applied_on: dt.date | None = None, department: str = "", location: str = "",
                    notes: str = "", today: dt.date | None = None, **details: Any) -> Application:
    """Create an application and its first status change (`applied` when an applied date is given).

    Without a posting URL it needs a title. `details`: source, remote, salary (low, high, currency),
    tags (a list) and description."""
    today = today or clock.today()
    url = _posting_url(url)
    if url is None and not (title or "").strip():
        raise InvalidValue("an application without a posting URL needs a title (--title)")
    extra = _details(**details)
    status = check_choice(status or ("applied" if applied_on else "saved"), STATUSES, "status")
    if status != "saved" and applied_on is None and status in ("applied", "interviewing"):
        applied_on = today
    _url_taken(url)
    with unique(f"an application for {shorten(url or '')} already exists"), database.atomic():
        app = Application.create(url=url, company=company, title=title or "", status=status,
                                 applied_on=applied_on, department=department, location=location, notes=notes,
                                 **extra)
        StatusChange.create(application=app, from_status=None, to_status=status,
                            changed_on=applied_on if status == "applied" and applied_on else today)
    return app


# `app list --sort` keys: the columns each orders by (newest first for dates).
SORTS = {
    "created": (Application.created_at.desc(), Application.id.desc()),
    "applied": (Application.applied_on.desc(nulls="LAST"), Application.id.desc()),
    "updated": (Application.updated_at.desc(), Application.id.desc()),
    "status": (Application.status, Application.id.desc()),
    "company": (pw.fn.LOWER(Company.name).asc(nulls="LAST"), Application.id.desc()),
    "title": (pw.fn.LOWER(Application.title), Application.id.desc()),
    "salary": (Application.salary_max.desc(nulls="LAST"), Application.id.desc()),
}


def list_applications(status: str | None = None, *, company: Company | None = None, tag: str | None = None,
                      source: str | None = None, sort: str = "created") -> list[dict[str, Any]]:
    """Applications, newest first unless `sort` says otherwise, filtered by status, company, tag and
    source, read as plain rows."""
    query = applications_query().select(*APPLICATION_COLUMNS)
    if status:
        query = query.where(Application.status == check_choice(status, STATUSES, "status"))
    if company is not None:
        query = query.where(Application.company == company)
    if source:
        query = query.where(Application.source == check_word(source, SOURCE_WORDS, SOURCES, "source"))
    if tag:
        (word,) = check_tags([tag])[:1] or [""]
        query = query.where((Application.tags == word) | Application.tags.startswith(word + ",")
                            | Application.tags.endswith("," + word) | Application.tags.contains("," + word + ","))
    query = query.order_by(*SORTS[check_choice(sort, tuple(SORTS), "sort")])
    return [application_row(row) for row in database.execute(query)]


def status_counts() -> dict[str, int]:
    """How many applications are in each status (statuses with none are left out)."""
    query = Application.select(Application.status, pw.fn.COUNT(Application.id)).group_by(Application.status)
    return dict(query.tuples())


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


def edit_application(a: Application, *, add_tags: list[str] | None = None, drop_tags: list[str] | None = None,
                     **changes: Any) -> Application:
    """Change title, department, location, notes or url ("" takes the URL away), and the details
    (source, remote, salary, description); add or drop tags. None leaves a field alone."""
    allowed = ("title", "department", "location", "notes", "url")
    details = {k: changes.pop(k) for k in ("source", "remote", "salary", "description") if k in changes}
    for key, value in changes.items():
        if key not in allowed:
            raise InvalidValue(f"unknown application field {key!r}")
        if value is None:
            continue
        if key == "url":
            value = _posting_url(value)
            _url_taken(value, exclude=a.id)
        setattr(a, key, value)
    if a.url is None and not (a.title or "").strip():
        raise InvalidValue("an application without a posting URL needs a title")
    if add_tags or drop_tags:
        tags = set(check_tags([a.tags or ""] + list(add_tags or []))) - set(check_tags(drop_tags or []))
        details["tags"] = sorted(tags)
    for key, value in _details(**{k: v for k, v in details.items() if v is not None}).items():
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
