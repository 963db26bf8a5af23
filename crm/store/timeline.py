"""A contact's or an application's timeline: interactions, status changes and interviews, oldest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from crm.store.models import Application, Interaction, Interview, InterviewParticipant, Person, StatusChange
from crm.store.records import interaction_record


@dataclass(frozen=True)
class Event:
    """One line of a timeline: an interaction, a status change or an interview."""

    at: dt.datetime
    type: str
    id: int
    summary: str
    fields: dict[str, Any] = field(default_factory=dict, compare=False)

    def record(self) -> dict[str, Any]:
        """The event as a JSON-ready dict."""
        return {"type": self.type, "id": self.id, "at": self.at, "summary": self.summary, **self.fields}


def _interaction_event(i: Interaction, who: str) -> Event:
    arrow = "to" if i.direction == "out" else "from"
    text = f"{i.kind} ({i.channel}) {arrow} {who}" + (f": {i.note}" if i.note else "")
    return Event(i.occurred_at, "interaction", i.id, text, interaction_record(i))


def history(*, person: Person | None = None, application: Application | None = None) -> list[Event]:
    """A contact's or an application's timeline, oldest first (a fixed number of queries)."""
    events: list[Event] = []
    interactions = Interaction.select(Interaction, Person).join(Person)
    interviews = Interview.select().order_by(Interview.starts_at)
    if person is not None:
        interactions = interactions.where(Interaction.person == person)
        interviews = interviews.where(Interview.id.in_(
            InterviewParticipant.select(InterviewParticipant.interview).where(InterviewParticipant.person == person)))
    else:
        interactions = interactions.where(Interaction.application == application)
        interviews = interviews.where(Interview.application == application)
        for s in StatusChange.select().where(StatusChange.application == application):
            text = f"status {s.from_status} -> {s.to_status}" if s.from_status else f"status {s.to_status}"
            events.append(Event(dt.datetime.combine(s.changed_on, dt.time()), "status", s.id, text,
                                {"from_status": s.from_status, "to_status": s.to_status, "on": s.changed_on}))
    events += [_interaction_event(i, i.person.name) for i in interactions]
    events += [Event(v.starts_at, "interview", v.id, f"interview {v.kind}".strip()
                     + (f" at {v.location}" if v.location else ""),
                     {"application_id": v.application_id, "kind": v.kind, "location": v.location})
               for v in interviews]
    order = {"status": 0, "interview": 1, "interaction": 2}
    return sorted(events, key=lambda e: (e.at, order[e.type], e.id))
