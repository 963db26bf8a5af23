"""One application walked through its whole life on a fixed calendar, on SQLite and PostgreSQL.

Day 0 is Monday 2026-03-02. Each simulated day, things happen to the user (a reply arrives, an
interview is booked, a decision date is given), then the user sends exactly what `due_items` lists as
due, and the test compares the resulting log, day by day, with the schedule the cadence promises.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from crm import store
from crm.followup.digest import Touch, digest
from crm.followup.settings import Settings
from crm.store.models import (
    KINDS,
    Application,
    ApplicationContact,
    Company,
    Interaction,
    Person,
    StatusChange,
    database,
)

D0 = dt.date(2026, 3, 2)


def due_items(today: dt.date, within: int = 0) -> list[dict]:
    """What `crm due --json` lists on `today`."""
    return store.plan_due(today, Settings(), within).items


def cold_applications(today: dt.date) -> list[dict]:
    """What `crm due` says it would mark cold on `today`."""
    return store.plan_due(today, Settings()).cold


def mark_cold(today: dt.date) -> list[dict]:
    """What `crm due --mark-cold` marks on `today`."""
    cold = cold_applications(today)
    store.mark_cold(cold, today)
    return cold


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def world() -> dict[str, object]:
    acme = Company.create(name="Acme", name_key="acme", domain="acme.com")
    jane = Person.create(name="Jane Doe", company=acme, email="jane@acme.com")
    rob = Person.create(name="Rob Roe", company=acme)
    ann = Person.create(name="Ann Lee", company=acme)
    app = Application.create(url="https://acme.com/jobs/1", title="Backend Engineer", company=acme,
                             status="applied", applied_on=D0)
    ApplicationContact.create(application=app, person=jane, role="hiring_manager")
    ApplicationContact.create(application=app, person=rob, role="recruiter")
    return {"app": app, "jane": jane, "rob": rob, "ann": ann}


def incoming(person: Person, n: int, app: Application) -> None:
    Interaction.create(person=person, application=app, kind="reply", direction="in",
                       occurred_at=dt.datetime.combine(day(n), dt.time(15)))


def run(w: dict, days: int, memos: bool = False) -> dict[int, list[tuple[str, str, str]]]:
    """Live `days` days: the events of the story, then send what is due. Returns what was due each day.

    With `memos`, the user also logs a note about everyone every morning (`crm log X --kind note`,
    out by default, and one marked in): memos are no touches, so nothing due may change.
    """
    app, jane, rob, ann = w["app"], w["jane"], w["rob"], w["ann"]
    events = {
        18: lambda: incoming(rob, 18, app),
        20: lambda: store.record_interview(Application.get_by_id(app.id), dt.datetime.combine(day(24), dt.time(14)),
                                              [jane, ann], kind="onsite", today=day(20)),
        26: lambda: store.set_decision(Application.get_by_id(app.id), day(35)),
        50: lambda: incoming(jane, 50, app),
    }
    seen: dict[int, list[tuple[str, str, str]]] = {}
    for n in range(days + 1):
        if n in events:
            events[n]()
        for person, direction in ((jane, "out"), (rob, "in"), (ann, "out")) if memos else ():
            store.log_interaction(person, "note", application=app if n % 2 else None, direction=direction,
                                  occurred_at=dt.datetime.combine(day(n), dt.time(8)))
        due_now = due_items(day(n))
        assert all(i["due_on"] <= day(n).isoformat() for i in due_now)
        if due_now:
            seen[n] = [(i["kind"], i["contact"]["name"], i["rule"]) for i in due_now]
        for item in due_now:
            person = Person.get_by_id(item["contact"]["id"])
            store.log_sent(person, Application.get_by_id(item["application"]["id"]), item["kind"],
                              dt.datetime.combine(day(n), dt.time(18)))
    return seen


EXPECTED = {
    2: [("after-apply", "Jane Doe", "after-apply/2d")],
    9: [("check-in", "Jane Doe", "check-in/7d")],
    16: [("check-in", "Jane Doe", "check-in/7d")],
    19: [("reply", "Rob Roe", "reply/1d")],  # Rob wrote on day 18: the check-in clock restarts
    25: [("thank-you", "Jane Doe", "thank-you/1d"), ("thank-you", "Ann Lee", "thank-you/1d")],
    42: [("check-in", "Jane Doe", "check-in/decision+7d")],  # decision date day 35, plus a week
    49: [("check-in", "Jane Doe", "check-in/7d")],
    52: [("reply", "Jane Doe", "reply/1d")],  # Jane wrote on day 50; spaced 3 days after day 49
    59: [("check-in", "Jane Doe", "check-in/7d")],
    66: [("check-in", "Jane Doe", "check-in/7d")],
    73: [("check-in", "Jane Doe", "check-in/7d")],  # the third after Jane's reply: the cap
}


def test_the_whole_story_day_by_day(db):
    w = world()
    assert run(w, 85) == EXPECTED
    assert Application.get_by_id(w["app"].id).status == "interviewing"  # listing never writes
    cold = cold_applications(day(85))
    assert cold == [{"application": {"id": w["app"].id, "title": "Backend Engineer", "company": "Acme"},
                     "since": day(80).isoformat(), "reason": "3 check-ins unanswered since 2026-05-14"}]


def test_notes_logged_every_day_change_nothing_due(db):
    w = world()
    assert run(w, 85, memos=True) == EXPECTED
    assert cold_applications(day(85))[0]["since"] == day(80).isoformat()


def test_nothing_is_due_twice_nor_closer_than_the_spacing(db):
    run(world(), 85)
    rows = Interaction.select().where(Interaction.direction == "out").order_by(Interaction.occurred_at)
    last: dict[int, dt.date] = {}
    for row in rows:
        if row.person_id in last:
            assert (row.occurred_at.date() - last[row.person_id]).days >= 3, row.person_id
        last[row.person_id] = row.occurred_at.date()


def test_the_json_item_shape_and_upcoming_items(db):
    w = world()
    items = due_items(day(0), within=2)
    assert items == [{
        "contact": {"id": w["jane"].id, "name": "Jane Doe"},
        "application": {"id": w["app"].id, "title": "Backend Engineer", "company": "Acme"},
        "kind": "after-apply", "due_on": "2026-03-04", "days_overdue": 0,
        "reason": "applied on 2026-03-02; no note to them yet", "urgency": "upcoming", "rule": "after-apply/2d",
    }]
    assert due_items(day(0), within=1) == []
    assert due_items(day(5))[0]["urgency"] == "overdue"
    assert due_items(day(5))[0]["days_overdue"] == 3


def test_mark_cold_records_ghosted_once(db):
    w = world()
    for n, kind in ((2, "after-apply"), (9, "check-in"), (16, "check-in")):
        store.log_sent(w["jane"], w["app"], kind, dt.datetime.combine(day(n), dt.time(18)))
    assert cold_applications(day(22)) == []
    marked = mark_cold(day(23))
    assert [m["application"]["id"] for m in marked] == [w["app"].id]
    assert Application.get_by_id(w["app"].id).status == "ghosted"
    change = StatusChange.get(StatusChange.to_status == "ghosted")
    assert (change.from_status, change.changed_on) == ("applied", day(23))
    assert mark_cold(day(24)) == [] and due_items(day(24)) == []


@pytest.mark.parametrize("status", ["offer", "accepted", "withdrawn", "ghosted", "saved"])
def test_closed_or_saved_applications_ask_for_nothing(db, status):
    w = world()
    Application.update(status=status).execute()
    assert due_items(day(10), within=30) == []
    assert w["app"].id


def test_do_not_contact_and_snooze(db):
    w = world()
    Person.update(do_not_contact=True).where(Person.id == w["jane"].id).execute()
    assert [i["contact"]["name"] for i in due_items(day(5))] == ["Rob Roe"]
    store.snooze(Person.get_by_id(w["rob"].id), day(9))
    assert due_items(day(5)) == []
    assert due_items(day(5), within=4)[0]["due_on"] == day(9).isoformat()


def _count_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = database.obj.execute_sql

    def counting(sql, *args, **kwargs):
        seen.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", counting)
    return seen


def test_loading_takes_the_same_number_of_queries_for_one_or_many_applications(db, monkeypatch):
    w = world()
    seen = _count_queries(monkeypatch)
    due_items(day(30))
    one = len(seen)
    with database.atomic():
        for n in range(30):
            app = Application.create(url=f"https://acme.com/jobs/x{n}", title=f"Role {n}", status="applied",
                                     applied_on=D0)
            person = Person.create(name=f"Person {n}")
            ApplicationContact.create(application=app, person=person, role="hiring_manager")
            Interaction.create(person=person, application=app, kind="after-apply",
                               occurred_at=dt.datetime.combine(day(1), dt.time(9)))
            store.record_interview(app, dt.datetime.combine(day(3), dt.time(9)), [person, w["ann"]], today=day(2))
    seen.clear()
    assert len(due_items(day(30))) > 30
    assert len(seen) == one


def test_the_digests_folded_in_sql_equal_the_pure_fold_of_the_same_log(db):
    # The store aggregates in SQL what `cadence.digest` folds in Python: a second implementation,
    # so both must agree on a varied log (every kind, both directions, no application, sub-second times).
    w = world()
    other = Application.create(url="https://acme.com/jobs/2", title="Platform Engineer", status="applied",
                               applied_on=D0)
    ApplicationContact.create(application=other, person=w["jane"], role="hiring_manager")
    store.record_interview(w["app"], dt.datetime.combine(day(3), dt.time(9)), [w["ann"]], today=day(2))
    rng = random.Random(7)
    touches = []
    with database.atomic():
        for _ in range(300):
            person = rng.choice((w["jane"], w["rob"], w["ann"]))
            app = rng.choice((w["app"], other, None))
            at = dt.datetime.combine(day(rng.randrange(60)), dt.time(rng.randrange(24), rng.randrange(60)),
                                     ) + dt.timedelta(microseconds=rng.choice((0, 0, 250_000)))
            kind, direction = rng.choice(KINDS), rng.choice(("in", "out"))  # notes included: both folds drop them
            Interaction.create(person=person, application=app, kind=kind, direction=direction, occurred_at=at)
            touches.append(Touch(person.id, app.id if app else None, at, kind, direction))
    from crm.store.plans import load

    got = load().history.digests
    want = digest(touches)

    def canonical(digests):
        return {pid: {app: d._replace(checkins=tuple(sorted(d.checkins))) for app, d in by_app.items()}
                for pid, by_app in digests.items()}

    assert canonical(got) == canonical(want)
    assert any(d.checkins for by_app in want.values() for d in by_app.values())
