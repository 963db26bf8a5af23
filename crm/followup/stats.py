"""Pure figures of a search: the funnel, reply rates to follow-ups, days to a first reply, applications a week.

No database and no clock: `crm.store.stats` streams the rows in, `crm stats` prints the result. The
published reference figures shown beside the user's own live here too, each with its source; a rate
with no solid published figure has none (see `REFERENCES`).

Choices made here:
- An application *reached* a stage when its history holds a change into it, or it went further down
  the funnel (an offer was interviewed for; a rejection, a ghosting or an interview was applied for).
- A message is *replied to* when the person next writes (or calls) about that application, or about
  no application, before the user writes to them about it again; a reply is credited to the latest
  message it follows. A message younger than `settle_days` with no reply yet is left out of its rate
  (it has not had its chance).
- Check-ins are numbered per person and application since their last reply: check-in 1 is the first
  nudge after a silence.
- Days to a first reply run from the applied date to the first message in from anyone on the
  application (about it, or about nothing in particular), for applications with such a message.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Iterable, Mapping

from crm.followup.digest import NOT_TOUCHES, Touch

FORWARD = ("saved", "applied", "interviewing", "offer", "accepted")
# A status implies the forward stages before it (a rejection was applied for, an offer interviewed for).
IMPLIES = {"saved": 0, "applied": 1, "interviewing": 2, "offer": 3, "accepted": 4,
           "rejected": 1, "ghosted": 1, "withdrawn": 0}
NUDGES = ("after-apply", "check-in")
MAX_CHECKIN = 3  # check-ins from the third on share one row


@dataclass(frozen=True)
class Reference:
    """A published figure and where it comes from."""

    key: str  # what it stands beside: "interviewing" (applied -> interviewing), "offer" (interviewing -> offer)
    rate: float
    label: str
    source: str
    url: str


# Only figures from a named study with its sample and year; each is the employer's side of the
# same step, so the label says what was measured. Reply rates to follow-ups and days to a first
# reply have no solid published figure (the numbers quoted in career blogs name no method, and
# cold-sales reply studies measure another kind of email): they are shown with none.
CAREERPLUG = ("CareerPlug, 2025 Recruiting Metrics Report (hiring in 2024 at 60,000+ US small businesses, "
              "10M+ applications)")
CAREERPLUG_URL = "https://www.careerplug.com/recruiting-metrics-and-kpis/"
REFERENCES = (
    Reference("interviewing", 0.03, "3% of applicants interviewed", CAREERPLUG, CAREERPLUG_URL),
    Reference("offer", 0.27, "27% of interviews led to a hire", CAREERPLUG, CAREERPLUG_URL),
)


@dataclass(frozen=True)
class AppFacts:
    """An application as the figures see it: its status now, every status it had, when it was applied for."""

    id: int
    status: str
    statuses: frozenset[str]
    applied_on: dt.date | None


@dataclass(frozen=True)
class Stage:
    """One line of the funnel: how many applications reached a stage, out of how many at the stage before."""

    stage: str
    count: int
    base: str | None  # the stage the rate is of
    of: int | None
    rate: float | None
    reference: Reference | None = None


@dataclass(frozen=True)
class ReplyRate:
    """Replies to one kind of message: sent, replied, waiting (too recent to count), rate of those counted."""

    message: str
    sent: int
    replied: int
    waiting: int
    rate: float | None


@dataclass(frozen=True)
class Week:
    """Applications applied for in the week starting `start` (a Monday)."""

    start: dt.date
    count: int


@dataclass(frozen=True)
class Stats:
    """Every figure `crm stats` shows."""

    applications: int
    funnel: tuple[Stage, ...]
    replies: tuple[ReplyRate, ...]
    median_days_to_first_reply: float | None
    replied_applications: int
    weeks: tuple[Week, ...]
    references: tuple[Reference, ...] = field(default=REFERENCES)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _depth(app: AppFacts) -> int:
    """How far down the forward funnel an application went."""
    return max(IMPLIES.get(s, 0) for s in app.statuses | {app.status})


def funnel(apps: Iterable[AppFacts]) -> tuple[Stage, ...]:
    """Saved -> applied -> interviewing -> offer, then how the applied ones ended (rejected, ghosted ...)."""
    listed = list(apps)
    depth = [_depth(a) for a in listed]
    reached = [sum(1 for d in depth if d >= i) for i in range(len(FORWARD))]
    refs = {r.key: r for r in REFERENCES}
    stages = [Stage("saved", reached[0], None, None, None)]
    for i in (1, 2, 3):
        name = FORWARD[i]
        stages.append(Stage(name, reached[i], FORWARD[i - 1], reached[i - 1], _rate(reached[i], reached[i - 1]),
                            refs.get(name)))
    applied = reached[1]
    for outcome in ("accepted", "rejected", "ghosted", "withdrawn"):
        count = sum(1 for a in listed if a.status == outcome)
        base = "offer" if outcome == "accepted" else "applied"
        whole = reached[3] if outcome == "accepted" else applied
        stages.append(Stage(outcome, count, base, whole, _rate(count, whole)))
    return tuple(stages)


def _label(kind: str, nth: int) -> str:
    return kind if kind == "after-apply" else f"check-in {min(nth, MAX_CHECKIN)}" + ("+" if nth >= MAX_CHECKIN else "")


def replies(touches: Iterable[Touch], today: dt.date, settle_days: int = 7,
            roles: Mapping[int, frozenset[int]] | None = None) -> tuple[tuple[ReplyRate, ...], dict[int, dt.datetime]]:
    """Reply rates to after-apply notes and to each check-in, and each application's first message in.

    `touches` must come ordered by person, then time (one person's history at a time: memory stays
    flat however long the log). `roles` maps a person to the applications they are on, so a message
    from them about no application counts as a first reply on each of those.
    """
    sent: dict[str, int] = defaultdict(int)
    replied: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = defaultdict(int)
    first_in: dict[int, dt.datetime] = {}
    settled = dt.datetime.combine(today - dt.timedelta(days=settle_days), dt.time.max)
    roles = roles or {}

    def close(open_: dict[int | None, tuple[str, dt.datetime]], app: int | None, answered: bool,
              final: bool = False) -> None:
        label, at = open_.pop(app)
        if answered:
            replied[label] += 1
        elif final and at > settled:  # still unanswered, and too recent to call it
            waiting[label] += 1

    for person, history in groupby(touches, key=lambda t: t.person_id):
        open_: dict[int | None, tuple[str, dt.datetime]] = {}  # app -> (row label, sent at) awaiting a reply
        nth: dict[int | None, int] = defaultdict(int)  # check-ins since their last reply, per app
        for touch in history:
            if touch.kind in NOT_TOUCHES:
                continue
            app = touch.application_id
            if touch.direction == "out":
                if app in open_:  # writing again (a nudge, a thank-you, anything) ends the wait unanswered
                    close(open_, app, False)
                if touch.kind not in NUDGES:
                    continue
                if touch.kind == "check-in":
                    nth[app] += 1
                label = _label(touch.kind, nth[app])
                sent[label] += 1
                open_[app] = (label, touch.at)
                continue
            # a message in: it answers the thread it names, or every open thread when it names none
            for key in ([app, None] if app is not None else list(open_)):
                if key in open_:
                    close(open_, key, True)
                nth[key] = 0
            if app is None:
                nth.clear()
            for target in ({app} if app is not None else roles.get(person, frozenset())):
                if target not in first_in or touch.at < first_in[target]:
                    first_in[target] = touch.at
        for key in list(open_):
            close(open_, key, False, final=True)
    order = ["after-apply"] + [f"check-in {i}" for i in range(1, MAX_CHECKIN)] + [f"check-in {MAX_CHECKIN}+"]
    rows = tuple(ReplyRate(label, sent[label], replied[label], waiting[label],
                           _rate(replied[label], sent[label] - waiting[label]))
                 for label in order if sent[label])
    return rows, first_in


def first_reply_days(apps: Iterable[AppFacts], first_in: Mapping[int, dt.datetime]) -> tuple[float | None, int]:
    """The median days from applying to the first message in, and over how many applications."""
    days = [(first_in[a.id].date() - a.applied_on).days for a in apps
            if a.applied_on is not None and a.id in first_in and first_in[a.id].date() >= a.applied_on]
    return (statistics.median(days) if days else None), len(days)


def per_week(apps: Iterable[AppFacts], today: dt.date, weeks: int) -> tuple[Week, ...]:
    """Applications applied for in each of the last `weeks` weeks (Monday to Sunday), oldest first."""
    this_monday = today - dt.timedelta(days=today.weekday())
    starts = [this_monday - dt.timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    counts: dict[dt.date, int] = defaultdict(int)
    for a in apps:
        if a.applied_on is not None:
            counts[a.applied_on - dt.timedelta(days=a.applied_on.weekday())] += 1
    return tuple(Week(start, counts[start]) for start in starts)


def compute(apps: Iterable[AppFacts], touches: Iterable[Touch], today: dt.date, *, weeks: int = 8,
            settle_days: int = 7, roles: Mapping[int, frozenset[int]] | None = None) -> Stats:
    """Every figure at once (the applications are few; the touches are streamed)."""
    listed = list(apps)
    rates, first_in = replies(touches, today, settle_days, roles)
    median, replied_apps = first_reply_days(listed, first_in)
    return Stats(len(listed), funnel(listed), rates, median, replied_apps, per_week(listed, today, weeks))


def bar(fraction: float | None, width: int = 20) -> str:
    """A horizontal bar of `width` eighths-of-a-cell precision: "██████▍"."""
    if not fraction or fraction <= 0:
        return ""
    eighths = round(min(fraction, 1.0) * width * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]
