"""The rows `crm stats` is computed from: applications with their status history, and the log streamed
person by person (`crm.followup.stats` does the arithmetic)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterator

from crm.followup.digest import NOT_TOUCHES, Touch
from crm.followup.stats import AppFacts, Stats, compute
from crm.store.models import Application, ApplicationContact, Interaction, StatusChange, database
from crm.store.records import as_date, as_datetime
from crm.store.rows import stream


def _apps() -> list[AppFacts]:
    """Every application with every status it had and its applied date (the applied change's, else applied_on)."""
    history: dict[int, set[str]] = defaultdict(set)
    applied: dict[int, dt.date] = {}
    rows = StatusChange.select(StatusChange.application, StatusChange.to_status, StatusChange.changed_on).tuples()
    for app_id, status, on in database.execute(rows):
        history[app_id].add(status)
        day = as_date(on)
        if status == "applied" and (app_id not in applied or day < applied[app_id]):
            applied[app_id] = day
    query = Application.select(Application.id, Application.status, Application.applied_on).order_by(Application.id)
    return [AppFacts(app_id, status, frozenset(history[app_id]), as_date(applied_on) or applied.get(app_id))
            for app_id, status, applied_on in database.execute(query)]


def _touches() -> Iterator[Touch]:
    """The log, person by person in time order, read from a cursor (memory stays flat)."""
    query = (Interaction.select(Interaction.person, Interaction.application, Interaction.occurred_at,
                                Interaction.kind, Interaction.direction)
             .where(Interaction.kind.not_in(sorted(NOT_TOUCHES)))
             .order_by(Interaction.person, Interaction.occurred_at, Interaction.id))
    for person, app, at, kind, direction in stream(query):  # PostgreSQL too: an SQL cursor, fetched in slices
        yield Touch(person, app, as_datetime(at), kind, direction)


def search_stats(today: dt.date, *, weeks: int = 8, settle_days: int = 7) -> Stats:
    """The figures of the whole search on `today`, from one consistent snapshot."""
    with database.atomic():
        apps = _apps()
        roles: dict[int, set[int]] = defaultdict(set)
        for app_id, person in database.execute(ApplicationContact.select(ApplicationContact.application,
                                                                         ApplicationContact.person).tuples()):
            roles[person].add(app_id)
        return compute(apps, _touches(), today, weeks=weeks, settle_days=settle_days,
                       roles={p: frozenset(a) for p, a in roles.items()})
