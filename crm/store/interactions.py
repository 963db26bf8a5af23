"""The follow-up log: one row per touch with a contact, in or out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm import clock
from crm.errors import InvalidValue
from crm.store.checks import check_choice
from crm.store.models import (CHANNELS, DIRECTIONS, KINDS, Application, Interaction, Person, StatusChange, database,
                              now)
from crm.store.records import interaction_record


def log_interaction(p: Person, kind: str, *, application: Application | None = None, channel: str = "email",
                    direction: str = "out", occurred_at: dt.datetime | None = None, note: str = "",
                    today: dt.date | None = None) -> Interaction:
    """Record one touch with a contact; nothing dated after tomorrow (the log is what happened)."""
    check_choice(kind, KINDS, "kind")
    check_choice(channel, CHANNELS, "channel")
    check_choice(direction, DIRECTIONS, "direction")
    # A mistyped year would make this the latest touch and silence every reminder until then;
    # tomorrow is allowed for a user whose clock is ahead of this machine's.
    if occurred_at is not None and occurred_at.date() > (today or clock.today()) + dt.timedelta(days=1):
        raise InvalidValue(f"{occurred_at.date().isoformat()} is in the future: log what happened; "
                           "use `crm interview add` for what is planned")
    when = occurred_at or now()
    with database.atomic():
        row = Interaction.create(person=p, application=application, kind=kind, channel=channel,
                                 direction=direction, occurred_at=when, note=note or "")
        if kind == "after-apply" and direction == "out" and application is not None and application.status == "saved":
            _applied(application, when.date())  # a note after applying says it was sent
    return row


def _applied(a: Application, on: dt.date) -> None:
    """Move a saved application to applied on `on` (the day its after-apply note went out)."""
    StatusChange.create(application=a, from_status=a.status, to_status="applied", changed_on=on)
    a.status, a.updated_at = "applied", now()
    if a.applied_on is None:
        a.applied_on = on
    a.save()


def _not_ahead(occurred_at: dt.datetime, today: dt.date | None) -> None:
    # A mistyped year would make this the latest touch and silence every reminder until then;
    # tomorrow is allowed for a user whose clock is ahead of this machine's.
    if occurred_at.date() > (today or clock.today()) + dt.timedelta(days=1):
        raise InvalidValue(f"{occurred_at.date().isoformat()} is in the future: log what happened; "
                           "use `crm interview add` for what is planned")


UNCHANGED: Any = object()  # `application=` left alone (None detaches the interaction from its application)


def edit_interaction(i: Interaction, *, occurred_at: dt.datetime | None = None, kind: str | None = None,
                     note: str | None = None, channel: str | None = None, direction: str | None = None,
                     application: Application | None = UNCHANGED,
                     today: dt.date | None = None) -> dict[str, tuple[Any, Any]]:
    """Correct a logged interaction (None leaves a field alone; `application=None` detaches it from its
    application); return each changed field's (old, new), the application as its id."""
    wanted = {"occurred_at": occurred_at, "kind": kind, "note": note, "channel": channel, "direction": direction}
    moved = {}
    if application is not UNCHANGED:
        new_id = application.id if application is not None else None
        if new_id != i.application_id:
            moved = {"application": (i.application_id, new_id)}
    for value, allowed, noun in ((kind, KINDS, "kind"), (channel, CHANNELS, "channel"),
                                 (direction, DIRECTIONS, "direction")):
        if value is not None:
            check_choice(value, allowed, noun)
    if occurred_at is not None:
        _not_ahead(occurred_at, today)
    changed = {k: (getattr(i, k), v) for k, v in wanted.items() if v is not None and getattr(i, k) != v}
    if changed or moved:
        for key, (_old, value) in changed.items():
            setattr(i, key, value)
        if moved:
            i.application = application
        changed.update(moved)
        with database.atomic():
            i.save()
    return changed


def remove_interaction(i: Interaction) -> dict[str, Any]:
    """Delete one logged interaction (`crm unlog`); return its record as it was."""
    record = interaction_record(i)
    with database.atomic():
        i.delete_instance()
    return record


def log_sent(person: Person, application: Application | None, kind: str, at: dt.datetime) -> Interaction:
    """Record a sent follow-up (an outgoing email) in the log."""
    return log_interaction(person, kind, application=application, channel="email", direction="out", occurred_at=at,
                           today=at.date())  # `crm draft --today DAY --log` records the draft as sent that day
