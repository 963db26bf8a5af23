"""0003: posting URLs in their normal form, and a first status change for every application.

Applications saved before posting URLs were normalized (tracking parameters, host case ...) and
lookups saved before the status history began had neither; from now on the store looks a posting
up by its normal form only. Where two old rows normalize to the same URL, the later one keeps its
spelling (they are still two records; `crm app rm` removes one).
"""

from __future__ import annotations

import datetime as dt

import peewee as pw
from playhouse.migrate import SchemaMigrator

from crm.store.keys import normalize_posting_url


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Rewrite each URL whose normal form is free; add the missing first status changes."""
    taken = {url for (url,) in db.execute_sql('SELECT url FROM "application"').fetchall()}
    for app_id, url in db.execute_sql('SELECT id, url FROM "application" ORDER BY id').fetchall():
        normal = normalize_posting_url(url)
        if normal != url and normal not in taken:
            db.execute_sql(f'UPDATE "application" SET url = {db.param} WHERE id = {db.param}', (normal, app_id))
            taken.discard(url)
            taken.add(normal)
    missing = db.execute_sql('SELECT a.id, a.status, a.created_at FROM "application" a WHERE NOT EXISTS '
                             '(SELECT 1 FROM "status_change" s WHERE s.application_id = a.id)').fetchall()
    for app_id, status, created_at in missing:
        day = str(created_at)[:10]
        now = dt.datetime.now().replace(microsecond=0)
        db.execute_sql('INSERT INTO "status_change" (application_id, from_status, to_status, changed_on, created_at) '
                       f"VALUES ({db.param}, NULL, {db.param}, {db.param}, {db.param})",
                       (app_id, status, day, now if isinstance(db, pw.PostgresqlDatabase) else str(now)))
