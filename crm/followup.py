"""The cadence against the store: load every history in a fixed number of queries, return due items.

`due_items` only reads. Applications whose check-ins ran out are reported by `cold_applications`
and recorded only by `mark_cold`: a listing command must not change statuses behind the user's back,
so `crm due` shows "would mark cold" and writes only when asked (e.g. `crm due --mark-cold`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

import peewee as pw

from crm import cadence, clock
from crm.models import (
    Application,
    ApplicationContact,
    Company,
    Interaction,
    Interview,
    InterviewParticipant,
    Person,
    StatusChange,
    database,
)
from crm.records import as_date
from crm.settings import Settings, load_settings

if TYPE_CHECKING:
    from crm.calendar_export import InterviewEntry
    from crm.drafts import DraftContext

# Applications the cadence can still ask something for; a rejection may owe one optional note.
WATCHED = ("applied", "interviewing", "rejected")


@dataclass(frozen=True)
class Loaded:
    """A history plus the labels the JSON needs (application titles and company names)."""

    history: cadence.History
    labels: dict[int, tuple[str, str | None]]  # application id -> (title, company name)


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min)
    return dt.datetime.fromisoformat(str(value))


def _rows(query: pw.Query) -> list[tuple]:
    """Raw rows: peewee's per-value conversion costs more than the query at this size."""
    return database.execute(query).fetchall()


def load(person_id: int | None = None) -> Loaded:
    """The history of every watched application in six queries, whatever the number of rows."""
    watched = Application.select(Application.id).where(Application.status.in_(WATCHED))
    apps = (Application
            .select(Application.id, Application.title, Application.status, Application.applied_on,
                    Application.decision_on, Application.created_at, Company.name)
            .join(Company, pw.JOIN.LEFT_OUTER)
            .where(Application.status.in_(WATCHED)))
    roles = (ApplicationContact
             .select(ApplicationContact.application, ApplicationContact.person, ApplicationContact.role)
             .where(ApplicationContact.application.in_(watched)))
    meetings = (Interview
                .select(Interview.id, Interview.application, Interview.starts_at, Interview.kind,
                        InterviewParticipant.person)
                .join(InterviewParticipant, pw.JOIN.LEFT_OUTER)
                .where(Interview.application.in_(watched)))
    linked = (ApplicationContact.select(ApplicationContact.person).where(ApplicationContact.application.in_(watched))
              | InterviewParticipant.select(InterviewParticipant.person).join(Interview)
              .where(Interview.application.in_(watched)))
    people = Person.select(Person.id, Person.name, Person.do_not_contact, Person.snoozed_until).where(
        Person.id.in_(linked))
    # The rules read maxima per person and application, so the database folds the log into one row
    # each (`cadence.Digest`) instead of shipping every interaction. `+ 0` keeps SQLite from probing
    # the (person, occurred_at) index once per person: one sequential scan is faster at this size.
    # A note is the user's own memo, not a touch: it resets no clock and needs no answer.
    mine = (Interaction.person + 0).in_(linked) & Interaction.kind.not_in(sorted(cadence.NOT_TOUCHES))
    out, came_in = Interaction.direction == "out", Interaction.direction != "out"

    def latest(condition: pw.Expression) -> pw.Function:
        return pw.fn.MAX(pw.Case(None, ((condition, Interaction.occurred_at),)))

    # Check-ins count only since the thread last heard from them, which only the rules know: so
    # every check-in time comes along, as a list in the same scan (PostgreSQL) or joined text (SQLite).
    is_checkin = out & (Interaction.kind == "check-in")
    if isinstance(database.obj, pw.PostgresqlDatabase):
        sent = pw.fn.ARRAY_AGG(Interaction.occurred_at).filter(is_checkin)
    else:
        sent = pw.fn.GROUP_CONCAT(pw.Case(None, ((is_checkin, Interaction.occurred_at),)), ",")
    digests = (Interaction
               .select(Interaction.person, Interaction.application, latest(out), latest(came_in),
                       latest(came_in & Interaction.kind.not_in(sorted(cadence.LIVE_KINDS))),
                       latest(out & (Interaction.kind == "thank-you")), sent)
               .where(mine)
               .group_by(Interaction.person, Interaction.application))
    changes = (StatusChange
               .select(StatusChange.application, StatusChange.to_status, pw.fn.MAX(StatusChange.changed_on))
               .where(StatusChange.application.in_(watched) & StatusChange.to_status.in_(("applied", "rejected")))
               .group_by(StatusChange.application, StatusChange.to_status))
    with database.atomic():  # one consistent snapshot
        rows = [_rows(q) for q in (apps, roles, meetings, people, digests, changes)]
    return _assemble(*rows, person_id)


def _assemble(app_rows: list, role_rows: list, meeting_rows: list, person_rows: list, digest_rows: list,
              change_rows: list, person_id: int | None) -> Loaded:
    changed: dict[tuple[int, str], dt.date | None] = {(a, s): as_date(d) for a, s, d in change_rows}
    roles: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for app_id, pid, role in role_rows:
        roles[app_id].append((pid, role))
    parts: dict[int, list[int]] = defaultdict(list)
    heads: dict[int, tuple[int, dt.datetime, str]] = {}
    for mid, app_id, starts, kind, pid in meeting_rows:
        heads[mid] = (app_id, _as_datetime(starts), kind or "")
        if pid is not None:
            parts[mid].append(pid)
    meetings: dict[int, list[cadence.Meeting]] = defaultdict(list)
    for mid, (app_id, starts, kind) in sorted(heads.items()):
        meetings[app_id].append(cadence.Meeting(mid, starts, tuple(sorted(parts[mid])), kind))
    cases, labels = [], {}
    for app_id, title, status, applied_on, decision_on, created_at, company in sorted(app_rows):
        applied = as_date(applied_on) or changed.get((app_id, "applied")) or as_date(created_at)
        case = cadence.Case(app_id, status, applied, as_date(decision_on), changed.get((app_id, status)),
                            tuple(roles[app_id]), tuple(meetings[app_id]))
        if person_id is not None and person_id not in cadence.people_of(case):
            continue
        cases.append(case)
        labels[app_id] = (title or "", company)
    contacts = {pid: cadence.Contact(pid, name, bool(dnc), as_date(snooze)) for pid, name, dnc, snooze in person_rows}
    digests = _digests(digest_rows)
    return Loaded(cadence.History(tuple(cases), contacts, digests=digests), labels)


def _digests(rows: list[tuple]) -> dict[int, dict[int | None, cadence.Digest]]:
    """Each person's digests per application (SQLite gives ISO text, PostgreSQL datetimes)."""
    if rows and any(isinstance(value, str) for value in rows[0][2:6]):
        parse = dt.datetime.fromisoformat  # the C parser: 100,000 values are parsed here
        found: dict[int, dict[int | None, cadence.Digest]] = defaultdict(dict)
        for pid, app_id, last_out, last_in, written, thanked, sent in rows:
            found[pid][app_id] = cadence.Digest(
                last_out and parse(last_out), last_in and parse(last_in), written and parse(written),
                thanked and parse(thanked), tuple(map(parse, sent.split(","))) if sent else ())
        return dict(found)
    found = defaultdict(dict)
    for pid, app_id, last_out, last_in, written, thanked, sent in rows:
        found[pid][app_id] = cadence.Digest(last_out, last_in, written, thanked, tuple(sent or ()))
    return dict(found)


def _item(due: cadence.Due, loaded: Loaded, today: dt.date) -> dict[str, Any]:
    contact = loaded.history.contacts[due.person_id]
    app = None
    if due.application_id is not None:
        title, company = loaded.labels[due.application_id]
        app = {"id": due.application_id, "title": title, "company": company}
    return {
        "contact": {"id": contact.id, "name": contact.name},
        "application": app,
        "kind": due.kind,
        "due_on": due.due_on.isoformat(),
        "days_overdue": max(0, (today - due.due_on).days),
        "reason": due.reason,
        "urgency": cadence.urgency(due.due_on, today),
        "rule": due.rule,
    }


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a history is built and planned.

    Those are hundreds of thousands of small acyclic objects: the collector finds nothing, yet its
    repeated passes over them cost as much again as the work (measured by benchmarks/due.py).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plan(today: dt.date, config: Settings | None, person_id: int | None = None) -> tuple[Loaded, cadence.Plan]:
    loaded = load(person_id)
    return loaded, cadence.plan(loaded.history, today, config or load_settings())


def plan_items(today: dt.date, within: int = 0, config: Settings | None = None,
               person_id: int | None = None) -> list[tuple[cadence.Due, dict[str, Any]]]:
    """Due items as (rule output, JSON dict) pairs, optionally for one person only."""
    with _gc_paused():
        loaded, result = _plan(today, config, person_id)
        horizon = today + dt.timedelta(days=max(0, within))
        items = [(d, _item(d, loaded, today)) for d in result.due
                 if d.due_on <= horizon and (person_id is None or d.person_id == person_id)]
        del loaded, result  # freed by reference counting before the collector wakes up to scan them
    return items


def due_items(today: dt.date, within: int = 0, config: Settings | None = None) -> list[dict]:
    """Every follow-up due by `today` (and upcoming within `within` days), most urgent first."""
    return [item for _, item in plan_items(today, within, config)]


def cold_applications(today: dt.date, config: Settings | None = None) -> list[dict]:
    """Applications whose check-ins ran out unanswered: what `mark_cold` would mark ghosted (reads only)."""
    with _gc_paused():
        loaded, result = _plan(today, config)
        out = []
        for cold in result.cold:
            title, company = loaded.labels[cold.application_id]
            out.append({"application": {"id": cold.application_id, "title": title, "company": company},
                        "since": cold.since.isoformat(), "reason": cold.reason})
        del loaded, result
    return out


def mark_cold(today: dt.date, config: Settings | None = None) -> list[dict]:
    """Mark every cold application ghosted, with a StatusChange dated `today`, in one transaction."""
    from crm.store import set_status

    found = cold_applications(today, config)
    with database.atomic():
        for entry in found:
            set_status(Application.get_by_id(entry["application"]["id"]), "ghosted", today)
    return found


def record_interview(application: Application, starts_at: dt.datetime, people: list[Person], *, kind: str = "",
                     location: str = "", today: dt.date | None = None) -> Interview:
    """Record an interview, link its people as interviewers, and move the application to interviewing."""
    changed_on = today or clock.today()
    unique = list({p.id: p for p in people}.values())
    with database.atomic():
        interview = Interview.create(application=application, starts_at=starts_at, kind=kind, location=location)
        for person in unique:
            InterviewParticipant.create(interview=interview, person=person)
            ApplicationContact.get_or_create(application=application, person=person, role="interviewer")
        # Only forward: an interview recorded late must not reopen an offer or a rejection.
        if application.status in ("saved", "applied"):
            from crm.store import set_status

            set_status(application, "interviewing", changed_on)
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
    from crm.calendar_export import InterviewEntry

    rows, names = _interview_rows(application_id, since)
    return [InterviewEntry(r.id, _as_datetime(r.starts_at), r.title or "", r.company_name, r.kind or "",
                           r.location or "", tuple(names[r.id])) for r in rows]


def interview_records(application_id: int | None = None) -> list[dict[str, Any]]:
    """What `crm interview list --json` prints: each interview with its application's id, title and company."""
    rows, names = _interview_rows(application_id, None)
    return [{"id": r.id, "starts_at": _as_datetime(r.starts_at),
             "application": {"id": r.application_id, "title": r.title or "", "company": r.company_name},
             "kind": r.kind or "", "location": r.location or "", "with": names[r.id]} for r in rows]


def snooze(person: Person, until: dt.date) -> None:
    """No follow-up to this person is due before `until`."""
    person.snoozed_until = until
    person.updated_at = clock.now()
    person.save()


def log_sent(person: Person, application: Application | None, kind: str, at: dt.datetime) -> Interaction:
    """Record a sent follow-up (an outgoing email) in the log."""
    from crm.store import log_interaction

    return log_interaction(person, kind, application=application, channel="email", direction="out", occurred_at=at,
                           today=at.date())  # `crm draft --today DAY --log` records the draft as sent that day


@dataclass(frozen=True)
class ChosenDraft:
    """Which draft to write for a contact: its template kind, the application, and what to say."""

    kind: str
    application: Application | None
    context: DraftContext


def choose_draft(person: Person, application: Application | None, kind: str | None, today: dt.date,
                 settings: Settings) -> ChosenDraft:
    """The draft for `person`: the kind and application that are due unless given, with its context."""
    from crm.drafts import DraftContext
    from crm.errors import InvalidValue

    if person.do_not_contact:
        raise InvalidValue(f"{person.name} is marked do-not-contact: no draft")
    pending = [d for d, _ in plan_items(today, 3650, settings, person.id)
               if application is None or d.application_id == application.id]
    if kind is None:
        if not pending or pending[0].due_on > today:
            after = f" (next: {pending[0].kind} on {pending[0].due_on})" if pending else ""
            raise InvalidValue(f"nothing is due for {person.name}{after}: choose a note with --kind")
        kind = "thank-you-after-rejection" if pending[0].optional else pending[0].kind
    if application is None and pending:
        application = Application.get_by_id(pending[0].application_id) if pending[0].application_id else None
    if application is None:
        link = (ApplicationContact.select().where(ApplicationContact.person == person)
                .order_by(ApplicationContact.application.desc()).first())
        application = link.application if link else None
    company = application.company if application and application.company_id else (
        person.company if person.company_id else None)
    interview_on = None
    if application is not None:
        day_end = dt.datetime.combine(today, dt.time.max)
        held = Interview.select().where((Interview.application == application) & (Interview.starts_at <= day_end))
        theirs = held.join(InterviewParticipant).where(InterviewParticipant.person == person)
        last = (theirs.order_by(Interview.starts_at.desc()).first()
                or held.order_by(Interview.starts_at.desc()).first())
        interview_on = _as_datetime(last.starts_at) if last else None
    context = DraftContext(person.name, application.title if application else "", company.name if company else "",
                           interview_on, as_date(application.decision_on) if application else None,
                           settings.signature, person.email)
    return ChosenDraft(kind, application, context)
