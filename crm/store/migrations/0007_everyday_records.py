"""0007: applications of every kind, a keep-in-touch rhythm, and company keys that read "B.V." as "BV".

- An application no longer needs a posting URL (a referral, a recruiter's message, an emailed CV):
  `application.url` may be NULL (still unique where it is set). On SQLite the NOT NULL goes the way
  SQLite documents for removing a NOT NULL constraint (the stored CREATE TABLE text is edited under
  `writable_schema` and the schema version bumped): no table is rebuilt, so no foreign key fires and
  no trigger is lost. On PostgreSQL it is one ALTER COLUMN.
- Applications carry where they came from (`source`), a salary range with its currency, whether the
  job is remote, tags ("a,b": lower case, sorted, comma-separated) and a description.
- A contact may carry a keep-in-touch rhythm in days (`keep_in_touch_days`): `crm due` brings them up
  when that long has passed since the last exchange.
- Company name keys are recomputed with initials joined ("Acme B.V." and "Acme BV" are one company,
  as "Acme Inc." and "Acme" always were). Where two stored companies now share a key the later one
  keeps its old key: both stay, and `crm company merge` joins them.
"""

from __future__ import annotations

import peewee as pw
from playhouse.migrate import SchemaMigrator

from crm.store.keys import company_key


def _drop_url_not_null(migrator: SchemaMigrator, db: pw.Database) -> None:
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "application" ALTER COLUMN "url" DROP NOT NULL')
        return
    (sql,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'application'").fetchone()
    relaxed = sql.replace('"url" TEXT NOT NULL', '"url" TEXT', 1)
    if relaxed == sql:
        return  # already relaxed (or written by hand): nothing to do
    (version,) = db.execute_sql("PRAGMA schema_version").fetchone()
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'application'", (relaxed,))
        db.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")


def _rekey_companies(db: pw.Database) -> None:
    p = db.param
    rows = db.execute_sql('SELECT id, name, name_key FROM "company" ORDER BY id').fetchall()
    taken = {key for _id, _name, key in rows}
    for company_id, name, key in rows:
        new = company_key(name)
        if new and new != key and new not in taken:
            db.execute_sql(f'UPDATE "company" SET name_key = {p} WHERE id = {p}', (new, company_id))
            taken.discard(key)
            taken.add(new)


# (table, column, type as peewee creates it). Added with plain SQL: playhouse adds a NOT NULL column on
# SQLite by rebuilding the table, and dropping the old table would fire its foreign keys' cascades.
COLUMNS = (
    ("application", "source", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("application", "salary_min", "INTEGER"),
    ("application", "salary_max", "INTEGER"),
    ("application", "currency", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("application", "remote", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("application", "tags", "TEXT NOT NULL DEFAULT ''"),
    ("application", "description", "TEXT NOT NULL DEFAULT ''"),
    ("person", "keep_in_touch_days", "INTEGER"),
)


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    _drop_url_not_null(migrator, db)
    for table, column, kind in COLUMNS:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {kind}')
    _rekey_companies(db)
