"""0002: an index on interaction (person, direction, occurred_at) for "when did we last write to them"."""

from __future__ import annotations

import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Add the index (its name is the one peewee gives the model's index)."""
    migrate(migrator.add_index("interaction", ("person_id", "direction", "occurred_at"), False))
