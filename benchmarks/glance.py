"""`crm board` and `crm stats` beside what they cannot do without, in the same run.

    python benchmarks/glance.py [--size 10k|100k] [--repeat 5]

On the seed store of benchmarks/seed.py (10k: 10,000 applications, 50,000 contacts, 200,000
interactions): the board is the cadence's plan (`crm due`'s, its floor here) plus two queries;
the statistics read the whole log once, so their floor is one bare sqlite3 pass over the same rows
in the same order. Prints each median (wall and CPU) and the ratio to its floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import floors  # noqa: E402
import seed  # noqa: E402

LOG_SCAN = ("SELECT person_id, application_id, occurred_at, kind, direction FROM interaction "
            "WHERE kind NOT IN ('note') ORDER BY person_id, occurred_at, id")


def main() -> None:
    """Seed (or reuse the seed), time board, stats and their floors alternately, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(seed.SIZES), default="10k")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "crm-bench")
    opts = parser.parse_args()
    db = seed.seeded(opts.size, HERE.parent, opts.cache)

    from crm import store
    from crm.followup.settings import Settings

    store.open_store(f"sqlite:///{db}")
    bare = floors.connect(str(db))
    today, settings = seed.TODAY, Settings()
    runs: dict[str, tuple[Callable[[], int], list[float], list[float]]] = {
        "floor: the cadence's plan (crm due)": (lambda: len(store.plan_due(today, settings, 3650).items), [], []),
        "crm board": (lambda: sum(len(c["applications"]) for c in store.board(today, settings)), [], []),
        "floor: one bare pass over the log": (lambda: sum(1 for _ in bare.execute(LOG_SCAN)), [], []),
        "crm stats": (lambda: store.search_stats(today).applications, [], []),
    }
    counts = {}
    for i in range(opts.repeat + 1):  # the first round warms the caches and is not counted
        for label, (func, walls, cpus) in runs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            counts[label] = func()
            if i:
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
    store.close_store()
    bare.close()
    print(f"{opts.size}, medians of {opts.repeat}")
    print(f"{'':40}{'wall':>9}  {'cpu':>9}  rows")
    medians = {}
    for label, (_, walls, cpus) in runs.items():
        medians[label] = statistics.median(walls), statistics.median(cpus)
        print(f"{label:40}{medians[label][0] * 1000:6.0f} ms  {medians[label][1] * 1000:6.0f} ms  {counts[label]:,}")
    for label, floor in (("crm board", "floor: the cadence's plan (crm due)"),
                         ("crm stats", "floor: one bare pass over the log")):
        print(f"{'ratio ' + label + ' / its floor':40}{medians[label][0] / medians[floor][0]:7.1f} x")


if __name__ == "__main__":
    main()
