"""What `--json` prints: companies, contacts, applications and logged interactions as plain dicts.

A contact's "last contacted" and "last heard from" are derived from the log, never stored:
`last_touch` is the subquery that reads them, shared by the contact listings and the due query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm.followup.digest import NOT_TOUCHES
from crm.store.models import Application, Company, Interaction, Person


def as_datetime(value: Any) -> dt.datetime | None:
    """A datetime from a raw column value (None stays None)."""
    # Aggregates and subquery columns come back as text on SQLite and as datetimes on PostgreSQL.
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def as_date(value: Any) -> dt.date | None:
    """A date from a raw column value: a date, a datetime or ISO text (None stays None)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def last_touch(direction: str) -> pw.Select:
    """A correlated subquery: the latest interaction with the outer query's person in `direction`."""
    i = Interaction.alias()
    # A note is the user's own memo: it is not "contacted" (the cadence skips it the same way).
    return i.select(pw.fn.MAX(i.occurred_at)).where((i.person == Person.id) & (i.direction == direction)
                                                     & (i.kind.not_in(sorted(NOT_TOUCHES))))


def company_record(c: Company) -> dict[str, Any]:
    """A company as a JSON-ready dict."""
    return {"id": c.id, "name": c.name, "domain": c.domain, "website": c.website,
            "careers_url": c.careers_url, "notes": c.notes, "created_at": c.created_at}


def contact_record(p: Person, last_out: Any = None, last_in: Any = None) -> dict[str, Any]:
    """A contact as a JSON-ready dict; last contacted in/out come from the log, never stored."""
    return {"id": p.id, "name": p.name, "title": p.title, "company_id": p.company_id,
            "company": p.company.name if p.company_id else None, "email": p.email,
            "linkedin_url": p.linkedin_url, "phone": p.phone, "notes": p.notes,
            "email_source": p.email_source, "do_not_contact": p.do_not_contact, "source": p.source,
            "snoozed_until": p.snoozed_until, "is_connection": p.is_connection, "connected_on": as_date(p.connected_on),
            "last_contacted": as_datetime(last_out), "last_heard_from": as_datetime(last_in),
            "created_at": p.created_at}


def application_record(a: Application) -> dict[str, Any]:
    """An application as a JSON-ready dict."""
    return {"id": a.id, "url": a.url, "title": a.title, "company_id": a.company_id,
            "company": a.company.name if a.company_id else None, "department": a.department,
            "location": a.location, "status": a.status, "applied_on": a.applied_on,
            "decision_on": a.decision_on, "notes": a.notes, "created_at": a.created_at}


def interaction_record(i: Interaction) -> dict[str, Any]:
    """A logged interaction as a JSON-ready dict."""
    return {"id": i.id, "contact_id": i.person_id, "application_id": i.application_id, "kind": i.kind,
            "channel": i.channel, "direction": i.direction, "occurred_at": i.occurred_at, "note": i.note}
