"""The follow-up cadence (`crm due`) beside the plain 7-day rule (`crm due --simple`), in the same run.

    python benchmarks/due.py [--size 10k|100k] [--repeat 7]

On the seed store of benchmarks/seed.py (10k: 10,000 applications, 50,000 contacts, 200,000
interactions), times store.due_simple (one query), store.plan_due (six queries, the log folded in
SQL, then the pure rules) and plan_due with --within 14, alternating, and prints each median with
its CPU time and the number of items. Each against its own SQL floor: benchmarks/store.py.
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

import seed  # noqa: E402


def main() -> None:
    """Seed (or reuse the seed), time the three plans, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(seed.SIZES), default="10k")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "crm-bench")
    opts = parser.parse_args()
    db = seed.seeded(opts.size, HERE.parent, opts.cache)

    from crm import store
    from crm.followup.settings import Settings

    store.open_store(f"sqlite:///{db}")
    today, settings = seed.TODAY, Settings()
    runs: dict[str, tuple[Callable[[], list], list[float], list[float]]] = {
        "plain 7-day rule (crm due --simple)": (lambda: store.due_simple(today, 7), [], []),
        "cadence (crm due)": (lambda: store.plan_due(today, settings).items, [], []),
        "cadence, --within 14": (lambda: store.plan_due(today, settings, 14).items, [], []),
    }
    counts = {}
    for i in range(opts.repeat + 1):  # the first round warms the caches and is not counted
        for label, (func, walls, cpus) in runs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            counts[label] = len(func())
            if i:
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
    store.close_store()
    print(f"{opts.size}, medians of {opts.repeat}")
    print(f"{'':38}{'wall':>9}  {'cpu':>9}  items")
    medians = {}
    for label, (_, walls, cpus) in runs.items():
        medians[label] = statistics.median(walls), statistics.median(cpus)
        print(f"{label:38}{medians[label][0] * 1000:6.0f} ms  {medians[label][1] * 1000:6.0f} ms  {counts[label]:,}")
    plain, cadence = medians["plain 7-day rule (crm due --simple)"], medians["cadence (crm due)"]
    print(f"{'ratio cadence / plain':38}{cadence[0] / plain[0]:7.1f} x  {cadence[1] / plain[1]:7.1f} x")


if __name__ == "__main__":
    main()
