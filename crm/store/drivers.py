"""peewee without its PostgreSQL and MySQL drivers until a PostgreSQL URL asks for one.

peewee imports every driver it finds when it is first imported (psycopg2 alone costs ~20 ms), yet
almost every command runs on the local SQLite file. So the drivers are hidden while peewee loads,
and psycopg2 is handed to peewee (the module globals and adapter constants it would have set
itself, peewee 4.x) only when a PostgreSQL database is opened. tests/crm/test_docs.py checks that a
SQLite command never loads psycopg2, and the whole store suite runs on PostgreSQL after this.
"""

from __future__ import annotations

import sys

_DRIVERS = ("psycopg2", "psycopg", "psycopg2cffi", "pymysql", "MySQLdb")


def import_peewee() -> None:
    """Import peewee with its optional drivers hidden (nothing to do when something loaded it already)."""
    if "peewee" in sys.modules:
        return
    hidden = [name for name in _DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment] - `import name` now raises ImportError
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


def load_postgres_driver() -> None:
    """Give peewee psycopg2 as its own import would have; ImportError when it is not installed."""
    import peewee

    if peewee.psycopg2 is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid

    register_uuid()
    peewee.psycopg2, peewee.pg_extensions, peewee.pg_register_uuid, peewee.Json_pg2 = (
        psycopg2, extensions, register_uuid, Json)
    adapter = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
