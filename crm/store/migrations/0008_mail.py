"""0008: the mailbox sync's tables (crm mail): aliases, folder sync state, logged messages, proposals, bounces.

Side tables rather than new columns on `interaction`: `crm mail forget` drops what the sync stored
(message ids, subjects, snippets, sync state) by deleting rows, and the log itself is untouched.
The models are frozen here as they were at 0008, with stubs for the tables they point at.
"""

from __future__ import annotations


import peewee as pw
from playhouse.migrate import SchemaMigrator



def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Create the five tables with their indexes and foreign keys."""

    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Company(Base):
        pass

    class Person(Base):
        pass

    class Application(Base):
        pass

    class Interaction(Base):
        pass

    class ContactAlias(Base):
        person = pw.ForeignKeyField(Person, on_delete="CASCADE")
        address = pw.CharField(unique=True)
        created_at = pw.DateTimeField()

    class MailFolder(Base):
        account = pw.CharField()
        name = pw.CharField()
        uid_validity = pw.BigIntegerField(null=True)
        last_uid = pw.BigIntegerField(default=0)
        synced_at = pw.DateTimeField(null=True)
        read = pw.IntegerField(default=0)
        logged = pw.IntegerField(default=0)

        class Meta:
            indexes = ((("account", "name"), True),)

    class MailMessage(Base):
        interaction = pw.ForeignKeyField(Interaction, on_delete="CASCADE")
        message_id = pw.TextField(index=True)
        subject = pw.TextField(default="")
        snippet = pw.TextField(default="")
        body = pw.TextField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            indexes = ((("message_id", "interaction"), True),)

    class MailProposal(Base):
        message_id = pw.TextField()
        kind = pw.CharField()
        state = pw.CharField(default="open", index=True)
        application = pw.ForeignKeyField(Application, null=True, on_delete="CASCADE")
        person = pw.ForeignKeyField(Person, null=True, on_delete="CASCADE")
        company = pw.ForeignKeyField(Company, null=True, on_delete="CASCADE")
        day = pw.DateField()
        at = pw.DateTimeField(null=True)
        name = pw.CharField(default="")
        email = pw.CharField(null=True)
        subject = pw.TextField(default="")
        evidence = pw.TextField(default="")
        created_at = pw.DateTimeField()

        class Meta:
            indexes = ((("message_id", "kind"), True),)

    class MailBounce(Base):
        address = pw.CharField(index=True)
        person = pw.ForeignKeyField(Person, null=True, on_delete="SET NULL")
        bounced_on = pw.DateField()
        message_id = pw.TextField()
        reason = pw.TextField(default="")
        created_at = pw.DateTimeField()

        class Meta:
            indexes = ((("address", "message_id"), True),)

    db.create_tables([ContactAlias, MailFolder, MailMessage, MailProposal, MailBounce])
