"""0001: every table of the first schema, frozen here so later model edits cannot change history."""

from __future__ import annotations

import datetime as dt

import peewee as pw
from playhouse.migrate import SchemaMigrator


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _models(db: pw.Database) -> list[type[pw.Model]]:
    """The schema as of this migration, bound to `db` (a copy, deliberately not crm.store.models)."""

    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Company(Base):
        name = pw.CharField()
        name_key = pw.CharField(unique=True)
        domain = pw.CharField(null=True, unique=True)
        website = pw.TextField(null=True)
        careers_url = pw.TextField(null=True)
        notes = pw.TextField(default="")
        created_at = pw.DateTimeField(default=_now)
        updated_at = pw.DateTimeField(default=_now)

    class Person(Base):
        name = pw.CharField(index=True)
        title = pw.CharField(default="")
        company = pw.ForeignKeyField(Company, null=True, on_delete="SET NULL")
        email = pw.CharField(null=True)
        email_source = pw.CharField(null=True)
        email_confidence = pw.DoubleField(null=True)
        linkedin_url = pw.TextField(null=True)
        phone = pw.CharField(null=True)
        notes = pw.TextField(default="")
        do_not_contact = pw.BooleanField(default=False)
        source = pw.CharField(default="")
        source_url = pw.TextField(null=True)
        is_connection = pw.BooleanField(default=False)
        connected_on = pw.DateField(null=True)
        snoozed_until = pw.DateField(null=True)
        created_at = pw.DateTimeField(default=_now)
        updated_at = pw.DateTimeField(default=_now)

    class Application(Base):
        url = pw.TextField(unique=True)
        title = pw.CharField(default="")
        company = pw.ForeignKeyField(Company, null=True, on_delete="SET NULL")
        department = pw.CharField(default="")
        location = pw.CharField(default="")
        status = pw.CharField(default="saved", index=True)
        applied_on = pw.DateField(null=True)
        decision_on = pw.DateField(null=True)
        notes = pw.TextField(default="")
        created_at = pw.DateTimeField(default=_now)
        updated_at = pw.DateTimeField(default=_now)

    class ApplicationContact(Base):
        application = pw.ForeignKeyField(Application, on_delete="CASCADE")
        person = pw.ForeignKeyField(Person, on_delete="CASCADE")
        role = pw.CharField()
        score = pw.DoubleField(null=True)
        created_at = pw.DateTimeField(default=_now)

        class Meta:
            indexes = ((("application", "person", "role"), True),)

    class Interaction(Base):
        person = pw.ForeignKeyField(Person, on_delete="CASCADE")
        application = pw.ForeignKeyField(Application, null=True, on_delete="SET NULL")
        kind = pw.CharField()
        channel = pw.CharField(default="email")
        direction = pw.CharField(default="out")
        occurred_at = pw.DateTimeField()
        note = pw.TextField(default="")
        created_at = pw.DateTimeField(default=_now)

        class Meta:
            indexes = ((("person", "occurred_at"), False),)

    class StatusChange(Base):
        application = pw.ForeignKeyField(Application, on_delete="CASCADE")
        from_status = pw.CharField(null=True)
        to_status = pw.CharField()
        changed_on = pw.DateField()
        created_at = pw.DateTimeField(default=_now)

    class Interview(Base):
        application = pw.ForeignKeyField(Application, on_delete="CASCADE")
        starts_at = pw.DateTimeField()
        kind = pw.CharField(default="")
        location = pw.CharField(default="")
        notes = pw.TextField(default="")
        created_at = pw.DateTimeField(default=_now)

    class InterviewParticipant(Base):
        interview = pw.ForeignKeyField(Interview, on_delete="CASCADE")
        person = pw.ForeignKeyField(Person, on_delete="CASCADE")

        class Meta:
            indexes = ((("interview", "person"), True),)

    return [Company, Person, Application, ApplicationContact, Interaction, StatusChange, Interview,
            InterviewParticipant]


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Create every table with its indexes, uniques and foreign keys (safe: no error if present)."""
    db.create_tables(_models(db), safe=True)
