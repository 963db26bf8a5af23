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

from crm.followup import cadence
from crm.followup.digest import LIVE_KINDS, NOT_TOUCHES, Digest
from crm.store.models import (
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
from crm.store.records import as_date
from crm.followup.settings import Settings
from crm.store.applications import set_status

if TYPE_CHECKING:
    from crm.followup.drafts import DraftContext

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


def _watching(today: dt.date | None, settings: Settings | None) -> pw.Expression:
    """The applications to load: WATCHED ones, and of the rejected only those that may still owe their note.

    A rejection owes its optional note for `rejection_note_window_days` after it (the rule is
    `cadence._after_rejection`); an older one asks for nothing, so with `today` and the settings given
    its people and their log are not loaded at all.
    """
    if today is None or settings is None:
        return Application.status.in_(WATCHED)
    live = Application.status.in_([s for s in WATCHED if s != "rejected"])
    if not settings.rejection_note:
        return live
    cutoff = today - dt.timedelta(days=settings.rejection_note_window_days)
    recent = StatusChange.select(StatusChange.application).where(
        (StatusChange.to_status == "rejected") & (StatusChange.changed_on >= cutoff))
    return live | ((Application.status == "rejected") & Application.id.in_(recent))


def _once(subquery: pw.SelectBase) -> pw.SQL:
    """A subquery rendered to SQL once, for several queries to embed as it is.

    Peewee renders a subquery anew in every query that embeds it, and the watched applications sit
    in eight places across the six queries below: rendering each once saves a few milliseconds a plan.
    """
    sql, params = subquery.sql()
    return pw.SQL(f"({sql})", params)


def load(person_id: int | None = None, *, today: dt.date | None = None, settings: Settings | None = None) -> Loaded:
    """The history of every watched application in six queries, whatever the number of rows (see `_watching`)."""
    watching = _watching(today, settings)
    watched = _once(Application.select(Application.id).where(watching))
    apps = (Application
            .select(Application.id, Application.title, Application.status, Application.applied_on,
                    Application.decision_on, Application.created_at, Company.name)
            .join(Company, pw.JOIN.LEFT_OUTER)
            .where(watching))
    roles = (ApplicationContact
             .select(ApplicationContact.application, ApplicationContact.person, ApplicationContact.role)
             .where(ApplicationContact.application.in_(watched)))
    meetings = (Interview
                .select(Interview.id, Interview.application, Interview.starts_at, Interview.kind,
                        InterviewParticipant.person)
                .join(InterviewParticipant, pw.JOIN.LEFT_OUTER)
                .where(Interview.application.in_(watched)))
    linked = _once(ApplicationContact.select(ApplicationContact.person)
                   .where(ApplicationContact.application.in_(watched))
                   | InterviewParticipant.select(InterviewParticipant.person).join(Interview)
                   .where(Interview.application.in_(watched))
                   # and people with a keep-in-touch rhythm, on an application or not
                   | Person.select(Person.id).where(Person.keep_in_touch_days.is_null(False)))
    people = Person.select(Person.id, Person.name, Person.do_not_contact, Person.snoozed_until,
                           Person.keep_in_touch_days).where(Person.id.in_(linked))
    # The rules read maxima per person and application, so the database folds the log into one row
    # each (`Digest`) instead of shipping every interaction. `+ 0` keeps SQLite from probing
    # the (person, occurred_at) index once per person: one sequential scan is faster at this size.
    # A note is the user's own memo, not a touch: it resets no clock and needs no answer.
    mine = (Interaction.person + 0).in_(linked) & Interaction.kind.not_in(sorted(NOT_TOUCHES))
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
                       latest(came_in & Interaction.kind.not_in(sorted(LIVE_KINDS))),
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
        people, held = roles.get(app_id), meetings.get(app_id)
        case = cadence.Case(app_id, status, applied, as_date(decision_on), changed.get((app_id, status)),
                            tuple(people) if people else (), tuple(held) if held else ())
        if person_id is not None and person_id not in cadence.people_of(case):
            continue
        cases.append(case)
        labels[app_id] = (title or "", company)
    contacts = {pid: cadence.Contact(pid, name, bool(dnc), as_date(snooze), every)
                for pid, name, dnc, snooze, every in person_rows}
    digests = _digests(digest_rows)
    return Loaded(cadence.History(tuple(cases), contacts, digests=digests), labels)


def _digests(rows: list[tuple]) -> dict[int, dict[int | None, Digest]]:
    """Each person's digests per application (SQLite gives ISO text, PostgreSQL datetimes)."""
    if rows and any(isinstance(value, str) for value in rows[0][2:6]):
        parse = dt.datetime.fromisoformat  # the C parser: 100,000 values are parsed here
        found: dict[int, dict[int | None, Digest]] = defaultdict(dict)
        for pid, app_id, last_out, last_in, written, thanked, sent in rows:
            out, came = last_out and parse(last_out), last_in and parse(last_in)
            # Their latest message is often the one wanting an answer, our latest often the thank-you.
            found[pid][app_id] = Digest._make((out, came, came if written == last_in else written and parse(written),
                                               out if thanked == last_out else thanked and parse(thanked),
                                               tuple(map(parse, sent.split(","))) if sent else ()))
        return dict(found)
    found = defaultdict(dict)
    for pid, app_id, last_out, last_in, written, thanked, sent in rows:
        found[pid][app_id] = Digest(last_out, last_in, written, thanked, tuple(sent or ()))
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


@dataclass(frozen=True)
class DueList:
    """One plan of the cadence: what is due (with the rule output), and the applications gone cold."""

    due: list[tuple[cadence.Due, dict[str, Any]]]  # (rule output, JSON dict), most urgent first
    cold: list[dict[str, Any]]  # what `mark_cold` would mark ghosted

    @property
    def items(self) -> list[dict[str, Any]]:
        """The due items as JSON dicts (what `crm due --json` prints)."""
        return [item for _, item in self.due]


def plan_due(today: dt.date, settings: Settings, within: int = 0, person_id: int | None = None) -> DueList:
    """Load the history once and plan it once: follow-ups due by `today` (and within `within` days),
    optionally for one person only, and the applications whose check-ins ran out unanswered."""
    with _gc_paused():
        loaded = load(person_id, today=today, settings=settings)
        result = cadence.plan(loaded.history, today, settings)
        horizon = today + dt.timedelta(days=max(0, within))
        items = [(d, _item(d, loaded, today)) for d in result.due
                 if d.due_on <= horizon and (person_id is None or d.person_id == person_id)]
        _say_bounced(items)
        cold = []
        for gone in result.cold:
            title, company = loaded.labels[gone.application_id]
            cold.append({"application": {"id": gone.application_id, "title": title, "company": company},
                         "since": gone.since.isoformat(), "reason": gone.reason})
        del loaded, result  # freed by reference counting before the collector wakes up to scan them
    return DueList(items, cold)


def _say_bounced(items: list[tuple[cadence.Due, dict[str, Any]]]) -> None:
    """A follow-up to someone whose address bounced (crm mail sync saw the notice) says so in its reason."""
    from crm.store.mail import bounces_of  # one query, only for the people with something due

    bounced = bounces_of({d.person_id for d, _ in items})
    for due, item in items:
        if due.person_id in bounced:
            item["reason"] += f"; address bounced on {bounced[due.person_id][1].isoformat()}: find another"


def mark_cold(cold: list[dict[str, Any]], today: dt.date) -> None:
    """Record each cold application (from `plan_due`) as ghosted on `today`, in one transaction."""
    with database.atomic():
        for entry in cold:
            set_status(Application.get_by_id(entry["application"]["id"]), "ghosted", today)


@dataclass(frozen=True)
class ChosenDraft:
    """Which draft to write for a contact: its template kind, the application, and what to say."""

    kind: str
    application: Application | None
    context: DraftContext


def choose_draft(person: Person, application: Application | None, kind: str | None, today: dt.date,
                 settings: Settings) -> ChosenDraft:
    """The draft for `person`: the kind and application that are due unless given, with its context."""
    from crm.followup.drafts import DraftContext
    from crm.errors import InvalidValue

    if person.do_not_contact:
        raise InvalidValue(f"{person.name} is marked do-not-contact: no draft")
    pending = [d for d, _ in plan_due(today, settings, 3650, person.id).due
               if application is None or d.application_id == application.id]
    if kind is None:
        if not pending or pending[0].due_on > today:
            after = f" (next: {pending[0].kind} on {pending[0].due_on})" if pending else ""
            raise InvalidValue(f"nothing is due for {person.name}{after}: choose a note with --kind")
        kind = "thank-you-after-rejection" if pending[0].optional else pending[0].kind
        if pending[0].rule.startswith(cadence.KEEP_IN_TOUCH):
            kind = cadence.KEEP_IN_TOUCH
    if kind == cadence.KEEP_IN_TOUCH:
        pending = []  # about no application: the note is written to them, not about a role
    if application is None and pending:
        application = Application.get_by_id(pending[0].application_id) if pending[0].application_id else None
    if application is None and kind != cadence.KEEP_IN_TOUCH:
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
