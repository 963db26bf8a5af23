"""0004: a contact's name and email lower-cased in indexed columns, for finding a contact by either.

`crm contact show "jane doe"` compared LOWER(name) and LOWER(email) row by row (on SQLite a Python
function call each: a million of them at 500,000 contacts); an equality on these columns is an
index seek. The store keeps them current on every write and leaves them out of exports. Filled here
in batches with Python's str.lower, the rule the store uses, on both databases alike.
"""

from __future__ import annotations

import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate

BATCH = 500


def _fill(db: pw.Database) -> None:
    p, last = db.param, 0
    while True:
        rows = db.execute_sql(f'SELECT id, name, email FROM "person" WHERE id > {p} ORDER BY id LIMIT {BATCH}',
                              (last,)).fetchall()
        if not rows:
            return
        values = [(pid, name.lower(), email.lower() if email is not None else None) for pid, name, email in rows]
        if isinstance(db, pw.PostgresqlDatabase):  # one statement a batch, not one round trip a row
            db.execute_sql(f'UPDATE "person" SET name_lower = v.column2, email_lower = v.column3 '
                           f'FROM (VALUES {", ".join([f"({p}, {p}, {p})"] * len(values))}) AS v '
                           f'WHERE "person".id = v.column1', [x for row in values for x in row])
        else:
            db.cursor().executemany('UPDATE "person" SET name_lower = ?, email_lower = ? WHERE id = ?',
                                    [(name, email, pid) for pid, name, email in values])
        last = rows[-1][0]


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Add the two columns, fill them, then index them (index names as peewee gives the model's)."""
    migrate(migrator.add_column("person", "name_lower", pw.TextField(null=True)),
            migrator.add_column("person", "email_lower", pw.TextField(null=True)))
    _fill(db)
    migrate(migrator.add_index("person", ("name_lower",), False),
            migrator.add_index("person", ("email_lower",), False))
