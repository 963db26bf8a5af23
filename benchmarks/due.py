"""The follow-up cadence (`crm.followup.due_items`) beside the plain 7-day rule, in the same run.

    .venv/bin/python benchmarks/due.py [--apps 10000] [--interactions 200000] [--repeat 3]

Seeds a temporary SQLite file in one transaction (applications with a hiring manager and a
recruiter each, interviews on a quarter of them, interactions spread over 120 days), then times
`store.due_simple` (the 7-day rule, one query) and the full cadence (six queries, the interaction
log folded in SQL, plus the pure rules), best of --repeat runs each, and prints both times and their ratio. Aim: the same order of magnitude.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crm import followup, store  # noqa: E402
from crm.store.db import close_db, init_db  # noqa: E402
from crm.store.models import (  # noqa: E402
    Application,
    ApplicationContact,
    Company,
    Interaction,
    Interview,
    InterviewParticipant,
    Person,
    database,
)
from crm.followup.settings import Settings  # noqa: E402

TODAY = dt.date(2026, 6, 1)
START = TODAY - dt.timedelta(days=120)


def _insert(model: type, rows: list[dict]) -> None:
    """Plain `executemany`: the seed is set-up, not what is measured, and peewee's SQL building is slow."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(model._meta.fields[c].column_name for c in columns)
    marks = ", ".join("?" for _ in columns)
    values = [tuple(r[c] for c in columns) for r in rows]
    database.cursor().executemany(f"INSERT INTO {model._meta.table_name} ({names}) VALUES ({marks})", values)


def seed(apps: int, interactions: int, rng: random.Random) -> None:
    """Companies, two contacts per application, interviews on a quarter, interactions on everyone."""
    companies = max(1, apps // 5)
    statuses = ["applied"] * 5 + ["interviewing"] * 3 + ["saved", "rejected", "ghosted", "offer"]
    stamp = dt.datetime(2026, 1, 1, 9, 0)
    with database.atomic():
        _insert(Company, [{"name": f"Company {i}", "name_key": f"company {i}", "notes": "", "created_at": stamp,
                           "updated_at": stamp} for i in range(1, companies + 1)])
        _insert(Person, [{"name": f"Person {i}", "title": "", "company": 1 + (i - 1) // 10 % companies, "notes": "",
                          "do_not_contact": i % 97 == 0, "source": "bench", "is_connection": False,
                          "created_at": stamp, "updated_at": stamp} for i in range(1, 2 * apps + 1)])
        _insert(Application, [{"url": f"https://jobs.example/{i}", "title": f"Role {i}", "company": 1 + i % companies,
                               "department": "", "location": "", "notes": "", "status": rng.choice(statuses),
                               "applied_on": START + dt.timedelta(days=rng.randrange(100)),
                               "created_at": stamp, "updated_at": stamp}
                              for i in range(1, apps + 1)])
        _insert(ApplicationContact, [{"application": i, "person": 2 * i - 1 + k, "role": role, "created_at": stamp}
                                     for i in range(1, apps + 1)
                                     for k, role in enumerate(("hiring_manager", "recruiter"))])
        interviewed = range(1, apps + 1, 4)
        _insert(Interview, [{"application": a, "starts_at": dt.datetime.combine(
            START + dt.timedelta(days=rng.randrange(40, 125)), dt.time(14)), "kind": "", "location": "", "notes": "",
            "created_at": stamp} for a in interviewed])
        _insert(InterviewParticipant, [{"interview": n, "person": 2 * a - 1} for n, a in enumerate(interviewed, 1)])
        kinds = ["after-apply", "check-in", "thank-you", "reply", "note"]
        _insert(Interaction, [{"person": (p := rng.randrange(1, 2 * apps + 1)), "application": (p + 1) // 2,
                               "kind": rng.choice(kinds), "channel": "email",
                               "direction": "in" if rng.random() < 0.2 else "out",
                               "occurred_at": dt.datetime.combine(START, dt.time(9))
                               + dt.timedelta(minutes=rng.randrange(120 * 24 * 60)), "note": "", "created_at": stamp}
                              for _ in range(interactions)])


def best(func: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """The fastest of `repeat` calls as (wall seconds, CPU seconds), and the last result.

    CPU time is printed too because a busy machine stretches wall time, unevenly between the two rules.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def main() -> None:
    """Seed, time both rules, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        init_db(f"sqlite:///{folder}/bench.sqlite3")
        start = time.perf_counter()
        seed(args.apps, args.interactions, random.Random(5))
        print(f"seeded {args.apps:,} applications, {2 * args.apps:,} contacts, "
              f"{args.interactions:,} interactions in {time.perf_counter() - start:.2f} s")
        simple = best(lambda: store.due_simple(TODAY), args.repeat)
        cadence = best(lambda: followup.due_items(TODAY, 0, Settings()), args.repeat)
        upcoming = best(lambda: followup.due_items(TODAY, 14, Settings()), args.repeat)
        print(f"{'':38}{'wall':>9}  {'cpu':>9}  items")
        for label, (wall, cpu, items) in (("plain 7-day rule (store.due_simple)", simple),
                                          ("cadence (followup.due_items)", cadence),
                                          ("cadence, --within 14", upcoming)):
            print(f"{label:38}{wall * 1000:6.0f} ms  {cpu * 1000:6.0f} ms  {len(items):,}")
        print(f"{'ratio cadence / plain':38}{cadence[0] / simple[0]:7.1f} x  {cadence[1] / simple[1]:7.1f} x")
        close_db()


if __name__ == "__main__":
    main()
