"""Status changes as the user states them: a move on a date, or a correction of an earlier change's date.

Every status change is already a dated row (`StatusChange.changed_on`); `crm app status APP STATUS
--on DATE` decides which of three things the user means, from the history itself:

- a *move*: STATUS is new for the application now (the usual case), dated DATE (default today);
- a *correction*: STATUS is the current one and DATE is given ("I applied on the 2nd, not today"),
  or STATUS was reached earlier and either lies back down the funnel from a status still in it
  (applied while interviewing) or DATE lies before the current status began: a move cannot land
  before the present state, so either can only mean that earlier change's date was wrong (a closed
  application moved back to an earlier status on or after its closing date is a move: it came back);
- an *added step*: STATUS was skipped (saved straight to interviewing) and comes before the current
  status in the funnel, dated before the current status began: it goes into the history in its place
  and the current status stays.

Dates keep their order: a change is never dated after the one that followed it, nor before the one
it followed, except the first entry (the day the application was put in the tracker), which moves
back with it: applying before saving a posting in crm is normal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm import clock
from crm.errors import InvalidValue
from crm.store.checks import check_choice
from crm.store.models import STATUSES, Application, StatusChange, database, now

# The funnel's order; the three closed outcomes rank together, last.
RANK = {"saved": 0, "applied": 1, "interviewing": 2, "offer": 3, "accepted": 4,
        "rejected": 5, "withdrawn": 5, "ghosted": 5}


@dataclass(frozen=True)
class StatusResult:
    """What `change_status` did: "moved", "corrected" or "added", with the dates involved."""

    action: str
    application_id: int
    status: str  # the status the change is about
    on: dt.date
    was: dt.date | None = None  # a corrected change's old date
    before: str | None = None  # the application's status before a move
    current: str = ""  # the application's status afterwards
    first_moved: dt.date | None = None  # the first entry's old date, when it moved back too


def _history(a: Application) -> list[StatusChange]:
    """The application's changes in date order (a step added afterwards sits where its date puts it)."""
    changes = StatusChange.select().where(StatusChange.application == a)
    return sorted(changes, key=lambda c: (_day(c.changed_on), c.id))


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else \
        dt.date.fromisoformat(str(value)[:10])


def _since(a: Application, changes: list[StatusChange]) -> StatusChange | None:
    """The change that put the application in its current status (the latest made into it)."""
    return max((c for c in changes if c.to_status == a.status), key=lambda c: c.id, default=None)


def _into(changes: list[StatusChange], status: str, day: dt.date) -> StatusChange | None:
    """The change into `status` that a date `day` corrects: the latest one it fits between its neighbours
    (an application may have been interviewing twice), else the latest one (its correction then says why not)."""
    into = [i for i, c in enumerate(changes) if c.to_status == status]
    fits = [i for i in into if (i == 0 or (i == 1 and _saved_first(changes[0]))
                                or _day(changes[i - 1].changed_on) <= day)
            and (i + 1 == len(changes) or day <= _day(changes[i + 1].changed_on))]
    chosen = fits or into
    return changes[chosen[-1]] if chosen else None


def _check_day(day: dt.date, today: dt.date) -> None:
    # As for the log: a mistyped year must not date the history ahead; tomorrow allows a clock ahead of ours.
    if day > today + dt.timedelta(days=1):
        raise InvalidValue(f"{day.isoformat()} is in the future: a status changes when it happens")


def _saved_first(change: StatusChange | None) -> bool:
    """True for the first entry of a history saved before it was applied to (the day it went into crm)."""
    return change is not None and change.from_status is None and change.to_status == "saved"


def _first_back(changes: list[StatusChange], day: dt.date) -> dt.date | None:
    """Move a first `saved` entry back to `day` when it is later; its old date (None when it stayed)."""
    first = changes[0] if changes else None
    if not _saved_first(first) or _day(first.changed_on) <= day:
        return None
    old = _day(first.changed_on)
    first.changed_on = day
    first.save()
    return old


def _correct(a: Application, changes: list[StatusChange], change: StatusChange, day: dt.date) -> StatusResult:
    i = changes.index(change)
    nxt = changes[i + 1] if i + 1 < len(changes) else None
    prev = changes[i - 1] if i > 0 else None
    if nxt is not None and _day(nxt.changed_on) < day:
        raise InvalidValue(f"application #{a.id} moved on to {nxt.to_status} on {_day(nxt.changed_on).isoformat()}: "
                           f"{change.to_status} cannot be dated after that")
    if prev is not None and not (i == 1 and _saved_first(prev)) and _day(prev.changed_on) > day:
        raise InvalidValue(f"application #{a.id} became {prev.to_status} on {_day(prev.changed_on).isoformat()}: "
                           f"{change.to_status} cannot be dated before that (correct that date first: "
                           f"crm app status {a.id} {prev.to_status} --on DATE)")
    was = _day(change.changed_on)
    with database.atomic():
        first_moved = _first_back(changes[:i], day) if prev is not None else None
        change.changed_on = day
        change.save()
        if change.to_status == "applied":
            a.applied_on = day  # the applied date shown and used by the cadence is this change's date
        a.updated_at = now()
        a.save()
    return StatusResult("corrected", a.id, change.to_status, day, was=was, current=a.status, first_moved=first_moved)


def _add_step(a: Application, changes: list[StatusChange], status: str, day: dt.date) -> StatusResult:
    ordered = sorted(changes, key=lambda c: (_day(c.changed_on), c.id))
    with database.atomic():
        first_moved = _first_back(changes, day)
        prev = [c for c in ordered if _day(c.changed_on) <= day]
        nxt = [c for c in ordered if _day(c.changed_on) > day]
        StatusChange.create(application=a, from_status=prev[-1].to_status if prev else None,
                            to_status=status, changed_on=day)
        if nxt:
            nxt[0].from_status = status
            nxt[0].save()
        if status == "applied" and a.applied_on is None:
            a.applied_on = day
        a.updated_at = now()
        a.save()
    return StatusResult("added", a.id, status, day, current=a.status, first_moved=first_moved)


def change_status(a: Application, status: str, on: dt.date | None = None, *,
                  today: dt.date | None = None) -> StatusResult:
    """Move an application to `status` on `on` (default today), or correct the date of an earlier change.

    See the module's docstring for how a move, a correction and an added step are told apart.
    """
    today = today or clock.today()
    check_choice(status, STATUSES, "status")
    day = on or today
    _check_day(day, today)
    changes = _history(a)
    current = _since(a, changes)
    since = _day(current.changed_on) if current is not None else None
    if status == a.status:
        if on is None or current is None:
            when = f" since {since.isoformat()}" if since else ""
            raise InvalidValue(f"application #{a.id} is already {status!r}{when}; to correct that date: "
                               f"crm app status {a.id} {status} --on DATE")
        return _correct(a, changes, current, day)
    earlier = _into(changes, status, day)
    if earlier is not None and RANK[status] < RANK[a.status] <= RANK["accepted"]:
        # Back down the funnel while still in it (interviewing -> applied) is a date being fixed, never a move.
        if on is None:
            when = f" since {since.isoformat()}" if since else ""
            raise InvalidValue(f"application #{a.id} is {a.status}{when}, past {status!r}; "
                               f"to correct the date it became {status}: crm app status {a.id} {status} --on DATE")
        return _correct(a, changes, earlier, day)
    if on is not None and since is not None and day < since:
        if earlier is not None:
            return _correct(a, changes, earlier, day)
        if RANK[status] < RANK[a.status]:
            return _add_step(a, changes, status, day)
        if not (current is changes[0] and _saved_first(current)):
            raise InvalidValue(f"application #{a.id} has been {a.status} since {since.isoformat()}: a move to "
                               f"{status} cannot be dated before that (to correct that date: "
                               f"crm app status {a.id} {a.status} --on DATE)")
    before = a.status
    with database.atomic():
        first_moved = _first_back(changes, day)
        StatusChange.create(application=a, from_status=a.status, to_status=status, changed_on=day)
        a.status = status
        if status == "applied" and a.applied_on is None:
            a.applied_on = day
        a.updated_at = now()
        a.save()
    return StatusResult("moved", a.id, status, day, before=before, current=status, first_moved=first_moved)


def move_on(a: Application, status: str, day: dt.date) -> StatusChange:
    """Move an application to `status` on `day` for a fact recorded with a date (an interview held then).

    Never dated before the current status began (the day moves up to it), except a first `saved`
    entry, which moves back to `day` (the posting was saved in crm after the fact). Call it inside
    the caller's transaction.
    """
    changes = _history(a)
    current = _since(a, changes)
    if current is not None and _day(current.changed_on) > day:
        if current is changes[0] and _saved_first(current):
            _first_back(changes, day)
        else:
            day = _day(current.changed_on)
    change = StatusChange.create(application=a, from_status=a.status, to_status=status, changed_on=day)
    a.status = status
    if status == "applied" and a.applied_on is None:
        a.applied_on = day
    a.updated_at = now()
    a.save()
    return change
