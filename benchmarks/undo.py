"""What the undo journal costs a write: the same LinkedIn imports with the journal's triggers and without.

    python benchmarks/undo.py [--rows 10000] [--repeat 3] [--pg URL]

In one run, on a fresh store each time: a first import of a generated Connections.csv (10,000 new
contacts: the insert path), then a second import of the same people with new titles (10,000
updates: each journaled with the row as it was), with the journal's triggers in place and with
them dropped (the baseline). Then `crm undo` of the update import. The best of --repeat runs is
shown. With --pg the same on PostgreSQL (that database is emptied).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _import_benchmark():  # benchmarks/import.py: its CSV maker (a file named after a keyword)
    spec = importlib.util.spec_from_file_location("import_benchmark", HERE / "import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def timed(func: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def drop_triggers(db: object) -> None:
    """The store as it was before the journal: no journal trigger at all."""
    import peewee as pw

    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql("DROP FUNCTION IF EXISTS crm_journal() CASCADE")
        return
    from crm.store import journal

    journal.ensure(db)  # made now, so that none is made at the first write
    for (name,) in db.execute_sql("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall():
        db.execute_sql(f'DROP TRIGGER temp."{name}"')


def one_run(url: str, first: str, second: str, journal: bool, reset: Callable[[], None]) -> dict[str, float]:
    """Seconds for the first import, the update import and (with the journal) the undo."""
    from crm import store
    from crm.data import linkedin

    reset()
    db = store.open_store(url)
    try:
        if not journal:
            drop_triggers(db)
        rows_a, rows_b = linkedin.read_connections(first).rows, linkedin.read_connections(second).rows
        store.begin_change("crm import first.csv")
        insert, summary = timed(lambda: store.import_connections(rows_a))
        assert summary.added == len(rows_a), summary
        store.begin_change("crm import second.csv")
        update, summary = timed(lambda: store.import_connections(rows_b))
        assert summary.updated == len(rows_b), summary
        out = {"insert": insert, "update": update}
        if journal:
            out["undo"], result = timed(store.undo_last)
            assert result.change.counts["update"]["person"] == len(rows_b), result
        return out
    finally:
        store.close_store()


def measure(label: str, url: str, first: str, second: str, repeat: int, reset: Callable[[], None]) -> list[str]:
    """The table lines for one backend."""
    best: dict[tuple[bool, str], float] = {}
    for _ in range(repeat):
        for journal in (False, True):
            for step, seconds in one_run(url, first, second, journal, reset).items():
                best[(journal, step)] = min(seconds, best.get((journal, step), seconds))
    lines = []
    for step, what in (("insert", "import, new contacts"), ("update", "import, every title changed")):
        off, on = best[(False, step)], best[(True, step)]
        lines.append(f"{label:11} {what:30} {off:>10.3f} {on:>10.3f} {100 * (on - off) / off:>+8.0f}%")
    lines.append(f"{label:11} {'crm undo of the update import':30} {'':>10} {best[(True, 'undo')]:>10.3f}")
    return lines


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg", metavar="URL", help="also measure on this PostgreSQL database (emptied first)")
    args = parser.parse_args()
    bench = _import_benchmark()
    first = bench.connections_csv(args.rows)
    second = first.replace("Engineering Manager", "Director of Engineering")
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "undo.sqlite3"

        def fresh_sqlite() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        lines += measure("SQLite", f"sqlite:///{path}", first, second, args.repeat, fresh_sqlite)
    if args.pg:
        lines += measure("PostgreSQL", args.pg, first, second, args.repeat, lambda: bench.reset_postgres(args.pg))
    print(f"{'backend':11} {'step (' + format(args.rows, ',') + ' rows)':30} {'no journal':>10} {'journal':>10} "
          f"{'cost':>9}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
