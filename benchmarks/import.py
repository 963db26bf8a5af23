"""LinkedIn import speed against a plain sqlite3 `executemany` of the same rows, in the same run.

    python benchmarks/import.py [--linkedin-rows 20000] [--pg URL]

Reads and imports a generated Connections.csv (LinkedIn's layout: preamble, CRLF, quoted commas,
accents, blank emails) into an empty store, then imports it again (nothing changes), and prints
both beside the baseline: the same people inserted with one sqlite3 executemany (no matching, no
companies). With --pg, the first import is also timed on PostgreSQL (that database is emptied).
Exports and restores, with their memory, are measured by benchmarks/store.py.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def baseline_people(path: Path, rows: list) -> None:
    """The same people inserted with one sqlite3 executemany (no matching, no companies)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, title TEXT, company TEXT, "
                "linkedin_url TEXT, email TEXT, connected_on TEXT, is_connection INTEGER)")
    with con:
        con.executemany("INSERT INTO person (name, title, company, linkedin_url, email, connected_on, is_connection) "
                        "VALUES (?, ?, ?, ?, ?, ?, 1)",
                        [(r.name, r.position, r.company, r.url, r.email, str(r.connected_on)) for r in rows])
    con.close()


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
    parser.add_argument("--pg", metavar="URL", help="also import into this PostgreSQL database (emptied first)")
    args = parser.parse_args()
    from crm import store
    from crm.data import linkedin

    results: list[tuple[str, int, float, float | None]] = []
    n = args.linkedin_rows
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        text = connections_csv(n)
        store.open_store(f"sqlite:///{tmp / 'linkedin.sqlite3'}")
        read, parsed = timed(lambda: linkedin.read_connections(text))
        spent, summary = timed(lambda: store.import_connections(parsed.rows, parsed.skipped))
        assert summary.added == n, summary
        again, summary = timed(lambda: store.import_connections(linkedin.read_connections(text).rows))
        assert summary.unchanged == n, summary
        store.close_store()
        base, _ = timed(lambda: baseline_people(tmp / "baseline.sqlite3", list(parsed.rows)))
        results.append(("LinkedIn import (read + merge)", n, read + spent, base))
        results.append(("LinkedIn re-import (no change)", n, again, None))
        if args.pg:
            reset_postgres(args.pg)
            store.open_store(args.pg)
            spent, _ = timed(lambda: store.import_connections(parsed.rows, parsed.skipped))
            store.close_store()
            results.append(("LinkedIn import into PostgreSQL", n, read + spent, None))
    print(f"{'step':34} {'rows':>8} {'crm s':>8} {'executemany s':>14} {'ratio':>6}")
    for step, count, spent, base in results:
        ratio = f"{spent / base:.1f}x" if base else ""
        shown = f"{base:.2f}" if base else "-"
        print(f"{step:34} {count:>8,} {spent:>8.2f} {shown:>14} {ratio:>6}")


if __name__ == "__main__":
    main()
