"""The whole search at a glance: every application with its stage, days in it, and what comes next.

Three queries (applications with the day they reached their status, upcoming interviews, the
cadence's plan) whatever the number of rows; `crm board` lays the result out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm.followup.settings import Settings
from crm.store.models import STATUSES, Application, Company, Interview, StatusChange, database
from crm.store.plans import plan_due
from crm.store.records import as_date, as_datetime

CLOSED = ("accepted", "rejected", "withdrawn", "ghosted")


def _next_step(status: str, app_id: int, due: dict[str, Any] | None, interview: dt.datetime | None,
               decision_on: dt.date | None, today: dt.date) -> dict[str, Any] | None:
    """What comes next for one application: the sooner of its next interview and the cadence's next note."""
    steps = []
    if interview is not None:
        steps.append({"kind": "interview", "on": interview.date().isoformat(), "contact": None,
                      "days_overdue": 0, "text": f"interview {interview:%Y-%m-%d %H:%M}"})
    if due is not None:
        who = due["contact"]["name"]
        steps.append({"kind": due["kind"], "on": due["due_on"], "contact": who,
                      "days_overdue": due["days_overdue"],
                      "text": f"{due['kind']} to {who}, " + (f"{due['days_overdue']}d late" if due["days_overdue"]
                                                              else f"due {due['due_on']}")})
    if steps:
        return min(steps, key=lambda s: s["on"])
    if status == "saved":
        return {"kind": "apply", "on": None, "contact": None, "days_overdue": 0,
                "text": f"apply; then crm app status {app_id} applied"}
    if status in ("applied", "interviewing") and decision_on is not None and decision_on >= today:
        return {"kind": "decision", "on": decision_on.isoformat(), "contact": None, "days_overdue": 0,
                "text": f"decision expected {decision_on.isoformat()}"}
    if status in ("applied", "interviewing"):
        return {"kind": "link", "on": None, "contact": None, "days_overdue": 0,
                "text": f"no one to write to: crm app link {app_id} CONTACT --role hiring_manager"}
    return None


def board(today: dt.date, settings: Settings, *, active_only: bool = False) -> list[dict[str, Any]]:
    """One entry per status that holds applications (funnel order), each with its applications:
    company, the day they reached the status, days in it, and the next action (soonest first)."""
    change = StatusChange.alias()
    since = (change.select(pw.fn.MAX(change.changed_on))
             .where((change.application == Application.id) & (change.to_status == Application.status)))
    query = (Application
             .select(Application.id, Application.title, Application.status, Application.created_at,
                     Application.decision_on, Company.name, since.alias("since"))
             .join(Company, pw.JOIN.LEFT_OUTER)
             .order_by(Application.id))
    if active_only:
        query = query.where(Application.status.not_in(CLOSED))
    start = dt.datetime.combine(today, dt.time.min)
    upcoming = (Interview.select(Interview.application, pw.fn.MIN(Interview.starts_at))
                .where(Interview.starts_at >= start).group_by(Interview.application))
    with database.atomic():  # one consistent snapshot
        apps = database.execute(query).fetchall()
        interviews = {app_id: as_datetime(at) for app_id, at in database.execute(upcoming).fetchall()}
    plan = plan_due(today, settings, within=3650)
    first_due: dict[int, dict[str, Any]] = {}
    for item in plan.items:  # most urgent first
        if item["application"] is not None:
            first_due.setdefault(item["application"]["id"], item)
    columns: dict[str, list[dict[str, Any]]] = {status: [] for status in STATUSES}
    for app_id, title, status, created_at, decision_on, company, reached in apps:
        day = as_date(reached) or as_date(created_at)
        step = _next_step(status, app_id, first_due.get(app_id), interviews.get(app_id), as_date(decision_on), today)
        columns.setdefault(status, []).append({
            "id": app_id, "title": title or "", "company": company, "status": status,
            "since": day.isoformat() if day else None, "days_in_stage": max(0, (today - day).days) if day else None,
            "next": step})
    far = "9999-12-31"
    for cards in columns.values():
        cards.sort(key=lambda c: ((c["next"] or {}).get("on") or far, -(c["days_in_stage"] or 0), c["id"]))
    return [{"status": status, "applications": cards} for status, cards in columns.items() if cards]
