"""The floors crm is measured against: the same work in bare Python and sqlite3, nothing else imported.

Each runs as its own process (so its peak memory is its own), started by benchmarks/store.py:

    python benchmarks/floors.py export DB OUT SPEC   # the export's bytes, row by row from sqlite3
    python benchmarks/floors.py restore FILE DB      # an export's rows into an empty store, executemany
    python benchmarks/floors.py sql DB STATEMENTS    # SQL statements (a JSON list of [sql, params]) run once

SPEC is JSON: [[table, [[column, kind], ...]], ...] with kind "datetime", "bool", "float" or "" (as
stored), the columns crm exports in the order it writes them.
"""

from __future__ import annotations

import json
import sqlite3
import sys

PRAGMAS = {"journal_mode": "wal", "synchronous": "normal", "cache_size": -64_000}
MMAP = 256 * 1024 * 1024  # crm maps this much of the file for its queries
BATCH = 5_000


def connect(path: str, mmap: bool = True) -> sqlite3.Connection:
    """A bare connection with crm's pragmas, so a query's floor differs from crm only in code.

    The export and restore floors map nothing (`mmap=False`): they are the plain row-by-row programs
    whose memory crm's should approach, and mapped pages of the file count in a process's peak.
    """
    con = sqlite3.connect(path, isolation_level=None)
    for name, value in {**PRAGMAS, "mmap_size": MMAP if mmap else 0}.items():
        con.execute(f"PRAGMA {name} = {value}")
    return con


def _datetime(v: object) -> object:
    return f"{v[:10]}T{v[11:]}" if isinstance(v, str) and v[10:11] == " " else v


CONVERT = {"datetime": _datetime, "bool": bool, "float": lambda v: float(v) + 0.0}


def export(db: str, out: str, spec_json: str) -> None:
    """Write crm's JSON export layout straight from sqlite3 cursors, one row a line."""
    spec = json.loads(spec_json)
    con = connect(db, mmap=False)
    dumps = json.dumps
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write('{\n  "format": "crm-export",\n  "version": 1,\n  "tables": {')
        for t, (table, columns) in enumerate(spec):
            f.write(("," if t else "") + f"\n    {dumps(table)}: [")
            names = [c for c, _ in columns]
            converters = [CONVERT.get(kind) for _, kind in columns]
            select = ", ".join(f'"{c}"' for c in names)
            first = True
            for values in con.execute(f'SELECT {select} FROM "{table}" ORDER BY id'):
                row = {n: v if c is None or v is None else c(v) for n, c, v in zip(names, converters, values)}
                f.write(("\n" if first else ",\n") + "      " + dumps(row, ensure_ascii=False))
                first = False
            f.write("]" if first else "\n    ]")
        f.write("\n  }\n}\n")
    con.close()


def _stored(v: object) -> object:
    if isinstance(v, str) and len(v) >= 19 and v[10:11] == "T" and v[4:5] == "-":
        return f"{v[:10]} {v[11:]}"  # as crm stores a datetime on SQLite
    return v


def restore(path: str, db: str) -> None:
    """Read an export line by line and insert its rows with executemany, in one transaction."""
    con = connect(db, mmap=False)
    columns = {t: {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')}
               for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.execute("BEGIN")
    table, names, batch = None, [], []

    def flush() -> None:
        if batch:
            marks = ", ".join("?" * len(names))
            con.executemany(f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({marks})', batch)
            batch.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line.strip()
            if text.startswith("{") and table:
                row = json.loads(text.removesuffix(","))
                if not names:
                    names = list(row)
                    if table == "person" and "name_lower" in columns[table]:  # the derived columns
                        names += ["name_lower", "email_lower"]
                values = [_stored(v) for v in row.values()]
                if len(names) > len(row):
                    values += [row["name"].lower(), row["email"].lower() if row["email"] else None]
                batch.append(values)
                if len(batch) >= BATCH:
                    flush()
            elif text.endswith(": ["):
                table, names = json.loads(text[:-3]), []
            elif text.startswith("]"):
                flush()
                table = None
    con.execute("COMMIT")
    con.close()


def sql(db: str, statements_json: str) -> None:
    """Run each statement and fetch every row."""
    con = connect(db)
    with open(statements_json, encoding="utf-8") as f:
        for statement, params in json.load(f):
            con.execute(statement, params).fetchall()
    con.close()


if __name__ == "__main__":
    {"export": export, "restore": restore, "sql": sql}[sys.argv[1]](*sys.argv[2:])
