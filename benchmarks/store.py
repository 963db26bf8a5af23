"""The store at scale: every figure beside its floor, measured in the same run.

    python benchmarks/store.py                  # 10k: 10,000 applications, 50,000 contacts, 200,000 interactions
    python benchmarks/store.py --size 100k      # 100,000 / 500,000 / 2,000,000 (about 10 minutes)
    python benchmarks/store.py --code DIR       # measure the crm checked out at DIR (a before/after pair)
    python benchmarks/store.py --only export,restore

Figures, and their floors (benchmarks/floors.py; bare Python and sqlite3 with crm's pragmas):
  export     `crm export --out FILE`, a whole process: wall time and peak memory, beside a row-by-row
             writer of the same bytes straight from sqlite3 (the bytes are checked equal)
  restore    `crm import FILE` into a new store, a whole process: wall and peak memory, beside the
             same rows read line by line and inserted with executemany; then export -> import ->
             export is checked byte-identical
  due        `crm due`'s plan (store.plan_due) beside its SQL run through sqlite3; and the whole
             `crm due` process beside a process that runs that SQL
  simple     `crm due --simple` (store.due_simple, the plain 7-day rule) beside its SQL
  contacts   `crm contact list`'s rows (store.list_contacts) beside the same SQL through sqlite3
  apps       `crm app list`'s rows (store.list_applications) beside the same SQL through sqlite3
  find       finding 20 contacts by name (store.resolve_contact) beside the same SQL through sqlite3
  startup    the database modules `crm due`, `crm contact list` and `crm app list` load on SQLite, and
             the start-up of `crm due` on an empty store beside `python -c pass`
In-process figures are the median of --repeat runs, crm and floor alternating (A B A B ...), and
their ratio the median of the pairs' ratios; whole processes run in turn too, and peak memory is
the whole process's (its maximum resident set, from the kernel's accounting).
The seed database is made once per size and reused (see benchmarks/seed.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import seed  # noqa: E402

FIGURES = ("export", "restore", "due", "simple", "contacts", "apps", "find", "startup")
IN_PROCESS = ("due", "simple", "contacts", "apps", "find")
FIND_COUNT = 20
MiB = 1024 * 1024


# -- whole processes -------------------------------------------------------------------------------

class Failed(Exception):
    """A measured process exited with an error (the message is its last line on stderr)."""


def measured(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run a process (its output thrown away) and return (wall seconds, its own peak memory in bytes)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        pid = os.posix_spawn(args[0], args, env if env is not None else os.environ,
                             file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)  # the rusage of this child alone
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            lines = err.read().decode(errors="replace").strip().splitlines() or ["(nothing on stderr)"]
            raise Failed(f"exit {os.waitstatus_to_exitcode(status)}: {lines[-1]}")
    return wall, usage.ru_maxrss * 1024  # kilobytes on Linux


def crm(db: Path, *args: str) -> list[str]:
    """The argv of `crm --db sqlite:///DB ARGS...` (the checkout comes from PYTHONPATH: see seed.crm_env)."""
    return [sys.executable, "-m", "crm", "--db", f"sqlite:///{db}", *args]


def sha(path: Path) -> str:
    """The SHA-256 of a file, for comparing exports."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def export_spec() -> str:
    """What the export writes, from this checkout's models: [[table, [[column, kind], ...]], ...]."""
    sys.path.insert(0, str(ROOT))
    import peewee as pw

    from crm.store.models import MODELS
    from crm.store.rows import table_columns, table_name

    def kind(field: pw.Field) -> str:
        if isinstance(field, pw.DateTimeField):
            return "datetime"
        if isinstance(field, pw.BooleanField):
            return "bool"
        return "float" if isinstance(field, pw.FloatField) else ""

    return json.dumps([[table_name(m), [[f.column_name, kind(f)] for f in table_columns(m)]] for m in MODELS])


# -- in-process figures (one worker process per figure, importing the crm under test) ---------------

def capture(database: Any, func: Callable[[], Any]) -> list[tuple[str, tuple]]:
    """The SELECT statements (with parameters) `func` sends to the bound database."""
    db = database.obj
    seen: list[tuple[str, tuple]] = []
    real = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((sql, tuple(params or ())))
        return real(sql, params, *args, **kwargs)

    db.execute_sql = spy
    try:
        func()
    finally:
        del db.execute_sql
    return seen


def worker(figure: str, db: Path, repeat: int) -> dict[str, Any]:
    """Time one in-process figure against its floor; the crm imported is the one on sys.path."""
    import datetime as dt

    import floors
    from crm import store
    from crm.store.models import database

    store.open_store(f"sqlite:///{db}")
    today = seed.TODAY
    detail = ""
    if figure == "due":
        from crm.followup.settings import Settings

        def ours() -> Any:
            return store.plan_due(today, Settings())
        planned = ours()
        detail = f"{len(planned.items):,} due, {len(planned.cold):,} cold"
    elif figure == "simple":
        def ours() -> Any:
            return store.due_simple(today, 7)
        detail = f"{len(ours()):,} due"
    elif figure == "contacts":
        def ours() -> Any:
            return store.list_contacts()
        detail = f"{len(ours()):,} rows"
    elif figure == "apps":
        def ours() -> Any:
            return store.list_applications()
        detail = f"{len(ours()):,} rows"
    elif figure == "find":
        count = database.execute_sql('SELECT MAX(id) FROM "person"').fetchone()[0]
        names = [seed.person_name(1 + i * (count // FIND_COUNT)).lower() for i in range(FIND_COUNT)]

        def ours() -> Any:
            return [store.resolve_contact(n) for n in names]
        detail = f"{FIND_COUNT} names among {count:,} contacts, typed lower-case"
    else:
        raise SystemExit(f"no in-process figure {figure!r}")
    statements = capture(database, ours)
    con = floors.connect(str(db))

    def floor() -> None:
        for sql, params in statements:
            con.execute(sql, params).fetchall()

    times: dict[str, list[float]] = {"crm": [], "floor": [], "crm_cpu": [], "floor_cpu": []}
    for i in range(repeat + 1):  # the first pair warms the caches and is not counted
        for name, func in (("crm", ours), ("floor", floor)):
            start, cpu = time.perf_counter(), time.process_time()
            func()
            if i:
                times[name].append(time.perf_counter() - start)
                times[f"{name}_cpu"].append(time.process_time() - cpu)
    plain = [[sql, [str(p) if isinstance(p, (dt.date, dt.datetime)) else p for p in params]]
             for sql, params in statements]
    store.close_store()
    return {**times, "detail": detail, "queries": len(statements), "statements": plain}


# -- the run ---------------------------------------------------------------------------------------

class Report:
    """Rows of (figure, crm, floor, ratio), printed as they come and kept for the summary."""

    def __init__(self) -> None:
        print(f"{'figure':<46}{'crm':>12}{'floor':>12}{'ratio':>8}  notes")

    def line(self, label: str, ours: float, floor: float, unit: str, note: str = "",
             ratio: float | None = None) -> None:
        """One figure; the ratio is ours / floor unless given (e.g. the median of paired runs)."""
        scale, fmt = {"ms": (1000, "{:,.1f} ms"), "s": (1, "{:,.2f} s"), "MiB": (1 / MiB, "{:,.0f} MiB")}[unit]
        ratio = ours / floor if ratio is None else ratio
        print(f"{label:<46}{fmt.format(ours * scale):>12}{fmt.format(floor * scale):>12}"
              f"{ratio:>7.2f}x  {note}", flush=True)


def paired(ours: list[float], floors: list[float]) -> float:
    """The median of the ratios of runs taken in turn (A B A B ...): steady when the machine's speed drifts."""
    return statistics.median(a / b for a, b in zip(ours, floors))


@dataclass
class Run:
    """One run's settings and places: the crm under test, the seed, a scratch folder, the report."""

    code: Path
    db: Path
    work: Path
    size: str
    repeat: int
    process_repeat: int
    report: Report

    @property
    def env(self) -> dict[str, str]:
        return seed.crm_env(self.code, self.work / "home")


FLOOR_PY = [sys.executable, str(HERE / "floors.py")]


def export_and_restore(run: Run, only: list[str]) -> None:
    """The export's and the restore's wall time and peak memory beside their floors; the bytes checked."""
    exported, theirs = run.work / "export.json", run.work / "floor.json"
    walls, peaks, floor_walls, floor_peaks = [], [], [], []
    for _ in range(run.process_repeat):
        wall, peak = measured(crm(run.db, "export", "--out", str(exported)), run.env)
        walls.append(wall), peaks.append(peak)
        wall, peak = measured([*FLOOR_PY, "export", str(run.db), str(theirs), export_spec()])
        floor_walls.append(wall), floor_peaks.append(peak)
    if "export" in only:
        same = sha(exported) == sha(theirs)
        run.report.line("crm export --out FILE: wall", statistics.median(walls), statistics.median(floor_walls), "s",
                        f"{exported.stat().st_size / MiB:,.0f} MiB, sha256 {sha(exported)[:12]}")
        run.report.line("crm export --out FILE: peak memory", max(peaks), max(floor_peaks), "MiB",
                        "same bytes as the floor" if same else "BYTES DIFFER from the floor")
    if "restore" not in only:
        return
    walls, peaks, floor_walls, floor_peaks = [], [], [], []
    try:
        for n in range(run.process_repeat):
            target, floor_db = run.work / f"restored-{n}.sqlite3", run.work / f"floor-{n}.sqlite3"
            wall, peak = measured(crm(target, "import", str(exported)), run.env)
            walls.append(wall), peaks.append(peak)
            seed.empty_store(floor_db, run.code)
            wall, peak = measured([*FLOOR_PY, "restore", str(exported), str(floor_db)])
            floor_walls.append(wall), floor_peaks.append(peak)
    except Failed as e:
        print(f"{'crm import FILE (new store)':<46}{'failed':>12}{'':>20}  {e}")
        return
    again = run.work / "round-trip.json"
    subprocess.run(crm(run.work / "restored-0.sqlite3", "export", "--out", str(again)), env=run.env, check=True,
                   capture_output=True)
    identical = sha(again) == sha(exported)
    run.report.line("crm import FILE (new store): wall", statistics.median(walls), statistics.median(floor_walls), "s")
    run.report.line("crm import FILE (new store): peak memory", max(peaks), max(floor_peaks), "MiB",
                    "export -> import -> export " + ("byte-identical" if identical else "DIFFERS"))


LABELS = {"due": "crm due: plan (store.plan_due)", "simple": "crm due --simple (store.due_simple)",
          "contacts": "crm contact list: rows (list_contacts)", "apps": "crm app list: rows (list_applications)",
          "find": "find a contact by name (resolve_contact)"}


def in_process(run: Run, figure: str) -> dict[str, Any]:
    """One in-process figure, measured by a worker process that imports the crm under test."""
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", figure, "--db", str(run.db),
                             "--repeat", str(run.repeat), "--code", str(run.code), "--size", run.size],
                            env={**run.env, "PYTHONPATH": ""}, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the {figure} worker failed:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout.splitlines()[-1])
    ours, floor = statistics.median(data["crm"]), statistics.median(data["floor"])
    # CPU time too: on a shared machine the wall clock also counts waiting for a core.
    cpu = paired(data["crm_cpu"], data["floor_cpu"])
    run.report.line(LABELS[figure], ours, floor, "ms", f"cpu {cpu:.2f}x; {data['detail']}; {data['queries']} queries",
                    paired(data["crm"], data["floor"]))
    return data


def due_process(run: Run, statements: list) -> None:
    """The whole `crm due` process beside a process that runs the same SQL through sqlite3."""
    path = run.work / "due.json"
    path.write_text(json.dumps(statements))
    walls, floor_walls = [], []
    for _ in range(run.process_repeat):
        walls.append(measured(crm(run.db, "due"), run.env)[0])
        floor_walls.append(measured([*FLOOR_PY, "sql", str(run.db), str(path)])[0])
    run.report.line("crm due: whole process", statistics.median(walls), statistics.median(floor_walls), "s",
                    "the floor: python + sqlite3 running the same SQL")


PROBE = """import sys
from crm.cli import cli
try:
    cli.main(sys.argv[1:], prog_name='crm')
except SystemExit:
    pass
drivers = {'psycopg2', 'psycopg', 'pymysql'}
print(sorted(m for m in sys.modules if m.split('.')[0] in drivers or m == 'playhouse.db_url'))
"""


def startup(run: Run) -> None:
    """What the daily commands load on SQLite, and `crm due`'s start-up on an empty store."""
    empty = run.work / "empty.sqlite3"
    seed.empty_store(empty, run.code)
    for args in (["due"], ["contact", "list"], ["app", "list"]):
        out = subprocess.run([sys.executable, "-c", PROBE, "--db", f"sqlite:///{empty}", *args], env=run.env,
                             capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        loaded = "nothing of psycopg2 or playhouse.db_url" if out == "[]" else out
        print(f"crm {' '.join(args)} on SQLite loads: {loaded}")
    walls, floor_walls = [], []
    for _ in range(max(7, run.process_repeat)):
        walls.append(measured(crm(empty, "due"), run.env)[0])
        floor_walls.append(measured([sys.executable, "-c", "pass"])[0])
    run.report.line("crm due, empty store: start-up", statistics.median(walls), statistics.median(floor_walls), "ms",
                    "the floor: python -c pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(seed.SIZES), default="10k")
    parser.add_argument("--repeat", type=int, help="runs of each in-process figure [7 at 10k, 3 at 100k]")
    parser.add_argument("--process-repeat", type=int, help="runs of each whole process [3 at 10k, 1 at 100k]")
    parser.add_argument("--code", type=Path, default=ROOT, help="the crm checkout to measure [this one]")
    parser.add_argument("--only", default=",".join(FIGURES), help=f"some of {','.join(FIGURES)}")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "crm-bench",
                        help="where seed databases are kept between runs")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args()
    code = opts.code.resolve()
    big = opts.size == "100k"
    repeat = opts.repeat or (3 if big else 7)
    if opts.worker:
        sys.path.insert(0, str(code))
        print(json.dumps(worker(opts.worker, opts.db, repeat)))
        return
    only = [f for f in opts.only.split(",") if f]
    unknown = set(only) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figure {sorted(unknown)[0]!r}: use some of {','.join(FIGURES)}")

    started = time.perf_counter()
    db = seed.seeded(opts.size, code, opts.cache)
    rows = seed.counts(db)
    process_repeat = opts.process_repeat or (1 if big else 3)
    print(f"{opts.size}: {rows['application']:,} applications, {rows['person']:,} contacts, "
          f"{rows['interaction']:,} interactions ({sum(rows.values()):,} rows, {db.stat().st_size / MiB:,.0f} MiB) "
          f"ready in {time.perf_counter() - started:.0f} s; crm from {code}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {repeat} runs in process, "
          f"{process_repeat} of each whole process")
    run = Run(code, db, Path(tempfile.mkdtemp(prefix="crm-bench-")), opts.size, repeat, process_repeat, Report())
    os.chdir(run.work)  # `python -m crm` puts the working folder first on sys.path: it must hold no crm
    try:
        if "export" in only or "restore" in only:
            export_and_restore(run, only)
        for figure in (f for f in IN_PROCESS if f in only):
            data = in_process(run, figure)
            if figure == "due":
                due_process(run, data["statements"])
        if "startup" in only:
            startup(run)
    finally:
        os.chdir(tempfile.gettempdir())
        shutil.rmtree(run.work, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
