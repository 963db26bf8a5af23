"""`crm search` (the databases' own full-text index) beside a plain LIKE '%text%' scan, in the same run.

    python benchmarks/search.py [--size 10k|100k] [--repeat 7] [--pg postgresql://USER@HOST:PORT/DB]

On the seed store of benchmarks/seed.py (10k: 10,000 applications, 50,000 contacts, 200,000
interactions, 2,000 companies), times store.search for each query (the ranking query, then the
labels and snippets of the 20 shown) and, alternating with it, the scan a search without the index
would make: every word as LIKE '%word%' on any of the same columns (an application's company name
through a join), one query per table, every match read (ranking needs them all; ILIKE on
PostgreSQL, whose LIKE minds case; neither folds accents). Prints each median, the matches the scan
found and the ratio. With --pg the seed is also restored into that PostgreSQL database, WHOSE
TABLES ARE REPLACED, the restore timed, and the queries measured there too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import seed  # noqa: E402

QUERIES = (
    "nowak",  # a surname: 1,250 contacts
    "zoe",  # a first name typed without its accent (Zoë): 1,667 contacts
    "person4242",  # part of an email address
    "company 123",  # a company, and the applications and addresses that name it
    "staff engineer",  # a title: 5,000 contacts and 1,000 applications
    "portfolio",  # a word of notes: 28,000 contacts and interactions
    "sent portfolio case",  # three words of notes
    "e",  # one letter: nearly everything matches (the worst case)
)

# The same columns the index holds, per table; {company} is the application's company name.
COLUMNS = {
    "person": ("name", "title", "email", "notes"),
    "company": ("name", "domain", "notes"),
    "application": ("title", "c.name", "department", "location", "notes"),
    "interaction": ("note",),
}


def like_scan(database, words: list[str], postgres: bool) -> int:  # noqa: ANN001 - peewee's Database
    """The matches of a LIKE '%word%' scan over the indexed columns (every word on any column)."""
    op, mark = ("ILIKE", "%s") if postgres else ("LIKE", "?")
    total = 0
    for table, columns in COLUMNS.items():
        join = "LEFT JOIN company c ON c.id = r.company_id" if table == "application" else ""
        each = " OR ".join(f"{c if '.' in c else 'r.' + c} {op} {mark}" for c in columns)
        where = " AND ".join(f"({each})" for _ in words)
        params = [f"%{w}%" for w in words for _ in columns]
        total += len(database.execute_sql(f"SELECT r.id FROM {table} r {join} WHERE {where}", params).fetchall())
    return total


def measure(label: str, url: str, repeat: int) -> dict[str, float]:
    """Time store.search and the LIKE scan for each query on the store at `url`; print and return the medians."""
    from crm import store
    from crm.store.models import database

    store.open_store(url)
    postgres = url.startswith("postgres")
    print(f"\n{label}: medians of {repeat} runs, each query's search and scan alternating")
    print(f"{'query':22}{'crm search':>12}{'LIKE scan':>12}{'ratio':>8}  {'shown':>5}  {'LIKE matches':>12}")
    medians = {}
    for query in QUERIES:
        searches, scans = [], []
        for i in range(repeat + 1):  # the first round warms the caches and is not counted
            start = time.perf_counter()
            hits = store.search(query)
            middle = time.perf_counter()
            matches = like_scan(database, query.split(), postgres)
            end = time.perf_counter()
            if i:
                searches.append(middle - start)
                scans.append(end - middle)
        ms, like = statistics.median(searches) * 1000, statistics.median(scans) * 1000
        medians[query] = ms
        print(f"{query:22}{ms:9.1f} ms{like:9.1f} ms{like / ms:7.0f}x  {len(hits):>5}  {matches:>12,}")
    store.close_store()
    return medians


def restore_into_postgres(source: Path, url: str) -> None:
    """Export the SQLite seed and restore it into the PostgreSQL at `url` (its public schema dropped first)."""
    import psycopg2

    from crm import store
    from crm.data.export import write_json

    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "seed.json"
        store.open_store(f"sqlite:///{source}")
        with dump.open("w", encoding="utf-8") as out:
            write_json(out, store.export_tables())
        store.close_store()
        conn = psycopg2.connect(url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
        conn.close()
        store.open_store(url)
        start = time.perf_counter()
        summary = store.restore_file(dump)
        took = time.perf_counter() - start
        store.close_store()
    print(f"\nrestored into PostgreSQL in {took:.1f} s ({summary.total('added'):,} rows; its triggers kept the index)")


def main() -> None:
    """Seed (or reuse the seed), measure on SQLite (and PostgreSQL with --pg), print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(seed.SIZES), default="10k")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "crm-bench")
    parser.add_argument("--pg", metavar="URL", help="also measure on this PostgreSQL database (its tables replaced)")
    opts = parser.parse_args()
    path = seed.seeded(opts.size, HERE.parent, opts.cache)
    sizes = seed.counts(path)
    print(f"{opts.size}: {sizes['person']:,} contacts, {sizes['interaction']:,} interactions, "
          f"{sizes['application']:,} applications, {sizes['company']:,} companies")
    measure("SQLite (FTS5)", f"sqlite:///{path}", opts.repeat)
    if opts.pg:
        restore_into_postgres(path, opts.pg)
        measure("PostgreSQL (tsvector, GIN)", opts.pg, opts.repeat)


if __name__ == "__main__":
    main()
