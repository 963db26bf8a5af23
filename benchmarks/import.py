"""Import/export speed against a plain sqlite3 `executemany` of the same rows, in the same run.

    .venv/bin/python benchmarks/import.py [--linkedin-rows 20000] [--interactions 100000] [--pg URL]

Measures: reading + importing a LinkedIn Connections.csv (first import, then a re-import that
changes nothing), and exporting + restoring a store with many interactions. Each crm step is printed
beside the baseline: sqlite3 `executemany` of the same rows into the same table (for the export, a
plain `SELECT` + `json.dumps`). Everything runs in a temporary folder on SQLite (and PostgreSQL with
--pg, whose database is emptied first).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crm import backup, linkedin  # noqa: E402
from crm.store.db import close_db, init_db  # noqa: E402
from crm.store.models import Company, Interaction, Person, database  # noqa: E402

T0 = dt.datetime(2025, 1, 1, 9, 0)


def timed(func: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def connections_csv(rows: int) -> str:
    """A Connections.csv like LinkedIn's: preamble, CRLF, quoted commas, accents, blank emails."""
    out = io.StringIO()
    out.write('Notes:\r\n"When exporting your connection data, you may notice ..."\r\n\r\n')
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    for i in range(rows):
        day = (T0 - dt.timedelta(days=i % 3000)).strftime("%d %b %Y")
        email = f"person{i}@example.com" if i % 4 == 0 else ""
        writer.writerow([f"Zoë{i}", f"García, {i}", f"https://www.linkedin.com/in/person-{i}", email,
                         f"Company {i % 2000}, Inc.", "Engineering Manager", day])
    return out.getvalue()


def baseline_people(path: Path, parsed: linkedin.ConnectionsFile) -> None:
    """The same people inserted with one sqlite3 executemany (no matching, no companies)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, title TEXT, company TEXT, "
                "linkedin_url TEXT, email TEXT, connected_on TEXT, is_connection INTEGER)")
    with con:
        con.executemany("INSERT INTO person (name, title, company, linkedin_url, email, connected_on, is_connection) "
                        "VALUES (?, ?, ?, ?, ?, ?, 1)",
                        [(r.name, r.position, r.company, r.url, r.email, str(r.connected_on)) for r in parsed.rows])
    con.close()


def seed_interactions(count: int) -> None:
    """`count` interactions over count/100 people at 50 companies, inserted in bulk."""
    with database.atomic():
        companies = [Company.insert(name=f"Company {c}", name_key=f"company {c}", created_at=T0, updated_at=T0).execute()
                     for c in range(50)]
        people = [dict(name=f"Person {p}", company=companies[p % 50], created_at=T0, updated_at=T0)
                  for p in range(max(1, count // 100))]
        for start in range(0, len(people), 500):
            Person.insert_many(people[start:start + 500]).execute()
        rows = [dict(person=1 + i % len(people), kind="note", channel="email", direction="out",
                     occurred_at=T0 + dt.timedelta(minutes=i), note=f"note {i}", created_at=T0) for i in range(count)]
        for start in range(0, count, 500):
            Interaction.insert_many(rows[start:start + 500]).execute()


def baseline_interactions(path: Path, rows: list[dict]) -> None:
    """The export's interaction rows inserted with one sqlite3 executemany into the real schema."""
    init_db(f"sqlite:///{path}")
    close_db()
    con = sqlite3.connect(path)
    columns = list(rows[0])
    with con:
        con.executemany(f"INSERT INTO interaction ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        [tuple(r.values()) for r in rows])
    con.close()


def baseline_export(path: Path) -> str:
    """A plain SELECT of every interaction, dumped with json.dumps."""
    con = sqlite3.connect(path)
    cursor = con.execute("SELECT * FROM interaction ORDER BY id")
    names = [d[0] for d in cursor.description]
    text = json.dumps([dict(zip(names, row)) for row in cursor])
    con.close()
    return text


def reset_postgres(url: str) -> None:
    """Empty the PostgreSQL database the benchmark may use."""
    import psycopg2

    con = psycopg2.connect(url)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    con.close()


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--linkedin-rows", type=int, default=20_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--pg", metavar="URL", help="also restore into this PostgreSQL database (emptied first)")
    args = parser.parse_args()
    results: list[tuple[str, int, float, float | None]] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        text = connections_csv(args.linkedin_rows)
        init_db(f"sqlite:///{tmp / 'linkedin.sqlite3'}")
        first, parsed = timed(lambda: linkedin.read_connections(text))
        spent, summary = timed(lambda: linkedin.import_connections(parsed.rows, parsed.skipped))
        assert summary.added == args.linkedin_rows, summary
        again, summary = timed(lambda: linkedin.import_connections(linkedin.read_connections(text).rows))
        assert summary.unchanged == args.linkedin_rows, summary
        close_db()
        base, _ = timed(lambda: baseline_people(tmp / "linkedin-baseline.sqlite3", parsed))
        results.append(("LinkedIn import (read + merge)", args.linkedin_rows, first + spent, base))
        results.append(("LinkedIn re-import (no change)", args.linkedin_rows, again, None))

        init_db(f"sqlite:///{tmp / 'source.sqlite3'}")
        seed_interactions(args.interactions)
        spent, dumped = timed(lambda: backup.dump_json(backup.export_document()))
        close_db()
        base, _ = timed(lambda: baseline_export(tmp / "source.sqlite3"))
        rows = len(json.loads(dumped)["tables"]["interaction"])
        results.append(("export to JSON (all tables)", rows, spent, base))
        init_db(f"sqlite:///{tmp / 'restored.sqlite3'}")
        spent, _ = timed(lambda: backup.restore(backup.parse_export(dumped)))
        assert backup.dump_json(backup.export_document()) == dumped, "round trip is not byte-identical"
        again, summary = timed(lambda: backup.restore(backup.parse_export(dumped)))
        assert summary.total("added") == 0
        close_db()
        interactions = json.loads(dumped)["tables"]["interaction"]
        base, _ = timed(lambda: baseline_interactions(tmp / "baseline.sqlite3", interactions))
        results.append(("restore into empty SQLite", rows, spent, base))
        results.append(("restore again (idempotent)", rows, again, None))
        if args.pg:
            reset_postgres(args.pg)
            init_db(args.pg)
            spent, _ = timed(lambda: backup.restore(backup.parse_export(dumped)))
            close_db()
            results.append(("restore into empty PostgreSQL", rows, spent, None))
    print(f"{'step':34} {'rows':>8} {'crm s':>8} {'executemany s':>14} {'ratio':>6}")
    for step, count, spent, base in results:
        ratio = f"{spent / base:.1f}x" if base else ""
        print(f"{step:34} {count:>8} {spent:>8.2f} {base if base is None else round(base, 2)!s:>14} {ratio:>6}"
              .replace(" None", "   -"))


if __name__ == "__main__":
    main()
