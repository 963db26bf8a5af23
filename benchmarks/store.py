"""Store figures at a realistic size, each beside a raw `sqlite3` floor measured in the same run.

Seeds 10,000 applications, 50,000 contacts and 200,000 interactions into a temporary SQLite file,
then prints: the bulk insert, the `crm due` query (store.due_simple) and the `crm contact list
--company` query, each against the same SQL run through bare sqlite3; the number of SQL queries
`crm due` makes; and the start-up time of `crm --help` and `crm due` beside `python -c pass`.

    .venv/bin/python benchmarks/store.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crm import store  # noqa: E402
from crm.store.db import SQLITE_PRAGMAS, close_db, init_db  # noqa: E402
from crm.store.models import (ACTIVE_STATUSES, STATUSES, Application, ApplicationContact, Company,  # noqa: E402
                        Interaction, Person, database)

TODAY = dt.date(2026, 11, 29)


def best(fn: Callable[[], Any], repeat: int = 5, clock: Callable[[], float] = time.perf_counter) -> float:
    """The fastest of `repeat` runs, in milliseconds (wall clock unless told otherwise)."""
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return min(times)


def stamp(days_ago: float) -> str:
    return (dt.datetime.combine(TODAY, dt.time(18)) - dt.timedelta(days=days_ago)).strftime("%Y-%m-%d %H:%M:%S")


def make_rows(n_apps: int, n_people: int, n_interactions: int) -> dict[str, tuple[list[str], list[tuple]]]:
    """Deterministic rows for every table, as (columns, tuples), the same for peewee and sqlite3."""
    rnd = random.Random(7)
    n_companies = max(1, n_apps // 5)
    now = stamp(0)
    companies = [(f"Company {i}", f"company {i}", f"c{i}.example", "", now, now) for i in range(n_companies)]
    people = [(f"Person {i}", "Engineer", rnd.randint(1, n_companies), "", False, "bench", False, now, now)
              for i in range(n_people)]
    weights = [30 if s in ACTIVE_STATUSES else 5 for s in STATUSES]
    apps = [(f"https://jobs.example/{i}", f"Job {i}", rnd.randint(1, n_companies), "", "",
             rnd.choices(STATUSES, weights)[0], stamp(rnd.uniform(5, 90))[:10], "", now, now)
            for i in range(n_apps)]
    links = sorted({(a, rnd.randint(1, n_people), rnd.choice(["hiring_manager", "recruiter"]))
                    for a in range(1, n_apps + 1) for _ in range(rnd.randint(1, 2))})
    links = [(*link, now) for link in links]
    interactions = [(rnd.randint(1, n_people), rnd.choice(["check-in", "reply", "after-apply"]), "email",
                     "out" if rnd.random() < 0.7 else "in", stamp(rnd.uniform(0, 120)), "", now)
                    for _ in range(n_interactions)]
    return {
        "company": (["name", "name_key", "domain", "notes", "created_at", "updated_at"], companies),
        "person": (["name", "title", "company_id", "notes", "do_not_contact", "source", "is_connection",
                    "created_at", "updated_at"], people),
        "application": (["url", "title", "company_id", "department", "location", "status", "applied_on", "notes",
                         "created_at", "updated_at"], apps),
        "application_contact": (["application_id", "person_id", "role", "created_at"], links),
        "interaction": (["person_id", "kind", "channel", "direction", "occurred_at", "note", "created_at"],
                        interactions),
    }


MODELS = {"company": Company, "person": Person, "application": Application,
          "application_contact": ApplicationContact, "interaction": Interaction}


def insert_store(rows: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """Bulk insert through crm.store.bulk_insert, one transaction for everything."""
    with database.atomic():
        for table, (columns, values) in rows.items():
            store.bulk_insert(MODELS[table], columns, values)


def raw_connect(path: str) -> sqlite3.Connection:
    """A bare sqlite3 connection with the same pragmas crm uses, so the floor differs only in code."""
    conn = sqlite3.connect(path)
    for name, value in SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")
    return conn


def insert_raw(path: str, rows: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """The floor: the same rows through sqlite3 executemany, one transaction."""
    conn = raw_connect(path)
    with conn:
        for table, (columns, values) in rows.items():
            marks = ", ".join("?" * len(columns))
            conn.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', values)
    conn.close()


def capture_sql(fn: Callable[[], Any]) -> list[tuple[str, tuple]]:
    """The SQL statements (and parameters) `fn` sends to the bound database."""
    db = database.obj
    seen: list[tuple[str, tuple]] = []
    real = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append((sql, tuple(params or ())))
        return real(sql, params, *args, **kwargs)

    db.execute_sql = spy
    try:
        fn()
    finally:
        del db.execute_sql
    return seen


def raw_query(path: str, statements: list[tuple[str, tuple]]) -> Callable[[], None]:
    conn = raw_connect(path)

    def run() -> None:
        for sql, params in statements:
            conn.execute(sql, params).fetchall()

    return run


def startup(args: list[str], env: dict[str, str], repeat: int) -> float:
    return best(lambda: subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the size (a smoke run)")
    opts = parser.parse_args()
    scale = 10 if opts.quick else 1
    sizes = (10_000 // scale, 50_000 // scale, 200_000 // scale)
    rows = make_rows(*sizes)
    tmp = Path(tempfile.mkdtemp(prefix="crm-bench-"))
    main_db, floor_db = tmp / "bench.sqlite3", tmp / "floor.sqlite3"
    init_db(f"sqlite:///{floor_db}")  # the same schema for the floor
    close_db()
    init_db(f"sqlite:///{main_db}")

    total = sum(len(v) for _, v in rows.values())
    print(f"seeded {sizes[0]:,} applications, {sizes[1]:,} contacts, {sizes[2]:,} interactions "
          f"({total:,} rows) into {tmp}")
    t0 = time.perf_counter()
    insert_store(rows)
    t_insert = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    insert_raw(str(floor_db), rows)
    t_floor = (time.perf_counter() - t0) * 1000
    database.execute_sql("ANALYZE")

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'measure':<34}{'crm':>10}{'sqlite3':>10}{'ratio':>8}")

    def line(label: str, ours: float, floor: float) -> None:
        print(f"{label:<34}{ours:>8.1f}ms{floor:>8.1f}ms{ours / floor:>7.1f}x")

    line(f"bulk insert ({total:,} rows)", t_insert, t_floor)
    due_sql = capture_sql(lambda: store.due_simple(TODAY, 7))
    n_due = len(store.due_simple(TODAY, 7))
    line(f"crm due query ({n_due:,} due)", best(lambda: store.due_simple(TODAY, 7)), best(raw_query(str(main_db),
                                                                                                      due_sql)))
    busiest = (Person.select(Person.company).where(Person.company.is_null(False)).group_by(Person.company)
               .order_by(store.pw.fn.COUNT(Person.id).desc()).limit(1).scalar())
    company = Company.get_by_id(busiest)
    list_sql = capture_sql(lambda: store.list_contacts(company))
    n_list = len(store.list_contacts(company))
    # CPU time too: on a busy machine the wall clock mostly measures waiting for a core.
    line("crm due query, CPU time", best(lambda: store.due_simple(TODAY, 7), clock=time.process_time),
         best(raw_query(str(main_db), due_sql), clock=time.process_time))
    line(f"contact list --company ({n_list} rows)", best(lambda: store.list_contacts(company)),
         best(raw_query(str(main_db), list_sql)))
    print(f"SQL queries for crm due: {len(due_sql)} (constant: no query per contact)")
    close_db()

    env = {**os.environ, "CRM_HOME": str(tmp / "home")}
    py = sys.executable
    reps = 3 if opts.quick else 7
    base = startup([py, "-c", "pass"], env, reps)
    print(f"start-up, best of {reps}: python -c pass {base:.0f}ms; "
          f"crm --help {startup([py, '-m', 'crm', '--help'], env, reps):.0f}ms; "
          f"crm due (empty db) {startup([py, '-m', 'crm', 'due'], env, reps):.0f}ms; "
          f"crm due (this db) {startup([py, '-m', 'crm', '--db', f'sqlite:///{main_db}', 'due'], env, reps):.0f}ms")


if __name__ == "__main__":
    main()
