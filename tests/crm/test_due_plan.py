"""The store's plan of what is due: it loads only what can still ask for something, and plans the
same as the pure rules over everything."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from crm import store
from crm.followup import cadence
from crm.followup.settings import Settings
from crm.store.plans import load

pytestmark = pytest.mark.usefixtures("db")

D = dt.date
TODAY = D(2026, 11, 30)


def _rejected(n: int, on: D) -> int:
    """An application rejected `on` that day, with its hiring manager written to before."""
    person = store.add_contact(f"Manager {n}")
    app = store.add_application(f"https://jobs.example/{n}", title=f"Role {n}", applied_on=on - dt.timedelta(days=20),
                                today=on - dt.timedelta(days=20))
    store.link(app, person, "hiring_manager")
    store.log_interaction(person, "after-apply", application=app, occurred_at=dt.datetime.combine(
        on - dt.timedelta(days=19), dt.time(9)))
    store.set_status(app, "rejected", on)
    return app.id


def test_old_rejections_are_not_loaded_and_the_plan_is_the_same() -> None:
    recent, old = _rejected(1, D(2026, 11, 25)), _rejected(2, D(2026, 10, 1))
    edge = _rejected(3, TODAY - dt.timedelta(days=Settings().rejection_note_window_days))  # the last day it is owed
    active = store.add_application("https://jobs.example/4", title="Role 4", applied_on=D(2026, 11, 20),
                                   today=D(2026, 11, 20))
    store.link(active, store.add_contact("Recruiter 4"), "recruiter")
    settings = Settings()
    loaded = {c.id for c in load(today=TODAY, settings=settings).history.cases}
    assert loaded == {recent, edge, active.id}
    everything = load().history
    assert old in {c.id for c in everything.cases}
    planned = store.plan_due(TODAY, settings, 3650)
    assert [(d.person_id, d.application_id, d.kind, d.due_on) for d, _ in planned.due] == \
        [(d.person_id, d.application_id, d.kind, d.due_on) for d in cadence.plan(everything, TODAY, settings).due]
    assert {d.application_id for d, _ in planned.due if d.kind == "thank-you"} == {recent, edge}


def test_without_the_rejection_note_no_rejection_is_loaded() -> None:
    _rejected(1, D(2026, 11, 25))
    settings = dataclasses.replace(Settings(), rejection_note=False)
    assert load(today=TODAY, settings=settings).history.cases == ()
    assert store.plan_due(TODAY, settings).items == []
