"""The mailbox sync against the store: what the sync matches against, and each batch it read recorded
in one transaction (interactions, the messages behind them, proposals, bounces, the folder's place).

Idempotent: a message whose Message-ID is already logged adds nothing; one the user logged by hand
(same person, same day, same kind and direction) gets its Message-ID attached instead of a twin.
Proposals are only written here; `accept_mail_proposals` applies them when the user says so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

import peewee as pw

from crm.errors import InvalidValue, NotFound
from crm.followup.digest import NOT_TOUCHES
from crm.mail.addresses import domain_of, fold, pattern_of, same_site
from crm.store.applications import set_status
from crm.store.interviews import record_interview
from crm.store.models import (MAIL_STATES, Application, ApplicationContact, Company, ContactAlias, Interaction,
                              Interview, InterviewParticipant, MailBounce, MailFolder, MailMessage, MailProposal,
                              Person, StatusChange, database, now)
from crm.store.records import as_date, as_datetime

if TYPE_CHECKING:
    from crm.mail.match import Opening
    from crm.mail.message import Mail

# The rules that read a message load with the first message, not with the store: every command imports
# the store, and `crm due` only needs `bounces_of` from here.
classify = text = None  # type: ignore[assignment]


def _rules() -> None:
    global classify, text
    if classify is None:
        from crm.mail import classify as c, text as x

        classify, text = c, x

WATCHED = ("saved", "applied", "interviewing")  # applications mail may still say something about
_NO_REPLY = ("noreply", "no-reply", "donotreply", "do-not-reply", "notifications", "mailer-daemon", "postmaster",
             "jobs", "careers", "recruiting", "talent", "hr", "hiring", "info", "team", "hello", "support")


@dataclass
class MailBook:
    """What one run matches messages against, loaded once: addresses, the user's own, the open applications."""

    people: dict[str, int]  # folded address -> person id (main addresses and aliases)
    own: frozenset[str]  # the user's own addresses, folded
    openings: list[Opening]
    names: dict[int, str] = field(default_factory=dict)  # person id -> name
    linked: dict[int, list[Opening]] = field(default_factory=dict)  # person id -> their applications (cache)
    facts: dict[int, tuple] = field(default_factory=dict)  # application id -> (applied on, interviews) (cache)
    by_hand: dict[tuple[int, dt.date, str], list[tuple[int, str]]] = field(default_factory=dict)  # this batch's


def mail_address_book(own: Iterable[str]) -> MailBook:
    """Every contact's address and alias, folded, with the applications mail may be about."""
    from crm.mail.match import Opening

    _rules()
    people: dict[str, int] = {}
    names = {}
    for pid, name, email in Person.select(Person.id, Person.name, Person.email).tuples():
        names[pid] = name
        if email:
            people.setdefault(fold(email), pid)
    for pid, address in ContactAlias.select(ContactAlias.person, ContactAlias.address).tuples():
        people.setdefault(fold(address), pid)
    openings = [Opening(aid, title or "", cname or "", (domain or "").lower(), status)
                for aid, title, status, cname, domain in
                Application.select(Application.id, Application.title, Application.status, Company.name, Company.domain)
                .join(Company, pw.JOIN.LEFT_OUTER).where(Application.status.in_(WATCHED)).tuples()]
    return MailBook(people, frozenset(fold(a) for a in own if a), openings, names)


@dataclass
class MailTally:
    """What recording some messages did (summed over batches)."""

    counts: Counter = field(default_factory=Counter)

    def add(self, what: str, n: int = 1) -> None:
        """Count `n` more of `what` ("logged", "matched", "already", "proposals", "bounces", ...)."""
        self.counts[what] += n

    def __getitem__(self, what: str) -> int:
        return self.counts[what]


def mail_folder_state(account: str, name: str) -> tuple[int | None, int]:
    """(UIDVALIDITY, last UID read) of a folder; (None, 0) before its first sync."""
    row = MailFolder.get_or_none((MailFolder.account == account) & (MailFolder.name == name))
    return (row.uid_validity, row.last_uid) if row else (None, 0)


def known_ids(message_ids: list[str]) -> set[str]:
    """Which of these Message-IDs the store has already read (logged, proposed from or bounced)."""
    found: set[str] = set()
    for i in range(0, len(message_ids), 500):
        chunk = message_ids[i:i + 500]
        for model in (MailMessage, MailProposal, MailBounce):
            found |= {m for (m,) in model.select(model.message_id).where(model.message_id.in_(chunk)).tuples()}
    return found


def record_mail(mails: list[Mail], book: MailBook, tally: MailTally, *, account: str, folder: str, sent: bool = False,
           uid_validity: int | None = None, last_uid: int | None = None, read: int = 0,
           keep_bodies: bool = False, thank_you_days: int = 1, today: dt.date | None = None) -> None:
    """Record one batch of messages and the folder's new place, in one transaction (all or nothing)."""
    _rules()
    with database.atomic():
        before = tally["logged"] + tally["matched"]
        known = known_ids([m.message_id for m in mails])
        book.by_hand = _logged_by_hand(mails)
        for mail in sorted(mails, key=lambda m: m.date):  # oldest first: a note's kind reads the ones before it
            if mail.message_id in known:
                tally.add("already")
                continue
            known.add(mail.message_id)
            _one(mail, book, tally, sent=sent, keep_bodies=keep_bodies, thank_you_days=thank_you_days, today=today)
        _place(account, folder, uid_validity, last_uid, read, tally["logged"] + tally["matched"] - before)


def _logged_by_hand(mails: list[Mail]) -> dict[tuple[int, dt.date, str], list[tuple[int, str]]]:
    """Interactions with no message behind them on the days these messages were sent: one query a batch."""
    if not mails:
        return {}
    first = dt.datetime.combine(min(m.date for m in mails).date(), dt.time.min)
    last = dt.datetime.combine(max(m.date for m in mails).date(), dt.time.max)
    rows = (Interaction.select(Interaction.id, Interaction.person, Interaction.occurred_at, Interaction.direction,
                               Interaction.kind)
            .join(MailMessage, pw.JOIN.LEFT_OUTER, on=(MailMessage.interaction == Interaction.id))
            .where(Interaction.occurred_at.between(first, last) & MailMessage.id.is_null())
            .order_by(Interaction.id).tuples())
    found: dict[tuple[int, dt.date, str], list[tuple[int, str]]] = {}
    for iid, pid, at, direction, kind in rows:
        found.setdefault((pid, as_date(at), direction), []).append((iid, kind))
    return found


def _place(account: str, folder: str, uid_validity: int | None, last_uid: int | None, read: int, logged: int) -> None:
    """Move the folder's place on: a changed UIDVALIDITY starts its UIDs again from this batch."""
    row, _ = MailFolder.get_or_create(account=account, name=folder)
    if last_uid is not None:
        row.last_uid = last_uid if row.uid_validity != uid_validity else max(row.last_uid, last_uid)
    if uid_validity is not None:
        row.uid_validity = uid_validity
    row.read += read
    row.logged += logged
    row.synced_at = now()
    row.save()


def _one(mail: Mail, book: MailBook, tally: MailTally, *, sent: bool, keep_bodies: bool, thank_you_days: int,
         today: dt.date | None) -> None:
    if today is not None and mail.date.date() > today + dt.timedelta(days=1):
        tally.add("future")  # a sender's clock years ahead would silence every reminder until then
        return
    found = classify.bounce(mail, book.own)
    if found is not None:
        _bounce(mail, found, book, tally)
        return
    sender = fold(mail.sender[1])
    mine = sender in book.own or (sent and sender not in book.people)
    if not mine and sender in book.people:
        pid = book.people[sender]
        auto = classify.auto_reply(mail)
        if auto:
            tally.add("auto-replies")
            back = classify.return_date(mail.text, mail.date.date())
            if back is not None:
                _propose(mail, "snooze", tally, person_id=pid, day=back,
                         evidence=f"automatic reply ({auto}) naming {back.isoformat()}")
            return
        new = text.new_text(mail.text)
        app_id = _application_for(pid, mail, book, new)
        _log(mail, book, pid, app_id, "reply", "in", new, keep_bodies, tally)
        _signal(mail, new, book, tally, person_id=pid)
        return
    if mine:
        targets = [book.people[fold(a)] for _, a in mail.recipients if fold(a) in book.people]
        if not targets:
            tally.add("unmatched")
            return
        new = text.new_text(mail.text)
        for pid in dict.fromkeys(targets):
            app_id = _application_for(pid, mail, book, new)
            kind = _outbound_kind(book, pid, app_id, mail.date, thank_you_days)
            _log(mail, book, pid, app_id, kind, "out", new, keep_bodies, tally)
        return
    # Someone not in the store: an applicant-tracking system, or a new person at a company applied to.
    if classify.auto_reply(mail):
        tally.add("unmatched")
        return
    domain = domain_of(sender)
    at_company = [o for o in book.openings if o.domain and same_site(domain, o.domain)]
    if not at_company and not classify.is_ats(sender):
        tally.add("unmatched")
        return
    new = text.new_text(mail.text)
    _signal(mail, new, book, tally, person_id=None)
    local = sender.partition("@")[0]
    if at_company and not any(local == w or local.startswith(w + ".") or local.startswith(w + "-") for w in _NO_REPLY):
        opening = at_company[0]
        company_id = Application.get_by_id(opening.id).company_id
        name = mail.sender[0] or local.replace(".", " ").title()
        _propose(mail, "contact", tally, company_id=company_id, application_id=opening.id, name=name,
                 email=mail.sender[1], evidence=f"writes from {domain}, the domain of {opening.company} "
                                                f"(application #{opening.id})")


def _log(mail: Mail, book: MailBook, pid: int, app_id: int | None, kind: str, direction: str, new: str,
         keep_bodies: bool, tally: MailTally) -> None:
    """One interaction for this message and person, or the hand-logged one it matches, with its Message-ID."""
    # A note logged by hand as after-apply or check-in is the same note, whichever the mail's facts make it.
    kinds = {kind} | ({"after-apply", "check-in"} if kind in ("after-apply", "check-in") else set())
    same_day = book.by_hand.get((pid, mail.date.date(), direction), [])
    by_hand = next((iid for iid, k in same_day if k in kinds), None)
    if by_hand is not None:
        same_day.remove(next(x for x in same_day if x[0] == by_hand))  # one message per hand-logged touch
        interaction_id = by_hand
        tally.add("matched")
    else:
        interaction_id = _insert(Interaction, {"person": pid, "application": app_id, "kind": kind, "channel": "email",
                                               "direction": direction, "occurred_at": mail.date, "note": _note(mail),
                                               "created_at": now()})
        tally.add("logged")
    _insert(MailMessage, {"interaction": interaction_id, "message_id": mail.message_id, "subject": mail.subject[:500],
                          "snippet": text.snippet(new) if new else "", "body": mail.text if keep_bodies else None,
                          "created_at": now()})


_INSERTS: dict[tuple[type[pw.Model], tuple[str, ...], bool], str] = {}


def _insert(model: type[pw.Model], values: dict[str, Any]) -> int:
    """Insert one row and return its id, through an INSERT written once per model: building it with
    peewee for every message cost more than running it (the same approach as rows.bulk_insert)."""
    postgres = isinstance(database.obj, pw.PostgresqlDatabase)
    fields = [model._meta.fields[name] for name in values]
    key = (model, tuple(values), postgres)
    sql = _INSERTS.get(key)
    if sql is None:
        names = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join([database.param] * len(fields))
        sql = _INSERTS[key] = (f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
                               + (' RETURNING "id"' if postgres else ""))
    params = []
    for f, v in zip(fields, values.values()):
        v = f.db_value(v)
        params.append(str(v) if not postgres and isinstance(v, (dt.date, dt.datetime)) else v)
    cursor = database.execute_sql(sql, params)
    return cursor.fetchone()[0] if postgres else cursor.lastrowid


def _note(mail: Mail) -> str:
    return mail.subject or "(no subject)"


def _person_openings(pid: int, book: MailBook) -> list[Opening]:
    if pid in book.linked:
        return book.linked[pid]
    linked = {a for (a,) in ApplicationContact.select(ApplicationContact.application)
              .where(ApplicationContact.person == pid).tuples()}
    linked |= {a for (a,) in Interview.select(Interview.application).join(InterviewParticipant)
               .where(InterviewParticipant.person == pid).tuples()}
    book.linked[pid] = [o for o in book.openings if o.id in linked]
    return book.linked[pid]


def _application_for(pid: int, mail: Mail, book: MailBook, new: str) -> int | None:
    """The application a message to or from this person is about: their only one, else the one it names."""
    mine = _person_openings(pid, book)
    if len(mine) == 1:
        return mine[0].id
    if not mine:
        return None
    from crm.mail.match import match_opening

    found = match_opening(mail.sender[1], mail.sender[0], mail.subject, new, mine)
    return found[0].id if found else None


def _outbound_kind(book: MailBook, pid: int, app_id: int | None, at: dt.datetime, thank_you_days: int) -> str:
    if app_id is None:
        return "check-in"
    if app_id not in book.facts:
        app = Application.get_by_id(app_id)
        applied = as_date(app.applied_on)
        if applied is None:
            changed = (StatusChange.select(pw.fn.MAX(StatusChange.changed_on))
                       .where((StatusChange.application == app_id) & (StatusChange.to_status == "applied")).scalar())
            applied = as_date(changed)
        rows = (Interview.select(Interview.starts_at, InterviewParticipant.person)
                .join(InterviewParticipant, pw.JOIN.LEFT_OUTER).where(Interview.application == app_id).tuples())
        book.facts[app_id] = (applied, [(as_datetime(s), p) for s, p in rows])
    applied, meetings = book.facts[app_id]
    interviews = [(s, p == pid) for s, p in meetings]
    wrote = False
    if applied is not None:
        wrote = Interaction.select().where(
            (Interaction.person == pid) & (Interaction.direction == "out")
            & (Interaction.application.is_null() | (Interaction.application == app_id))
            & Interaction.kind.not_in(sorted(NOT_TOUCHES))
            & (Interaction.occurred_at >= dt.datetime.combine(applied, dt.time.min))
            & (Interaction.occurred_at < at)).exists()
    from crm.mail.match import outbound_kind

    return outbound_kind(at, applied, interviews, wrote, thank_you_days)


def _signal(mail: Mail, new: str, book: MailBook, tally: MailTally, *, person_id: int | None) -> None:
    """Propose what a rejection, an interview invitation or a confirmation says, on the application it names."""
    signal = classify.hiring_signal(mail, new)
    if signal is None:
        return
    if signal.kind == "applied" and not (classify.is_ats(mail.sender[1])
                                         or any(o.domain and same_site(domain_of(mail.sender[1]), o.domain)
                                                for o in book.openings)):
        return  # a confirmation counts from an applicant-tracking system or the company's own domain
    candidates = _person_openings(person_id, book) if person_id is not None else []
    from crm.mail.match import match_opening

    found = match_opening(mail.sender[1], mail.sender[0], mail.subject, new, candidates or book.openings)
    if found is None and candidates and len(candidates) == 1:
        found = (candidates[0], "their only application")
    if found is None:
        tally.add("unplaced")
        return
    opening, why = found
    at = classify.interview_time(new, mail.date.date()) if signal.kind == "interview" else None
    _propose(mail, signal.kind, tally, application_id=opening.id, person_id=person_id, at=at,
             evidence=f'"{signal.evidence}"; {why}')


def _propose(mail: Mail, kind: str, tally: MailTally, *, day: dt.date | None = None, **values: Any) -> None:
    exists = MailProposal.select().where((MailProposal.message_id == mail.message_id)
                                         & (MailProposal.kind == kind)).exists()
    if exists:
        return
    MailProposal.insert(message_id=mail.message_id, kind=kind, day=day or mail.date.date(),
                        subject=mail.subject[:500], created_at=now(), **values).execute()
    tally.add("proposals")


def _bounce(mail: Mail, found: Any, book: MailBook, tally: MailTally) -> None:
    for address in found.addresses:
        pid = book.people.get(fold(address))
        exists = MailBounce.select().where((MailBounce.address == address)
                                           & (MailBounce.message_id == mail.message_id)).exists()
        if exists:
            continue
        MailBounce.insert(address=address, person=pid, bounced_on=mail.date.date(), message_id=mail.message_id,
                          reason=found.reason, created_at=now()).execute()
        tally.add("bounces")
        if pid is not None:
            tally.add("lowered", _lower_guesses(pid, address))


def _lower_guesses(pid: int, address: str) -> int:
    """Halve the confidence of guessed addresses at the bounced one's company made from the same pattern."""
    person = Person.get_by_id(pid)
    pattern = pattern_of(address, person.name)
    if pattern is None or person.company_id is None:
        return 0
    lowered = 0
    domain = domain_of(address)
    for other in Person.select().where((Person.company == person.company_id) & (Person.id != pid)
                                       & (Person.email_source == "guessed") & Person.email.is_null(False)):
        if domain_of(other.email) == domain and pattern_of(other.email, other.name) == pattern:
            other.email_confidence = round((other.email_confidence or 0.5) / 2, 4)
            other.save()
            lowered += 1
    if person.email_source == "guessed" and person.email and fold(person.email) == fold(address):
        person.email_confidence = 0.0
        person.save()
    return lowered


# --- what the user sees and decides ---------------------------------------------------------------

def mail_proposals(state: str = "open") -> list[dict[str, Any]]:
    """The proposals in one state (open by default), oldest message first, with their evidence."""
    if state not in MAIL_STATES:
        raise InvalidValue(f"unknown proposal state {state!r}: one of {', '.join(MAIL_STATES)}")
    rows = (MailProposal.select(MailProposal, Application, Person, Company)
            .join_from(MailProposal, Application, pw.JOIN.LEFT_OUTER)
            .join_from(MailProposal, Person, pw.JOIN.LEFT_OUTER)
            .join_from(MailProposal, Company, pw.JOIN.LEFT_OUTER)
            .where(MailProposal.state == state).order_by(MailProposal.day, MailProposal.id))
    return [_proposal_record(p) for p in rows]


def _proposal_record(p: MailProposal) -> dict[str, Any]:
    app = p.application if p.application_id else None
    person = p.person if p.person_id else None
    label = f"{app.title} at {app.company.name}" if app and app.company_id and app.title else (app.title if app else "")
    what = {
        "contact": f"add {p.name} <{p.email}>" + (f" at {p.company.name}" if p.company_id else ""),
        "applied": f"application #{p.application_id} status applied on {as_date(p.day)}",
        "interview": f"interview for application #{p.application_id}"
                     + (f" on {as_datetime(p.at):%Y-%m-%d %H:%M}" if p.at else " (give --on: no time named)"),
        "rejected": f"application #{p.application_id} status rejected on {as_date(p.day)}",
        "snooze": f"snooze {person.name if person else '?'} until {as_date(p.day)}",
    }[p.kind]
    return {"id": p.id, "kind": p.kind, "state": p.state, "day": as_date(p.day).isoformat(), "what": what,
            "application": {"id": app.id, "label": label} if app else None,
            "person": {"id": person.id, "name": person.name} if person else None,
            "subject": p.subject, "evidence": p.evidence, "message_id": p.message_id}


def _chosen(ids: list[int] | None) -> list[MailProposal]:
    query = MailProposal.select().where(MailProposal.state == "open").order_by(MailProposal.id)
    if ids is None:
        return list(query)
    found = {p.id: p for p in MailProposal.select().where(MailProposal.id.in_(ids))}
    for i in ids:
        if i not in found:
            raise NotFound(f"no mail proposal #{i} (crm mail review lists them)")
        if found[i].state != "open":
            raise InvalidValue(f"mail proposal #{i} is already {found[i].state}")
    return [found[i] for i in dict.fromkeys(ids)]


def accept_mail_proposals(ids: list[int] | None, at: dt.datetime | None = None) -> list[str]:
    """Apply these open proposals (every open one when `ids` is None) in one transaction; say what each did."""
    done = []
    with database.atomic():
        for p in _chosen(ids):
            done.append(_apply(p, at))
            p.state = "accepted"
            p.save()
    return done


def _apply(p: MailProposal, at: dt.datetime | None) -> str:
    day = as_date(p.day)
    if p.kind == "contact":
        if Person.select().where(Person.email_lower == fold(p.email or "")).exists():
            return f"#{p.id}: {p.email} is already a contact"
        person = Person.create(name=p.name, company=p.company_id, email=p.email, email_source="import", source="mail")
        if p.application_id:
            ApplicationContact.get_or_create(application=p.application_id, person=person, role="other")
        return f"#{p.id}: added contact #{person.id} {person.name}"
    if p.kind in ("applied", "rejected"):
        app = Application.get_by_id(p.application_id)
        old = app.status
        if old == p.kind:
            return f"#{p.id}: application #{app.id} is already {p.kind}"
        set_status(app, p.kind, day)
        if p.kind == "applied" and app.applied_on is None:
            app.applied_on = day
            app.save()
        return f"#{p.id}: application #{app.id}: {old} -> {p.kind} on {day}"
    if p.kind == "interview":
        starts = at or as_datetime(p.at)
        if starts is None:
            raise InvalidValue(f"mail proposal #{p.id} names no time: accept it with --on 'YYYY-MM-DD HH:MM'")
        app = Application.get_by_id(p.application_id)
        people = [Person.get_by_id(p.person_id)] if p.person_id else []
        interview = record_interview(app, starts, people)
        return f"#{p.id}: interview #{interview.id} on {starts:%Y-%m-%d %H:%M} for application #{app.id}"
    person = Person.get_by_id(p.person_id)
    person.snoozed_until = day
    person.save()
    return f"#{p.id}: snoozed {person.name} until {day}"


def dismiss_mail_proposals(ids: list[int]) -> int:
    """Mark these open proposals dismissed (they are never proposed again); return how many."""
    with database.atomic():
        chosen = _chosen(ids)
        for p in chosen:
            p.state = "dismissed"
            p.save()
    return len(chosen)


def bounces_of(person_ids: Iterable[int]) -> dict[int, tuple[str, dt.date]]:
    """Each person's current address that bounced, with the day it did (the latest bounce)."""
    ids = list(person_ids)
    found: dict[int, tuple[str, dt.date]] = {}
    if not ids:
        return found
    rows = (MailBounce.select(MailBounce.person, MailBounce.address, MailBounce.bounced_on, Person.email)
            .join(Person, on=(MailBounce.person == Person.id))
            .where(MailBounce.person.in_(ids)).order_by(MailBounce.bounced_on).tuples())
    for pid, address, day, email in rows:
        if email and fold(email) == fold(address):
            found[pid] = (address, as_date(day))
    return found


def bounced_addresses(addresses: Iterable[str]) -> dict[str, dt.date]:
    """Which of these addresses bounced, and when (the latest)."""
    wanted = [a.lower() for a in addresses if a]
    if not wanted:
        return {}
    rows = (MailBounce.select(MailBounce.address, pw.fn.MAX(MailBounce.bounced_on))
            .where(MailBounce.address.in_(wanted)).group_by(MailBounce.address).tuples())
    return {a: as_date(d) for a, d in rows}


def add_alias(person: Person, address: str) -> ContactAlias:
    """Another address of this contact's: mail to or from it is theirs."""
    from crm.store.checks import check_email

    value = check_email(address)
    if not value:
        raise InvalidValue("an alias needs an address")
    folded = fold(value)
    owner = Person.get_or_none(Person.email_lower == folded)
    alias = ContactAlias.get_or_none(ContactAlias.address == folded)
    if (owner and owner.id != person.id) or (alias and alias.person_id != person.id):
        raise InvalidValue(f"{value} belongs to another contact")
    with database.atomic():
        return alias or ContactAlias.create(person=person, address=folded)


def mail_status() -> dict[str, Any]:
    """Each folder's last sync and counts, and the totals of what the sync stored."""
    folders = [{"account": f.account, "folder": f.name, "synced_at": as_datetime(f.synced_at), "read": f.read,
                "last_uid": f.last_uid, "uid_validity": f.uid_validity}
               for f in MailFolder.select().order_by(MailFolder.account, MailFolder.name)]
    states = dict(MailProposal.select(MailProposal.state, pw.fn.COUNT(MailProposal.id))
                  .group_by(MailProposal.state).tuples())
    return {"folders": folders, "messages": MailMessage.select().count(),
            "interactions": MailMessage.select(MailMessage.interaction).distinct().count(),
            "proposals": {s: states.get(s, 0) for s in MAIL_STATES},
            "bounces": MailBounce.select().count(), "aliases": ContactAlias.select().count()}


def forget_mail(interactions: bool = False) -> dict[str, int]:
    """Remove what the sync stored: message ids, subjects, snippets, proposals and sync state (and, with
    `interactions`, the interactions it logged). Bounces and aliases are facts about contacts: kept."""
    with database.atomic():
        removed = {"interactions": 0}
        if interactions:
            logged = MailMessage.select(MailMessage.interaction)
            removed["interactions"] = Interaction.delete().where(Interaction.id.in_(logged)).execute()
        removed["messages"] = MailMessage.delete().execute()
        removed["proposals"] = MailProposal.delete().execute()
        removed["folders"] = MailFolder.delete().execute()
    return removed
