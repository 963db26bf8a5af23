"""The plain rule behind `crm due --simple`: who on an active application has been quiet for N days.

One query; the cadence proper (`crm.followup.cadence` through `crm.store.plans`) is the default `crm due`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm.errors import InvalidValue
from crm.store.models import ACTIVE_STATUSES, ROLES, Application, ApplicationContact, Company, Person, database
from crm.store.records import as_date, last_touch


def due_simple(today: dt.date, days: int = 7) -> list[dict[str, Any]]:
    """Contacts on active applications with no outgoing touch in `days` days, oldest first (one query)."""
    if days < 0:
        raise InvalidValue("--days must be 0 or more")
    quiet_since = today - dt.timedelta(days=days)  # due when the last message is this old or older
    query = (ApplicationContact
             .select(Person.id, Person.name, Application.id, Application.title, Company.name, Application.status,
                     Application.applied_on, ApplicationContact.role, ApplicationContact.created_at,
                     last_touch("out"))
             .join(Person).switch(ApplicationContact).join(Application).join(Company, pw.JOIN.LEFT_OUTER)
             .where(Application.status.in_(ACTIVE_STATUSES) & (Person.do_not_contact == False)  # noqa: E712
                    & (Person.snoozed_until.is_null() | (Person.snoozed_until <= today)))
             .order_by(ApplicationContact.id))
    seen: set[tuple[int, int]] = set()
    keyed: list[tuple[str, str, int, int, dict[str, Any]]] = []
    roles = {r: r.replace("_", " ") for r in ROLES}
    wait = dt.timedelta(days=days)
    # Raw rows: peewee's per-value converters cost more than the query itself at 10,000 rows. The
    # "quiet long enough" test is done here, on the one last-message value the query already has.
    for pid, name, aid, title, company, status, applied_on, role, linked_at, last_out in database.execute(query):
        if (pid, aid) in seen:
            continue  # one item per contact and application, whatever the number of roles
        if last_out is not None:
            last_day = last_out.date() if isinstance(last_out, dt.datetime) else dt.date.fromisoformat(last_out[:10])
            if last_day > quiet_since:
                continue
            due_on = last_day + wait
            reason = f"no message since {last_day.isoformat()} ({(today - last_day).days} days)"
            kind = "check-in"
        else:
            due_on = as_date(applied_on) or as_date(linked_at)
            reason = "never contacted"
            kind = "after-apply" if status == "applied" else "check-in"
        seen.add((pid, aid))
        what = f"{roles.get(role, role)} for {title or f'application #{aid}'}" + (f" at {company}" if company else "")
        day = due_on.isoformat()
        keyed.append((day, name.lower(), aid, pid, {
            "contact": {"id": pid, "name": name}, "application": {"id": aid, "title": title, "company": company},
            "kind": kind, "due_on": day, "days_overdue": max(0, (today - due_on).days), "reason": f"{reason}; {what}"}))
    keyed.sort(key=lambda k: k[:4])
    return [k[4] for k in keyed]
