"""Properties of the cadence over random histories: caps, spacing, snoozes, closed and do-not-contact.

Each example builds a random world (people, applications, interviews, messages from them), then a
simulated user sends everything that is due, day by day for 90 days; the invariants are checked on
both every day's plan and the resulting log of sent messages. A logged "note" is the user's memo,
never a touch: the invariants ignore notes, and adding notes anywhere changes no plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import given, settings as hsettings, strategies as st

from crm.followup.cadence import CLOSED, Case, Contact, History, Meeting, plan
from crm.followup.digest import NOT_TOUCHES, Touch
from crm.store.models import ROLES, STATUSES
from crm.followup.settings import Settings

D0 = dt.date(2026, 1, 5)
DAYS = 90
PEOPLE = (1, 2, 3, 4)
APPS = (10, 11, 12)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Case], dict[int, Contact], list[Touch], Settings]:
    contacts = {pid: Contact(pid, f"P{pid}", draw(st.integers(0, 4)) == 0,
                             draw(st.none() | st.integers(0, 60).map(day)))
                for pid in PEOPLE}
    cases = []
    for app in APPS[: draw(st.integers(1, len(APPS)))]:
        roles = tuple(draw(st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(ROLES)), max_size=3)))
        interviews = tuple(
            Meeting(app * 10 + i, dt.datetime.combine(day(draw(st.integers(0, 70))), dt.time(draw(st.integers(8, 17)))),
                    tuple(sorted(set(draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3))))))
            for i in range(draw(st.integers(0, 2))))
        cases.append(Case(app, draw(st.sampled_from(STATUSES)), day(draw(st.integers(0, 20))),
                          draw(st.none() | st.integers(0, 80).map(day)), day(draw(st.integers(0, 30))),
                          roles, interviews))
    incoming = [Touch(draw(st.sampled_from(PEOPLE)), draw(st.sampled_from(APPS) | st.none()),
                      dt.datetime.combine(day(draw(st.integers(0, DAYS))), dt.time(15)),
                      draw(st.sampled_from(("reply", "note", "call"))), "in")
                for _ in range(draw(st.integers(0, 6)))]
    s = Settings(spacing_days=draw(st.integers(0, 5)), checkins_after_apply=draw(st.integers(0, 3)),
                 checkins_after_interview=draw(st.integers(0, 4)), checkin_days=draw(st.integers(1, 10)))
    return cases, contacts, incoming, s


def history(cases: list[Case], contacts: dict[int, Contact], touches: list[Touch]) -> History:
    by: dict[int, list[Touch]] = defaultdict(list)
    for t in sorted(touches, key=lambda t: t.at):
        by[t.person_id].append(t)
    return History(tuple(cases), contacts, {k: tuple(v) for k, v in by.items()})


def simulate(cases: list[Case], contacts: dict[int, Contact], incoming: list[Touch], s: Settings) -> list[Touch]:
    """Send everything due each day; check each day's plan on the way. Returns the sent log."""
    sent: list[Touch] = []
    for n in range(DAYS + 1):
        today = day(n)
        known = [t for t in incoming if t.day <= today] + sent
        result = plan(history(cases, contacts, known), today, s)
        check_plan(result.due, cases, contacts, known, today, s)
        for i, item in enumerate(x for x in result.due if x.due_on <= today):
            at = dt.datetime.combine(today, dt.time(18, i))  # after the day's messages from them (15:00)
            sent.append(Touch(item.person_id, item.application_id, at, item.kind, "out"))
    return sent


def check_plan(items, cases, contacts, known, today, s) -> None:
    status = {c.id: c.status for c in cases}
    last_out: dict[int, dt.date] = {}
    for t in known:
        if t.direction == "out" and t.kind not in NOT_TOUCHES:
            last_out[t.person_id] = max(t.day, last_out.get(t.person_id, t.day))
    by_person = defaultdict(list)
    for d in items:
        assert not contacts[d.person_id].do_not_contact, d
        assert status[d.application_id] not in CLOSED or (status[d.application_id] == "rejected" and d.optional), d
        assert status[d.application_id] != "saved", d
        if d.person_id in last_out:
            assert d.due_on >= last_out[d.person_id] + dt.timedelta(days=s.spacing_days), d
        snooze = contacts[d.person_id].snoozed_until
        assert snooze is None or d.due_on >= snooze, d
        by_person[d.person_id].append(max(d.due_on, today))  # an overdue item goes out today at the earliest
    for days in by_person.values():
        days.sort()
        assert all(b - a >= dt.timedelta(days=s.spacing_days) for a, b in zip(days, days[1:])), days


def linked(case: Case) -> set[int]:
    return {p for p, _ in case.roles} | {p for m in case.interviews for p in m.person_ids}


@hsettings(max_examples=150, deadline=None)
@given(worlds())
def test_simulated_user_never_breaks_the_caps_spacing_or_stops(world):
    cases, contacts, incoming, s = world
    sent = simulate(cases, contacts, incoming, s)
    for pid in PEOPLE:
        days = [t.day for t in sent if t.person_id == pid]
        assert all(b - a >= dt.timedelta(days=s.spacing_days) for a, b in zip(days, days[1:])), (pid, days)
        assert not (days and contacts[pid].do_not_contact)
        assert not days or contacts[pid].snoozed_until is None or days[0] >= contacts[pid].snoozed_until
    for case in cases:
        mine = [t for t in sent if t.application_id == case.id]
        if case.status in CLOSED or case.status == "saved":
            assert len(mine) <= (1 if case.status == "rejected" else 0), mine
            continue
        assert sum(t.kind == "after-apply" for t in mine) <= 1
        people = linked(case)
        thread_in = [t.at for t in incoming if t.person_id in people and t.application_id in (case.id, None)
                     and t.kind not in NOT_TOUCHES]
        restarts = sorted(thread_in + [m.starts_at for m in case.interviews])
        bounds = [dt.datetime.min] + restarts + [dt.datetime.max]
        for start, end in zip(bounds, bounds[1:]):
            after_interview = any(m.starts_at <= start for m in case.interviews)
            cap = s.checkins_after_interview if after_interview else s.checkins_after_apply
            checkins = [t for t in mine if t.kind == "check-in" and start < t.at < end]
            assert len(checkins) <= cap, (start, end, checkins)
        for pid in people:
            thanks = [t for t in mine if t.kind == "thank-you" and t.person_id == pid]
            assert len(thanks) <= sum(pid in m.person_ids for m in case.interviews)
            replies = [t for t in sent if t.kind == "reply" and t.person_id == pid]
            assert len(replies) <= sum(t.person_id == pid and t.kind not in NOT_TOUCHES for t in incoming)


@hsettings(max_examples=100, deadline=None)
@given(worlds(), st.integers(0, DAYS), st.lists(st.tuples(st.sampled_from(PEOPLE), st.integers(0, DAYS),
                                                        st.sampled_from(("after-apply", "check-in", "note"))),
                                              max_size=8))
def test_any_history_gives_a_plan_within_the_rules(world, today, outgoing):
    cases, contacts, incoming, s = world
    sent = [Touch(p, cases[0].id, dt.datetime.combine(day(n), dt.time(11)), kind, "out") for p, n, kind in outgoing]
    known = [t for t in incoming + sent if t.day <= day(today)]
    check_plan(plan(history(cases, contacts, known), day(today), s).due, cases, contacts, known, day(today), s)


@hsettings(max_examples=100, deadline=None)
@given(worlds(), st.integers(0, DAYS), st.randoms(use_true_random=False))
def test_the_order_of_touches_does_not_matter(world, today, rng):
    cases, contacts, incoming, s = world
    touches = [t for t in simulate(cases, contacts, incoming, s) + incoming if t.day <= day(today)]
    shuffled = list(touches)
    rng.shuffle(shuffled)
    by: dict[int, list[Touch]] = defaultdict(list)
    for t in shuffled:
        by[t.person_id].append(t)
    unsorted = History(tuple(cases), contacts, {k: tuple(v) for k, v in by.items()})
    assert plan(unsorted, day(today), s) == plan(history(cases, contacts, touches), day(today), s)


@hsettings(max_examples=100, deadline=None)
@given(worlds(), st.integers(0, DAYS), st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(APPS) | st.none(),
                                                        st.integers(0, DAYS), st.sampled_from(("in", "out"))),
                                              min_size=1, max_size=8))
def test_notes_change_no_plan(world, today, notes):
    # `crm log X --kind note` is the user's own memo: never a follow-up sent, a message received, a
    # restarted clock or a reason to space the next note.
    cases, contacts, incoming, s = world
    touches = [t for t in simulate(cases, contacts, incoming, s) + incoming if t.day <= day(today)]
    memos = [Touch(p, app, dt.datetime.combine(day(n), dt.time(12)), "note", direction)
             for p, app, n, direction in notes if n <= today]
    with_memos = plan(history(cases, contacts, touches + memos), day(today), s)
    assert with_memos == plan(history(cases, contacts, touches), day(today), s)
