"""0006: the undo journal: one `change` row per command that wrote, one `journal` row per row it touched.

Only the two tables are made here. The triggers that fill them are not frozen in a migration: later
migrations add tables and columns, so `crm.store.journal.install` (re)makes them from the live schema
after every migration has run (PostgreSQL: one plpgsql function and its triggers, remade when the
schema version changes; SQLite: TEMP triggers made by each connection, so another program writing the
file is never refused for want of crm's session). Nothing here is a model that exports carry.
"""

from __future__ import annotations

import peewee as pw
from playhouse.migrate import SchemaMigrator


class Change(pw.Model):
    command = pw.TextField(default="")
    made_at = pw.DateTimeField()
    undone = pw.BooleanField(default=False)

    class Meta:
        table_name = "change"


class Journal(pw.Model):
    change = pw.BigIntegerField(column_name="change_id", index=True)
    table_name = pw.CharField()
    row_key = pw.TextField()
    op = pw.CharField()  # "insert", "update" or "delete"
    old = pw.TextField(null=True)  # the row before an update or delete, as JSON

    class Meta:
        table_name = "journal"


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Make the two journal tables."""
    with db.bind_ctx([Change, Journal]):
        db.create_tables([Change, Journal], safe=True)
