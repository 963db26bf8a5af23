"""Pure follow-up rules: (history, today, settings) -> which notes are due, when, and why.

No database and no clock here: `crm.store.plans` loads a `History` and calls `plan`. A *thread* is
everything exchanged about one application: touches with any person linked to it (a role or an
interview) that name that application or no application at all. The touches themselves are folded
into per-person digests by `crm.followup.digest`.

Choices the issue leaves open, decided here:
- `saved` applications have nothing due (nothing has been sent yet); closed ones neither, except
  one optional thank-you-for-your-time note after a rejection.
- The after-apply note and the check-ins go to one person, the *primary* contact: the hiring manager,
  else a recruiter, an interviewer, another contact, a referrer (never a do-not-contact person).
- Any outgoing message about the application after applying counts as the after-apply note; a
  logged "note" (the user's own memo, `NOT_TOUCHES`) is no message at all, in either direction.
- An incoming message needs a written reply unless it was itself a call, meeting or interview.
- While a reply or a thank-you is pending in a thread, no check-in is proposed in it: that message
  is the next touch, and it restarts the clock.
- After the last allowed check-in (2 after applying, 3 after an interview) goes unanswered for
  `checkin_days`, the application is reported *cold*; whether to record that is the caller's call.
- Spacing and snooze move a due date later, they never drop an item; two items for one person are
  themselves spaced.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, NamedTuple

from crm.followup.digest import Digest, Digests, Touch, digest
from crm.followup.settings import Settings

CLOSED = frozenset({"offer", "accepted", "rejected", "withdrawn", "ghosted"})
PRIORITY = {"reply": 0, "thank-you": 1, "after-apply": 2, "check-in": 3}
ROLE_ORDER = ("hiring_manager", "recruiter", "interviewer", "other", "referrer")
_RANK = {role: i for i, role in enumerate(ROLE_ORDER)}  # any other role ranks last
_NEVER = dt.datetime.min


@dataclass(frozen=True, slots=True)
class Contact:
    """A person as the rules see them."""

    id: int
    name: str
    do_not_contact: bool = False
    snoozed_until: dt.date | None = None
    keep_in_touch_days: int | None = None  # a rhythm for people on no open application


@dataclass(frozen=True, slots=True)
class Meeting:
    """An interview and the people in it."""

    id: int
    starts_at: dt.datetime
    person_ids: tuple[int, ...]
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Case:
    """An application and the people linked to it."""

    id: int
    status: str
    applied_on: dt.date | None = None
    decision_on: dt.date | None = None
    status_on: dt.date | None = None  # when it reached its current status (for the rejection note)
    roles: tuple[tuple[int, str], ...] = ()  # (person id, role)
    interviews: tuple[Meeting, ...] = ()


@dataclass(frozen=True)
class History:
    """Everything the rules read: the cases, the people, and each person's touches (in any order).

    The rules read only maxima and counts, so a caller may give `digests` (e.g. aggregated in SQL)
    instead of `touches`; when `digests` is None they are folded from `touches`.
    """

    cases: tuple[Case, ...]
    contacts: Mapping[int, Contact]
    touches: Mapping[int, tuple[Touch, ...]] = field(default_factory=dict)
    digests: Digests | None = None


@dataclass(frozen=True, slots=True)
class Due:
    """One follow-up to send: to whom, about what, by when, and the rule that asked for it."""

    person_id: int
    application_id: int | None
    kind: str
    due_on: dt.date
    rule: str
    reason: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Cold:
    """An application whose check-ins are used up without an answer: it should be marked ghosted."""

    application_id: int
    since: dt.date
    reason: str


@dataclass(frozen=True)
class Plan:
    """The outcome for one day: due items (most urgent first) and applications gone cold."""

    due: tuple[Due, ...]
    cold: tuple[Cold, ...]


def with_digests(history: History) -> History:
    """The history with its digests filled in (folded from the touches when not given)."""
    return history if history.digests is not None else replace(history, digests=_digests(history))


def _digests(history: History) -> Digests:
    if history.digests is not None:
        return history.digests
    return digest(t for ts in history.touches.values() for t in ts)


@functools.lru_cache(maxsize=None)  # a handful of settings, asked for tens of thousands of times a plan
def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _contactable(history: History, person_id: int) -> bool:
    contact = history.contacts.get(person_id)
    return contact is not None and not contact.do_not_contact


def primary(case: Case, history: History) -> int | None:
    """The person the after-apply note and check-ins go to, or None when nobody can be written to."""
    people = case.roles
    if case.interviews:
        last = max(case.interviews, key=lambda m: m.starts_at)
        people += tuple((pid, "interviewer") for pid in last.person_ids)
    contacts, last_rank = history.contacts, len(ROLE_ORDER)
    best = min(((_RANK.get(role, last_rank), pid) for pid, role in people
                if (contact := contacts.get(pid)) is not None and not contact.do_not_contact), default=None)
    return best[1] if best else None


class Written(NamedTuple):
    """Their latest message wanting a written answer, and the application it was about (None: none)."""

    person_id: int
    application_id: int | None
    at: dt.datetime

    @property
    def day(self) -> dt.date:
        """The calendar day of the message."""
        return self.at.date()


@dataclass(frozen=True, slots=True)
class Summary:
    """What the rules need from a thread, gathered from its digests (maxima and counts, not order)."""

    last_out: dict[int, dt.datetime]  # person -> our latest message
    last_in: dt.datetime  # their latest touch of any kind (datetime.min when none)
    last_written: dict[int, Written]  # person -> their latest message that wants a written answer
    thanked: dict[int, dt.datetime]  # person -> our latest thank-you
    checkins: tuple[dt.datetime, ...]  # the check-ins we sent (at least every one after `last_in`)

    @property
    def latest_out(self) -> dt.datetime | None:
        """Our latest message to anyone in the thread."""
        return max(self.last_out.values(), default=None)


def summarize(case: Case, history: History) -> Summary:
    """The thread of `case` from its people's digests about it or about no application."""
    last_out: dict[int, dt.datetime] = {}
    last_written: dict[int, Written] = {}
    thanked: dict[int, dt.datetime] = {}
    checkins: list[dt.datetime] = []
    last_in = _NEVER
    digests = _digests(history)
    for pid in people_of(case):
        mine = digests.get(pid)
        if not mine:
            continue
        # The application's own digest first: on a tie it wins (it is the stricter one to answer).
        for app_id in (case.id, None):
            d = mine.get(app_id)
            if d is None:
                continue
            out, came, written, thank, sent = d
            if out is not None and out > last_out.get(pid, _NEVER):
                last_out[pid] = out
            if thank is not None and thank > thanked.get(pid, _NEVER):
                thanked[pid] = thank
            if sent:
                checkins.extend(sent)
            if came is not None and came > last_in:
                last_in = came
            if written is not None:
                seen = last_written.get(pid)
                if seen is None or written > seen.at:
                    last_written[pid] = Written(pid, app_id, written)
    return Summary(last_out, last_in, last_written, thanked, tuple(checkins))


def _answered(incoming: Written, history: History) -> bool:
    """Whether we wrote to them since; a message about no application is answered by any message."""
    mine = _digests(history).get(incoming.person_id)
    if not mine:
        return False
    if incoming.application_id is None:
        return any(d.last_out is not None and d.last_out >= incoming.at for d in mine.values())
    for about in (incoming.application_id, None):  # about that application, or about none
        d = mine.get(about)
        if d is not None and d.last_out is not None and d.last_out >= incoming.at:
            return True
    return False


def _replies(case: Case, summary: Summary, history: History, s: Settings,
             owners: Mapping[int, int]) -> tuple[list[Due], bool]:
    """Replies owed in this thread, and whether any is pending (even one another thread will list)."""
    items, pending = [], False
    for pid, incoming in summary.last_written.items():
        if _answered(incoming, history) or not _contactable(history, pid):
            continue
        pending = True
        # A message about no application is listed once, under the person's first active application.
        if incoming.application_id is None and owners.get(pid, case.id) != case.id:
            continue
        items.append(Due(pid, case.id, "reply", incoming.day + _days(s.reply_days), f"reply/{s.reply_days}d",
                         f"they wrote on {incoming.day}; answer within {_plural(s.reply_days, 'day')}"))
    return items, pending


def _thank_yous(case: Case, summary: Summary, history: History, s: Settings) -> list[Due]:
    items = []
    people = sorted({pid for m in case.interviews for pid in m.person_ids})
    for pid in people:
        if not _contactable(history, pid):
            continue
        thanked = summary.thanked.get(pid)
        owed = [m for m in case.interviews if pid in m.person_ids
                and (thanked is None or thanked.date() < m.starts_at.date())]
        if owed:
            first = min(owed, key=lambda m: m.starts_at)
            last = max(owed, key=lambda m: m.starts_at)
            what = f"{last.kind} interview" if last.kind else "interview"
            items.append(Due(pid, case.id, "thank-you", (first.starts_at + _days(s.thank_you_days)).date(),
                             f"thank-you/{s.thank_you_days}d",
                             f"{what} on {last.starts_at.date()}; thank them within {24 * s.thank_you_days} hours"))
    return items


def _checkin_or_cold(case: Case, target: int, summary: Summary, restart: dt.datetime, first_due: dt.date,
                     first_rule: str, cap: int, today: dt.date, s: Settings) -> tuple[list[Due], Cold | None]:
    """The next check-in after `restart` (none before `first_due`), or the verdict that the cap is used up."""
    sent = [at for at in summary.checkins if at > restart]
    latest = summary.latest_out
    last_out = latest.date() if latest else None
    if len(sent) >= cap:
        cold_on = max(first_due, last_out + _days(s.checkin_days)) if last_out else first_due
        if cold_on <= today:
            since = f" since {max(sent).date()}" if sent else ""
            return [], Cold(case.id, cold_on, f"{_plural(len(sent), 'check-in')} unanswered{since}")
        return [], None
    due_on, rule = first_due, first_rule
    if last_out is not None and last_out + _days(s.checkin_days) > due_on:
        due_on, rule = last_out + _days(s.checkin_days), f"check-in/{s.checkin_days}d"
    since = f"since your message on {last_out}" if last_out else "yet"
    reason = f"no reply {since} (check-in {len(sent) + 1} of {cap})"
    return [Due(target, case.id, "check-in", due_on, rule, reason)], None


def _after_rejection(case: Case, history: History, today: dt.date, s: Settings) -> list[Due]:
    since = case.status_on
    if not s.rejection_note or since is None or today > since + _days(s.rejection_note_window_days):
        return []
    target = primary(case, history)
    if target is None:
        return []
    written = summarize(case, history).last_out.get(target)
    if written is not None and written.date() >= since:
        return []
    return [Due(target, case.id, "thank-you", since + _days(s.thank_you_days), "after-rejection/optional",
                f"rejected on {since}; optionally thank them for their time", optional=True)]


def people_of(case: Case) -> set[int]:
    """Everyone linked to an application: a role on it, or a seat in one of its interviews."""
    found = {pid for pid, _ in case.roles}
    for meeting in case.interviews:
        found.update(meeting.person_ids)
    return found


def owners(history: History) -> dict[int, int]:
    """Each person's first active application (where a message about no application is answered)."""
    found: dict[int, int] = {}
    for case in history.cases:
        if case.status not in CLOSED and case.status != "saved":
            for pid, _ in case.roles:  # people_of(case) without building its set: the minimum is the same
                found[pid] = min(found.get(pid, case.id), case.id)
            for meeting in case.interviews:
                for pid in meeting.person_ids:
                    found[pid] = min(found.get(pid, case.id), case.id)
    return found


def plan_case(case: Case, history: History, today: dt.date, s: Settings,
              owner: Mapping[int, int] | None = None) -> tuple[list[Due], Cold | None]:
    """What one application asks for today, before spacing and snoozes; and whether it went cold."""
    if case.status == "rejected":
        return _after_rejection(case, history, today, s), None
    if case.status in CLOSED or case.status == "saved":
        return [], None
    summary = summarize(case, history)
    items, waiting = _replies(case, summary, history, s, owners(history) if owner is None else owner)
    last_in = summary.last_in
    if case.interviews:
        items += _thank_yous(case, summary, history, s)
        last = max(m.starts_at for m in case.interviews)
        if items or waiting or last.date() > today:
            return items, None  # a reply or thank-you comes first; a coming interview comes first
        target = primary(case, history)  # asked only when a check-in may be written to them
        if target is None:
            return items, None
        if case.decision_on:
            first = case.decision_on + _days(s.checkin_after_decision_days)
            rule = f"check-in/decision+{s.checkin_after_decision_days}d"
        else:
            first = last.date() + _days(s.checkin_after_interview_days)
            rule = f"check-in/interview+{s.checkin_after_interview_days}d"
        more, cold = _checkin_or_cold(case, target, summary, max(last, last_in), first, rule,
                                      s.checkins_after_interview, today, s)
        return items + more, cold
    applied = case.applied_on
    if applied is None or waiting:
        return items, None
    target = primary(case, history)
    if target is None:
        return items, None
    applied_at = dt.datetime.combine(applied, dt.time.min)
    latest = summary.latest_out
    if latest is None or latest < applied_at:
        return [Due(target, case.id, "after-apply", applied + _days(s.after_apply_days),
                    f"after-apply/{s.after_apply_days}d", f"applied on {applied}; no note to them yet")], None
    restart = max(last_in, applied_at)
    return _checkin_or_cold(case, target, summary, restart, applied + _days(s.checkin_days),
                            f"check-in/{s.checkin_days}d", s.checkins_after_apply, today, s)


def _last_out(digests: Mapping[int | None, Digest]) -> dt.date | None:
    last = None
    for d in digests.values():  # a loop, not max() over a generator: most people have one or two
        if d.last_out is not None and (last is None or d.last_out > last):
            last = d.last_out
    return last.date() if last else None


def space(items: Iterable[Due], history: History, s: Settings, today: dt.date) -> list[Due]:
    """Move due dates so no person gets two messages within the spacing, nor any before a snooze ends.

    An overdue item can only be sent from `today` on, so the next item for that person is spaced from
    today, not from the past due date: otherwise both fall due at once and go out the same day.
    """
    by_person: dict[int, list[Due]] = defaultdict(list)
    for item in items:
        by_person[item.person_id].append(item)
    spaced = []
    gap = _days(s.spacing_days)
    digests = _digests(history)
    for pid, group in by_person.items():
        contact = history.contacts[pid]
        mine = digests.get(pid)
        last = _last_out(mine) if mine else None
        floor, snoozed = (last + gap if last is not None else None), False
        if contact.snoozed_until and (floor is None or contact.snoozed_until > floor):
            floor, snoozed = contact.snoozed_until, True
        previous = None
        if len(group) > 1:
            group.sort(key=lambda d: (d.due_on, PRIORITY.get(d.kind, 9), d.application_id or 0))
        for item in group:
            due_on, note = item.due_on, ""
            if floor and due_on < floor:
                # Worded only when used: most items are not moved.
                due_on, note = floor, (f"snoozed until {contact.snoozed_until}" if snoozed else
                                       f"spaced {_plural(s.spacing_days, 'day')} after your message on {last}")
            if previous and due_on < previous + gap:
                due_on, note = previous + gap, f"spaced {_plural(s.spacing_days, 'day')} after another note to them"
            previous = max(due_on, today)
            spaced.append(Due(item.person_id, item.application_id, item.kind, due_on, item.rule,
                              f"{item.reason}; {note}", item.optional) if note else item)
    return spaced


def sort_key(item: Due) -> tuple:
    """Most urgent first: earliest due date, then replies, thank-yous, notes, check-ins."""
    return (item.due_on, PRIORITY.get(item.kind, 9), item.optional, item.application_id or 0, item.person_id)


KEEP_IN_TOUCH = "keep-in-touch"  # the rule's name; the note it asks for is a check-in about no application


def keeping_in_touch(history: History, today: dt.date) -> list[Due]:
    """A check-in to each person with a keep-in-touch rhythm who is on no open application, that long
    after the last exchange either way (today when nothing is logged with them yet)."""
    busy: set[int] = set()
    for case in history.cases:
        if case.status not in CLOSED:
            busy |= people_of(case)
    digests = _digests(history)
    items = []
    for pid, contact in history.contacts.items():
        days = contact.keep_in_touch_days
        if not days or contact.do_not_contact or pid in busy:
            continue
        times = [t for d in (digests.get(pid) or {}).values() for t in (d.last_out, d.last_in) if t is not None]
        every = f"keep in touch every {_plural(days, 'day')}"
        if times:
            last = max(times).date()
            items.append(Due(pid, None, "check-in", last + _days(days), f"{KEEP_IN_TOUCH}/{days}d",
                             f"{every}; last exchange on {last}"))
        else:
            items.append(Due(pid, None, "check-in", today, f"{KEEP_IN_TOUCH}/{days}d",
                             f"{every}; nothing logged with them yet"))
    return items


def plan(history: History, today: dt.date, settings: Settings | None = None) -> Plan:
    """Every follow-up the history asks for as of `today` (due or not yet), and the cold applications."""
    s = settings or Settings()
    history = with_digests(history)  # fold the touches once, not once per application
    raw: list[Due] = []
    cold: list[Cold] = []
    owner = owners(history)
    for case in history.cases:
        items, gone = plan_case(case, history, today, s, owner)
        raw.extend(items)
        if gone:
            cold.append(gone)
    raw.extend(keeping_in_touch(history, today))
    return Plan(tuple(sorted(space(raw, history, s, today), key=sort_key)), tuple(cold))


def urgency(due_on: dt.date, today: dt.date) -> str:
    """"overdue", "due today" or "upcoming"."""
    if due_on < today:
        return "overdue"
    return "due today" if due_on == today else "upcoming"
